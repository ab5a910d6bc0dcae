//! Reading a custom checklist template (format `sotay-checklist`), with
//! the same positioned problems as assignments files.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::{Checklist, Item, Label, NumberDef, Unit};
use crate::assignments::{Expected, IdKind, Problem, ProblemKind, line_col, locate};
use crate::text::nfc;

pub const FORMAT: &str = "sotay-checklist";
pub const VERSION: u64 = 1;

/// The checklist a template gives: its own items, or (with
/// `"extends": "builtin"`) the built-in ones with its items replacing those
/// of the same code and new ones added at the end. `Err` holds every
/// problem; warnings come back with the checklist.
pub fn load(name: &str, bytes: &[u8], builtin: &Checklist) -> Result<(Checklist, Vec<Problem>), Vec<Problem>> {
    let problem = |pos, kind| Problem { file: name.to_owned(), pos, path: String::new(), kind };
    let text = crate::assignments::decode(bytes).map_err(|(pos, kind)| vec![problem(pos, kind)])?;
    let root: Value = serde_json::from_str(text).map_err(|e| {
        vec![problem(
            Some(crate::assignments::syntax_pos(text, &e)),
            ProblemKind::Syntax(crate::assignments::syntax_reason(&e)),
        )]
    })?;
    let mut v = Validator { found: Vec::new() };
    let parsed = v.document(&root);
    let mut wanted: HashSet<String> =
        v.found.iter().map(|(p, k, _, _)| if *k { format!("{p}#key") } else { p.clone() }).collect();
    wanted.extend(v.found.iter().filter_map(|f| f.3.clone()));
    let positions = locate(text, &wanted);
    let place = |path: &str| positions.get(path).map(|&o| line_col(text, o));
    let problems: Vec<Problem> = v
        .found
        .into_iter()
        .map(|(path, at_key, mut kind, first_at)| {
            if let (ProblemKind::Duplicate { first, .. }, Some(f)) = (&mut kind, &first_at) {
                *first = match place(f) {
                    Some((l, c)) => format!("{name}:{l}:{c}"),
                    None => name.to_owned(),
                };
            }
            let key = if at_key { format!("{path}#key") } else { path.clone() };
            Problem { file: name.to_owned(), pos: place(&key), path, kind }
        })
        .collect();
    if problems.iter().any(|p| !p.is_warning()) {
        return Err(problems);
    }
    let (extends, items) = parsed.unwrap_or_default();
    let mut checklist = if extends { builtin.clone() } else { Checklist { items: Vec::new() } };
    for item in items {
        match checklist.items.iter_mut().find(|i| i.code == item.code) {
            Some(slot) => *slot = item,
            None => checklist.items.push(item),
        }
    }
    Ok((checklist, problems))
}

struct Validator {
    /// Path, at the key?, what, and for a duplicate the path of the first use.
    found: Vec<(String, bool, ProblemKind, Option<String>)>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

impl Validator {
    fn report(&mut self, path: &str, kind: ProblemKind) {
        self.found.push((path.to_owned(), false, kind, None));
    }

    fn unknown(&mut self, obj: &Map<String, Value>, path: &str, known: &[&str]) {
        for k in obj.keys().filter(|k| !known.contains(&k.as_str())) {
            self.found.push((join(path, k), true, ProblemKind::UnknownField(k.clone()), None));
        }
    }

    /// Records an id's first use, or reports it used twice.
    fn claim(&mut self, seen: &mut HashMap<String, String>, id: &str, path: &str, what: IdKind) {
        match seen.get(id) {
            Some(first) => {
                let kind = ProblemKind::Duplicate { what, id: id.to_owned(), first: String::new() };
                self.found.push((path.to_owned(), false, kind, Some(first.clone())));
            }
            None => {
                seen.insert(id.to_owned(), path.to_owned());
            }
        }
    }

    fn object<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        let o = v.as_object();
        if o.is_none() {
            self.report(path, ProblemKind::WrongType(Expected::Object));
        }
        o
    }

    fn text(&mut self, obj: &Map<String, Value>, path: &str, key: &str, required: bool) -> Option<String> {
        match obj.get(key) {
            None if required => {
                self.report(path, ProblemKind::Missing(key.to_owned()));
                None
            }
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => {
                self.report(&join(path, key), ProblemKind::EmptyText);
                None
            }
            Some(Value::String(s)) => Some(nfc(s)),
            Some(_) => {
                self.report(&join(path, key), ProblemKind::WrongType(Expected::String));
                None
            }
        }
    }

