//! sotay: the notebook of a working group visiting communes.

pub mod i18n;
pub mod store;
