//! The store's side of [`crate::trust`]: signing our files when they go to
//! a sync folder, judging other devices' files on the way in, and the
//! files held aside until their device is admitted.
//!
//! Held-aside files are byte-for-byte copies of the folder files in
//! `<data>/held/`, so their signatures still check once the device is
//! admitted; they are never folded or exported.

use super::files::{self, SyncName};
use super::{Store, StoreError, Warning, line, parse_name};
use crate::trust::keys::{self, DeviceKey};
use crate::trust::roster::{self, Roster};
use crate::trust::{self, Gate, sig};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

pub(super) const HELD_DIR: &str = "held";

#[derive(Default)]
pub(super) struct TrustState {
    /// `None` when read-only.
    key: Option<DeviceKey>,
    legacy: BTreeSet<String>,
    roster: Roster,
    /// Files with lines held aside in the current import.
    held_now: HashSet<PathBuf>,
    /// Every key each device id was seen signing its files with: a
    /// stranger signing under a real device's id adds a key, never hides
    /// the real one from an admission by fingerprint.
    /// (`keys.json`): what an admission by fingerprint looks up.
    seen: BTreeSet<(String, [u8; 32])>,
    /// What is held aside may have changed since [`Store::held_news`].
    held_changed: bool,
}

const SEEN_FILE: &str = "keys.json";

/// Records of a device not in the roster, waiting for an admission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub device: String,
    /// Of the key its files are signed with; `None` for unsigned files.
    pub fingerprint: Option<String>,
    pub records: usize,
}

/// Why an admission or removal could not be made.
#[derive(Debug)]
pub enum AdmitError {
    /// No held or admitted device has this fingerprint.
    NoSuchDevice(String),
    Store(StoreError),
}

impl From<StoreError> for AdmitError {
    fn from(e: StoreError) -> AdmitError {
        AdmitError::Store(e)
    }
}

impl Store {
    /// Read or make this device's key and the list of devices known
    /// before the upgrade. Called once the local files are folded.
    pub(super) fn init_trust(&mut self) -> Result<(), StoreError> {
        let key = DeviceKey::load_or_create(&self.dir, &self.device).map_err(|e| match e {
            keys::KeyError::Io { path, error } => StoreError::write(&path, error),
            keys::KeyError::Bad { path, reason } => StoreError::BadDeviceFile { path, reason },
        })?;
        let me = self.device.clone();
        let known = || self.files.iter().map(|f| f.dev.clone()).filter(|d| *d != me).collect();
        let path = self.dir.join(trust::LEGACY_FILE);
        self.trust.legacy = trust::legacy_devices(&self.dir, known).map_err(|e| StoreError::write(&path, e))?;
        self.trust.key = Some(key);
        self.trust.held_changed = true;
        if let Ok(t) = fs::read_to_string(self.dir.join(SEEN_FILE))
            && let Ok(m) = serde_json::from_str::<Vec<(String, String)>>(&t)
        {
            self.trust.seen = m.into_iter().filter_map(|(d, k)| Some((d, keys::unhex::<32>(&k)?))).collect();
        }
        self.trust.roster = super::roster::read(self);
        Ok(())
    }

    /// This device's key (`None` when opened read-only).
    pub fn device_key(&self) -> Option<&DeviceKey> {
        self.trust.key.as_ref()
    }

    pub fn roster(&self) -> &Roster {
        &self.trust.roster
    }

