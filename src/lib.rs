//! sotay: the notebook of a working group visiting communes.

pub mod assignments;
pub mod checklist;
pub mod cli;
pub mod demo;
pub mod docx;
pub mod findings;
pub mod generate;
pub mod home;
pub mod i18n;
pub mod jsondoc;
pub mod platform;
pub mod report;
pub mod run;
pub mod store;
pub mod text;
pub mod trust;
pub mod tui;
