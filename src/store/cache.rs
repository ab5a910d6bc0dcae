//! The start-up cache: the folded state and how far each file was read.
//!
//! A hand-written little-endian binary layout, because parsing a JSON dump
//! of a million-op state would cost more than the 100 ms a start may take.
//! The whole body is covered by a crc32; anything unexpected (bad crc, other
//! device, other version) means "no cache" and the store folds from files.
//! It is a cache only: deleting it loses nothing.

use super::files::{Mark, Segment, Special};
use super::fold::{Device, Entity, Head, Heads, Names, OpRec, Register, State, TOMB};
use super::fxhash::{FxMap, FxSet};
use super::hlc::Hlc;
use super::seqs::{SeqMap, SeqSet};
use super::{LocalFile, Store, Warning};
use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 12] = b"SOTAYCACHE6\n";
const HEADER: usize = 24;
/// Bytes of one head: op, dev, seq, hlc (ms, c), by, value offset, length.
const HEAD_REC: usize = 36;

pub(super) struct Cached {
    pub state: State,
    pub clock: Hlc,
    pub files: Vec<LocalFile>,
    pub sync_marks: HashMap<PathBuf, Mark>,
    pub warnings: Vec<Warning>,
}

struct W(Vec<u8>);

impl W {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u32(n as u32);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn path(&mut self, p: &Path) {
        self.str(&p.to_string_lossy());
    }
    fn hlc(&mut self, h: Hlc) {
        self.u64(h.ms);
        self.u32(h.c);
    }
    fn mark(&mut self, m: &Mark) {
        self.u64(m.len);
        self.u64(m.lines);
        self.u64(m.seen);
        self.bytes(&m.tail);
    }
    fn names(&mut self, n: &Names) {
        self.len(n.list.len());
        for s in &n.list {
            self.str(s);
        }
    }
    /// Fixed-size head records; a value is `len` bytes at `off` in the
    /// values block, where `next_val` is where the next one starts (the
    /// block was written by [`save`] in this same order).
    fn heads(&mut self, st: &State, hs: &Heads, next_val: &mut u32) {
        self.len(hs.len());
        for h in hs.iter() {
            self.u32(h.op);
            self.u32(h.dev);
            self.u32(h.seq);
            self.hlc(h.hlc);
            self.u32(h.by);
            match st.val(h) {
                None => {
                    self.u32(0);
                    self.u32(TOMB);
                }
                Some(v) => {
                    self.u32(*next_val);
                    self.u32(v.len() as u32);
                    *next_val += v.len() as u32;
                }
            }
        }
    }
    fn warning(&mut self, w: &Warning) {
        use Warning::*;
        let (tag, path, texts, nums): (u8, &Path, Vec<&str>, Vec<u64>) = match w {
            BadLine { file, line, reason } => (0, file, vec![reason], vec![*line]),
            NewerVersion { file, line, v } => (1, file, vec![], vec![*line, *v]),
            TornTail { file, bytes } => (2, file, vec![], vec![*bytes]),
            SealedTail { file, bytes } => (3, file, vec![], vec![*bytes]),
            StaleCopy { file, device, file_max, known_max } => (4, file, vec![device], vec![*file_max, *known_max]),
            ClockAhead { file, line, device, ahead_ms } => (5, file, vec![device], vec![*line, *ahead_ms]),
            Unreadable { file, error } => (6, file, vec![error], vec![]),
            RewroteOwnFile { file } => (7, file, vec![], vec![]),
            BrokenBatch { file, line, lines } => (8, file, vec![], vec![*line, *lines]),
            Untrusted { file, line, reason } => (9, file, vec![reason], vec![*line]),
            NotRegular { file, kind } => (10, file, vec![], vec![*kind as u64]),
            ForeignOp { file, line, device } => (11, file, vec![device], vec![*line]),
            Fork { file, line, device, seq, other } => {
                (12, file, vec![device, other.to_str().unwrap_or_default()], vec![*line, *seq])
            }
            SeqGap { device, from, to } => (13, Path::new(""), vec![device], vec![*from, *to]),
            CopyOutFailed { file, error } => (14, file, vec![error], vec![]),
            NewDeviceId { old, new, moved } => {
                let old = old.as_deref().unwrap_or_default();
                (15, Path::new(""), vec![new, old], vec![u64::from(*moved)])
            }
            BadValue { file, line, field, problem, got, kept, others } => {
                (16, file, vec![field, got], vec![*line, problem.index(), u64::from(*kept), *others])
            }
        };
        self.u8(tag);
        self.path(path);
        self.len(texts.len());
        for t in texts {
            self.str(t);
        }
        self.len(nums.len());
        for n in nums {
            self.u64(n);
        }
    }
}

