//! `sotay check FILE...`: validates assignments files and says what they hold.

use std::io::Write;
use std::path::PathBuf;

use super::exit::{BAD_INPUT, OK};
use super::report;
use crate::assignments;
use crate::i18n::{Lang, s};

pub fn check(files: &[PathBuf], lang: Lang) -> i32 {
    let out = assignments::load_files(files, crate::checklist::active());
    if report(&out, lang) {
        return BAD_INPUT;
    }
    let t = s(lang);
    for (i, src) in out.assignments.sources.iter().enumerate() {
        let groups: Vec<_> = out.assignments.groups.iter().filter(|g| g.source == i).collect();
        let communes: usize = groups.iter().map(|g| g.communes.len()).sum();
        let cells: usize = groups.iter().flat_map(|g| &g.communes).map(|c| c.cells.len()).sum();
        let counts = match lang {
            Lang::Vi => format!("{} tổ, {communes} xã, {cells} chi bộ", groups.len()),
            Lang::En => format!("{} groups, {communes} communes, {cells} cells", groups.len()),
        };
        // A closed pipe (`| head`) is not worth a panic.
        let _ = writeln!(std::io::stdout(), "{}: {} ({counts})", crate::text::clean(&src.name), t.check_ok);
    }
    OK
}
