//! Exchanging op files with a sync folder (a USB stick, a Syncthing folder).
//!
//! Only this device writes `DIR/<our device>.<segment>.jsonl`; every other
//! file there is only read. What is read is copied into local storage
//! before it is applied, so removing the stick loses nothing. Nothing here
//! looks at mtimes or permissions: FAT sticks keep neither faithfully.

use super::copy::{Copies, Local};
use super::files::{self, Mark, SyncName};
use super::fold::Known;
use super::stream::{self, Piece};
use super::units::{self, Consumed, Entry, Item};
use super::{Applying, Store, StoreError, Warning, bad_line, foreign, hlc, parse_name, trusted};
use crate::trust::{self, Gate, Verdict};
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::Read;
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
    /// Our ops could not be written to the folder (they are safe here).
    pub copy_out_failed: bool,
}

impl Store {
    /// Write this device's ops into `dir`, then take in every other device's.
    /// Running it twice in a row changes nothing the second time.
    /// A folder that cannot be written to (read-only, full) does not make
    /// it fail: the report says so ([`SyncReport::copy_out_failed`]) and
    /// still tells what came in.
    pub fn sync(&mut self, dir: &Path) -> Result<SyncReport, StoreError> {
        let mut report = self.import(dir)?;
        // A new device id made when the store was opened is told once.
        if let Some(w) = self.notice.take() {
            report.warnings.insert(0, w);
        }
        let before = self.warnings.len();
        match self.export(dir) {
            Ok(n) => report.ops_out = n,
            Err(StoreError::CopyOut { path, error }) => {
                report.copy_out_failed = true;
                self.warn(Warning::CopyOutFailed { file: path, error: error.to_string() });
            }
            Err(e) => return Err(e),
        }
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
        let mut marks: HashMap<PathBuf, Mark> = HashMap::new();
        let mut copies = Copies::new(&self.ops_dir);
        let mut ops_in = 0;
        for (name, n) in &names {
            let path = dir.join(name);
            let (mark, new) = self.scan_folder_file(&path, n, &mut copies)?;
            ops_in += new;
            if let Some(mark) = mark {
                marks.insert(path, mark);
            }
        }
        // Local copies on disk first; only then move the marks, so a failed
        // write means the same lines are read again next time.
        copies.finish().map_err(|(path, e)| StoreError::write(&path, e))?;
        if !marks.is_empty() {
            self.dirty = true;
            self.sync_marks.extend(marks);
        }
        let mut warnings = self.warnings[before..].to_vec();
        // Gaps change as files arrive, so they are told per run and not
        // kept among the store's warnings.
        for dev in devices.iter().filter(|d| **d != self.device) {
            for (from, to) in self.state.gaps(dev) {
                warnings.push(Warning::SeqGap { device: dev.clone(), from: u64::from(from), to: u64::from(to) });
            }
        }
        Ok(SyncReport {
            dir: dir.to_owned(),
            devices_seen: devices.into_iter().collect(),
            ops_in,
            ops_out: 0,
            // Counted once, by `import`, after what it may release.
            conflicts: 0,
            warnings,
            copy_out_failed: false,
        })
    }

