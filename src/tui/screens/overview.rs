//! The overview screens opened from the list or the dashboard: a commune's
//! trends, the group's open follow-ups, the month's meeting plan.

use serde_json::json;

use crate::findings::{self, FollowUp};
use crate::report::{plan, summary};
use crate::tui::action::Action;
use crate::tui::cursor::ListCursor;
use crate::tui::keys::Context;
use crate::tui::shared::{Back, Go, Shared};

#[derive(Debug, Clone, PartialEq)]
pub struct Trends {
    pub commune: String,
    pub scroll: u16,
    pub back: Back,
}

impl Trends {
    pub fn contexts(&self) -> Vec<Context> {
        vec![Context::Trends]
    }

    pub fn update(&mut self, action: Action) -> Option<Go> {
        match action {
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll = self.scroll.saturating_add(10),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::Back => return Some(Go::Back(self.back)),
            _ => {}
        }
        None
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpList {
    /// Index into the group's members, when filtering by one.
    pub member: Option<usize>,
    /// Index into the group's communes, when filtering by one.
    pub commune: Option<usize>,
    /// The open follow-ups that pass, overdue first then by deadline.
    pub rows: Vec<FollowUp>,
    pub cursor: ListCursor,
    pub back: Back,
}

impl FollowUpList {
    pub fn new(sh: &Shared, back: Back) -> FollowUpList {
        let mut list =
            FollowUpList { member: None, commune: None, rows: Vec::new(), cursor: ListCursor::default(), back };
        list.fill(sh);
        list
    }

    pub fn contexts(&self) -> Vec<Context> {
        vec![Context::FollowUps]
    }

    /// The open follow-ups of the group's communes that pass the list's
    /// filters. A member filter keeps those whose owner is the member (by
    /// id or by name), whichever commune they are in.
    pub fn fill(&mut self, sh: &Shared) {
        let Some(g) = sh.current_group() else {
            self.rows.clear();
            return;
        };
        let commune = self.commune.and_then(|i| g.communes.get(i));
        let member = self.member.and_then(|i| g.members.get(i));
        let member_key = member.map(|m| crate::text::fold(&m.name));
        let keep = |f: &&FollowUp| {
            let Some(c) = g.communes.iter().find(|c| c.id == f.commune) else { return false };
            commune.is_none_or(|want| want.id == c.id)
                && member.is_none_or(|m| {
                    f.who == m.id || member_key.as_deref().is_some_and(|k| crate::text::fold(&f.who) == *k)
                })
        };
        let all = sh.findings.follow_ups.iter().filter(keep);
        self.rows = summary::open_follow_ups(all, &sh.today).into_iter().cloned().collect();
        self.cursor.selected = self.cursor.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn update(&mut self, sh: &mut Shared, action: Action, height: usize) -> Option<Go> {
        let (members, communes) = sh.current_group().map_or((0, 0), |g| (g.members.len(), g.communes.len()));
        let page = height.max(1) as isize;
        let len = self.rows.len();
        let cycle = |cur: Option<usize>, n: usize| match cur {
            None if n > 0 => Some(0),
            Some(i) if i + 1 < n => Some(i + 1),
            _ => None,
        };
        match action {
            Action::Down => self.cursor.move_by(1, len, height),
            Action::Up => self.cursor.move_by(-1, len, height),
            Action::PageDown => self.cursor.move_by(page, len, height),
            Action::PageUp => self.cursor.move_by(-page, len, height),
            Action::FilterMember => {
                self.member = cycle(self.member, members);
                self.cursor.reset();
                self.fill(sh);
            }
            Action::FilterCommune => {
                self.commune = cycle(self.commune, communes);
                self.cursor.reset();
                self.fill(sh);
            }
            Action::MarkDone => self.mark_selected_done(sh),
            Action::Back => return Some(Go::Back(self.back)),
            _ => {}
        }
        None
    }

    /// `x`: one op, then the list read again.
    fn mark_selected_done(&mut self, sh: &mut Shared) {
        let Some(f) = self.rows.get(self.cursor.selected) else { return };
        let Some(store) = &mut sh.store else { return };
        match store.set(&findings::follow_up_entity(&f.id), findings::FollowUpField::Done.name(), json!(true)) {
            Ok(_) => {
                sh.status = Some(crate::i18n::board(sh.lang).marked_done.to_owned());
                sh.refresh_findings();
                self.fill(sh);
            }
            Err(e) => sh.status = Some(e.message(sh.lang)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanView {
    /// `YYYY-MM`.
    pub month: String,
    pub scroll: u16,
    pub back: Back,
}

impl PlanView {
    pub fn contexts(&self) -> Vec<Context> {
        vec![Context::Plan]
    }

    pub fn update(&mut self, action: Action) -> Option<Go> {
        match action {
            Action::Left => self.month = plan::shift_month(&self.month, -1),
            Action::Right => self.month = plan::shift_month(&self.month, 1),
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Back => return Some(Go::Back(self.back)),
            _ => {}
        }
        None
    }
}
