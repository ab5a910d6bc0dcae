//! The findings as tables of typed cells, for the XLSX sheets; the CSV's
//! flat rows (`csv.rs`) take their visit columns (group, members, cells)
//! and the meeting flags from here too, so both say them the same way.

use std::borrow::Cow;

use super::Report;
use super::summary::overdue;
use super::words::words;
use crate::checklist::Unit;
use crate::findings::numbers;
use crate::findings::{FollowUp, ItemFinding, MEETING_FLAGS, Visit};

/// One cell, typed, so that a spreadsheet stores numbers as numbers and
/// dates as dates.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Num(f64),
    /// `YYYY-MM-DD` (kept as text when it is not a real date).
    Date(String),
    /// Milliseconds since the Unix epoch, UTC.
    Time(u64),
    Bool(bool),
    Empty,
}

impl Cell {
    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    fn opt(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, Cell::text)
    }
}

/// One row handed to a sheet writer.
pub type Emit<'e> = &'e mut dyn FnMut(&[Cell]);

pub struct Table<'r> {
    pub name: &'static str,
    /// Fixed words, but for a header that names the time zone.
    pub headers: Vec<Cow<'static, str>>,
    /// Makes the rows in order, handing each to the callback: once to size
    /// the columns, once to write them. A national export has millions of
    /// cells; they are never all in memory at once.
    pub rows: Box<dyn Fn(Emit) + 'r>,
}

pub fn heads(h: &[&'static str]) -> Vec<Cow<'static, str>> {
    h.iter().map(|s| Cow::Borrowed(*s)).collect()
}

pub(super) fn names(r: &Report, v: &Visit) -> String {
    v.members.iter().map(|m| r.member_name(v, m).unwrap_or(m)).collect::<Vec<_>>().join("; ")
}

pub(super) fn cells(r: &Report, v: &Visit) -> String {
    v.cells.iter().map(|c| r.cell_name(&v.commune, c).unwrap_or(c)).collect::<Vec<_>>().join("; ")
}

pub(super) fn group_name(r: &Report, v: &Visit) -> String {
    r.group_of(v).map_or_else(|| v.group.clone(), |g| g.name.clone())
}

pub fn visits<'r>(r: &'r Report) -> Table<'r> {
    let w = words(r.lang);
    let headers = heads(&[
        w.visit,
        w.date,
        w.group,
        w.commune_id,
        w.commune,
        w.members,
        w.cells,
        w.finalized,
        w.items_assessed,
        w.follow_ups,
    ]);
    let fus = r.follow_ups_of();
    let rows = move |emit: Emit| {
        for v in r.visits() {
            let assessed = v.items.values().filter(|f| f.status != Default::default()).count();
            let follow_ups: usize =
                v.items.keys().filter_map(|c| fus.get(&(v.id.as_str(), c.as_str()))).map(Vec::len).sum();
            emit(&[
                Cell::text(&v.id),
                Cell::Date(v.date.clone()),
                Cell::Text(group_name(r, v)),
                Cell::text(&v.commune),
                Cell::text(r.commune_name(&v.commune)),
                Cell::Text(names(r, v)),
                Cell::Text(cells(r, v)),
                Cell::Bool(v.finalized),
                Cell::Num(assessed as f64),
                Cell::Num(follow_ups as f64),
            ]);
        }
    };
    Table { name: w.sheet_visits, headers, rows: Box::new(rows) }
}

pub fn findings<'r>(r: &'r Report) -> Table<'r> {
    let w = words(r.lang);
    let headers = heads(&[
        w.visit,
        w.date,
        w.commune_id,
        w.commune,
        w.item_code,
        w.item,
        w.status_code,
        w.status,
        w.rating,
        w.note,
        w.cell,
        w.flags,
    ]);
    let rows = move |emit: Emit| {
        for v in r.visits() {
            for (code, f) in &v.items {
                let cell = f.cell.as_deref().map(|c| r.cell_name(&v.commune, c).unwrap_or(c));
                let mut row = item_cells(r, v, code);
                row.extend([
                    Cell::text(f.status.code()),
                    Cell::text(f.status.label(r.lang)),
                    Cell::opt(f.rating.map(|x| x.label(r.lang))),
                    Cell::opt(f.note.as_deref()),
                    Cell::opt(cell),
                    Some(flags_text(f, r.lang)).filter(|t| !t.is_empty()).map_or(Cell::Empty, Cell::Text),
                ]);
                emit(&row);
            }
        }
    };
    Table { name: w.sheet_findings, headers, rows: Box::new(rows) }
}

/// The columns the findings and numbers sheets start with: the visit,
/// its date and commune, the item.
fn item_cells(r: &Report, v: &Visit, code: &str) -> Vec<Cell> {
    let mut row = Vec::with_capacity(12);
    row.extend([
        Cell::text(&v.id),
        Cell::Date(v.date.clone()),
        Cell::text(&v.commune),
        Cell::text(r.commune_name(&v.commune)),
        Cell::text(code),
        Cell::text(r.item_label(code)),
    ]);
    row
}

fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Count => "",
        Unit::Percent => "%",
    }
}

