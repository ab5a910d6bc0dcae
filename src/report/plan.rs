//! The meeting plan of one month: who attends which cell's meeting. The
//! Tràng Định article names the problem this answers: members' cell-meeting
//! assignments overlap while some cells see nobody, and members in charge
//! of too many cells cannot attend them all beside their regular jobs.
//!
//! A cell's people are the members the assignments put in charge of it
//! plus the members of visits recorded that month that attended its
//! meeting (a visit's `members` × its `cells`).

use crate::assignments::Group;
use crate::findings::Visit;

/// The default number of cell meetings a member can attend in a month.
pub const DEFAULT_LIMIT: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellPlan {
    pub commune: String,
    pub cell: String,
    /// Members in charge of the cell in the assignments.
    pub planned: Vec<String>,
    /// Members recorded at the cell's meeting by a visit that month.
    pub attended: Vec<String>,
    /// Distinct dates the cell's meeting was attended that month.
    pub dates: usize,
}

impl CellPlan {
    /// Everyone planned or recorded for the cell, each once, planned first.
    pub fn people(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for m in self.planned.iter().chain(&self.attended) {
            if !out.contains(&m.as_str()) {
                out.push(m);
            }
        }
        out
    }

    /// Effort spent twice on one cell: two members put in charge of it,
    /// or its meeting attended on two dates by separate trips. Members who
    /// go to one meeting together (one visit, one date) are a joint visit,
    /// not an overlap.
    pub fn overlap(&self) -> bool {
        self.planned.len() >= 2 || self.dates >= 2
    }

