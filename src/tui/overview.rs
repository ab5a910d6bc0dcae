//! The group's overview screens: the dashboard, a commune's trends, the
//! open follow-ups and the meeting plan, as state and updates.
//!
//! They read [`Findings`], a copy of the folded visits and follow-ups kept
//! in the app and refreshed when one of these screens opens, after a sync
//! brought ops and after a change made here; never the store on a
//! keystroke, since folding every visit costs far more than the 1 ms a
//! keystroke may take on a large group.

use std::collections::HashMap;

use serde_json::json;

use super::action::Action;
use super::app::{App, Screen};
use crate::findings::{self, FollowUp, Status, Visit};
use crate::report::{plan, summary};

/// What a commune's row of the dashboard shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommuneRow {
    /// Per built-in checklist item (in its order): the latest assessed
    /// status and the date of the visit that found it.
    pub latest: Vec<Option<(Status, String)>>,
    pub open: usize,
    pub overdue: usize,
    pub last_date: Option<String>,
    /// The newest visit, which Enter opens.
    pub last_visit: Option<String>,
}

/// The folded findings the overview screens read.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// Oldest first, as `findings::visits` gives them.
    pub visits: Vec<Visit>,
    pub follow_ups: Vec<FollowUp>,
    /// Per commune id.
    pub rows: HashMap<String, CommuneRow>,
}

impl Findings {
    /// Prepares the dashboard rows; `today` decides what is overdue.
    pub fn new(visits: Vec<Visit>, follow_ups: Vec<FollowUp>, today: &str) -> Findings {
        let items = &crate::checklist::active().items;
        let mut rows: HashMap<String, CommuneRow> = HashMap::new();
        let blank = || CommuneRow { latest: vec![None; items.len()], ..CommuneRow::default() };
        for ((commune, code), (status, date)) in summary::latest_statuses(&visits) {
            if let Some(i) = items.iter().position(|it| it.code == code) {
                rows.entry(commune).or_insert_with(blank).latest[i] = Some((status, date));
            }
        }
        for v in &visits {
            let row = rows.entry(v.commune.clone()).or_insert_with(blank);
            row.last_date = Some(v.date.clone());
            row.last_visit = Some(v.id.clone());
        }
        for f in follow_ups.iter().filter(|f| !f.done) {
            let row = rows.entry(f.commune.clone()).or_insert_with(blank);
            row.open += 1;
            row.overdue += usize::from(summary::overdue(f, today));
        }
        Findings { visits, follow_ups, rows }
    }
}

/// Where Esc goes back to from an overview screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Back {
    #[default]
    Browse,
    Dashboard,
}

