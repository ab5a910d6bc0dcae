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
mod copy;
mod error;
mod files;
mod fold;
mod fxhash;
mod heads;
pub mod hlc;
mod identity;
mod ingest;
pub mod line;
mod lookup;
pub mod op;
mod raw_line;
mod resolve;
mod roster;
mod seqs;
mod stream;
mod sync;
mod trusted;
mod units;
mod view;

pub use error::{Special, StoreError, Warning};
pub use files::{Segment, SyncName, is_device_id, open_regular, parse_name};
pub use hlc::Hlc;
pub use identity::MACHINE_ENV;
pub use op::{Body, Op, OpId};
pub use sync::SyncReport;
pub use trusted::{AdmitError, Held};
pub use view::{Conflict, FieldView, HeadView, HistoryEntry, Resolution};

use files::{Mark, NewBytes};
use fold::State;
use hlc::Clock;
use ingest::{Applying, bad_line, foreign};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fs::{self, File, TryLockError};
use std::io::Read;
use std::path::{Path, PathBuf};

#[cfg(test)]
use identity::DEVICE_FILE;
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
    /// Ids this data directory wrote under before (`identity.rs`).
    past: Vec<String>,
    /// Why the device id changed at this open, until a sync reports it.
    notice: Option<Warning>,
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

/// How many times (20 ms apart) a busy lock is asked for again: half a second.
const LOCK_TRIES: u32 = 25;