pub(super) fn save(path: &Path, s: &Store) -> std::io::Result<()> {
    let st = &s.state;
    let mut w = W(Vec::with_capacity(HEADER + st.ops.len() * 24 + st.regs.len() * 48));
    // The header (magic, body length, crc) is filled in at the end, so the
    // body is never copied.
    w.0.resize(HEADER, 0);
    w.str(&s.device);
    w.hlc(s.clock.last());
    w.len(s.files.len());
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
    w.len(st.devs.len());
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
    w.len(st.ops.len());
    for o in &st.ops {
        w.u32(o.loc);
        w.u32(o.prev);
        w.u32(o.file);
        w.u32(o.crc);
        w.u64(o.off);
    }
    // The live values as one block, in the order the heads are written
    // below: superseded values are left out, and loading is one copy.
    let live = || {
        let dels = st.ents.iter().flat_map(|e| e.dels.iter());
        dels.chain(st.regs.iter().flat_map(|r| r.heads.iter())).filter_map(|h| st.val(h))
    };
    let vals_len: usize = live().map(str::len).sum();
    w.len(vals_len);
    w.0.reserve(vals_len);
    live().for_each(|v| w.0.extend_from_slice(v.as_bytes()));
    let mut next_val = 0;
    w.names(&st.ent_names);
    for e in &st.ents {
        w.u32(e.del_last);
        w.heads(st, &e.dels, &mut next_val);
    }
    w.names(&st.fields);
    w.names(&st.authors);
    w.len(st.regs.len());
    for r in &st.regs {
        w.u32(r.ent);
        w.u32(r.field);
        w.u32(r.last);
        w.heads(st, &r.heads, &mut next_val);
    }
    // Each entity's (field, register) list, sorted: rebuilding and sorting
    // them took a tenth of a start.
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
    // No fsync: a cache lost in a power cut is rebuilt from the files.
    crate::disk::write_atomic_fast(path, &out)
}

/// Bytes read from the cache file at a time. Reading the whole file into
/// one buffer first made a start wait for the kernel to fault in and fill
/// 60 MB of fresh memory; a small reused buffer stays in the CPU caches.
const CHUNK: usize = 256 * 1024;

/// Reads the body as a stream, checking its crc on the way: the caller
/// compares [`R::crc`] with the header once everything was decoded.
struct R<S> {
    src: S,
    buf: Vec<u8>,
    /// Consumed bytes of `buf`.
    p: usize,
    /// Body bytes not read from `src` yet.
    unread: u64,
    crc: crc32fast::Hasher,
}

