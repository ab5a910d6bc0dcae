//! The findings schema: what findings are stored under and what each value
//! may be. `fields` names the entities and fields (the sync files' `e`/`f`
//! members), `codes` the closed sets of statuses and ratings, `values` the
//! kind of value each field holds ([`check`], [`Problem`]) and what the
//! checklist in use says of it.
//!
//! It sits below the store: the store checks every value against it at
//! ingest and when typed, so it needs the schema but not the fold of
//! findings. `findings/` (visits, follow-ups and conflicts read out of the
//! store) stands above both and hands these names on, so callers keep
//! writing `findings::Status`.
//!
//! - `visit/<id>`: `commune`, `group`, `date` (YYYY-MM-DD), `members` and
//!   `cells` (arrays of ids), `final` (bool), and per checklist item
//!   `item/<code>/status`, `item/<code>/num/<key>`, `item/<code>/note`,
//!   `item/<code>/flag/<flag>` (bool), `item/<code>/rating`,
//!   `item/<code>/cell`.
//! - `fu/<id>`: a follow-up: `visit`, `commune`, `item`, `what`, `who`,
//!   `due` (YYYY-MM-DD), `done` (bool).

mod codes;
mod fields;
mod values;

pub use codes::*;
pub use fields::*;
pub use values::*;
