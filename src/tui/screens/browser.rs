//! The commune list: the search, the selection and the details' scroll.

use crate::assignments::{Assignments, Commune};
use crate::text::SearchKey;
use crate::tui::action::Action;
use crate::tui::cursor::ListCursor;
use crate::tui::keys::Context;
use crate::tui::shared::Shared;

pub struct Browser {
    /// Commune names prepared for the search, per group.
    keys: Vec<Vec<SearchKey>>,
    pub filter: String,
    pub filtering: bool,
    /// Indices into the group's communes that pass the filter, best first.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub cursor: ListCursor,
    pub detail_scroll: u16,
}

impl Browser {
    pub fn new(data: &Assignments, group: usize) -> Browser {
        let keys = data.groups.iter().map(|g| g.communes.iter().map(|c| SearchKey::new(&c.name)).collect()).collect();
        let mut b = Browser {
            keys,
            filter: String::new(),
            filtering: false,
            visible: Vec::new(),
            cursor: ListCursor::default(),
            detail_scroll: 0,
        };
        b.refilter(group);
        b
    }

    pub fn contexts(&self) -> Vec<Context> {
        vec![if self.filtering { Context::Filter } else { Context::Browse }]
    }

    /// The selected commune's index among the group's communes.
    pub fn selected_index(&self) -> Option<usize> {
        self.visible.get(self.cursor.selected).copied()
    }

    pub fn selected<'a>(&self, sh: &'a Shared) -> Option<&'a Commune> {
        sh.commune(self.selected_index()?)
    }

    /// Recomputes the filtered list, exact spellings first, keeping the
    /// list order among equals.
    pub fn refilter(&mut self, group: usize) {
        self.cursor.reset();
        self.detail_scroll = 0;
        let Some(keys) = self.keys.get(group) else {
            self.visible.clear();
            return;
        };
        let query = SearchKey::new(&self.filter);
        let mut ranked: Vec<(u8, usize)> =
            keys.iter().enumerate().filter_map(|(i, k)| k.rank(&query).map(|r| (r, i))).collect();
        ranked.sort_by_key(|&(r, i)| (r, i));
        self.visible = ranked.into_iter().map(|(_, i)| i).collect();
    }

    /// Text added to the search at once (a paste, or keys typed faster
    /// than frames): one ranking for all of it, not one per character.
    pub fn type_str(&mut self, text: &str, group: usize) {
        if !text.is_empty() {
            self.filter.push_str(text);
            self.refilter(group);
        }
    }

    /// Another group is shown: the search starts again.
    pub fn switch_group(&mut self, group: usize) {
        self.filter.clear();
        self.filtering = false;
        self.refilter(group);
    }

    /// Handles a key of the list or the search; false when it is not one.
    pub fn update(&mut self, action: Action, group: usize, rows: usize) -> bool {
        let page = rows.max(1) as isize;
        let len = self.visible.len();
        let delta = match action {
            Action::Down => Some(1),
            Action::Up => Some(-1),
            Action::PageDown => Some(page),
            Action::PageUp => Some(-page),
            Action::First => Some(isize::MIN),
            Action::Last => Some(isize::MAX),
            _ => None,
        };
        if let Some(d) = delta {
            self.cursor.move_by(d, len, rows);
            self.detail_scroll = 0;
            return true;
        }
        match action {
            Action::StartFilter => self.filtering = true,
            Action::Type(c) => {
                self.filter.push(c);
                self.refilter(group);
            }
            Action::Backspace => {
                crate::tui::input::backspace(&mut self.filter);
                self.refilter(group);
            }
            Action::EndFilter => self.filtering = false,
            Action::ClearFilter => {
                self.filtering = false;
                self.filter.clear();
                self.refilter(group);
            }
            Action::DetailDown => self.detail_scroll = self.detail_scroll.saturating_add(3),
            Action::DetailUp => self.detail_scroll = self.detail_scroll.saturating_sub(3),
            _ => return false,
        }
        true
    }
}
