//! Reading JSON documents that come from outside (assignments files,
//! checklist templates, config.json) so that every problem can be shown as
//! FILE:LINE:COLUMN: PATH: one sentence.
//!
//! - [`read`]: bounded reading of regular files and the text checks
//!   (encoding, NUL bytes), each failure a [`Problem`];
//! - [`tree`]: a parse tree keeping the offset of every value and key, and
//!   finding keys written twice;
//! - [`place`]: offsets to lines and columns, all of a file's in one pass;
//! - [`problem`]: what can be wrong, rendered by `i18n`.
//!
//! The document readers themselves (what a field must hold) live with
//! their models: `assignments/`, `checklist/`, `home/config.rs`.

mod place;
mod problem;
mod read;
mod tree;

pub use place::{Places, line_col};
pub use problem::{Allowed, Expected, IdKind, Problem, ProblemKind, SheetProblem};
pub use read::{MAX_BYTES, decode, io_reason, read_file, syntax_pos, syntax_reason};
pub use tree::{Doc, Member, Members, Node, Value};

/// Parses decoded text: a syntax error as one positioned problem kind, or
/// the tree with its duplicate keys. serde_json checks the syntax (its
/// messages, its nesting limit); the tree keeps the places.
pub fn parse(text: &str) -> Result<Doc<'_>, DecodeError> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        return Err((Some(syntax_pos(text, &e)), ProblemKind::Syntax(syntax_reason(&e))));
    }
    tree::parse(text).map_err(|at| (Some(line_col(text, at)), ProblemKind::TooDeep(tree::MAX_DEPTH)))
}

pub use read::DecodeError;

/// Problems found while walking one document, kept as byte offsets until
/// all are known, then positioned in one pass.
#[derive(Default)]
pub struct Found {
    pub list: Vec<Finding>,
}

/// A problem before its file and line are attached.
pub struct Finding {
    pub path: String,
    /// Byte offset of the value (or key) the problem is about.
    pub at: usize,
    pub kind: ProblemKind,
    /// For a duplicate: the file index and offset of the first use, which
    /// becomes FILE:LINE:COLUMN in the message.
    pub first: Option<(usize, usize)>,
}

impl Found {
    pub fn push(&mut self, path: &str, at: usize, kind: ProblemKind) {
        self.list.push(Finding { path: path.to_owned(), at, kind, first: None });
    }

    /// Reports every key written twice in the document (file `file`).
    pub fn duplicate_keys(&mut self, doc: &Doc, file: usize) {
        for d in &doc.duplicates {
            self.list.push(Finding {
                path: d.path.clone(),
                at: d.at,
                kind: ProblemKind::DuplicateKey { key: d.key.clone(), first: String::new() },
                first: Some((file, d.first_at)),
            });
        }
    }
}

/// Turns the findings of several files (`found[i]` in `files[i]`, each a
/// name and its text when it decoded) into problems, with each file's
/// positions found in a single pass over it.
pub fn position(files: &[(&str, Option<&str>)], found: Vec<Found>) -> Vec<Problem> {
    let mut offsets: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    for (i, f) in found.iter().enumerate() {
        for x in &f.list {
            offsets[i].push(x.at);
            if let Some((j, at)) = x.first {
                offsets[j].push(at);
            }
        }
    }
    let places: Vec<Places> = files
        .iter()
        .zip(offsets)
        .map(|((_, text), offs)| text.map(|t| Places::new(t, offs)).unwrap_or_default())
        .collect();
    let place = |file: usize, at: usize| places[file].get(at);
    let mut out = Vec::new();
    for (i, f) in found.into_iter().enumerate() {
        for x in f.list {
            let mut kind = x.kind;
            if let Some((j, at)) = x.first {
                let shown = match place(j, at) {
                    Some((l, c)) => format!("{}:{l}:{c}", files[j].0),
                    None => files[j].0.to_owned(),
                };
                match &mut kind {
                    ProblemKind::Duplicate { first, .. } | ProblemKind::DuplicateKey { first, .. } => *first = shown,
                    _ => {}
                }
            }
            out.push(Problem { file: files[i].0.to_owned(), pos: place(i, x.at), path: x.path, kind });
        }
    }
    out
}