impl Store {
    /// Open (creating if needed) a data directory for reading and writing.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        let ops_dir = data_dir.join(OPS_DIR);
        crate::disk::create_private_dir(&ops_dir).map_err(|e| StoreError::write(&ops_dir, e))?;
        let lock_path = data_dir.join(LOCK_FILE);
        let (lock, _) = files::open_private(&lock_path).map_err(|e| StoreError::write(&lock_path, e))?;
        // A lock held for a moment is not a second instance: a process that
        // is closing, or any child being started anywhere in this program
        // (between fork and exec it holds a copy of every descriptor, the
        // lock's too). Ask again for a short while before saying "in use".
        let mut tries = 0;
        loop {
            match lock.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if tries < LOCK_TRIES => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(StoreError::Locked { dir: data_dir.to_owned() });
                }
                Err(TryLockError::Error(e)) => return Err(StoreError::write(&lock_path, e)),
            }
        }
        let earlier = || {
            let mut v = crate::trust::keys::key_devices(data_dir);
            if let Some(d) = cache::device_of(&data_dir.join(CACHE_FILE))
                && is_device_id(&d)
                && !v.contains(&d)
            {
                v.push(d);
            }
            v
        };
        let ident = identity::establish(data_dir, earlier)?;
        let device = ident.device;
        let mut s = Store::blank(data_dir, device, Some(lock));
        s.past = ident.past;
        if let Some(w) = ident.notice {
            s.warn(w.clone());
            s.notice = Some(w);
        }
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
        let ident = identity::read_only(data_dir)?;
        let mut s = Store::blank(data_dir, ident.device, None);
        s.past = ident.past;
        s.load(false)?;
        Ok(s)
    }

    fn blank(dir: &Path, device: String, lock: Option<File>) -> Store {
        Store {
            dir: dir.to_owned(),
            ops_dir: dir.join(OPS_DIR),
            device,
            past: Vec::new(),
            notice: None,
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

    /// The data directory (where sealed folders are staged, `crate::seal`).
    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    /// Is `dev` this data directory's id, now or before (a copied home,
    /// a lost `device.json`)?
    pub fn is_own(&self, dev: &str) -> bool {
        dev == self.device || self.past.iter().any(|p| p == dev)
    }

    /// The ids this data directory wrote under before its current one.
    pub fn past_ids(&self) -> &[String] {
        &self.past
    }

    /// The member id written as `by` on the ops recorded from now on.
    pub fn set_author(&mut self, member_id: &str) {
        self.author = member_id.to_owned();
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

    /// Cut local file `fi`, read up to `read_len`, back to its mark, if
    /// the read stopped short of that: the rest is an unfinished line or an
    /// unfinished batch. Only this device writes in `<data>/ops`, so that is
    /// a write that never returned Ok: dropping it loses nothing that was
    /// saved, and the next op reuses its seqs without forking anything.
    fn seal_tail(&mut self, fi: u32, read_len: u64) -> Result<(), StoreError> {
        let f = &self.files[fi as usize];
        let keep = f.mark.len;
        if read_len <= keep {
            return Ok(());
        }
        let path = self.ops_dir.join(&f.name);
        let file = fs::OpenOptions::new().write(true).open(&path).map_err(|e| StoreError::write(&path, e))?;
        file.set_len(keep).and_then(|()| file.sync_data()).map_err(|e| StoreError::write(&path, e))?;
        self.warn(Warning::SealedTail { file: path, bytes: read_len - keep });
        Ok(())
    }

    /// Fold local files: from the cache plus new bytes, or from scratch.
    /// With `seal`, torn tails are cut off ([`Store::seal_tail`]).
    ///
    /// Each file is opened once: a file the cache knows is checked against
    /// its mark (the bytes read before are still there) and its new bytes,
    /// if any, are read in the same step; they show whether it ends torn.
    fn load(&mut self, seal: bool) -> Result<(), StoreError> {
        let names = self.local_names()?;
        // Checked while the cache's registers are still being decoded.
        let check = |files: &[LocalFile]| appended(&self.ops_dir, &names, files);
        let mut pending: Vec<(u32, Vec<u8>)> = Vec::new();
        if let Some((c, new)) = cache::load(&self.dir.join(CACHE_FILE), &self.device, check) {
            pending = new;
            self.state = c.state;
            self.clock = Clock::new(c.clock);
            self.files = c.files;
            self.sync_marks = c.sync_marks;
            for w in c.warnings {
                self.warn(w);
            }
            self.file_ix = self.files.iter().enumerate().map(|(i, f)| (f.name.clone(), i as u32)).collect();
        }
        self.dirty = !pending.is_empty();
        for (i, data) in pending {
            let read_len = self.files[i as usize].mark.len + data.len() as u64;
            self.ingest_local(i, &data);
            if seal {
                self.seal_tail(i, read_len)?;
            }
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
            if let Err(e) = files::open_regular(&path).and_then(|(mut f, _)| f.read_to_end(&mut buf)) {
                match files::refused_special(&e) {
                    Some(kind) => {
                        self.warn(Warning::NotRegular { file: path, kind });
                        continue;
                    }
                    None => return Err(StoreError::read(&path, e)),
                }
            }
            let i = self.add_local(name, n);
            self.ingest_local(i, &buf);
            if seal {
                self.seal_tail(i, buf.len() as u64)?;
            }
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

    /// Set a field. The op supersedes every current head of the field.
    pub fn set(&mut self, entity: &str, field: &str, value: Value) -> Result<OpId, StoreError> {
        let mut ids = self.set_many(&[(entity, field, value)])?;
        Ok(ids.remove(0))
    }

    /// Set several fields (of one entity or more) as one batch: one append
    /// and one fsync. After a crash at any point either every change is
    /// there or none is, on this laptop and on every reader of its files.
    /// A field named twice keeps the later value.
    pub fn set_many(&mut self, changes: &[(&str, &str, Value)]) -> Result<Vec<OpId>, StoreError> {
        let base = u64::from(self.state.max_seq(&self.device));
        let mut batch = Vec::with_capacity(changes.len());
        for (i, (entity, field, value)) in changes.iter().enumerate() {
            if field.is_empty() {
                return Err(StoreError::EmptyName);
            }
            line::check_value(value).map_err(|reason| StoreError::BadValue { field: (*field).to_owned(), reason })?;
            let raw = value.to_string();
            crate::schema::check(entity, field, &raw).map_err(|problem| StoreError::WrongKind {
                field: (*field).to_owned(),
                problem,
                got: crate::schema::shown(&raw),
            })?;
            let mut sup = self.state.sup_for_set(entity, field);
            if let Some(j) = changes[..i].iter().rposition(|(e, f, _)| e == entity && f == field) {
                sup.push(OpId::new(&self.device, base + 1 + j as u64));
            }
            batch.push((*entity, sup, Body::Set { f: (*field).to_owned(), val: value.clone() }));
        }
        self.record(batch)
    }

    /// Delete an entity: a tombstone superseding the heads of all its fields.
    pub fn delete(&mut self, entity: &str) -> Result<OpId, StoreError> {
        let sup = self.state.sup_for_delete(entity);
        let mut ids = self.record(vec![(entity, sup, Body::Del)])?;
        Ok(ids.remove(0))
    }

    /// Write ops (entity, superseded heads, body) as one batch of lines
    /// with consecutive seqs, in one append.
    fn record(&mut self, batch: Vec<(&str, Vec<OpId>, Body)>) -> Result<Vec<OpId>, StoreError> {
        if self.lock.is_none() {
            return Err(StoreError::ReadOnly);
        }
        if batch.is_empty() || batch.iter().any(|(e, _, _)| e.is_empty()) {
            return Err(StoreError::EmptyName);
        }
        let wall = hlc::wall_ms();
        let base = u64::from(self.state.max_seq(&self.device));
        let mut clock = Clock::new(self.clock.last());
        let n = batch.len();
        let mut text = String::new();
        let mut ids = Vec::with_capacity(n);
        for (i, (entity, sup, body)) in batch.into_iter().enumerate() {
            let stamp = clock.peek(wall);
            clock.commit(stamp);
            let op = Op {
                dev: self.device.clone(),
                seq: base + 1 + i as u64,
                hlc: stamp,
                by: self.author.clone(),
                sup,
                e: entity.to_owned(),
                body,
            };
            // Batches are a handful of fields; the count fits.
            text.push_str(&line::encode_in_batch(&op, (n - 1 - i) as u32));
            ids.push(op.id());
        }
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
        self.clock.commit(clock.last());
        self.dirty = true;
        Ok(ids)
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

impl Store {
    /// Save the cache and keep the memory for the process's exit to take
    /// back: freeing a million ops' tables one allocation at a time cost a
    /// tenth of a sync with nothing new. Only for a process about to end
    /// (the lock stays held until then).
    pub fn leave_at_exit(mut self) {
        let _ = self.save_cache();
        std::mem::forget(self);
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // The cache only speeds up the next start; files stay the truth.
        let _ = self.save_cache();
    }
}

/// The bytes past the cache's mark in each local file the cache knows
/// (`names`: the files in the ops folder), if every one of them still holds
/// what the cache read; `None` (fold everything from files) if one changed
/// or is gone.
fn appended(ops_dir: &Path, names: &[(String, SyncName)], files: &[LocalFile]) -> Option<Vec<(u32, Vec<u8>)>> {
    let by_name: HashMap<&str, u32> = files.iter().enumerate().map(|(i, f)| (f.name.as_str(), i as u32)).collect();
    let mut pending = Vec::new();
    let mut checked = 0;
    for (name, _) in names {
        let Some(&i) = by_name.get(name.as_str()) else { continue };
        match files::read_after(&ops_dir.join(name), &files[i as usize].mark) {
            Ok(NewBytes::Appended(b)) => {
                checked += 1;
                if !b.is_empty() {
                    pending.push((i, b));
                }
            }
            _ => return None,
        }
    }
    (checked == files.len()).then_some(pending)
}

#[cfg(test)]
mod batch_tests;
#[cfg(test)]
mod tests;
