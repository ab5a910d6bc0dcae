//! Visits and follow-ups folded from the store.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::lang::Lang;
use crate::schema::{FOLLOW_UP, FollowUpField, ItemField, Rating, Status, VISIT, VisitField};
use crate::store::Store;

/// A flag of the cell-meeting sub-form ([`super::MEETING_FLAGS`]) as
/// people read it, on screen and in every report.
pub fn meeting_flag_label(flag: &str, lang: Lang) -> &'static str {
    match (flag, lang) {
        ("practical", Lang::Vi) => "Nội dung thiết thực",
        ("criticism", Lang::Vi) => "Có tự phê bình và phê bình",
        ("owners", Lang::Vi) => "Nghị quyết rõ người, rõ hạn",
        ("practical", _) => "Content practical",
        ("criticism", _) => "Criticism and self-criticism held",
        _ => "Resolution names owners and deadlines",
    }
}

/// What was found about one checklist item at one visit.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ItemFinding {
    pub status: Status,
    pub numbers: BTreeMap<String, f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub flags: BTreeMap<String, bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Visit {
    pub id: String,
    pub commune: String,
    pub group: String,
    pub date: String,
    pub members: Vec<String>,
    pub cells: Vec<String>,
    pub finalized: bool,
    pub items: BTreeMap<String, ItemFinding>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FollowUp {
    pub id: String,
    pub visit: String,
    pub commune: String,
    pub item: String,
    pub what: String,
    pub who: String,
    pub due: Option<String>,
    pub done: bool,
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

fn texts(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(text).collect()).unwrap_or_default()
}

/// Every live visit, oldest date first (then id, for a stable order).
pub fn visits(store: &Store) -> Vec<Visit> {
    let mut out: Vec<Visit> = store.entities(VISIT).into_iter().map(|e| visit(store, e)).collect();
    out.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
    out
}

/// One visit by entity id (`visit/<id>`, see [`super::visit_entity`]).
pub fn visit(store: &Store, entity: &str) -> Visit {
    let mut v = Visit { id: entity.trim_start_matches(VISIT).to_owned(), ..Visit::default() };
    for (field, view) in store.fields(entity) {
        let (Some(value), Some(field)) = (view.value, VisitField::parse(field)) else { continue };
        match field {
            VisitField::Commune => v.commune = text(&value).unwrap_or_default(),
            VisitField::Group => v.group = text(&value).unwrap_or_default(),
            VisitField::Date => v.date = text(&value).unwrap_or_default(),
            VisitField::Members => v.members = texts(&value),
            VisitField::Cells => v.cells = texts(&value),
            VisitField::Final => v.finalized = value.as_bool().unwrap_or(false),
            VisitField::Item { code, field } => item_field(v.items.entry(code).or_default(), field, &value),
        }
    }
    v
}

fn item_field(item: &mut ItemFinding, field: ItemField, value: &Value) {
    match field {
        ItemField::Status => item.status = value.as_str().and_then(Status::from_code).unwrap_or_default(),
        ItemField::Note => item.note = text(value).filter(|s| !s.is_empty()),
        ItemField::Rating => item.rating = value.as_str().and_then(Rating::from_code),
        ItemField::Cell => item.cell = text(value),
        ItemField::Number(key) => {
            if let Some(n) = value.as_f64() {
                item.numbers.insert(key, n);
            }
        }
        ItemField::Flag(flag) => {
            if let Some(b) = value.as_bool() {
                item.flags.insert(flag, b);
            }
        }
    }
}

/// Every live follow-up, by deadline (none last), then id.
pub fn follow_ups(store: &Store) -> Vec<FollowUp> {
    let mut out: Vec<FollowUp> = store
        .entities(FOLLOW_UP)
        .into_iter()
        .map(|e| {
            let mut f = FollowUp { id: e.trim_start_matches(FOLLOW_UP).to_owned(), ..FollowUp::default() };
            for (field, view) in store.fields(e) {
                let (Some(value), Some(field)) = (view.value, FollowUpField::parse(field)) else { continue };
                match field {
                    FollowUpField::Visit => f.visit = text(&value).unwrap_or_default(),
                    FollowUpField::Commune => f.commune = text(&value).unwrap_or_default(),
                    FollowUpField::Item => f.item = text(&value).unwrap_or_default(),
                    FollowUpField::What => f.what = text(&value).unwrap_or_default(),
                    FollowUpField::Who => f.who = text(&value).unwrap_or_default(),
                    FollowUpField::Due => f.due = text(&value).filter(|s| !s.is_empty()),
                    FollowUpField::Done => f.done = value.as_bool().unwrap_or(false),
                }
            }
            f
        })
        .collect();
    out.sort_by(|a, b| (a.due.is_none(), &a.due, &a.id).cmp(&(b.due.is_none(), &b.due, &b.id)));
    out
}

/// The visits of a commune, oldest first, those to communes merged into
/// it included.
pub fn commune_visits<'a>(all: &'a [Visit], commune: &crate::assignments::Commune) -> Vec<&'a Visit> {
    all.iter().filter(|v| commune.covers(&v.commune)).collect()
}
