//! The visit screens as seen from the app: starting a visit, opening one,
//! the walk itself, and settling conflicts.

use super::action::Action;
use super::app::{App, Overlay, Screen};
use super::walk::Walk;
use super::walk::setup::{Setup, SetupOutcome};
use crate::findings::{self, Visit};
use crate::i18n::walk as t;
use crate::store::{Conflict, HeadView, Resolution};

impl App {
    /// The selected commune's visits, newest first.
    pub fn commune_visits(&self) -> Vec<Visit> {
        let (Some(store), Some(c)) = (&self.store, self.selected_commune()) else {
            return Vec::new();
        };
        let mut v: Vec<Visit> = findings::visits(store).into_iter().filter(|v| v.commune == c.id).collect();
        v.reverse();
        v
    }

    /// One row per value that can be kept: (conflict, head).
    pub fn conflict_rows(&self) -> Vec<(Conflict, HeadView)> {
        let Some(store) = &self.store else { return Vec::new() };
        store.conflicts().into_iter().flat_map(|c| c.heads.clone().into_iter().map(move |h| (c.clone(), h))).collect()
    }

    pub(super) fn new_visit(&mut self) {
        self.walk_back = super::overview::Back::Browse;
        self.drill_item = None;
        if let Some(&i) = self.visible.get(self.selected) {
            self.new_visit_at(i);
        }
    }

    /// Starts a visit to the group's commune at `index`.
    pub(super) fn new_visit_at(&mut self, index: usize) {
        if self.store.is_none() {
            return;
        }
        let Some(group) = self.current_group() else { return };
        let Some(commune) = group.communes.get(index) else { return };
        if self.me_in_group().is_none() {
            self.overlay = Overlay::Me { selected: 0 };
            return;
        }
        let me = self.me_in_group().map(|m| m.id.clone());
        let setup = Setup::new(group, commune, me.as_deref(), self.today.clone());
        self.screen = Screen::Setup(Box::new(setup));
    }

    /// Opens a visit's walk, on the item asked for by the dashboard if any.
    pub(super) fn open_walk(&mut self, visit: &str) {
        let Some(store) = &self.store else { return };
        let mut walk = Walk::open(store, &self.data, crate::checklist::active(), visit, self.drafts.clone());
        walk.today = self.today.clone();
        if let Some(code) = self.drill_item.take()
            && let Some(i) = walk.items.iter().position(|c| *c == code)
        {
            walk.current = i;
            walk.refresh_visit(store);
        }
        self.screen = Screen::Walk(Box::new(walk));
    }

    /// Leaving a visit or its setup: back where it was started from.
    fn leave_visit(&mut self) {
        self.drill_item = None;
        match self.walk_back {
            super::overview::Back::Browse => self.screen = Screen::Browse,
            super::overview::Back::Dashboard => {
                self.refresh_findings();
                self.screen = Screen::Dashboard;
            }
        }
    }

    pub(super) fn choose_in_overlay(&mut self) {
        match self.overlay.clone() {
            Overlay::Visits { selected: 0 } => {
                self.overlay = Overlay::None;
                self.new_visit();
            }
            Overlay::Visits { selected } => {
                self.overlay = Overlay::None;
                if let Some(v) = self.commune_visits().get(selected - 1) {
                    let id = v.id.clone();
                    self.open_walk(&id);
                }
            }
            Overlay::Conflicts { selected } => {
                let rows = self.conflict_rows();
                let Some((conflict, head)) = rows.get(selected) else { return };
                let Some(store) = &mut self.store else { return };
                let choice = head.value.clone().map_or(Resolution::Delete, Resolution::Value);
                match store.resolve(&conflict.entity, &conflict.field, choice) {
                    Ok(_) => {
                        self.status = Some(t(self.lang).resolved.into());
                        self.conflict_count = store.conflicts().len();
                        let left = self.conflict_rows().len();
                        self.overlay = if left == 0 { Overlay::None } else { Overlay::Conflicts { selected: 0 } };
                    }
                    Err(e) => self.status = Some(e.message(self.lang)),
                }
            }
            _ => {}
        }
    }

    pub(super) fn update_screen(&mut self, action: Action) {
        if self.update_overview(action) {
            return;
        }
        let lang = self.lang;
        let Some(store) = &mut self.store else { return };
        match &mut self.screen {
            Screen::Setup(setup) => match setup.update(store, action, lang) {
                SetupOutcome::Stay => {}
                SetupOutcome::Cancel => self.leave_visit(),
                SetupOutcome::Started(id) => self.open_walk(&id),
            },
            Screen::Walk(walk) => {
                let left = walk.update(store, &self.data, action, lang);
                if left {
                    self.leave_visit();
                }
            }
            _ => {}
        }
    }
}

impl App {
    /// Exchanges ops with the sync folder, if one is set: ours out, theirs
    /// in. Called when idle, never on the keystroke path.
    pub fn sync_now(&mut self) {
        let (Some(dir), Some(store)) = (self.sync_dir.clone(), &mut self.store) else { return };
        let when = jiff::Zoned::now().strftime("%H:%M").to_string();
        let w = t(self.lang);
        match store.sync(&dir) {
            Ok(report) => {
                self.conflict_count = store.conflicts().len();
                self.sync_state = Some(format!("⇅ {when} · {} {}", report.devices_seen.len(), w.devices));
                if report.ops_in > 0 {
                    if let Screen::Walk(walk) = &mut self.screen {
                        walk.refresh_all(store, &self.data);
                    }
                    self.refresh_overview();
                }
            }
            Err(e) => self.sync_state = Some(format!("⇅ {when} ✗ {}", e.message(self.lang))),
        }
    }
}
