//! The app: what every screen shares, the screen shown, and dispatching a
//! key's action to it. Screens own their state and updates (`screens/`,
//! `walk/`); what they ask for next comes back as a [`Go`]. Updates write
//! to the store (one append per committed change: a field, or a whole new
//! visit or follow-up as one batch) and to draft files; settings to
//! remember are handed back as [`Effect`]s.

use std::collections::BTreeMap;

use super::action::Action;
use super::cursor::Metrics;
use super::keys::Context;
use super::screens::warnings::Entry;
use super::screens::{Board, Browser, FollowUpList, Overlay, Picked, PlanView, Trends};
use super::shared::{Back, Go, Shared};
use super::walk::Walk;
use super::walk::setup::{Setup, SetupOutcome};
use crate::assignments::{Assignments, Commune};
use crate::i18n::{Lang, walk as t};
use crate::store::Store;

/// The main screen under any overlay. The commune list and the dashboard
/// keep their state in the app ([`App::browser`], [`App::board`]) while
/// other screens are shown.
pub enum Screen {
    Browse,
    Setup(Box<Setup>),
    Walk(Box<Walk>),
    Dashboard,
    Trends(Trends),
    FollowUps(FollowUpList),
    Plan(PlanView),
}

/// Something the app wants done outside itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Remember that I am `member` in `group`.
    SetMe {
        group: String,
        member: String,
    },
    /// Remember the group shown.
    SetGroup(String),
    SetLang(Lang),
}

pub struct App {
    pub shared: Shared,
    pub browser: Browser,
    pub board: Board,
    pub screen: Screen,
    pub overlay: Overlay,
    /// Layout facts of the last frame (rows in a page).
    pub metrics: Metrics,
    pub quit: bool,
    /// Ctrl-Z: the loop gives the terminal back until `fg`.
    pub suspend: bool,
    /// Where leaving a visit goes back to.
    walk_back: Back,
    /// The item a visit opened from the dashboard starts on.
    drill_item: Option<String>,
}

/// Whether the `NO_COLOR` convention (no-color.org) asks for no colours:
/// set and not empty.
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

impl App {
    pub fn new(data: Assignments, lang: Lang, demo: bool, me: BTreeMap<String, String>, group: Option<&str>) -> App {
        let group = group.and_then(|id| data.groups.iter().position(|g| g.id == id)).unwrap_or(0);
        let browser = Browser::new(&data, group);
        let shared = Shared {
            data,
            lang,
            demo,
            group,
            me,
            store: None,
            drafts: None,
            sync_dir: None,
            sync_state: None,
            conflict_count: 0,
            status: demo.then(|| crate::i18n::s(lang).demo_hint.to_owned()),
            today: super::walk::today(),
            no_color: no_color_env(),
            max_cells: crate::report::plan::DEFAULT_LIMIT,
            findings: Default::default(),
            papers_dir: None,
            paper: Default::default(),
            held: Vec::new(),
            ignored: Default::default(),
            warnings: Default::default(),
        };
        let mut app = App {
            shared,
            browser,
            board: Board::default(),
            screen: Screen::Browse,
            overlay: Overlay::None,
            metrics: Metrics::default(),
            quit: false,
            suspend: false,
            walk_back: Back::Browse,
            drill_item: None,
        };
        app.ask_me_if_unknown();
        app
    }

    /// Gives the app its store; the author of ops is who I am.
    pub fn with_store(mut self, store: Store, drafts: Option<std::path::PathBuf>) -> App {
        self.shared.store = Some(store);
        self.shared.recount_conflicts();
        // The commune list shows each commune's last visit and open follow-ups.
        self.shared.refresh_findings();
        self.shared.drafts = drafts;
        self.shared.set_author();
        self.reopen_left_visit();
        self
    }

    /// A run that stopped inside a visit (a kill, a power cut) left its
    /// place behind: the visit opens there again, saying what came back.
    fn reopen_left_visit(&mut self) {
        let sh = &self.shared;
        let (Some(dir), Some(store)) = (&sh.drafts, &sh.store) else { return };
        let Some(place) = super::walk::resume::left_behind(dir) else { return };
        let visit = crate::findings::visit(store, &crate::findings::visit_entity(&place.visit));
        if visit.commune.is_empty() {
            return;
        }
        self.open_walk(&place.visit, None, Back::Browse);
        let lang = self.shared.lang;
        if let Screen::Walk(walk) = &mut self.screen {
            walk.restore(&place, lang);
        }
    }

