//! Exchanging op files with a sync folder (a USB stick, a Syncthing folder).
//!
//! Only this device writes `DIR/<our device>.<segment>.jsonl`; every other
//! file there is only read. What is read is copied into local storage
//! before it is applied, so removing the stick loses nothing. Nothing here
//! looks at mtimes or permissions: FAT sticks keep neither faithfully.

use super::files::{self, Mark, NewBytes, SyncName};
use super::fxhash::FxSet;
use super::units::{self, Item};
use super::{Store, StoreError, Warning, bad_line, parse_name, trusted};
use crate::lang::Lang;
use crate::trust::{self, Gate, Verdict};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

/// What a sync or import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncReport {
    pub dir: PathBuf,
    /// Devices with a file in the folder (this one included once written).
    pub devices_seen: Vec<String>,
    /// Ops new to this device.
    pub ops_in: usize,
    /// Ops of this device written to the folder.
    pub ops_out: usize,
    /// Open conflicts after the run.
    pub conflicts: usize,
    /// Warnings raised by this run.
    pub warnings: Vec<Warning>,
}

impl SyncReport {
    /// A short multi-line summary for the terminal.
    pub fn render(&self, lang: Lang) -> String {
        let d = self.dir.display();
        let (n, i, o, c) = (self.devices_seen.len(), self.ops_in, self.ops_out, self.conflicts);
        let mut s = match lang {
            Lang::Vi => format!(
                "Thư mục đồng bộ: {d}\nSố thiết bị có tệp: {n}\nBản ghi nhận vào: {i}\nBản ghi ghi ra: {o}\nXung đột chưa giải quyết: {c}\nCảnh báo: {}\n",
                self.warnings.len()
            ),
            Lang::En => format!(
                "Sync folder: {d}\nDevices with files: {n}\nOps in: {i}\nOps out: {o}\nOpen conflicts: {c}\nWarnings: {}\n",
                self.warnings.len()
            ),
        };
        for w in &self.warnings {
            s.push_str("  - ");
            s.push_str(&w.message(lang));
            s.push('\n');
        }
        s
    }
}

/// New lines found in the folder, grouped by the local file they go to.
#[derive(Default)]
struct Batch {
    groups: BTreeMap<String, (SyncName, Vec<u8>)>,
    seen: FxSet<(String, u32)>,
}

impl Store {
    /// Write this device's ops into `dir`, then take in every other device's.
    /// Running it twice in a row changes nothing the second time.
    pub fn sync(&mut self, dir: &Path) -> Result<SyncReport, StoreError> {
        let mut report = self.import(dir)?;
        let before = self.warnings.len();
        report.ops_out = self.export(dir)?;
        report.warnings.extend_from_slice(&self.warnings[before..]);
        if report.ops_out > 0 && !report.devices_seen.contains(&self.device) {
            report.devices_seen.push(self.device.clone());
            report.devices_seen.sort();
        }
        Ok(report)
    }

    /// Take in ops from `dir` without writing there (for a watched folder).
    /// Files unchanged since the last call cost one small read each.
    pub fn import(&mut self, dir: &Path) -> Result<SyncReport, StoreError> {
        let mut report = self.import_files(dir)?;
        let before = self.warnings.len();
        // Admissions that came in may release records held aside.
        report.ops_in += self.after_import()?;
        report.warnings.extend_from_slice(&self.warnings[before..]);
        report.conflicts = self.state.conflict_count();
        Ok(report)
    }

