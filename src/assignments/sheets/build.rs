//! The sheets' rows put together as an assignments JSON document: members
//! and communes under their group, cells, weaknesses, baselines and
//! contacts under their commune. Only the links between sheets are checked
//! here; every rule of the format is left to the JSON validator.

use std::collections::HashMap;

use super::Trouble;
use super::emit::Emitter;
use super::grid::{Value, number_text, serial_date};
use super::layout::{Col, SheetKind};
use super::table::Table;
use crate::jsondoc::SheetProblem;
use crate::jsondoc::{IdKind, ProblemKind};

/// The tables found in one file, by kind.
pub struct Tables<'g> {
    pub tables: Vec<Table<'g>>,
}

impl<'g> Tables<'g> {
    pub fn get(&self, kind: SheetKind) -> Option<&Table<'g>> {
        self.tables.iter().find(|t| t.def.kind == kind)
    }

    pub fn rows(&self, kind: SheetKind) -> impl Iterator<Item = (&Table<'g>, usize)> {
        self.tables.iter().filter(move |t| t.def.kind == kind).flat_map(|t| t.rows.iter().map(move |&r| (t, r)))
    }
}

pub type Row<'a, 'g> = (&'a Table<'g>, usize);

/// Child rows by the parent id they name, in sheet order.
fn by_parent<'a, 'g>(
    tables: &'a Tables<'g>,
    kind: SheetKind,
    col: Col,
    parents: &HashMap<String, usize>,
    what: IdKind,
    trouble: &mut Vec<Trouble>,
) -> HashMap<usize, Vec<Row<'a, 'g>>> {
    let mut out: HashMap<usize, Vec<Row>> = HashMap::new();
    for (t, r) in tables.rows(kind) {
        let id = t.text(r, col);
        match parents.get(&id) {
            Some(&p) => out.entry(p).or_default().push((t, r)),
            None if id.is_empty() => trouble.push((Some(t.spot(r, col)), ProblemKind::EmptyText)),
            None => trouble.push((Some(t.spot(r, col)), SheetProblem::NoParent { what, id }.into())),
        }
    }
    out
}

/// Which rows go where: the groups in sheet order, each with its members
/// and communes, each commune with its rows on the other sheets. Built
/// once; written out as JSON text for the validator ([`document`]) or
/// straight into the reader's structs ([`super::direct`]).
pub struct Plan<'a, 'g> {
    pub groups: Vec<GroupRows<'a, 'g>>,
    pub baselines: Baselines<'a, 'g>,
}

pub struct GroupRows<'a, 'g> {
    pub row: Row<'a, 'g>,
    pub members: Vec<Row<'a, 'g>>,
    /// Empty for a repeated group: its rows went to the first one.
    pub communes: Vec<CommuneRows<'a, 'g>>,
}

pub struct CommuneRows<'a, 'g> {
    pub row: Row<'a, 'g>,
    /// The commune's number in sheet order, for its baselines.
    pub ix: usize,
    pub cells: Vec<Row<'a, 'g>>,
    pub weaknesses: Vec<Row<'a, 'g>>,
    pub contacts: Vec<Row<'a, 'g>>,
}

