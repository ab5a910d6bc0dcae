//! Reports and exports of the findings (`sotay export`): the data in scope
//! (a group, a period), the summaries over it, and the four formats.

mod csv;
mod docx;
mod facts;
mod json;
mod json_summary;
pub mod md;
pub mod minutes;
mod overview_sheet;
pub mod paper;
pub(crate) mod pending;
pub(crate) mod plan;
pub(crate) mod summary;
mod tables;
mod words;
mod xlsx;

use std::collections::{HashMap, HashSet};

use crate::assignments::{Assignments, Commune, Group};
use crate::checklist::Checklist;
use crate::findings::{FollowUp, Located, Path, Visit};
use crate::i18n::Lang;
use summary::Period;
pub(crate) use words::{Refusal, shown};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Md,
    Xlsx,
    Docx,
}

/// The rendered export.
/// [`render`] into `w`; JSON, CSV and XLSX are written as they are made,
/// never held whole. `Err` is the reason, in words.
pub fn write(report: &Report, format: Format, w: &mut (dyn std::io::Write + Send)) -> Result<(), String> {
    let io = |e: std::io::Error| crate::jsondoc::io_reason(&e);
    match format {
        Format::Json => json::write(report, w).map_err(io),
        Format::Csv => csv::write(report, w).map_err(io),
        Format::Xlsx => xlsx::write(report, w),
        other => w.write_all(&render(report, other)?).map_err(io),
    }
}

pub fn render(report: &Report, format: Format) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Json => json::render(report).into_bytes(),
        Format::Csv => {
            let mut out = Vec::new();
            csv::write(report, &mut out).map_err(|e| crate::jsondoc::io_reason(&e))?;
            out
        }
        Format::Md => md::render(report).into_bytes(),
        Format::Xlsx => {
            let mut out = Vec::new();
            xlsx::write(report, &mut out)?;
            out
        }
        Format::Docx => docx::render(report)?,
    })
}

/// Which findings to report on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub group: Option<String>,
    pub period: Period,
}

/// Everything an export needs, already narrowed to the scope.
pub struct Report<'a> {
    pub assignments: &'a Assignments,
    pub checklist: &'a Checklist,
    pub scope: Scope,
    pub lang: Lang,
    /// `YYYY-MM-DD`, for overdue follow-ups.
    pub today: String,
    /// RFC 3339 time of the export.
    pub exported_at: String,
    /// Every visit of the group (all dates), oldest first: numbers before
    /// the period are what a period's first value is compared with.
    pub group_visits: Vec<Visit>,
    /// Indexes into `group_visits` of the visits in the period.
    pub in_period: Vec<usize>,
    /// Every follow-up of the group (any date).
    pub follow_ups: Vec<FollowUp>,
    /// Unresolved conflicts on the visits and follow-ups in scope.
    pub conflicts: Vec<Located>,
    /// The texts and layout of the Word report.
    pub documents: paper::Settings,
    pub layout: paper::Layout,
    pub number: Option<String>,
    communes: HashMap<&'a str, (&'a Group, &'a Commune)>,
    /// Visit id to its index in `group_visits`.
    visit_ix: HashMap<String, usize>,
}

