//! The fast path of reading a line: the layout [`super::line::encode`]
//! writes, member by member, without serde. Anything else goes to
//! serde_json, so this decides only how fast a line is read, never what it
//! means; the tests hold the two to the same result.

use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// `,"crc":"` + 8 hex digits + `"}`.
pub(super) const CRC_TAIL_LEN: usize = 18;

/// A line's members as read, before any check.
#[derive(Deserialize)]
pub(super) struct RawLine<'a> {
    pub v: u64,
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(borrow)]
    pub dev: Cow<'a, str>,
    pub seq: u64,
    pub hlc: (u64, u32),
    #[serde(borrow, default)]
    pub by: Cow<'a, str>,
    #[serde(borrow, default)]
    pub sup: Vec<Cow<'a, str>>,
    #[serde(borrow)]
    pub e: Cow<'a, str>,
    #[serde(borrow, default)]
    pub f: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub val: Option<&'a RawValue>,
    #[serde(default)]
    pub del: bool,
    #[serde(default)]
    pub more: u32,
}

/// Reads the layout [`encode`] writes, member by member, and gives up
/// (`None`) at the first thing it does not expect: another member order,
/// whitespace, an escape, a number that is not plain digits. The caller then
/// hands the line to serde_json, so this only decides how fast a line is
/// read, never what it means. Expects a line whose crc member checked out.
struct Fast<'a> {
    s: &'a str,
    p: usize,
}

impl<'a> Fast<'a> {
    fn lit(&mut self, t: &str) -> Option<()> {
        let rest = self.s.as_bytes().get(self.p..)?;
        rest.starts_with(t.as_bytes()).then(|| self.p += t.len())
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.p).copied()
    }

    /// A plain non-negative integer: `0` or digits not starting with 0.
    fn uint(&mut self) -> Option<u64> {
        let b = self.s.as_bytes();
        let start = self.p;
        let mut n: u64 = 0;
        while let Some(&c) = b.get(self.p).filter(|c| c.is_ascii_digit()) {
            n = n.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
            self.p += 1;
        }
        let len = self.p - start;
        (len == 1 || (len > 1 && b[start] != b'0')).then_some(n)
    }

    /// A string without escapes or control characters, borrowed.
    fn str(&mut self) -> Option<&'a str> {
        self.lit("\"")?;
        let b = self.s.as_bytes();
        let start = self.p;
        let len = memchr::memchr(b'"', &b[start..])?;
        let body = &b[start..start + len];
        if body.iter().any(|&c| c == b'\\' || c < 0x20) {
            return None;
        }
        self.p = start + len + 1;
        // Quotes are ASCII, so both ends are on char boundaries.
        self.s.get(start..start + len)
    }
}

