//! Who wrote what: device keys, the group roster, and the checks a sync
//! folder's files pass before their ops are taken in.
//!
//! The store calls [`scan`] on every other device's file it reads from a
//! sync folder; what it returns says, line by line, what to take, what to
//! hold aside (a device not in the roster) and what to refuse (a line that
//! fails its signature). Files already in the local store were checked on
//! the way in, so a cold fold does not check again.

pub mod keys;
pub mod roster;
pub mod sig;

use crate::lang::Lang;
use roster::Entry;
use std::collections::BTreeSet;
use std::path::Path;

/// `<data>/store/trust.json`: the devices this laptop knew when it first
/// made its key (the upgrade to signed files). Their unsigned lines are
/// still taken, so nobody's history is lost.
pub const LEGACY_FILE: &str = "trust.json";

#[derive(serde::Serialize, serde::Deserialize, Default)]
struct LegacyFile {
    v: u32,
    legacy: BTreeSet<String>,
}

/// Read the devices known before the upgrade, writing the list first if
/// it was never written (this is the upgrade): `known` are the devices
/// with files in the local store now.
pub fn legacy_devices(store_dir: &Path, known: impl FnOnce() -> BTreeSet<String>) -> std::io::Result<BTreeSet<String>> {
    let path = store_dir.join(LEGACY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(t) => Ok(serde_json::from_str::<LegacyFile>(&t).map(|f| f.legacy).unwrap_or_default()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let f = LegacyFile { v: 1, legacy: known() };
            let body = serde_json::to_string(&f).unwrap_or_default() + "\n";
            crate::disk::write_atomic(&path, body.as_bytes())?;
            Ok(f.legacy)
        }
        Err(e) => Err(e),
    }
}

/// How a device's file is treated.
#[derive(Debug, Clone, Copy)]
pub enum Gate<'a> {
    /// No roster yet on this laptop, or our own file: taken as it is.
    Open,
    /// Known before the upgrade and not admitted since: its unsigned lines
    /// are taken, its signed ones wait for an admission.
    Legacy,
    /// In the roster: only lines signed by its admitted key are taken.
    Admitted(&'a Entry),
    /// Anyone else: held aside.
    Unknown,
}

/// What to do with one complete line of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Take the op (the caller still checks `by` and removal).
    Take,
    /// Keep it aside until the device is admitted.
    Hold,
    /// Not an op to take: a signature line, a refused or a pending line.
    Skip,
}

/// A batch of lines whose signature did not check out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// 0-based indexes of the first line of the batch and of its
    /// signature line.
    pub first: usize,
    pub sig: usize,
    pub error: sig::SigError,
}

#[derive(Debug, Default)]
pub struct Scan {
    /// One per complete line of the data.
    pub verdicts: Vec<Verdict>,
    /// Bytes to count as read: lines after the last signature of an
    /// admitted device are read again once their signature arrives.
    pub consumed: usize,
    pub refusals: Vec<Refusal>,
    /// The key of the last valid signature (admitted or not): how a
    /// device's key becomes known before it is admitted.
    pub key: Option<[u8; 32]>,
}

/// Judge the complete lines of `data`, the bytes of `file` (canonical name)
/// of device `dev` from byte `from` on; `from` is 0 or just after a
/// signature line (or any line, for an open or legacy file).
pub fn scan(gate: Gate<'_>, dev: &str, file: &str, from: u64, data: &[u8]) -> Scan {
    let mut out = Scan::default();
    let mut batch_start = 0usize;
    let mut batch_first = 0usize;
    let mut start = 0usize;
    for nl in memchr::memchr_iter(b'\n', data) {
        let line = &data[start..nl];
        let i = out.verdicts.len();
        if sig::is_sig_line(line) {
            let batch = &data[batch_start..start];
            let checked = sig::verify(line, dev, file, from + batch_start as u64, batch);
            if let Ok(s) = &checked {
                out.key = Some(s.key);
            }
            let v = match (gate, checked) {
                (Gate::Open, _) => Verdict::Take,
                (_, Err(error)) => {
                    out.refusals.push(Refusal { first: batch_first, sig: i, error });
                    Verdict::Skip
                }
                (Gate::Admitted(e), Ok(s)) if e.key == s.key => Verdict::Take,
                _ => Verdict::Hold,
            };
            for x in &mut out.verdicts[batch_first..] {
                *x = v;
            }
            out.verdicts.push(Verdict::Skip);
            batch_start = nl + 1;
            batch_first = i + 1;
            out.consumed = nl + 1;
        } else {
            out.verdicts.push(Verdict::Skip);
        }
        start = nl + 1;
    }
    // Lines no signature covers (yet).
    let tail = match gate {
        Gate::Open | Gate::Legacy => Some(Verdict::Take),
        Gate::Unknown => Some(Verdict::Hold),
        Gate::Admitted(_) => None,
    };
    if let Some(v) = tail {
        for x in &mut out.verdicts[batch_first..] {
            *x = v;
        }
        out.consumed = start;
    }
    out
}

