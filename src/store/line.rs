//! One op per line: JSON with a crc32 member at the end.
//!
//! The checksum covers the line as it would read without its `crc` member:
//! the bytes before `,"crc":"xxxxxxxx"}` followed by `}`. Writing the crc
//! last lets a reader check it without re-serialising anything.
//!
//! Version 2 adds batches: ops recorded together (a visit's first fields)
//! are consecutive lines of one device, each but the last carrying
//! `"more":k`, the number of lines of the batch still to come. A reader
//! applies a batch only once its last line is there (see `units.rs`).
//! Members a version-2 reader does not know are ignored, which leaves room
//! for optional per-device fields (a chain hash, a signature) before `crc`.

use super::hlc::Hlc;
use super::op::{Body, Op, OpId, split_id};
use super::raw_line::{CRC_TAIL_LEN, RawLine, parse_fast};
use crate::schema::Problem;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// The format version this code writes; it reads this one and every older.
pub const VERSION: u64 = 2;
/// The oldest version still read.
const OLDEST: u64 = 1;

/// Why a line was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    /// The crc member is missing or does not match the line.
    Checksum,
    /// Not valid JSON for an op (the text says what serde_json saw).
    Json(String),
    /// Valid JSON but not a valid op.
    Invalid(&'static str),
    /// Written by a newer version of the format.
    NewerVersion(u64),
    /// Longer than [`MAX_LINE`] bytes (the length is given): not read.
    TooLong(u64),
    /// A value of the wrong kind for its field (`crate::schema::check`).
    Value { field: String, problem: Problem, got: String },
}

/// The longest text a value may hold, in characters: under Excel's limit of
/// 32,767 per cell, so no single value can make an export fail.
pub const MAX_TEXT: usize = 30_000;
/// The latest `hlc` time taken: 9999-12-31T23:59:59.999Z. A stamp past it
/// is not a clock reading (and would print as a number, not a date).
pub const MAX_HLC_MS: u64 = 253_402_300_799_999;

/// Why a value cannot be stored: a text longer than [`MAX_TEXT`].
pub fn check_value(v: &serde_json::Value) -> Result<(), &'static str> {
    use serde_json::Value;
    match v {
        Value::String(s) if s.chars().count() > MAX_TEXT => Err("a text longer than 30000 characters"),
        Value::Array(a) => a.iter().try_for_each(check_value),
        Value::Object(o) => o.iter().try_for_each(|(k, v)| {
            if k.chars().count() > MAX_TEXT {
                return Err("a text longer than 30000 characters");
            }
            check_value(v)
        }),
        _ => Ok(()),
    }
}

/// [`check_value`] on raw JSON text; short values cannot fail it.
fn check_raw(raw: &str) -> Result<(), LineError> {
    if raw.len() <= MAX_TEXT {
        return Ok(());
    }
    let v: serde_json::Value = serde_json::from_str(raw).map_err(|e| LineError::Json(e.to_string()))?;
    check_value(&v).map_err(LineError::Invalid)
}

/// The longest line read. Longer lines are skipped, so reading a file
/// never needs more memory than a few of these, whatever the file holds.
pub const MAX_LINE: usize = 1 << 20;

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineError::Checksum => write!(f, "checksum mismatch"),
            LineError::Json(e) => write!(f, "not valid JSON: {e}"),
            LineError::Invalid(why) => write!(f, "not a valid op: {why}"),
            LineError::NewerVersion(v) => write!(f, "written by format version {v}"),
            LineError::TooLong(n) => write!(f, "{n} bytes long, over the limit of {MAX_LINE}"),
            LineError::Value { field, problem, got } => write!(f, "{field} cannot hold {got} ({problem:?})"),
        }
    }
}

