//! The start-up cache: the folded state and how far each file was read.
//!
//! A hand-written little-endian binary layout, because parsing a JSON dump
//! of a million-op state would cost more than the 100 ms a start may take.
//! The whole body is covered by a crc32; anything unexpected (bad crc, other
//! device, other version, an index outside its table) means "no cache" and
//! the store folds from files. It is a cache only: deleting it loses nothing.
//!
//! The body is two parts read at once on two threads: the registers (half
//! the bytes) and everything else. The table sizes come first, so each part
//! checks its own indices while it decodes them.

mod rw;

use super::files::{Mark, Segment};
use super::fold::{Device, Entity, Head, OpRec, Register, State};
use super::fxhash::{FxMap, FxSet};
use super::hlc::Hlc;
use super::seqs::{NONE, SeqMap, SeqSet};
use super::{LocalFile, Store, Warning};
use rw::{R, W};
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 12] = b"SOTAYCACHE7\n";
/// Magic, body length, crc of the body, length of the body's first part.
pub(super) const HEADER: usize = 32;

pub(super) struct Cached {
    pub state: State,
    pub clock: Hlc,
    pub files: Vec<LocalFile>,
    pub sync_marks: HashMap<PathBuf, Mark>,
    pub warnings: Vec<Warning>,
}

/// Table sizes, written before the tables so both parts can check the
/// indices they read without waiting for the other.
#[derive(Clone, Copy)]
struct Counts {
    files: u32,
    devs: u32,
    ops: u32,
    ents: u32,
    fields: u32,
    authors: u32,
    regs: u32,
    vals: u32,
    /// Open conflicts: the store reports them after every sync, and
    /// counting them means visiting every register.
    conflicts: u32,
}

impl Counts {
    fn of(s: &Store, vals: usize) -> Counts {
        let st = &s.state;
        let n = |x: usize| x as u32;
        Counts {
            files: n(s.files.len()),
            devs: n(st.devs.len()),
            ops: n(st.ops.len()),
            ents: n(st.ents.len()),
            fields: n(st.fields.list.len()),
            authors: n(st.authors.list.len()),
            regs: n(st.regs.len()),
            vals: n(vals),
            conflicts: n(st.conflict_count()),
        }
    }

    fn write(&self, w: &mut W) {
        let c = self;
        for v in [c.files, c.devs, c.ops, c.ents, c.fields, c.authors, c.regs, c.vals, c.conflicts] {
            w.u32(v);
        }
    }

    fn read<S: Read>(r: &mut R<S>) -> Option<Counts> {
        Some(Counts {
            files: r.u32()?,
            devs: r.u32()?,
            ops: r.u32()?,
            ents: r.u32()?,
            fields: r.u32()?,
            authors: r.u32()?,
            regs: r.u32()?,
            vals: r.u32()?,
            conflicts: r.u32()?,
        })
    }

    fn op_ok(&self, i: u32) -> bool {
        i == NONE || i < self.ops
    }

    fn head_ok(&self, h: &Head) -> bool {
        h.op < self.ops && h.dev < self.devs && h.by < self.authors
    }
}

