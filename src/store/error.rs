//! Errors and warnings, as data: the sentences a user reads are made from
//! them in `i18n/store.rs`.

pub use super::files::Special;
use crate::schema::Problem;
use std::path::{Path, PathBuf};

/// Why a store operation failed. A failed write leaves the in-memory state
/// unchanged: the op is not recorded and the caller may retry.
#[derive(Debug)]
pub enum StoreError {
    /// Another process holds the lock on this data directory.
    Locked { dir: PathBuf },
    /// The store was opened with [`crate::store::Store::open_read_only`].
    ReadOnly,
    /// `open_read_only` on a directory that holds no sotay data.
    NoData { dir: PathBuf },
    /// An entity or field name was empty.
    EmptyName,
    /// `device.json` exists but cannot be understood; it is never overwritten.
    BadDeviceFile { path: PathBuf, reason: String },
    /// A value the sync format refuses (a text over [`crate::store::line::MAX_TEXT`]
    /// characters): nothing was written.
    BadValue { field: String, reason: &'static str },
    /// A value of the wrong kind for its field (a status not in the enum,
    /// a negative number…): nothing was written.
    WrongKind { field: String, problem: Problem, got: String },
    /// Reading or writing a file failed.
    Io { path: PathBuf, write: bool, error: std::io::Error },
    /// Writing our ops to a sync folder failed; they are stored on this
    /// laptop all the same.
    CopyOut { path: PathBuf, error: std::io::Error },
}

impl StoreError {
    pub(crate) fn read(path: &Path, error: std::io::Error) -> StoreError {
        StoreError::Io { path: path.to_owned(), write: false, error }
    }

    pub(crate) fn write(path: &Path, error: std::io::Error) -> StoreError {
        StoreError::Io { path: path.to_owned(), write: true, error }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Io { error, .. } | StoreError::CopyOut { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Something the user should know about, found while reading files. None of
/// these lose data: they say what was skipped and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Warning {
    /// A complete line that fails its checksum or does not parse.
    BadLine { file: PathBuf, line: u64, reason: String },
    /// A line from a newer format version: kept in its file, not applied.
    NewerVersion { file: PathBuf, line: u64, v: u64 },
    /// Another device's file ends in an unfinished line; it was ignored.
    TornTail { file: PathBuf, bytes: u64 },
    /// Our own local file ended in an unfinished write (never reported as
    /// saved); it was cut back to the last complete line.
    SealedTail { file: PathBuf, bytes: u64 },
    /// A device's file holds fewer ops than already imported from it.
    StaleCopy { file: PathBuf, device: String, file_max: u64, known_max: u64 },
    /// A device's clock is far ahead; our clock did not follow it.
    ClockAhead { file: PathBuf, line: u64, device: String, ahead_ms: u64 },
    /// A file could not be read; it will be tried again next time.
    Unreadable { file: PathBuf, error: String },
    /// Our own file in the sync folder was old or damaged and was rewritten.
    RewroteOwnFile { file: PathBuf },
    /// A batch of ops was interrupted by a line that does not belong to it;
    /// none of its ops was applied.
    BrokenBatch { file: PathBuf, line: u64, lines: u64 },
    /// An entry named like an op file is a link, a pipe, a folder…: it was
    /// neither read nor written through.
    NotRegular { file: PathBuf, kind: Special },
    /// A line holds an op of another device than the one its file belongs
    /// to; it was not applied.
    ForeignOp { file: PathBuf, line: u64, device: String },
    /// Another op under an id already known (`device:seq`, the other one
    /// from `other`): both are kept and folded (a conflict where they differ).
    Fork { file: PathBuf, line: u64, device: String, seq: u64, other: PathBuf },
    /// Lines refused by their signature or the roster; `reason` is a code
    /// ([`crate::trust::refusal_text`]).
    Untrusted { file: PathBuf, line: u64, reason: String },
    /// Our ops could not be copied to the sync folder; they are safe on
    /// this laptop and go out at the next sync.
    CopyOutFailed { file: PathBuf, error: String },
    /// Records `from..=to` of a device are missing: later ones are there.
    SeqGap { device: String, from: u64, to: u64 },
    /// This data directory writes under a new device id from now on: it
    /// was copied or moved to another machine or folder (`moved`), or its
    /// `device.json` went missing. What it wrote as `old` is kept and
    /// still goes out to sync folders.
    NewDeviceId { old: Option<String>, new: String, moved: bool },
    /// A value of the wrong kind for its field (`crate::schema::check`):
    /// the line was not applied. With `kept`, it only fails this laptop's
    /// checklist (`crate::schema::against`): it is kept and shown as stored,
    /// and `others` more values of the field have the same problem.
    BadValue { file: PathBuf, line: u64, field: String, problem: Problem, got: String, kept: bool, others: u64 },
}
