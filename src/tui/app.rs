//! The state of the interface and how actions change it. No I/O here:
//! what must be remembered is handed back as [`Effect`]s.

use std::collections::BTreeMap;

use unicode_segmentation::UnicodeSegmentation;

use super::action::Action;
use super::keys::Context;
use crate::assignments::{Assignments, Commune, Group};
use crate::i18n::Lang;
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
    pub status: Option<String>,
    pub quit: bool,
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
            status: demo.then(|| crate::i18n::s(lang).demo_hint.to_owned()),
            quit: false,
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

    pub fn context(&self) -> Context {
        match self.overlay {
            Overlay::Me { .. } | Overlay::Groups { .. } => Context::Pick,
            Overlay::Help => Context::Everywhere,
            Overlay::None if self.filtering => Context::Filter,
            Overlay::None => Context::Browse,
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
            _ => self.visible.len(),
        };
        if len == 0 {
            return;
        }
        let cur = match &mut self.overlay {
            Overlay::Me { selected } | Overlay::Groups { selected } => selected,
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
            Action::FilterType(c) => {
                self.filter.push(c);
                self.refilter();
            }
            Action::FilterBack => {
                // One grapheme: an input method that sends a backspace and
                // then the composed letter must replace exactly one letter.
                if let Some((i, _)) = self.filter.grapheme_indices(true).next_back() {
                    self.filter.truncate(i);
                }
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
                    }
                }
                Overlay::Groups { selected } => {
                    self.overlay = Overlay::None;
                    self.switch_group(selected, &mut effects);
                }
                _ => {}
            },
            Action::Cancel | Action::Dismiss => self.overlay = Overlay::None,
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
            if let Some(a) = dispatch(app.context(), &ev) {
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
        app.update(Action::FilterBack);
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
