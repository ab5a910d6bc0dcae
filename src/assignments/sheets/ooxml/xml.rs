//! A small XML tokenizer for the parts of an xlsx package, over the whole
//! inflated part: tags and text are slices of it, found by byte search, and
//! nothing is copied or checked that a cell does not need. quick-xml (which
//! calamine uses) spent about 800 instructions per event on the national
//! cells sheet, five times what the rest of `check` costs.
//!
//! It reads what Excel, LibreOffice and other writers put in these parts:
//! namespace prefixes, attributes in either quotes, comments, processing
//! instructions, CDATA, character and the five named entities, CRLF. A
//! document type declaration (which no xlsx part has, and which could
//! define entities) is refused.

use std::borrow::Cow;

use memchr::{memchr, memmem};

/// One piece of a part.
#[derive(Debug, PartialEq)]
pub enum Tok<'a> {
    /// `<name attrs>` or `<name attrs/>` (`empty`), the name without its
    /// namespace prefix, the attributes as written.
    Start { name: &'a str, attrs: &'a str, empty: bool },
    /// `</name>`, without prefix.
    End(&'a str),
    /// Text between tags, entities not yet resolved.
    Text(&'a str),
    /// A CDATA section's content, taken as it is.
    CData(&'a str),
}

pub struct Scanner<'a> {
    s: &'a str,
    pos: usize,
}

/// Where `x` first is in `b`. Tags, attribute values and cell values are
/// a few bytes long: a plain loop finds them sooner than memchr's setup,
/// which takes over for long text.
fn find(x: u8, b: &[u8]) -> Option<usize> {
    const SHORT: usize = 32;
    match b.iter().take(SHORT).position(|&c| c == x) {
        Some(i) => Some(i),
        None if b.len() <= SHORT => None,
        None => memchr(x, &b[SHORT..]).map(|i| i + SHORT),
    }
}

pub fn local(name: &str) -> &str {
    // Names are short: a plain loop, not memchr's setup per tag.
    match name.bytes().position(|b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

impl<'a> Scanner<'a> {
    pub fn new(s: &'a str) -> Self {
        Scanner { s, pos: 0 }
    }

    /// Where the scanner is, for messages.
    pub fn offset(&self) -> usize {
        self.pos
    }

    fn find(&self, from: usize, what: &str) -> Result<usize, String> {
        memmem::find(&self.s.as_bytes()[from..], what.as_bytes())
            .map(|i| from + i)
            .ok_or_else(|| format!("unclosed markup at byte {}", self.pos))
    }

    /// The next piece; `None` at the end of the part. Comments and
    /// processing instructions are passed over.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Tok<'a>>, String> {
        loop {
            let b = self.s.as_bytes();
            let start = self.pos;
            if start >= b.len() {
                return Ok(None);
            }
            if b[start] != b'<' {
                let end = find(b'<', &b[start..]).map_or(b.len(), |i| start + i);
                self.pos = end;
                return Ok(Some(Tok::Text(&self.s[start..end])));
            }
            let rest = &self.s[start..];
            match b.get(start + 1) {
                Some(b'/') => {
                    let close = find(b'>', &b[start..]).map(|i| start + i).ok_or("unclosed end tag")?;
                    self.pos = close + 1;
                    return Ok(Some(Tok::End(local(self.s[start + 2..close].trim_end()))));
                }
                Some(b'?') => self.pos = self.find(start, "?>")? + 2,
                Some(b'!') if rest.starts_with("<!--") => self.pos = self.find(start + 4, "-->")? + 3,
                Some(b'!') if rest.starts_with("<![CDATA[") => {
                    let end = self.find(start + 9, "]]>")?;
                    self.pos = end + 3;
                    return Ok(Some(Tok::CData(&self.s[start + 9..end])));
                }
                Some(b'!') => {
                    return Err(format!(
                        "a document type or unknown markup at byte {start}, which no workbook part has"
                    ));
                }
                _ => return self.start_tag(start).map(Some),
            }
        }
    }

    fn start_tag(&mut self, start: usize) -> Result<Tok<'a>, String> {
        let b = self.s.as_bytes();
        let name_end = b[start + 1..]
            .iter()
            .position(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))
            .map_or(b.len(), |i| start + 1 + i);
        // The tag ends at the first `>` outside quotes.
        let mut i = name_end;
        let close = loop {
            let Some(k) = b[i..].iter().position(|&c| matches!(c, b'>' | b'"' | b'\'')) else {
                return Err(format!("unclosed tag at byte {start}"));
            };
            let at = i + k;
            if b[at] == b'>' {
                break at;
            }
            let q = find(b[at], &b[at + 1..]).ok_or_else(|| format!("unclosed quote at byte {at}"))?;
            i = at + 1 + q + 1;
        };
        let empty = close > name_end && b[close - 1] == b'/';
        let attrs_end = if empty { close - 1 } else { close };
        self.pos = close + 1;
        let name = &self.s[start + 1..name_end];
        if name.is_empty() {
            return Err(format!("a tag without a name at byte {start}"));
        }
        Ok(Tok::Start { name: local(name), attrs: &self.s[name_end..attrs_end.max(name_end)], empty })
    }

    /// Passes over the element just started (not empty) named `name`, up to
    /// its end tag.
    pub fn skip(&mut self, name: &str) -> Result<(), String> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Some(Tok::Start { name: n, empty: false, .. }) if n == name => depth += 1,
                Some(Tok::End(n)) if n == name => {
                    if depth == 0 {
                        return Ok(());
                    }
                    depth -= 1;
                }
                Some(_) => {}
                None => return Err(format!("<{}> is not closed", shown(name))),
            }
        }
    }

    /// Appends the text of the element just started (named `name`, not
    /// empty) up to its end: all of it for a value (`<v>`), or for a string
    /// item (`<si>`, `<is>`: plain or rich text) only that of its `<t>`
    /// elements outside phonetic guides (`<rPh>`).
    pub fn text_into(&mut self, name: &str, item: bool, out: &mut String) -> Result<(), String> {
        let mut in_t = 0usize;
        let mut phonetic = 0usize;
        let mut depth = 0usize;
        loop {
            let take = !item || (in_t > 0 && phonetic == 0);
            match self.next()? {
                Some(Tok::Text(t)) if take => unescape_into(t, out)?,
                Some(Tok::CData(t)) if take => out.push_str(t),
                Some(Tok::Start { name: n, empty: false, .. }) => {
                    depth += 1;
                    match n {
                        "t" => in_t += 1,
                        "rPh" => phonetic += 1,
                        _ => {}
                    }
                }
                Some(Tok::End(n)) => {
                    if depth == 0 {
                        return if n == name {
                            Ok(())
                        } else {
                            Err(format!("</{}> closes <{}>", shown(n), shown(name)))
                        };
                    }
                    depth -= 1;
                    match n {
                        "t" => in_t = in_t.saturating_sub(1),
                        "rPh" => phonetic = phonetic.saturating_sub(1),
                        _ => {}
                    }
                }
                Some(_) => {}
                None => return Err(format!("<{}> is not closed", shown(name))),
            }
        }
    }
}

