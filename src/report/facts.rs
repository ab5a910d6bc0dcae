//! One set of facts for every format: per group and commune, the visits of
//! the period (unfinished ones marked), the known weaknesses apart from the
//! standard items, per item the latest status with that visit's own note,
//! each number's starting level, last visit's value and latest value, the
//! cell meetings, and the open and overdue follow-ups. The Markdown, Word
//! and spreadsheet reports only lay these out.

use std::collections::HashMap;

use super::Report;
use super::summary::overdue;
use crate::assignments::Commune;
use crate::checklist::Unit;
use crate::findings::{FollowUp, ItemFinding, Rating, Status, Visit};
use crate::findings::{MEETING_FLAGS, MEETING_ITEM, PRESENT, TOTAL, numbers};
use crate::i18n::Lang;

pub struct Facts<'r> {
    pub groups: Vec<GroupFacts<'r>>,
}

pub struct GroupFacts<'r> {
    pub id: String,
    /// The group's name, or its id when the assignments do not know it.
    pub name: String,
    /// Communes with a visit in the period or an open follow-up.
    pub communes: Vec<CommuneFacts<'r>>,
    /// Names of the group's communes with neither.
    pub quiet: Vec<String>,
}

pub struct CommuneFacts<'r> {
    pub id: String,
    pub name: String,
    pub visits: Vec<VisitFacts<'r>>,
    /// The commune's known weaknesses (from the assignments), in their order.
    pub weaknesses: Vec<ItemFacts>,
    /// Standard checklist items assessed or measured in the period.
    pub others: Vec<ItemFacts>,
    /// Cell meetings attended in the period.
    pub meetings: Vec<Meeting>,
    /// Open follow-ups that matter to the period, overdue first.
    pub open: Vec<&'r FollowUp>,
}

pub struct VisitFacts<'r> {
    pub visit: &'r Visit,
    /// The old commune's name, for a visit made before a merger.
    pub old_commune: Option<String>,
    pub members: Vec<String>,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemFacts {
    pub code: String,
    pub label: String,
    /// The assignments' description of a known weakness: what was to be
    /// fixed, never a finding.
    pub weakness: Option<String>,
    /// The last assessed status in the period, and the date of that visit.
    pub status: Option<(Status, String)>,
    /// The note typed at that same visit.
    pub note: Option<String>,
    pub numbers: Vec<NumberFacts>,
    pub open: usize,
    pub overdue: usize,
}

impl ItemFacts {
    pub fn fixed(&self) -> bool {
        matches!(self.status, Some((Status::Resolved, _)))
    }
}

/// One number of an item: starting level, last visit's value, latest.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberFacts {
    pub key: String,
    pub label: String,
    pub percent: bool,
    /// The baseline of the assignments, else the first value recorded.
    pub start: Option<f64>,
    pub start_is_baseline: bool,
    /// The value at the visit before the latest one that recorded it.
    pub last: Option<f64>,
    /// The latest value in the period and its date.
    pub now: f64,
    pub date: String,
    /// Whether `now` is the first value ever recorded (no baseline).
    pub first: bool,
}

impl NumberFacts {
    /// `ban đầu 70% → 80% → 90%`, equal neighbours once; a first value
    /// alone. The baseline of the assignments is named, as on the screen,
    /// so that it does not read as a visit's value.
    pub fn chain(&self, lang: Lang) -> String {
        let pct = if self.percent { "%" } else { "" };
        let mut values: Vec<f64> = Vec::new();
        for v in [self.start, self.last, Some(self.now)].into_iter().flatten() {
            if values.last() != Some(&v) {
                values.push(v);
            }
        }
        // A baseline met again: `ban đầu 70% → 70%`, not a lone `70%`.
        if self.start_is_baseline && values.len() == 1 {
            values.push(self.now);
        }
        let mut out =
            values.iter().map(|v| format!("{}{pct}", crate::text::number_in(*v, lang))).collect::<Vec<_>>().join(" → ");
        if self.start_is_baseline {
            out.insert_str(0, if lang == Lang::Vi { "ban đầu " } else { "baseline " });
        }
        out
    }
}