/// Append `s` as a JSON string.
fn push_json_str(out: &mut String, s: &str) {
    // serde_json never fails on a str.
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

/// Encode an op as one line, ending in `\n`.
pub fn encode(op: &Op) -> String {
    encode_in_batch(op, 0)
}

/// Encode an op followed by `more` lines of the same batch.
pub fn encode_in_batch(op: &Op, more: u32) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(160);
    let _ = write!(s, "{{\"v\":{VERSION},\"id\":");
    push_json_str(&mut s, &op.id().to_string());
    s.push_str(",\"dev\":");
    push_json_str(&mut s, &op.dev);
    let _ = write!(s, ",\"seq\":{},\"hlc\":[{},{}],\"by\":", op.seq, op.hlc.ms, op.hlc.c);
    push_json_str(&mut s, &op.by);
    s.push_str(",\"sup\":[");
    for (i, id) in op.sup.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        push_json_str(&mut s, &id.to_string());
    }
    s.push_str("],\"e\":");
    push_json_str(&mut s, &op.e);
    match &op.body {
        Body::Set { f, val } => {
            s.push_str(",\"f\":");
            push_json_str(&mut s, f);
            s.push_str(",\"val\":");
            s.push_str(&serde_json::to_string(val).unwrap_or_else(|_| "null".into()));
        }
        Body::Del => s.push_str(",\"del\":true"),
    }
    if more > 0 {
        let _ = write!(s, ",\"more\":{more}");
    }
    s.push('}');
    let crc = crc32fast::hash(s.as_bytes());
    s.pop();
    let _ = writeln!(s, ",\"crc\":\"{crc:08x}\"}}");
    s
}

#[derive(Deserialize)]
struct VersionOnly {
    v: u64,
}

/// A checked op borrowed from its line. Values stay as raw JSON text so a
/// fold does not build a tree for every value it will soon drop.
#[derive(Debug)]
pub struct LineOp<'a> {
    pub dev: Cow<'a, str>,
    pub seq: u32,
    pub hlc: Hlc,
    pub by: Cow<'a, str>,
    /// Superseded ops as (device, seq).
    pub sup: Vec<(Cow<'a, str>, u32)>,
    pub e: Cow<'a, str>,
    /// `Some((field, raw value))` for a set, `None` for a delete.
    pub set: Option<(Cow<'a, str>, &'a str)>,
    /// Lines of the same batch that follow this one.
    pub more: u32,
    /// The line's checksum: two lines with one op id and different
    /// checksums are a fork.
    pub crc: u32,
}

/// The line's crc, if its crc member is there and matches.
fn check_crc(line: &[u8]) -> Option<u32> {
    let n = line.len();
    if n < CRC_TAIL_LEN + 2 {
        return None;
    }
    let (head, tail) = line.split_at(n - CRC_TAIL_LEN);
    if &tail[..8] != b",\"crc\":\"" || &tail[16..] != b"\"}" {
        return None;
    }
    let hex = &tail[8..16];
    if !hex.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    let mut h = crc32fast::Hasher::new();
    h.update(head);
    h.update(b"}");
    let crc = h.finalize();
    let same = hex.iter().enumerate().all(|(i, &b)| {
        let nibble = (crc >> (28 - 4 * i)) & 0xf;
        b == b"0123456789abcdef"[nibble as usize]
    });
    same.then_some(crc)
}

fn to_u32_seq(seq: u64) -> Result<u32, LineError> {
    u32::try_from(seq).ok().filter(|s| *s >= 1).ok_or(LineError::Invalid("seq must be between 1 and 4294967295"))
}

