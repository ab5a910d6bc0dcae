//! Getting a document's text: bounded reading of regular files, and the
//! decoding checks that turn bytes into text or into one clear problem.

use std::io::Read;
use std::path::Path;

use super::place::line_col;
use super::problem::{Problem, ProblemKind};

/// The largest input file read (64 MiB): six times the national
/// assignments file. Anything larger is refused before it is read, so a
/// wrong file cannot take all the memory.
pub const MAX_BYTES: u64 = 64 << 20;

/// Reads a file's bytes, turning every way it can fail into a problem.
/// Only regular files are read: a device (`/dev/zero`) or a pipe would
/// never end, or never start.
pub fn read_file(path: &Path) -> Result<Vec<u8>, Box<Problem>> {
    read_file_limited(path, MAX_BYTES)
}

pub(crate) fn read_file_limited(path: &Path, max: u64) -> Result<Vec<u8>, Box<Problem>> {
    let file = path.display().to_string();
    let fail = |kind| Box::new(Problem { file: file.clone(), pos: None, path: String::new(), kind });
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(fail(ProblemKind::NotFound)),
        Err(e) => return Err(fail(ProblemKind::Unreadable(io_reason(&e)))),
        Ok(m) => m,
    };
    if meta.is_dir() {
        return Err(fail(ProblemKind::IsDirectory));
    }
    if !meta.is_file() {
        return Err(fail(ProblemKind::NotAFile));
    }
    if meta.len() > max {
        return Err(fail(ProblemKind::TooLarge { bytes: meta.len(), max }));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let read = std::fs::File::open(path).and_then(|f| f.take(max + 1).read_to_end(&mut bytes));
    match read {
        // It grew between the look and the read.
        Ok(n) if n as u64 > max => Err(fail(ProblemKind::TooLarge { bytes: n as u64, max })),
        Ok(_) => Ok(bytes),
        Err(e) => Err(fail(ProblemKind::Unreadable(io_reason(&e)))),
    }
}

/// A short reason for an I/O error, without the `Debug` noise.
pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// Why bytes are not text, and where (line, column) when known.
pub type DecodeError = (Option<(usize, usize)>, ProblemKind);

/// Bytes to text: a UTF-8 byte-order mark is accepted (Notepad writes one);
/// UTF-16, empty, zero-filled and non-UTF-8 files are refused with a reason.
pub fn decode(bytes: &[u8]) -> Result<&str, DecodeError> {
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
    // JSON text never holds a NUL byte; a run of them is what a stick
    // pulled out in the middle of a write leaves behind.
    if let Some(at) = memchr::memchr(0, text.as_bytes()) {
        return Err((Some(line_col(text, at)), ProblemKind::NulBytes));
    }
    if text.trim().is_empty() {
        return Err((None, ProblemKind::Empty));
    }
    Ok(text)
}

/// UTF-16 without a byte-order mark still shows as ASCII bytes with NULs
/// between them: in most pairs of bytes one is NUL and the other is not.
/// (A file of NULs alone is not text of any kind.)
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    let pairs = head.len() / 2;
    let mixed = head.chunks_exact(2).filter(|p| (p[0] == 0) != (p[1] == 0)).count();
    pairs >= 2 && mixed * 4 >= pairs * 3
}

/// serde_json reports a byte column; users count characters.
pub fn syntax_pos(text: &str, e: &serde_json::Error) -> (usize, usize) {
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

pub fn syntax_reason(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_bytes_are_not_utf16() {
        assert_eq!(decode(&[0u8; 4096]).unwrap_err(), (Some((1, 1)), ProblemKind::NulBytes));
        let mut cut = b"{\"format\": \"sotay-assignments\",\n".to_vec();
        cut.extend([0u8; 100]);
        assert_eq!(decode(&cut).unwrap_err(), (Some((2, 1)), ProblemKind::NulBytes));
        let utf16: Vec<u8> = "{\"format\": 1}".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&utf16).unwrap_err().1, ProblemKind::Utf16);
    }

    #[cfg(unix)]
    #[test]
    fn devices_pipes_and_big_files_are_refused_before_reading() {
        let kind = |p: &str| read_file(Path::new(p)).unwrap_err().kind;
        assert_eq!(kind("/dev/zero"), ProblemKind::NotAFile);
        assert_eq!(kind("/dev/urandom"), ProblemKind::NotAFile);
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.json");
        std::fs::write(&big, vec![b' '; 1001]).unwrap();
        assert_eq!(read_file_limited(&big, 1000).unwrap_err().kind, ProblemKind::TooLarge { bytes: 1001, max: 1000 });
        assert_eq!(read_file_limited(&big, 1001).unwrap().len(), 1001);
    }
}