/// Text from the file as a message quotes it: a name or value of a
/// hostile part can be megabytes long, and a message is one line.
pub fn shown(s: &str) -> Cow<'_, str> {
    const MAX: usize = 40;
    let cut = s.char_indices().nth(MAX).map(|(at, _)| at);
    let head = &s[..cut.unwrap_or(s.len())];
    if cut.is_none() && !head.contains(char::is_control) {
        return Cow::Borrowed(s);
    }
    // A line break or escape quoted from the file would break the line.
    let mut out: String = head.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if cut.is_some() {
        out.push('…');
    }
    Cow::Owned(out)
}

/// Calls `f` with each attribute's local name and raw value (entities
/// not resolved), in order; stops at anything that is not `name="value"`.
pub fn each_attr<'a>(attrs: &'a str, mut f: impl FnMut(&'a str, &'a str)) {
    let b = attrs.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let name_start = i;
        while i < b.len() && b[i] != b'=' && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let name = &attrs[name_start..i];
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'=') {
            i += 1;
        }
        let Some(&q) = b.get(i) else { return };
        if name.is_empty() || (q != b'"' && q != b'\'') {
            return;
        }
        let Some(len) = find(q, &b[i + 1..]) else { return };
        f(local(name), &attrs[i + 1..i + 1 + len]);
        i += len + 2;
    }
}

/// An attribute's value by its local name (`r:id` is found as `id`),
/// entities resolved.
pub fn attr<'a>(attrs: &'a str, local_name: &str) -> Option<Cow<'a, str>> {
    let mut found = None;
    each_attr(attrs, |name, raw| {
        if found.is_none() && name == local_name {
            found = Some(raw);
        }
    });
    let raw = found?;
    if !raw.contains('&') {
        return Some(Cow::Borrowed(raw));
    }
    let mut out = String::new();
    unescape_into(raw, &mut out).ok().map(|_| Cow::Owned(out))
}

