//! Single-line text entry shared by the search, prompts and small forms.

use unicode_segmentation::UnicodeSegmentation;

/// Removes the last grapheme: an input method that sends a backspace and
/// then the composed letter (Unikey, ibus) must replace exactly one letter,
/// even when the text arrived decomposed.
pub fn backspace(s: &mut String) {
    if let Some((i, _)) = s.grapheme_indices(true).next_back() {
        s.truncate(i);
    }
}

/// Chars to delete before a cursor at char column `col` of `line` so that
/// exactly one grapheme goes.
pub fn grapheme_chars_before(line: &str, col: usize) -> usize {
    let byte = line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
    line[..byte].graphemes(true).next_back().map_or(0, |g| g.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_grapheme_at_a_time() {
        let mut s = "Thạnh".to_owned();
        backspace(&mut s);
        assert_eq!(s, "Thạn");
        let mut nfd = "tha\u{323}".to_owned();
        backspace(&mut nfd);
        assert_eq!(nfd, "th");
        assert_eq!(grapheme_chars_before("xa\u{323}y", 3), 2);
        assert_eq!(grapheme_chars_before("xa\u{323}y", 4), 1);
        assert_eq!(grapheme_chars_before("", 0), 0);
    }
}
