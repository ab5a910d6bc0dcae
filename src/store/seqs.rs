//! Per-device tables indexed by sequence number.
//!
//! Sequence numbers of one device are 1, 2, 3… without gaps, so a dense
//! vector is the natural table. A damaged or hostile file could name a huge
//! sequence number; such outliers go to a small side map instead of making
//! the dense part allocate gigabytes.

use super::fxhash::{FxMap, FxSet};

/// How far past the dense part a sequence number may land and still grow it.
const MAX_GAP: usize = 1 << 16;

pub const NONE: u32 = u32::MAX;

/// seq -> op index.
#[derive(Debug, Default, Clone)]
pub struct SeqMap {
    pub(crate) dense: Vec<u32>,
    pub(crate) sparse: FxMap<u32, u32>,
}

impl SeqMap {
    pub fn get(&self, seq: u32) -> Option<u32> {
        let i = seq as usize - 1;
        match self.dense.get(i) {
            Some(&v) if v != NONE => Some(v),
            Some(_) => None,
            None => self.sparse.get(&seq).copied(),
        }
    }

    pub fn insert(&mut self, seq: u32, v: u32) {
        let i = seq as usize - 1;
        if i < self.dense.len() {
            self.dense[i] = v;
        } else if i <= self.dense.len() + MAX_GAP {
            self.dense.resize(i, NONE);
            self.dense.push(v);
            // Outliers that now fit the dense part move into it.
            if !self.sparse.is_empty() {
                let len = self.dense.len();
                let moved: Vec<u32> = self.sparse.keys().copied().filter(|&s| (s as usize) <= len).collect();
                for s in moved {
                    if let Some(x) = self.sparse.remove(&s) {
                        self.dense[s as usize - 1] = x;
                    }
                }
            }
        } else {
            self.sparse.insert(seq, v);
        }
    }

    /// Runs of missing sequence numbers below the highest present, as
    /// (first, last), at most `limit` of them.
    pub fn gaps(&self, limit: usize) -> Vec<(u32, u32)> {
        let mut present: Vec<u32> = self
            .dense
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != NONE)
            .map(|(i, _)| i as u32 + 1)
            .chain(self.sparse.keys().copied())
            .collect();
        present.sort_unstable();
        let mut out = Vec::new();
        let mut next = 1u32;
        for s in present {
            if s > next {
                out.push((next, s - 1));
                if out.len() == limit {
                    break;
                }
            }
            next = s.saturating_add(1);
        }
        out
    }

    /// The highest sequence number present, 0 if none.
    pub fn max_seq(&self) -> u32 {
        let d = self.dense.iter().rposition(|&v| v != NONE).map_or(0, |i| i as u32 + 1);
        self.sparse.keys().copied().fold(d, u32::max)
    }
}

/// A set of sequence numbers.
#[derive(Debug, Default, Clone)]
pub struct SeqSet {
    pub(crate) bits: Vec<u64>,
    pub(crate) sparse: FxSet<u32>,
}

impl SeqSet {
    pub fn contains(&self, seq: u32) -> bool {
        let i = seq as usize;
        match self.bits.get(i / 64) {
            Some(w) => w & (1 << (i % 64)) != 0,
            None => self.sparse.contains(&seq),
        }
    }

    /// Insert; true if it was not there yet.
    pub fn insert(&mut self, seq: u32) -> bool {
        if self.contains(seq) {
            return false;
        }
        let i = seq as usize;
        let w = i / 64;
        if w < self.bits.len() || w <= self.bits.len() + MAX_GAP / 64 {
            if w >= self.bits.len() {
                self.bits.resize(w + 1, 0);
                let cap = self.bits.len() * 64;
                let moved: Vec<u32> = self.sparse.iter().copied().filter(|&s| (s as usize) < cap).collect();
                for s in moved {
                    self.sparse.remove(&s);
                    self.bits[s as usize / 64] |= 1 << (s as usize % 64);
                }
            }
            self.bits[w] |= 1 << (i % 64);
        } else {
            self.sparse.insert(seq);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_agree() {
        let mut m = SeqMap::default();
        m.insert(3, 30);
        m.insert(1, 10);
        m.insert(4_000_000_000, 7);
        assert_eq!(m.get(1), Some(10));
        assert_eq!(m.get(2), None);
        assert_eq!(m.get(3), Some(30));
        assert_eq!(m.get(4_000_000_000), Some(7));
        assert_eq!(m.max_seq(), 4_000_000_000);
        assert!(m.dense.len() < 10);

        let mut s = SeqSet::default();
        assert!(s.insert(5));
        assert!(!s.insert(5));
        assert!(s.insert(u32::MAX - 1));
        assert!(s.contains(5) && s.contains(u32::MAX - 1) && !s.contains(6));
        assert!(s.bits.len() < 10);
    }

    #[test]
    fn outliers_move_into_dense_part_when_it_grows() {
        let mut m = SeqMap::default();
        m.insert(MAX_GAP as u32 + 10, 1);
        assert_eq!(m.sparse.len(), 1);
        for s in 1..=20 {
            m.insert(s, s);
        }
        m.insert(MAX_GAP as u32 + 12, 2);
        assert!(m.sparse.is_empty());
        assert_eq!(m.get(MAX_GAP as u32 + 10), Some(1));
        assert_eq!(m.get(MAX_GAP as u32 + 12), Some(2));
    }
}
