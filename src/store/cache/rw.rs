//! The cache's byte layout: little-endian numbers, length-prefixed
//! strings and lists, fixed-size records ([`W`] writes, [`R`] reads).

use super::super::Warning;
use super::super::files::{Mark, Special};
use super::super::fold::{Head, Heads, Names, State, TOMB};
use super::super::fxhash::FxMap;
use super::super::hlc::Hlc;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Bytes of one head: op, dev, seq, hlc (ms, c), by, value offset, length.
const HEAD_REC: usize = 36;

pub(super) struct W(pub Vec<u8>);

impl W {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn len(&mut self, n: usize) {
        self.u32(n as u32);
    }
    pub fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    pub fn path(&mut self, p: &Path) {
        self.str(&p.to_string_lossy());
    }
    pub fn hlc(&mut self, h: Hlc) {
        self.u64(h.ms);
        self.u32(h.c);
    }
    pub fn mark(&mut self, m: &Mark) {
        self.u64(m.len);
        self.u64(m.lines);
        self.u64(m.seen);
        self.bytes(&m.tail);
    }
    pub fn names(&mut self, n: &Names) {
        self.len(n.list.len());
        for s in &n.list {
            self.str(s);
        }
    }
    /// Fixed-size head records; a value is `len` bytes at `off` in the
    /// values block, where `next_val` is where the next one starts (the
    /// block was written by [`save`] in this same order).
    pub fn heads(&mut self, st: &State, hs: &Heads, next_val: &mut u32) {
        self.len(hs.len());
        for h in hs.iter() {
            self.u32(h.op);
            self.u32(h.dev);
            self.u32(h.seq);
            self.hlc(h.hlc);
            self.u32(h.by);
            match st.val_bytes(h) {
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
    pub fn warning(&mut self, w: &Warning) {
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

/// Bytes read from the cache file at a time. Reading the whole file into
/// one buffer first made a start wait for the kernel to fault in and fill
/// 60 MB of fresh memory; a small reused buffer stays in the CPU caches.
const CHUNK: usize = 256 * 1024;

/// Reads the body as a stream, checking its crc on the way: the caller
/// compares [`R::crc`] with the header once everything was decoded.
pub(super) struct R<S> {
    src: S,
    buf: Vec<u8>,
    /// Consumed bytes of `buf`.
    p: usize,
    /// Body bytes not read from `src` yet.
    unread: u64,
    pub crc: crc32fast::Hasher,
}

impl<S: Read> R<S> {
    pub fn new(src: S, body_len: u64) -> Self {
        R { src, buf: Vec::with_capacity(CHUNK), p: 0, unread: body_len, crc: crc32fast::Hasher::new() }
    }
    /// Body bytes not consumed yet.
    pub fn remaining(&self) -> u64 {
        self.unread + (self.buf.len() - self.p) as u64
    }
    #[inline]
    pub fn take(&mut self, n: usize) -> Option<&[u8]> {
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
    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    #[inline]
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    #[inline]
    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A count, refused if the rest of the input cannot possibly hold it.
    pub fn len(&mut self, min_item: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        ((n.saturating_mul(min_item) as u64) <= self.remaining()).then_some(n)
    }
    /// `n` bytes into a vector of their own, copied straight from the
    /// source rather than through `buf`.
    pub fn block(&mut self, n: usize) -> Option<Vec<u8>> {
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
    pub fn bytes(&mut self) -> Option<&[u8]> {
        let n = self.len(1)?;
        self.take(n)
    }
    pub fn str(&mut self) -> Option<&str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
    pub fn boxed(&mut self) -> Option<Box<str>> {
        self.str().map(Box::from)
    }
    pub fn hlc(&mut self) -> Option<Hlc> {
        Some(Hlc::new(self.u64()?, self.u32()?))
    }
    pub fn mark(&mut self) -> Option<Mark> {
        Some(Mark { len: self.u64()?, lines: self.u64()?, seen: self.u64()?, tail: self.bytes()?.to_vec() })
    }
    pub fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.len(4)?;
        let raw = self.take(n * 4)?;
        Some(raw.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
    pub fn names(&mut self) -> Option<Names> {
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
    pub fn heads(&mut self, vals_len: usize) -> Option<Heads> {
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
    pub fn warning(&mut self) -> Option<Warning> {
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
                problem: crate::schema::Problem::from_index(num(1)?)?,
                kept: num(2)? != 0,
                others: num(3)?,
            },
            _ => return None,
        })
    }
}