/// Decode one line (without its newline).
pub fn decode(line: &[u8]) -> Result<LineOp<'_>, LineError> {
    let Some(crc) = check_crc(line) else {
        // A newer writer might have a different layout; say so if we can tell.
        if let Ok(VersionOnly { v }) = serde_json::from_slice(line)
            && v > VERSION
        {
            return Err(LineError::NewerVersion(v));
        }
        return Err(LineError::Checksum);
    };
    let raw: RawLine<'_> = match parse_fast(line).map_or_else(|| serde_json::from_slice(line), Ok) {
        Ok(r) => r,
        Err(e) => {
            if let Ok(VersionOnly { v }) = serde_json::from_slice(line)
                && v > VERSION
            {
                return Err(LineError::NewerVersion(v));
            }
            return Err(LineError::Json(e.to_string()));
        }
    };
    if raw.v > VERSION {
        return Err(LineError::NewerVersion(raw.v));
    }
    if raw.v < OLDEST {
        return Err(LineError::Invalid("unknown version"));
    }
    if raw.v < 2 && raw.more > 0 {
        return Err(LineError::Invalid("batches need version 2"));
    }
    if raw.dev.is_empty() || raw.dev.contains(':') {
        return Err(LineError::Invalid("bad device id"));
    }
    let seq = to_u32_seq(raw.seq)?;
    match split_id(&raw.id) {
        Some((d, s)) if d == raw.dev && s == raw.seq => {}
        _ => return Err(LineError::Invalid("id is not <dev>:<seq>")),
    }
    if raw.e.is_empty() {
        return Err(LineError::Invalid("empty entity"));
    }
    if raw.hlc.0 > MAX_HLC_MS {
        return Err(LineError::Invalid("hlc is not a time (after the year 9999)"));
    }
    let mut sup = Vec::with_capacity(raw.sup.len());
    for s in raw.sup {
        let (d, n) = split_id(&s).ok_or(LineError::Invalid("bad id in sup"))?;
        let n = to_u32_seq(n)?;
        let d = match s {
            Cow::Borrowed(b) => Cow::Borrowed(&b[..d.len()]),
            Cow::Owned(_) => Cow::Owned(d.to_owned()),
        };
        sup.push((d, n));
    }
    let set = match (raw.f, raw.del) {
        (Some(f), false) => {
            if f.is_empty() {
                return Err(LineError::Invalid("empty field"));
            }
            // serde maps `"val":null` and a missing val to None: both are null.
            let val = raw.val.map(RawValue::get).unwrap_or("null");
            check_raw(val)?;
            crate::schema::check(&raw.e, &f, val).map_err(|problem| LineError::Value {
                field: f.to_string(),
                problem,
                got: crate::schema::shown(val),
            })?;
            Some((f, val))
        }
        (None, true) => None,
        _ => return Err(LineError::Invalid("needs exactly one of f or del")),
    };
    Ok(LineOp {
        dev: raw.dev,
        seq,
        hlc: Hlc::new(raw.hlc.0, raw.hlc.1),
        by: raw.by,
        sup,
        e: raw.e,
        set,
        more: raw.more,
        crc,
    })
}