/// A cell meeting attended at a visit.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    pub date: String,
    pub cell: Option<String>,
    pub present: Option<f64>,
    pub total: Option<f64>,
    pub attendance: Option<f64>,
    pub rating: Option<Rating>,
    /// Flag code and whether it was ticked.
    pub flags: Vec<(String, bool)>,
}

impl Meeting {
    /// `12/05/2024, Chi bộ thôn Thanh Trà: có mặt 30/38 (78,9%); xếp loại: khá; …`
    pub fn text(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let n = |v: f64| crate::text::number_in(v, lang);
        let date = if vi { super::paper::short_date(&self.date) } else { self.date.clone() };
        let mut parts = Vec::new();
        if let (Some(p), Some(t)) = (self.present, self.total) {
            let pct = self.attendance.map_or(String::new(), |a| format!(" ({}%)", n(a)));
            parts.push(format!("{} {}/{}{pct}", if vi { "có mặt" } else { "present" }, n(p), n(t)));
        }
        if let Some(r) = self.rating {
            parts.push(format!("{}: {}", if vi { "xếp loại" } else { "rating" }, r.label(lang).to_lowercase()));
        }
        for (flag, on) in &self.flags {
            let yes = match (on, vi) {
                (true, true) => "có",
                (false, true) => "không",
                (true, false) => "yes",
                (false, false) => "no",
            };
            parts.push(format!("{}: {yes}", crate::findings::meeting_flag_label(flag, lang).to_lowercase()));
        }
        let cell = self.cell.as_deref().map(|c| format!(", {c}")).unwrap_or_default();
        format!("{date}{cell}: {}.", parts.join("; "))
    }
}

