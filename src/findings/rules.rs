//! What recorded numbers must satisfy and what follows from them: the
//! checks on a typed number, the numbers computed from others (`ratio`),
//! a number over a commune's visits, and recruitment against a target that
//! holds until a new one is typed. The walk, the dashboard and the exports
//! all ask here, so they cannot disagree.

use std::collections::BTreeMap;

use super::model::Visit;
use crate::assignments::Commune;
use crate::checklist::{Checklist, Item, Unit};

/// Why a typed number is refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Invalid {
    NotNumber,
    NotWhole,
    Percent,
    /// Above `max`, the value of the number (labelled `other`) that caps it.
    Above {
        other: String,
        max: f64,
    },
}

/// Parses and checks a typed number (number `index` of `item`) against its
/// definition and the other numbers already recorded for the item.
pub fn check_number(item: &Item, index: usize, typed: &str, others: &BTreeMap<String, f64>) -> Result<f64, Invalid> {
    let def = &item.numbers[index];
    let v: f64 = typed.trim().replace(',', ".").parse().map_err(|_| Invalid::NotNumber)?;
    if !v.is_finite() || v < 0.0 {
        return Err(Invalid::NotNumber);
    }
    match def.unit {
        Unit::Count if v.fract() != 0.0 => return Err(Invalid::NotWhole),
        Unit::Percent if v > 100.0 => return Err(Invalid::Percent),
        _ => {}
    }
    if let Some(max_key) = &def.max
        && let Some(&max) = others.get(max_key)
        && v > max
    {
        let other = item.numbers.iter().find(|n| &n.key == max_key).map_or(max_key.clone(), |n| n.label.vi.clone());
        return Err(Invalid::Above { other, max });
    }
    // A number that others are capped by may not drop below them.
    for n in &item.numbers {
        if n.max.as_deref() == Some(def.key.as_str())
            && let Some(&below) = others.get(&n.key)
            && v < below
        {
            return Err(Invalid::Above { other: def.label.vi.clone(), max: v });
        }
    }
    Ok(v)
}

/// A number an item records, typed or computed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    /// Computed from two other numbers (a `ratio`), not typed.
    pub computed: bool,
}

/// `100 * a / b`, rounded to one decimal so that reports do not show
/// 88.88888888888889 %; `None` when `b` is zero.
pub fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| (1000.0 * a / b).round() / 10.0)
}

/// `a - b`: what is still pending of what came in; `None` when `b` is
/// above `a` (more resolved than received, from two laptops or older
/// records): no pending count follows from that, 0 would be a claim.
pub fn difference(a: f64, b: f64) -> Option<f64> {
    (b <= a).then_some(a - b)
}

/// An item's numbers at one visit: those typed, plus each computed number
/// (`ratio`, `difference`) that was not typed but whose two parts were.
pub fn numbers(item: Option<&Item>, typed: &BTreeMap<String, f64>) -> BTreeMap<String, Number> {
    let mut out: BTreeMap<String, Number> =
        typed.iter().map(|(k, v)| (k.clone(), Number { value: *v, computed: false })).collect();
    for def in item.map(|i| i.numbers.as_slice()).unwrap_or_default() {
        if out.contains_key(&def.key) {
            continue;
        }
        let Some((a, b)) = def.parts() else { continue };
        let (Some(a), Some(b)) = (typed.get(a), typed.get(b)) else { continue };
        let value = if def.ratio.is_some() { ratio(*a, *b) } else { difference(*a, *b) };
        if let Some(value) = value {
            out.insert(def.key.clone(), Number { value, computed: true });
        }
    }
    out
}

/// The value shown for number `index` of `item`: the one typed, or the one
/// computed from its ratio when both parts are known.
pub fn shown_number(item: &Item, index: usize, typed: &BTreeMap<String, f64>) -> Option<f64> {
    let key = &item.numbers[index].key;
    if let Some(v) = typed.get(key) {
        return Some(*v);
    }
    numbers(Some(item), typed).get(key).map(|n| n.value)
}

