//! The store: every change is an op in an append-only, per-device JSON
//! Lines file; the state is the fold of all ops known here.
//!
//! See the README ("Sync files") for the on-disk format. Layout of a data
//! directory:
//!
//! ```text
//! <data>/device.json                  this device's id, made once
//! <data>/lock                         held while a writer has the store open
//! <data>/ops/<dev>.<YYYY-MM-N>.jsonl  our journal and copies of imported ops
//! <data>/cache.bin                    folded state + how far each file was read
//! ```

mod cache;
mod error;
mod files;
mod fold;
mod fxhash;
mod heads;
pub mod hlc;
pub mod line;
pub mod op;
mod seqs;
mod sync;
#[doc(hidden)]
pub mod synth;
mod trusted;
mod view;

pub use error::{StoreError, Warning};
pub use files::{Segment, SyncName, parse_name};
pub use hlc::Hlc;
pub use op::{Body, Op, OpId};
pub use sync::SyncReport;
pub use trusted::{AdmitError, Held};
pub use view::{Conflict, FieldView, HeadView, HistoryEntry, Resolution};

use files::{Mark, NewBytes};
use fold::State;
use hlc::{Clock, Observed};
use line::LineError;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fs::{self, File, TryLockError};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

const DEVICE_FILE: &str = "device.json";
const LOCK_FILE: &str = "lock";
const OPS_DIR: &str = "ops";
const CACHE_FILE: &str = "cache.bin";

/// A file in `<data>/ops`, as far as it has been read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LocalFile {
    name: String,
    /// Device named in the file name.
    dev: String,
    seg: Segment,
    mark: Mark,
    /// Highest seq of `dev`'s ops in this file: a copy of that device's
    /// segment elsewhere with fewer ops is stale.
    max_seq: u32,
}

/// An open data directory.
pub struct Store {
    dir: PathBuf,
    ops_dir: PathBuf,
    device: String,
    author: String,
    /// Held for writers; `None` when read-only.
    lock: Option<File>,
    state: State,
    clock: Clock,
    files: Vec<LocalFile>,
    file_ix: HashMap<String, u32>,
    /// How far each file in a sync folder has been read.
    sync_marks: HashMap<PathBuf, Mark>,
    warnings: Vec<Warning>,
    warned: HashSet<Warning>,
    /// The cache on disk is behind the state in memory.
    dirty: bool,
    /// Key, roster and held-aside files (`trusted.rs`).
    trust: trusted::TrustState,
}

fn new_device_id() -> Result<String, StoreError> {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b)
        .map_err(|e| StoreError::write(Path::new(DEVICE_FILE), std::io::Error::other(e.to_string())))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

fn read_device(path: &Path) -> Result<Option<String>, StoreError> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::read(path, e)),
    };
    let bad = |reason: &str| StoreError::BadDeviceFile { path: path.to_owned(), reason: reason.to_owned() };
    let v: Value = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
    let dev = v.get("device").and_then(Value::as_str).unwrap_or_default();
    if !files::is_device_id(dev) {
        return Err(bad("no valid \"device\" id"));
    }
    Ok(Some(dev.to_owned()))
}