/// The dashboard's cursor, kept while other screens are open over it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Board {
    /// Index into the group's communes.
    pub row: usize,
    /// Index into the built-in checklist's items.
    pub col: usize,
    /// First row on screen.
    pub offset: usize,
    /// Rows that fit, recorded by the last draw.
    pub height: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trends {
    pub commune: String,
    pub scroll: u16,
    pub back: Back,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpList {
    /// Index into the group's members, when filtering by one.
    pub member: Option<usize>,
    /// Index into the group's communes, when filtering by one.
    pub commune: Option<usize>,
    /// The open follow-ups that pass, overdue first then by deadline.
    pub rows: Vec<FollowUp>,
    pub selected: usize,
    pub offset: usize,
    pub height: usize,
    pub back: Back,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanView {
    /// `YYYY-MM`.
    pub month: String,
    pub scroll: u16,
    pub back: Back,
}

/// Moves `cur` by `delta` within `0..len`.
fn step(cur: usize, delta: isize, len: usize) -> usize {
    if len == 0 { 0 } else { (cur as isize + delta).clamp(0, len as isize - 1) as usize }
}

/// Keeps `cur` between `offset` and `offset + height`.
fn into_view(cur: usize, offset: &mut usize, height: usize) {
    let h = height.max(1);
    if cur < *offset {
        *offset = cur;
    } else if cur >= *offset + h {
        *offset = cur + 1 - h;
    }
}

impl App {
    /// Reads the findings again from the store (kept as they are without
    /// one: the benchmark feeds generated findings directly).
    pub fn refresh_findings(&mut self) {
        if let Some(store) = &self.store {
            self.findings = Findings::new(findings::visits(store), findings::follow_ups(store), &self.today);
        }
    }

    /// After other devices' ops came in: the overview shown is read again.
    pub(super) fn refresh_overview(&mut self) {
        if !matches!(self.screen, Screen::Dashboard | Screen::Trends(_) | Screen::FollowUps(_) | Screen::Plan(_)) {
            return;
        }
        self.refresh_findings();
        if let Screen::FollowUps(list) = &self.screen {
            let mut list = list.clone();
            self.fill_follow_ups(&mut list);
            self.screen = Screen::FollowUps(list);
        }
    }

    /// Replaces the findings the overview screens read.
    pub fn set_findings(&mut self, visits: Vec<Visit>, follow_ups: Vec<FollowUp>) {
        self.findings = Findings::new(visits, follow_ups, &self.today);
    }

    /// The commune an overview opened from `back` is about.
    fn focused_commune(&self, back: Back) -> Option<String> {
        match back {
            Back::Browse => self.selected_commune().map(|c| c.id.clone()),
            Back::Dashboard => self.current_group()?.communes.get(self.board.row).map(|c| c.id.clone()),
        }
    }

    /// Opens an overview screen from the browser or the dashboard.
    pub(super) fn open_overview(&mut self, action: Action, back: Back) {
        self.refresh_findings();
        match action {
            Action::OpenDashboard => {
                let n = self.current_group().map_or(0, |g| g.communes.len());
                // Start on the commune selected in the list.
                if let Some(&i) = self.visible.get(self.selected) {
                    self.board.row = i;
                }
                self.board.row = step(self.board.row, 0, n);
                self.screen = Screen::Dashboard;
            }
            Action::OpenTrends => {
                if let Some(commune) = self.focused_commune(back) {
                    self.screen = Screen::Trends(Trends { commune, scroll: 0, back });
                }
            }
            Action::OpenFollowUps => {
                let mut list = FollowUpList {
                    member: None,
                    commune: None,
                    rows: Vec::new(),
                    selected: 0,
                    offset: 0,
                    height: 10,
                    back,
                };
                self.fill_follow_ups(&mut list);
                self.screen = Screen::FollowUps(list);
            }
            Action::OpenPlan => {
                let month = self.today.get(..7).unwrap_or("").to_owned();
                self.screen = Screen::Plan(PlanView { month, scroll: 0, back });
            }
            _ => {}
        }
    }

    fn go_back(&mut self, back: Back) {
        self.screen = match back {
            Back::Browse => Screen::Browse,
            Back::Dashboard => Screen::Dashboard,
        };
    }

    /// The open follow-ups of the group's communes that pass the list's
    /// filters. A member filter keeps those of the communes the member is in
    /// charge of and those naming the member as responsible.
    fn fill_follow_ups(&self, list: &mut FollowUpList) {
        let Some(g) = self.current_group() else {
            list.rows.clear();
            return;
        };
        let commune = list.commune.and_then(|i| g.communes.get(i));
        let member = list.member.and_then(|i| g.members.get(i));
        let member_key = member.map(|m| crate::text::fold(&m.name));
        let keep = |f: &&FollowUp| {
            let Some(c) = g.communes.iter().find(|c| c.id == f.commune) else { return false };
            commune.is_none_or(|want| want.id == c.id)
                && member.is_none_or(|m| {
                    c.assigned.contains(&m.id)
                        || f.who == m.id
                        || member_key.as_deref().is_some_and(|k| crate::text::fold(&f.who).contains(k))
                })
        };
        let all = self.findings.follow_ups.iter().filter(keep);
        list.rows = summary::open_follow_ups(all, &self.today).into_iter().cloned().collect();
        list.selected = step(list.selected, 0, list.rows.len());
        into_view(list.selected, &mut list.offset, list.height);
    }

    /// Handles a key on an overview screen; false when the screen is not one.
    pub(super) fn update_overview(&mut self, action: Action) -> bool {
        match &self.screen {
            Screen::Dashboard => self.update_dashboard(action),
            Screen::Trends(_) => self.update_trends(action),
            Screen::FollowUps(_) => self.update_follow_ups(action),
            Screen::Plan(_) => self.update_plan(action),
            _ => return false,
        }
        true
    }

    fn update_dashboard(&mut self, action: Action) {
        let rows = self.current_group().map_or(0, |g| g.communes.len());
        let cols = crate::checklist::active().items.len();
        let page = self.board.height.max(1) as isize;
        let b = &mut self.board;
        match action {
            Action::Down => b.row = step(b.row, 1, rows),
            Action::Up => b.row = step(b.row, -1, rows),
            Action::PageDown => b.row = step(b.row, page, rows),
            Action::PageUp => b.row = step(b.row, -page, rows),
            Action::First => b.col = 0,
            Action::Last => b.col = cols.saturating_sub(1),
            Action::Left => b.col = step(b.col, -1, cols),
            Action::Right => b.col = step(b.col, 1, cols),
            Action::Choose => return self.drill_down(),
            Action::OpenTrends | Action::OpenFollowUps | Action::OpenPlan => {
                return self.open_overview(action, Back::Dashboard);
            }
            Action::Back => self.screen = Screen::Browse,
            _ => {}
        }
        into_view(self.board.row, &mut self.board.offset, self.board.height);
    }

    /// Enter on a cell: the commune's latest visit at that item, or a new
    /// visit when there is none yet.
    fn drill_down(&mut self) {
        let Some(g) = self.current_group() else { return };
        let Some(c) = g.communes.get(self.board.row) else { return };
        let code = crate::checklist::active().items.get(self.board.col).map(|i| i.code.clone());
        let last = self.findings.rows.get(&c.id).and_then(|r| r.last_visit.clone());
        self.walk_back = Back::Dashboard;
        self.drill_item = code;
        match last {
            Some(visit) => self.open_walk(&visit),
            None => {
                let index = self.board.row;
                self.new_visit_at(index);
            }
        }
    }

    fn update_trends(&mut self, action: Action) {
        let Screen::Trends(t) = &mut self.screen else { return };
        match action {
            Action::Down => t.scroll = t.scroll.saturating_add(1),
            Action::Up => t.scroll = t.scroll.saturating_sub(1),
            Action::PageDown => t.scroll = t.scroll.saturating_add(10),
            Action::PageUp => t.scroll = t.scroll.saturating_sub(10),
            Action::Back => {
                let back = t.back;
                self.go_back(back);
            }
            _ => {}
        }
    }

    fn update_follow_ups(&mut self, action: Action) {
        let Screen::FollowUps(list) = &mut self.screen else { return };
        let (members, communes) =
            self.data.groups.get(self.group).map_or((0, 0), |g| (g.members.len(), g.communes.len()));
        let page = list.height.max(1) as isize;
        let cycle = |cur: Option<usize>, n: usize| match cur {
            None if n > 0 => Some(0),
            Some(i) if i + 1 < n => Some(i + 1),
            _ => None,
        };
        match action {
            Action::Down => list.selected = step(list.selected, 1, list.rows.len()),
            Action::Up => list.selected = step(list.selected, -1, list.rows.len()),
            Action::PageDown => list.selected = step(list.selected, page, list.rows.len()),
            Action::PageUp => list.selected = step(list.selected, -page, list.rows.len()),
            Action::FilterMember | Action::FilterCommune => {
                if action == Action::FilterMember {
                    list.member = cycle(list.member, members);
                } else {
                    list.commune = cycle(list.commune, communes);
                }
                list.selected = 0;
                list.offset = 0;
                let mut list = list.clone();
                self.fill_follow_ups(&mut list);
                self.screen = Screen::FollowUps(list);
                return;
            }
            Action::MarkDone => return self.mark_selected_done(),
            Action::Back => {
                let back = list.back;
                return self.go_back(back);
            }
            _ => {}
        }
        into_view(list.selected, &mut list.offset, list.height);
    }

    /// `x` on the follow-up list: one op, then the list read again.
    fn mark_selected_done(&mut self) {
        let Screen::FollowUps(list) = &self.screen else { return };
        let Some(f) = list.rows.get(list.selected) else { return };
        let Some(store) = &mut self.store else { return };
        match store.set(&findings::follow_up_entity(&f.id), findings::FollowUpField::Done.name(), json!(true)) {
            Ok(_) => {
                self.status = Some(crate::i18n::board(self.lang).marked_done.to_owned());
                self.refresh_findings();
                if let Screen::FollowUps(list) = &self.screen {
                    let mut list = list.clone();
                    self.fill_follow_ups(&mut list);
                    self.screen = Screen::FollowUps(list);
                }
            }
            Err(e) => self.status = Some(e.message(self.lang)),
        }
    }

    fn update_plan(&mut self, action: Action) {
        let Screen::Plan(p) = &mut self.screen else { return };
        match action {
            Action::Left => p.month = plan::shift_month(&p.month, -1),
            Action::Right => p.month = plan::shift_month(&p.month, 1),
            Action::Down => p.scroll = p.scroll.saturating_add(1),
            Action::Up => p.scroll = p.scroll.saturating_sub(1),
            Action::Back => {
                let back = p.back;
                self.go_back(back);
            }
            _ => {}
        }
    }

    /// The meeting plan of the month shown.
    pub fn month_plan(&self, month: &str) -> Option<plan::Plan> {
        let g = self.current_group()?;
        Some(plan::plan(g, &self.findings.visits, month, self.max_cells))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::ItemFinding;

    fn visit(id: &str, commune: &str, date: &str, items: &[(&str, Status)]) -> Visit {
        let items = items.iter().map(|(c, s)| (c.to_string(), ItemFinding { status: *s, ..Default::default() }));
        Visit { id: id.into(), commune: commune.into(), date: date.into(), items: items.collect(), ..Visit::default() }
    }

    fn fu(commune: &str, due: Option<&str>, done: bool) -> FollowUp {
        FollowUp {
            id: format!("{commune}{due:?}{done}"),
            commune: commune.into(),
            due: due.map(Into::into),
            done,
            ..FollowUp::default()
        }
    }

    #[test]
    fn rows_hold_latest_assessed_status_counts_and_last_visit() {
        let visits = vec![
            visit("a", "c1", "2026-09-01", &[("unity", Status::Worse), ("leadership", Status::Improving)]),
            visit("b", "c1", "2026-10-01", &[("unity", Status::Resolved), ("leadership", Status::NotAssessed)]),
            visit("c", "c2", "2026-10-02", &[]),
        ];
        let fus = vec![
            fu("c1", Some("2026-10-01"), false),
            fu("c1", Some("2026-12-01"), false),
            fu("c1", Some("2026-01-01"), true),
            fu("c2", None, false),
        ];
        let f = Findings::new(visits, fus, "2026-11-01");
        let items = &crate::checklist::active().items;
        let at = |code: &str| items.iter().position(|i| i.code == code).unwrap();
        let c1 = &f.rows["c1"];
        assert_eq!(c1.latest[at("unity")], Some((Status::Resolved, "2026-10-01".to_owned())));
        assert_eq!(c1.latest[at("leadership")], Some((Status::Improving, "2026-09-01".to_owned())));
        assert_eq!((c1.open, c1.overdue), (2, 1));
        assert_eq!((c1.last_date.as_deref(), c1.last_visit.as_deref()), (Some("2026-10-01"), Some("b")));
        let c2 = &f.rows["c2"];
        assert_eq!((c2.open, c2.overdue, c2.last_visit.as_deref()), (1, 0, Some("c")));
        assert!(c2.latest.iter().all(Option::is_none));
    }
}