/// One number of an item over a commune's visits (oldest first): the
/// dates and values where it was typed or could be computed.
pub fn series(visits: &[&Visit], checklist: &Checklist, code: &str, key: &str) -> Vec<(String, f64)> {
    let item = checklist.item(code);
    visits
        .iter()
        .filter_map(|v| {
            let f = v.items.get(code)?;
            let n = numbers(item, &f.numbers).get(key)?.value;
            Some((v.date.clone(), n))
        })
        .collect()
}

/// The cell meeting's attendance numbers (item [`super::MEETING_ITEM`]).
pub const PRESENT: &str = "present";
pub const TOTAL: &str = "total";

/// Members absent from a cell meeting, when both attendance numbers are
/// recorded and someone was missing.
pub fn absent(numbers: &BTreeMap<String, f64>) -> Option<f64> {
    let (present, total) = (numbers.get(PRESENT)?, numbers.get(TOTAL)?);
    (present < total).then(|| total - present)
}

/// The recruitment item and its two numbers.
pub const RECRUITMENT: &str = "recruitment";
pub const ADMITTED: &str = "admitted";
pub const TARGET: &str = "target";

/// New members admitted against the target at one point.
#[derive(Debug, Clone, PartialEq)]
pub struct AgainstTarget {
    /// The visit's date; `None` for the commune's baseline.
    pub date: Option<String>,
    pub admitted: f64,
    pub target: f64,
}

