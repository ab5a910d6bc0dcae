//! The fold: multi-value registers built from ops in any order.
//!
//! A register is one (entity, field). Its heads are the ops on it that no
//! known op supersedes. A delete op takes part in every register of its
//! entity, so its heads live on the entity (`dels`) and are added to each
//! register's own heads when viewed. Because "superseded" is a set union and
//! "seen" dedups by op id, the result does not depend on the order ops
//! arrive in, nor on how often each one arrives.

use super::fxhash::FxMap;
pub(crate) use super::heads::{Head, Heads, TOMB};
use super::line::LineOp;
use super::op::OpId;
use super::seqs::{NONE, SeqMap, SeqSet};
use super::view::{Conflict, FieldView, HeadView};
use serde_json::Value;
use std::cell::{Cell, OnceCell};

/// Marks an op location as an entity (a delete) rather than a register.
pub(crate) const DEL: u32 = 1 << 31;

#[derive(Debug, Default, Clone)]
pub(crate) struct Device {
    pub name: Box<str>,
    /// seq -> index into `State::ops`.
    pub ops: SeqMap,
    /// Seqs some known op supersedes (known or not yet known ops).
    pub sup: SeqSet,
    /// Forks: (seq, op index) of each further op under an id `ops` already
    /// holds one for. Almost always empty, hence a plain list.
    pub forks: Vec<(u32, u32)>,
}

impl Device {
    /// Every op applied under `seq`: the first one, then its forks.
    pub fn versions(&self, seq: u32) -> impl Iterator<Item = u32> + '_ {
        let forks = if self.forks.is_empty() { &[][..] } else { &self.forks[..] };
        self.ops.get(seq).into_iter().chain(forks.iter().filter(move |f| f.0 == seq).map(|f| f.1))
    }
}

/// Where an op lives, in memory and on disk. Values are not kept for
/// superseded ops; history reads them back from `file` at `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OpRec {
    /// Register index, or entity index | DEL for a delete.
    pub loc: u32,
    /// The op applied before this one to the same register (or entity, for
    /// deletes): a chain for history.
    pub prev: u32,
    pub file: u32,
    /// The checksum of the op's line, to tell a copy from a fork.
    pub crc: u32,
    pub off: u64,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Entity {
    /// (field, register) of each register of this entity, sorted by field:
    /// looking a register up is a binary search here, so no global map from
    /// (entity, field) has to be built (nor rebuilt when the cache loads).
    pub regs: Vec<(u32, u32)>,
    pub dels: Heads,
    pub del_last: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct Register {
    pub ent: u32,
    pub field: u32,
    pub heads: Heads,
    pub last: u32,
}

/// Interned strings: index <-> text.
#[derive(Debug, Default, Clone)]
pub(crate) struct Names {
    pub list: Vec<Box<str>>,
    pub index: FxMap<Box<str>, u32>,
}

impl Names {
    pub fn id(&mut self, s: &str) -> (u32, bool) {
        if let Some(&i) = self.index.get(s) {
            return (i, false);
        }
        let i = self.list.len() as u32;
        self.list.push(s.into());
        self.index.insert(s.into(), i);
        (i, true)
    }

    pub fn get(&self, s: &str) -> Option<u32> {
        self.index.get(s).copied()
    }

    pub fn name(&self, i: u32) -> &str {
        &self.list[i as usize]
    }

    pub fn rebuild_index(&mut self) {
        self.index = FxMap::default();
        self.index.reserve(self.list.len());
        for (i, s) in self.list.iter().enumerate() {
            self.index.insert(s.clone(), i as u32);
        }
    }
}

/// Whether an op id was known before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Known {
    /// New: applied.
    No,
    /// The same op (same line) again.
    Same,
    /// Another op under an id already known, from local file `file`: a
    /// fork. [`State::apply`] applies it beside the other(s).
    Fork { file: u32 },
}

#[derive(Debug, Default)]
pub(crate) struct State {
    pub devs: Vec<Device>,
    pub dev_ix: FxMap<Box<str>, u32>,
    pub ops: Vec<OpRec>,
    pub ents: Vec<Entity>,
    pub ent_names: Names,
    pub fields: Names,
    pub authors: Names,
    pub regs: Vec<Register>,
    /// Raw JSON text of values, referred to by heads. Superseded values stay
    /// until the cache is rewritten, which keeps only live ones.
    pub vals: Vec<u8>,
    /// Entity indices sorted by name, built on demand.
    pub sorted: OnceCell<Vec<u32>>,
    /// Open conflicts, counted on demand (or read from the cache) and
    /// forgotten when an op is applied.
    conflicts: Cell<Option<usize>>,
}

