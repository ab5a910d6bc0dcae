//! The JSON export's `summary`: the same facts the reports are laid out
//! from (see `facts.rs`), so that a program reads `70 → 80 → 90` without
//! recomputing it: per group and commune, the period's visits, and per item
//! whether it is a known weakness, its latest status with that visit's
//! date and note, each number's starting level, last visit's value and
//! latest, and the open and overdue follow-ups.

use serde::Serialize;
use serde_json::Value;

use super::Report;
use super::facts::{Facts, ItemFacts};

#[derive(Serialize)]
pub struct GroupOut {
    group: String,
    group_name: String,
    communes: Vec<CommuneOut>,
    /// Names of the group's communes with neither a visit in the period
    /// nor an open follow-up.
    not_visited: Vec<String>,
}

#[derive(Serialize)]
struct CommuneOut {
    commune: String,
    commune_name: String,
    visits: Vec<VisitRef>,
    items: Vec<ItemOut>,
    open_follow_ups: usize,
    overdue_follow_ups: usize,
}

#[derive(Serialize)]
struct VisitRef {
    id: String,
    date: String,
    finalized: bool,
}

#[derive(Serialize)]
struct ItemOut {
    code: String,
    label: String,
    known_weakness: bool,
    status: Option<&'static str>,
    status_date: Option<String>,
    /// The note of the visit that set `status`.
    note: Option<String>,
    numbers: Vec<NumberOut>,
    open_follow_ups: usize,
    overdue_follow_ups: usize,
}

#[derive(Serialize)]
struct NumberOut {
    key: String,
    label: String,
    percent: bool,
    start: Value,
    start_is_baseline: bool,
    last: Value,
    now: Value,
    date: String,
}

/// A count as an integer when whole, a percentage always with a fraction.
pub fn value(percent: bool, v: f64) -> Value {
    if !percent && v.fract() == 0.0 && v.abs() < 9e15 {
        return Value::from(v as i64);
    }
    // Values are validated finite when recorded; were one not, `null` (as
    // serde writes a non-finite float) rather than a made-up number.
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

pub fn summary(r: &Report) -> Vec<GroupOut> {
    let facts = Facts::new(r);
    facts
        .groups
        .iter()
        .map(|g| GroupOut {
            group: g.id.clone(),
            group_name: g.name.clone(),
            not_visited: g.quiet.clone(),
            communes: g
                .communes
                .iter()
                .map(|c| CommuneOut {
                    commune: c.id.clone(),
                    commune_name: c.name.clone(),
                    visits: c
                        .visits
                        .iter()
                        .map(|v| VisitRef {
                            id: v.visit.id.clone(),
                            date: v.visit.date.clone(),
                            finalized: v.visit.finalized,
                        })
                        .collect(),
                    items: c
                        .weaknesses
                        .iter()
                        .map(|i| item(i, true))
                        .chain(c.others.iter().map(|i| item(i, false)))
                        .collect(),
                    open_follow_ups: c.open.len(),
                    overdue_follow_ups: c.open.iter().filter(|f| super::summary::overdue(f, &r.today)).count(),
                })
                .collect(),
        })
        .collect()
}

fn item(i: &ItemFacts, known: bool) -> ItemOut {
    ItemOut {
        code: i.code.clone(),
        label: i.label.clone(),
        known_weakness: known,
        status: i.status.as_ref().map(|(s, _)| s.code()),
        status_date: i.status.as_ref().map(|(_, d)| d.clone()),
        note: i.note.clone(),
        numbers: i
            .numbers
            .iter()
            .map(|n| NumberOut {
                key: n.key.clone(),
                label: n.label.clone(),
                percent: n.percent,
                start: n.start.map_or(Value::Null, |v| value(n.percent, v)),
                start_is_baseline: n.start_is_baseline,
                last: n.last.map_or(Value::Null, |v| value(n.percent, v)),
                now: value(n.percent, n.now),
                date: n.date.clone(),
            })
            .collect(),
        open_follow_ups: i.open,
        overdue_follow_ups: i.overdue,
    }
}
