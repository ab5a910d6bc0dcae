//! The state of the interface and how actions change it. No I/O here:
//! what must be remembered is handed back as [`Effect`]s.

use std::collections::BTreeMap;

use super::action::Action;
use super::keys::Context;
use super::overview::{Back, Board, FollowUpList, PlanView, Trends};
use super::walk::Walk;
use super::walk::setup::Setup;
use crate::assignments::{Assignments, Commune, Group};
use crate::i18n::Lang;
use crate::store::Store;
use crate::text;

/// What a screen on top of the browser is showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    /// Pick who I am among the group's members.
    Me {
        selected: usize,
    },
    /// Pick a working group.
    Groups {
        selected: usize,
    },
    /// The visits to the selected commune; row 0 starts a new one.
    Visits {
        selected: usize,
    },
    /// Open conflicts, one row per value that can be kept.
    Conflicts {
        selected: usize,
    },
}

/// The main screen under any overlay.
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
    pub data: Assignments,
    /// Commune names prepared for the search, per group.
    keys: Vec<Vec<text::SearchKey>>,
    pub lang: Lang,
    pub demo: bool,
    pub group: usize,
    pub me: BTreeMap<String, String>,
    pub filter: String,
    pub filtering: bool,
    /// Indices into the group's communes that pass the filter, best first.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub selected: usize,
    /// First row of `visible` on screen; kept by the view's last height.
    pub offset: usize,
    pub list_height: usize,
    pub detail_scroll: u16,
    pub overlay: Overlay,
    /// How far the help screen is scrolled.
    pub help_scroll: u16,
    pub screen: Screen,
    /// Where findings go; `None` only in tests of the browser alone.
    pub store: Option<Store>,
    /// Where note drafts are kept while typed.
    pub drafts: Option<std::path::PathBuf>,
    /// A folder (Syncthing, a share) exchanged with while running.
    pub sync_dir: Option<std::path::PathBuf>,
    /// The last exchange with it, for the title bar.
    pub sync_state: Option<String>,
    /// Open conflicts, counted when the store changes under us (start,
    /// sync, a pick), not on every frame.
    pub conflict_count: usize,
    pub status: Option<String>,
    pub quit: bool,
    /// `YYYY-MM-DD`: what is overdue, the plan's month. Set at start; tests
    /// set their own so that snapshots do not depend on the day they run.
    pub today: String,
    /// `NO_COLOR` was set at start: draw without colours.
    pub no_color: bool,
    /// Cell meetings a member can attend in a month (the plan's limit).
    pub max_cells: usize,
    /// The folded findings the overview screens read.
    pub findings: super::overview::Findings,
    pub board: Board,
    /// Where leaving a visit goes back to.
    pub walk_back: Back,
    /// The item a visit opened from the dashboard starts on.
    pub drill_item: Option<String>,
}

/// Whether the `NO_COLOR` convention (no-color.org) asks for no colours:
/// set and not empty.
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

impl App {
    pub fn new(data: Assignments, lang: Lang, demo: bool, me: BTreeMap<String, String>, group: Option<&str>) -> App {
        let keys =
            data.groups.iter().map(|g| g.communes.iter().map(|c| text::SearchKey::new(&c.name)).collect()).collect();
        let group = group.and_then(|id| data.groups.iter().position(|g| g.id == id)).unwrap_or(0);
        let mut app = App {
            data,
            keys,
            lang,
            demo,
            group,
            me,
            filter: String::new(),
            filtering: false,
            visible: Vec::new(),
            selected: 0,
            offset: 0,
            list_height: 10,
            detail_scroll: 0,
            overlay: Overlay::None,
            help_scroll: 0,
            screen: Screen::Browse,
            store: None,
            drafts: None,
            sync_dir: None,
            sync_state: None,
            conflict_count: 0,
            status: demo.then(|| crate::i18n::s(lang).demo_hint.to_owned()),
            quit: false,
            today: super::walk::today(),
            no_color: no_color_env(),
            max_cells: crate::report::plan::DEFAULT_LIMIT,
            findings: Default::default(),
            board: Board::default(),
            walk_back: Back::Browse,
            drill_item: None,
        };
        app.refilter();
        app.ask_me_if_unknown();
        app
    }

    pub fn current_group(&self) -> Option<&Group> {
        self.data.groups.get(self.group)
    }

    pub fn selected_commune(&self) -> Option<&Commune> {
        let g = self.current_group()?;
        g.communes.get(*self.visible.get(self.selected)?)
    }

    /// The member I am in the current group, if known.
    pub fn me_in_group(&self) -> Option<&crate::assignments::Member> {
        let g = self.current_group()?;
        g.member(self.me.get(&g.id)?)
    }

    /// Gives the app its store; the author of ops is who I am.
    pub fn with_store(mut self, store: Store, drafts: Option<std::path::PathBuf>) -> App {
        self.conflict_count = store.conflicts().len();
        self.store = Some(store);
        self.drafts = drafts;
        self.set_author();
        self
    }