/// Puts the rows together; `trouble` collects what only the sheets can
/// say (a row naming a parent no row defines).
pub fn plan<'a, 'g>(tables: &'a Tables<'g>, trouble: &mut Vec<Trouble>) -> Plan<'a, 'g> {
    // Group ids to the first group row that has them; a repeated group
    // still gets the members, so that only the repetition is reported.
    let mut group_ix = HashMap::new();
    let groups: Vec<Row> = tables.rows(SheetKind::Groups).collect();
    for (i, (t, r)) in groups.iter().enumerate() {
        group_ix.entry(t.text(*r, Col::GroupId)).or_insert(i);
    }
    let members = by_parent(tables, SheetKind::Members, Col::GroupId, &group_ix, IdKind::Group, trouble);
    let mut communes = by_parent(tables, SheetKind::Communes, Col::GroupId, &group_ix, IdKind::Group, trouble);
    let mut commune_ix = HashMap::new();
    let commune_rows: Vec<Row> =
        (0..groups.len()).flat_map(|g| communes.get(&g).into_iter().flatten().copied()).collect();
    for (i, (t, r)) in commune_rows.iter().enumerate() {
        commune_ix.entry(t.text(*r, Col::CommuneId)).or_insert(i);
    }
    let of_commune = |kind, trouble: &mut Vec<Trouble>| {
        by_parent(tables, kind, Col::CommuneId, &commune_ix, IdKind::Commune, trouble)
    };
    let mut cells = of_commune(SheetKind::Cells, trouble);
    let mut weaknesses = of_commune(SheetKind::Weaknesses, trouble);
    let mut contacts = of_commune(SheetKind::Contacts, trouble);
    let baselines = baselines(tables, &commune_ix, &weaknesses, trouble);

    let mut next_commune = 0;
    let mut out = Vec::new();
    for (i, &row) in groups.iter().enumerate() {
        let first = group_ix[&row.0.text(row.1, Col::GroupId)];
        let members = members.get(&first).cloned().unwrap_or_default();
        let mut rows = Vec::new();
        if first == i {
            for &c in communes.remove(&i).iter().flatten() {
                let ix = next_commune;
                next_commune += 1;
                // A repeated commune id: its rows went to the first one.
                let own = commune_ix.get(&c.0.text(c.1, Col::CommuneId)) == Some(&ix);
                let take = |m: &mut HashMap<usize, Vec<Row<'a, 'g>>>| if own { m.remove(&ix) } else { None };
                rows.push(CommuneRows {
                    row: c,
                    ix,
                    cells: take(&mut cells).unwrap_or_default(),
                    weaknesses: take(&mut weaknesses).unwrap_or_default(),
                    contacts: take(&mut contacts).unwrap_or_default(),
                });
            }
        }
        out.push(GroupRows { row, members, communes: rows });
    }
    Plan { groups: out, baselines }
}

/// Writes the document as JSON text, each line remembering its cell.
pub fn document(tables: &Tables, plan: &Plan) -> Emitter {
    let mut e = Emitter::new();
    let at = |t: &Table, r: usize, c: Col| Some(t.spot(r, c));
    e.open(None, '{', None);
    e.string(Some("format"), crate::assignments::FORMAT, None);
    let info = tables.rows(SheetKind::Info).next();
    match info {
        Some((t, r)) if !t.value(r, Col::Version).is_blank() => {
            e.raw(Some("version"), &number(t.value(r, Col::Version)), at(t, r, Col::Version))
        }
        _ => e.raw(Some("version"), &crate::assignments::VERSION.to_string(), None),
    }
    if let Some((t, r)) = info {
        text_opt(&mut e, t, r, "issued_by", Col::IssuedBy);
        let v = t.value(r, Col::IssuedOn);
        if !v.is_blank() {
            e.string(Some("issued_on"), &date(v), at(t, r, Col::IssuedOn));
        }
    }
    let groups_spot = tables.get(SheetKind::Groups).map(|t| t.grid.spot(t.header, 0));
    e.open(Some("groups"), '[', groups_spot);
    for g in &plan.groups {
        let (t, r) = g.row;
        e.open(None, '{', at(t, r, Col::GroupId));
        e.string(Some("id"), &t.text(r, Col::GroupId), at(t, r, Col::GroupId));
        e.string(Some("name"), &t.text(r, Col::GroupName), at(t, r, Col::GroupName));
        e.open(Some("members"), '[', at(t, r, Col::GroupId));
        for &(m, mr) in &g.members {
            e.open(None, '{', at(m, mr, Col::MemberId));
            e.string(Some("id"), &m.text(mr, Col::MemberId), at(m, mr, Col::MemberId));
            e.string(Some("name"), &m.text(mr, Col::PersonName), at(m, mr, Col::PersonName));
            text_opt(&mut e, m, mr, "role", Col::Role);
            e.close('}', at(m, mr, Col::MemberId));
        }
        e.close(']', at(t, r, Col::GroupId));
        e.open(Some("communes"), '[', at(t, r, Col::GroupId));
        for c in &g.communes {
            commune(&mut e, c, &plan.baselines);
        }
        e.close(']', at(t, r, Col::GroupId));
        e.close('}', at(t, r, Col::GroupId));
    }
    e.close(']', groups_spot);
    e.close('}', None);
    e
}

