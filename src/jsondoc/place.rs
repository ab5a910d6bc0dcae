//! Byte offsets to FILE:LINE:COLUMN, for every problem of a file in one
//! pass over its text: finding each position by scanning from the start
//! made a file with many problems cost quadratic time.

use std::collections::HashMap;

/// 1-based line and column (in characters) of one byte offset. For a
/// single position (a decoding error); many go through [`Places`].
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    Places::new(src, [offset]).get(offset).unwrap_or((1, 1))
}

/// Line and column of a set of byte offsets, found in one pass.
#[derive(Debug, Default)]
pub struct Places {
    at: HashMap<usize, (usize, usize)>,
}

impl Places {
    pub fn new(src: &str, offsets: impl IntoIterator<Item = usize>) -> Places {
        let b = src.as_bytes();
        let mut wanted: Vec<usize> = offsets.into_iter().map(|o| o.min(b.len())).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut at = HashMap::with_capacity(wanted.len());
        let (mut pos, mut line, mut col) = (0usize, 1usize, 1usize);
        for off in wanted {
            let span = &b[pos..off];
            match memchr::memrchr(b'\n', span) {
                Some(last) => {
                    line += memchr::memchr_iter(b'\n', span).count();
                    col = 1 + chars(&span[last + 1..]);
                }
                None => col += chars(span),
            }
            pos = off;
            at.insert(off, (line, col));
        }
        Places { at }
    }

    pub fn get(&self, offset: usize) -> Option<(usize, usize)> {
        self.at.get(&offset).copied()
    }
}

/// Characters in UTF-8 bytes: every byte but continuation bytes starts one.
fn chars(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_characters_with_crlf_and_tabs() {
        let src = "{\r\n\t\"đ\": [1,\r\n  \"ă\", 2]}";
        let at = |s: &str| src.find(s).unwrap();
        let places = Places::new(src, [at("2]"), at("\"đ"), at("1,"), at("\"ă"), 0]);
        assert_eq!(places.get(0), Some((1, 1)));
        assert_eq!(places.get(at("\"đ")), Some((2, 2)));
        assert_eq!(places.get(at("1,")), Some((2, 8)));
        assert_eq!(places.get(at("\"ă")), Some((3, 3)));
        assert_eq!(places.get(at("2]")), Some((3, 8)));
        assert_eq!(line_col(src, src.len()), (3, 11));
    }

    /// A minified file: every position on one long line.
    #[test]
    fn many_positions_on_one_long_line() {
        let line: String = (0..20_000).map(|i| format!("\"x{i}\",")).collect();
        let offsets: Vec<usize> = line.match_indices('"').map(|(i, _)| i).step_by(2).collect();
        let places = Places::new(&line, offsets.iter().copied());
        let last = *offsets.last().unwrap();
        assert_eq!(places.get(last), Some((1, last + 1)));
        assert_eq!(places.at.len(), offsets.len());
    }
}