    /// Read what is new in one folder file, in bounded chunks, copying new
    /// units into local storage (made durable by `copies`) and applying them
    /// as decoded, each line decoded once. Returns the file's new mark
    /// (`None` when it was not read: unchanged, or refused and warned) and
    /// the number of ops new here.
    fn scan_folder_file(
        &mut self,
        path: &Path,
        n: &SyncName,
        copies: &mut Copies,
    ) -> Result<(Option<Mark>, usize), StoreError> {
        let (mut file, len) = match files::open_regular(path) {
            Ok(x) => x,
            Err(e) => {
                self.refused(path, &e);
                return Ok((None, 0));
            }
        };
        let old = self.sync_marks.get(path).cloned().unwrap_or_default();
        let mut mark = match stream::continues(&mut file, len, &old) {
            Ok(true) if len == old.seen => return Ok((None, 0)),
            Ok(true) => old,
            Ok(false) => Mark::default(),
            Err(e) => {
                self.refused(path, &e);
                return Ok((None, 0));
            }
        };
        let whole = mark.len == 0;
        let ours = n.dev == self.device;
        let mut file_max = 0u32;
        let mut local: Option<Local> = None;
        let mut ops_in = 0;
        let mut failed: Option<StoreError> = None;
        let signed_name = trusted::signed_name(n);
        let member = match self.gate(&n.dev) {
            Gate::Admitted(e) => Some((e.member.clone(), e.removed_after.unwrap_or(u32::MAX))),
            _ => None,
        };
        let mut held = false;
        let mut refused: Vec<(u64, String)> = Vec::new();
        // Bytes at the end of the last chunk that are not whole lines, or
        // not a whole batch: unfinished (lines waiting for their signature
        // are not).
        let mut torn = 0u64;
        let read = stream::read_chunks(&mut file, len, &mut mark, |m, piece| {
            let buf = match piece {
                Piece::Chunk(buf) => buf,
                Piece::Skipped(item) => {
                    self.skipped(path, item);
                    return Consumed { bytes: 0, lines: 0 };
                }
            };
            // What the signatures and the roster allow (`trusted.rs`).
            let scan = trust::scan(self.gate(&n.dev), &n.dev, &signed_name, m.len, buf);
            if let Some(k) = scan.key
                && !ours
            {
                self.saw_key(&n.dev, k);
            }
            for r in &scan.refusals {
                self.refuse(path, m.lines + r.first as u64 + 1, r.error.code().to_owned());
            }
            let first_line = m.lines;
            // Units new here, to be copied in: their bytes, the line in
            // `path` of each of their lines, and the decoded entries.
            let mut out: Vec<u8> = Vec::new();
            let mut out_lines: Vec<u64> = Vec::new();
            let mut take: Vec<Entry<'_>> = Vec::new();
            let done = units::scan(&buf[..scan.consumed], first_line, |item| {
                let unit = match item {
                    Item::Unit(unit) => unit,
                    other => return self.skipped(path, other),
                };
                let verdict = |line: u64| scan.verdicts[(line - first_line - 1) as usize];
                if unit.iter().any(|en| verdict(en.line) == Verdict::Hold) {
                    held = true;
                    return;
                }
                if unit.iter().any(|en| verdict(en.line) != Verdict::Take) {
                    return;
                }
                if let Some(w) = foreign(unit, &n.dev, path) {
                    self.warn(w);
                    return;
                }
                if let Some((mem, upto)) = &member {
                    // A removed device's later ops wait; an op in another
                    // member's name refuses its whole unit.
                    if unit.iter().any(|en| en.op.seq > *upto) {
                        held = true;
                        return;
                    }
                    if let Some(en) = unit.iter().find(|en| !en.op.by.is_empty() && en.op.by != *mem) {
                        refused.push((en.line, format!("by:{}:{mem}", en.op.by)));
                        return;
                    }
                }
                // Forks are copied in too and told when applied, which also
                // sees two versions that arrive in one read.
                let new = unit.iter().any(|en| {
                    file_max = file_max.max(en.op.seq);
                    self.state.known(&en.op.dev, en.op.seq, en.op.crc) != Known::Same
                });
                // A unit is copied whole, so it stays whole in the copy.
                if new && failed.is_none() {
                    let (from, at) = (unit[0].start, out.len());
                    out.extend_from_slice(&buf[from..unit[unit.len() - 1].end]);
                    out_lines.extend(unit.iter().map(|en| en.line));
                    take.extend(unit.drain(..).map(|mut en| {
                        (en.start, en.end) = (en.start - from + at, en.end - from + at);
                        en
                    }));
                }
            });
            // Copied in and applied while the chunk's lines are decoded:
            // memory stays at a chunk whatever the file's size.
            if !take.is_empty() {
                match self.copy_in(n, &out, path, &out_lines, &mut take, copies, &mut local) {
                    Ok(k) => ops_in += k,
                    Err(e) => failed = Some(e),
                }
            }
            let complete = memchr::memrchr(b'\n', buf).map_or(0, |i| i + 1);
            torn = ((scan.consumed - done.bytes) + (buf.len() - complete)) as u64;
            done
        });
        for (line, code) in refused {
            self.refuse(path, line, code);
        }
        if held {
            self.hold_copy(path);
        }
        if let Some(l) = local {
            copies.done(l);
        }
        if let Some(e) = failed {
            return Err(e);
        }
        if let Err(e) = read {
            self.refused(path, &e);
            // What was copied in stays (it is whole units); the file is read
            // again from the old mark next time.
            return Ok((None, ops_in));
        }
        // Our own file is repaired by `sync`; anyone else's is left alone.
        if torn > 0 && (!ours || n.conflict_copy) {
            self.warn(Warning::TornTail { file: path.to_owned(), bytes: torn });
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
        Ok((Some(mark), ops_in))
    }

    /// Append whole units read from folder file `from` (line `lines[i]` of
    /// it is the i-th line of `bytes`, decoded as `entries[i]`, whose byte
    /// range is in `bytes`) to the local copy of its device's segment
    /// (`local`, opened on first use), and apply them. Returns the ops new
    /// here.
    #[allow(clippy::too_many_arguments)]
    fn copy_in(
        &mut self,
        n: &SyncName,
        bytes: &[u8],
        from: &Path,
        lines: &[u64],
        entries: &mut [Entry<'_>],
        copies: &mut Copies,
        local: &mut Option<Local>,
    ) -> Result<usize, StoreError> {
        let canonical = n.canonical();
        let fi = match self.file_ix.get(&canonical) {
            Some(&i) => i,
            None => self.add_local(canonical, n.clone()),
        };
        let f = &self.files[fi as usize];
        let (base, first_line) = (f.mark.len, f.mark.lines);
        let file = match local {
            Some(l) if l.fi == fi => l,
            _ => {
                if let Some(l) = local.take() {
                    copies.done(l);
                }
                let opened = copies.open(fi, &f.name, base).map_err(|(p, e)| StoreError::write(&p, e))?;
                local.insert(opened)
            }
        };
        file.write(bytes).map_err(|(p, e)| StoreError::write(&p, e))?;
        self.dirty = true;
        // Line numbers in the local copy.
        for (k, en) in entries.iter_mut().enumerate() {
            en.line = first_line + k as u64 + 1;
        }
        let path = self.ops_dir.join(&self.files[fi as usize].name);
        let at = Applying { fi, base, first_line, wall: hlc::wall_ms(), path: &path, source: Some((from, lines)) };
        let applied = self.apply_entries(entries, &at);
        self.files[fi as usize].mark.advance(bytes, lines.len() as u64);
        Ok(applied)
    }

    /// Warn about a line or batch not taken in.
    fn skipped(&mut self, path: &Path, item: Item<'_, '_>) {
        match item {
            Item::Bad { line, error } => {
                self.warn(bad_line(path, line, error));
            }
            Item::Broken { line, lines } => {
                self.warn(Warning::BrokenBatch { file: path.to_owned(), line, lines });
            }
            Item::Unit(_) => {}
        }
    }

    /// Warn about a folder file that could not be read or was refused.
    fn refused(&mut self, path: &Path, e: &std::io::Error) {
        match files::refused_special(e) {
            Some(kind) => {
                self.warn(Warning::NotRegular { file: path.to_owned(), kind });
            }
            None => self.unreadable(path, e),
        }
    }

    fn unreadable(&mut self, path: &Path, e: &std::io::Error) {
        self.warn(Warning::Unreadable { file: path.to_owned(), error: e.to_string() });
    }

    /// Make `dir` hold exactly our local segments. Returns ops written.
    /// An entry there named like one of our files but not a regular file is
    /// never written through: it is reported and left alone.
    fn export(&mut self, dir: &Path) -> Result<usize, StoreError> {
        let own: Vec<u32> =
            (0..self.files.len() as u32).filter(|&i| self.is_own(&self.files[i as usize].dev)).collect();
        let mut out = 0;
        for fi in own {
            self.sign_own(fi)?;
            let f = &self.files[fi as usize];
            // A file of an id this directory wrote under before: a clone of
            // this home may still write it, so the folder's copy is only
            // ever made or extended, never replaced.
            let past = f.dev != self.device;
            let local_path = self.ops_dir.join(&f.name);
            let len = f.mark.len;
            let lines = f.mark.lines;
            let mut local = Vec::new();
            files::open_regular(&local_path)
                .and_then(|(file, _)| file.take(len).read_to_end(&mut local))
                .map_err(|e| StoreError::read(&local_path, e))?;
            let path = dir.join(&f.name);
            let remote = match files::open_regular(&path) {
                // Longer than ours: not a copy of it, no need to read it.
                Ok((_, rlen)) if rlen > len => Some(Vec::new()),
                Ok((mut file, _)) => {
                    let mut r = Vec::new();
                    file.read_to_end(&mut r).map_err(|e| StoreError::read(&path, e))?;
                    Some(r)
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => match files::refused_special(&e) {
                    Some(kind) => {
                        self.warn(Warning::NotRegular { file: path, kind });
                        continue;
                    }
                    None => return Err(StoreError::read(&path, e)),
                },
            };
            match remote {
                Some(r) if r == local => {}
                Some(r) if past && !(local.starts_with(&r) && (r.is_empty() || r.ends_with(b"\n"))) => continue,
                Some(r) if local.starts_with(&r) && (r.is_empty() || r.ends_with(b"\n")) => {
                    let more = &local[r.len()..];
                    files::append_durable(&path, r.len() as u64, more).map_err(|e| copy_out(&path, e))?;
                    out += trusted::count_ops(more);
                }
                remote => {
                    crate::disk::write_atomic(&path, &local).map_err(|e| copy_out(&path, e))?;
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
            mark.seen = len;
            self.sync_marks.insert(path, mark);
            self.dirty = true;
        }
        Ok(out)
    }
}

/// Writing to the folder failed: the ops are safe on this laptop.
fn copy_out(path: &Path, error: std::io::Error) -> StoreError {
    StoreError::CopyOut { path: path.to_owned(), error }
}
