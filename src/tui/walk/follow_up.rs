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
            Action::NextField | Action::PrevField if form.field == 2 && !form.settle_due() => {
                self.note = Some(Note::Error(t(lang).bad_due.replace("{}", form.due.trim())));
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
        let Some(form) = &mut self.follow_up else { return };
        let due_read = form.settle_due();
        let form = form.clone();
        let what = crate::text::nfc(form.what.trim());
        let due = form.due.trim();
        if what.is_empty() {
            self.note = Some(Note::Error(t(lang).follow_up_empty.into()));
            if let Some(f) = &mut self.follow_up {
                f.field = 0;
            }
            return;
        }
        if !due_read {
            self.note = Some(Note::Error(t(lang).bad_due.replace("{}", due)));
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

impl FollowUpForm {
    /// Read the due date as typed and write it back as YYYY-MM-DD, so the
    /// form shows the day it understood; false (text untouched) when it is
    /// no date.
    fn settle_due(&mut self) -> bool {
        let today = jiff::Zoned::now().date();
        match read_due(&self.due, today) {
            Some(day) => {
                self.due = day.map(|d| d.to_string()).unwrap_or_default();
                true
            }
            None => false,
        }
    }
}

/// A due date the way it is said: empty (none), `2027-06-30`, `30/6` or
/// `30/6/2027` (day first, as Vietnamese write it; `.` or `-` between
/// works too; without a year the next such day from today), or `+30` (30
/// days from today). `None` when it is no real date.
fn read_due(typed: &str, today: jiff::civil::Date) -> Option<Option<jiff::civil::Date>> {
    use jiff::civil::Date;
    let s = typed.trim();
    if s.is_empty() {
        return Some(None);
    }
    if let Some(days) = s.strip_prefix('+') {
        let days: i64 = days.trim().parse().ok().filter(|d| (0..=3660).contains(d))?;
        return today.checked_add(jiff::Span::new().days(days)).ok().map(Some);
    }
    if let Ok(d) = s.parse::<Date>() {
        return (1900..=9999).contains(&d.year()).then_some(Some(d));
    }
    let parts: Vec<&str> = s.split(['/', '.', '-']).map(str::trim).collect();
    let num = |p: &str| {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<i16>().ok())
            .flatten()
    };
    if parts.len() == 3 && parts[0].len() == 4 {
        // Year first without leading zeros: 2027-6-30.
        let (y, m, d) = (num(parts[0]).filter(|y| (1900..=9999).contains(y))?, num(parts[1])?, num(parts[2])?);
        return Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok().map(Some);
    }
    let (day, month) = (num(parts.first()?)?, num(parts.get(1)?)?);
    let (day, month) = (i8::try_from(day).ok()?, i8::try_from(month).ok()?);
    match parts.len() {
        // The first such day from today on: 29/2 waits for a leap year.
        2 => (today.year()..today.year() + 8)
            .filter_map(|y| Date::new(y, month, day).ok())
            .find(|d| *d >= today)
            .map(Some),
        3 => {
            let year = num(parts[2]).filter(|y| parts[2].len() == 4 && (1900..=9999).contains(y))?;
            Date::new(year, month, day).ok().map(Some)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::read_due;
    use jiff::civil::date;

    #[test]
    fn due_dates_as_they_are_said() {
        let today = date(2026, 12, 6);
        let read = |s: &str| read_due(s, today).map(|d| d.map(|d| d.to_string()));
        assert_eq!(read(""), Some(None));
        assert_eq!(read("  "), Some(None));
        assert_eq!(read("2027-06-30").unwrap().as_deref(), Some("2027-06-30"));
        assert_eq!(read("+30").unwrap().as_deref(), Some("2027-01-05"));
        assert_eq!(read("+0").unwrap().as_deref(), Some("2026-12-06"));
        assert_eq!(read("31/12").unwrap().as_deref(), Some("2026-12-31"));
        // Day first; a day already gone this year is next year's.
        assert_eq!(read("30/6").unwrap().as_deref(), Some("2027-06-30"));
        assert_eq!(read("6/12").unwrap().as_deref(), Some("2026-12-06"));
        assert_eq!(read("15.1.2027").unwrap().as_deref(), Some("2027-01-15"));
        assert_eq!(read("29/2/2028").unwrap().as_deref(), Some("2028-02-29"));
        assert_eq!(read("2027-6-30").unwrap().as_deref(), Some("2027-06-30"));
        assert_eq!(read("29/2").unwrap().as_deref(), Some("2028-02-29"));
        for bad in [
            "31/2",
            "29/2/2027",
            "0/1",
            "1/13",
            "30/6/27",
            "+",
            "+-3",
            "+99999",
            "mai",
            "1/2/3/4",
            "2027-02-30",
            "30//6",
            "0000-1-1",
            "0000-01-01",
            "1/1/1899",
            "30/2",
        ] {
            assert_eq!(read(bad), None, "{bad}");
        }
    }
}