/// Why a line was refused, as the warning says it.
pub fn refusal_text(code: &str, lang: Lang) -> String {
    if let Some(rest) = code.strip_prefix("by:") {
        let (by, member) = rest.split_once(':').unwrap_or((rest, ""));
        return match lang {
            Lang::Vi => format!("ghi tên người viết là \"{by}\" nhưng thiết bị này thuộc về \"{member}\""),
            Lang::En => format!("it names \"{by}\" as its author but the device belongs to \"{member}\""),
        };
    }
    let (vi, en) = match code {
        "malformed" => ("dòng chữ ký không đọc được", "unreadable signature line"),
        "wrong_file" => ("chữ ký làm cho thiết bị hoặc tệp khác", "signature made for another device or file"),
        "wrong_range" => (
            "có dòng bị xóa, thêm hoặc chuyển chỗ trước chữ ký",
            "lines were dropped, added or moved before the signature",
        ),
        "wrong_hash" => ("nội dung đã ký bị sửa", "signed lines were changed"),
        "bad_signature" => ("chữ ký không khớp với khóa", "signature does not match the key"),
        other => (other, other),
    };
    match lang {
        Lang::Vi => vi.to_owned(),
        Lang::En => en.to_owned(),
    }
}

impl sig::SigError {
    /// The stable code kept in warnings (and the cache).
    pub fn code(&self) -> &'static str {
        match self {
            sig::SigError::Malformed => "malformed",
            sig::SigError::WrongFile => "wrong_file",
            sig::SigError::WrongRange => "wrong_range",
            sig::SigError::WrongHash => "wrong_hash",
            sig::SigError::BadSignature => "bad_signature",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_list_is_written_once() {
        let d = tempfile::tempdir().unwrap();
        let first = legacy_devices(d.path(), || ["a".to_owned()].into()).unwrap();
        assert_eq!(first, ["a".to_owned()].into());
        // Later calls read it back; devices seen since do not join it.
        let again = legacy_devices(d.path(), || ["a".to_owned(), "b".to_owned()].into()).unwrap();
        assert_eq!(again, first);
    }

    #[test]
    fn scan_takes_signed_holds_unknown_and_waits_for_signatures() {
        let dir = tempfile::tempdir().unwrap();
        let k = keys::DeviceKey::load_or_create(dir.path(), "a1b2c3d4e5f60718").unwrap();
        let file = "a1b2c3d4e5f60718.2025-11-1.jsonl";
        let ops = b"op1\nop2\n";
        let mut data = ops.to_vec();
        data.extend_from_slice(sig::sign(&k, file, 0, ops, 2).as_bytes());
        data.extend_from_slice(b"op3\n");
        let entry = Entry {
            key: *k.public().as_bytes(),
            member: "nva".into(),
            leader: false,
            removed_after: None,
            admitted_by: String::new(),
        };
        let s = scan(Gate::Admitted(&entry), k.device(), file, 0, &data);
        assert_eq!(s.verdicts, [Verdict::Take, Verdict::Take, Verdict::Skip, Verdict::Skip]);
        // op3 has no signature yet: read again later.
        assert_eq!(s.consumed, data.len() - 4);
        let s = scan(Gate::Unknown, k.device(), file, 0, &data);
        assert_eq!(s.verdicts, [Verdict::Hold, Verdict::Hold, Verdict::Skip, Verdict::Hold]);
        assert_eq!(s.key, Some(entry.key));
        // Another key for the same device id: held, not taken.
        let other = Entry { key: [1; 32], ..entry.clone() };
        let s = scan(Gate::Admitted(&other), k.device(), file, 0, &data);
        assert_eq!(s.verdicts[0], Verdict::Hold);
        // A dropped line: the batch is refused.
        let cut = &data[4..];
        let s = scan(Gate::Admitted(&entry), k.device(), file, 0, cut);
        assert_eq!(s.verdicts[0], Verdict::Skip);
        assert_eq!(s.refusals, [Refusal { first: 0, sig: 1, error: sig::SigError::WrongRange }]);
        assert_eq!(
            refusal_text(s.refusals[0].error.code(), Lang::En),
            "lines were dropped, added or moved before the signature"
        );
    }
}