impl<S: Read> R<S> {
    fn new(src: S, body_len: u64) -> Self {
        R { src, buf: Vec::with_capacity(CHUNK), p: 0, unread: body_len, crc: crc32fast::Hasher::new() }
    }
    /// Body bytes not consumed yet.
    fn remaining(&self) -> u64 {
        self.unread + (self.buf.len() - self.p) as u64
    }
    #[inline]
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.buf.len() - self.p < n {
            self.refill(n)?;
        }
        let s = &self.buf[self.p..self.p + n];
        self.p += n;
        Some(s)
    }
    /// Read more so that `n` unconsumed bytes are in `buf`.
    #[cold]
    fn refill(&mut self, n: usize) -> Option<()> {
        let need = (n - (self.buf.len() - self.p)) as u64;
        if need > self.unread {
            return None;
        }
        self.buf.drain(..self.p);
        self.p = 0;
        let want = need.max(CHUNK as u64).min(self.unread) as usize;
        let old = self.buf.len();
        self.buf.resize(old + want, 0);
        self.src.read_exact(&mut self.buf[old..]).ok()?;
        self.crc.update(&self.buf[old..]);
        self.unread -= want as u64;
        Some(())
    }
    #[inline]
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    #[inline]
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    #[inline]
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A count, refused if the rest of the input cannot possibly hold it.
    fn len(&mut self, min_item: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        ((n.saturating_mul(min_item) as u64) <= self.remaining()).then_some(n)
    }
    /// `n` bytes into a vector of their own, copied straight from the
    /// source rather than through `buf`.
    fn block(&mut self, n: usize) -> Option<Vec<u8>> {
        if n as u64 > self.remaining() {
            return None;
        }
        let mut out = Vec::with_capacity(n);
        let have = (self.buf.len() - self.p).min(n);
        out.extend_from_slice(&self.buf[self.p..self.p + have]);
        self.p += have;
        let rest = n - have;
        if rest > 0 {
            out.resize(n, 0);
            self.src.read_exact(&mut out[have..]).ok()?;
            self.crc.update(&out[have..]);
            self.unread -= rest as u64;
        }
        Some(out)
    }
    fn bytes(&mut self) -> Option<&[u8]> {
        let n = self.len(1)?;
        self.take(n)
    }
    fn str(&mut self) -> Option<&str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
    fn boxed(&mut self) -> Option<Box<str>> {
        self.str().map(Box::from)
    }
    fn hlc(&mut self) -> Option<Hlc> {
        Some(Hlc::new(self.u64()?, self.u32()?))
    }
    fn mark(&mut self) -> Option<Mark> {
        Some(Mark { len: self.u64()?, lines: self.u64()?, seen: self.u64()?, tail: self.bytes()?.to_vec() })
    }
    fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.len(4)?;
        let raw = self.take(n * 4)?;
        Some(raw.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
    fn names(&mut self) -> Option<Names> {
        let n = self.len(4)?;
        let mut list = Vec::with_capacity(n);
        for _ in 0..n {
            list.push(self.boxed()?);
        }
        let mut names = Names { list, index: FxMap::default() };
        names.rebuild_index();
        Some(names)
    }
    /// Heads whose values lie in a block of `vals_len` bytes.
    fn heads(&mut self, vals_len: usize) -> Option<Heads> {
        let n = self.len(HEAD_REC)?;
        let raw = self.take(n * HEAD_REC)?;
        let head = |c: &[u8]| {
            let u = |i: usize| u32::from_le_bytes([c[i], c[i + 1], c[i + 2], c[i + 3]]);
            let ms = u64::from(u(12)) | (u64::from(u(16)) << 32);
            let h =
                Head { op: u(0), dev: u(4), seq: u(8), hlc: Hlc::new(ms, u(20)), by: u(24), off: u(28), len: u(32) };
            let fits = h.is_tomb() || (h.off as usize).checked_add(h.len as usize).is_some_and(|end| end <= vals_len);
            fits.then_some(h)
        };
        // Nearly every register has one head: no vector for those.
        if n == 1 {
            return Some(Heads::One(head(raw)?));
        }
        let v: Option<Vec<Head>> = raw.chunks_exact(HEAD_REC).map(head).collect();
        Some(Heads::from_vec(v?))
    }
    fn warning(&mut self) -> Option<Warning> {
        use Warning::*;
        let tag = self.u8()?;
        let file = PathBuf::from(self.str()?);
        let nt = self.len(4)?;
        let mut t: Vec<String> = Vec::with_capacity(nt);
        for _ in 0..nt {
            t.push(self.str()?.to_owned());
        }
        let nn = self.len(8)?;
        let mut n = Vec::with_capacity(nn);
        for _ in 0..nn {
            n.push(self.u64()?);
        }
        let mut t = t.into_iter();
        let num = |i: usize| n.get(i).copied();
        Some(match tag {
            0 => BadLine { file, line: num(0)?, reason: t.next()? },
            1 => NewerVersion { file, line: num(0)?, v: num(1)? },
            2 => TornTail { file, bytes: num(0)? },
            3 => SealedTail { file, bytes: num(0)? },
            4 => StaleCopy { file, device: t.next()?, file_max: num(0)?, known_max: num(1)? },
            5 => ClockAhead { file, device: t.next()?, line: num(0)?, ahead_ms: num(1)? },
            6 => Unreadable { file, error: t.next()? },
            7 => RewroteOwnFile { file },
            8 => BrokenBatch { file, line: num(0)?, lines: num(1)? },
            9 => Untrusted { file, line: num(0)?, reason: t.next()? },
            10 => NotRegular { file, kind: Special::from_index(num(0)?)? },
            11 => ForeignOp { file, device: t.next()?, line: num(0)? },
            12 => Fork { file, device: t.next()?, other: PathBuf::from(t.next()?), line: num(0)?, seq: num(1)? },
            13 => SeqGap { device: t.next()?, from: num(0)?, to: num(1)? },
            14 => CopyOutFailed { file, error: t.next()? },
            15 => {
                let new = t.next()?;
                let old = t.next().filter(|o| !o.is_empty());
                NewDeviceId { new, old, moved: num(0)? != 0 }
            }
            16 => BadValue {
                file,
                field: t.next()?,
                got: t.next()?,
                line: num(0)?,
                problem: crate::findings::Problem::from_index(num(1)?)?,
                kept: num(2)? != 0,
                others: num(3)?,
            },
            _ => return None,
        })
    }
}