impl Store {
    /// Open (creating if needed) a data directory for reading and writing.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        let ops_dir = data_dir.join(OPS_DIR);
        files::create_private_dir(&ops_dir).map_err(|e| StoreError::write(&ops_dir, e))?;
        let lock_path = data_dir.join(LOCK_FILE);
        let (lock, _) = files::open_private(&lock_path).map_err(|e| StoreError::write(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::Locked { dir: data_dir.to_owned() });
            }
            Err(TryLockError::Error(e)) => return Err(StoreError::write(&lock_path, e)),
        }
        let dev_path = data_dir.join(DEVICE_FILE);
        let device = match read_device(&dev_path)? {
            Some(d) => d,
            None => {
                let d = new_device_id()?;
                let body = format!("{{\"v\":1,\"device\":\"{d}\"}}\n");
                files::write_atomic(&dev_path, body.as_bytes()).map_err(|e| StoreError::write(&dev_path, e))?;
                d
            }
        };
        let mut s = Store::blank(data_dir, device, Some(lock));
        s.load(true)?;
        s.init_trust()?;
        Ok(s)
    }

    /// Open without taking the lock; every write is refused. Torn tails are
    /// ignored rather than sealed, and the cache is read but not written.
    pub fn open_read_only(data_dir: &Path) -> Result<Store, StoreError> {
        let ops_dir = data_dir.join(OPS_DIR);
        if !ops_dir.is_dir() {
            return Err(StoreError::NoData { dir: data_dir.to_owned() });
        }
        let device = read_device(&data_dir.join(DEVICE_FILE))?.unwrap_or_default();
        let mut s = Store::blank(data_dir, device, None);
        s.load(false)?;
        Ok(s)
    }

    fn blank(dir: &Path, device: String, lock: Option<File>) -> Store {
        Store {
            dir: dir.to_owned(),
            ops_dir: dir.join(OPS_DIR),
            device,
            author: String::new(),
            lock,
            state: State::default(),
            clock: Clock::default(),
            files: Vec::new(),
            file_ix: HashMap::new(),
            sync_marks: HashMap::new(),
            warnings: Vec::new(),
            warned: HashSet::new(),
            dirty: false,
            trust: trusted::TrustState::default(),
        }
    }

    pub fn device_id(&self) -> &str {
        &self.device
    }

    /// The member id written as `by` on the ops recorded from now on.
    pub fn set_author(&mut self, member_id: &str) {
        self.author = member_id.to_owned();
    }

    pub fn is_read_only(&self) -> bool {
        self.lock.is_none()
    }

    /// Number of distinct ops known.
    pub fn op_count(&self) -> usize {
        self.state.op_count()
    }

    /// The clock's latest stamp.
    pub fn clock(&self) -> Hlc {
        self.clock.last()
    }

    /// Names of the local op files (`<data>/ops/...`).
    fn local_names(&self) -> Result<Vec<(String, SyncName)>, StoreError> {
        let rd = fs::read_dir(&self.ops_dir).map_err(|e| StoreError::read(&self.ops_dir, e))?;
        let mut out = Vec::new();
        for ent in rd {
            let ent = ent.map_err(|e| StoreError::read(&self.ops_dir, e))?;
            let Some(name) = ent.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            if let Some(n) = parse_name(&name).filter(|n| !n.conflict_copy) {
                out.push((name, n));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Cut a local file back to its last complete line, if it ends in
    /// anything else. Only this device writes in `<data>/ops`, so an
    /// unfinished line there is a write that never returned Ok: dropping it
    /// loses nothing that was saved.
    fn seal_tail(&mut self, path: &Path) -> Result<(), StoreError> {
        let torn = files::ends_torn(path).map_err(|e| StoreError::read(path, e))?;
        if !torn {
            return Ok(());
        }
        let data = fs::read(path).map_err(|e| StoreError::read(path, e))?;
        let keep = memchr::memrchr(b'\n', &data).map_or(0, |i| i + 1);
        let f = fs::OpenOptions::new().write(true).open(path).map_err(|e| StoreError::write(path, e))?;
        f.set_len(keep as u64).and_then(|()| f.sync_data()).map_err(|e| StoreError::write(path, e))?;
        self.warn(Warning::SealedTail { file: path.to_owned(), bytes: (data.len() - keep) as u64 });
        Ok(())
    }

    /// Fold local files: from the cache plus new bytes, or from scratch.
    /// With `seal`, torn tails are cut off first ([`Store::seal_tail`]).
    ///
    /// Each file is opened once: a file the cache knows is checked against
    /// its mark (the bytes read before are still there) and its new bytes,
    /// if any, are read in the same step; they show whether it ends torn.
    fn load(&mut self, seal: bool) -> Result<(), StoreError> {
        let names = self.local_names()?;
        let mut cached = cache::load(&self.dir.join(CACHE_FILE), &self.device);
        let by_name: HashMap<&str, u32> = match &cached {
            Some(c) => c.files.iter().enumerate().map(|(i, f)| (f.name.as_str(), i as u32)).collect(),
            None => HashMap::new(),
        };
        let mut pending: Vec<(u32, Vec<u8>)> = Vec::new();
        let mut checked = 0;
        let mut ok = cached.is_some();
        for (name, _) in &names {
            let path = self.ops_dir.join(name);
            let known = if ok { by_name.get(name.as_str()).copied() } else { None };
            let new = match (known, &cached) {
                (Some(i), Some(c)) => match files::read_after(&path, &c.files[i as usize].mark) {
                    Ok(NewBytes::Appended(b)) => Some((i, b)),
                    _ => None,
                },
                _ => None,
            };
            match new {
                Some((i, mut b)) => {
                    checked += 1;
                    if seal && b.last().is_some_and(|&x| x != b'\n') {
                        // The mark ends a line, so the cut stays past it.
                        self.seal_tail(&path)?;
                        b.truncate(memchr::memrchr(b'\n', &b).map_or(0, |j| j + 1));
                    }
                    if !b.is_empty() {
                        pending.push((i, b));
                    }
                }
                None => {
                    if known.is_some() {
                        // Changed under the cache: fold everything from files.
                        ok = false;
                        pending.clear();
                    }
                    if seal {
                        self.seal_tail(&path)?;
                    }
                }
            }
        }
        drop(by_name);
        // A file the cache knows that is gone also means folding from files.
        if let Some(c) = cached.take().filter(|c| ok && checked == c.files.len()) {
            self.state = c.state;
            self.clock = Clock::new(c.clock);
            self.files = c.files;
            self.sync_marks = c.sync_marks;
            for w in c.warnings {
                self.warn(w);
            }
            self.file_ix = self.files.iter().enumerate().map(|(i, f)| (f.name.clone(), i as u32)).collect();
        } else {
            pending.clear();
        }
        self.dirty = !pending.is_empty();
        for (i, data) in pending {
            self.ingest_local(i, &data);
        }
        // Files the cache does not know, one at a time through one buffer:
        // holding them all at once would double the peak memory of a fold.
        let mut buf = Vec::new();
        for (name, n) in names {
            if self.file_ix.contains_key(&name) {
                continue;
            }
            let path = self.ops_dir.join(&name);
            buf.clear();
            File::open(&path).and_then(|mut f| f.read_to_end(&mut buf)).map_err(|e| StoreError::read(&path, e))?;
            let i = self.add_local(name, n);
            self.ingest_local(i, &buf);
            self.dirty = true;
        }
        Ok(())
    }

    fn add_local(&mut self, name: String, n: SyncName) -> u32 {
        let i = self.files.len() as u32;
        self.file_ix.insert(name.clone(), i);
        self.files.push(LocalFile { name, dev: n.dev, seg: n.seg, mark: Mark::default(), max_seq: 0 });
        i
    }

    fn warn(&mut self, w: Warning) -> bool {
        if self.warned.insert(w.clone()) {
            self.warnings.push(w);
            true
        } else {
            false
        }
    }

    /// Apply the complete lines of `data`, which starts at the file's mark.
    fn ingest_local(&mut self, fi: u32, data: &[u8]) -> usize {
        let f = &self.files[fi as usize];
        let (base, first_line) = (f.mark.len, f.mark.lines);
        let path = self.ops_dir.join(&f.name);
        let mut applied = 0;
        let mut start = 0;
        let mut lineno = first_line;
        let wall = hlc::wall_ms();
        for nl in memchr::memchr_iter(b'\n', data) {
            lineno += 1;
            let line = &data[start..nl];
            let off = base + start as u64;
            start = nl + 1;
            if crate::trust::sig::is_sig_line(line) {
                continue;
            }
            match line::decode(line) {
                Ok(op) => {
                    if op.dev == self.files[fi as usize].dev {
                        let f = &mut self.files[fi as usize];
                        f.max_seq = f.max_seq.max(op.seq);
                    }
                    if self.state.apply(&op, fi, off) {
                        applied += 1;
                        self.observe(&op.dev, op.hlc, wall, &path, lineno);
                    }
                }
                Err(e) => {
                    let w = bad_line(&path, lineno, e);
                    self.warn(w);
                }
            }
        }
        self.files[fi as usize].mark.advance(&data[..start], lineno - first_line);
        applied
    }

    fn observe(&mut self, dev: &str, stamp: Hlc, wall: u64, path: &Path, line: u64) {
        if dev == self.device {
            // Our own past stamps: never go back before them.
            self.clock.commit(stamp);
        } else if let Observed::TooFarAhead { ahead_ms } = self.clock.observe(stamp, wall) {
            self.warn(Warning::ClockAhead { file: path.to_owned(), line, device: dev.to_owned(), ahead_ms });
        }
    }

    /// Set a field. The op supersedes every current head of the field.
    pub fn set(&mut self, entity: &str, field: &str, value: Value) -> Result<OpId, StoreError> {
        if field.is_empty() {
            return Err(StoreError::EmptyName);
        }
        let sup = self.state.sup_for_set(entity, field);
        self.record(entity, sup, Body::Set { f: field.to_owned(), val: value })
    }

    /// Delete an entity: a tombstone superseding the heads of all its fields.
    pub fn delete(&mut self, entity: &str) -> Result<OpId, StoreError> {
        let sup = self.state.sup_for_delete(entity);
        self.record(entity, sup, Body::Del)
    }

    /// Settle a field: a new op superseding all its heads.
    pub fn resolve(&mut self, entity: &str, field: &str, choice: Resolution) -> Result<OpId, StoreError> {
        match choice {
            Resolution::Value(v) => self.set(entity, field, v),
            Resolution::Delete => self.delete(entity),
        }
    }

    fn record(&mut self, entity: &str, sup: Vec<OpId>, body: Body) -> Result<OpId, StoreError> {
        if self.lock.is_none() {
            return Err(StoreError::ReadOnly);
        }
        if entity.is_empty() {
            return Err(StoreError::EmptyName);
        }
        let wall = hlc::wall_ms();
        let stamp = self.clock.peek(wall);
        let op = Op {
            dev: self.device.clone(),
            seq: u64::from(self.state.max_seq(&self.device)) + 1,
            hlc: stamp,
            by: self.author.clone(),
            sup,
            e: entity.to_owned(),
            body,
        };
        let text = line::encode(&op);
        let known_files = self.files.len();
        let fi = self.journal_for(wall, text.len() as u64);
        let path = self.ops_dir.join(&self.files[fi as usize].name);
        if let Err(e) = files::append_durable(&path, self.files[fi as usize].mark.len, text.as_bytes()) {
            // Forget a segment we meant to start, so nothing refers to it.
            if self.files.len() > known_files && !path.exists() {
                let f = self.files.pop();
                if let Some(f) = f {
                    self.file_ix.remove(&f.name);
                }
            }
            return Err(StoreError::write(&path, e));
        }
        self.ingest_local(fi, text.as_bytes());
        self.clock.commit(stamp);
        self.dirty = true;
        Ok(op.id())
    }

    /// The local file our next op goes to: the latest own segment, or a new
    /// one when the month changed or the latest is full.
    fn journal_for(&mut self, wall: u64, add: u64) -> u32 {
        let now = Segment::for_time(wall);
        let latest = self.files.iter().enumerate().filter(|(_, f)| f.dev == self.device).max_by_key(|(_, f)| f.seg);
        let seg = match latest {
            None => now,
            Some((_, f)) if (now.year, now.month) > (f.seg.year, f.seg.month) => now,
            Some((_, f)) if f.mark.len > 0 && f.mark.len + add > files::SEGMENT_MAX => {
                Segment { n: f.seg.n + 1, ..f.seg }
            }
            Some((i, _)) => return i as u32,
        };
        let name = files::file_name(&self.device, seg);
        match self.file_ix.get(&name) {
            Some(&i) => i,
            None => self.add_local(name, SyncName { dev: self.device.clone(), seg, conflict_copy: false }),
        }
    }

    /// The folded state of a field; `value` is `None` when it was deleted.
    pub fn get(&self, entity: &str, field: &str) -> Option<FieldView> {
        self.state.view(entity, field)
    }

    /// Live (not deleted) entities whose id starts with `prefix`, sorted.
    pub fn entities(&self, prefix: &str) -> Vec<&str> {
        self.state.entities(prefix)
    }

    /// Fields of an entity holding a value or a conflict, sorted by name.
    pub fn fields(&self, entity: &str) -> Vec<(&str, FieldView)> {
        self.state.fields(entity)
    }

    /// Every op ever applied to a field (deletes of the entity included),
    /// oldest first. Values are read back from the local files.
    pub fn history(&self, entity: &str, field: &str) -> Vec<HistoryEntry> {
        let mut locs = self.state.history_locs(entity, field);
        locs.sort_unstable();
        let mut out = Vec::new();
        let mut reader: Option<(u32, BufReader<File>)> = None;
        let mut buf = Vec::new();
        for (fi, off) in locs {
            if reader.as_ref().is_none_or(|(i, _)| *i != fi) {
                let path = self.ops_dir.join(&self.files[fi as usize].name);
                let Ok(f) = File::open(path) else { continue };
                reader = Some((fi, BufReader::new(f)));
            }
            let Some((_, r)) = reader.as_mut() else {
                continue;
            };
            buf.clear();
            if r.seek(SeekFrom::Start(off)).is_err() || r.read_until(b'\n', &mut buf).is_err() {
                continue;
            }
            let Ok(op) = line::decode(buf.strip_suffix(b"\n").unwrap_or(&buf)) else {
                continue;
            };
            let op = op.to_op();
            out.push(HistoryEntry {
                op: op.id(),
                by: op.by,
                hlc: op.hlc,
                value: match op.body {
                    Body::Set { val, .. } => Some(val),
                    Body::Del => None,
                },
            });
        }
        out.sort_by(|a, b| (a.hlc, &a.op).cmp(&(b.hlc, &b.op)));
        out
    }

    /// Every open conflict, sorted by entity and field.
    pub fn conflicts(&self) -> Vec<Conflict> {
        self.state.conflicts()
    }

    /// Everything worth telling the user since the store was opened (and
    /// what the cache remembered from before), oldest first.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Write the cache now (it is also written when the store is dropped).
    pub fn save_cache(&mut self) -> Result<(), StoreError> {
        if self.lock.is_none() || !self.dirty {
            return Ok(());
        }
        let path = self.dir.join(CACHE_FILE);
        cache::save(&path, self).map_err(|e| StoreError::write(&path, e))?;
        self.dirty = false;
        Ok(())
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // The cache only speeds up the next start; files stay the truth.
        let _ = self.save_cache();
    }
}

fn bad_line(path: &Path, line: u64, e: LineError) -> Warning {
    match e {
        LineError::NewerVersion(v) => Warning::NewerVersion { file: path.to_owned(), line, v },
        e => Warning::BadLine { file: path.to_owned(), line, reason: e.to_string() },
    }
}

#[cfg(test)]
mod tests;
