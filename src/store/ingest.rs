//! Applying lines of local files to the state: a file's new bytes
//! (decoded here), or entries a sync already decoded (`sync.rs`).

use super::fold::Known;
use super::hlc::{self, Hlc, Observed};
use super::line::LineError;
use super::units::{self, Item};
use super::{Store, Warning};
use std::path::Path;

impl Store {
    /// Apply the complete units of `data`, which starts at the file's mark,
    /// and move the mark past them. Returns the ops new to the state (forks
    /// included, told naming this file and line).
    pub(super) fn ingest_local(&mut self, fi: u32, data: &[u8]) -> usize {
        let f = &self.files[fi as usize];
        let (base, first_line) = (f.mark.len, f.mark.lines);
        let path = self.ops_dir.join(&f.name);
        let mut applied = 0;
        let wall = hlc::wall_ms();
        let file_dev = self.files[fi as usize].dev.clone();
        let done = units::scan(data, first_line, |item| match item {
            Item::Unit(unit) => {
                if let Some(w) = foreign(unit, &file_dev, &path) {
                    self.warn(w);
                    return;
                }
                let at = Applying { fi, base, first_line, wall, path: &path, source: None };
                applied += self.apply_entries(unit, &at);
            }
            Item::Bad { line, error } => {
                self.warn(bad_line(&path, line, error));
            }
            Item::Broken { line, lines } => {
                self.warn(Warning::BrokenBatch { file: path.clone(), line, lines });
            }
        });
        self.files[fi as usize].mark.advance(&data[..done.bytes], done.lines);
        applied
    }

    /// Apply decoded entries of local file `at.fi` (whole units, checked;
    /// `start` relative to the file's byte `at.base`, `line` its line
    /// numbers). Returns the ops new to the state.
    pub(super) fn apply_entries(&mut self, unit: &[units::Entry<'_>], at: &Applying<'_>) -> usize {
        let mut applied = 0;
        for en in unit {
            let op = &en.op;
            let f = &mut self.files[at.fi as usize];
            f.max_seq = f.max_seq.max(op.seq);
            let known = self.state.apply(op, at.fi, at.base + en.start as u64);
            if known != Known::Same {
                applied += 1;
                self.observe(&op.dev, op.hlc, at.wall, at.path, en.line);
            }
            if let Known::Fork { file } = known {
                let other = self.ops_dir.join(&self.files[file as usize].name);
                let (file, line) = match at.source {
                    Some((p, lines)) => (p.to_owned(), lines[(en.line - at.first_line - 1) as usize]),
                    None => (at.path.to_owned(), en.line),
                };
                self.warn(Warning::Fork { file, line, device: op.dev.to_string(), seq: u64::from(op.seq), other });
            }
        }
        applied
    }

    pub(super) fn observe(&mut self, dev: &str, stamp: Hlc, wall: u64, path: &Path, line: u64) {
        if self.is_own(dev) {
            // Our own past stamps: never go back before them.
            self.clock.commit(stamp);
        } else if let Observed::TooFarAhead { ahead_ms } = self.clock.observe(stamp, wall) {
            self.warn(Warning::ClockAhead { file: path.to_owned(), line, device: dev.to_owned(), ahead_ms });
        }
    }
}

/// Where entries being applied were read: local file `fi`, whose byte
/// `base` and line `first_line` are where the entries' data starts; for
/// lines just copied in from a sync folder, `source` names that file and
/// the line there of each line copied (forks are told naming it).
pub(super) struct Applying<'p> {
    pub fi: u32,
    pub base: u64,
    pub first_line: u64,
    pub wall: u64,
    pub path: &'p Path,
    pub source: Option<(&'p Path, &'p [u64])>,
}

/// A unit holding an op of another device than the file's is refused
/// whole: only a device writes its own files, so such a line is forged or
/// misplaced, and taking it would let one file speak for another device.
pub(super) fn foreign(unit: &[units::Entry<'_>], file_dev: &str, path: &Path) -> Option<Warning> {
    let en = unit.iter().find(|en| *en.op.dev != *file_dev)?;
    Some(Warning::ForeignOp { file: path.to_owned(), line: en.line, device: en.op.dev.to_string() })
}

pub(super) fn bad_line(path: &Path, line: u64, e: LineError) -> Warning {
    match e {
        LineError::NewerVersion(v) => Warning::NewerVersion { file: path.to_owned(), line, v },
        LineError::Value { field, problem, got } => {
            Warning::BadValue { file: path.to_owned(), line, field, problem, got, kept: false, others: 0 }
        }
        e => Warning::BadLine { file: path.to_owned(), line, reason: e.to_string() },
    }
}