impl<'r> Facts<'r> {
    pub fn new(r: &'r Report) -> Facts<'r> {
        // A commune merged into another is the other's history: its visits
        // and follow-ups are filed under the commune that exists now.
        let home = |id: &'r str| -> &'r str { r.commune(id).map_or(id, |c| c.id.as_str()) };
        let mut by_commune: HashMap<&str, Vec<&Visit>> = HashMap::new();
        for v in &r.group_visits {
            by_commune.entry(home(&v.commune)).or_default().push(v);
        }
        let mut fus: HashMap<&str, Vec<&FollowUp>> = HashMap::new();
        for f in r.follow_ups.iter().filter(|f| !f.done && r.still_relevant(f)) {
            fus.entry(home(&f.commune)).or_default().push(f);
        }
        let mut groups: Vec<GroupFacts> = Vec::new();
        let mut placed: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for g in r.assignments.groups.iter().filter(|g| r.scope.group.as_ref().is_none_or(|id| *id == g.id)) {
            let mut gf = GroupFacts { id: g.id.clone(), name: g.name.clone(), communes: Vec::new(), quiet: Vec::new() };
            for c in &g.communes {
                placed.insert(&c.id);
                let visits = by_commune.get(c.id.as_str()).map_or(&[][..], Vec::as_slice);
                let open = fus.get(c.id.as_str()).map_or(&[][..], Vec::as_slice);
                match commune(r, &c.id, Some(c), visits, open) {
                    Some(cf) => gf.communes.push(cf),
                    None => gf.quiet.push(c.name.clone()),
                }
            }
            groups.push(gf);
        }
        // Visits of communes the assignments do not know, by their group.
        let mut unknown: Vec<&str> = Vec::new();
        for v in &r.group_visits {
            let id = home(&v.commune);
            if !placed.contains(id) && !unknown.contains(&id) {
                unknown.push(id);
            }
        }
        for id in unknown {
            let visits = &by_commune[id];
            let gid = visits[0].group.clone();
            let Some(cf) = commune(r, id, None, visits, fus.get(id).map_or(&[][..], Vec::as_slice)) else { continue };
            match groups.iter_mut().find(|g| g.id == gid) {
                Some(g) => g.communes.push(cf),
                None => groups.push(GroupFacts { id: gid.clone(), name: gid, communes: vec![cf], quiet: Vec::new() }),
            }
        }
        Facts { groups }
    }

    /// Every commune, group by group.
    pub fn communes(&self) -> impl Iterator<Item = (&GroupFacts<'r>, &CommuneFacts<'r>)> {
        self.groups.iter().flat_map(|g| g.communes.iter().map(move |c| (g, c)))
    }
}

/// A commune's facts; `None` when the period holds neither a visit nor an
/// open follow-up for it.
fn commune<'r>(
    r: &'r Report,
    id: &str,
    known: Option<&Commune>,
    all: &[&'r Visit],
    open: &[&'r FollowUp],
) -> Option<CommuneFacts<'r>> {
    let p = &r.scope.period;
    let inside: Vec<&Visit> = all.iter().copied().filter(|v| p.contains(&v.date)).collect();
    if inside.is_empty() && open.is_empty() {
        return None;
    }
    // Everything up to the end of the period: later visits do not exist yet.
    let upto: Vec<&Visit> =
        all.iter().copied().filter(|v| p.to.as_deref().is_none_or(|t| v.date.as_str() <= t)).collect();
    let open = super::summary::open_follow_ups(open.iter().copied(), &r.today);
    let weak_codes: Vec<&str> =
        known.map(|c| c.weaknesses.iter().map(|w| w.code.as_str()).collect()).unwrap_or_default();
    let weaknesses = weak_codes.iter().map(|code| item(r, known, code, &inside, &upto, &open)).collect::<Vec<_>>();
    let mut codes: Vec<&str> = r.checklist.items.iter().map(|i| i.code.as_str()).collect();
    for v in &inside {
        for c in v.items.keys() {
            if !codes.contains(&c.as_str()) {
                codes.push(c);
            }
        }
    }
    let others = codes
        .into_iter()
        .filter(|c| !weak_codes.contains(c))
        .map(|c| item(r, known, c, &inside, &upto, &open))
        .filter(|f| f.status.is_some() || !f.numbers.is_empty() || f.open > 0)
        .collect();
    let visits = inside
        .iter()
        .map(|v| VisitFacts {
            visit: v,
            old_commune: (v.commune != id).then(|| r.commune_name(&v.commune).to_owned()),
            members: v.members.iter().map(|m| r.member_name(v, m).unwrap_or(m).to_owned()).collect(),
            cells: v.cells.iter().map(|c| r.cell_name(&v.commune, c).unwrap_or(c).to_owned()).collect(),
        })
        .collect();
    let meetings = inside.iter().filter_map(|v| meeting(r, v)).collect();
    Some(CommuneFacts {
        id: id.to_owned(),
        name: r.commune_name(id).to_owned(),
        visits,
        weaknesses,
        others,
        meetings,
        open,
    })
}

fn item(
    r: &Report,
    known: Option<&Commune>,
    code: &str,
    inside: &[&Visit],
    upto: &[&Visit],
    open: &[&FollowUp],
) -> ItemFacts {
    let weakness = known.and_then(|c| c.weaknesses.iter().find(|w| w.code == code));
    let latest = inside
        .iter()
        .rev()
        .find_map(|v| v.items.get(code).filter(|f| f.status != Status::NotAssessed).map(|f| (*v, f)));
    let label = r.item_label(code).to_owned();
    ItemFacts {
        code: code.to_owned(),
        label,
        weakness: weakness.and_then(|w| w.note.clone()),
        status: latest.map(|(v, f)| (f.status, v.date.clone())),
        note: latest.and_then(|(_, f)| f.note.clone()),
        numbers: number_facts(r, weakness.map(|w| &w.baseline), code, upto),
        open: open.iter().filter(|f| f.item == code).count(),
        overdue: open.iter().filter(|f| f.item == code && overdue(f, &r.today)).count(),
    }
}

/// The numbers of an item recorded in the period, in the checklist's order.
fn number_facts(
    r: &Report,
    baseline: Option<&std::collections::BTreeMap<String, f64>>,
    code: &str,
    upto: &[&Visit],
) -> Vec<NumberFacts> {
    let def = r.checklist.item(code);
    // Every value of every key, oldest first, computed ratios included.
    let mut series: Vec<(String, Vec<(&str, f64)>)> = Vec::new();
    for v in upto {
        let Some(f) = v.items.get(code) else { continue };
        for (key, n) in numbers(def, &f.numbers) {
            match series.iter_mut().find(|(k, _)| *k == key) {
                Some((_, s)) => s.push((&v.date, n.value)),
                None => series.push((key, vec![(&v.date, n.value)])),
            }
        }
    }
    let pos = |k: &str| def.and_then(|i| i.numbers.iter().position(|n| n.key == k)).unwrap_or(usize::MAX);
    series.sort_by_key(|(k, _)| pos(k));
    let mut out = Vec::new();
    for (key, s) in series {
        let Some(&(date, now)) = s.last() else { continue };
        if !r.scope.period.contains(date) {
            continue;
        }
        let base = baseline.and_then(|b| b.get(&key)).copied();
        let unit = def.and_then(|i| i.numbers.iter().find(|n| n.key == key)).map_or(Unit::Count, |n| n.unit);
        out.push(NumberFacts {
            label: r.number_label(code, &key).to_owned(),
            percent: unit == Unit::Percent,
            start: base.or_else(|| (s.len() > 1).then(|| s[0].1)),
            start_is_baseline: base.is_some(),
            last: (s.len() > 1).then(|| s[s.len() - 2].1),
            now,
            date: date.to_owned(),
            first: base.is_none() && s.len() == 1,
            key,
        });
    }
    out
}

fn meeting(r: &Report, v: &Visit) -> Option<Meeting> {
    let f: &ItemFinding = v.items.get(MEETING_ITEM)?;
    let nums = numbers(r.checklist.item(MEETING_ITEM), &f.numbers);
    let get = |k: &str| nums.get(k).map(|n| n.value);
    let cell = f.cell.as_deref().or(v.cells.first().map(String::as_str));
    let m = Meeting {
        date: v.date.clone(),
        cell: cell.map(|c| r.cell_name(&v.commune, c).unwrap_or(c).to_owned()),
        present: get(PRESENT),
        total: get(TOTAL),
        attendance: get("attendance"),
        rating: f.rating,
        flags: {
            // In the form's order, not the alphabet's.
            let mut flags: Vec<(String, bool)> = f.flags.iter().map(|(k, on)| (k.clone(), *on)).collect();
            flags.sort_by_key(|(k, _)| MEETING_FLAGS.iter().position(|f| f == k).unwrap_or(usize::MAX));
            flags
        },
    };
    let empty = m.present.is_none() && m.total.is_none() && m.rating.is_none() && m.flags.is_empty();
    (!empty).then_some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(start: f64, last: Option<f64>, now: f64) -> NumberFacts {
        NumberFacts { start_is_baseline: true, ..n(Some(start), last, now) }
    }

    fn n(start: Option<f64>, last: Option<f64>, now: f64) -> NumberFacts {
        NumberFacts {
            key: "k".into(),
            label: "l".into(),
            percent: true,
            start,
            start_is_baseline: false,
            last,
            now,
            date: "2024-05-01".into(),
            first: start.is_none(),
        }
    }

    #[test]
    fn chains_keep_the_starting_level_and_read_the_vietnamese_way() {
        assert_eq!(n(Some(70.0), Some(75.0), 90.0).chain(Lang::Vi), "70% → 75% → 90%");
        assert_eq!(n(Some(70.0), Some(70.0), 90.0).chain(Lang::Vi), "70% → 90%");
        assert_eq!(n(None, None, 68.3).chain(Lang::Vi), "68,3%");
        assert_eq!(n(Some(60.5), None, 68.3).chain(Lang::En), "60.5% → 68.3%");
        assert_eq!(base(12.0, Some(12.0), 15.0).chain(Lang::Vi), "ban đầu 12% → 15%");
        assert_eq!(base(3.0, Some(4.0), 5.0).chain(Lang::Vi), "ban đầu 3% → 4% → 5%");
        assert_eq!(base(70.0, None, 70.0).chain(Lang::En), "baseline 70% → 70%");
    }
}
