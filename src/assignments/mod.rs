//! The assignments file (CONTRACT.md §1): reading, validating with every
//! problem positioned, and the loaded model.

mod fast;
mod model;
pub mod sheets;
mod validate;

use std::path::Path;

use crate::checklist::Checklist;
use crate::jsondoc::{self, Found, Problem, read_file};

pub use model::*;
pub use validate::{FORMAT, VERSION};

/// The result of loading: the model (meaningful only when there are no
/// errors) and every problem found, warnings included.
#[derive(Debug, Default)]
pub struct Outcome {
    pub assignments: Assignments,
    pub problems: Vec<Problem>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| !p.is_warning())
    }
}

/// Loads files from disk; see [`load_sources`].
pub fn load_files(paths: &[impl AsRef<Path>], checklist: &Checklist) -> Outcome {
    let mut problems = Vec::new();
    let mut sources = Vec::new();
    for p in paths {
        let p = p.as_ref();
        match read_file(p) {
            Ok(bytes) => sources.push((p.display().to_string(), bytes)),
            Err(problem) => problems.push(*problem),
        }
    }
    let mut out = load_sources(&sources, checklist);
    problems.append(&mut out.problems);
    out.problems = problems;
    out
}

/// Validates named documents together (ids must be unique across them),
/// JSON or spreadsheets (see [`sheets`]); weakness codes and baselines are
/// checked against `checklist`.
pub fn load_sources(sources: &[(String, Vec<u8>)], checklist: &Checklist) -> Outcome {
    if sources.iter().any(|(name, bytes)| sheets::is_sheet(name, bytes)) {
        return sheets::load_sources(sources, checklist);
    }
    load_json(sources, checklist)
}

/// [`load_sources`] for JSON documents.
fn load_json(sources: &[(String, Vec<u8>)], checklist: &Checklist) -> Outcome {
    let texts: Option<Vec<(&str, &str)>> =
        sources.iter().map(|(name, bytes)| Some((name.as_str(), jsondoc::decode(bytes).ok()?))).collect();
    if let Some(assignments) = texts.and_then(|t| fast::load(&t, checklist)) {
        return Outcome { assignments, problems: Vec::new() };
    }
    full_check(sources, checklist)
}

/// The full validator: every problem in every file, positioned.
pub fn full_check(sources: &[(String, Vec<u8>)], checklist: &Checklist) -> Outcome {
    let mut out = Outcome::default();
    let mut taken = validate::Taken::default();
    let mut files: Vec<(&str, Option<&str>)> = Vec::new();
    let mut found = Vec::new();
    for (i, (name, bytes)) in sources.iter().enumerate() {
        let mut f = Found::default();
        let decoded = jsondoc::decode(bytes);
        let text = decoded.as_ref().ok().copied();
        files.push((name, text));
        let doc = match decoded.and_then(jsondoc::parse) {
            Ok(doc) => doc,
            Err((pos, kind)) => {
                out.problems.push(Problem { file: name.clone(), pos, path: String::new(), kind });
                found.push(f);
                continue;
            }
        };
        f.duplicate_keys(&doc, i);
        let mut walker = validate::Walker::new(i, text.unwrap_or_default(), checklist);
        walker.found = f;
        let (mut source, groups) = walker.document(&doc.root, out.assignments.sources.len(), &mut taken);
        source.name = name.clone();
        out.assignments.sources.push(source);
        out.assignments.groups.extend(groups);
        found.push(walker.found);
    }
    out.problems.extend(jsondoc::position(&files, found));
    out
}
