//! Turning a parsed JSON document into [`Assignments`], collecting every
//! problem instead of stopping at the first.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

use super::model::*;
use super::problem::{Expected, IdKind, ProblemKind};
use crate::text::nfc;

/// A problem before its file and position are attached.
pub struct Found {
    pub path: String,
    /// Point at the member's key rather than its value.
    pub at_key: bool,
    pub kind: ProblemKind,
    /// For a duplicate: the file index and path of the first use.
    pub first_at: Option<(usize, String)>,
}

/// Where an id was first used: file index and path.
pub type Place = (usize, String);

/// Ids already taken by earlier files (or earlier in this file), with where.
#[derive(Default)]
pub struct Taken {
    pub groups: HashMap<String, Place>,
    pub communes: HashMap<String, Place>,
    /// Old commune ids named in `merged_from`.
    pub merged: HashMap<String, Place>,
}

/// Walks one document (file number `file` of those being loaded).
pub struct Walker<'a> {
    pub found: Vec<Found>,
    pub known_code: &'a dyn Fn(&str) -> bool,
    file: usize,
    path: String,
}

pub const FORMAT: &str = "sotay-assignments";
pub const VERSION: u64 = 1;

impl<'a> Walker<'a> {
    pub fn new(file: usize, known_code: &'a dyn Fn(&str) -> bool) -> Self {
        Walker { found: Vec::new(), known_code, file, path: String::new() }
    }

    fn report(&mut self, kind: ProblemKind) {
        self.found.push(Found { path: self.path.clone(), at_key: false, kind, first_at: None });
    }

    fn enter_key(&mut self, key: &str) -> usize {
        let base = self.path.len();
        if base > 0 {
            self.path.push('.');
        }
        self.path.push_str(key);
        base
    }

    fn enter_index(&mut self, i: usize) -> usize {
        let base = self.path.len();
        self.path.push_str(&format!("[{i}]"));
        base
    }

    fn leave(&mut self, base: usize) {
        self.path.truncate(base);
    }

    /// Warn about members the format does not define.
    fn unknown_fields(&mut self, obj: &Map<String, Value>, known: &[&str]) {
        for key in obj.keys().filter(|k| !known.contains(&k.as_str())) {
            let base = self.enter_key(key);
            self.found.push(Found {
                path: self.path.clone(),
                at_key: true,
                kind: ProblemKind::UnknownField(key.clone()),
                first_at: None,
            });
            self.leave(base);
        }
    }