pub fn numbers_sheet<'r>(r: &'r Report) -> Table<'r> {
    let w = words(r.lang);
    let headers = heads(&[
        w.visit,
        w.date,
        w.commune_id,
        w.commune,
        w.item_code,
        w.item,
        w.number,
        w.number_key,
        w.value,
        w.unit,
        w.computed,
    ]);
    let rows = move |emit: Emit| {
        for v in r.visits() {
            for (code, f) in &v.items {
                let item = r.checklist.item(code);
                for (key, n) in numbers(item, &f.numbers) {
                    let u = item.and_then(|i| i.numbers.iter().find(|d| d.key == key)).map_or(Unit::Count, |d| d.unit);
                    let mut row = item_cells(r, v, code);
                    row.extend([
                        Cell::text(r.number_label(code, &key)),
                        Cell::Text(key.clone()),
                        Cell::Num(n.value),
                        Cell::text(unit(u)),
                        Cell::Bool(n.computed),
                    ]);
                    emit(&row);
                }
            }
        }
    };
    Table { name: w.sheet_numbers, headers, rows: Box::new(rows) }
}

/// The follow-ups that matter to the period (see [`Report::still_relevant`]).
pub fn relevant_follow_ups<'r>(r: &'r Report) -> Vec<&'r FollowUp> {
    r.follow_ups.iter().filter(|f| r.still_relevant(f)).collect()
}

pub fn follow_ups<'r>(r: &'r Report) -> Table<'r> {
    let w = words(r.lang);
    let headers = heads(&[
        w.follow_up,
        w.visit,
        w.date,
        w.commune_id,
        w.commune,
        w.item_code,
        w.item,
        w.what,
        w.who,
        w.due,
        w.done,
        w.overdue,
    ]);
    let rows = move |emit: Emit| {
        for f in relevant_follow_ups(r) {
            let date = r.visit(&f.visit).map(|v| v.date.as_str());
            emit(&[
                Cell::text(&f.id),
                Cell::text(&f.visit),
                date.map_or(Cell::Empty, |d| Cell::Date(d.to_owned())),
                Cell::text(&f.commune),
                Cell::text(r.commune_name(&f.commune)),
                Cell::text(&f.item),
                Cell::text(r.item_label(&f.item)),
                Cell::text(&f.what),
                Cell::text(&f.who),
                f.due.clone().map_or(Cell::Empty, Cell::Date),
                Cell::Bool(f.done),
                Cell::Bool(overdue(f, &r.today)),
            ]);
        }
    };
    Table { name: w.sheet_follow_ups, headers, rows: Box::new(rows) }
}

/// The conflicts in words, as the Markdown report gives them: commune,
/// the visit's date, item, field, each side's value, who recorded it and
/// when, in local time with the zone's offset in the header.
pub fn conflicts<'r>(r: &'r Report) -> Table<'r> {
    let w = words(r.lang);
    let tz = super::pending::zone();
    let now = jiff::Timestamp::now();
    let offset = tz.to_offset(now);
    let at = match r.lang {
        crate::i18n::Lang::Vi => format!("Thời điểm (giờ UTC{offset})"),
        crate::i18n::Lang::En => format!("{} (UTC{offset})", w.at),
    };
    let mut headers = heads(&[w.commune, w.date, w.item, w.field, w.value, w.by]);
    headers.push(Cow::Owned(at));
    let pending = super::pending::pending(r);
    let rows = move |emit: Emit| {
        for c in &pending {
            for side in &c.sides {
                // The wall clock shown in that zone at that moment.
                let local = jiff::Timestamp::from_millisecond(side.at as i64)
                    .map_or(0, |t| tz.to_offset(t).seconds() as i64 * 1000);
                emit(&[
                    Cell::Text(c.commune.clone()),
                    c.date.clone().map_or(Cell::Empty, Cell::Date),
                    Cell::opt(c.item.as_deref()),
                    Cell::Text(c.field.clone()),
                    Cell::Text(side.value.clone()),
                    Cell::Text(side.by.clone()),
                    Cell::Time((side.at as i64 + local).max(0) as u64),
                ]);
            }
        }
    };
    Table { name: w.sheet_conflicts, headers, rows: Box::new(rows) }
}

/// The cell-meeting checks in the form's order:
/// `Nội dung thiết thực: có; Có tự phê bình và phê bình: không`.
pub fn flags_text(f: &ItemFinding, lang: crate::i18n::Lang) -> String {
    let mut flags: Vec<(&String, &bool)> = f.flags.iter().collect();
    flags.sort_by_key(|(k, _)| MEETING_FLAGS.iter().position(|m| m == k).unwrap_or(usize::MAX));
    let word = |on: bool| match (on, lang) {
        (true, crate::i18n::Lang::Vi) => "có",
        (false, crate::i18n::Lang::Vi) => "không",
        (true, _) => "yes",
        (false, _) => "no",
    };
    flags
        .iter()
        .map(|(k, on)| format!("{}: {}", crate::findings::meeting_flag_label(k, lang), word(**on)))
        .collect::<Vec<_>>()
        .join("; ")
}
