//! Register heads, stored inline: almost every register has exactly one,
//! and a heap allocation per register would cost more memory and start-up
//! time than the rest of the state.

use super::hlc::Hlc;

/// Marks a head as a delete (no value).
pub(crate) const TOMB: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Head {
    pub op: u32,
    pub dev: u32,
    pub seq: u32,
    pub by: u32,
    pub hlc: Hlc,
    /// The raw JSON value is `State::vals[off..off + len]`; `len == TOMB`
    /// for a delete.
    pub off: u32,
    pub len: u32,
}

impl Head {
    pub fn is_tomb(&self) -> bool {
        self.len == TOMB
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum Heads {
    #[default]
    Zero,
    One(Head),
    Many(Vec<Head>),
}

impl Heads {
    pub fn as_slice(&self) -> &[Head] {
        match self {
            Heads::Zero => &[],
            Heads::One(h) => std::slice::from_ref(h),
            Heads::Many(v) => v,
        }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Head> {
        self.as_slice().iter()
    }

    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Heads::Zero)
    }

    pub fn push(&mut self, h: Head) {
        *self = match std::mem::take(self) {
            Heads::Zero => Heads::One(h),
            Heads::One(a) => Heads::Many(vec![a, h]),
            Heads::Many(mut v) => {
                v.push(h);
                Heads::Many(v)
            }
        };
    }

    /// Remove the head of op `op`, if present.
    pub fn remove_op(&mut self, op: u32) {
        match self {
            Heads::One(h) if h.op == op => *self = Heads::Zero,
            Heads::Many(v) => {
                v.retain(|h| h.op != op);
                match v.len() {
                    0 => *self = Heads::Zero,
                    1 => *self = Heads::One(v[0]),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    pub fn from_vec(mut v: Vec<Head>) -> Heads {
        match v.len() {
            0 => Heads::Zero,
            1 => Heads::One(v[0]),
            _ => {
                v.shrink_to_fit();
                Heads::Many(v)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(op: u32) -> Head {
        Head { op, dev: 0, seq: op, by: 0, hlc: Hlc::new(u64::from(op), 0), off: 0, len: TOMB }
    }

    #[test]
    fn push_and_remove_keep_the_smallest_form() {
        let mut s = Heads::default();
        assert!(s.is_empty());
        s.push(h(1));
        assert!(matches!(s, Heads::One(_)));
        s.push(h(2));
        s.push(h(3));
        assert_eq!(s.len(), 3);
        s.remove_op(2);
        assert_eq!(s.iter().map(|x| x.op).collect::<Vec<_>>(), vec![1, 3]);
        s.remove_op(1);
        assert!(matches!(s, Heads::One(x) if x.op == 3));
        s.remove_op(9);
        s.remove_op(3);
        assert!(s.is_empty());
    }
}
