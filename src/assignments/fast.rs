//! The fast path for the common case, a valid file: typed deserialisation
//! straight into structs, then the cross-checks. It only ever accepts; on
//! anything unexpected it gives up and the full validator (which finds and
//! positions every problem) takes over. A test checks that both paths agree.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::model::*;
use super::validate::{FORMAT, VERSION, fits};
use crate::checklist::Checklist;
use crate::text::nfc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileIn {
    pub(super) format: String,
    pub(super) version: u64,
    pub(super) issued_by: Option<String>,
    pub(super) issued_on: Option<String>,
    pub(super) groups: Vec<GroupIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GroupIn {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) members: Vec<MemberIn>,
    pub(super) communes: Vec<CommuneIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MemberIn {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) role: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CommuneIn {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) assigned: Option<Vec<String>>,
    pub(super) contacts: Option<Vec<ContactIn>>,
    pub(super) cells: Option<Vec<CellIn>>,
    pub(super) weaknesses: Option<Vec<WeaknessIn>>,
    pub(super) merged_from: Option<Vec<OldIn>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum OldIn {
    Id(String),
    Named(OldNamedIn),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OldNamedIn {
    pub(super) id: String,
    pub(super) name: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ContactIn {
    pub(super) name: String,
    pub(super) role: Option<String>,
    pub(super) phone: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CellIn {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) members: Option<u64>,
    pub(super) assigned: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WeaknessIn {
    pub(super) code: String,
    pub(super) note: Option<String>,
    pub(super) baseline: Option<Baseline>,
}

/// A baseline map that refuses a key written twice (a plain map would keep
/// the last one in silence); serde's derive does the same for structs.
pub(super) struct Baseline(pub(super) BTreeMap<String, f64>);

impl<'de> Deserialize<'de> for Baseline {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Baseline;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of numbers")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Baseline, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, f64>()? {
                    if out.insert(k, v).is_some() {
                        return Err(serde::de::Error::custom("duplicate key"));
                    }
                }
                Ok(Baseline(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// `Some` only when every file is valid and free of warnings.
pub fn load(texts: &[(&str, &str)], checklist: &Checklist) -> Option<Assignments> {
    let files = texts.iter().map(|(name, text)| Some((*name, parse(text)?))).collect::<Option<Vec<_>>>()?;
    assemble(files, checklist)
}

pub(super) fn parse(text: &str) -> Option<FileIn> {
    serde_json::from_str(text).ok()
}

/// [`load`] of files already read (from JSON, or built from a workbook's
/// rows as the JSON of [`super::sheets`] would read).
pub(super) fn assemble(files: Vec<(&str, FileIn)>, checklist: &Checklist) -> Option<Assignments> {
    let mut out = Assignments::default();
    let mut group_ids = HashSet::new();
    let mut commune_ids = HashSet::new();
    let mut merged_ids = HashSet::new();
    for (i, (name, file)) in files.into_iter().enumerate() {
        let date_ok = file.issued_on.as_deref().is_none_or(|d| d.parse::<jiff::civil::Date>().is_ok());
        if file.format != FORMAT || file.version != VERSION || !date_ok || file.groups.is_empty() {
            return None;
        }
        out.sources.push(Source {
            name: name.to_owned(),
            issued_by: file.issued_by.as_deref().map(nfc),
            issued_on: file.issued_on.as_deref().map(nfc),
        });
        for g in file.groups {
            out.groups.push(group(g, i, checklist, &mut group_ids, &mut commune_ids, &mut merged_ids)?);
        }
    }
    Some(out)
}

fn text(s: String) -> Option<String> {
    (!s.trim().is_empty()).then(|| nfc(&s))
}

fn refs(ids: Option<Vec<String>>, members: &HashSet<String>) -> Option<Vec<String>> {
    ids.unwrap_or_default().into_iter().map(|id| Some(nfc(&id)).filter(|id| members.contains(id))).collect()
}

fn group(
    g: GroupIn,
    source: usize,
    checklist: &Checklist,
    group_ids: &mut HashSet<String>,
    commune_ids: &mut HashSet<String>,
    merged_ids: &mut HashSet<String>,
) -> Option<Group> {
    let id = text(g.id)?;
    if !group_ids.insert(id.clone()) || g.members.is_empty() {
        return None;
    }
    let mut member_ids = HashSet::new();
    let members = g
        .members
        .into_iter()
        .map(|m| {
            let member = Member { id: text(m.id)?, name: text(m.name)?, role: m.role.as_deref().map(nfc) };
            member_ids.insert(member.id.clone()).then_some(member)
        })
        .collect::<Option<Vec<_>>>()?;
    let communes = g
        .communes
        .into_iter()
        .map(|c| commune(c, checklist, &member_ids, commune_ids, merged_ids))
        .collect::<Option<Vec<_>>>()?;
    Some(Group { id, name: text(g.name)?, source, members, communes })
}

fn commune(
    c: CommuneIn,
    checklist: &Checklist,
    members: &HashSet<String>,
    commune_ids: &mut HashSet<String>,
    merged_ids: &mut HashSet<String>,
) -> Option<Commune> {
    let id = text(c.id)?;
    if !commune_ids.insert(id.clone()) {
        return None;
    }
    let contacts = c
        .contacts
        .unwrap_or_default()
        .into_iter()
        .map(|k| {
            Some(Contact { name: text(k.name)?, role: k.role.as_deref().map(nfc), phone: k.phone.as_deref().map(nfc) })
        })
        .collect::<Option<Vec<_>>>()?;
    let mut cell_ids = HashSet::new();
    let cells = c
        .cells
        .unwrap_or_default()
        .into_iter()
        .map(|k| {
            let cell =
                Cell { id: text(k.id)?, name: text(k.name)?, members: k.members, assigned: refs(k.assigned, members)? };
            cell_ids.insert(cell.id.clone()).then_some(cell)
        })
        .collect::<Option<Vec<_>>>()?;
    let mut codes = HashSet::new();
    let weaknesses = c
        .weaknesses
        .unwrap_or_default()
        .into_iter()
        .map(|w| {
            let code = text(w.code)?;
            let item = checklist.item(&code)?;
            if !codes.insert(code.clone()) {
                return None;
            }
            let mut baseline = BTreeMap::new();
            for (k, v) in w.baseline.map(|b| b.0).unwrap_or_default() {
                let k = nfc(&k);
                let def = item.numbers.iter().find(|n| n.key == k)?;
                if !fits(v, def.unit) {
                    return None;
                }
                baseline.insert(k, v);
            }
            Some(Weakness { code, note: w.note.as_deref().map(nfc), baseline })
        })
        .collect::<Option<Vec<_>>>()?;
    let merged_from = c
        .merged_from
        .unwrap_or_default()
        .into_iter()
        .map(|o| {
            let (id, name) = match o {
                OldIn::Id(id) => (text(id)?, None),
                OldIn::Named(o) => (text(o.id)?, o.name.as_deref().map(nfc)),
            };
            merged_ids.insert(id.clone()).then_some(OldCommune { id, name })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Commune {
        id,
        name: text(c.name)?,
        assigned: refs(c.assigned, members)?,
        contacts,
        cells,
        weaknesses,
        merged_from,
    })
}
