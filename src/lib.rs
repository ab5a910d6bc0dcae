//! sotay: the notebook of a working group visiting communes.

pub mod assignments;
pub mod checklist;
mod commands;
pub mod demo;
mod disk;
pub mod docx;
pub mod findings;
pub mod generate;
pub mod home;
pub mod i18n;
pub mod jsondoc;
pub mod lang;
pub mod platform;
pub mod report;
pub mod store;
pub mod text;
pub mod trust;
pub mod tui;

pub use commands::main;
