//! Where the cursor goes next in an item's form, and what the form fills
//! in for the user. A status takes the cursor to the item's first empty
//! field; Enter (or Tab) goes to the next field the user has to fill;
//! leaving the last lands on the next item's status. Numbers computed
//! from others and values filled in from the visit and the assignments
//! file are shown but are not stops: Shift-Tab still reaches them.
//!
//! A value filled in (the cell the visit attended, that cell's member
//! count from the assignments file, the recruitment target that holds) is
//! not in the store until the user confirms the item by giving it a
//! status: then it is recorded as shown.

use std::collections::BTreeMap;

use serde_json::json;

use super::form::Field;
use super::{Note, Walk};
use crate::checklist::{Checklist, Item};
use crate::findings::{self, ItemField, MEETING_ITEM, RECRUITMENT, Rating, Status, TARGET, TOTAL};
use crate::i18n::Lang;
use crate::store::Store;

impl Walk {
    /// The cell a meeting item starts on: the first cell the visit attended.
    pub fn default_cell(&self) -> Option<&str> {
        let first = self.state.cells.first()?;
        self.cells.iter().any(|(id, _)| id == first).then_some(first.as_str())
    }

    /// The cell the meeting item shows (recorded, else the default), and
    /// whether it is only the default.
    pub fn shown_cell(&self, code: &str) -> Option<(&str, bool)> {
        if code != MEETING_ITEM {
            return None;
        }
        match self.finding(code).and_then(|f| f.cell.as_deref()) {
            Some(c) => Some((c, false)),
            None => self.default_cell().map(|c| (c, true)),
        }
    }

    pub(super) fn members_of(&self, cell: &str) -> Option<f64> {
        self.cells.iter().find(|(id, _)| id == cell).and_then(|(_, n)| n.map(|n| n as f64))
    }

    /// Numbers the form fills in for `item`: the meeting's member count,
    /// from the assignments file for the cell shown; the recruitment
    /// target, which holds until a new one is typed (the last visit's, or
    /// the assignments' starting level). Typed numbers win, and a number
    /// the user cleared (stored as an explicit null) is not filled again.
    pub fn default_numbers(&self, item: &Item) -> BTreeMap<String, f64> {
        let mut out = BTreeMap::new();
        self.raw_defaults(item, &mut out);
        out.retain(|k, _| !self.cleared.contains(&ItemField::Number(k.clone()).of(&item.code)));
        out
    }

    fn raw_defaults(&self, item: &Item, out: &mut BTreeMap<String, f64>) {
        if let Some((cell, _)) = self.shown_cell(&item.code)
            && let Some(n) = self.members_of(cell)
        {
            out.insert(TOTAL.to_owned(), n);
        }
        if item.code == RECRUITMENT
            && let Some(t) = self.prev.get(RECRUITMENT).and_then(|p| p.numbers.get(TARGET))
        {
            out.insert(TARGET.to_owned(), *t);
        }
    }

    /// The numbers the form shows and checks against: typed, then filled
    /// in where nothing was typed.
    pub fn shown_numbers(&self, item: &Item) -> BTreeMap<String, f64> {
        let mut out = self.finding(&item.code).map(|f| f.numbers.clone()).unwrap_or_default();
        for (k, v) in self.default_numbers(item) {
            out.entry(k).or_insert(v);
        }
        out
    }

    /// Whether number `i` of `item` shows a value filled in for the user
    /// (not typed, or typed equal to it: the count that came with the cell).
    pub fn is_default_number(&self, item: &Item, i: usize) -> bool {
        let key = &item.numbers[i].key;
        let typed = self.finding(&item.code).and_then(|f| f.numbers.get(key).copied());
        self.default_numbers(item).get(key).is_some_and(|d| typed.is_none_or(|t| t == *d))
    }

    /// Whether number `i` of `item` is computed from two others now.
    pub fn is_computed(&self, item: &Item, i: usize) -> bool {
        let key = &item.numbers[i].key;
        let shown = self.shown_numbers(item);
        !shown.contains_key(key) && findings::numbers(Some(item), &shown).contains_key(key)
    }

    /// A field the user has to fill: Enter and Tab stop there.
    fn is_stop(&self, item: &Item, field: &Field) -> bool {
        match field {
            Field::Status | Field::Note => false,
            Field::Cell => self.shown_cell(&item.code).is_none_or(|(c, _)| Some(c) != self.default_cell()),
            Field::Number(i) => !self.is_computed(item, *i) && !self.is_default_number(item, *i),
            Field::Flag(_) | Field::Rating => true,
        }
    }

    fn is_empty(&self, item: &Item, field: &Field) -> bool {
        let f = self.finding(&item.code);
        match field {
            Field::Cell => self.shown_cell(&item.code).is_none(),
            Field::Number(i) => !self.shown_numbers(item).contains_key(&item.numbers[*i].key),
            Field::Flag(k) => f.is_none_or(|f| !f.flags.contains_key(*k)),
            Field::Rating => f.is_none_or(|f| f.rating.is_none()),
            Field::Status | Field::Note => false,
        }
    }

