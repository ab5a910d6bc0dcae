//! What the store hands its callers: read-only views of folded registers.

use super::hlc::Hlc;
use super::op::OpId;
use serde_json::Value;

/// One head of a register: a value (or a deletion) nobody has superseded.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadView {
    pub op: OpId,
    pub by: String,
    pub hlc: Hlc,
    /// `None` when this head is a deletion of the entity.
    pub value: Option<Value>,
}

/// The folded state of one field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldView {
    /// The value shown: the only head, or in a conflict the provisional
    /// winner (highest stamp, then highest device id). `None` when that is a
    /// deletion.
    pub value: Option<Value>,
    /// Op, author and stamp of the value shown.
    pub op: OpId,
    pub by: String,
    pub hlc: Hlc,
    /// Empty when settled; in a conflict every head, the winner first.
    pub alternatives: Vec<HeadView>,
}

impl FieldView {
    pub fn in_conflict(&self) -> bool {
        !self.alternatives.is_empty()
    }
}

/// An open conflict: a field with two or more different heads.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub entity: String,
    pub field: String,
    /// Every head, provisional winner first.
    pub heads: Vec<HeadView>,
}

/// One op ever applied to a field, as [`crate::store::Store::history`] lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub op: OpId,
    pub by: String,
    pub hlc: Hlc,
    /// `None` for a deletion of the entity.
    pub value: Option<Value>,
}

/// How the user settles a conflict.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// Keep this value (it may be one of the heads or a new one).
    Value(Value),
    /// Delete the whole entity.
    Delete,
}