pub(super) fn save(path: &Path, s: &Store) -> std::io::Result<()> {
    let st = &s.state;
    let mut w = W(Vec::with_capacity(HEADER + st.ops.len() * 24 + st.regs.len() * 48));
    // The header (magic, body length, crc, split) is filled in at the end,
    // so the body is never copied.
    w.0.resize(HEADER, 0);
    w.str(&s.device);
    // The live values as one block, in the order the heads are written
    // below: superseded values are left out, and loading is one copy.
    let live = || {
        let dels = st.ents.iter().flat_map(|e| e.dels.iter());
        dels.chain(st.regs.iter().flat_map(|r| r.heads.iter())).filter_map(|h| st.val_bytes(h))
    };
    let vals_len: usize = live().map(<[u8]>::len).sum();
    Counts::of(s, vals_len).write(&mut w);
    w.hlc(s.clock.last());
    for f in &s.files {
        w.str(&f.name);
        w.str(&f.dev);
        w.u32(u32::from(f.seg.year));
        w.u8(f.seg.month);
        w.u32(f.seg.n);
        w.mark(&f.mark);
        w.u32(f.max_seq);
    }
    w.len(s.sync_marks.len());
    for (p, m) in &s.sync_marks {
        w.path(p);
        w.mark(m);
    }
    w.len(s.warnings.len());
    for x in &s.warnings {
        w.warning(x);
    }
    for d in &st.devs {
        w.str(&d.name);
        w.len(d.ops.dense.len());
        d.ops.dense.iter().for_each(|&v| w.u32(v));
        w.len(d.ops.sparse.len());
        for (&k, &v) in &d.ops.sparse {
            w.u32(k);
            w.u32(v);
        }
        w.len(d.sup.bits.len());
        d.sup.bits.iter().for_each(|&v| w.u64(v));
        w.len(d.sup.sparse.len());
        d.sup.sparse.iter().for_each(|&v| w.u32(v));
        w.len(d.forks.len());
        for &(s, o) in &d.forks {
            w.u32(s);
            w.u32(o);
        }
    }
    for o in &st.ops {
        w.u32(o.loc);
        w.u32(o.prev);
        w.u32(o.file);
        w.u32(o.crc);
        w.u64(o.off);
    }
    w.0.reserve(vals_len);
    live().for_each(|v| w.0.extend_from_slice(v));
    let mut next_val = 0;
    w.names(&st.ent_names);
    for e in &st.ents {
        w.u32(e.del_last);
        w.heads(st, &e.dels, &mut next_val);
    }
    w.names(&st.fields);
    w.names(&st.authors);
    // The second part: the registers, then each entity's (field,
    // register) list, sorted (rebuilding and sorting them took a tenth of
    // a start).
    let split = (w.0.len() - HEADER) as u64;
    for r in &st.regs {
        w.u32(r.ent);
        w.u32(r.field);
        w.u32(r.last);
        w.heads(st, &r.heads, &mut next_val);
    }
    for e in &st.ents {
        w.len(e.regs.len());
        for &(f, r) in &e.regs {
            w.u32(f);
            w.u32(r);
        }
    }
    let mut out = w.0;
    let body_len = (out.len() - HEADER) as u64;
    let crc = crc32fast::hash(&out[HEADER..]);
    out[..12].copy_from_slice(MAGIC);
    out[12..20].copy_from_slice(&body_len.to_le_bytes());
    out[20..24].copy_from_slice(&crc.to_le_bytes());
    out[24..32].copy_from_slice(&split.to_le_bytes());
    // No fsync: a cache lost in a power cut is rebuilt from the files.
    crate::disk::write_atomic_fast(path, &out)
}

/// The header's body length, crc and split, if the magic is right.
fn header(f: &mut File) -> Option<(u64, u32, u64)> {
    let mut head = [0u8; HEADER];
    f.read_exact(&mut head).ok()?;
    let rest = head.strip_prefix(MAGIC.as_slice())?;
    let len = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
    let crc = u32::from_le_bytes(rest.get(8..12)?.try_into().ok()?);
    let split = u64::from_le_bytes(rest.get(12..20)?.try_into().ok()?);
    (split <= len).then_some((len, crc, split))
}

/// The device a cache was written for, without reading the rest: a
/// data directory whose `device.json` went missing learns from it which id
/// it wrote under.
pub(super) fn device_of(path: &Path) -> Option<String> {
    let mut f = File::open(path).ok()?;
    let (_, _, split) = header(&mut f)?;
    let mut r = R::new(f, split);
    r.str().map(str::to_owned)
}

