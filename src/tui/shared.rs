//! What every screen may read or change: the assignments, the store, who I
//! am, today's date, the message line; and where a screen asks to go next.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::action::Action;
use super::folded::Findings;
use crate::assignments::{Assignments, Commune, Group, Member};
use crate::findings;
use crate::i18n::Lang;
use crate::report::plan;
use crate::store::Store;

pub struct Shared {
    pub data: Assignments,
    pub lang: Lang,
    pub demo: bool,
    /// Index of the group shown.
    pub group: usize,
    /// Who I am, per group id.
    pub me: BTreeMap<String, String>,
    /// Where findings go; `None` only in tests of the browser alone.
    pub store: Option<Store>,
    /// Where note and number drafts are kept while typed.
    pub drafts: Option<PathBuf>,
    /// A folder (Syncthing, a share) exchanged with while running.
    pub sync_dir: Option<PathBuf>,
    /// The last exchange with it, for the title bar.
    pub sync_state: Option<String>,
    /// Open conflicts, counted when the store changes under us (start,
    /// sync, a pick), not on every frame.
    pub conflict_count: usize,
    /// The message line: what the last key did, or an error.
    pub status: Option<String>,
    /// `YYYY-MM-DD`: what is overdue, the plan's month. Set at start; tests
    /// set their own so that snapshots do not depend on the day they run.
    pub today: String,
    /// `NO_COLOR` was set at start: draw without colours.
    pub no_color: bool,
    /// Cell meetings a member can attend in a month (the plan's limit).
    pub max_cells: usize,
    /// The folded findings the overview screens read.
    pub findings: Findings,
    /// Where a visit's minutes are written, and the documents' texts.
    pub papers_dir: Option<PathBuf>,
    pub paper: crate::report::paper::Settings,
    /// Devices with records held aside, as of the last exchange.
    pub held: Vec<crate::store::Held>,
    /// Devices the user chose to ignore this session (`x` on `A`).
    pub ignored: std::collections::BTreeSet<String>,
    /// What the exchanges with the sync folder warned about this session.
    pub warnings: super::screens::Warnings,
}

/// Where Esc goes back to from an overview screen or a visit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Back {
    #[default]
    Browse,
    Dashboard,
}

/// What a screen asks of the app once its own state is changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Go {
    /// Back to the commune list or the dashboard.
    Back(Back),
    /// An overview screen (dashboard, trends, follow-ups, plan), opened from `Back`.
    Overview(Action, Back),
    /// Start a visit to the group's commune at this index.
    NewVisit { commune: usize, item: Option<String>, back: Back },
    /// Open a recorded visit, on an item if one is named.
    OpenVisit { id: String, item: Option<String>, back: Back },
}

impl Shared {
    pub fn current_group(&self) -> Option<&Group> {
        self.data.groups.get(self.group)
    }

    /// The member I am in the current group, if known.
    pub fn me_in_group(&self) -> Option<&Member> {
        let g = self.current_group()?;
        g.member(self.me.get(&g.id)?)
    }

    /// The group's commune at `index`.
    pub fn commune(&self, index: usize) -> Option<&Commune> {
        self.current_group()?.communes.get(index)
    }

    /// The author of ops is who I am.
    pub fn set_author(&mut self) {
        let me = self.me_in_group().map(|m| m.id.clone()).unwrap_or_default();
        if let Some(store) = &mut self.store {
            store.set_author(&me);
        }
    }

    /// Reads the findings again from the store (kept as they are without
    /// one: the benchmark feeds generated findings directly).
    pub fn refresh_findings(&mut self) {
        if let Some(store) = &self.store {
            let merged = self.data.merged();
            let (visits, follow_ups) = (findings::visits(store), findings::follow_ups(store));
            let conflicts = findings::locate(store.conflicts(), &visits, &follow_ups);
            self.findings = Findings::new(visits, follow_ups, &self.today, &merged);
            self.findings.mark_conflicts(&conflicts, &merged);
        }
    }

    /// Replaces the findings the overview screens read.
    pub fn set_findings(&mut self, visits: Vec<findings::Visit>, follow_ups: Vec<findings::FollowUp>) {
        self.findings = Findings::new(visits, follow_ups, &self.today, &self.data.merged());
    }

    /// Devices with records held aside that the user has not ignored.
    pub fn strangers(&self) -> Vec<crate::store::Held> {
        self.held.iter().filter(|h| !self.ignored.contains(&h.device)).cloned().collect()
    }

    /// Counts the open conflicts again, after the store changed under us.
    pub fn recount_conflicts(&mut self) {
        self.conflict_count = self.store.as_ref().map_or(0, |s| s.conflicts().len());
    }

    /// The meeting plan of a month (`YYYY-MM`).
    pub fn month_plan(&self, month: &str) -> Option<plan::Plan> {
        let g = self.current_group()?;
        Some(plan::plan(g, &self.findings.visits, month, self.max_cells))
    }
}