    pub(super) fn gate(&self, dev: &str) -> Gate<'_> {
        let r = &self.trust.roster;
        if !r.is_on() || dev == self.device {
            return Gate::Open;
        }
        match r.get(dev) {
            Some(e) => Gate::Admitted(e),
            None if self.trust.legacy.contains(dev) => Gate::Legacy,
            None => Gate::Unknown,
        }
    }

    /// Append a signature line to our local file `fi` if ops follow its
    /// last one. One signature per sync, never per keystroke.
    pub(super) fn sign_own(&mut self, fi: u32) -> Result<(), StoreError> {
        let Some(key) = &self.trust.key else { return Ok(()) };
        let f = &self.files[fi as usize];
        // A file of an earlier id is signed with the key kept for it, if any.
        let retired;
        let key = if f.dev == self.device {
            key
        } else {
            match DeviceKey::retired(&self.dir, &f.dev) {
                Some(k) => {
                    retired = k;
                    &retired
                }
                None => return Ok(()),
            }
        };
        let path = self.ops_dir.join(&f.name);
        let mut data = fs::read(&path).map_err(|e| StoreError::read(&path, e))?;
        data.truncate(f.mark.len as usize);
        let from = last_sig_end(&data);
        let batch = &data[from..];
        if batch.is_empty() {
            return Ok(());
        }
        let last = batch[..batch.len() - 1].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let seq = line::decode(&batch[last..batch.len() - 1]).map_or(0, |op| op.seq);
        let text = sig::sign(key, &f.name, from as u64, batch, seq);
        files::append_durable(&path, f.mark.len, text.as_bytes()).map_err(|e| StoreError::write(&path, e))?;
        self.ingest_local(fi, text.as_bytes());
        self.dirty = true;
        Ok(())
    }

    /// Remember the key a device signs with (written at once: a later
    /// `sotay device admit` in another process looks it up).
    pub(super) fn saw_key(&mut self, dev: &str, key: [u8; 32]) {
        if !self.trust.seen.insert((dev.to_owned(), key)) {
            return;
        }
        let m: Vec<(&String, String)> = self.trust.seen.iter().map(|(d, k)| (d, keys::hex(k))).collect();
        let path = self.dir.join(SEEN_FILE);
        let body = serde_json::to_string(&m).unwrap_or_default() + "\n";
        if let Err(e) = crate::disk::write_atomic(&path, body.as_bytes()) {
            self.warn(Warning::Unreadable { file: path, error: e.to_string() });
        }
    }

    /// Keep a byte-for-byte copy of a folder file with held-aside lines.
    pub(super) fn hold_copy(&mut self, path: &Path) {
        self.trust.held_changed = true;
        let held = self.dir.join(HELD_DIR);
        if path.parent() == Some(held.as_path()) {
            self.trust.held_now.insert(path.to_owned());
            return;
        }
        let Some(name) = path.file_name() else { return };
        let copy = held.join(name);
        let res = fs::read(path).and_then(|mut b| {
            b.truncate(memchr::memrchr(b'\n', &b).map_or(0, |i| i + 1));
            crate::disk::create_private_dir(&held)?;
            crate::disk::write_atomic(&copy, &b)
        });
        match res {
            Ok(()) => {
                self.trust.held_now.insert(copy);
            }
            Err(e) => self.unreadable_held(&copy, &e),
        }
    }

    fn unreadable_held(&mut self, path: &Path, e: &std::io::Error) {
        self.warn(Warning::Unreadable { file: path.to_owned(), error: e.to_string() });
    }

    /// Warn about a line refused by the roster or its signature.
    pub(super) fn refuse(&mut self, file: &Path, line: u64, code: String) {
        self.warn(Warning::Untrusted { file: file.to_owned(), line, reason: code });
    }

    /// After an import: if the roster grew, take in what was held aside.
    pub(super) fn after_import(&mut self) -> Result<usize, StoreError> {
        let mut taken = 0;
        // Each round can only admit more devices; ten rounds is plenty for
        // an admission of a leader whose admissions admit others.
        for _ in 0..10 {
            let roster = super::roster::read(self);
            if roster == self.trust.roster {
                break;
            }
            self.trust.roster = roster;
            taken += self.rescan_held()?;
        }
        Ok(taken)
    }

    /// Read every held-aside file again from the start.
    fn rescan_held(&mut self) -> Result<usize, StoreError> {
        let held = self.dir.join(HELD_DIR);
        if !held.is_dir() {
            return Ok(0);
        }
        self.sync_marks.retain(|p, _| p.parent() != Some(held.as_path()));
        self.trust.held_changed = true;
        self.trust.held_now.clear();
        let n = self.import_files(&held)?.ops_in;
        let rd = fs::read_dir(&held).map_err(|e| StoreError::read(&held, e))?;
        for ent in rd.flatten() {
            let p = ent.path();
            if !self.trust.held_now.contains(&p) {
                let _ = fs::remove_file(&p);
                self.sync_marks.remove(&p);
            }
        }
        Ok(n)
    }

    /// [`Store::held`], only when it may have changed since the last call
    /// (a running interface asks after every exchange; reading the held
    /// files every few seconds would cost an idle laptop CPU).
    pub fn held_news(&mut self) -> Option<Vec<Held>> {
        if !std::mem::take(&mut self.trust.held_changed) {
            return None;
        }
        Some(self.held())
    }

    /// Devices with records held aside, and how many of their records are
    /// not in the store.
    pub fn held(&self) -> Vec<Held> {
        let held = self.dir.join(HELD_DIR);
        let Ok(rd) = fs::read_dir(&held) else { return Vec::new() };
        let mut by_dev: BTreeMap<String, (Option<String>, BTreeSet<u32>)> = BTreeMap::new();
        for ent in rd.flatten() {
            let Some(n) = ent.file_name().to_str().and_then(parse_name) else { continue };
            let Ok(data) = fs::read(ent.path()) else { continue };
            let e = by_dev.entry(n.dev.clone()).or_default();
            for l in data.split(|&b| b == b'\n') {
                if sig::is_sig_line(l) {
                    if let Ok(v) = serde_json::from_slice::<Value>(l)
                        && let Some(k) = v.get("key").and_then(Value::as_str).and_then(keys::unhex::<32>)
                        && let Ok(vk) = ed25519_dalek::VerifyingKey::from_bytes(&k)
                    {
                        e.0 = Some(keys::fingerprint(&vk));
                    }
                } else if let Ok(op) = line::decode(l)
                    && op.dev == n.dev
                    && !self.state.contains(&op.dev, op.seq)
                {
                    e.1.insert(op.seq);
                }
            }
        }
        by_dev
            .into_iter()
            .filter(|(_, (_, seqs))| !seqs.is_empty())
            .map(|(device, (fingerprint, seqs))| Held { device, fingerprint, records: seqs.len() })
            .collect()
    }

    /// Admit the device whose key has `fingerprint` as `member`'s: a signed
    /// op like any other, then what it held aside is taken in. Returns the
    /// device id and the number of records taken in.
    pub fn admit(&mut self, fingerprint: &str, member: &str, leader: bool) -> Result<(String, usize), AdmitError> {
        let (dev, key) = self.find_key(fingerprint).ok_or_else(|| AdmitError::NoSuchDevice(fingerprint.to_owned()))?;
        let e = format!("{}{dev}", roster::PREFIX);
        self.set(&e, "key", Value::String(keys::hex(&key)))?;
        self.set(&e, "member", Value::String(member.to_owned()))?;
        if leader {
            self.set(&e, "leader", Value::Bool(true))?;
        }
        if self.get(&e, "removed_after").is_some_and(|v| v.value.is_some()) {
            self.set(&e, "removed_after", Value::Null)?;
        }
        let n = self.after_import()?;
        Ok((dev, n))
    }

    /// Remove a device from the roster: its ops recorded from now on are
    /// held aside. Returns the device id.
    pub fn remove_device(&mut self, fingerprint: &str) -> Result<String, AdmitError> {
        let dev = self
            .trust
            .roster
            .devices
            .iter()
            .find(|(_, e)| {
                ed25519_dalek::VerifyingKey::from_bytes(&e.key).is_ok_and(|k| keys::fingerprint(&k) == fingerprint)
            })
            .map(|(d, _)| d.clone())
            .ok_or_else(|| AdmitError::NoSuchDevice(fingerprint.to_owned()))?;
        let upto = self.state.max_seq(&dev);
        self.set(&format!("{}{dev}", roster::PREFIX), "removed_after", Value::from(upto))?;
        self.trust.roster = super::roster::read(self);
        Ok(dev)
    }

    /// The device and key behind a fingerprint: from a held-aside file's
    /// signature, or the roster (admitting again, as another member).
    fn find_key(&self, fingerprint: &str) -> Option<(String, [u8; 32])> {
        let matches = |k: &[u8; 32]| {
            ed25519_dalek::VerifyingKey::from_bytes(k).is_ok_and(|vk| keys::fingerprint(&vk) == fingerprint)
        };
        for (d, e) in &self.trust.roster.devices {
            if matches(&e.key) {
                return Some((d.clone(), e.key));
            }
        }
        self.trust.seen.iter().find(|(_, k)| matches(k)).map(|(d, k)| (d.clone(), *k))
    }
}

/// Where the bytes after the last signature line of `data` start.
fn last_sig_end(data: &[u8]) -> usize {
    let mut end = data.len();
    while end > 0 {
        let start = data[..end - 1].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        if sig::is_sig_line(&data[start..end - 1]) {
            return end;
        }
        end = start;
    }
    0
}

/// The canonical name a folder file's signatures name.
pub(super) fn signed_name(n: &SyncName) -> String {
    n.canonical()
}

/// Op lines (not signature lines) in complete lines `bytes`.
pub(super) fn count_ops(bytes: &[u8]) -> usize {
    bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty() && !sig::is_sig_line(l)).count()
}
