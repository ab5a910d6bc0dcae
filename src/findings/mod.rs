//! Findings: visits, their checklist items and follow-ups, as entities and
//! fields in the store. This module names the fields (the schema of the
//! sync files' `e`/`f` members) and folds them back into visits.
//!
//! - `visit/<id>`: `commune`, `group`, `date` (YYYY-MM-DD), `members` and
//!   `cells` (arrays of ids), `final` (bool), and per checklist item
//!   `item/<code>/status`, `item/<code>/num/<key>`, `item/<code>/note`,
//!   `item/<code>/flag/<flag>` (bool), `item/<code>/rating`,
//!   `item/<code>/cell`.
//! - `fu/<id>`: a follow-up: `visit`, `commune`, `item`, `what`, `who`,
//!   `due` (YYYY-MM-DD), `done` (bool).

mod model;
mod record;

pub use model::*;
pub use record::*;