/// Baseline rows by (commune index, weakness code).
pub type Baselines<'a, 'g> = HashMap<(usize, String), Vec<Row<'a, 'g>>>;

fn baselines<'a, 'g>(
    tables: &'a Tables<'g>,
    commune_ix: &HashMap<String, usize>,
    weaknesses: &HashMap<usize, Vec<Row>>,
    trouble: &mut Vec<Trouble>,
) -> Baselines<'a, 'g> {
    let by_commune = by_parent(tables, SheetKind::Baselines, Col::CommuneId, commune_ix, IdKind::Commune, trouble);
    let mut out: Baselines = HashMap::new();
    for (ix, rows) in by_commune {
        for (t, r) in rows {
            let code = t.text(r, Col::Code);
            let known = weaknesses.get(&ix).is_some_and(|ws| ws.iter().any(|(w, wr)| w.text(*wr, Col::Code) == code));
            if known {
                out.entry((ix, code)).or_default().push((t, r));
            } else {
                trouble.push((
                    Some(t.spot(r, Col::Code)),
                    SheetProblem::NoParent { what: IdKind::Weakness, id: code }.into(),
                ));
            }
        }
    }
    out
}

fn commune(e: &mut Emitter, rows: &CommuneRows, baselines: &Baselines) {
    let (t, r) = rows.row;
    let at = |t: &Table, r: usize, c: Col| Some(t.spot(r, c));
    e.open(None, '{', at(t, r, Col::CommuneId));
    e.string(Some("id"), &t.text(r, Col::CommuneId), at(t, r, Col::CommuneId));
    e.string(Some("name"), &t.text(r, Col::CommuneName), at(t, r, Col::CommuneName));
    list(e, t, r, "assigned", Col::Assigned);
    merged_from(e, t, r);
    if !rows.contacts.is_empty() {
        e.open(Some("contacts"), '[', at(t, r, Col::CommuneId));
        for &(k, kr) in &rows.contacts {
            e.open(None, '{', at(k, kr, Col::PersonName));
            e.string(Some("name"), &k.text(kr, Col::PersonName), at(k, kr, Col::PersonName));
            text_opt(e, k, kr, "role", Col::Role);
            text_opt(e, k, kr, "phone", Col::Phone);
            e.close('}', at(k, kr, Col::PersonName));
        }
        e.close(']', at(t, r, Col::CommuneId));
    }
    if !rows.cells.is_empty() {
        e.open(Some("cells"), '[', at(t, r, Col::CommuneId));
        for &(c, cr) in &rows.cells {
            e.open(None, '{', at(c, cr, Col::CellId));
            e.string(Some("id"), &c.text(cr, Col::CellId), at(c, cr, Col::CellId));
            e.string(Some("name"), &c.text(cr, Col::CellName), at(c, cr, Col::CellName));
            let n = c.value(cr, Col::PartyMembers);
            if !n.is_blank() {
                e.raw(Some("members"), &number(n), at(c, cr, Col::PartyMembers));
            }
            list(e, c, cr, "assigned", Col::Assigned);
            e.close('}', at(c, cr, Col::CellId));
        }
        e.close(']', at(t, r, Col::CommuneId));
    }
    if !rows.weaknesses.is_empty() {
        e.open(Some("weaknesses"), '[', at(t, r, Col::CommuneId));
        for &(w, wr) in &rows.weaknesses {
            let code = w.text(wr, Col::Code);
            e.open(None, '{', at(w, wr, Col::Code));
            e.string(Some("code"), &code, at(w, wr, Col::Code));
            text_opt(e, w, wr, "note", Col::Note);
            if let Some(found) = baselines.get(&(rows.ix, code)) {
                e.open(Some("baseline"), '{', at(w, wr, Col::Code));
                for &(b, br) in found {
                    e.raw(Some(&b.text(br, Col::NumberKey)), &number(b.value(br, Col::Value)), at(b, br, Col::Value));
                }
                e.close('}', at(w, wr, Col::Code));
            }
            e.close('}', at(w, wr, Col::Code));
        }
        e.close(']', at(t, r, Col::CommuneId));
    }
    e.close('}', at(t, r, Col::CommuneId));
}

