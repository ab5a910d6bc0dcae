//! Plain fallbacks for the symbols the old Windows console (conhost) draws
//! at the wrong width or as boxes. The screens draw Unicode; when plain
//! symbols are wanted, each finished frame has them swapped cell by cell
//! for ASCII of the same width, so no screen needs two spellings.
//! Letters (Vietnamese included) and box-drawing lines are left alone:
//! conhost's fonts have them.

use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::buffer::Buffer;

static PLAIN: AtomicBool = AtomicBool::new(false);

/// Chooses plain symbols for every frame drawn from now on.
pub fn set_plain(on: bool) {
    PLAIN.store(on, Ordering::Relaxed);
}

pub fn plain() -> bool {
    PLAIN.load(Ordering::Relaxed)
}

/// Each symbol the interface draws and its plain stand-in.
pub const TABLE: &[(char, char)] = &[
    ('·', '.'),
    ('•', '*'),
    ('…', '~'),
    ('—', '-'),
    ('–', '-'),
    ('↗', '/'),
    ('↘', '\\'),
    ('✓', '+'),
    ('✗', 'x'),
    ('⚠', '!'),
    ('▲', '^'),
    ('▼', 'v'),
    ('↑', '^'),
    ('↓', 'v'),
    ('←', '<'),
    ('→', '>'),
    ('⇅', '~'),
    ('▁', '_'),
    ('▂', '_'),
    ('▃', '-'),
    ('▄', '-'),
    ('▅', '='),
    ('▆', '='),
    ('▇', '#'),
    ('█', '#'),
    ('░', '.'),
    ('▒', ':'),
    ('▓', '#'),
    ('▏', '|'),
    ('▶', '>'),
    ('◀', '<'),
    ('×', 'x'),
];

/// The plain stand-in for `c`, if it is a symbol conhost draws badly.
pub fn fallback(c: char) -> Option<char> {
    TABLE.iter().find(|(u, _)| *u == c).map(|(_, p)| *p)
}

/// Swaps the symbols of a drawn frame when plain symbols are chosen.
pub fn apply(buf: &mut Buffer) {
    if plain() {
        swap(buf);
    }
}

/// Swaps every symbol of `buf` for its plain stand-in.
pub fn swap(buf: &mut Buffer) {
    for cell in &mut buf.content {
        let mut chars = cell.symbol().chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && let Some(p) = fallback(c)
        {
            cell.set_char(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `s` with every symbol swapped for its plain stand-in.
    fn plain_text(s: &str) -> String {
        s.chars().map(|c| fallback(c).unwrap_or(c)).collect()
    }

    #[test]
    fn stand_ins_are_single_ascii_cells() {
        for &(u, p) in TABLE {
            assert!(p.is_ascii_graphic(), "{u} -> {p:?}");
            assert_eq!(unicode_width::UnicodeWidthChar::width(u), Some(1), "{u} takes one cell in the layout");
        }
        assert_eq!(plain_text("70% → 85% ▲15 · ✓ đã lưu"), "70% > 85% ^15 . + đã lưu");
    }
}