/// Read the cache if it is whole and belongs to `device`, and if
/// `files_hold` says the local files still hold what it read (given the
/// files it knows, on this thread while the registers are decoded on
/// another). Returns what that said, too.
pub(super) fn load<T>(
    path: &Path,
    device: &str,
    files_hold: impl FnOnce(&[LocalFile]) -> Option<T>,
) -> Option<(Cached, T)> {
    let mut f = File::open(path).ok()?;
    let (len, crc, split) = header(&mut f)?;
    if f.metadata().ok()?.len() != HEADER as u64 + len {
        return None;
    }
    let mut a = R::new(f, split);
    if a.str()? != device {
        return None;
    }
    let counts = Counts::read(&mut a)?;
    // The second part through its own handle, on a second core.
    let second = move || {
        let mut f = File::open(path).ok()?;
        f.seek(SeekFrom::Start(HEADER as u64 + split)).ok()?;
        let mut r = R::new(f, len - split);
        let regs = decode_regs(&mut r, &counts)?;
        (r.remaining() == 0).then_some((regs, r.crc))
    };
    let (first, second) = std::thread::scope(|sc| {
        let thread = std::thread::Builder::new().spawn_scoped(sc, second);
        let first = decode_rest(&mut a, &counts).and_then(|c| {
            let held = files_hold(&c.files)?;
            Some((c, held))
        });
        let second = match thread {
            Ok(t) => t.join().ok().flatten(),
            // No thread to be had: one after the other.
            Err(_) => second(),
        };
        (first, second)
    });
    let ((mut c, held), (regs, crc_b)) = (first?, second?);
    // Decoded whole, but only trusted if the crc over every byte matches.
    if a.remaining() != 0 {
        return None;
    }
    let mut crc_a = a.crc;
    crc_a.combine(&crc_b);
    if crc_a.finalize() != crc {
        return None;
    }
    let (regs, lists) = regs;
    c.state.regs = regs;
    for (e, l) in c.state.ents.iter_mut().zip(lists) {
        e.regs = l;
    }
    c.state.set_conflict_count(counts.conflicts as usize);
    Some((c, held))
}

/// The registers and each entity's (field, register) list: the second
/// part, checked against `counts`.
type Regs = (Vec<Register>, Vec<Vec<(u32, u32)>>);

fn decode_regs<S: Read>(r: &mut R<S>, counts: &Counts) -> Option<Regs> {
    let nr = counts.regs as usize;
    let vals_len = counts.vals as usize;
    let mut regs = Vec::with_capacity(nr.min(r.remaining() as usize / 16));
    for _ in 0..nr {
        let reg = Register { ent: r.u32()?, field: r.u32()?, last: r.u32()?, heads: r.heads(vals_len)? };
        let ok = reg.ent < counts.ents
            && reg.field < counts.fields
            && counts.op_ok(reg.last)
            && reg.heads.iter().all(|h| counts.head_ok(h));
        if !ok {
            return None;
        }
        regs.push(reg);
    }
    // Each register in one list, once; each list sorted by field without
    // repeats. (Whether a register's entity and field match its list is
    // left to the crc: checking it costs a cache miss per register.)
    let mut seen = vec![0u64; nr.div_ceil(64)];
    let mut listed = 0usize;
    let ne = counts.ents as usize;
    let mut lists = Vec::with_capacity(ne.min(r.remaining() as usize / 4));
    for _ in 0..ne {
        let n = r.len(8)?;
        let raw = r.take(n * 8)?;
        let u = |c: &[u8], i: usize| u32::from_le_bytes([c[i], c[i + 1], c[i + 2], c[i + 3]]);
        let list: Vec<(u32, u32)> = raw.chunks_exact(8).map(|c| (u(c, 0), u(c, 4))).collect();
        for &(_, i) in &list {
            let (w, bit) = (i as usize / 64, 1u64 << (i % 64));
            if i as usize >= nr || seen[w] & bit != 0 {
                return None;
            }
            seen[w] |= bit;
        }
        if !list.windows(2).all(|w| w[0].0 < w[1].0) {
            return None;
        }
        listed += n;
        lists.push(list);
    }
    (listed == nr).then_some((regs, lists))
}