/// The device a cache was written for, without reading the rest: a
/// data directory whose `device.json` went missing learns from it which id
/// it wrote under.
pub(super) fn device_of(path: &Path) -> Option<String> {
    let mut f = File::open(path).ok()?;
    let mut head = [0u8; HEADER];
    f.read_exact(&mut head).ok()?;
    let rest = head.strip_prefix(MAGIC.as_slice())?;
    let len = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
    let mut r = R::new(f, len);
    r.str().map(str::to_owned)
}

/// Read the cache if it is whole and belongs to `device`.
pub(super) fn load(path: &Path, device: &str) -> Option<Cached> {
    let mut f = File::open(path).ok()?;
    let mut head = [0u8; HEADER];
    f.read_exact(&mut head).ok()?;
    let rest = head.strip_prefix(MAGIC.as_slice())?;
    let len = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
    let crc = u32::from_le_bytes(rest.get(8..12)?.try_into().ok()?);
    if f.metadata().ok()?.len() != HEADER as u64 + len {
        return None;
    }
    let mut r = R::new(f, len);
    let c = decode(&mut r, device)?;
    // Decoded whole, but only trusted if the crc over every byte matches.
    if r.remaining() != 0 || r.crc.finalize() != crc {
        return None;
    }
    c.check().then_some(c)
}

