//! What the findings say, as plain data: latest statuses, numbers over
//! visits, what moved, open follow-ups. Pure functions of the assignments,
//! the folded visits and follow-ups, and the checklist, so that the exports
//! and the TUI dashboard read the same answers. "Today" is always passed in.

use std::collections::BTreeMap;

use crate::assignments::Commune;
use crate::checklist::{Checklist, Unit};
use crate::findings::{FollowUp, ItemFinding, Status, Visit, series};

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

/// The last assessed status of an item (not "not assessed") in visits given
/// oldest first, with the visit it was found at.
pub fn latest<'a>(visits: &[&'a Visit], code: &str) -> Option<(&'a Visit, &'a ItemFinding)> {
    visits.iter().rev().find_map(|v| v.items.get(code).filter(|f| f.status != Status::NotAssessed).map(|f| (*v, f)))
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

/// A number that changed: its value before (or at the start of) the period
/// and at its last visit in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub code: String,
    pub key: String,
    pub unit: Unit,
    pub from: f64,
    /// `None` when `from` is the baseline of the assignments file.
    pub from_date: Option<String>,
    pub to: f64,
    pub to_date: String,
}

/// The numbers that moved for one commune in a period. The last value in
/// the period is compared with the first one in it; when the period holds
/// only one value (a monthly report, one visit), with the latest value
/// before the period, or else with the commune's baseline.
pub fn moves(commune: Option<&Commune>, all: &[&Visit], period: &Period, checklist: &Checklist) -> Vec<Move> {
    let mut out = Vec::new();
    for item in &checklist.items {
        let mut keys: Vec<&str> = item.numbers.iter().map(|n| n.key.as_str()).collect();
        // Numbers typed under keys the checklist does not define still count.
        for v in all {
            for k in v.items.get(&item.code).map(|f| f.numbers.keys()).into_iter().flatten() {
                if !keys.contains(&k.as_str()) {
                    keys.push(k);
                }
            }
        }
        for key in keys {
            let s = series(all, checklist, &item.code, key);
            let inside: Vec<&(String, f64)> = s.iter().filter(|(d, _)| period.contains(d)).collect();
            let Some(last) = inside.last() else { continue };
            let start = if inside.len() > 1 {
                Some((Some(inside[0].0.clone()), inside[0].1))
            } else if let Some(prev) = s.iter().rev().find(|(d, _)| period.before(d)) {
                Some((Some(prev.0.clone()), prev.1))
            } else {
                baseline(commune, &item.code, key).map(|b| (None, b))
            };
            let Some((from_date, from)) = start else { continue };
            if from != last.1 {
                let unit = item.numbers.iter().find(|n| n.key == key).map_or(Unit::Count, |n| n.unit);
                out.push(Move {
                    code: item.code.clone(),
                    key: key.to_owned(),
                    unit,
                    from,
                    from_date,
                    to: last.1,
                    to_date: last.0.clone(),
                });
            }
        }
    }
    out
}

fn baseline(commune: Option<&Commune>, code: &str, key: &str) -> Option<f64> {
    commune?.weaknesses.iter().find(|w| w.code == code)?.baseline.get(key).copied()
}

/// Where an item of a commune stands at the end of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemState {
    pub code: String,
    /// The last assessed status in the period; `None` when the item is a
    /// known weakness that was not assessed in it.
    pub status: Option<Status>,
    /// Why: the last note typed for the item in the period, else the note
    /// of the known weakness.
    pub note: Option<String>,
}

