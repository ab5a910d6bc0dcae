//! Turning a parsed JSON document into [`Assignments`], collecting every
//! problem instead of stopping at the first.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::model::*;
use crate::checklist::{Checklist, Unit};
use crate::jsondoc::{Expected, Finding, Found, IdKind, Members, Node, ProblemKind, Value};
use crate::text::nfc;

/// Where an id was first used: file index and byte offset.
pub type Place = (usize, usize);

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
    pub found: Found,
    checklist: &'a Checklist,
    file: usize,
    /// The document's text, for quoting a value as written.
    src: &'a str,
    path: String,
    /// Offset of the value at `path`, where a problem with it points.
    at: usize,
}

type Obj<'v> = [crate::jsondoc::Member<'v>];

pub const FORMAT: &str = "sotay-assignments";
pub const VERSION: u64 = 1;

impl<'a> Walker<'a> {
    pub fn new(file: usize, src: &'a str, checklist: &'a Checklist) -> Self {
        Walker { found: Found::default(), checklist, file, src, path: String::new(), at: 0 }
    }

    fn report(&mut self, kind: ProblemKind) {
        self.found.push(&self.path, self.at, kind);
    }

    /// Steps into member `key` (whose value starts at `at`); returns what
    /// [`Self::leave`] needs to step back out.
    fn enter_key(&mut self, key: &str, at: usize) -> (usize, usize) {
        let back = (self.path.len(), self.at);
        if back.0 > 0 {
            self.path.push('.');
        }
        self.path.push_str(key);
        self.at = at;
        back
    }

    fn enter_index(&mut self, i: usize, at: usize) -> (usize, usize) {
        let back = (self.path.len(), self.at);
        self.path.push_str(&format!("[{i}]"));
        self.at = at;
        back
    }

    fn leave(&mut self, (len, at): (usize, usize)) {
        self.path.truncate(len);
        self.at = at;
    }

    /// Reports `kind` about member `key`'s value.
    fn report_at(&mut self, key: &str, node: &Node, kind: ProblemKind) {
        let back = self.enter_key(key, node.at);
        self.report(kind);
        self.leave(back);
    }

    /// Warn about members the format does not define.
    fn unknown_fields(&mut self, obj: &Obj, known: &[&str]) {
        for m in obj.iter().filter(|m| !known.contains(&m.key.as_ref())) {
            let back = self.enter_key(&m.key, m.key_at);
            self.report(ProblemKind::UnknownField(m.key.to_string()));
            self.leave(back);
        }
    }

    fn object<'n, 'v>(&mut self, v: &'n Node<'v>) -> Option<&'n Obj<'v>> {
        let o = v.as_object();
        if o.is_none() {
            self.report(ProblemKind::WrongType(Expected::Object));
        }
        o
    }

    /// A string member; `required` decides whether absence is a problem.
    fn text(&mut self, obj: &Obj, key: &str, required: bool) -> Option<String> {
        let Some(v) = obj.field(key) else {
            if required {
                self.report(ProblemKind::Missing(key.to_owned()));
            }
            return None;
        };
        match &v.value {
            Value::String(s) if s.trim().is_empty() && required => {
                self.report_at(key, v, ProblemKind::EmptyText);
                None
            }
            Value::String(s) => Some(nfc(s.as_ref())),
            Value::Null if !required => None,
            _ => {
                self.report_at(key, v, ProblemKind::WrongType(Expected::String));
                None
            }
        }
    }