    fn object<'v>(&mut self, v: &'v Value) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            _ => {
                self.report(ProblemKind::WrongType(Expected::Object));
                None
            }
        }
    }

    /// A string member; `required` decides whether absence is a problem.
    fn text(&mut self, obj: &Map<String, Value>, key: &str, required: bool) -> Option<String> {
        let Some(v) = obj.get(key) else {
            if required {
                self.report(ProblemKind::Missing(key.to_owned()));
            }
            return None;
        };
        let base = self.enter_key(key);
        let out = match v {
            Value::String(s) if s.trim().is_empty() && required => {
                self.report(ProblemKind::EmptyText);
                None
            }
            Value::String(s) => Some(nfc(s)),
            Value::Null if !required => None,
            _ => {
                self.report(ProblemKind::WrongType(Expected::String));
                None
            }
        };
        self.leave(base);
        out
    }

    /// Runs `each` over the elements of an array member.
    fn array<T>(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        required: bool,
        mut each: impl FnMut(&mut Self, &Value) -> Option<T>,
    ) -> Vec<T> {
        let Some(v) = obj.get(key) else {
            if required {
                self.report(ProblemKind::Missing(key.to_owned()));
            }
            return Vec::new();
        };
        let base = self.enter_key(key);
        let mut out = Vec::new();
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let b = self.enter_index(i);
                    if let Some(t) = each(self, item) {
                        out.push(t);
                    }
                    self.leave(b);
                }
            }
            Value::Null if !required => {}
            _ => self.report(ProblemKind::WrongType(Expected::Array)),
        }
        self.leave(base);
        out
    }

    /// Records `id` (at member `key` of the current object) as used,
    /// reporting a duplicate against its first place.
    fn claim(&mut self, seen: &mut HashMap<String, Place>, key: &str, what: IdKind, id: &str) {
        let base = self.enter_key(key);
        if let Some(first) = seen.get(id) {
            self.found.push(Found {
                path: self.path.clone(),
                at_key: false,
                kind: ProblemKind::Duplicate { what, id: id.to_owned(), first: String::new() },
                first_at: Some(first.clone()),
            });
        } else {
            seen.insert(id.to_owned(), (self.file, self.path.clone()));
        }
        self.leave(base);
    }

    pub fn document(&mut self, root: &Value, source: usize, taken: &mut Taken) -> (Source, Vec<Group>) {
        let mut src = Source { name: String::new(), issued_by: None, issued_on: None };
        let Some(obj) = self.object(root) else {
            return (src, Vec::new());
        };
        self.unknown_fields(obj, &["format", "version", "issued_by", "issued_on", "groups"]);
        match obj.get("format") {
            None => self.report(ProblemKind::Missing("format".into())),
            Some(Value::String(s)) if s == FORMAT => {}
            Some(v) => {
                let base = self.enter_key("format");
                self.report(ProblemKind::BadFormat(v.to_string()));
                self.leave(base);
            }
        }
        match obj.get("version") {
            None => self.report(ProblemKind::Missing("version".into())),
            Some(v) => {
                let base = self.enter_key("version");
                match v.as_u64() {
                    Some(VERSION) => {}
                    Some(n) if n > VERSION => self.report(ProblemKind::NewerVersion(n)),
                    _ => self.report(ProblemKind::BadVersion),
                }
                self.leave(base);
            }
        }
        src.issued_by = self.text(obj, "issued_by", false);
        src.issued_on = self.text(obj, "issued_on", false);
        if let Some(date) = &src.issued_on
            && date.parse::<jiff::civil::Date>().is_err()
        {
            let base = self.enter_key("issued_on");
            self.report(ProblemKind::BadDate(date.clone()));
            self.leave(base);
        }
        let groups = self.array(obj, "groups", true, |w, v| w.group(v, source, taken));
        if matches!(obj.get("groups"), Some(Value::Array(a)) if a.is_empty()) {
            let base = self.enter_key("groups");
            self.report(ProblemKind::NoGroups);
            self.leave(base);
        }
        (src, groups)
    }

    fn group(&mut self, v: &Value, source: usize, taken: &mut Taken) -> Option<Group> {
        let obj = self.object(v)?;
        self.unknown_fields(obj, &["id", "name", "members", "communes"]);
        let id = self.text(obj, "id", true);
        let name = self.text(obj, "name", true);
        if let Some(id) = &id {
            self.claim(&mut taken.groups, "id", IdKind::Group, id);
        }
        let mut member_ids = HashMap::new();
        let members = self.array(obj, "members", true, |w, v| {
            let m = w.object(v)?;
            w.unknown_fields(m, &["id", "name", "role"]);
            let id = w.text(m, "id", true);
            let name = w.text(m, "name", true);
            let role = w.text(m, "role", false);
            let id = id?;
            w.claim(&mut member_ids, "id", IdKind::Member, &id);
            Some(Member { id, name: name?, role })
        });
        if matches!(obj.get("members"), Some(Value::Array(a)) if a.is_empty()) {
            let base = self.enter_key("members");
            self.report(ProblemKind::NoMembers);
            self.leave(base);
        }
        let group_id = id.clone().unwrap_or_default();
        let ids: HashSet<String> = member_ids.into_keys().collect();
        let communes = self.array(obj, "communes", true, |w, v| w.commune(v, &group_id, &ids, taken));
        Some(Group { id: id?, name: name?, source, members, communes })
    }

    fn member_refs(&mut self, obj: &Map<String, Value>, group: &str, members: &HashSet<String>) -> Vec<String> {
        self.array(obj, "assigned", false, |w, v| match v {
            Value::String(s) => {
                let s = nfc(s);
                if !members.contains(&s) {
                    w.report(ProblemKind::NotMember { id: s.clone(), group: group.to_owned() });
                }
                Some(s)
            }
            _ => {
                w.report(ProblemKind::WrongType(Expected::String));
                None
            }
        })
    }

    fn commune(&mut self, v: &Value, group: &str, members: &HashSet<String>, taken: &mut Taken) -> Option<Commune> {
        let obj = self.object(v)?;
        self.unknown_fields(obj, &["id", "name", "assigned", "contacts", "cells", "weaknesses", "merged_from"]);
        let id = self.text(obj, "id", true);
        let name = self.text(obj, "name", true);
        if let Some(id) = &id {
            self.claim(&mut taken.communes, "id", IdKind::Commune, id);
        }
        let assigned = self.member_refs(obj, group, members);
        let contacts = self.array(obj, "contacts", false, |w, v| {
            let c = w.object(v)?;
            w.unknown_fields(c, &["name", "role", "phone"]);
            Some(Contact {
                name: w.text(c, "name", true)?,
                role: w.text(c, "role", false),
                phone: w.text(c, "phone", false),
            })
        });
        let mut cell_ids = HashMap::new();
        let cells = self.array(obj, "cells", false, |w, v| {
            let c = w.object(v)?;
            w.unknown_fields(c, &["id", "name", "members", "assigned"]);
            let id = w.text(c, "id", true);
            let name = w.text(c, "name", true);
            let count = match c.get("members") {
                None | Some(Value::Null) => None,
                Some(v) => {
                    let base = w.enter_key("members");
                    let n = v.as_u64();
                    if n.is_none() {
                        w.report(ProblemKind::WrongType(Expected::Integer));
                    }
                    w.leave(base);
                    n
                }
            };
            let assigned = w.member_refs(c, group, members);
            let id = id?;
            w.claim(&mut cell_ids, "id", IdKind::Cell, &id);
            Some(Cell { id, name: name?, members: count, assigned })
        });
        let mut codes = HashMap::new();
        let weaknesses = self.array(obj, "weaknesses", false, |w, v| w.weakness(v, &mut codes));
        let merged_from = self.array(obj, "merged_from", false, |w, v| w.old_commune(v, taken));
        Some(Commune { id: id?, name: name?, assigned, contacts, cells, weaknesses, merged_from })
    }

    /// `"binh-thanh"` or `{"id": "binh-thanh", "name": "Xã Bình Thanh"}`;
    /// an old commune merges into one commune only.
    fn old_commune(&mut self, v: &Value, taken: &mut Taken) -> Option<OldCommune> {
        let (id, name) = match v {
            Value::String(s) if s.trim().is_empty() => {
                self.report(ProblemKind::EmptyText);
                return None;
            }
            Value::String(s) => (nfc(s), None),
            Value::Object(o) => {
                self.unknown_fields(o, &["id", "name"]);
                let id = self.text(o, "id", true)?;
                (id, self.text(o, "name", false))
            }
            _ => {
                self.report(ProblemKind::WrongType(Expected::String));
                return None;
            }
        };
        if let Some(first) = taken.merged.get(&id) {
            self.found.push(Found {
                path: self.path.clone(),
                at_key: false,
                kind: ProblemKind::Duplicate { what: IdKind::Commune, id: id.clone(), first: String::new() },
                first_at: Some(first.clone()),
            });
        } else {
            taken.merged.insert(id.clone(), (self.file, self.path.clone()));
        }
        Some(OldCommune { id, name })
    }

    fn weakness(&mut self, v: &Value, codes: &mut HashMap<String, Place>) -> Option<Weakness> {
        let obj = self.object(v)?;
        self.unknown_fields(obj, &["code", "note", "baseline"]);
        let code = self.text(obj, "code", true);
        if let Some(code) = &code {
            let base = self.enter_key("code");
            if !(self.known_code)(code) {
                self.report(ProblemKind::UnknownCode(code.clone()));
            }
            self.leave(base);
            self.claim(codes, "code", IdKind::Weakness, code);
        }
        let note = self.text(obj, "note", false);
        let mut baseline = BTreeMap::new();
        match obj.get("baseline") {
            None | Some(Value::Null) => {}
            Some(Value::Object(m)) => {
                let base = self.enter_key("baseline");
                for (k, v) in m {
                    match v.as_f64() {
                        Some(n) => {
                            baseline.insert(nfc(k), n);
                        }
                        None => {
                            let b = self.enter_key(k);
                            self.report(ProblemKind::WrongType(Expected::Number));
                            self.leave(b);
                        }
                    }
                }
                self.leave(base);
            }
            Some(_) => {
                let base = self.enter_key("baseline");
                self.report(ProblemKind::WrongType(Expected::Object));
                self.leave(base);
            }
        }
        Some(Weakness { code: code?, note, baseline })
    }
}