/// Fixed and remaining weaknesses of a commune in a period, checklist
/// order. An item counts when it is a known weakness of the commune or was
/// assessed in the period; it is fixed when its last status is "resolved".
pub fn weaknesses(
    commune: Option<&Commune>,
    period_visits: &[&Visit],
    checklist: &Checklist,
) -> (Vec<ItemState>, Vec<ItemState>) {
    let (mut fixed, mut remaining) = (Vec::new(), Vec::new());
    let known = |code: &str| commune.and_then(|c| c.weaknesses.iter().find(|w| w.code == code));
    let mut codes: Vec<&str> = checklist.items.iter().map(|i| i.code.as_str()).collect();
    for v in period_visits {
        for code in v.items.keys() {
            if !codes.contains(&code.as_str()) {
                codes.push(code);
            }
        }
    }
    for code in codes {
        let status = latest(period_visits, code).map(|(_, f)| f.status);
        if status.is_none() && known(code).is_none() {
            continue;
        }
        let typed = period_visits.iter().rev().find_map(|v| v.items.get(code)?.note.clone());
        let note = typed.or_else(|| known(code).and_then(|w| w.note.clone()));
        let state = ItemState { code: code.to_owned(), status, note };
        if status == Some(Status::Resolved) { fixed.push(state) } else { remaining.push(state) }
    }
    (fixed, remaining)
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
    use crate::assignments::Weakness;
    use crate::checklist::builtin;

    /// An item at a visit: code, status, numbers, note.
    type Row<'a> = (&'a str, Status, &'a [(&'a str, f64)], Option<&'a str>);

    fn visit(id: &str, date: &str, items: &[Row]) -> Visit {
        let mut v = Visit { id: id.into(), commune: "c".into(), date: date.into(), ..Visit::default() };
        for (code, status, nums, note) in items {
            let f = ItemFinding {
                status: *status,
                numbers: nums.iter().map(|(k, n)| (k.to_string(), *n)).collect(),
                note: note.map(str::to_owned),
                ..ItemFinding::default()
            };
            v.items.insert(code.to_string(), f);
        }
        v
    }

    fn commune(weak: &[(&str, &[(&str, f64)])]) -> Commune {
        Commune {
            id: "c".into(),
            name: "Xã C".into(),
            assigned: vec![],
            contacts: vec![],
            cells: vec![],
            merged_from: vec![],
            weaknesses: weak
                .iter()
                .map(|(code, b)| Weakness {
                    code: code.to_string(),
                    note: Some("Tồn đọng kéo dài".into()),
                    baseline: b.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn series_and_moves_over_a_period() {
        let p = "petition_backlog";
        let a = visit("a", "2024-03-05", &[(p, Status::NoChange, &[("received", 10.0), ("resolved", 7.0)], None)]);
        let b = visit("b", "2024-04-05", &[(p, Status::Improving, &[("received", 10.0), ("resolved", 8.0)], None)]);
        let c = visit("c", "2024-05-05", &[(p, Status::Improving, &[("received", 10.0), ("resolved", 9.0)], None)]);
        let all = [&a, &b, &c];
        let s = series(&all, builtin(), p, "resolution_rate");
        assert_eq!(s.iter().map(|x| x.1).collect::<Vec<_>>(), [70.0, 80.0, 90.0]);

        let whole = Period::default();
        let m = moves(None, &all, &whole, builtin());
        let rate = m.iter().find(|m| m.key == "resolution_rate").unwrap();
        assert_eq!((rate.from, rate.to, rate.unit), (70.0, 90.0, Unit::Percent));
        assert_eq!(rate.from_date.as_deref(), Some("2024-03-05"));
        assert!(m.iter().all(|m| m.key != "received"), "unchanged numbers did not move");

        // A month holding one visit compares with the visit before it.
        let may = Period { from: Some("2024-05-01".into()), to: Some("2024-05-31".into()) };
        let m = moves(None, &all, &may, builtin());
        let rate = m.iter().find(|m| m.key == "resolution_rate").unwrap();
        assert_eq!((rate.from, rate.to), (80.0, 90.0));

        // The first month ever compares with the baseline.
        let march = Period { from: None, to: Some("2024-03-31".into()) };
        let cm = commune(&[(p, &[("resolution_rate", 60.0)])]);
        let m = moves(Some(&cm), &all, &march, builtin());
        let rate = m.iter().find(|m| m.key == "resolution_rate").unwrap();
        assert_eq!((rate.from, rate.from_date.clone(), rate.to), (60.0, None, 70.0));
    }

    #[test]
    fn fixed_and_remaining_with_reasons() {
        let cm = commune(&[("petition_backlog", &[]), ("recruitment", &[])]);
        let a = visit(
            "a",
            "2024-05-05",
            &[
                ("petition_backlog", Status::Resolved, &[], Some("Đã giải quyết xong")),
                ("land_disputes", Status::Worse, &[], Some("Thêm 2 vụ lấn chiếm")),
                ("unity", Status::NotAssessed, &[], None),
            ],
        );
        let (fixed, remaining) = weaknesses(Some(&cm), &[&a], builtin());
        assert_eq!(fixed.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(), ["petition_backlog"]);
        let codes: Vec<_> = remaining.iter().map(|s| (s.code.as_str(), s.status, s.note.as_deref())).collect();
        assert_eq!(
            codes,
            [
                ("land_disputes", Some(Status::Worse), Some("Thêm 2 vụ lấn chiếm")),
                ("recruitment", None, Some("Tồn đọng kéo dài")),
            ]
        );
    }

    #[test]
    fn latest_status_skips_not_assessed() {
        let a = visit("a", "2024-03-05", &[("unity", Status::Worse, &[], None)]);
        let b = visit("b", "2024-04-05", &[("unity", Status::NotAssessed, &[], None)]);
        assert_eq!(latest(&[&a, &b], "unity").map(|(v, _)| v.id.as_str()), Some("a"));
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
