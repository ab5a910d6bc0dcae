//! Starting a visit: the date (today unless changed), who went, which cell
//! meetings were attended. Enter on the defaults starts at once.

use crate::assignments::{Commune, Group};
use crate::i18n::{Lang, walk as t};
use crate::store::Store;
use crate::tui::action::Action;

#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub group: String,
    pub commune: String,
    pub commune_name: String,
    pub date: String,
    /// Member id, name, went.
    pub members: Vec<(String, String, bool)>,
    /// Cell id, name, meeting attended.
    pub cells: Vec<(String, String, bool)>,
    /// 0 date, 1 members, 2 cells.
    pub section: usize,
    pub cursor: usize,
    pub error: Option<String>,
}

/// What the setup form asks of the app.
pub enum SetupOutcome {
    Stay,
    Cancel,
    Started(String),
}

impl Setup {
    /// Defaults: today, me, and the cells I am in charge of.
    pub fn new(group: &Group, commune: &Commune, me: Option<&str>, today: String) -> Setup {
        Setup {
            group: group.id.clone(),
            commune: commune.id.clone(),
            commune_name: commune.name.clone(),
            date: today,
            members: group.members.iter().map(|m| (m.id.clone(), m.name.clone(), Some(m.id.as_str()) == me)).collect(),
            cells: commune
                .cells
                .iter()
                .map(|c| (c.id.clone(), c.name.clone(), me.is_some_and(|me| c.assigned.iter().any(|a| a == me))))
                .collect(),
            section: 0,
            cursor: 0,
            error: None,
        }
    }

    fn list_len(&self) -> usize {
        match self.section {
            1 => self.members.len(),
            2 => self.cells.len(),
            _ => 0,
        }
    }

    pub fn update(&mut self, store: &mut Store, action: Action, lang: Lang) -> SetupOutcome {
        match action {
            Action::Cancel => return SetupOutcome::Cancel,
            Action::NextField => {
                self.section = (self.section + 1) % 3;
                self.cursor = 0;
            }
            Action::PrevField => {
                self.section = (self.section + 2) % 3;
                self.cursor = 0;
            }
            Action::Down => self.cursor = (self.cursor + 1).min(self.list_len().saturating_sub(1)),
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Toggle => {
                let row = match self.section {
                    1 => self.members.get_mut(self.cursor),
                    2 => self.cells.get_mut(self.cursor),
                    _ => None,
                };
                if let Some(row) = row {
                    row.2 = !row.2;
                }
            }
            Action::Type(c) if self.section == 0 => self.date.push(c),
            Action::Backspace if self.section == 0 => crate::tui::input::backspace(&mut self.date),
            Action::Choose => return self.start(store, lang),
            _ => {}
        }
        SetupOutcome::Stay
    }

    fn start(&mut self, store: &mut Store, lang: Lang) -> SetupOutcome {
        let date = self.date.trim();
        let Ok(parsed) = date.parse::<jiff::civil::Date>() else {
            self.error = Some(t(lang).bad_date.replace("{}", date));
            return SetupOutcome::Stay;
        };
        let chosen =
            |rows: &[(String, String, bool)]| rows.iter().filter(|r| r.2).map(|r| r.0.clone()).collect::<Vec<_>>();
        let members = chosen(&self.members);
        if members.is_empty() {
            self.error = Some(t(lang).no_member.into());
            return SetupOutcome::Stay;
        }
        let date = parsed.to_string();
        match crate::findings::start_visit(store, &self.group, &self.commune, &date, &members, &chosen(&self.cells)) {
            Ok(id) => SetupOutcome::Started(id),
            Err(e) => {
                self.error = Some(e.message(lang));
                SetupOutcome::Stay
            }
        }
    }
}