fn decode<S: Read>(r: &mut R<S>, device: &str) -> Option<Cached> {
    if r.str()? != device {
        return None;
    }
    let clock = r.hlc()?;
    let nf = r.len(8)?;
    let mut files = Vec::with_capacity(nf);
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
    let nd = r.len(16)?;
    st.devs.reserve(nd);
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
        st.dev_ix.insert(name.clone(), i as u32);
        let sup = SeqSet { bits, sparse: sup_sparse };
        st.devs.push(Device { name, ops: SeqMap { dense, sparse }, sup, forks });
    }
    let no = r.len(24)?;
    st.ops.reserve_exact(no);
    for _ in 0..no {
        let c = r.take(24)?;
        let u = |i: usize| u32::from_le_bytes([c[i], c[i + 1], c[i + 2], c[i + 3]]);
        st.ops.push(OpRec {
            loc: u(0),
            prev: u(4),
            file: u(8),
            crc: u(12),
            off: u64::from(u(16)) | (u64::from(u(20)) << 32),
        });
    }
    let vals_len = r.len(1)?;
    st.vals = r.block(vals_len)?;
    st.ent_names = r.names()?;
    st.ents.reserve(st.ent_names.list.len());
    for _ in 0..st.ent_names.list.len() {
        let del_last = r.u32()?;
        let dels = r.heads(vals_len)?;
        st.ents.push(Entity { regs: Vec::new(), dels, del_last });
    }
    st.fields = r.names()?;
    st.authors = r.names()?;
    let nr = r.len(16)?;
    st.regs.reserve_exact(nr);
    for _ in 0..nr {
        st.regs.push(Register { ent: r.u32()?, field: r.u32()?, last: r.u32()?, heads: r.heads(vals_len)? });
    }
    // Each register in one list, once; each list sorted by field without
    // repeats. (Whether a register's entity and field match its list is
    // left to the crc: checking it costs a cache miss per register.)
    let mut seen = vec![0u64; nr.div_ceil(64)];
    let mut listed = 0usize;
    for ent in &mut st.ents {
        let n = r.len(8)?;
        let raw = r.take(n * 8)?;
        let u = |c: &[u8], i: usize| u32::from_le_bytes([c[i], c[i + 1], c[i + 2], c[i + 3]]);
        ent.regs = raw.chunks_exact(8).map(|c| (u(c, 0), u(c, 4))).collect();
        for &(_, i) in &ent.regs {
            let (w, bit) = (i as usize / 64, 1u64 << (i % 64));
            if *seen.get(w)? & bit != 0 {
                return None;
            }
            seen[w] |= bit;
        }
        if !ent.regs.windows(2).all(|w| w[0].0 < w[1].0) {
            return None;
        }
        listed += n;
    }
    if listed != nr {
        return None;
    }

    Some(Cached { state: st, clock, files, sync_marks, warnings })
}

impl Cached {
    /// Indices must point inside their tables, or a damaged (but
    /// crc-matching) cache could make the store panic later.
    fn check(&self) -> bool {
        let st = &self.state;
        let (nops, nents, nregs) = (st.ops.len(), st.ents.len(), st.regs.len());
        let (nfields, nauth, ndevs) = (st.fields.list.len(), st.authors.list.len(), st.devs.len());
        let op_ok = |i: u32| i == super::seqs::NONE || (i as usize) < nops;
        let head_ok = |h: &Head| (h.op as usize) < nops && (h.dev as usize) < ndevs && (h.by as usize) < nauth;
        st.ops.iter().all(|o| {
            op_ok(o.prev)
                && (o.file as usize) < self.files.len()
                && if o.loc & super::fold::DEL != 0 {
                    ((o.loc & !super::fold::DEL) as usize) < nents
                } else {
                    (o.loc as usize) < nregs
                }
        }) && st.ents.iter().all(|e| {
            op_ok(e.del_last) && e.regs.iter().all(|&(_, r)| (r as usize) < nregs) && e.dels.iter().all(head_ok)
        }) && st.regs.iter().all(|r| {
            (r.ent as usize) < nents && (r.field as usize) < nfields && op_ok(r.last) && r.heads.iter().all(head_ok)
        }) && st.devs.iter().all(|d| {
            d.ops.dense.iter().all(|&i| op_ok(i))
                && d.ops.sparse.values().all(|&i| op_ok(i))
                && d.forks.iter().all(|&(_, i)| op_ok(i))
        }) && st.ent_names.index.len() == nents
            && st.dev_ix.len() == ndevs
    }
}
