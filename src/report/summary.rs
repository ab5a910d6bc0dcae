//! What the findings say, as plain data: the reporting period, latest
//! statuses, open and overdue follow-ups. Pure functions of the folded
//! visits and follow-ups, so that the exports and the TUI's overview
//! screens read the same answers. "Today" is always passed in.

use std::collections::BTreeMap;

use crate::findings::{FollowUp, Status, Visit};

/// A reporting period; either end may be open. Dates are `YYYY-MM-DD`,
/// which compare correctly as strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Period {
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Period {
    pub fn contains(&self, date: &str) -> bool {
        self.from.as_deref().is_none_or(|f| date >= f) && self.to.as_deref().is_none_or(|t| date <= t)
    }

    /// Before the period starts (never, for an open start).
    pub fn before(&self, date: &str) -> bool {
        self.from.as_deref().is_some_and(|f| date < f)
    }
}

/// The latest status per commune and item over all visits: the grid of
/// the dashboard. Visits must be oldest first, as `findings::visits` gives.
pub fn latest_statuses(visits: &[Visit]) -> BTreeMap<(String, String), (Status, String)> {
    let mut out = BTreeMap::new();
    for v in visits {
        for (code, f) in &v.items {
            if f.status != Status::NotAssessed {
                out.insert((v.commune.clone(), code.clone()), (f.status, v.date.clone()));
            }
        }
    }
    out
}

/// A follow-up is overdue when it is not done and its deadline has passed.
pub fn overdue(f: &FollowUp, today: &str) -> bool {
    !f.done && f.due.as_deref().is_some_and(|d| d < today)
}

/// Open follow-ups, overdue first, then by deadline (none last), then id.
pub fn open_follow_ups<'a>(all: impl IntoIterator<Item = &'a FollowUp>, today: &str) -> Vec<&'a FollowUp> {
    let mut out: Vec<&FollowUp> = all.into_iter().filter(|f| !f.done).collect();
    out.sort_by(|a, b| {
        let key = |f: &'a FollowUp| (!overdue(f, today), f.due.is_none(), f.due.clone(), f.id.clone());
        key(a).cmp(&key(b))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::ItemFinding;

    fn visit(id: &str, date: &str, code: &str, status: Status) -> Visit {
        let mut v = Visit { id: id.into(), commune: "c".into(), date: date.into(), ..Visit::default() };
        v.items.insert(code.to_owned(), ItemFinding { status, ..ItemFinding::default() });
        v
    }

    #[test]
    fn latest_status_skips_not_assessed() {
        let a = visit("a", "2024-03-05", "unity", Status::Worse);
        let b = visit("b", "2024-04-05", "unity", Status::NotAssessed);
        let grid = latest_statuses(&[a, b]);
        assert_eq!(grid[&("c".to_owned(), "unity".to_owned())], (Status::Worse, "2024-03-05".to_owned()));
    }

    #[test]
    fn follow_ups_overdue_first() {
        let fu = |id: &str, due: Option<&str>, done: bool| FollowUp {
            id: id.into(),
            due: due.map(str::to_owned),
            done,
            ..FollowUp::default()
        };
        let all = [
            fu("later", Some("2024-07-01"), false),
            fu("none", None, false),
            fu("late", Some("2024-05-01"), false),
            fu("done", Some("2024-04-01"), true),
            fu("today", Some("2024-06-01"), false),
        ];
        let today = "2024-06-01";
        let ids: Vec<_> = open_follow_ups(&all, today).iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["late", "today", "later", "none"]);
        assert!(overdue(&all[2], today) && !overdue(&all[4], today) && !overdue(&all[3], today));
    }

    #[test]
    fn period_bounds_are_inclusive() {
        let p = Period { from: Some("2024-05-01".into()), to: Some("2024-05-31".into()) };
        assert!(p.contains("2024-05-01") && p.contains("2024-05-31"));
        assert!(!p.contains("2024-04-30") && !p.contains("2024-06-01"));
        assert!(p.before("2024-04-30") && !p.before("2024-05-01"));
        assert!(!Period::default().before("1900-01-01"));
    }
}
