//! Assignments back to the JSON file (CONTRACT.md §1), for `convert`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::assignments::{Assignments, FORMAT, VERSION};

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'a str,
    version: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued_on: Option<&'a str>,
    groups: Vec<GroupOut<'a>>,
}

#[derive(Serialize)]
struct GroupOut<'a> {
    id: &'a str,
    name: &'a str,
    members: Vec<PersonOut<'a>>,
    communes: Vec<CommuneOut<'a>>,
}

#[derive(Serialize)]
struct PersonOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
}

#[derive(Serialize)]
struct CommuneOut<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    assigned: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    merged_from: Vec<OldOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    contacts: Vec<PersonOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    cells: Vec<CellOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    weaknesses: Vec<WeaknessOut<'a>>,
}

/// An old commune: its id alone, or with its name.
#[derive(Serialize)]
#[serde(untagged)]
enum OldOut<'a> {
    Id(&'a str),
    Named { id: &'a str, name: &'a str },
}

#[derive(Serialize)]
struct CellOut<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    members: Option<u64>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    assigned: &'a [String],
}

#[derive(Serialize)]
struct WeaknessOut<'a> {
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    baseline: &'a BTreeMap<String, f64>,
}

/// The whole of `a` as one JSON file (the first source's issuer).
pub fn to_json(a: &Assignments) -> String {
    let src = a.sources.first();
    let file = FileOut {
        format: FORMAT,
        version: VERSION,
        issued_by: src.and_then(|s| s.issued_by.as_deref()),
        issued_on: src.and_then(|s| s.issued_on.as_deref()),
        groups: a
            .groups
            .iter()
            .map(|g| GroupOut {
                id: &g.id,
                name: &g.name,
                members: g
                    .members
                    .iter()
                    .map(|m| PersonOut { id: Some(&m.id), name: &m.name, role: m.role.as_deref(), phone: None })
                    .collect(),
                communes: g
                    .communes
                    .iter()
                    .map(|c| CommuneOut {
                        id: &c.id,
                        name: &c.name,
                        assigned: &c.assigned,
                        merged_from: c
                            .merged_from
                            .iter()
                            .map(|o| match &o.name {
                                Some(name) => OldOut::Named { id: &o.id, name },
                                None => OldOut::Id(&o.id),
                            })
                            .collect(),
                        contacts: c
                            .contacts
                            .iter()
                            .map(|k| PersonOut {
                                id: None,
                                name: &k.name,
                                role: k.role.as_deref(),
                                phone: k.phone.as_deref(),
                            })
                            .collect(),
                        cells: c
                            .cells
                            .iter()
                            .map(|k| CellOut { id: &k.id, name: &k.name, members: k.members, assigned: &k.assigned })
                            .collect(),
                        weaknesses: c
                            .weaknesses
                            .iter()
                            .map(|w| WeaknessOut { code: &w.code, note: w.note.as_deref(), baseline: &w.baseline })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&file).unwrap_or_default();
    out.push('\n');
    out
}