fn text_opt(e: &mut Emitter, t: &Table, r: usize, key: &str, col: Col) {
    let v = t.value(r, col);
    if !v.is_blank() {
        e.string(Some(key), &v.text(), Some(t.spot(r, col)));
    }
}

/// A list of ids in one cell, separated by commas, semicolons or breaks.
pub fn ids(text: &str) -> Vec<&str> {
    text.split([',', ';', '\n']).map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// An old commune, `binh-thanh (Xã Bình Thanh)` or `binh-trung`: its id,
/// and its name in brackets when given.
pub fn old_commune(old: &str) -> (&str, Option<&str>) {
    match old.strip_suffix(')').and_then(|s| s.split_once('(')) {
        Some((id, name)) => (id.trim(), Some(name.trim())),
        None => (old, None),
    }
}

fn list(e: &mut Emitter, t: &Table, r: usize, key: &str, col: Col) {
    let text = t.text(r, col);
    let ids = ids(&text);
    if ids.is_empty() {
        return;
    }
    let spot = Some(t.spot(r, col));
    e.open(Some(key), '[', spot);
    for id in ids {
        e.string(None, id, spot);
    }
    e.close(']', spot);
}

/// Old communes, `binh-thanh (Xã Bình Thanh), binh-trung`.
fn merged_from(e: &mut Emitter, t: &Table, r: usize) {
    let text = t.text(r, Col::MergedFrom);
    let olds = ids(&text);
    if olds.is_empty() {
        return;
    }
    let spot = Some(t.spot(r, Col::MergedFrom));
    e.open(Some("merged_from"), '[', spot);
    for old in olds {
        match old_commune(old) {
            (id, Some(name)) => {
                e.open(None, '{', spot);
                e.string(Some("id"), id, spot);
                e.string(Some("name"), name, spot);
                e.close('}', spot);
            }
            (id, None) => e.string(None, id, spot),
        }
    }
    e.close(']', spot);
}

/// A number cell as JSON: whole floats as integers; text that reads as a
/// number (CSV, "number stored as text", a decimal comma) as that number;
/// anything else as a string, for the validator to refuse.
pub fn number(v: &Value) -> String {
    match number_value(v) {
        Some(n) => number_text(n),
        None => serde_json::to_string(&v.text()).unwrap_or_default(),
    }
}

/// The number a cell holds, as [`number`] reads it.
pub fn number_value(v: &Value) -> Option<f64> {
    let n = match v {
        Value::Number(n) | Value::Date(n) => Some(*n),
        Value::Text(s) => {
            let s = s.trim();
            s.parse::<f64>()
                .ok()
                .or_else(|| if s.contains('.') { None } else { s.replacen(',', ".", 1).parse::<f64>().ok() })
        }
        _ => None,
    };
    n.filter(|n| n.is_finite())
}

/// A date cell as `YYYY-MM-DD`: a serial number, or text in the ISO form
/// or as Vietnamese write it (`15/3/2025`).
pub fn date(v: &Value) -> String {
    match v {
        Value::Number(n) | Value::Date(n) => serial_date(*n).unwrap_or_else(|| number_text(*n)),
        _ => {
            let s = v.text();
            let parts: Vec<&str> = s.split('/').collect();
            if let [d, m, y] = parts[..]
                && let (Ok(d), Ok(m), Ok(y)) = (d.trim().parse::<i8>(), m.trim().parse::<i8>(), y.trim().parse::<i16>())
                && let Ok(date) = jiff::civil::Date::new(y, m, d)
            {
                return date.to_string();
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_as_spreadsheets_hold_them() {
        assert_eq!(number(&Value::Number(41.0)), "41");
        assert_eq!(number(&Value::Text(" 70,5 ".into())), "70.5");
        assert_eq!(number(&Value::Text("1,000.5".into())), "\"1,000.5\"");
        assert_eq!(number(&Value::Text("nhiều".into())), "\"nhiều\"");
        assert_eq!(date(&Value::Date(45658.0)), "2025-01-01");
        assert_eq!(date(&Value::Text("15/3/2025".into())), "2025-03-15");
        assert_eq!(date(&Value::Text("31/2/2025".into())), "31/2/2025");
    }
}
