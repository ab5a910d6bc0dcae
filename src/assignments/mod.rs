//! The assignments file (CONTRACT.md §1): reading, validating with every
//! problem positioned, and the loaded model.

mod fast;
mod locate;
mod model;
mod problem;
pub mod sheets;
mod validate;

use std::collections::{HashMap, HashSet};
use std::path::Path;

pub use locate::{line_col, locate};
pub use model::*;
pub use problem::{Expected, IdKind, Problem, ProblemKind};
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

/// Reads a file's bytes, turning every way it can fail into a problem.
pub fn read_file(path: &Path) -> Result<Vec<u8>, Box<Problem>> {
    let file = path.display().to_string();
    let fail = |kind| Box::new(Problem { file: file.clone(), pos: None, path: String::new(), kind });
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(fail(ProblemKind::NotFound));
        }
        Ok(m) if m.is_dir() => return Err(fail(ProblemKind::IsDirectory)),
        _ => {}
    }
    std::fs::read(path).map_err(|e| fail(ProblemKind::Unreadable(io_reason(&e))))
}

/// A short reason for an I/O error, without the `Debug` noise.
pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// Loads files from disk; see [`load_sources`].
pub fn load_files(paths: &[impl AsRef<Path>], known_code: &dyn Fn(&str) -> bool) -> Outcome {
    let mut problems = Vec::new();
    let mut sources = Vec::new();
    for p in paths {
        let p = p.as_ref();
        match read_file(p) {
            Ok(bytes) => sources.push((p.display().to_string(), bytes)),
            Err(problem) => problems.push(*problem),
        }
    }
    let mut out = load_sources(&sources, known_code);
    problems.append(&mut out.problems);
    out.problems = problems;
    out
}

/// Validates named documents together (ids must be unique across them),
/// JSON or spreadsheets (see [`sheets`]).
/// `known_code` says whether a weakness code names a checklist item.
pub fn load_sources(sources: &[(String, Vec<u8>)], known_code: &dyn Fn(&str) -> bool) -> Outcome {
    if sources.iter().any(|(name, bytes)| sheets::is_sheet(name, bytes)) {
        return sheets::load_sources(sources, known_code);
    }
    load_json(sources, known_code)
}

/// [`load_sources`] for JSON documents.
fn load_json(sources: &[(String, Vec<u8>)], known_code: &dyn Fn(&str) -> bool) -> Outcome {
    let texts: Option<Vec<(&str, &str)>> =
        sources.iter().map(|(name, bytes)| Some((name.as_str(), decode(bytes).ok()?))).collect();
    if let Some(assignments) = texts.and_then(|t| fast::load(&t, known_code)) {
        return Outcome { assignments, problems: Vec::new() };
    }
    full_check(sources, known_code)
}

/// The full validator: every problem in every file, positioned.
pub fn full_check(sources: &[(String, Vec<u8>)], known_code: &dyn Fn(&str) -> bool) -> Outcome {
    let mut out = Outcome::default();
    let mut taken = validate::Taken::default();
    let mut texts: Vec<Option<&str>> = Vec::new();
    let mut found_per_file = Vec::new();
    for (i, (name, bytes)) in sources.iter().enumerate() {
        let problem = |pos, kind| Problem { file: name.clone(), pos, path: String::new(), kind };
        let text = match decode(bytes) {
            Ok(t) => t,
            Err((pos, kind)) => {
                out.problems.push(problem(pos, kind));
                texts.push(None);
                found_per_file.push(Vec::new());
                continue;
            }
        };
        texts.push(Some(text));
        let root: serde_json::Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                out.problems.push(problem(Some(syntax_pos(text, &e)), ProblemKind::Syntax(syntax_reason(&e))));
                found_per_file.push(Vec::new());
                continue;
            }
        };
        let mut walker = validate::Walker::new(i, known_code);
        let (mut source, groups) = walker.document(&root, out.assignments.sources.len(), &mut taken);
        source.name = name.clone();
        out.assignments.sources.push(source);
        out.assignments.groups.extend(groups);
        found_per_file.push(walker.found);
    }
    // Positions are found only now, with one scan per file, and only for
    // the paths a problem needs (including first uses of duplicate ids).
    let mut wanted: Vec<HashSet<String>> = vec![HashSet::new(); sources.len()];
    for (i, found) in found_per_file.iter().enumerate() {
        for f in found {
            wanted[i].insert(key_of(&f.path, f.at_key));
            if let Some((j, path)) = &f.first_at {
                wanted[*j].insert(path.clone());
            }
        }
    }
    let positions: Vec<HashMap<String, usize>> =
        wanted.iter().zip(&texts).map(|(want, text)| text.map(|t| locate(t, want)).unwrap_or_default()).collect();
    let place = |file: usize, path: &str| -> Option<(usize, usize)> {
        let text = texts[file]?;
        positions[file].get(path).map(|&off| line_col(text, off))
    };
    for (i, found) in found_per_file.into_iter().enumerate() {
        for f in found {
            let mut kind = f.kind;
            if let (ProblemKind::Duplicate { first, .. }, Some((j, path))) = (&mut kind, &f.first_at) {
                *first = match place(*j, path) {
                    Some((l, c)) => format!("{}:{l}:{c}", sources[*j].0),
                    None => sources[*j].0.clone(),
                };
            }
            out.problems.push(Problem {
                file: sources[i].0.clone(),
                pos: place(i, &key_of(&f.path, f.at_key)),
                path: f.path,
                kind,
            });
        }
    }
    out
}

fn key_of(path: &str, at_key: bool) -> String {
    if at_key { format!("{path}#key") } else { path.to_owned() }
}

/// Why bytes are not text, and where (line, column) when known.
type DecodeError = (Option<(usize, usize)>, ProblemKind);

/// Bytes to text: a UTF-8 byte-order mark is accepted (Notepad writes one);
/// UTF-16, empty and non-UTF-8 files are refused with a reason.
pub(crate) fn decode(bytes: &[u8]) -> Result<&str, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
        return Err((None, ProblemKind::Utf16));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            return Err((Some(line_col(good, good.len())), ProblemKind::NotUtf8));
        }
    };
    if text.trim().is_empty() {
        return Err((None, ProblemKind::Empty));
    }
    Ok(text)
}

/// UTF-16 without a byte-order mark still shows as ASCII bytes with NULs
/// between them.
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    head.len() >= 4 && head.iter().filter(|&&b| b == 0).count() * 3 >= head.len()
}

/// serde_json reports a byte column; users count characters.
pub(crate) fn syntax_pos(text: &str, e: &serde_json::Error) -> (usize, usize) {
    let line = e.line().max(1);
    let Some(line_text) = text.split('\n').nth(line - 1) else {
        return (line, e.column());
    };
    let mut byte = e.column().saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(byte) {
        byte -= 1;
    }
    (line, line_text[..byte].chars().count() + 1)
}

pub(crate) fn syntax_reason(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}