/// Appends text with its entities resolved and line ends as XML reads
/// them (CRLF and a lone CR are LF).
pub fn unescape_into(raw: &str, out: &mut String) -> Result<(), String> {
    let b = raw.as_bytes();
    let mut from = 0;
    let special = |rest: &[u8]| match rest.len() {
        0..=32 => rest.iter().position(|&c| c == b'&' || c == b'\r'),
        _ => memchr::memchr2(b'&', b'\r', rest),
    };
    while let Some(k) = special(&b[from..]) {
        let at = from + k;
        out.push_str(&raw[from..at]);
        if b[at] == b'\r' {
            out.push('\n');
            from = if b.get(at + 1) == Some(&b'\n') { at + 2 } else { at + 1 };
            continue;
        }
        let end =
            find(b';', &b[at..]).map(|i| at + i).ok_or_else(|| format!("a bare & in \"{}\"", shown(&raw[at..])))?;
        let name = &raw[at + 1..end];
        match name {
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "amp" => out.push('&'),
            "apos" => out.push('\''),
            "quot" => out.push('"'),
            _ => {
                // Digits only: `from_str_radix` would also take a sign.
                let number = |d: &str, radix| {
                    (!d.is_empty() && d.chars().all(|c| c.is_digit(radix)))
                        .then(|| u32::from_str_radix(d, radix).ok())
                        .flatten()
                };
                let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    Some(hex) => number(hex, 16),
                    None => name.strip_prefix('#').and_then(|d| number(d, 10)),
                };
                match code.and_then(char::from_u32).filter(|&c| c != '\0') {
                    Some(c) => out.push(c),
                    None => return Err(format!("unknown entity &{};", shown(name))),
                }
            }
        }
        from = end + 1;
    }
    out.push_str(&raw[from..]);
    Ok(())
}

/// Office writes characters XML cannot hold as `_xHHHH_` (`_x000D_` for a
/// carriage return); UTF-16 pairs are joined, a lone half is U+FFFD.
pub fn office_unescape(s: &str) -> Cow<'_, str> {
    if !s.contains("_x") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut high: Option<u32> = None;
    while let Some(at) = rest.find("_x") {
        let unit = rest.get(at + 2..at + 7).filter(|h| h.ends_with('_')).and_then(|h| {
            let hex = &h[..4];
            hex.bytes().all(|b| b.is_ascii_hexdigit()).then(|| u32::from_str_radix(hex, 16).ok()).flatten()
        });
        let Some(unit) = unit else {
            flush(&mut out, &mut high);
            out.push_str(&rest[..at + 2]);
            rest = &rest[at + 2..];
            continue;
        };
        if at > 0 {
            flush(&mut out, &mut high);
        }
        out.push_str(&rest[..at]);
        match (high.take(), unit) {
            (Some(h), 0xDC00..=0xDFFF) => {
                out.push(char::from_u32(0x10000 + ((h - 0xD800) << 10) + (unit - 0xDC00)).unwrap_or('\u{FFFD}'))
            }
            (h, 0xD800..=0xDBFF) => {
                if h.is_some() {
                    out.push('\u{FFFD}');
                }
                high = Some(unit);
            }
            (h, _) => {
                if h.is_some() {
                    out.push('\u{FFFD}');
                }
                out.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
            }
        }
        rest = &rest[at + 7..];
    }
    flush(&mut out, &mut high);
    out.push_str(rest);
    Cow::Owned(out)
}

