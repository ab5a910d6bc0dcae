//! The follow-up form: what is to be done, who answers for it, by when.
//! Enter goes from field to field and saves on the last; Esc with text
//! typed asks before throwing it away (a note is never thrown away either).

use super::words::words;
use super::{Note, Undo, Walk};
use crate::findings;
use crate::i18n::{Lang, walk as t};
use crate::store::Store;
use crate::tui::action::Action;

/// A follow-up being written: what, who, by when.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FollowUpForm {
    pub what: String,
    pub who: String,
    pub due: String,
    /// 0 what, 1 who, 2 due.
    pub field: usize,
    /// Esc was pressed once with text typed: a second Esc throws it away.
    pub leaving: bool,
}

impl FollowUpForm {
    /// A new form; the owner is the member making the visit.
    pub fn new(owner: &str) -> FollowUpForm {
        FollowUpForm { who: owner.to_owned(), ..Default::default() }
    }

    pub fn text_mut(&mut self) -> &mut String {
        match self.field {
            0 => &mut self.what,
            1 => &mut self.who,
            _ => &mut self.due,
        }
    }

    /// Something the user typed would be lost by closing.
    fn typed(&self, owner: &str) -> bool {
        !self.what.trim().is_empty() || !self.due.trim().is_empty() || self.who.trim() != owner.trim()
    }
}

impl Walk {
    /// The owner a new follow-up starts with: me, if I went on this visit,
    /// else the first member who went.
    pub fn default_owner(&self) -> String {
        self.me.clone().unwrap_or_default()
    }

    pub fn open_follow_up(&mut self) {
        self.follow_up = Some(FollowUpForm::new(&self.default_owner()));
        // The footer shows the form's keys, not the last thing done.
        self.note = None;
    }

    pub(super) fn edit_follow_up(&mut self, store: &mut Store, action: Action, lang: Lang) {
        let owner = self.default_owner();
        let Some(form) = &mut self.follow_up else { return };
        let asked = std::mem::take(&mut form.leaving);
        match action {
            Action::Type(c) => form.text_mut().push(c),
            Action::Backspace => crate::tui::input::backspace(form.text_mut()),
            Action::NextField | Action::PrevField if form.field == 2 && !due_ok(&form.due) => {
                self.note = Some(Note::Error(t(lang).bad_date.replace("{}", form.due.trim())));
            }
            Action::NextField => form.field = (form.field + 1) % 3,
            Action::PrevField => form.field = (form.field + 2) % 3,
            Action::Cancel if !form.typed(&owner) || asked => {
                let said = form.typed(&owner).then(|| words(lang).follow_up_dropped.to_owned());
                self.follow_up = None;
                self.note = said.map(Note::Info);
            }
            Action::Cancel => {
                form.leaving = true;
                self.note = Some(Note::Info(words(lang).follow_up_leave.to_owned()));
            }
            Action::Choose if form.field < 2 => {
                if form.field == 0 && form.what.trim().is_empty() {
                    self.note = Some(Note::Error(t(lang).follow_up_empty.into()));
                } else {
                    form.field += 1;
                    self.note = None;
                }
            }
            Action::Choose => self.save_follow_up(store, lang),
            _ => {}
        }
    }

    fn save_follow_up(&mut self, store: &mut Store, lang: Lang) {
        let Some(form) = self.follow_up.clone() else { return };
        let what = crate::text::nfc(form.what.trim());
        let due = form.due.trim();
        if what.is_empty() {
            self.note = Some(Note::Error(t(lang).follow_up_empty.into()));
            if let Some(f) = &mut self.follow_up {
                f.field = 0;
            }
            return;
        }
        if !due_ok(due) {
            self.note = Some(Note::Error(t(lang).bad_date.replace("{}", due)));
            return;
        }
        let who = crate::text::nfc(form.who.trim());
        let due = (!due.is_empty()).then_some(due);
        let (visit, commune, code) = (self.visit.clone(), self.commune.clone(), self.code().to_owned());
        match findings::add_follow_up(store, &visit, &commune, &code, &what, &who, due) {
            Ok(id) => {
                self.undo.push(Undo::Delete { entity: findings::follow_up_entity(&id) });
                self.follow_up = None;
                self.note = Some(Note::Saved(t(lang).saved.into()));
                self.follow_ups = findings::follow_ups(store).into_iter().filter(|f| f.commune == commune).collect();
            }
            Err(e) => self.note = Some(Note::Error(e.message(lang))),
        }
    }
}

/// Empty (no due date) or a real date.
fn due_ok(due: &str) -> bool {
    let due = due.trim();
    due.is_empty() || due.parse::<jiff::civil::Date>().is_ok()
}
