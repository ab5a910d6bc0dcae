//! A field's history as people read it: each value in words (a status's
//! label, a cell's name, a number written the local way), the member's
//! name and the local time; values recorded at the same time on two
//! laptops (an open conflict) marked as such, not as one after the other.
//! `h` lists the histories of every field of the item.

use serde_json::Value;

use super::Walk;
use super::form::{self, Field};
use crate::assignments::Assignments;
use crate::checklist::Item;
use crate::findings::{self, Rating, Status};
use crate::i18n::Lang;
use crate::store::{HistoryEntry, OpId, Store};

/// One value a field had.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub value: String,
    pub by: String,
    pub at: String,
    /// One of the values in an open conflict: recorded without knowing
    /// of the others.
    pub concurrent: bool,
}

/// The `h` list: each field of the item changed at least once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Histories {
    pub rows: Vec<(String, Vec<Step>)>,
    pub scroll: usize,
}

/// The history of one stored field in words. `heads` are the ops of an
/// open conflict on it.
pub fn steps(
    entries: &[HistoryEntry],
    heads: &[OpId],
    field: &Field,
    item: Option<&Item>,
    walk: &Walk,
    data: &Assignments,
    lang: Lang,
) -> Vec<Step> {
    let tz = crate::report::pending::zone();
    let group = data.commune(&walk.commune).map(|(g, _)| g);
    entries
        .iter()
        .map(|h| Step {
            value: h.value.as_ref().map_or_else(
                || crate::i18n::walk(lang).deleted.to_owned(),
                |v| value_words(v, field, item, walk, data, lang),
            ),
            by: group.and_then(|g| g.member(&h.by)).map_or(h.by.clone(), |m| m.name.clone()),
            at: crate::report::pending::local_time(h.hlc.ms, &tz, lang),
            concurrent: heads.contains(&h.op),
        })
        .collect()
}

/// A value as the form shows it.
fn value_words(v: &Value, field: &Field, item: Option<&Item>, walk: &Walk, data: &Assignments, lang: Lang) -> String {
    let text = v.as_str().unwrap_or_default();
    let out = match field {
        Field::Status => Status::from_code(text).map(|s| s.label(lang).to_owned()),
        Field::Rating => Rating::from_code(text).map(|r| r.label(lang).to_owned()),
        Field::Flag(_) => v.as_bool().map(|b| crate::tui::walk::words(lang).yes_no(b).to_owned()),
        Field::Cell => {
            data.commune(&walk.commune).and_then(|(_, c)| c.cells.iter().find(|x| x.id == text)).map(|c| c.name.clone())
        }
        Field::Number(i) => v.as_f64().map(|n| {
            let pct = item.and_then(|it| it.numbers.get(*i)).is_some_and(|d| d.unit == crate::checklist::Unit::Percent);
            format!("{}{}", crate::text::number_in(n, lang), if pct { "%" } else { "" })
        }),
        Field::Note => Some(text.lines().next().unwrap_or_default().to_owned()),
    };
    crate::text::clean(&out.unwrap_or_else(|| v.to_string())).into_owned()
}

/// `A (An, 20/11/2026 09:12) → B (Bình, …)`; values of an open conflict
/// joined by `‖` and labelled as recorded at the same time.
pub fn one_line(steps: &[Step], lang: Lang) -> String {
    let show = |s: &Step| format!("{} ({}, {})", s.value, crate::text::clean(&s.by), s.at);
    let mut out: Vec<String> = steps.iter().filter(|s| !s.concurrent).map(show).collect();
    let both: Vec<String> = steps.iter().filter(|s| s.concurrent).map(show).collect();
    if !both.is_empty() {
        out.push(format!("{} [{}]", both.join(" ‖ "), crate::tui::walk::words(lang).concurrent));
    }
    out.join(" → ")
}

impl Walk {
    /// The ops of an open conflict on a stored field.
    pub(super) fn heads(store: &Store, entity: &str, field: &str) -> Vec<OpId> {
        store.get(entity, field).map(|v| v.alternatives.iter().map(|h| h.op.clone()).collect()).unwrap_or_default()
    }

    /// Reads the histories of the item's fields for `h`.
    pub(super) fn open_histories(&mut self, store: &Store, data: &Assignments, lang: Lang) {
        let checklist = crate::checklist::active();
        let item = self.item(checklist);
        let entity = findings::visit_entity(&self.visit);
        let mut rows = Vec::new();
        for field in self.fields(checklist) {
            let Some(name) = field.stored(item).map(|f| f.of(self.code())) else { continue };
            let entries = store.history(&entity, &name);
            if entries.is_empty() {
                continue;
            }
            let steps = steps(&entries, &Self::heads(store, &entity, &name), &field, item, self, data, lang);
            rows.push((field_label(&field, item, lang), steps));
        }
        self.histories = Some(Histories { rows, scroll: 0 });
    }
}

/// A field's label as the form shows it.
pub fn field_label(field: &Field, item: Option<&Item>, lang: Lang) -> String {
    let w = crate::i18n::walk(lang);
    crate::text::clean(&match field {
        Field::Status => w.status.to_owned(),
        Field::Cell => w.cell.to_owned(),
        Field::Number(i) => {
            item.and_then(|it| it.numbers.get(*i)).map_or(String::new(), |d| d.label.get(lang).to_owned())
        }
        Field::Flag(f) => form::flag_label(f, lang).to_owned(),
        Field::Rating => w.rating.to_owned(),
        Field::Note => w.note.to_owned(),
    })
    .into_owned()
}
