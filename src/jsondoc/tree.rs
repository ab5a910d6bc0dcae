//! A JSON document as a tree that remembers where each value and each key
//! starts, so that a problem found while walking it is positioned without
//! scanning the text again. Keys used twice in one object are found here:
//! a map type would keep only the last one without a word.
//!
//! The parser expects text serde_json has already accepted (which gives
//! the syntax messages and bounds nesting); on anything else it still ends
//! without a panic, with a best-effort tree.

use std::borrow::Cow;
use std::collections::HashMap;

/// One value and its place: byte offsets of its first byte and past its
/// last byte.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub at: usize,
    pub end: usize,
    pub value: Value<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number as written.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<Member<'a>>),
}

/// One member of an object, in the order written.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    pub key: Cow<'a, str>,
    pub key_at: usize,
    pub node: Node<'a>,
}

/// A key written a second time in the same object.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateKey {
    /// Path of the second use, `groups[0].name`.
    pub path: String,
    pub key: String,
    pub at: usize,
    pub first_at: usize,
}

/// A parsed document: its root and the keys used twice anywhere in it.
#[derive(Debug)]
pub struct Doc<'a> {
    pub root: Node<'a>,
    pub duplicates: Vec<DuplicateKey>,
}

impl<'a> Node<'a> {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self.value {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.value {
            Value::Number(n) => n.parse::<f64>().ok().filter(|f| f.is_finite()),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node<'a>]> {
        match &self.value {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match &self.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        self.value == Value::Null
    }

    /// The value as written in `src`, shortened for a message.
    pub fn source<'s>(&self, src: &'s str) -> Cow<'s, str> {
        let raw = src.get(self.at..self.end).unwrap_or_default();
        match raw.char_indices().nth(60) {
            Some((cut, _)) => Cow::Owned(format!("{}…", &raw[..cut])),
            None => Cow::Borrowed(raw),
        }
    }
}

/// Looking members up by key (the first one written, when a key is used
/// twice: that is reported as a problem anyway).
pub trait Members<'a> {
    fn field(&self, key: &str) -> Option<&Node<'a>>;
    fn member(&self, key: &str) -> Option<&Member<'a>>;
}

impl<'a> Members<'a> for [Member<'a>] {
    fn field(&self, key: &str) -> Option<&Node<'a>> {
        self.member(key).map(|m| &m.node)
    }

    fn member(&self, key: &str) -> Option<&Member<'a>> {
        self.iter().find(|m| m.key == key)
    }
}

/// Arrays and objects nested deeper than this are refused: no file of
/// ours needs more than five levels, and the parser recurses.
pub const MAX_DEPTH: usize = 128;

/// Parses `src` (JSON that serde_json accepted); `Err` holds the offset
/// where nesting went past [`MAX_DEPTH`].
pub fn parse(src: &str) -> Result<Doc<'_>, usize> {
    let mut p = Parser { b: src.as_bytes(), src, i: 0, segs: Vec::new(), duplicates: Vec::new(), too_deep: None };
    let root = p.value();
    match p.too_deep {
        Some(at) => Err(at),
        None => Ok(Doc { root, duplicates: p.duplicates }),
    }
}

enum Seg<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

struct Parser<'a> {
    b: &'a [u8],
    src: &'a str,
    i: usize,
    /// Where the parser is, kept as cheap segments and turned into a path
    /// string only for a duplicate key.
    segs: Vec<Seg<'a>>,
    duplicates: Vec<DuplicateKey>,
    too_deep: Option<usize>,
}