    /// [`Store::import`] without looking at the roster afterwards.
    pub(super) fn import_files(&mut self, dir: &Path) -> Result<SyncReport, StoreError> {
        if self.lock.is_none() {
            return Err(StoreError::ReadOnly);
        }
        let before = self.warnings.len();
        let rd = fs::read_dir(dir).map_err(|e| StoreError::read(dir, e))?;
        let mut names: Vec<(String, SyncName)> = Vec::new();
        for ent in rd {
            let ent = ent.map_err(|e| StoreError::read(dir, e))?;
            if let Some(name) = ent.file_name().to_str()
                && let Some(n) = parse_name(name)
            {
                names.push((name.to_owned(), n));
            }
        }
        names.sort();
        let devices: BTreeSet<String> = names.iter().map(|(_, n)| n.dev.clone()).collect();
        let mut batch = Batch::default();
        let mut marks: HashMap<PathBuf, Mark> = HashMap::new();
        for (name, n) in &names {
            let path = dir.join(name);
            if let Some(mark) = self.scan_folder_file(&path, n, &mut batch) {
                marks.insert(path, mark);
            }
        }
        // Local copies first; only then move the marks, so a failed write
        // means the same lines are read again next time.
        let mut ops_in = 0;
        for (canonical, (n, bytes)) in batch.groups {
            let fi = match self.file_ix.get(&canonical) {
                Some(&i) => i,
                None => self.add_local(canonical, n),
            };
            let path = self.ops_dir.join(&self.files[fi as usize].name);
            files::append_durable(&path, self.files[fi as usize].mark.len, &bytes)
                .map_err(|e| StoreError::write(&path, e))?;
            ops_in += self.ingest_local(fi, &bytes);
            self.dirty = true;
        }
        if !marks.is_empty() {
            self.dirty = true;
            self.sync_marks.extend(marks);
        }
        Ok(SyncReport {
            dir: dir.to_owned(),
            devices_seen: devices.into_iter().collect(),
            ops_in,
            ops_out: 0,
            conflicts: self.state.conflict_count(),
            warnings: self.warnings[before..].to_vec(),
        })
    }

    /// Read what is new in one folder file. Returns its new mark, or `None`
    /// when there was nothing new (or it could not be read: warned).
    fn scan_folder_file(&mut self, path: &Path, n: &SyncName, batch: &mut Batch) -> Option<Mark> {
        let old = self.sync_marks.get(path).cloned().unwrap_or_default();
        let (data, mut mark) = match files::read_after(path, &old) {
            Ok(NewBytes::Appended(b)) if b.is_empty() => return None,
            Ok(NewBytes::Appended(b)) => (b, old),
            Ok(NewBytes::Changed) => match fs::read(path) {
                Ok(b) => (b, Mark::default()),
                Err(e) => {
                    self.unreadable(path, &e);
                    return None;
                }
            },
            Err(e) => {
                self.unreadable(path, &e);
                return None;
            }
        };
        let whole = mark.len == 0;
        let ours = n.dev == self.device;
        let mut file_max = 0u32;
        // What the signatures and the roster allow (`trusted.rs`).
        let gate = self.gate(&n.dev);
        let scan = trust::scan(gate, &n.dev, &trusted::signed_name(n), mark.len, &data);
        let member = match gate {
            Gate::Admitted(e) => Some((e.member.clone(), e.removed_after.unwrap_or(u32::MAX))),
            _ => None,
        };
        if let Some(k) = scan.key
            && !ours
        {
            self.saw_key(&n.dev, k);
        }
        for r in &scan.refusals {
            self.refuse(path, mark.lines + r.first as u64 + 1, r.error.code().to_owned());
        }
        let mut held = false;
        let mut refused: Vec<(u64, String)> = Vec::new();
        let done = units::scan(&data[..scan.consumed], mark.lines, |item| match item {
            Item::Unit(unit) => {
                let verdict = |line: u64| scan.verdicts[(line - mark.lines - 1) as usize];
                if unit.iter().any(|en| verdict(en.line) == Verdict::Hold) {
                    held = true;
                    return;
                }
                if unit.iter().any(|en| verdict(en.line) != Verdict::Take) {
                    return;
                }
                if let Some((m, upto)) = &member {
                    // A removed device's later ops wait; an op in another
                    // member's name refuses its whole unit.
                    if unit.iter().any(|en| en.op.seq > *upto) {
                        held = true;
                        return;
                    }
                    if let Some(en) = unit.iter().find(|en| !en.op.by.is_empty() && en.op.by != *m) {
                        refused.push((en.line, format!("by:{}:{m}", en.op.by)));
                        return;
                    }
                }
                for en in unit {
                    if en.op.dev == n.dev {
                        file_max = file_max.max(en.op.seq);
                    }
                }
                // A unit is copied whole (so it stays whole in the local
                // copy) unless every op of it is known already.
                let mut new = false;
                for en in unit {
                    let op = &en.op;
                    new |= !self.state.contains(&op.dev, op.seq) && batch.seen.insert((op.dev.to_string(), op.seq));
                }
                if new {
                    let g = batch.groups.entry(n.canonical()).or_insert_with(|| (n.clone(), Vec::new()));
                    g.1.extend_from_slice(&data[unit[0].start..unit[unit.len() - 1].end]);
                }
            }
            Item::Bad { line, error } => {
                self.warn(bad_line(path, line, error));
            }
            Item::Broken { line, lines } => {
                self.warn(Warning::BrokenBatch { file: path.to_owned(), line, lines });
            }
        });
        for (line, code) in refused {
            self.refuse(path, line, code);
        }
        if held {
            self.hold_copy(path);
        }
        let start = done.bytes;
        let lineno = mark.lines + done.lines;
        // Lines waiting for their signature are not torn.
        let complete = memchr::memrchr(b'\n', &data).map_or(0, |i| i + 1);
        let torn = (scan.consumed - start) + (data.len() - complete);
        // Our own file is repaired by `sync`; anyone else's is left alone.
        if torn > 0 && (!ours || n.conflict_copy) {
            self.warn(Warning::TornTail { file: path.to_owned(), bytes: torn as u64 });
        }
        if whole && !n.conflict_copy && !ours {
            let known = self.file_ix.get(&n.canonical()).map_or(0, |&i| self.files[i as usize].max_seq);
            if file_max < known {
                self.warn(Warning::StaleCopy {
                    file: path.to_owned(),
                    device: n.dev.clone(),
                    file_max: u64::from(file_max),
                    known_max: u64::from(known),
                });
            }
        }
        mark.advance(&data[..start], lineno - mark.lines);
        Some(mark)
    }