    fn array<'v>(&mut self, obj: &'v Map<String, Value>, path: &str, key: &str) -> &'v [Value] {
        match obj.get(key) {
            None | Some(Value::Null) => &[],
            Some(Value::Array(a)) => a,
            Some(_) => {
                self.report(&join(path, key), ProblemKind::WrongType(Expected::Array));
                &[]
            }
        }
    }

    fn document(&mut self, root: &Value) -> Option<(bool, Vec<Item>)> {
        let obj = self.object(root, "")?;
        self.unknown(obj, "", &["format", "version", "extends", "items"]);
        match obj.get("format") {
            Some(Value::String(s)) if s == FORMAT => {}
            None => self.report("", ProblemKind::Missing("format".into())),
            Some(v) => self.report("format", ProblemKind::BadFormat(v.to_string())),
        }
        match obj.get("version").map(Value::as_u64) {
            Some(Some(VERSION)) => {}
            Some(Some(n)) if n > VERSION => self.report("version", ProblemKind::NewerVersion(n)),
            Some(_) => self.report("version", ProblemKind::BadVersion),
            None => self.report("", ProblemKind::Missing("version".into())),
        }
        let extends = match obj.get("extends") {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) if s == "builtin" => true,
            Some(v) => {
                let found = v.as_str().map_or(v.to_string(), str::to_owned);
                self.report("extends", ProblemKind::BadChoice { found, allowed: "\"builtin\"".into() });
                false
            }
        };
        if !obj.contains_key("items") {
            self.report("", ProblemKind::Missing("items".into()));
        }
        let mut codes = HashMap::new();
        let mut items = Vec::new();
        for (i, v) in self.array(obj, "", "items").iter().enumerate() {
            let path = format!("items[{i}]");
            if let Some(item) = self.item(v, &path, &mut codes) {
                items.push(item);
            }
        }
        if !extends && items.is_empty() && obj.get("items").is_some_and(Value::is_array) {
            self.report("items", ProblemKind::NoItems);
        }
        Some((extends, items))
    }

    fn label(&mut self, obj: &Map<String, Value>, path: &str) -> Option<Label> {
        let Some(v) = obj.get("label") else {
            self.report(path, ProblemKind::Missing("label".into()));
            return None;
        };
        let lpath = join(path, "label");
        let l = self.object(v, &lpath)?;
        self.unknown(l, &lpath, &["vi", "en"]);
        let vi = self.text(l, &lpath, "vi", true)?;
        let en = self.text(l, &lpath, "en", false).unwrap_or_else(|| vi.clone());
        Some(Label { vi, en })
    }

    fn code(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> Option<String> {
        let code = self.text(obj, path, key, true)?;
        if !code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            self.report(&join(path, key), ProblemKind::BadCode(code));
            return None;
        }
        Some(code)
    }

    fn item(&mut self, v: &Value, path: &str, codes: &mut HashMap<String, String>) -> Option<Item> {
        let obj = self.object(v, path)?;
        self.unknown(obj, path, &["code", "label", "numbers"]);
        let code = self.code(obj, path, "code");
        if let Some(c) = &code {
            self.claim(codes, c, &join(path, "code"), IdKind::Item);
        }
        let label = self.label(obj, path);
        let raw = self.array(obj, path, "numbers");
        let keys: Vec<Option<String>> = raw
            .iter()
            .map(|n| n.as_object().and_then(|o| o.get("key")).and_then(Value::as_str).map(str::to_owned))
            .collect();
        let mut seen = HashMap::new();
        let mut numbers = Vec::new();
        for (i, n) in raw.iter().enumerate() {
            let npath = format!("{path}.numbers[{i}]");
            if let Some(def) = self.number(n, &npath, &keys, &mut seen) {
                numbers.push(def);
            }
        }
        Some(Item { code: code?, label: label?, numbers })
    }

    fn number(
        &mut self,
        v: &Value,
        path: &str,
        keys: &[Option<String>],
        seen: &mut HashMap<String, String>,
    ) -> Option<NumberDef> {
        let obj = self.object(v, path)?;
        self.unknown(obj, path, &["key", "label", "unit", "max", "ratio"]);
        let key = self.code(obj, path, "key");
        if let Some(k) = &key {
            self.claim(seen, k, &join(path, "key"), IdKind::Number);
        }
        let label = self.label(obj, path);
        let known = |k: &str| keys.iter().flatten().any(|x| x == k);
        let unit = match obj.get("unit") {
            None | Some(Value::Null) => Unit::Count,
            Some(Value::String(s)) if s == "count" => Unit::Count,
            Some(Value::String(s)) if s == "percent" => Unit::Percent,
            Some(v) => {
                let found = v.as_str().map_or(v.to_string(), str::to_owned);
                self.report(&join(path, "unit"), ProblemKind::BadChoice { found, allowed: "count, percent".into() });
                Unit::Count
            }
        };
        let max = self.text(obj, path, "max", false);
        if let Some(m) = &max
            && !known(m)
        {
            self.report(&join(path, "max"), ProblemKind::UnknownNumber(m.clone()));
        }
        let ratio = match obj.get("ratio") {
            None | Some(Value::Null) => None,
            Some(Value::Array(a)) if a.len() == 2 && a.iter().all(Value::is_string) => {
                let (x, y) = (a[0].as_str().unwrap_or_default(), a[1].as_str().unwrap_or_default());
                for (j, k) in [x, y].iter().enumerate() {
                    if !known(k) {
                        self.report(&format!("{path}.ratio[{j}]"), ProblemKind::UnknownNumber((*k).to_owned()));
                    }
                }
                Some((x.to_owned(), y.to_owned()))
            }
            Some(_) => {
                self.report(&join(path, "ratio"), ProblemKind::WrongType(Expected::Array));
                None
            }
        };
        Some(NumberDef { key: key?, label: label?, unit, max, ratio })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(s: &str) -> Result<(Checklist, Vec<Problem>), Vec<Problem>> {
        load("t.json", s.as_bytes(), super::super::builtin())
    }

    #[test]
    fn extends_the_builtin() {
        let (c, warnings) = load_str(
            r#"{"format":"sotay-checklist","version":1,"extends":"builtin","items":[
              {"code":"unity","label":{"vi":"Đoàn kết"}},
              {"code":"digital","label":{"vi":"Chuyển đổi số","en":"Digital"},"numbers":[
                {"key":"done","label":{"vi":"Đã làm"}},{"key":"all","label":{"vi":"Tổng"}},
                {"key":"rate","label":{"vi":"Tỷ lệ"},"unit":"percent","ratio":["done","all"]}]}]}"#,
        )
        .unwrap();
        assert!(warnings.is_empty());
        assert_eq!(c.items.len(), 12);
        assert_eq!(c.item("unity").unwrap().label.vi, "Đoàn kết");
        assert_eq!(c.item("digital").unwrap().label.en, "Digital");
        assert_eq!(c.items.last().unwrap().code, "digital");
    }

    #[test]
    fn replaces_without_extends() {
        let (c, _) =
            load_str(r#"{"format":"sotay-checklist","version":1,"items":[{"code":"a","label":{"vi":"A"}}]}"#).unwrap();
        assert_eq!(c.items.len(), 1);
    }

    #[test]
    fn an_empty_replacement_is_refused() {
        let problems = load_str(r#"{"format":"sotay-checklist","version":1,"items":[]}"#).unwrap_err();
        assert_eq!(problems[0].kind, ProblemKind::NoItems);
        assert!(load_str(r#"{"format":"sotay-checklist","version":1,"extends":"builtin","items":[]}"#).is_ok());
    }

    #[test]
    fn every_problem_positioned() {
        let text = "{\"format\":\"sotay-checklist\",\"version\":1,\"items\":[\n {\"code\":\"A b\",\"label\":{\"vi\":\"x\"}},\n {\"code\":\"c\",\"label\":{},\"numbers\":[{\"key\":\"n\",\"label\":{\"vi\":\"N\"},\"unit\":\"kg\",\"max\":\"zz\"}]},\n {\"code\":\"c\",\"label\":{\"vi\":\"y\"},\"colour\":1}]}";
        let problems = load_str(text).unwrap_err();
        let lines: Vec<String> = problems.iter().map(|p| p.render(crate::lang::Lang::En)).collect();
        assert_eq!(
            lines,
            [
                "t.json:2:10: items[0].code: code \"A b\" may hold only lower-case ASCII letters, digits and _",
                "t.json:3:22: items[1].label: the required field \"vi\" is missing",
                "t.json:3:73: items[1].numbers[0].unit: \"kg\" is not allowed; use one of: count, percent",
                "t.json:3:84: items[1].numbers[0].max: this item has no number \"zz\"",
                "t.json:4:33: items[2].colour: warning: field \"colour\" is not used, ignored",
                "t.json:4:10: items[2].code: checklist item id \"c\" is used twice (first at t.json:3:10)",
            ]
        );
    }
}