impl State {
    pub fn dev_id(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.dev_ix.get(name) {
            return i;
        }
        let i = self.devs.len() as u32;
        self.devs.push(Device { name: name.into(), ..Device::default() });
        self.dev_ix.insert(name.into(), i);
        i
    }

    pub fn dev_name(&self, i: u32) -> &str {
        &self.devs[i as usize].name
    }

    /// The highest seq known from a device, 0 if none.
    pub fn max_seq(&self, dev: &str) -> u32 {
        self.dev_ix.get(dev).map_or(0, |&d| self.devs[d as usize].ops.max_seq())
    }

    /// Runs of a device's missing records (a few at most).
    pub fn gaps(&self, dev: &str) -> Vec<(u32, u32)> {
        self.dev_ix.get(dev).map_or_else(Vec::new, |&d| self.devs[d as usize].ops.gaps(4))
    }

    pub fn op_count(&self) -> usize {
        self.ops.len()
    }

    /// Where the op applied under an id lives (the first one, for a fork).
    pub fn op_rec(&self, dev: &str, seq: u32) -> Option<OpRec> {
        let d = *self.dev_ix.get(dev)?;
        Some(self.ops[self.devs[d as usize].ops.get(seq)? as usize])
    }

    /// Is this op already applied?
    pub fn contains(&self, dev: &str, seq: u32) -> bool {
        self.dev_ix.get(dev).is_some_and(|&d| self.devs[d as usize].ops.get(seq).is_some())
    }

    /// How an op compares with those applied under its id: new, one of
    /// them (same checksum), or a fork of them.
    pub fn known(&self, dev: &str, seq: u32, crc: u32) -> Known {
        let Some(&d) = self.dev_ix.get(dev) else { return Known::No };
        self.known_in(d, seq, crc)
    }

    /// [`State::known`] for device index `d`.
    fn known_in(&self, d: u32, seq: u32, crc: u32) -> Known {
        let dev = &self.devs[d as usize];
        let Some(first) = dev.ops.get(seq) else { return Known::No };
        if dev.versions(seq).any(|i| self.ops[i as usize].crc == crc) {
            return Known::Same;
        }
        Known::Fork { file: self.ops[first as usize].file }
    }

    /// Apply an op found in local file `file` at byte `off`. The same op
    /// again (same checksum) changes nothing. A different op under an id
    /// already known (a fork: a cloned laptop, a forged file) is applied
    /// beside it: both are heads where nothing supersedes them, an op that
    /// supersedes the id supersedes both, so every reader folds the same
    /// state whichever it met first; the caller reports it.
    pub fn apply(&mut self, op: &LineOp<'_>, file: u32, off: u64) -> Known {
        let d = self.dev_id(&op.dev);
        let known = self.known_in(d, op.seq, op.crc);
        if known == Known::Same {
            return known;
        }
        self.conflicts.set(None);
        let idx = self.ops.len() as u32;
        let by = self.authors.id(&op.by).0;
        let (ent, new_ent) = self.ent_names.id(&op.e);
        if new_ent {
            self.ents.push(Entity { del_last: NONE, ..Entity::default() });
            self.sorted.take();
        }
        let (loc, prev) = match &op.set {
            Some((f, _)) => {
                let field = self.fields.id(f).0;
                let r = self.reg_id(ent, field);
                (r, std::mem::replace(&mut self.regs[r as usize].last, idx))
            }
            None => {
                let e = &mut self.ents[ent as usize];
                (ent | DEL, std::mem::replace(&mut e.del_last, idx))
            }
        };
        self.ops.push(OpRec { loc, prev, file, crc: op.crc, off });
        match known {
            Known::Fork { .. } => self.devs[d as usize].forks.push((op.seq, idx)),
            _ => self.devs[d as usize].ops.insert(op.seq, idx),
        }
        for (sd, ss) in &op.sup {
            // Nearly always the op's own device: no lookup.
            let s = if *sd == op.dev { d } else { self.dev_id(sd) };
            if s == d && *ss == op.seq {
                continue;
            }
            let dev = &mut self.devs[s as usize];
            if dev.sup.insert(*ss) {
                let gone: Vec<u32> = dev.versions(*ss).collect();
                for si in gone {
                    self.drop_head(si);
                }
            }
        }
        if !self.devs[d as usize].sup.contains(op.seq) {
            let (off, len) = match &op.set {
                Some((_, v)) => self.push_val(v),
                None => (0, TOMB),
            };
            let head = Head { op: idx, dev: d, seq: op.seq, hlc: op.hlc, by, off, len };
            if loc & DEL != 0 {
                self.ents[(loc & !DEL) as usize].dels.push(head);
            } else {
                self.regs[loc as usize].heads.push(head);
            }
        }
        known
    }