/// Admitted against target over a commune's visits (oldest first), the
/// baseline first when the assignments give both numbers. A target typed
/// once holds for the visits after it, so a visit that only records who
/// was admitted still has a point.
pub fn against_target(commune: &Commune, visits: &[&Visit], checklist: &Checklist) -> Vec<AgainstTarget> {
    let admitted = series(visits, checklist, RECRUITMENT, ADMITTED);
    let target = series(visits, checklist, RECRUITMENT, TARGET);
    let mut out = Vec::new();
    if let Some(b) = commune.weaknesses.iter().find(|w| w.code == RECRUITMENT)
        && let (Some(a), Some(t)) = (b.baseline.get(ADMITTED), b.baseline.get(TARGET))
    {
        out.push(AgainstTarget { date: None, admitted: *a, target: *t });
    }
    let mut last_target = out.first().map(|r| r.target);
    for (date, admitted) in admitted {
        if let Some((_, t)) = target.iter().find(|(d, _)| *d == date) {
            last_target = Some(*t);
        }
        if let Some(target) = last_target {
            out.push(AgainstTarget { date: Some(date), admitted, target });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assignments::Weakness;
    use crate::checklist::builtin;
    use crate::findings::ItemFinding;

    #[test]
    fn numbers_are_checked_where_typed() {
        let item = builtin().item("petition_backlog").unwrap();
        let mut known = BTreeMap::new();
        assert_eq!(check_number(item, 0, "12", &known), Ok(12.0));
        assert_eq!(check_number(item, 0, "-1", &known), Err(Invalid::NotNumber));
        assert_eq!(check_number(item, 0, "1.5", &known), Err(Invalid::NotWhole));
        assert_eq!(check_number(item, 0, "abc", &known), Err(Invalid::NotNumber));
        known.insert("received".to_owned(), 10.0);
        assert!(matches!(check_number(item, 1, "11", &known), Err(Invalid::Above { .. })));
        assert_eq!(check_number(item, 1, "9", &known), Ok(9.0));
        known.insert("resolved".to_owned(), 9.0);
        assert!(matches!(check_number(item, 0, "8", &known), Err(Invalid::Above { .. })));
        assert_eq!(check_number(item, 4, "101", &known), Err(Invalid::Percent));
        assert_eq!(check_number(item, 4, "85,5", &known), Ok(85.5));
    }

    #[test]
    fn still_pending_is_received_less_resolved_unless_typed() {
        let item = builtin().item("petition_backlog").unwrap();
        let mut n = BTreeMap::from([("received".to_owned(), 20.0)]);
        assert_eq!(shown_number(item, 2, &n), None, "not until both are known");
        n.insert("resolved".to_owned(), 17.0);
        assert_eq!(numbers(Some(item), &n)["pending"], Number { value: 3.0, computed: true });
        n.insert("pending".to_owned(), 5.0);
        assert_eq!(numbers(Some(item), &n)["pending"], Number { value: 5.0, computed: false });
    }

    #[test]
    fn nothing_pending_is_computed_when_more_was_resolved_than_received() {
        let item = builtin().item("petition_backlog").unwrap();
        let mut n = BTreeMap::from([("received".to_owned(), 10.0), ("resolved".to_owned(), 17.0)]);
        assert_eq!(shown_number(item, 2, &n), None, "not 0");
        assert_eq!(difference(10.0, 10.0), Some(0.0));
        // A pending count typed is shown as typed whatever the others say.
        n.insert("pending".to_owned(), 2.0);
        assert_eq!(numbers(Some(item), &n)["pending"], Number { value: 2.0, computed: false });
    }

    #[test]
    fn rate_is_computed_unless_typed() {
        let item = builtin().item("petition_backlog").unwrap();
        let mut n = BTreeMap::new();
        n.insert("received".to_owned(), 20.0);
        n.insert("resolved".to_owned(), 17.0);
        assert_eq!(shown_number(item, 4, &n), Some(85.0));
        n.insert("resolution_rate".to_owned(), 90.0);
        assert_eq!(shown_number(item, 4, &n), Some(90.0));
    }

    #[test]
    fn ratio_is_computed_when_not_typed_and_rounded() {
        let item = builtin().item("petition_backlog");
        let typed = [("received".to_owned(), 9.0), ("resolved".to_owned(), 8.0)].into();
        let n = numbers(item, &typed);
        assert_eq!(n["resolution_rate"], Number { value: 88.9, computed: true });
        assert!(!n["received"].computed);
        let typed = [("received".to_owned(), 0.0), ("resolved".to_owned(), 0.0)].into();
        assert!(!numbers(item, &typed).contains_key("resolution_rate"));
        let typed = [("received".to_owned(), 10.0), ("resolution_rate".to_owned(), 75.0)].into();
        assert_eq!(numbers(item, &typed)["resolution_rate"], Number { value: 75.0, computed: false });
    }

    fn recruited(date: &str, nums: &[(&str, f64)]) -> Visit {
        let f = ItemFinding { numbers: nums.iter().map(|(k, n)| (k.to_string(), *n)).collect(), ..Default::default() };
        Visit { date: date.into(), items: [(RECRUITMENT.to_owned(), f)].into(), ..Visit::default() }
    }

    #[test]
    fn a_target_holds_until_a_new_one_is_typed() {
        let commune = Commune {
            id: "c".into(),
            name: "c".into(),
            assigned: Vec::new(),
            contacts: Vec::new(),
            cells: Vec::new(),
            merged_from: Vec::new(),
            weaknesses: vec![Weakness {
                code: RECRUITMENT.into(),
                note: None,
                baseline: [(ADMITTED.to_owned(), 3.0), (TARGET.to_owned(), 7.0)].into(),
            }],
        };
        let a = recruited("2024-03-01", &[(ADMITTED, 4.0)]);
        let b = recruited("2024-04-01", &[(ADMITTED, 5.0), (TARGET, 6.0)]);
        let c = recruited("2024-05-01", &[(ADMITTED, 6.0)]);
        let rows = against_target(&commune, &[&a, &b, &c], builtin());
        let got: Vec<(Option<&str>, f64, f64)> =
            rows.iter().map(|r| (r.date.as_deref(), r.admitted, r.target)).collect();
        assert_eq!(
            got,
            [
                (None, 3.0, 7.0),
                (Some("2024-03-01"), 4.0, 7.0),
                (Some("2024-04-01"), 5.0, 6.0),
                (Some("2024-05-01"), 6.0, 6.0)
            ]
        );
        // Without a baseline, points wait for the first target.
        let bare = Commune { weaknesses: Vec::new(), ..commune };
        let rows = against_target(&bare, &[&a, &b, &c], builtin());
        assert_eq!(rows.iter().map(|r| r.target).collect::<Vec<_>>(), [6.0, 6.0]);
    }
}
