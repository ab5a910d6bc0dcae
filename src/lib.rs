//! sotay: the notebook of a working group visiting communes.

pub mod assignments;
pub mod checklist;
mod commands;
pub mod demo;
mod disk;
mod docx;
pub mod findings;
mod home;
pub mod i18n;
pub mod jsondoc;
mod lang;
mod platform;
pub mod report;
mod schema;
pub mod seal;
pub mod store;
mod text;
pub mod trust;
pub mod tui;

pub use commands::main;
