//! The one way a list scrolls: a selected row and the first row shown.
//! Keys move the selection; the view asks which rows fit, and the rows a
//! page holds come from the last frame's [`Metrics`].

/// A selection in a list of `len` rows shown `height` rows at a time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    pub selected: usize,
    /// First row on screen, as the keys left it.
    pub offset: usize,
}

impl ListCursor {
    pub fn at(selected: usize) -> ListCursor {
        ListCursor { selected, offset: 0 }
    }

    /// Moves by `delta` rows within `0..len`, scrolling just enough to keep
    /// the selection among `height` rows.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        self.selected = if len == 0 {
            0
        } else {
            (self.selected as isize).saturating_add(delta).clamp(0, len as isize - 1) as usize
        };
        self.offset = self.window(len, height);
    }

    /// Selects row `i` (clamped to the list).
    pub fn select(&mut self, i: usize, len: usize, height: usize) {
        self.selected = i.min(len.saturating_sub(1));
        self.offset = self.window(len, height);
    }

    /// Back to the first row.
    pub fn reset(&mut self) {
        *self = ListCursor::default();
    }

    /// The first row to show in `height` rows: the kept offset, moved just
    /// enough to show the selection, and no blank rows below the list when
    /// it would fit. Pure, so that drawing never changes the cursor.
    pub fn window(&self, len: usize, height: usize) -> usize {
        let h = height.max(1);
        let mut offset = self.offset.min(len.saturating_sub(h));
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + h {
            offset = self.selected + 1 - h;
        }
        offset
    }
}

/// Layout facts the last frame found that the next key needs: how many
/// rows a page of each list holds. The view returns them; the app keeps
/// them. Before the first frame, a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metrics {
    /// Communes shown in the browser's list.
    pub browser_rows: usize,
    /// Communes shown on the dashboard.
    pub board_rows: usize,
    /// Rows of the follow-up list.
    pub follow_up_rows: usize,
    /// Rows of a pick list or the conflicts screen.
    pub pick_rows: usize,
    /// The window was too small to draw anything but a request to enlarge
    /// it: keys must not act on a screen nobody sees.
    pub too_small: bool,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics { browser_rows: 10, board_rows: 10, follow_up_rows: 10, pick_rows: 10, too_small: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_stays_in_the_list_and_on_screen() {
        let mut c = ListCursor::default();
        c.move_by(7, 20, 5);
        assert_eq!((c.selected, c.offset), (7, 3));
        c.move_by(-5, 20, 5);
        assert_eq!((c.selected, c.offset), (2, 2));
        c.move_by(isize::MAX, 20, 5);
        assert_eq!((c.selected, c.offset), (19, 15));
        c.move_by(isize::MIN, 20, 5);
        assert_eq!((c.selected, c.offset), (0, 0));
        c.move_by(3, 0, 5);
        assert_eq!((c.selected, c.offset), (0, 0));
    }

    #[test]
    fn window_fills_the_screen_when_rows_fit() {
        // Scrolled down on a small screen, then shown on a tall one.
        let c = ListCursor { selected: 9, offset: 6 };
        assert_eq!(c.window(10, 4), 6);
        assert_eq!(c.window(10, 20), 0);
        assert_eq!(c.window(10, 2), 8);
    }
}
