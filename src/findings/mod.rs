//! Findings: visits, their checklist items and follow-ups, folded out of
//! the store and written to it. The names and value kinds they are stored
//! under are in `schema/` (below the store, which checks values against
//! them); they are handed on here so callers name one module. `model`
//! folds the fields back into visits, `record` writes them, `rules` holds
//! what the numbers must satisfy and what follows from them, `conflicts`
//! says where a conflict is in those terms, `aside` names the values that
//! only the checklist refuses.

mod aside;
mod conflicts;
mod model;
mod record;
mod rules;

pub use crate::schema::*;
pub use aside::*;
pub use conflicts::*;
pub use model::*;
pub use record::*;
pub use rules::*;