    /// Runs `each` over the elements of an array member.
    fn array<T>(
        &mut self,
        obj: &Obj,
        key: &str,
        required: bool,
        mut each: impl FnMut(&mut Self, &Node) -> Option<T>,
    ) -> Vec<T> {
        let Some(v) = obj.field(key) else {
            if required {
                self.report(ProblemKind::Missing(key.to_owned()));
            }
            return Vec::new();
        };
        let back = self.enter_key(key, v.at);
        let mut out = Vec::new();
        match &v.value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let b = self.enter_index(i, item.at);
                    if let Some(t) = each(self, item) {
                        out.push(t);
                    }
                    self.leave(b);
                }
            }
            Value::Null if !required => {}
            _ => self.report(ProblemKind::WrongType(Expected::Array)),
        }
        self.leave(back);
        out
    }

    /// Records `id` (at member `key` of the current object) as used,
    /// reporting a duplicate against its first place.
    fn claim(&mut self, seen: &mut HashMap<String, Place>, obj: &Obj, key: &str, what: IdKind, id: &str) {
        let at = obj.field(key).map_or(self.at, |n| n.at);
        if let Some(&first) = seen.get(id) {
            let back = self.enter_key(key, at);
            let kind = ProblemKind::Duplicate { what, id: id.to_owned(), first: String::new() };
            self.found.list.push(Finding { path: self.path.clone(), at, kind, first: Some(first) });
            self.leave(back);
        } else {
            seen.insert(id.to_owned(), (self.file, at));
        }
    }

    pub fn document(&mut self, root: &Node, source: usize, taken: &mut Taken) -> (Source, Vec<Group>) {
        let mut src = Source { name: String::new(), issued_by: None, issued_on: None };
        self.at = root.at;
        let Some(obj) = self.object(root) else {
            return (src, Vec::new());
        };
        self.unknown_fields(obj, &["format", "version", "issued_by", "issued_on", "groups"]);
        match obj.field("format") {
            None => self.report(ProblemKind::Missing("format".into())),
            Some(v) if v.as_str() == Some(FORMAT) => {}
            Some(v) => self.report_at("format", v, ProblemKind::BadFormat(v.source(self.src).into_owned())),
        }
        match obj.field("version") {
            None => self.report(ProblemKind::Missing("version".into())),
            Some(v) => match v.as_u64() {
                Some(VERSION) => {}
                Some(n) if n > VERSION => self.report_at("version", v, ProblemKind::NewerVersion(n)),
                _ => self.report_at("version", v, ProblemKind::BadVersion),
            },
        }
        src.issued_by = self.text(obj, "issued_by", false);
        src.issued_on = self.text(obj, "issued_on", false);
        if let (Some(date), Some(v)) = (&src.issued_on, obj.field("issued_on"))
            && date.parse::<jiff::civil::Date>().is_err()
        {
            self.report_at("issued_on", v, ProblemKind::BadDate(date.clone()));
        }
        let groups = self.array(obj, "groups", true, |w, v| w.group(v, source, taken));
        if let Some(v) = obj.field("groups")
            && v.as_array().is_some_and(<[Node]>::is_empty)
        {
            self.report_at("groups", v, ProblemKind::NoGroups);
        }
        (src, groups)
    }

    fn group(&mut self, v: &Node, source: usize, taken: &mut Taken) -> Option<Group> {
        let obj = self.object(v)?;
        self.unknown_fields(obj, &["id", "name", "members", "communes"]);
        let id = self.text(obj, "id", true);
        let name = self.text(obj, "name", true);
        if let Some(id) = &id {
            self.claim(&mut taken.groups, obj, "id", IdKind::Group, id);
        }
        let mut member_ids = HashMap::new();
        let members = self.array(obj, "members", true, |w, v| {
            let m = w.object(v)?;
            w.unknown_fields(m, &["id", "name", "role"]);
            let id = w.text(m, "id", true);
            let name = w.text(m, "name", true);
            let role = w.text(m, "role", false);
            let id = id?;
            w.claim(&mut member_ids, m, "id", IdKind::Member, &id);
            Some(Member { id, name: name?, role })
        });
        if let Some(v) = obj.field("members")
            && v.as_array().is_some_and(<[Node]>::is_empty)
        {
            self.report_at("members", v, ProblemKind::NoMembers);
        }
        let group_id = id.clone().unwrap_or_default();
        let ids: HashSet<String> = member_ids.into_keys().collect();
        let communes = self.array(obj, "communes", true, |w, v| w.commune(v, &group_id, &ids, taken));
        Some(Group { id: id?, name: name?, source, members, communes })
    }

    fn member_refs(&mut self, obj: &Obj, group: &str, members: &HashSet<String>) -> Vec<String> {
        self.array(obj, "assigned", false, |w, v| match v.as_str() {
            Some(s) => {
                let s = nfc(s);
                if !members.contains(&s) {
                    w.report(ProblemKind::NotMember { id: s.clone(), group: group.to_owned() });
                }
                Some(s)
            }
            None => {
                w.report(ProblemKind::WrongType(Expected::String));
                None
            }
        })
    }

    fn commune(&mut self, v: &Node, group: &str, members: &HashSet<String>, taken: &mut Taken) -> Option<Commune> {
        let obj = self.object(v)?;
        self.unknown_fields(obj, &["id", "name", "assigned", "contacts", "cells", "weaknesses", "merged_from"]);
        let id = self.text(obj, "id", true);
        let name = self.text(obj, "name", true);
        if let Some(id) = &id {
            self.claim(&mut taken.communes, obj, "id", IdKind::Commune, id);
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
            let count = match c.field("members") {
                None => None,
                Some(v) if v.is_null() => None,
                Some(v) => {
                    let n = v.as_u64();
                    if n.is_none() {
                        w.report_at("members", v, ProblemKind::WrongType(Expected::Integer));
                    }
                    n
                }
            };
            let assigned = w.member_refs(c, group, members);
            let id = id?;
            w.claim(&mut cell_ids, c, "id", IdKind::Cell, &id);
            Some(Cell { id, name: name?, members: count, assigned })
        });
        let mut codes = HashMap::new();
        let weaknesses = self.array(obj, "weaknesses", false, |w, v| w.weakness(v, &mut codes));
        let merged_from = self.array(obj, "merged_from", false, |w, v| w.old_commune(v, taken));
        Some(Commune { id: id?, name: name?, assigned, contacts, cells, weaknesses, merged_from })
    }

    /// `"binh-thanh"` or `{"id": "binh-thanh", "name": "Xã Bình Thanh"}`;
    /// an old commune merges into one commune only.
    fn old_commune(&mut self, v: &Node, taken: &mut Taken) -> Option<OldCommune> {
        let (id, name) = if let Some(s) = v.as_str() {
            if s.trim().is_empty() {
                self.report(ProblemKind::EmptyText);
                return None;
            }
            (nfc(s), None)
        } else if let Some(o) = v.as_object() {
            self.unknown_fields(o, &["id", "name"]);
            let id = self.text(o, "id", true)?;
            (id, self.text(o, "name", false))
        } else {
            self.report(ProblemKind::WrongType(Expected::String));
            return None;
        };
        if let Some(&first) = taken.merged.get(&id) {
            let kind = ProblemKind::Duplicate { what: IdKind::Commune, id: id.clone(), first: String::new() };
            self.found.list.push(Finding { path: self.path.clone(), at: self.at, kind, first: Some(first) });
        } else {
            taken.merged.insert(id.clone(), (self.file, self.at));
        }
        Some(OldCommune { id, name })
    }

    fn weakness(&mut self, v: &Node, codes: &mut HashMap<String, Place>) -> Option<Weakness> {
        let obj = self.object(v)?;
        self.unknown_fields(obj, &["code", "note", "baseline"]);
        let code = self.text(obj, "code", true);
        let item = code.as_deref().and_then(|c| self.checklist.item(c));
        if let (Some(code), Some(node)) = (&code, obj.field("code")) {
            if item.is_none() {
                self.report_at("code", node, ProblemKind::UnknownCode(code.clone()));
            }
            self.claim(codes, obj, "code", IdKind::Weakness, code);
        }
        let note = self.text(obj, "note", false);
        let mut baseline = BTreeMap::new();
        match obj.field("baseline") {
            None => {}
            Some(v) if v.is_null() => {}
            Some(v) => match v.as_object() {
                Some(m) => {
                    let back = self.enter_key("baseline", v.at);
                    for member in m {
                        let key = nfc(&member.key);
                        let back = self.enter_key(&member.key, member.node.at);
                        // Numbers are checked against the item's own; an
                        // unknown code was reported above already.
                        let def = item.map(|i| i.numbers.iter().find(|n| n.key == key));
                        match (member.node.as_f64(), def) {
                            (None, _) => self.report(ProblemKind::WrongType(Expected::Number)),
                            (Some(_), Some(None)) => {
                                self.at = member.key_at;
                                self.report(ProblemKind::UnknownNumber(key.clone()));
                            }
                            (Some(n), Some(Some(d))) if !fits(n, d.unit) => {
                                self.report(ProblemKind::WrongType(expected(d.unit)));
                            }
                            (Some(n), _) => {
                                baseline.insert(key, n);
                            }
                        }
                        self.leave(back);
                    }
                    self.leave(back);
                }
                None => self.report_at("baseline", v, ProblemKind::WrongType(Expected::Object)),
            },
        }
        Some(Weakness { code: code?, note, baseline })
    }
}

/// Whether a baseline value is one a number of this unit can hold: a
/// count is a whole number, 0 or more; a percentage lies in 0..=100.
pub fn fits(n: f64, unit: Unit) -> bool {
    match unit {
        Unit::Count => n >= 0.0 && n.fract() == 0.0,
        Unit::Percent => (0.0..=100.0).contains(&n),
    }
}

fn expected(unit: Unit) -> Expected {
    match unit {
        Unit::Count => Expected::Integer,
        Unit::Percent => Expected::Percent,
    }
}
