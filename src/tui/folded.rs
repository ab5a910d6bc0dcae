//! The folded findings the overview screens read: a copy of the visits
//! and follow-ups kept by the app and refreshed when one of these screens
//! opens, after a sync brought ops and after a change made here; never on
//! a keystroke, since folding every visit costs far more than the 1 ms a
//! keystroke may take on a large group.

use std::collections::HashMap;

use crate::findings::{FollowUp, Located, Status, Visit};
use crate::report::summary;

/// What a commune's row of the dashboard shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommuneRow {
    /// Per built-in checklist item (in its order): the latest assessed
    /// status and the date of the visit that found it.
    pub latest: Vec<Option<(Status, String)>>,
    pub open: usize,
    pub overdue: usize,
    pub last_date: Option<String>,
    /// The newest visit, which Enter opens.
    pub last_visit: Option<String>,
    /// Per checklist item: an open conflict on one of its fields, at any
    /// visit to the commune or on one of its follow-ups.
    pub conflicted: Vec<bool>,
}

/// The folded findings the overview screens read.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// Oldest first, as `findings::visits` gives them.
    pub visits: Vec<Visit>,
    pub follow_ups: Vec<FollowUp>,
    /// Per commune id.
    pub rows: HashMap<String, CommuneRow>,
}

impl Findings {
    /// Prepares the dashboard rows; `today` decides what is overdue.
    /// `merged` maps old commune ids to the communes they merged into.
    pub fn new(visits: Vec<Visit>, follow_ups: Vec<FollowUp>, today: &str, merged: &HashMap<&str, &str>) -> Findings {
        let items = &crate::checklist::active().items;
        let mut rows: HashMap<String, CommuneRow> = HashMap::new();
        let blank = || CommuneRow {
            latest: vec![None; items.len()],
            conflicted: vec![false; items.len()],
            ..CommuneRow::default()
        };
        for ((commune, code), (status, date)) in summary::latest_statuses(&visits) {
            if let Some(i) = items.iter().position(|it| it.code == code) {
                let commune = merged.get(commune.as_str()).map_or(commune.clone(), |c| c.to_string());
                let cell = &mut rows.entry(commune).or_insert_with(blank).latest[i];
                // Statuses come oldest first per commune; across a merger the later date wins.
                if cell.as_ref().is_none_or(|(_, d)| *d <= date) {
                    *cell = Some((status, date));
                }
            }
        }
        for v in &visits {
            let id = merged.get(v.commune.as_str()).map_or(v.commune.clone(), |c| c.to_string());
            let row = rows.entry(id).or_insert_with(blank);
            row.last_date = Some(v.date.clone());
            row.last_visit = Some(v.id.clone());
        }
        for f in follow_ups.iter().filter(|f| !f.done) {
            let row = rows.entry(f.commune.clone()).or_insert_with(blank);
            row.open += 1;
            row.overdue += usize::from(summary::overdue(f, today));
        }
        Findings { visits, follow_ups, rows }
    }

    /// Marks the items with open conflicts (`conflicts` located among
    /// these findings' visits and follow-ups).
    pub fn mark_conflicts(&mut self, conflicts: &[Located], merged: &HashMap<&str, &str>) {
        let items = &crate::checklist::active().items;
        for c in conflicts {
            let (Some(commune), Some(code)) = (&c.commune, &c.item) else { continue };
            let Some(i) = items.iter().position(|it| it.code == *code) else { continue };
            let commune = merged.get(commune.as_str()).map_or(commune.clone(), |c| c.to_string());
            let row = self.rows.entry(commune).or_insert_with(|| CommuneRow {
                latest: vec![None; items.len()],
                conflicted: vec![false; items.len()],
                ..CommuneRow::default()
            });
            row.conflicted[i] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::ItemFinding;

    fn visit(id: &str, commune: &str, date: &str, items: &[(&str, Status)]) -> Visit {
        let items = items.iter().map(|(c, s)| (c.to_string(), ItemFinding { status: *s, ..Default::default() }));
        Visit { id: id.into(), commune: commune.into(), date: date.into(), items: items.collect(), ..Visit::default() }
    }

    fn fu(commune: &str, due: Option<&str>, done: bool) -> FollowUp {
        FollowUp {
            id: format!("{commune}{due:?}{done}"),
            commune: commune.into(),
            due: due.map(Into::into),
            done,
            ..FollowUp::default()
        }
    }

    #[test]
    fn rows_hold_latest_assessed_status_counts_and_last_visit() {
        let visits = vec![
            visit("a", "c1", "2026-09-01", &[("unity", Status::Worse), ("leadership", Status::Improving)]),
            visit("b", "c1", "2026-10-01", &[("unity", Status::Resolved), ("leadership", Status::NotAssessed)]),
            visit("c", "c2", "2026-10-02", &[]),
        ];
        let fus = vec![
            fu("c1", Some("2026-10-01"), false),
            fu("c1", Some("2026-12-01"), false),
            fu("c1", Some("2026-01-01"), true),
            fu("c2", None, false),
        ];
        let f = Findings::new(visits, fus, "2026-11-01", &HashMap::new());
        let items = &crate::checklist::active().items;
        let at = |code: &str| items.iter().position(|i| i.code == code).unwrap();
        let c1 = &f.rows["c1"];
        assert_eq!(c1.latest[at("unity")], Some((Status::Resolved, "2026-10-01".to_owned())));
        assert_eq!(c1.latest[at("leadership")], Some((Status::Improving, "2026-09-01".to_owned())));
        assert_eq!((c1.open, c1.overdue), (2, 1));
        assert_eq!((c1.last_date.as_deref(), c1.last_visit.as_deref()), (Some("2026-10-01"), Some("b")));
        let c2 = &f.rows["c2"];
        assert_eq!((c2.open, c2.overdue, c2.last_visit.as_deref()), (1, 0, Some("c")));
        assert!(c2.latest.iter().all(Option::is_none));
    }
}
