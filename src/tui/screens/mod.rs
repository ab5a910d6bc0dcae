//! One type per screen, each owning its state, its key contexts and its
//! update. The visit's screens (its setup and the walk) are in `walk/`.

mod board;
mod browser;
pub(crate) mod conflicts;
mod overview;
mod pick;
pub(crate) mod strangers;
pub(crate) mod warnings;

pub use board::Board;
pub use browser::Browser;
pub use conflicts::ConflictList;
pub use overview::{FollowUpList, PlanView, Trends};
pub use pick::{Overlay, Picked};
pub use strangers::Strangers;
pub use warnings::{Entry as SyncWarning, WarningList, Warnings};