    fn unreadable(&mut self, path: &Path, e: &std::io::Error) {
        self.warn(Warning::Unreadable { file: path.to_owned(), error: e.to_string() });
    }

    /// Make `dir` hold exactly our local segments. Returns ops written.
    fn export(&mut self, dir: &Path) -> Result<usize, StoreError> {
        let own: Vec<u32> =
            (0..self.files.len() as u32).filter(|&i| self.files[i as usize].dev == self.device).collect();
        let mut out = 0;
        for fi in own {
            self.sign_own(fi)?;
            let f = &self.files[fi as usize];
            let local_path = self.ops_dir.join(&f.name);
            let mut local = fs::read(&local_path).map_err(|e| StoreError::read(&local_path, e))?;
            local.truncate(f.mark.len as usize);
            let lines = f.mark.lines;
            let path = dir.join(&f.name);
            let remote = match fs::read(&path) {
                Ok(b) => Some(b),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(StoreError::read(&path, e)),
            };
            match remote {
                Some(r) if r == local => {}
                Some(r) if local.starts_with(&r) && (r.is_empty() || r.ends_with(b"\n")) => {
                    let more = &local[r.len()..];
                    files::append_durable(&path, r.len() as u64, more).map_err(|e| StoreError::write(&path, e))?;
                    out += trusted::count_ops(more);
                }
                remote => {
                    crate::disk::write_atomic(&path, &local).map_err(|e| StoreError::write(&path, e))?;
                    let common = match &remote {
                        Some(r) => {
                            let same = r.iter().zip(&local).take_while(|(a, b)| a == b).count();
                            memchr::memrchr(b'\n', &local[..same]).map_or(0, |i| i + 1)
                        }
                        None => 0,
                    };
                    out += trusted::count_ops(&local[common..]);
                    if remote.is_some() {
                        self.warn(Warning::RewroteOwnFile { file: path.clone() });
                    }
                }
            }
            let mut mark = Mark::default();
            mark.advance(&local, lines);
            self.sync_marks.insert(path, mark);
            self.dirty = true;
        }
        Ok(out)
    }
}