    fn reg_id(&mut self, ent: u32, field: u32) -> u32 {
        let regs = &mut self.ents[ent as usize].regs;
        match regs.binary_search_by_key(&field, |&(f, _)| f) {
            Ok(i) => regs[i].1,
            Err(i) => {
                let r = self.regs.len() as u32;
                regs.insert(i, (field, r));
                self.regs.push(Register { ent, field, heads: Heads::Zero, last: NONE });
                r
            }
        }
    }

    fn drop_head(&mut self, op: u32) {
        let loc = self.ops[op as usize].loc;
        let heads = if loc & DEL != 0 {
            &mut self.ents[(loc & !DEL) as usize].dels
        } else {
            &mut self.regs[loc as usize].heads
        };
        heads.remove_op(op);
    }

    pub fn push_val(&mut self, v: &str) -> (u32, u32) {
        let off = self.vals.len() as u32;
        self.vals.extend_from_slice(v.as_bytes());
        (off, v.len() as u32)
    }

    /// The raw JSON value of a head; `None` for a delete.
    pub fn val(&self, h: &Head) -> Option<&str> {
        std::str::from_utf8(self.val_bytes(h)?).ok()
    }

    /// [`State::val`] as bytes, not checked as text: for copying values
    /// (the cache writes a million of them).
    pub fn val_bytes(&self, h: &Head) -> Option<&[u8]> {
        if h.is_tomb() {
            return None;
        }
        self.vals.get(h.off as usize..(h.off as usize).checked_add(h.len as usize)?)
    }

    fn reg(&self, entity: &str, field: &str) -> Option<&Register> {
        let e = self.ent_names.get(entity)?;
        let f = self.fields.get(field)?;
        let regs = &self.ents[e as usize].regs;
        let i = regs.binary_search_by_key(&f, |&(f, _)| f).ok()?;
        Some(&self.regs[regs[i].1 as usize])
    }

    /// All heads of (entity, field): its own plus the entity's deletes.
    fn heads(&self, entity: &str, field: &str) -> Vec<&Head> {
        let Some(e) = self.ent_names.get(entity) else {
            return Vec::new();
        };
        let ent = &self.ents[e as usize];
        let own = self.reg(entity, field).map(|r| r.heads.as_slice());
        own.unwrap_or_default().iter().chain(ent.dels.iter()).collect()
    }

    pub fn head_id(&self, h: &Head) -> OpId {
        OpId::new(self.dev_name(h.dev), u64::from(h.seq))
    }

    /// What a new set on (entity, field) supersedes.
    pub fn sup_for_set(&self, entity: &str, field: &str) -> Vec<OpId> {
        let mut v: Vec<OpId> = self.heads(entity, field).into_iter().map(|h| self.head_id(h)).collect();
        v.sort();
        // Forks are heads under one id.
        v.dedup();
        v
    }

