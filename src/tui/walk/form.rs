//! The fields of one checklist item's form, in Tab order. What the
//! values must satisfy is in `findings` (rules); where they are stored
//! too (schema).

use crate::checklist::Item;
use crate::findings::{ItemField, MEETING_FLAGS, MEETING_ITEM};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Status,
    /// Which cell's meeting (cell-meeting item only).
    Cell,
    /// Index into the item's numbers.
    Number(usize),
    Flag(&'static str),
    Rating,
    Note,
}

/// The fields of an item, in Tab order.
pub fn fields(item: &Item) -> Vec<Field> {
    let mut out = vec![Field::Status];
    let meeting = item.code == MEETING_ITEM;
    if meeting {
        out.push(Field::Cell);
    }
    out.extend((0..item.numbers.len()).map(Field::Number));
    if meeting {
        out.extend(MEETING_FLAGS.map(Field::Flag));
        out.push(Field::Rating);
    }
    out.push(Field::Note);
    out
}

impl Field {
    /// The stored item field behind a form field (`None` for a number the
    /// item does not have).
    pub fn stored(&self, item: Option<&Item>) -> Option<ItemField> {
        Some(match self {
            Field::Status => ItemField::Status,
            Field::Cell => ItemField::Cell,
            Field::Number(i) => ItemField::Number(item?.numbers.get(*i)?.key.clone()),
            Field::Flag(f) => ItemField::Flag((*f).to_owned()),
            Field::Rating => ItemField::Rating,
            Field::Note => ItemField::Note,
        })
    }
}

pub use crate::findings::meeting_flag_label as flag_label;
