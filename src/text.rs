//! Text rules: NFC storage, folded search keys, and terminal-safe display.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark, is_nfc_quick};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Text as it is stored: NFC, because some editors write NFD and the two
/// must compare equal.
pub fn nfc(s: &str) -> String {
    match is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => s.to_owned(),
        _ => s.nfc().collect(),
    }
}

/// The search key: lower case, diacritics removed, `đ` as `d`, runs of
/// white space as one space. `Bình Thạnh` and `binh  thanh` fold alike.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A text prepared for searching: lower case, and folded.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchKey {
    lower: String,
    folded: String,
}

impl SearchKey {
    pub fn new(s: &str) -> SearchKey {
        SearchKey { lower: s.trim().to_lowercase(), folded: fold(s) }
    }

    /// How well this text answers `query`: `None` when it does not, lower
    /// is better. The exact spelling (ignoring case) ranks above a
    /// diacritic-free match, and a match at the start of a word above one
    /// inside it.
    pub fn rank(&self, query: &SearchKey) -> Option<u8> {
        if query.folded.is_empty() {
            return Some(0);
        }
        // A query longer than the name cannot be in it; `find` would first
        // prepare its search over the whole query (a pasted page, per name).
        if query.folded.len() > self.folded.len() {
            return None;
        }
        let pos = self.folded.find(&query.folded)?;
        let at_word = pos == 0 || self.folded[..pos].ends_with(' ');
        let exact = self.lower.contains(&query.lower);
        Some(match (exact, at_word) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => 3,
        })
    }
}

/// Text from data made safe for the terminal: control characters (C0, C1,
/// DEL), bidi overrides and other format characters that could move the
/// cursor, reorder the line or hide text are replaced, so a hostile name
/// cannot clear the screen or change the window title.
pub fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c if unsafe_char(c) => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// [`clean`] for text of several lines: the line breaks are kept.
pub fn clean_lines(s: &str) -> String {
    s.split('\n').map(clean).collect::<Vec<_>>().join("\n")
}

/// A character [`clean`] replaces: it must never reach the terminal.
pub fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' // zero-width and directional marks
            | '\u{2028}'..='\u{202E}' // separators and bidi embeddings/overrides
            | '\u{2060}'..='\u{2069}' // word joiner, bidi isolates
            | '\u{FEFF}')
}

/// Display width in terminal cells, by grapheme.
pub fn width(s: &str) -> usize {
    s.width()
}

/// Cut `s` to at most `max` cells, by whole graphemes, with `…` when cut.
pub fn truncate(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if s.width() <= max {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w + 1 > max {
            break;
        }
        out.push_str(g);
        used += w;
    }
    if max > 0 {
        out.push('…');
    }
    std::borrow::Cow::Owned(out)
}

/// A number as people write it: no trailing `.0` on whole numbers.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// A number as the readers of `lang` write it, for reports and screens:
/// Vietnamese `5.075` and `68,3` (thousands dot, decimal comma), English
/// `5,075` and `68.3`. Float noise is rounded away (`0.1 + 0.2` reads
/// `0,3`); whole numbers have no decimals; never an exponent.
pub fn number_in(v: f64, lang: crate::lang::Lang) -> String {
    let (thousands, decimal) = match lang {
        crate::lang::Lang::Vi => ('.', ','),
        crate::lang::Lang::En => (',', '.'),
    };
    if !v.is_finite() {
        return v.to_string();
    }
    // Six decimals are far below anything typed or computed (ratios keep
    // one), and far above the noise of binary fractions.
    let r = if v.abs() < 1e15 { (v * 1e6).round() / 1e6 } else { v };
    // Display of an f64 is the shortest text that reads back the same, and
    // never uses an exponent.
    let digits = format!("{}", r.abs());
    let (whole, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 2);
    if r < 0.0 {
        out.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}

/// [`number_in`] in Vietnamese: `68,3`, `5.075`.
pub fn number_vi(v: f64) -> String {
    number_in(v, crate::lang::Lang::Vi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_vietnamese_way() {
        use crate::lang::Lang;
        assert_eq!(number_vi(68.3), "68,3");
        assert_eq!(number_vi(5075.0), "5.075");
        assert_eq!(number_vi(1_234_567.5), "1.234.567,5");
        assert_eq!(number_vi(0.1 + 0.2), "0,3");
        assert_eq!(number_vi(90.0), "90");
        assert_eq!(number_vi(-3.0), "-3");
        assert_eq!(number_vi(-0.0000001), "0");
        assert_eq!(number_vi(100.0), "100");
        assert_eq!(number_vi(999.0), "999");
        assert_eq!(number_vi(1e20), "100.000.000.000.000.000.000");
        assert_eq!(number_in(5075.25, Lang::En), "5,075.25");
        assert_eq!(number_in(82.21, Lang::En), "82.21");
    }

    #[test]
    fn fold_removes_marks_and_d() {
        assert_eq!(fold("Xã Bình Thạnh"), "xa binh thanh");
        assert_eq!(fold("ĐẢNG ủy"), "dang uy");
        assert_eq!(fold("  Bình   Sơn "), "binh son");
    }

    #[test]
    fn fold_nfd_equals_nfc() {
        let nfd: String = "Quế Lộc".nfd().collect();
        assert_ne!(nfd, "Quế Lộc");
        assert_eq!(fold(&nfd), fold("Quế Lộc"));
        assert_eq!(nfc(&nfd), "Quế Lộc");
    }

    #[test]
    fn exact_spelling_ranks_first() {
        let q = SearchKey::new("Bình Thanh");
        let a = SearchKey::new("Xã Bình Thanh").rank(&q);
        let b = SearchKey::new("Xã Bình Thạnh").rank(&q);
        assert!(a.unwrap() < b.unwrap());
        let plain = SearchKey::new("binh thanh");
        assert!(SearchKey::new("Xã Bình Thạnh").rank(&plain).is_some());
        assert!(SearchKey::new("Xã Bình Trung").rank(&plain).is_none());
    }

    #[test]
    fn clean_strips_escapes_and_bidi() {
        assert_eq!(clean("a\u{1b}[2Jb"), "a\u{FFFD}[2Jb");
        assert_eq!(clean("x\u{9b}y\u{202E}z"), "x\u{FFFD}y\u{FFFD}z");
        assert_eq!(clean("Bình Sơn"), "Bình Sơn");
    }

    #[test]
    fn truncate_by_grapheme() {
        let s: String = "Bình Thạnh".nfd().collect();
        let t = truncate(&s, 4);
        assert_eq!(width(&t), 4);
        assert_eq!(t.nfc().collect::<String>(), "Bìn…");
    }
}