impl LineOp<'_> {
    /// An owned copy, with the value parsed.
    pub fn to_op(&self) -> Op {
        Op {
            dev: self.dev.to_string(),
            seq: u64::from(self.seq),
            hlc: self.hlc,
            by: self.by.to_string(),
            sup: self.sup.iter().map(|(d, s)| OpId::new(d, u64::from(*s))).collect(),
            e: self.e.to_string(),
            body: match &self.set {
                Some((f, raw)) => {
                    Body::Set { f: f.to_string(), val: serde_json::from_str(raw).unwrap_or(serde_json::Value::Null) }
                }
                None => Body::Del,
            },
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use serde_json::json;

    pub(in crate::store) fn sample() -> Op {
        Op {
            dev: "a1b2c3d4e5f60718".into(),
            seq: 7,
            hlc: Hlc::new(1_763_850_000_000, 0),
            by: "nva".into(),
            sup: vec![OpId::new("a1b2c3d4e5f60718", 6)],
            e: "visit/x".into(),
            body: Body::Set { f: "item/recruitment/status".into(), val: json!("improving") },
        }
    }

    pub(in crate::store) fn strip(line: &str) -> &[u8] {
        line.strip_suffix('\n').unwrap().as_bytes()
    }

    #[test]
    fn encodes_the_documented_layout() {
        let line = encode(&sample());
        assert!(line.starts_with(
            r#"{"v":2,"id":"a1b2c3d4e5f60718:7","dev":"a1b2c3d4e5f60718","seq":7,"hlc":[1763850000000,0],"by":"nva","sup":["a1b2c3d4e5f60718:6"],"e":"visit/x","f":"item/recruitment/status","val":"improving","crc":""#
        ));
        assert!(line.ends_with("\"}\n"));
        assert_eq!(line.matches('\n').count(), 1);
        // The crc is over the line without its crc member.
        let body = line.split(r#","crc":""#).next().unwrap().to_owned() + "}";
        let crc = format!("{:08x}", crc32fast::hash(body.as_bytes()));
        assert!(line.contains(&crc));
    }

    #[test]
    fn round_trips_sets_deletes_and_awkward_text() {
        let mut op = sample();
        op.e = "visit/Bình Sơn \"x\"\n\\".into();
        op.body = Body::Set { f: "note".into(), val: json!({"a": [1, 2.5, null, "Đảng ủy"], "b": true}) };
        let line = encode(&op);
        assert_eq!(decode(strip(&line)).unwrap().to_op(), op);
        op.body = Body::Del;
        op.sup.clear();
        let line = encode(&op);
        assert!(line.contains(r#""del":true"#));
        assert_eq!(decode(strip(&line)).unwrap().to_op(), op);
    }

    #[test]
    fn null_value_is_kept_as_null() {
        let mut op = sample();
        op.body = Body::Set { f: "x".into(), val: serde_json::Value::Null };
        assert_eq!(decode(strip(&encode(&op))).unwrap().to_op(), op);
    }

    #[test]
    fn any_flipped_byte_is_rejected() {
        let line = encode(&sample());
        let b = strip(&line);
        for i in 0..b.len() {
            let mut m = b.to_vec();
            m[i] ^= 0x01;
            assert!(decode(&m).is_err(), "flip at {i} accepted");
        }
    }

    #[test]
    fn missing_crc_and_truncation_are_rejected() {
        assert_eq!(
            decode(br#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"e":"x","del":true}"#).unwrap_err(),
            LineError::Checksum
        );
        let line = encode(&sample());
        let b = strip(&line);
        for n in 0..b.len() {
            assert!(decode(&b[..n]).is_err());
        }
    }

    pub(in crate::store) fn with_crc(body: &str) -> Vec<u8> {
        let crc = crc32fast::hash(body.as_bytes());
        let mut s = body.to_owned();
        s.pop();
        format!("{s},\"crc\":\"{crc:08x}\"}}").into_bytes()
    }

    #[test]
    fn newer_version_is_reported_not_decoded() {
        let l = with_crc(r#"{"v":3,"id":"a:1","dev":"a","seq":1,"whatever":{}}"#);
        assert_eq!(decode(&l).unwrap_err(), LineError::NewerVersion(3));
        // Even without a crc we can tell the user to update.
        assert_eq!(decode(br#"{"v":3,"new":"layout"}"#).unwrap_err(), LineError::NewerVersion(3));
    }

    #[test]
    fn semantic_checks() {
        let cases = [
            r#"{"v":1,"id":"a:2","dev":"a","seq":1,"hlc":[1,0],"e":"x","del":true}"#,
            r#"{"v":1,"id":"a:0","dev":"a","seq":0,"hlc":[1,0],"e":"x","del":true}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"e":"","del":true}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"e":"x"}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"e":"x","f":"y","val":1,"del":true}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"e":"x","sup":["nope"],"del":true}"#,
            r#"{"v":0,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"e":"x","del":true}"#,
        ];
        for c in cases {
            assert!(decode(&with_crc(c)).is_err(), "{c} accepted");
        }
        // Unknown members are ignored; escaped strings are fine.
        let ok =
            with_crc(r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,2],"e":"x\u0041","f":"y","val":[1],"extra":5}"#);
        let op = decode(&ok).unwrap();
        assert_eq!(op.e, "xA");
        assert_eq!(op.set.unwrap().1, "[1]");
        assert_eq!(op.hlc, Hlc::new(1, 2));
    }
}
