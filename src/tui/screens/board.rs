//! The dashboard's cursor: a commune (row) and a checklist item (column),
//! kept while other screens are open over it.

use crate::tui::action::Action;
use crate::tui::cursor::ListCursor;
use crate::tui::keys::Context;
use crate::tui::shared::{Back, Go, Shared};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Board {
    /// Over the group's communes.
    pub rows: ListCursor,
    /// Index into the active checklist's items.
    pub col: usize,
}

impl Board {
    pub fn contexts(&self) -> Vec<Context> {
        vec![Context::Dashboard]
    }

    /// The commune's index among the group's.
    pub fn row(&self) -> usize {
        self.rows.selected
    }

    /// Opens on the commune `index` (the one selected in the list).
    pub fn start_at(&mut self, index: Option<usize>, len: usize, height: usize) {
        let row = index.unwrap_or(self.rows.selected);
        self.rows.select(row, len, height);
    }

    pub fn update(&mut self, sh: &Shared, action: Action, height: usize) -> Option<Go> {
        let len = sh.current_group().map_or(0, |g| g.communes.len());
        let cols = crate::checklist::active().items.len();
        let page = height.max(1) as isize;
        let step = |cur: usize, d: isize| (cur as isize + d).clamp(0, cols.saturating_sub(1) as isize) as usize;
        match action {
            Action::Down => self.rows.move_by(1, len, height),
            Action::Up => self.rows.move_by(-1, len, height),
            Action::PageDown => self.rows.move_by(page, len, height),
            Action::PageUp => self.rows.move_by(-page, len, height),
            Action::First => self.col = 0,
            Action::Last => self.col = cols.saturating_sub(1),
            Action::Left => self.col = step(self.col, -1),
            Action::Right => self.col = step(self.col, 1),
            Action::Choose => return self.drill_down(sh),
            Action::OpenTrends | Action::OpenFollowUps | Action::OpenPlan => {
                return Some(Go::Overview(action, Back::Dashboard));
            }
            Action::Back => return Some(Go::Back(Back::Browse)),
            _ => {}
        }
        None
    }

    /// Enter on a cell: the commune's latest visit at that item, or a new
    /// visit when there is none yet.
    fn drill_down(&self, sh: &Shared) -> Option<Go> {
        let c = sh.commune(self.row())?;
        let item = crate::checklist::active().items.get(self.col).map(|i| i.code.clone());
        match sh.findings.rows.get(&c.id).and_then(|r| r.last_visit.clone()) {
            Some(id) => Some(Go::OpenVisit { id, item, back: Back::Dashboard }),
            None => Some(Go::NewVisit { commune: self.row(), item, back: Back::Dashboard }),
        }
    }
}