    /// On to the next field to fill after the focused one; after the last,
    /// the next item's status (or this item's, while it has none).
    pub(super) fn forward(&mut self, store: &Store, checklist: &Checklist, lang: Lang) {
        let Some(item) = self.item(checklist) else { return self.next_item(store, false, lang) };
        let fields = super::form::fields(item);
        let next = (self.focus + 1..fields.len()).find(|&i| self.is_stop(item, &fields[i]));
        match next {
            Some(i) => self.set_focus(store, i),
            // Tab on a status with nothing to fill: the note, as before.
            None if self.focus == 0 => self.set_focus(store, fields.len() - 1),
            None if self.status(self.code()) == Status::NotAssessed => self.set_focus(store, 0),
            None => self.next_item(store, false, lang),
        }
    }

    /// On to the next item's status; after the last item, the review
    /// (what is missing, F to finalize), said as the end of the
    /// checklist. The cursor is not put back on the last status: the
    /// next digit would silently overwrite the status just given.
    /// `saved`: a field was just recorded, and the line says so too.
    fn next_item(&mut self, store: &Store, saved: bool, lang: Lang) {
        if self.current + 1 < self.items.len() {
            return self.move_item(store, 1);
        }
        self.input = None;
        self.review = true;
        let end = super::words(lang).end_of_checklist;
        self.note = Some(match saved {
            true => Note::Saved(format!("{} · {end}", crate::i18n::walk(lang).saved)),
            false => Note::Info(end.to_owned()),
        });
    }

    fn set_focus(&mut self, store: &Store, i: usize) {
        self.focus = i;
        self.input = None;
        self.load_history(store);
    }

    /// Sets the item's status; a real one (1-4) confirms what the form
    /// filled in, which is recorded first. Then the first empty field of
    /// the item, or the next item when there is none.
    pub(super) fn set_status(&mut self, store: &mut Store, checklist: &Checklist, status: Status, lang: Lang) {
        if status != Status::NotAssessed && !self.record_defaults(store, checklist, lang) {
            return;
        }
        if !self.record(store, &ItemField::Status.of(self.code()), json!(status.code()), lang) {
            return;
        }
        let empty = self.item(checklist).filter(|_| status != Status::NotAssessed).and_then(|item| {
            let fields = super::form::fields(item);
            (1..fields.len()).find(|&i| self.is_stop(item, &fields[i]) && self.is_empty(item, &fields[i]))
        });
        match empty {
            Some(i) => self.set_focus(store, i),
            None => self.next_item(store, true, lang),
        }
    }

    /// Records the values the form filled in for the current item, as
    /// shown; false (and the error said) if one could not be written.
    fn record_defaults(&mut self, store: &mut Store, checklist: &Checklist, lang: Lang) -> bool {
        let Some(item) = self.item(checklist) else { return true };
        let code = item.code.clone();
        let mut writes = Vec::new();
        if let Some((cell, true)) = self.shown_cell(&code) {
            writes.push((ItemField::Cell.of(&code), json!(cell)));
        }
        let typed = self.finding(&code).map(|f| f.numbers.clone()).unwrap_or_default();
        for (k, v) in self.default_numbers(item) {
            if !typed.contains_key(&k) {
                writes.push((ItemField::Number(k).of(&code), findings::number_json(v)));
            }
        }
        writes.into_iter().all(|(field, value)| self.record(store, &field, value, lang))
    }

    /// A key the focused field does not take (a yes/no key in a number
    /// field, `j`/`k`, which do not move inside an item's fields): said,
    /// with the keys the field does take, not ignored.
    pub(super) fn field_keys(&mut self, checklist: &Checklist, lang: Lang) {
        let said = match (self.focused(checklist), self.item(checklist)) {
            (Field::Status, _) => return,
            (Field::Number(i), Some(item)) => {
                let label = crate::text::clean(item.numbers[i].label.get(lang)).into_owned();
                super::words(lang).not_a_flag.replace("{}", &label)
            }
            (field, _) => choice_keys(&field, lang),
        };
        self.note = Some(Note::Error(said));
    }
}

/// The keys a yes/no field or the rating takes, as shown under it; for
/// another field, the keys that move.
pub fn choice_keys(field: &Field, lang: Lang) -> String {
    match field {
        Field::Rating => {
            let keys: Vec<String> =
                Rating::ALL.iter().enumerate().map(|(i, r)| format!("{} {}", i + 1, r.label(lang))).collect();
            keys.join(" · ")
        }
        Field::Flag(_) => super::words(lang).flag_keys.to_owned(),
        _ => super::words(lang).move_keys.to_owned(),
    }
}
