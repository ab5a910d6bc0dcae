//! Findings: visits, their checklist items and follow-ups, as entities and
//! fields in the store. `schema` names the fields (the sync files' `e`/`f`
//! members), `model` folds them back into visits, `record` writes them,
//! `rules` holds what the numbers must satisfy and what follows from them,
//! `conflicts` says where a conflict is in those terms, `values` what kind
//! of value each field holds (checked by the store at ingest and when
//! typed) and what the checklist in use says of it, `aside` names the values
//! that only the checklist refuses.
//!
//! - `visit/<id>`: `commune`, `group`, `date` (YYYY-MM-DD), `members` and
//!   `cells` (arrays of ids), `final` (bool), and per checklist item
//!   `item/<code>/status`, `item/<code>/num/<key>`, `item/<code>/note`,
//!   `item/<code>/flag/<flag>` (bool), `item/<code>/rating`,
//!   `item/<code>/cell`.
//! - `fu/<id>`: a follow-up: `visit`, `commune`, `item`, `what`, `who`,
//!   `due` (YYYY-MM-DD), `done` (bool).

mod aside;
mod codes;
mod conflicts;
mod model;
mod record;
mod rules;
mod schema;
mod values;

pub use aside::*;
pub use codes::*;
pub use conflicts::*;
pub use model::*;
pub use record::*;
pub use rules::*;
pub use schema::*;
pub use values::*;
