//! A workbook's rows straight into the structs the JSON fast path fills
//! (`fast::FileIn`), skipping the JSON text and its parse: most of what a
//! valid national workbook cost after its XML. Each value is what the JSON
//! text of [`super::build::document`] would have given serde, so the
//! format's rules stay in one place: `fast::assemble` checks these as it
//! checks a parsed file. Anything the JSON reader would refuse gives
//! `None`, and the text is written and read the usual way, every problem
//! positioned.

use std::collections::BTreeMap;

use super::build::{CommuneRows, GroupRows, Plan, Row, Tables, date, ids, number, number_value, old_commune};
use super::layout::{Col, SheetKind};
use crate::assignments::fast::{
    Baseline, CellIn, CommuneIn, ContactIn, FileIn, GroupIn, MemberIn, OldIn, OldNamedIn, WeaknessIn,
};

pub fn file(tables: &Tables, plan: &Plan) -> Option<FileIn> {
    let info = tables.rows(SheetKind::Info).next();
    let version = match info {
        Some((t, r)) if !t.value(r, Col::Version).is_blank() => whole((t, r), Col::Version)?,
        _ => crate::assignments::VERSION,
    };
    Some(FileIn {
        format: crate::assignments::FORMAT.to_owned(),
        version,
        issued_by: info.and_then(|row| opt(row, Col::IssuedBy)),
        issued_on: info.and_then(|(t, r)| Some(t.value(r, Col::IssuedOn)).filter(|v| !v.is_blank()).map(date)),
        groups: plan.groups.iter().map(|g| group(g, plan)).collect::<Option<_>>()?,
    })
}

fn text((t, r): Row, col: Col) -> String {
    t.text(r, col)
}

fn opt((t, r): Row, col: Col) -> Option<String> {
    let v = t.value(r, col);
    (!v.is_blank()).then(|| v.text())
}

/// A whole number as serde reads the JSON's: `None` for a fraction, a
/// negative number or text.
fn whole((t, r): Row, col: Col) -> Option<u64> {
    number(t.value(r, col)).parse().ok()
}

fn some<T>(v: Vec<T>) -> Option<Vec<T>> {
    (!v.is_empty()).then_some(v)
}

fn list(row: Row, col: Col) -> Option<Vec<String>> {
    let text = text(row, col);
    let ids = ids(&text);
    (!ids.is_empty()).then(|| ids.into_iter().map(str::to_owned).collect())
}

fn group(g: &GroupRows, plan: &Plan) -> Option<GroupIn> {
    Some(GroupIn {
        id: text(g.row, Col::GroupId),
        name: text(g.row, Col::GroupName),
        members: g
            .members
            .iter()
            .map(|&m| MemberIn { id: text(m, Col::MemberId), name: text(m, Col::PersonName), role: opt(m, Col::Role) })
            .collect(),
        communes: g.communes.iter().map(|c| commune(c, plan)).collect::<Option<_>>()?,
    })
}

fn commune(c: &CommuneRows, plan: &Plan) -> Option<CommuneIn> {
    let contacts = c
        .contacts
        .iter()
        .map(|&k| ContactIn { name: text(k, Col::PersonName), role: opt(k, Col::Role), phone: opt(k, Col::Phone) })
        .collect();
    let cells = c
        .cells
        .iter()
        .map(|&k| {
            let blank = k.0.value(k.1, Col::PartyMembers).is_blank();
            Some(CellIn {
                id: text(k, Col::CellId),
                name: text(k, Col::CellName),
                members: if blank { None } else { Some(whole(k, Col::PartyMembers)?) },
                assigned: list(k, Col::Assigned),
            })
        })
        .collect::<Option<_>>()?;
    let weaknesses = c
        .weaknesses
        .iter()
        .map(|&w| {
            let code = text(w, Col::Code);
            let baseline = match plan.baselines.get(&(c.ix, code.clone())) {
                None => None,
                Some(rows) => {
                    let mut map = BTreeMap::new();
                    for &(b, br) in rows {
                        let value = number_value(b.value(br, Col::Value))?;
                        // A key given twice: refused, as the JSON reader does.
                        map.insert(b.text(br, Col::NumberKey), value).is_none().then_some(())?;
                    }
                    Some(Baseline(map))
                }
            };
            Some(WeaknessIn { code, note: opt(w, Col::Note), baseline })
        })
        .collect::<Option<_>>()?;
    let olds = text(c.row, Col::MergedFrom);
    let merged_from = ids(&olds)
        .into_iter()
        .map(|old| match old_commune(old) {
            (id, Some(name)) => OldIn::Named(OldNamedIn { id: id.to_owned(), name: Some(name.to_owned()) }),
            (id, None) => OldIn::Id(id.to_owned()),
        })
        .collect();
    Some(CommuneIn {
        id: text(c.row, Col::CommuneId),
        name: text(c.row, Col::CommuneName),
        assigned: list(c.row, Col::Assigned),
        contacts: some(contacts),
        cells: some(cells),
        weaknesses: some(weaknesses),
        merged_from: some(merged_from),
    })
}
