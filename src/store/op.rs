//! Ops: the unit of change the store records and syncs.

use super::hlc::Hlc;
use serde_json::Value;

/// An op id, `"<device>:<seq>"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpId {
    pub dev: String,
    pub seq: u64,
}

impl OpId {
    pub fn new(dev: &str, seq: u64) -> OpId {
        OpId { dev: dev.to_owned(), seq }
    }

    /// Parse `"<device>:<seq>"`. The device part may not be empty and the
    /// sequence number starts at 1.
    pub fn parse(s: &str) -> Option<OpId> {
        let (dev, seq) = split_id(s)?;
        Some(OpId::new(dev, seq))
    }
}

/// Split `"<device>:<seq>"` without allocating.
pub(crate) fn split_id(s: &str) -> Option<(&str, u64)> {
    let (dev, seq) = s.rsplit_once(':')?;
    if dev.is_empty() || dev.contains(':') || seq.is_empty() || seq.starts_with('+') {
        return None;
    }
    let seq: u64 = seq.parse().ok()?;
    (seq >= 1).then_some((dev, seq))
}

impl std::fmt::Display for OpId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.dev, self.seq)
    }
}

/// What an op does.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Set field `f` of the entity to `val`.
    Set { f: String, val: Value },
    /// Delete the whole entity (a tombstone in every field register of it).
    Del,
}

/// A complete op, as written to and read back from a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    pub dev: String,
    pub seq: u64,
    pub hlc: Hlc,
    /// Member id of the author; may be empty.
    pub by: String,
    /// Ids of the ops this one supersedes: the heads its author saw.
    pub sup: Vec<OpId>,
    /// The entity, e.g. `visit/3f9a…`.
    pub e: String,
    pub body: Body,
}

impl Op {
    pub fn id(&self) -> OpId {
        OpId::new(&self.dev, self.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_id_round_trips_and_rejects_garbage() {
        let id = OpId::parse("a1b2c3d4e5f60718:42").unwrap();
        assert_eq!(id, OpId::new("a1b2c3d4e5f60718", 42));
        assert_eq!(id.to_string(), "a1b2c3d4e5f60718:42");
        for bad in ["", ":1", "abc", "abc:", "abc:0", "abc:-1", "abc:+1", "a:b:1", "abc:1x"] {
            assert!(OpId::parse(bad).is_none(), "{bad:?} accepted");
        }
    }
}
