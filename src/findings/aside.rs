//! Values that fit the schema but not the checklist in use (see
//! [`super::against`]): kept in the store and shown as recorded, and named
//! in a warning with their file and line, so nothing is dropped unseen.
//! One warning per field and problem, naming the first such value and how
//! many more there are: a laptop on a custom checklist may have recorded
//! thousands, and a list that long would hide everything else.

use std::collections::BTreeMap;

use crate::checklist::{Checklist, Unit};
use crate::schema::{Problem, VISIT, VisitField, against_name, against_unit, shown};
use crate::store::{OpId, Store, Warning};

/// Warnings for the values held now (shown or in conflict) that this
/// checklist would not have let be typed.
pub fn off_checklist(store: &Store, checklist: &Checklist) -> Vec<Warning> {
    // (field, problem) -> (first op, its value, how many)
    let mut found: BTreeMap<(String, Problem), (OpId, String, u64)> = BTreeMap::new();
    // Each field off the checklist by its name alone, or a number whose
    // unit needs its values read; then one pass over the values of all.
    let mut fields: Vec<(&str, Option<Problem>, Option<Unit>)> = Vec::new();
    for field in store.field_names() {
        let Some(VisitField::Item { code, field: item_field }) = VisitField::parse(field) else { continue };
        // Most fields are settled by their name alone; only numbers with a
        // unit need their values read.
        match against_name(checklist, &code, &item_field) {
            Err(p) => fields.push((field, Some(p), None)),
            Ok(Some(unit)) => fields.push((field, None, Some(unit))),
            Ok(None) => {}
        }
    }
    let names: Vec<&str> = fields.iter().map(|f| f.0).collect();
    store.each_value(VISIT, &names, |i, op, raw| {
        let (field, by_name, unit) = fields[i];
        let problem = match unit {
            _ if raw == "null" => None,
            Some(unit) => raw.parse::<f64>().ok().and_then(|n| against_unit(unit, n)),
            None => by_name,
        };
        let Some(p) = problem else { return };
        let e = found.entry((field.to_owned(), p)).or_insert_with(|| (op.clone(), shown(raw), 0));
        // The smallest op id, so every laptop names the same line.
        if op < e.0 {
            (e.0, e.1) = (op, shown(raw));
        }
        e.2 += 1;
    });
    let ids: Vec<OpId> = found.values().map(|f| f.0.clone()).collect();
    let at = store.locate(&ids);
    found
        .into_iter()
        .zip(at)
        .filter_map(|(((field, problem), (_, got, n)), at)| {
            let (file, line) = at?;
            Some(Warning::BadValue { file, line, field, problem, got, kept: true, others: n - 1 })
        })
        .collect()
}