impl<'a> Parser<'a> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Node<'a> {
        self.ws();
        let at = self.i;
        if self.segs.len() >= MAX_DEPTH && matches!(self.b.get(self.i), Some(b'{' | b'[')) {
            // Stop here; the whole parse is refused.
            self.too_deep.get_or_insert(at);
            self.i = self.b.len();
            return Node { at, end: self.i, value: Value::Null };
        }
        let value = match self.b.get(self.i) {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => Value::String(self.string()),
            Some(b't') => self.word(4, Value::Bool(true)),
            Some(b'f') => self.word(5, Value::Bool(false)),
            Some(b'n') => self.word(4, Value::Null),
            Some(_) => {
                while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = self.b.get(self.i) {
                    self.i += 1;
                }
                if self.i == at {
                    // Not JSON: step over the byte so the parse always ends.
                    self.i += 1;
                }
                Value::Number(self.src.get(at..self.i).unwrap_or_default())
            }
            None => Value::Null,
        };
        Node { at, end: self.i.min(self.b.len()), value }
    }

    fn word(&mut self, len: usize, v: Value<'a>) -> Value<'a> {
        self.i += len;
        v
    }

    fn object(&mut self) -> Value<'a> {
        self.i += 1;
        let mut members = Vec::new();
        loop {
            self.ws();
            match self.b.get(self.i) {
                Some(b'}') | None => {
                    self.i += 1;
                    break;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                Some(b'"') => {}
                Some(_) => {
                    self.i += 1;
                    continue;
                }
            }
            let key_at = self.i;
            let key = self.string();
            self.ws();
            if self.b.get(self.i) == Some(&b':') {
                self.i += 1;
            }
            self.segs.push(Seg::Key(key.clone()));
            let node = self.value();
            self.segs.pop();
            members.push(Member { key, key_at, node });
        }
        self.find_duplicates(&members);
        Value::Object(members)
    }

    fn find_duplicates(&mut self, members: &[Member<'a>]) {
        let report = |p: &mut Self, m: &Member<'a>, first: &Member<'a>| {
            p.segs.push(Seg::Key(m.key.clone()));
            let path = p.path();
            p.segs.pop();
            p.duplicates.push(DuplicateKey { path, key: m.key.to_string(), at: m.key_at, first_at: first.key_at });
        };
        // Small objects (nearly all) are cheaper to compare pairwise.
        if members.len() <= 8 {
            for (i, m) in members.iter().enumerate() {
                if let Some(first) = members[..i].iter().find(|f| f.key == m.key) {
                    report(self, m, first);
                }
            }
            return;
        }
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(members.len());
        for (i, m) in members.iter().enumerate() {
            match seen.get(m.key.as_ref()) {
                Some(&first) => report(self, m, &members[first]),
                None => {
                    seen.insert(&m.key, i);
                }
            }
        }
    }

    fn path(&self) -> String {
        let mut out = String::new();
        for seg in &self.segs {
            match seg {
                Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(n) => out.push_str(&format!("[{n}]")),
            }
        }
        out
    }

    fn array(&mut self) -> Value<'a> {
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.ws();
            match self.b.get(self.i) {
                Some(b']') | None => {
                    self.i += 1;
                    break;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                _ => {}
            }
            self.segs.push(Seg::Index(items.len()));
            let start = self.i;
            items.push(self.value());
            self.segs.pop();
            if self.i == start {
                self.i += 1;
            }
        }
        Value::Array(items)
    }

    /// A string token at `self.i`: borrowed when it holds no escape.
    fn string(&mut self) -> Cow<'a, str> {
        self.i += 1;
        let start = self.i;
        let Some(len) = memchr::memchr2(b'"', b'\\', &self.b[start.min(self.b.len())..]) else {
            self.i = self.b.len();
            return Cow::Borrowed(self.src.get(start..).unwrap_or_default());
        };
        if self.b[start + len] == b'"' {
            self.i = start + len + 1;
            return Cow::Borrowed(self.src.get(start..start + len).unwrap_or_default());
        }
        let mut out = String::with_capacity(len + 16);
        out.push_str(self.src.get(start..start + len).unwrap_or_default());
        self.i = start + len;
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b'"' => {
                    self.i += 1;
                    break;
                }
                b'\\' => {
                    self.i += 1;
                    self.escape(&mut out);
                }
                _ => {
                    let run = memchr::memchr2(b'"', b'\\', &self.b[self.i..]).unwrap_or(self.b.len() - self.i);
                    out.push_str(self.src.get(self.i..self.i + run).unwrap_or_default());
                    self.i += run;
                }
            }
        }
        Cow::Owned(out)
    }

    fn escape(&mut self, out: &mut String) {
        let Some(&c) = self.b.get(self.i) else { return };
        self.i += 1;
        match c {
            b'n' => out.push('\n'),
            b't' => out.push('\t'),
            b'r' => out.push('\r'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'u' => {
                let hi = self.hex4();
                let code = match hi {
                    Some(h @ 0xD800..=0xDBFF) if self.b.get(self.i..self.i + 2) == Some(b"\\u") => {
                        self.i += 2;
                        match self.hex4() {
                            Some(l @ 0xDC00..=0xDFFF) => 0x10000 + ((h - 0xD800) << 10) + (l - 0xDC00),
                            _ => 0xFFFD,
                        }
                    }
                    Some(h) => h,
                    None => 0xFFFD,
                };
                out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            // `\"`, `\\`, `\/` stand for themselves.
            other => out.push(other as char),
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.src.get(self.i..self.i + 4)?;
        let n = u32::from_str_radix(digits, 16).ok()?;
        self.i += 4;
        Some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_offsets_and_decodes_strings() {
        let src = r#"{"a": [1, "x\"y\u00e9\ud83d\ude00"], "b": {"c": null}}"#;
        let doc = parse(src).unwrap();
        let root = doc.root.as_object().unwrap();
        let a = root.field("a").unwrap().as_array().unwrap();
        assert_eq!(a[0].as_u64(), Some(1));
        assert_eq!(a[1].as_str(), Some("x\"yé😀"));
        assert_eq!(a[1].at, src.find("\"x").unwrap());
        assert_eq!(root.member("b").unwrap().key_at, src.find("\"b\"").unwrap());
        assert!(root.field("b").unwrap().as_object().unwrap().field("c").unwrap().is_null());
        assert!(doc.duplicates.is_empty());
    }

    #[test]
    fn finds_keys_used_twice_in_small_and_large_objects() {
        let src = r#"{"g": [{"name": "Xã Bình Thanh", "name": "Xã Khác"}]}"#;
        let doc = parse(src).unwrap();
        assert_eq!(doc.duplicates.len(), 1);
        let d = &doc.duplicates[0];
        assert_eq!((d.path.as_str(), d.key.as_str()), ("g[0].name", "name"));
        assert_eq!(d.at, src.rfind("\"name\"").unwrap());
        assert_eq!(d.first_at, src.find("\"name\"").unwrap());

        let mut big: Vec<String> = (0..50).map(|i| format!("\"k{i}\": {i}")).collect();
        big.push("\"k7\": 0".into());
        let text = format!("{{{}}}", big.join(","));
        let doc = parse(&text).unwrap();
        assert_eq!(doc.duplicates.len(), 1);
        assert_eq!(doc.duplicates[0].path, "k7");
    }

    #[test]
    fn ends_on_text_that_is_not_json() {
        for src in ["", "{", "[1,", "{\"a\"", "\"abc", "{\"a\":}", "@@", "[\"\\u12\"]", "{1:2}"] {
            let _ = parse(src);
        }
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(parse(&deep).unwrap_err(), MAX_DEPTH);
    }
}