    /// What a delete of `entity` supersedes: the heads of all its fields.
    pub fn sup_for_delete(&self, entity: &str) -> Vec<OpId> {
        let Some(e) = self.ent_names.get(entity) else {
            return Vec::new();
        };
        let ent = &self.ents[e as usize];
        let mut v: Vec<OpId> = ent
            .regs
            .iter()
            .flat_map(|&(_, r)| self.regs[r as usize].heads.iter())
            .chain(ent.dels.iter())
            .map(|h| self.head_id(h))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    fn head_view(&self, h: &Head) -> HeadView {
        HeadView {
            op: self.head_id(h),
            by: self.authors.name(h.by).to_owned(),
            hlc: h.hlc,
            value: self.val(h).map(parse_raw),
        }
    }

    /// Heads sorted winner first: highest stamp, then highest device id;
    /// forks (one id) by their checksum, so the order never depends on
    /// which one arrived first.
    fn ranked<'a>(&self, mut heads: Vec<&'a Head>) -> Vec<&'a Head> {
        let key = |h: &Head| (h.hlc, self.dev_name(h.dev), h.seq, self.ops[h.op as usize].crc);
        heads.sort_by(|a, b| key(b).cmp(&key(a)));
        heads
    }

    fn view_of(&self, heads: Vec<&Head>) -> Option<FieldView> {
        let heads = self.ranked(heads);
        let w = heads.first()?;
        let alternatives =
            if self.differ(&heads) { heads.iter().map(|h| self.head_view(h)).collect() } else { Vec::new() };
        Some(FieldView {
            value: self.val(w).map(parse_raw),
            op: self.head_id(w),
            by: self.authors.name(w.by).to_owned(),
            hlc: w.hlc,
            alternatives,
        })
    }

    pub fn view(&self, entity: &str, field: &str) -> Option<FieldView> {
        self.view_of(self.heads(entity, field))
    }

    fn is_live(&self, e: u32) -> bool {
        self.ents[e as usize].regs.iter().any(|&(_, r)| !self.regs[r as usize].heads.is_empty())
    }

    pub fn entities(&self, prefix: &str) -> Vec<&str> {
        let sorted = self.sorted.get_or_init(|| {
            let mut v: Vec<u32> = (0..self.ents.len() as u32).collect();
            v.sort_by(|&a, &b| self.ent_names.name(a).cmp(self.ent_names.name(b)));
            v
        });
        let start = sorted.partition_point(|&e| self.ent_names.name(e) < prefix);
        sorted[start..]
            .iter()
            .map(|&e| (e, self.ent_names.name(e)))
            .take_while(|(_, n)| n.starts_with(prefix))
            .filter(|&(e, _)| self.is_live(e))
            .map(|(_, n)| n)
            .collect()
    }

    /// Fields of an entity that hold a value or a conflict, sorted by name.
    pub fn fields(&self, entity: &str) -> Vec<(&str, FieldView)> {
        let Some(e) = self.ent_names.get(entity) else {
            return Vec::new();
        };
        let ent = &self.ents[e as usize];
        let mut out: Vec<(&str, FieldView)> = ent
            .regs
            .iter()
            .map(|&(_, r)| &self.regs[r as usize])
            .filter(|r| !r.heads.is_empty())
            .filter_map(|r| {
                let heads = r.heads.iter().chain(ent.dels.iter()).collect();
                Some((self.fields.name(r.field), self.view_of(heads)?))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }

    pub fn conflicts(&self) -> Vec<Conflict> {
        let mut out = Vec::new();
        for r in &self.regs {
            if r.heads.is_empty() {
                continue;
            }
            let ent = &self.ents[r.ent as usize];
            if r.heads.len() + ent.dels.len() < 2 {
                continue;
            }
            let heads = self.ranked(r.heads.iter().chain(ent.dels.iter()).collect());
            if self.differ(&heads) {
                out.push(Conflict {
                    entity: self.ent_names.name(r.ent).to_owned(),
                    field: self.fields.name(r.field).to_owned(),
                    heads: heads.iter().map(|h| self.head_view(h)).collect(),
                });
            }
        }
        out.sort_by(|a, b| (&a.entity, &a.field).cmp(&(&b.entity, &b.field)));
        out
    }

    pub fn conflict_count(&self) -> usize {
        if let Some(n) = self.conflicts.get() {
            return n;
        }
        let n = self.count_conflicts();
        self.conflicts.set(Some(n));
        n
    }

    /// What the cache says [`State::conflict_count`] is.
    pub fn set_conflict_count(&mut self, n: usize) {
        self.conflicts.set(Some(n));
    }

    fn count_conflicts(&self) -> usize {
        self.regs
            .iter()
            .filter(|r| {
                let ent = &self.ents[r.ent as usize];
                !r.heads.is_empty()
                    && r.heads.len() + ent.dels.len() >= 2
                    && self.differ(&r.heads.iter().chain(ent.dels.iter()).collect::<Vec<_>>())
            })
            .count()
    }

    /// (file, offset) of every op ever applied to (entity, field),
    /// including deletes of the entity, in no particular order.
    pub fn history_locs(&self, entity: &str, field: &str) -> Vec<(u32, u64)> {
        let Some(e) = self.ent_names.get(entity) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut walk = |mut i: u32| {
            while i != NONE {
                let rec = self.ops[i as usize];
                out.push((rec.file, rec.off));
                i = rec.prev;
            }
        };
        if let Some(r) = self.reg(entity, field) {
            walk(r.last);
        }
        walk(self.ents[e as usize].del_last);
        out
    }
}

impl State {
    /// Do these heads hold more than one distinct value? All deletes count
    /// as one value: two concurrent deletes agree.
    fn differ(&self, heads: &[&Head]) -> bool {
        let Some(first) = heads.first() else {
            return false;
        };
        let a = self.val(first);
        heads[1..].iter().any(|h| match (a, self.val(h)) {
            (None, None) => false,
            (Some(a), Some(b)) => a != b && parse_raw(a) != parse_raw(b),
            _ => true,
        })
    }
}

fn parse_raw(raw: &str) -> Value {
    serde_json::from_str(raw).unwrap_or(Value::Null)
}

#[cfg(test)]
#[path = "fold_tests.rs"]
mod tests;