    fn set_author(&mut self) {
        let me = self.me_in_group().map(|m| m.id.clone()).unwrap_or_default();
        if let Some(store) = &mut self.store {
            store.set_author(&me);
        }
    }

    /// The key contexts in force, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        use Context::{Dashboard, FollowUps, Plan, Trends, *};
        match (&self.overlay, &self.screen) {
            (Overlay::Help, _) => vec![],
            (Overlay::None, Screen::Setup(_)) => vec![Setup],
            (Overlay::None, Screen::Walk(w)) if w.editor.is_some() => vec![Note],
            (Overlay::None, Screen::Walk(w)) if w.follow_up.is_some() => vec![Form],
            (Overlay::None, Screen::Walk(w)) if w.goto.is_some() => vec![Prompt],
            (Overlay::None, Screen::Walk(w)) if w.review => vec![Review],
            (Overlay::None, Screen::Walk(w)) if w.focus == 0 => vec![WalkStatus, Walk],
            (Overlay::None, Screen::Walk(_)) => vec![WalkField, Walk],
            (Overlay::None, Screen::Dashboard) => vec![Dashboard],
            (Overlay::None, Screen::Trends(_)) => vec![Trends],
            (Overlay::None, Screen::FollowUps(_)) => vec![FollowUps],
            (Overlay::None, Screen::Plan(_)) => vec![Plan],
            (Overlay::None, Screen::Browse) if self.filtering => vec![Filter],
            (Overlay::None, Screen::Browse) => vec![Browse],
            _ => vec![Pick],
        }
    }

    /// The contexts whose keys the help screen lists here.
    pub fn help_contexts(&self) -> Vec<Context> {
        use Context::{Dashboard, FollowUps, Plan, Trends, *};
        match self.screen {
            Screen::Browse => vec![Everywhere, Browse, Filter, Pick, Help],
            Screen::Setup(_) => vec![Everywhere, Setup, Help],
            Screen::Walk(_) => vec![Everywhere, WalkStatus, WalkField, Walk, Note, Form, Prompt, Review, Help],
            Screen::Dashboard => vec![Everywhere, Dashboard, Help],
            Screen::Trends(_) => vec![Everywhere, Trends, Help],
            Screen::FollowUps(_) => vec![Everywhere, FollowUps, Help],
            Screen::Plan(_) => vec![Everywhere, Plan, Help],
        }
    }

    fn ask_me_if_unknown(&mut self) {
        if self.overlay == Overlay::None && self.current_group().is_some() && self.me_in_group().is_none() {
            self.overlay = Overlay::Me { selected: 0 };
        }
    }

    /// Recomputes the filtered list, exact spellings first, keeping the
    /// list order among equals.
    fn refilter(&mut self) {
        let Some(keys) = self.keys.get(self.group) else {
            self.visible.clear();
            return;
        };
        let query = text::SearchKey::new(&self.filter);
        let mut ranked: Vec<(u8, usize)> =
            keys.iter().enumerate().filter_map(|(i, k)| k.rank(&query).map(|r| (r, i))).collect();
        ranked.sort_by_key(|&(r, i)| (r, i));
        self.visible = ranked.into_iter().map(|(_, i)| i).collect();
        self.selected = 0;
        self.offset = 0;
        self.detail_scroll = 0;
    }

    fn move_by(&mut self, delta: isize) {
        let len = match &self.overlay {
            Overlay::Me { .. } => self.current_group().map_or(0, |g| g.members.len()),
            Overlay::Groups { .. } => self.data.groups.len(),
            Overlay::Visits { .. } => self.commune_visits().len() + 1,
            Overlay::Conflicts { .. } => self.conflict_rows().len(),
            _ => self.visible.len(),
        };
        if len == 0 {
            return;
        }
        let cur = match &mut self.overlay {
            Overlay::Me { selected }
            | Overlay::Groups { selected }
            | Overlay::Visits { selected }
            | Overlay::Conflicts { selected } => selected,
            _ => &mut self.selected,
        };
        *cur = (*cur as isize + delta).clamp(0, len as isize - 1) as usize;
        if matches!(self.overlay, Overlay::None) {
            self.detail_scroll = 0;
            self.scroll_into_view();
        }
    }

    fn scroll_into_view(&mut self) {
        let h = self.list_height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
    }

    fn switch_group(&mut self, index: usize, effects: &mut Vec<Effect>) {
        if index < self.data.groups.len() {
            self.group = index;
            self.filter.clear();
            self.filtering = false;
            self.refilter();
            effects.push(Effect::SetGroup(self.data.groups[index].id.clone()));
            self.ask_me_if_unknown();
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let mut effects = Vec::new();
        self.status = None;
        if action == Action::Quit {
            self.quit = true;
            return effects;
        }
        if self.overlay == Overlay::Help {
            match action {
                Action::DetailDown => self.help_scroll = self.help_scroll.saturating_add(3),
                Action::DetailUp => self.help_scroll = self.help_scroll.saturating_sub(3),
                _ => {
                    self.overlay = Overlay::None;
                    self.help_scroll = 0;
                }
            }
            return effects;
        }
        if matches!(self.overlay, Overlay::None) && !matches!(self.screen, Screen::Browse) {
            if action == Action::Help {
                self.overlay = Overlay::Help;
            } else {
                self.update_screen(action);
            }
            return effects;
        }
        if matches!(self.overlay, Overlay::Visits { .. } | Overlay::Conflicts { .. }) && action == Action::Choose {
            self.choose_in_overlay();
            return effects;
        }
        let page = self.list_height.max(1) as isize;
        match action {
            Action::Quit => self.quit = true,
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(page),
            Action::PageUp => self.move_by(-page),
            Action::First => self.move_by(isize::MIN / 2),
            Action::Last => self.move_by(isize::MAX / 2),
            Action::StartFilter => self.filtering = true,
            Action::Type(c) => {
                self.filter.push(c);
                self.refilter();
            }
            Action::Backspace => {
                super::input::backspace(&mut self.filter);
                self.refilter();
            }
            Action::EndFilter => self.filtering = false,
            Action::ClearFilter => {
                self.filtering = false;
                self.filter.clear();
                self.refilter();
            }
            Action::NextGroup => {
                let n = self.data.groups.len().max(1);
                self.switch_group((self.group + 1) % n, &mut effects);
            }
            Action::PrevGroup => {
                let n = self.data.groups.len().max(1);
                self.switch_group((self.group + n - 1) % n, &mut effects);
            }
            Action::PickGroup => self.overlay = Overlay::Groups { selected: self.group },
            Action::PickMe => {
                let selected = self
                    .current_group()
                    .and_then(|g| g.members.iter().position(|m| Some(&m.id) == self.me.get(&g.id)))
                    .unwrap_or(0);
                self.overlay = Overlay::Me { selected };
            }
            Action::DetailDown => self.detail_scroll = self.detail_scroll.saturating_add(3),
            Action::DetailUp => self.detail_scroll = self.detail_scroll.saturating_sub(3),
            Action::ToggleLang => {
                self.lang = match self.lang {
                    Lang::Vi => Lang::En,
                    Lang::En => Lang::Vi,
                };
                effects.push(Effect::SetLang(self.lang));
            }
            Action::Help => self.overlay = Overlay::Help,
            Action::Choose => match self.overlay.clone() {
                Overlay::Me { selected } => {
                    self.overlay = Overlay::None;
                    if let Some(g) = self.current_group()
                        && let Some(m) = g.members.get(selected)
                    {
                        let (group, member) = (g.id.clone(), m.id.clone());
                        self.me.insert(group.clone(), member.clone());
                        effects.push(Effect::SetMe { group, member });
                        self.set_author();
                    }
                }
                Overlay::Groups { selected } => {
                    self.overlay = Overlay::None;
                    self.switch_group(selected, &mut effects);
                }
                _ => {}
            },
            Action::NewVisit => self.new_visit(),
            Action::OpenVisits if self.selected_commune().is_some() => {
                self.overlay = Overlay::Visits { selected: usize::from(!self.commune_visits().is_empty()) };
            }
            Action::Conflicts => self.overlay = Overlay::Conflicts { selected: 0 },
            Action::OpenDashboard | Action::OpenTrends | Action::OpenFollowUps | Action::OpenPlan
                if self.overlay == Overlay::None =>
            {
                self.open_overview(action, Back::Browse)
            }
            Action::Cancel | Action::Dismiss => self.overlay = Overlay::None,
            _ => {}
        }
        effects
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
        let g = app.current_group().unwrap();
        app.visible.iter().map(|&i| g.communes[i].name.clone()).collect()
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
        assert_eq!(app.filter, "th");
    }

    #[test]
    fn unknown_me_asks_and_remembers() {
        let data = crate::demo::assignments();
        let mut app = App::new(data, Lang::Vi, true, BTreeMap::new(), None);
        assert_eq!(app.overlay, Overlay::Me { selected: 0 });
        app.update(Action::Down);
        let fx = app.update(Action::Choose);
        assert_eq!(fx, vec![Effect::SetMe { group: "tct-1659".into(), member: "ttb".into() }]);
        assert_eq!(app.me_in_group().unwrap().name, "Trần Thị Bình");
    }

    #[test]
    fn selection_stays_in_bounds() {
        let mut app = demo_app();
        for _ in 0..20 {
            app.update(Action::Down);
        }
        assert_eq!(app.selected, 4);
        app.update(Action::PageUp);
        assert_eq!(app.selected, 0);
        press(&mut app, "/zzz");
        assert!(app.visible.is_empty());
        app.update(Action::Down);
        assert!(app.selected_commune().is_none());
    }
}