fn flush(out: &mut String, high: &mut Option<u32>) {
    if high.take().is_some() {
        out.push('\u{FFFD}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> Vec<Tok<'_>> {
        let mut sc = Scanner::new(s);
        let mut out = Vec::new();
        while let Some(t) = sc.next().unwrap() {
            out.push(t);
        }
        out
    }

    #[test]
    fn tags_prefixes_quotes_comments_and_cdata() {
        let toks =
            all("<?xml version='1.0'?><x:c r='A1' t=\"a>b\"><!-- <c> --><v>1&amp;2</v></x:c><e/><![CDATA[<t>]]>");
        assert_eq!(
            toks,
            vec![
                Tok::Start { name: "c", attrs: " r='A1' t=\"a>b\"", empty: false },
                Tok::Start { name: "v", attrs: "", empty: false },
                Tok::Text("1&amp;2"),
                Tok::End("v"),
                Tok::End("c"),
                Tok::Start { name: "e", attrs: "", empty: true },
                Tok::CData("<t>"),
            ]
        );
        assert_eq!(attr(" r='A1' t=\"a&gt;b\"", "t").as_deref(), Some("a>b"));
        assert_eq!(attr(" x:id = \"rId1\" id2='z'", "id").as_deref(), Some("rId1"));
        assert_eq!(attr(" r='A1'", "t"), None);
    }

    #[test]
    fn broken_markup_and_doctypes_are_refused() {
        for bad in ["<c r='A1", "<c r='A1'", "<!DOCTYPE x [<!ENTITY a 'b'>]><x/>", "<!-- open", "<>"] {
            let mut sc = Scanner::new(bad);
            assert!((0..4).any(|_| sc.next().is_err()), "{bad}");
        }
        let mut out = String::new();
        assert!(unescape_into("a & b", &mut out).is_err());
        assert!(unescape_into("&nbsp;", &mut out).is_err());
        assert!(unescape_into("&#0;", &mut out).is_err());
    }

    /// Character references name a Unicode scalar value other than NUL,
    /// in digits only: surrogates, values past U+10FFFF, signs and empty
    /// numbers are refused, not turned into a panic or a character.
    #[test]
    fn character_references_outside_unicode_are_refused() {
        for bad in [
            "&#0;",
            "&#x0;",
            "&#xD800;",
            "&#55296;",
            "&#x110000;",
            "&#xFFFFFFFFF;",
            "&#x+41;",
            "&#+65;",
            "&#;",
            "&#x;",
            "&#-1;",
        ] {
            let mut out = String::new();
            assert!(unescape_into(bad, &mut out).is_err(), "{bad}");
        }
        let mut out = String::new();
        unescape_into("&#x41;&#66;&#x10FFFF;&#xFFFD;", &mut out).unwrap();
        assert_eq!(out, "AB\u{10FFFF}\u{FFFD}");
    }

    /// Markup that a linear scan alone can answer: a million unclosed
    /// tags, quotes or comments end in one error, and nesting is counted,
    /// never recursed into.
    #[test]
    fn hostile_markup_is_answered_in_one_pass() {
        let n = 1 << 20;
        for bad in [
            "<".repeat(n),
            "<a ".repeat(n),
            "<a b='".repeat(n),
            "<!--".repeat(n),
            "<?".repeat(n),
            "<![CDATA[".repeat(n),
        ] {
            let mut sc = Scanner::new(&bad);
            assert!(sc.next().is_err());
        }
        let deep = format!("<v>{}1{}</v>", "<v>".repeat(n), "</v>".repeat(n));
        let mut sc = Scanner::new(&deep);
        sc.next().unwrap();
        let mut out = String::new();
        sc.text_into("v", false, &mut out).unwrap();
        assert_eq!(out, "1");
        let open = "<x>".repeat(n);
        let mut sc = Scanner::new(&open);
        sc.next().unwrap();
        assert_eq!(sc.skip("x").unwrap_err(), "<x> is not closed");
        assert_eq!(shown(&"ệ".repeat(100)).chars().count(), 41);
        assert_eq!(shown("a\nb\u{1b}"), "a b ");
    }

    #[test]
    fn office_escapes_become_characters() {
        assert_eq!(office_unescape("a_x000D_b"), "a\rb");
        assert_eq!(office_unescape("_xD83D__xDE00_"), "😀");
        assert_eq!(office_unescape("_xD83D_x"), "\u{FFFD}x");
        assert_eq!(office_unescape("mã_xã_x12"), "mã_xã_x12");
        assert!(matches!(office_unescape("tct-1"), Cow::Borrowed(_)));
    }

    #[test]
    fn text_with_entities_cdata_line_ends_and_skipped_runs() {
        let xml = "<si>\n <r><rPr><b/></rPr><t>A &amp; B&#xE0;\r\n</t></r>\n <rPh><t>skip</t></rPh><r><t><![CDATA[<c>]]></t></r></si>";
        let mut sc = Scanner::new(xml);
        sc.next().unwrap();
        let mut out = String::new();
        sc.text_into("si", true, &mut out).unwrap();
        assert_eq!(out, "A & Bà\n<c>");
        let mut sc = Scanner::new("<v>1&lt;2</v>");
        sc.next().unwrap();
        let mut out = String::new();
        sc.text_into("v", false, &mut out).unwrap();
        assert_eq!(out, "1<2");
    }
}