    pub fn selected_commune(&self) -> Option<&Commune> {
        self.browser.selected(&self.shared)
    }

    /// The key contexts in force, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if let Some(c) = self.overlay.contexts() {
            return c;
        }
        match &self.screen {
            Screen::Browse => self.browser.contexts(),
            Screen::Setup(_) => vec![Context::Setup],
            Screen::Walk(w) => w.contexts(),
            Screen::Dashboard => self.board.contexts(),
            Screen::Trends(t) => t.contexts(),
            Screen::FollowUps(l) => l.contexts(),
            Screen::Plan(p) => p.contexts(),
        }
    }

    /// The contexts whose keys the help screen lists here.
    pub fn help_contexts(&self) -> Vec<Context> {
        use Context::{Dashboard, FollowUps, Plan, Trends, *};
        match self.screen {
            Screen::Browse => vec![Everywhere, Browse, Filter, Pick, Conflicts, Strangers, Warnings, Help],
            Screen::Setup(_) => vec![Everywhere, Setup, Help],
            Screen::Walk(_) => {
                vec![
                    Everywhere, WalkStatus, WalkField, WalkNumber, WalkFlag, WalkRating, Walk, Note, Form, Prompt,
                    Review, History, Help,
                ]
            }
            Screen::Dashboard => vec![Everywhere, Dashboard, Help],
            Screen::Trends(_) => vec![Everywhere, Trends, Help],
            Screen::FollowUps(_) => vec![Everywhere, FollowUps, Help],
            Screen::Plan(_) => vec![Everywhere, Plan, Help],
        }
    }

    fn ask_me_if_unknown(&mut self) {
        if self.overlay == Overlay::None && self.shared.current_group().is_some() && self.shared.me_in_group().is_none()
        {
            self.overlay = Overlay::Me(Default::default());
        }
    }

    fn switch_group(&mut self, index: usize, effects: &mut Vec<Effect>) {
        if index < self.shared.data.groups.len() {
            self.shared.group = index;
            self.browser.switch_group(index);
            effects.push(Effect::SetGroup(self.shared.data.groups[index].id.clone()));
            self.ask_me_if_unknown();
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let mut effects = Vec::new();
        self.shared.status = None;
        if action == Action::Quit {
            self.quit = true;
            return effects;
        }
        if action == Action::Suspend {
            self.suspend = true;
            return effects;
        }
        if self.overlay != Overlay::None {
            self.update_overlay(action, &mut effects);
            return effects;
        }
        if action == Action::Help {
            self.overlay = Overlay::Help { scroll: 0 };
            return effects;
        }
        let sh = &mut self.shared;
        let m = self.metrics;
        let go = match &mut self.screen {
            Screen::Browse => {
                if !self.browser.update(action, sh.group, m.browser_rows) {
                    self.update_browse(action, &mut effects);
                }
                None
            }
            Screen::Setup(setup) => match sh.store.as_mut().map(|s| setup.update(s, action, sh.lang)) {
                Some(SetupOutcome::Cancel) => Some(Go::Back(self.walk_back)),
                Some(SetupOutcome::Started(id)) => {
                    Some(Go::OpenVisit { id, item: self.drill_item.take(), back: self.walk_back })
                }
                Some(SetupOutcome::Stay) | None => None,
            },
            Screen::Walk(walk) if action == Action::Minutes => {
                // The number being typed goes into the minutes (or its error is said).
                if sh.store.as_mut().is_none_or(|store| walk.commit_typed(store, sh.lang)) {
                    walk.note = Some(super::minutes::write(sh, &walk.visit));
                }
                None
            }
            Screen::Walk(walk) => {
                let left = sh.store.as_mut().is_some_and(|store| walk.update(store, &sh.data, action, sh.lang));
                if left {
                    walk.forget_place();
                    sh.status = Some(super::walk::words(sh.lang).left_visit.to_owned());
                }
                left.then_some(Go::Back(self.walk_back))
            }
            Screen::Dashboard => self.board.update(sh, action, m.board_rows),
            Screen::Trends(t) => t.update(action),
            Screen::FollowUps(l) => l.update(sh, action, m.follow_up_rows),
            Screen::Plan(p) => p.update(action),
        };
        if let Some(go) = go {
            self.go(go);
        }
        effects
    }

    /// The commune list's keys that reach beyond the list itself.
    fn update_browse(&mut self, action: Action, effects: &mut Vec<Effect>) {
        let groups = self.shared.data.groups.len().max(1);
        let group = self.shared.group;
        match action {
            Action::NextGroup => return self.switch_group((group + 1) % groups, effects),
            Action::PrevGroup => return self.switch_group((group + groups - 1) % groups, effects),
            _ => {}
        }
        let sh = &mut self.shared;
        match action {
            Action::PickGroup => self.overlay = Overlay::Groups(super::cursor::ListCursor::at(sh.group)),
            Action::PickMe => {
                let selected = sh
                    .current_group()
                    .and_then(|g| g.members.iter().position(|m| Some(&m.id) == sh.me.get(&g.id)))
                    .unwrap_or(0);
                self.overlay = Overlay::Me(super::cursor::ListCursor::at(selected));
            }
            Action::ToggleLang => {
                sh.lang = match sh.lang {
                    Lang::Vi => Lang::En,
                    Lang::En => Lang::Vi,
                };
                effects.push(Effect::SetLang(sh.lang));
            }
            Action::NewVisit => {
                if let Some(commune) = self.browser.selected_index() {
                    self.go(Go::NewVisit { commune, item: None, back: Back::Browse });
                }
            }
            Action::OpenVisits => {
                if let Some(c) = self.browser.selected(sh) {
                    let id = c.id.clone();
                    self.overlay = Overlay::visits(sh, &id);
                }
            }
            Action::Conflicts => self.overlay = Overlay::conflicts(sh),
            Action::Strangers => self.overlay = Overlay::Strangers(Box::new(super::screens::Strangers::open(sh))),
            Action::Warnings => self.overlay = Overlay::Warnings(super::screens::WarningList::open(sh)),
            Action::OpenDashboard | Action::OpenTrends | Action::OpenFollowUps | Action::OpenPlan => {
                self.go(Go::Overview(action, Back::Browse))
            }
            _ => {}
        }
    }

    fn update_overlay(&mut self, action: Action, effects: &mut Vec<Effect>) {
        let Some(picked) = self.overlay.update(&mut self.shared, action, self.metrics.pick_rows) else { return };
        self.overlay = Overlay::None;
        match picked {
            Picked::Closed => {}
            Picked::Member(i) => {
                let sh = &mut self.shared;
                if let Some(g) = sh.current_group()
                    && let Some(m) = g.members.get(i)
                {
                    let (group, member) = (g.id.clone(), m.id.clone());
                    sh.me.insert(group.clone(), member.clone());
                    effects.push(Effect::SetMe { group, member });
                    sh.set_author();
                }
            }
            Picked::Group(i) => self.switch_group(i, effects),
            Picked::NewVisit => {
                if let Some(commune) = self.browser.selected_index() {
                    self.go(Go::NewVisit { commune, item: None, back: Back::Browse });
                }
            }
            Picked::Visit(id) => self.go(Go::OpenVisit { id, item: None, back: Back::Browse }),
        }
    }

    /// Carries out what a screen asked for.
    fn go(&mut self, go: Go) {
        match go {
            Go::Back(Back::Browse) => {
                // A visit may have changed what the commune list shows.
                self.shared.refresh_findings();
                self.screen = Screen::Browse;
            }
            Go::Back(Back::Dashboard) => {
                self.shared.refresh_findings();
                self.screen = Screen::Dashboard;
            }
            Go::Overview(action, back) => self.open_overview(action, back),
            Go::NewVisit { commune, item, back } => self.new_visit(commune, item, back),
            Go::OpenVisit { id, item, back } => self.open_walk(&id, item, back),
        }
    }

    /// Opens an overview screen from the list or the dashboard.
    fn open_overview(&mut self, action: Action, back: Back) {
        let sh = &mut self.shared;
        sh.refresh_findings();
        // The commune the screen is about: the one selected where it opened.
        let focused = match back {
            Back::Browse => self.browser.selected(sh),
            Back::Dashboard => sh.commune(self.board.row()),
        }
        .map(|c| c.id.clone());
        match action {
            Action::OpenDashboard => {
                let n = sh.current_group().map_or(0, |g| g.communes.len());
                self.board.start_at(self.browser.selected_index(), n, self.metrics.board_rows);
                self.screen = Screen::Dashboard;
            }
            Action::OpenTrends => {
                if let Some(commune) = focused {
                    self.screen = Screen::Trends(Trends { commune, scroll: 0, back });
                }
            }
            Action::OpenFollowUps => self.screen = Screen::FollowUps(FollowUpList::new(sh, back)),
            Action::OpenPlan => {
                let month = sh.today.get(..7).unwrap_or("").to_owned();
                self.screen = Screen::Plan(PlanView { month, scroll: 0, back });
            }
            _ => {}
        }
    }

    /// Starts a visit to the group's commune at `index`.
    fn new_visit(&mut self, index: usize, item: Option<String>, back: Back) {
        let sh = &self.shared;
        if sh.store.is_none() {
            return;
        }
        let (Some(group), Some(commune)) = (sh.current_group(), sh.commune(index)) else { return };
        let Some(me) = sh.me_in_group() else {
            self.overlay = Overlay::Me(Default::default());
            return;
        };
        let setup = Setup::new(group, commune, Some(&me.id), sh.today.clone());
        self.walk_back = back;
        self.drill_item = item;
        self.screen = Screen::Setup(Box::new(setup));
    }

    /// Opens a visit's walk, on `item` if one is asked for.
    fn open_walk(&mut self, visit: &str, item: Option<String>, back: Back) {
        let sh = &self.shared;
        let Some(store) = &sh.store else { return };
        let mut walk = Walk::open(store, &sh.data, crate::checklist::active(), visit, sh.drafts.clone());
        walk.today = sh.today.clone();
        // A new follow-up's owner: me, else the first member who went.
        walk.me = sh
            .data
            .commune(&walk.commune)
            .and_then(|(g, _)| {
                let went = walk.state.members.first();
                sh.me.get(&g.id).and_then(|id| g.member(id)).or_else(|| went.and_then(|id| g.member(id)))
            })
            .map(|m| m.name.clone());
        if let Some(code) = item
            && let Some(i) = walk.items.iter().position(|c| *c == code)
        {
            walk.current = i;
            walk.refresh_visit(store);
        }
        self.walk_back = back;
        self.drill_item = None;
        self.screen = Screen::Walk(Box::new(walk));
    }

    /// Exchanges ops with the sync folder, if one is set: ours out, theirs
    /// in. Called when idle, never on the keystroke path.
    pub fn sync_now(&mut self) {
        let sh = &mut self.shared;
        let (Some(dir), Some(store)) = (sh.sync_dir.clone(), &mut sh.store) else { return };
        let when = jiff::Zoned::now().strftime("%H:%M").to_string();
        let w = t(sh.lang);
        // A sealed folder opens with the key remembered when `sotay sync`
        // was given its passphrase; the interface never asks for one.
        let store_dir = store.data_dir().to_owned();
        let key = crate::seal::folder_key(&dir, &store_dir, false, &mut |_| {
            Err(crate::seal::SealError::NeedPassphrase { dir: dir.clone() })
        });
        match key.and_then(|k| crate::seal::sync(store, &dir, k.as_ref())) {
            Ok(crate::seal::Outcome { mut report, unopened, .. }) => {
                let devices = format!("{} {}", report.devices_seen.len(), w.devices);
                // Values this laptop's checklist would not take, as `sotay
                // sync` names them: looked for only when ops came in (it
                // reads every field), here when idle, never on a key.
                if report.ops_in > 0 {
                    report.warnings.extend(crate::findings::off_checklist(store, crate::checklist::active()));
                }
                // What the folder held that was refused or odd (a copied
                // home's new device id too): said once, kept for `W`.
                let batch = report.warnings.into_iter().map(Entry::Store).chain(unopened.into_iter().map(Entry::Seal));
                let said = sh.warnings.take(batch, sh.lang);
                let told = said.is_some();
                if said.is_some() {
                    sh.status = said;
                }
                // Records held aside from a device not in the roster: said
                // once when they change, and counted in the title bar.
                if let Some(held) = store.held_news() {
                    sh.held = held;
                    // A warning said now keeps the line: the title bar
                    // counts the unknown devices.
                    if let Some(h) = sh.strangers().first()
                        && !told
                    {
                        sh.status = Some(crate::i18n::held_banner(h, sh.lang));
                    }
                }
                let strangers = match sh.strangers().len() {
                    0 => String::new(),
                    n => format!("{} · ", crate::i18n::strangers_count(n, sh.lang)),
                };
                sh.sync_state = Some(format!("⇅ {when} · {strangers}{devices}"));
                sh.recount_conflicts();
                if report.ops_in > 0 {
                    self.refresh_after_sync();
                }
            }
            Err(e) => sh.sync_state = Some(format!("⇅ {when} ✗ {}", e.message(sh.lang))),
        }
    }

    /// After other devices' ops came in: the screen shown is read again.
    fn refresh_after_sync(&mut self) {
        let sh = &mut self.shared;
        match &mut self.screen {
            Screen::Walk(walk) => {
                if let Some(store) = &sh.store {
                    walk.refresh_all(store, &sh.data);
                }
            }
            Screen::FollowUps(list) => {
                sh.refresh_findings();
                list.fill(sh);
            }
            Screen::Browse | Screen::Dashboard | Screen::Trends(_) | Screen::Plan(_) => sh.refresh_findings(),
            Screen::Setup(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keys::dispatch;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    pub fn demo_app() -> App {
        let data = crate::demo::assignments();
        let mut me = BTreeMap::new();
        me.insert("tct-1659".to_owned(), "nva".to_owned());
        App::new(data, Lang::Vi, true, me, None)
    }

    fn press(app: &mut App, keys: &str) {
        for c in keys.chars() {
            let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            if let Some(a) = dispatch(&app.contexts(), &ev) {
                app.update(a);
            }
        }
    }

    fn names(app: &App) -> Vec<String> {
        let g = app.shared.current_group().unwrap();
        app.browser.visible.iter().map(|&i| g.communes[i].name.clone()).collect()
    }

    #[test]
    fn search_ignores_marks_and_ranks_exact_first() {
        let mut app = demo_app();
        press(&mut app, "/binh thanh");
        assert_eq!(names(&app), ["Xã Bình Thanh", "Xã Bình Thạnh"]);
        let mut app = demo_app();
        press(&mut app, "/Bình Thạnh");
        assert_eq!(names(&app), ["Xã Bình Thạnh", "Xã Bình Thanh"]);
        let mut app = demo_app();
        press(&mut app, "/tan phu");
        assert_eq!(names(&app), ["Xã Bình Tân Phú"]);
    }

    #[test]
    fn backspace_removes_one_grapheme() {
        let mut app = demo_app();
        // "Thạnh" typed in NFD: the dot below is its own code point.
        press(&mut app, "/tha\u{323}");
        app.update(Action::Backspace);
        assert_eq!(app.browser.filter, "th");
    }

    #[test]
    fn unknown_me_asks_and_remembers() {
        let data = crate::demo::assignments();
        let mut app = App::new(data, Lang::Vi, true, BTreeMap::new(), None);
        assert_eq!(app.overlay, Overlay::Me(Default::default()));
        app.update(Action::Down);
        let fx = app.update(Action::Choose);
        assert_eq!(fx, vec![Effect::SetMe { group: "tct-1659".into(), member: "ttb".into() }]);
        assert_eq!(app.shared.me_in_group().unwrap().name, "Trần Thị Bình");
    }

    #[test]
    fn selection_stays_in_bounds() {
        let mut app = demo_app();
        for _ in 0..20 {
            app.update(Action::Down);
        }
        assert_eq!(app.browser.cursor.selected, 4);
        app.update(Action::PageUp);
        assert_eq!(app.browser.cursor.selected, 0);
        press(&mut app, "/zzz");
        assert!(app.browser.visible.is_empty());
        app.update(Action::Down);
        assert!(app.selected_commune().is_none());
    }
}
