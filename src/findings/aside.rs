//! Values that fit the schema but not the checklist in use (see
//! [`super::against`]): kept in the store and shown as recorded, and named
//! in a warning with their file and line, so nothing is dropped unseen.

use super::schema::{VISIT, VisitField};
use super::values::{against, shown};
use crate::checklist::Checklist;
use crate::store::{OpId, Store, Warning};

/// A warning for each value held now (shown or in conflict) that this
/// checklist would not have let be typed.
pub fn off_checklist(store: &Store, checklist: &Checklist) -> Vec<Warning> {
    let mut found: Vec<(OpId, String, super::Problem, String)> = Vec::new();
    for e in store.entities(VISIT) {
        for (field, view) in store.fields(e) {
            let Some(VisitField::Item { code, field: item_field }) = VisitField::parse(field) else { continue };
            let mut heads: Vec<(OpId, Option<serde_json::Value>)> =
                view.alternatives.into_iter().map(|h| (h.op, h.value)).collect();
            if heads.is_empty() {
                heads.push((view.op, view.value));
            }
            for (op, value) in heads {
                let Some(value) = value else { continue };
                if let Some(p) = against(checklist, &code, &item_field, &value) {
                    found.push((op, field.to_owned(), p, shown(&value.to_string())));
                }
            }
        }
    }
    let ids: Vec<OpId> = found.iter().map(|f| f.0.clone()).collect();
    let at = store.locate(&ids);
    found
        .into_iter()
        .zip(at)
        .filter_map(|((_, field, problem, got), at)| {
            let (file, line) = at?;
            Some(Warning::BadValue { file, line, field, problem, got, kept: true })
        })
        .collect()
}