/// Everything but the registers: the first part, checked against `counts`
/// (the device id was read already).
fn decode_rest<S: Read>(r: &mut R<S>, counts: &Counts) -> Option<Cached> {
    let clock = r.hlc()?;
    let nf = counts.files as usize;
    let mut files = Vec::with_capacity(nf.min(r.remaining() as usize / 8));
    for _ in 0..nf {
        files.push(LocalFile {
            name: r.str()?.to_owned(),
            dev: r.str()?.to_owned(),
            seg: Segment { year: u16::try_from(r.u32()?).ok()?, month: r.u8()?, n: r.u32()? },
            mark: r.mark()?,
            max_seq: r.u32()?,
        });
    }
    let nm = r.len(8)?;
    let mut sync_marks = HashMap::with_capacity(nm);
    for _ in 0..nm {
        sync_marks.insert(PathBuf::from(r.str()?), r.mark()?);
    }
    let nw = r.len(5)?;
    let mut warnings = Vec::with_capacity(nw);
    for _ in 0..nw {
        warnings.push(r.warning()?);
    }
    let mut st = State::default();
    let nd = counts.devs as usize;
    st.devs.reserve(nd.min(r.remaining() as usize / 16));
    for i in 0..nd {
        let name = r.boxed()?;
        let dense = r.u32s()?;
        let ns = r.len(8)?;
        let mut sparse = FxMap::default();
        for _ in 0..ns {
            sparse.insert(r.u32()?, r.u32()?);
        }
        let nb = r.len(8)?;
        let mut bits = Vec::with_capacity(nb);
        for _ in 0..nb {
            bits.push(r.u64()?);
        }
        let sup_sparse: FxSet<u32> = r.u32s()?.into_iter().collect();
        let nf = r.len(8)?;
        let mut forks = Vec::with_capacity(nf);
        for _ in 0..nf {
            forks.push((r.u32()?, r.u32()?));
        }
        let ok = dense.iter().chain(sparse.values()).chain(forks.iter().map(|f| &f.1)).all(|&i| counts.op_ok(i));
        if !ok || st.dev_ix.insert(name.clone(), i as u32).is_some() {
            return None;
        }
        let sup = SeqSet { bits, sparse: sup_sparse };
        st.devs.push(Device { name, ops: SeqMap { dense, sparse }, sup, forks });
    }
    let no = counts.ops as usize;
    st.ops.reserve_exact(no.min(r.remaining() as usize / 24));
    for _ in 0..no {
        let c = r.take(24)?;
        let u = |i: usize| u32::from_le_bytes([c[i], c[i + 1], c[i + 2], c[i + 3]]);
        let o =
            OpRec { loc: u(0), prev: u(4), file: u(8), crc: u(12), off: u64::from(u(16)) | (u64::from(u(20)) << 32) };
        let loc_ok =
            if o.loc & super::fold::DEL != 0 { (o.loc & !super::fold::DEL) < counts.ents } else { o.loc < counts.regs };
        if !(loc_ok && counts.op_ok(o.prev) && o.file < counts.files) {
            return None;
        }
        st.ops.push(o);
    }
    st.vals = r.block(counts.vals as usize)?;
    st.ent_names = r.names()?;
    if st.ent_names.list.len() != counts.ents as usize || st.ent_names.index.len() != counts.ents as usize {
        return None;
    }
    st.ents.reserve(counts.ents as usize);
    for _ in 0..counts.ents {
        let del_last = r.u32()?;
        let dels = r.heads(counts.vals as usize)?;
        if !(counts.op_ok(del_last) && dels.iter().all(|h| counts.head_ok(h))) {
            return None;
        }
        st.ents.push(Entity { regs: Vec::new(), dels, del_last });
    }
    st.fields = r.names()?;
    st.authors = r.names()?;
    if st.fields.list.len() != counts.fields as usize || st.authors.list.len() != counts.authors as usize {
        return None;
    }
    Some(Cached { state: st, clock, files, sync_marks, warnings })
}