    /// Nobody planned and nobody went.
    pub fn uncovered(&self) -> bool {
        self.planned.is_empty() && self.attended.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberLoad {
    pub member: String,
    /// Distinct cells the member is planned for or attended that month.
    pub cells: usize,
    pub over: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Every cell of the group's communes, in assignments order.
    pub cells: Vec<CellPlan>,
    /// Every member of the group, in assignments order.
    pub members: Vec<MemberLoad>,
    pub limit: usize,
}

impl Plan {
    pub fn overlaps(&self) -> usize {
        self.cells.iter().filter(|c| c.overlap()).count()
    }

    pub fn uncovered(&self) -> usize {
        self.cells.iter().filter(|c| c.uncovered()).count()
    }

    pub fn overloaded(&self) -> usize {
        self.members.iter().filter(|m| m.over).count()
    }
}

/// The plan of `group` for `month` (`YYYY-MM`) from its assignments and
/// `visits` (any group; only this group's communes in that month count).
/// `limit` is how many cells a member can attend.
pub fn plan(group: &Group, visits: &[Visit], month: &str, limit: usize) -> Plan {
    let prefix = format!("{month}-");
    let mut cells = Vec::new();
    for c in &group.communes {
        let month_visits: Vec<&Visit> =
            visits.iter().filter(|v| v.commune == c.id && v.date.starts_with(&prefix)).collect();
        for cell in &c.cells {
            let mut attended: Vec<String> = Vec::new();
            let mut dates: Vec<&str> = Vec::new();
            for v in month_visits.iter().filter(|v| v.cells.contains(&cell.id)) {
                if !dates.contains(&v.date.as_str()) {
                    dates.push(&v.date);
                }
                for m in &v.members {
                    if !attended.contains(m) {
                        attended.push(m.clone());
                    }
                }
            }
            cells.push(CellPlan {
                commune: c.id.clone(),
                cell: cell.id.clone(),
                planned: cell.assigned.clone(),
                attended,
                dates: dates.len(),
            });
        }
    }
    let members = group
        .members
        .iter()
        .map(|m| {
            let n = cells.iter().filter(|c| c.people().contains(&m.id.as_str())).count();
            MemberLoad { member: m.id.clone(), cells: n, over: n > limit }
        })
        .collect();
    Plan { cells, members, limit }
}

/// The month after (`+1`) or before (`-1`) `month` (`YYYY-MM`); a month
/// that does not parse stays as it is.
pub fn shift_month(month: &str, by: i32) -> String {
    let Some((y, m)) = month.split_once('-') else { return month.to_owned() };
    let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<i32>()) else { return month.to_owned() };
    let n = y * 12 + (m - 1) + by;
    format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group() -> Group {
        crate::demo::assignments().groups.remove(0)
    }

    fn visit(commune: &str, date: &str, members: &[&str], cells: &[&str]) -> Visit {
        Visit {
            id: format!("{commune}-{date}"),
            commune: commune.into(),
            date: date.into(),
            members: members.iter().map(|s| s.to_string()).collect(),
            cells: cells.iter().map(|s| s.to_string()).collect(),
            ..Visit::default()
        }
    }

    fn cell<'a>(p: &'a Plan, id: &str) -> &'a CellPlan {
        p.cells.iter().find(|c| c.cell == id).unwrap()
    }

    fn load<'a>(p: &'a Plan, id: &str) -> &'a MemberLoad {
        p.members.iter().find(|m| m.member == id).unwrap()
    }

    #[test]
    fn assignments_alone() {
        // Demo: lvc is in charge of three cells, nobody of Xuân Yên.
        let p = plan(&group(), &[], "2026-11", 2);
        assert_eq!(p.cells.len(), 9);
        assert!(cell(&p, "binh-nguyen-t2").uncovered());
        assert_eq!(p.uncovered(), 1);
        assert_eq!(p.overlaps(), 0);
        assert_eq!((load(&p, "lvc").cells, load(&p, "lvc").over), (3, true));
        assert_eq!((load(&p, "ttb").cells, load(&p, "ttb").over), (2, false));
        assert_eq!(p.overloaded(), 1);
        // A higher limit clears it.
        assert_eq!(plan(&group(), &[], "2026-11", 3).overloaded(), 0);
    }

    #[test]
    fn visits_of_the_month_cover_and_overlap() {
        let visits = [
            // ptd went to the uncovered cell: now covered, ptd has 2 cells.
            visit("binh-nguyen", "2026-11-03", &["ptd"], &["binh-nguyen-t2"]),
            // nva joined ttb at Thanh Trà: two members at one meeting, a
            // joint visit and no overlap.
            visit("binh-thanh", "2026-11-10", &["nva", "ttb"], &["binh-thanh-t1"]),
            // Đông Thanh seen twice by separate trips: an overlap.
            visit("binh-thanh", "2026-11-05", &["nva"], &["binh-thanh-t2"]),
            visit("binh-thanh", "2026-11-19", &["ttb"], &["binh-thanh-t2"]),
            // Other months and other cells do not count.
            visit("binh-tan-phu", "2026-10-30", &["ttb", "lvc"], &["binh-tan-phu-t1"]),
            visit("binh-tan-phu", "2026-12-01", &["ttb", "lvc"], &["binh-tan-phu-t1"]),
        ];
        let p = plan(&group(), &visits, "2026-11", 2);
        assert!(!cell(&p, "binh-nguyen-t2").uncovered());
        assert_eq!(p.uncovered(), 0);
        let t1 = cell(&p, "binh-thanh-t1");
        assert!(!t1.overlap(), "two members at one meeting together");
        assert_eq!(t1.people(), ["ttb", "nva"], "planned first, each once");
        assert!(cell(&p, "binh-thanh-t2").overlap(), "two trips to one cell");
        assert_eq!(p.overlaps(), 1);
        assert!(!cell(&p, "binh-tan-phu-t1").overlap());
        // nva: Đông Thanh, Tân Hy, and now Thanh Trà.
        assert_eq!((load(&p, "nva").cells, load(&p, "nva").over), (3, true));
        assert_eq!((load(&p, "ptd").cells, load(&p, "ptd").over), (2, false));
    }

    #[test]
    fn months_shift_across_years() {
        assert_eq!(shift_month("2026-12", 1), "2027-01");
        assert_eq!(shift_month("2026-01", -1), "2025-12");
        assert_eq!(shift_month("2026-05", 0), "2026-05");
        assert_eq!(shift_month("bad", 1), "bad");
    }
}
