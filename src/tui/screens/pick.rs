//! What opens over the commune list: the key help and the pick lists (who
//! I am, which group, a commune's visits) and the conflicts screen.

use crate::findings::{self, Visit};
use crate::tui::action::Action;
use crate::tui::cursor::ListCursor;
use crate::tui::keys::Context;
use crate::tui::screens::{ConflictList, Strangers, WarningList};
use crate::tui::shared::Shared;

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    /// Pick who I am among the group's members.
    Me(ListCursor),
    /// Pick a working group.
    Groups(ListCursor),
    /// The visits to a commune, newest first; row 0 starts a new one.
    Visits {
        visits: Vec<Visit>,
        cursor: ListCursor,
    },
    /// Open conflicts, in words, over the whole screen.
    Conflicts(Box<ConflictList>),
    /// Unknown devices: admit or ignore.
    Strangers(Box<Strangers>),
    /// The session's sync warnings.
    Warnings(WarningList),
}

/// What Enter or Esc on a pick list asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    Closed,
    Member(usize),
    Group(usize),
    NewVisit,
    Visit(String),
}

impl Overlay {
    /// The visits to `commune`, newest first, read once when the list opens.
    pub fn visits(sh: &Shared, commune: &str) -> Overlay {
        let mut visits: Vec<Visit> = match &sh.store {
            // Visits to communes merged into this one are its history.
            Some(store) => {
                let c = sh.data.commune(commune).map(|(_, c)| c);
                let ours = |v: &Visit| c.map_or(v.commune == commune, |c| c.covers(&v.commune));
                findings::visits(store).into_iter().filter(ours).collect()
            }
            None => Vec::new(),
        };
        visits.reverse();
        Overlay::Visits { cursor: ListCursor::at(usize::from(!visits.is_empty())), visits }
    }

    /// The open conflicts, read when the screen opens and after each pick.
    pub fn conflicts(sh: &Shared) -> Overlay {
        Overlay::Conflicts(Box::new(ConflictList::open(sh)))
    }

    /// The key contexts in force; `None` when nothing is open.
    pub fn contexts(&self) -> Option<Vec<Context>> {
        match self {
            Overlay::None => None,
            // Any key closes the help (see `action_for`).
            Overlay::Help { .. } => Some(vec![]),
            Overlay::Conflicts(_) => Some(vec![Context::Conflicts]),
            Overlay::Strangers(_) => Some(vec![Context::Strangers]),
            Overlay::Warnings(_) => Some(vec![Context::Warnings]),
            _ => Some(vec![Context::Pick]),
        }
    }

    fn len(&self, sh: &Shared) -> usize {
        match self {
            Overlay::Me(_) => sh.current_group().map_or(0, |g| g.members.len()),
            Overlay::Groups(_) => sh.data.groups.len(),
            Overlay::Visits { visits, .. } => visits.len() + 1,
            Overlay::None
            | Overlay::Help { .. }
            | Overlay::Conflicts(_)
            | Overlay::Strangers(_)
            | Overlay::Warnings(_) => 0,
        }
    }

    fn cursor(&mut self) -> Option<&mut ListCursor> {
        match self {
            Overlay::Me(c) | Overlay::Groups(c) => Some(c),
            Overlay::Visits { cursor, .. } => Some(cursor),
            Overlay::None
            | Overlay::Help { .. }
            | Overlay::Conflicts(_)
            | Overlay::Strangers(_)
            | Overlay::Warnings(_) => None,
        }
    }

    /// Handles a key; what was picked, if the list is done.
    pub fn update(&mut self, sh: &mut Shared, action: Action, rows: usize) -> Option<Picked> {
        if let Overlay::Help { scroll } = self {
            match action {
                Action::DetailDown => *scroll = scroll.saturating_add(3),
                Action::DetailUp => *scroll = scroll.saturating_sub(3),
                _ => return Some(Picked::Closed),
            }
            return None;
        }
        if let Overlay::Conflicts(list) = self {
            return list.update(sh, action, rows);
        }
        if let Overlay::Strangers(s) = self {
            return s.update(sh, action, rows);
        }
        if let Overlay::Warnings(list) = self {
            return list.update(sh, action, rows);
        }
        let len = self.len(sh);
        match action {
            Action::Down | Action::Up | Action::PageDown | Action::PageUp => {
                let page = rows.max(1) as isize;
                let d = match action {
                    Action::Down => 1,
                    Action::Up => -1,
                    Action::PageDown => page,
                    _ => -page,
                };
                if let Some(c) = self.cursor() {
                    c.move_by(d, len, rows);
                }
                None
            }
            Action::Choose => self.choose(),
            Action::Cancel | Action::Dismiss => Some(Picked::Closed),
            _ => None,
        }
    }

    fn choose(&mut self) -> Option<Picked> {
        match self {
            Overlay::Me(c) => Some(Picked::Member(c.selected)),
            Overlay::Groups(c) => Some(Picked::Group(c.selected)),
            Overlay::Visits { cursor, .. } if cursor.selected == 0 => Some(Picked::NewVisit),
            Overlay::Visits { visits, cursor } => Some(Picked::Visit(visits.get(cursor.selected - 1)?.id.clone())),
            Overlay::None
            | Overlay::Help { .. }
            | Overlay::Conflicts(_)
            | Overlay::Strangers(_)
            | Overlay::Warnings(_) => None,
        }
    }
}