pub(super) fn parse_fast(line: &[u8]) -> Option<RawLine<'_>> {
    let s = simdutf8::basic::from_utf8(line).ok()?;
    // Everything before the crc member.
    let end = s.len().checked_sub(CRC_TAIL_LEN)?;
    let mut f = Fast { s: s.get(..end)?, p: 0 };
    f.lit("{\"v\":")?;
    let v = f.uint()?;
    f.lit(",\"id\":")?;
    let id = f.str()?;
    f.lit(",\"dev\":")?;
    let dev = f.str()?;
    f.lit(",\"seq\":")?;
    let seq = f.uint()?;
    f.lit(",\"hlc\":[")?;
    let ms = f.uint()?;
    f.lit(",")?;
    let c = u32::try_from(f.uint()?).ok()?;
    f.lit("],\"by\":")?;
    let by = f.str()?;
    f.lit(",\"sup\":[")?;
    let mut sup = Vec::new();
    if f.peek()? != b']' {
        loop {
            sup.push(Cow::Borrowed(f.str()?));
            if f.lit(",").is_none() {
                break;
            }
        }
    }
    f.lit("],\"e\":")?;
    let e = f.str()?;
    let (field, val, del) = if f.lit(",\"del\":true").is_some() {
        (None, None, true)
    } else {
        f.lit(",\"f\":")?;
        let field = f.str()?;
        f.lit(",\"val\":")?;
        if matches!(f.peek()?, b' ' | b'\t' | b'\n' | b'\r') {
            return None;
        }
        // One JSON value, checked by serde_json exactly as a whole-line
        // parse would check it.
        let rest = &line[f.p..end];
        let mut it = serde_json::Deserializer::from_slice(rest).into_iter::<&RawValue>();
        let val = it.next()?.ok()?;
        f.p += it.byte_offset();
        // As with serde, `null` reads as no value.
        let val = (val.get() != "null").then_some(val);
        (Some(Cow::Borrowed(field)), val, false)
    };
    let more = match f.lit(",\"more\":") {
        Some(()) => u32::try_from(f.uint()?).ok().filter(|m| *m > 0)?,
        None => 0,
    };
    if f.p != end {
        return None;
    }
    Some(RawLine {
        v,
        id: Cow::Borrowed(id),
        dev: Cow::Borrowed(dev),
        seq,
        hlc: (ms, c),
        by: Cow::Borrowed(by),
        sup,
        e: Cow::Borrowed(e),
        f: field,
        val,
        del,
        more,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::line::decode;
    use crate::store::line::encode;
    use crate::store::line::tests::{sample, strip, with_crc};
    use crate::store::op::{Body, OpId};
    use serde_json::json;

    /// What serde_json made of a line, for comparing with the fast path.
    fn summary(r: &RawLine<'_>) -> String {
        format!(
            "{}|{}|{}|{}|{:?}|{}|{:?}|{}|{:?}|{:?}|{}|{}",
            r.v,
            r.id,
            r.dev,
            r.seq,
            r.hlc,
            r.by,
            r.sup,
            r.e,
            r.f,
            r.val.map(RawValue::get),
            r.del,
            r.more
        )
    }

    fn fast_agrees_with_serde(line: &[u8]) {
        let slow: Result<RawLine<'_>, _> = serde_json::from_slice(line);
        if let Some(fast) = parse_fast(line) {
            let slow = slow.unwrap_or_else(|e| panic!("fast took what serde refused ({e}): {line:?}"));
            assert_eq!(summary(&fast), summary(&slow));
        }
    }

    #[test]
    fn fast_path_reads_what_encode_writes() {
        let mut op = sample();
        for val in [
            json!("improving"),
            json!(0),
            json!(-12),
            json!(2.5e-3),
            json!(u64::MAX),
            json!(null),
            json!(true),
            json!([1, {"a": "b\"c"}, []]),
            json!({"note": "Đảng ủy", "n": [1, 2]}),
        ] {
            op.body = Body::Set { f: "item/x/note".into(), val };
            let line = encode(&op);
            assert!(parse_fast(strip(&line)).is_some(), "{line}");
            fast_agrees_with_serde(strip(&line));
        }
        op.body = Body::Del;
        op.sup = vec![OpId::new("a", 1), OpId::new("b", 22)];
        let line = encode(&op);
        assert!(parse_fast(strip(&line)).is_some());
        fast_agrees_with_serde(strip(&line));
        // Escapes go the slow way, with the same result.
        op.e = "visit/\"q\"\n".into();
        let line = encode(&op);
        assert!(parse_fast(strip(&line)).is_none());
        assert_eq!(decode(strip(&line)).unwrap().e, op.e);
    }

    #[test]
    fn fast_path_leaves_anything_unusual_to_serde() {
        let odd = [
            r#"{"v":1,"id":"a:1","dev":"a","seq":01,"hlc":[1,0],"by":"","sup":[],"e":"x","del":true}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"by":"","sup":[],"e":"x","del":false}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,4294967296],"by":"","sup":[],"e":"x","del":true}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":18446744073709551616,"hlc":[1,0],"by":"","sup":[],"e":"x","del":true}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1.0,"hlc":[1,0],"by":"","sup":[],"e":"x","del":true}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"by":"","sup":[],"e":"x","f":"y","val": 1}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"by":"","sup":[],"e":"x","f":"y","val":01}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"by":"","sup":[],"e":"x","f":"y","val":[1,}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"by":"","sup":[],"e":"x","f":"y","val":1,"f":"z"}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"by":"","sup":[],"e":"x","f":"y","val":"a	b"}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"by":"","sup":["a:1",],"e":"x","del":true}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"sup":[],"by":"","e":"x","del":true}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"by":"","sup":[],"e":"x","del":true,"extra":1}"#,
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"by":"","sup":[],"e":"x","f":"y","val":1e999}"#,
        ];
        for o in odd {
            let l = with_crc(o);
            fast_agrees_with_serde(&l);
        }
        // The val member may not swallow the rest of the line.
        let l = with_crc(
            r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"by":"","sup":[],"e":"x","f":"y","val":"a","crc":"00000000"}"#,
        );
        fast_agrees_with_serde(&l);
        let bad_utf8 =
            [&with_crc(r#"{"v":1,"id":"a:1","dev":"a","seq":1,"hlc":[1,0],"by":""#)[..], b"\xff\"}"].concat();
        assert!(parse_fast(&bad_utf8).is_none());
    }

    proptest::proptest! {
        #[test]
        fn fast_path_matches_serde_on_any_op(
            e in "\\PC{1,12}",
            by in "[a-z\"\\\\\u{1}-\u{1f}é]{0,6}",
            f in "[a-z/]{1,8}",
            s in "\\PC{0,10}",
            n in proptest::prelude::any::<i64>(),
            x in proptest::prelude::any::<f64>(),
            del in proptest::prelude::any::<bool>(),
        ) {
            let mut op = sample();
            op.e = e;
            op.by = by;
            op.body = if del {
                Body::Del
            } else {
                Body::Set { f, val: json!([s, n, x]) }
            };
            let line = encode(&op);
            fast_agrees_with_serde(strip(&line));
            proptest::prop_assert!(decode(strip(&line)).is_ok());
        }
    }
}