impl<'a> Report<'a> {
    /// Narrows everything to the scope. `visits` oldest first.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        assignments: &'a Assignments,
        checklist: &'a Checklist,
        scope: Scope,
        visits: Vec<Visit>,
        follow_ups: Vec<FollowUp>,
        conflicts: Vec<Located>,
        today: String,
        exported_at: String,
        lang: Lang,
    ) -> Report<'a> {
        let mut communes = HashMap::new();
        for g in &assignments.groups {
            for c in &g.communes {
                communes.insert(c.id.as_str(), (g, c));
                // Visits to a commune merged into this one are its history.
                for o in &c.merged_from {
                    communes.insert(o.id.as_str(), (g, c));
                }
            }
        }
        let group = scope.group.clone();
        // A visit belongs to the group that recorded it, or to the group the
        // commune is assigned to when the visit names none.
        let of_group = |v: &Visit| match &group {
            None => true,
            Some(g) => {
                v.group == *g
                    || (v.group.is_empty() && communes.get(v.commune.as_str()).is_some_and(|(gr, _)| gr.id == *g))
            }
        };
        let group_visits: Vec<Visit> = visits.into_iter().filter(|v| of_group(v)).collect();
        let in_period: Vec<usize> =
            (0..group_visits.len()).filter(|&i| scope.period.contains(&group_visits[i].date)).collect();
        let visit_ids: HashSet<&str> = group_visits.iter().map(|v| v.id.as_str()).collect();
        // Follow-ups whose visit is gone still belong to their commune's group.
        let follow_ups: Vec<FollowUp> = follow_ups
            .into_iter()
            .filter(|f| {
                visit_ids.contains(f.visit.as_str())
                    || group
                        .as_ref()
                        .is_none_or(|g| communes.get(f.commune.as_str()).is_some_and(|(gr, _)| gr.id == *g))
            })
            .collect();
        let period_ids: HashSet<&str> = in_period.iter().map(|&i| group_visits[i].id.as_str()).collect();
        let fu_ids: HashSet<&str> = follow_ups.iter().map(|f| f.id.as_str()).collect();
        let unfiltered = scope == Scope::default();
        let conflicts = conflicts
            .into_iter()
            .filter(|c| {
                unfiltered
                    || match &c.path {
                        Path::Visit { visit, .. } => period_ids.contains(visit.as_str()),
                        Path::FollowUp { follow_up, .. } => fu_ids.contains(follow_up.as_str()),
                        Path::Other { .. } => false,
                    }
            })
            .collect();
        Report {
            assignments,
            checklist,
            scope,
            lang,
            today,
            exported_at,
            group_visits,
            in_period,
            follow_ups,
            conflicts,
            documents: paper::Settings::default(),
            layout: paper::Layout::Party,
            number: None,
            visit_ix: HashMap::new(),
            communes,
        }
        .indexed()
    }

    /// The settings of the Word report (the others formats ignore them).
    pub fn with_documents(mut self, settings: paper::Settings, layout: paper::Layout, number: Option<String>) -> Self {
        self.documents = settings;
        self.layout = layout;
        self.number = number;
        self
    }

    fn indexed(mut self) -> Self {
        self.visit_ix = self.group_visits.iter().enumerate().map(|(i, v)| (v.id.clone(), i)).collect();
        self
    }

    /// A visit of the group (any date) by id.
    pub fn visit(&self, id: &str) -> Option<&Visit> {
        self.visit_ix.get(id).map(|&i| &self.group_visits[i])
    }

    /// The visits in the period, oldest first.
    pub fn visits(&self) -> impl Iterator<Item = &Visit> {
        self.in_period.iter().map(|&i| &self.group_visits[i])
    }

    pub fn commune(&self, id: &str) -> Option<&'a Commune> {
        self.communes.get(id).map(|(_, c)| *c)
    }

    /// The commune's name (an old commune's, for a visit made before a
    /// merger), or its id when the assignments do not know it.
    pub fn commune_name<'s>(&self, id: &'s str) -> &'s str
    where
        'a: 's,
    {
        self.commune(id).map_or(id, |c| c.name_for(id))
    }

    /// The group a visit was recorded for, as loaded.
    pub fn group_of(&self, v: &Visit) -> Option<&'a Group> {
        self.assignments.group(&v.group).or_else(|| self.communes.get(v.commune.as_str()).map(|(g, _)| *g))
    }

    /// A member's name, when the visit's group knows the id.
    pub fn member_name(&self, v: &Visit, id: &str) -> Option<&'a str> {
        self.group_of(v)?.member(id).map(|m| m.name.as_str())
    }

    /// A Party cell's name, when the visit's commune knows the id.
    pub fn cell_name(&self, commune: &str, id: &str) -> Option<&'a str> {
        self.commune(commune)?.cells.iter().find(|c| c.id == id).map(|c| c.name.as_str())
    }

    /// A checklist item's label in the report's language, or its code.
    pub fn item_label<'s>(&self, code: &'s str) -> &'s str
    where
        'a: 's,
    {
        self.checklist.item(code).map_or(code, |i| i.label.get(self.lang))
    }

    /// A number's label in the report's language, or its key.
    pub fn number_label<'s>(&self, code: &str, key: &'s str) -> &'s str
    where
        'a: 's,
    {
        self.checklist
            .item(code)
            .and_then(|i| i.numbers.iter().find(|n| n.key == key))
            .map_or(key, |n| n.label.get(self.lang))
    }

    /// The follow-ups recorded at a visit, by item code.
    pub fn follow_ups_of(&self) -> HashMap<(&str, &str), Vec<&FollowUp>> {
        let mut out: HashMap<(&str, &str), Vec<&FollowUp>> = HashMap::new();
        for f in &self.follow_ups {
            out.entry((f.visit.as_str(), f.item.as_str())).or_default().push(f);
        }
        out
    }

    /// Follow-ups whose visit is not among the visits in scope but which
    /// are still in scope: made before the period and still open, or whose
    /// visit is gone.
    pub fn other_follow_ups(&self) -> Vec<&FollowUp> {
        let ids: HashSet<&str> = self.visits().map(|v| v.id.as_str()).collect();
        self.follow_ups.iter().filter(|f| !ids.contains(f.visit.as_str()) && self.still_relevant(f)).collect()
    }

    /// A follow-up matters to the period when it was made in it, or before
    /// it and is still open (its visit's date decides; a follow-up of a
    /// vanished visit always matters).
    pub fn still_relevant(&self, f: &FollowUp) -> bool {
        let date = self.visit(&f.visit).map(|v| v.date.as_str());
        match date {
            None => !f.done,
            Some(d) => self.scope.period.contains(d) || (!f.done && self.scope.period.before(d)),
        }
    }
}
