//! Reading a custom checklist template (format `sotay-checklist`), with
//! the same positioned problems as assignments files.

use std::collections::{HashMap, HashSet};

use super::{Checklist, Item, Label, NumberDef, Unit};
use crate::jsondoc::{self, Expected, Finding, Found, IdKind, Member, Members, Node, Problem, ProblemKind, Value};
use crate::text::nfc;

pub const FORMAT: &str = "sotay-checklist";
pub const VERSION: u64 = 1;

type Obj<'v> = [Member<'v>];

/// The checklist a template gives: its own items, or (with
/// `"extends": "builtin"`) the built-in ones with its items replacing those
/// of the same code and new ones added at the end. `Err` holds every
/// problem; warnings come back with the checklist.
pub fn load(name: &str, bytes: &[u8], builtin: &Checklist) -> Result<(Checklist, Vec<Problem>), Vec<Problem>> {
    let problem = |(pos, kind)| vec![Problem { file: name.to_owned(), pos, path: String::new(), kind }];
    let text = jsondoc::decode(bytes).map_err(problem)?;
    let doc = jsondoc::parse(text).map_err(problem)?;
    let mut v = Validator { found: Found::default(), src: text };
    v.found.duplicate_keys(&doc, 0);
    let parsed = v.document(&doc.root);
    let problems = jsondoc::position(&[(name, Some(text))], vec![v.found]);
    if problems.iter().any(|p| !p.is_warning()) {
        return Err(problems);
    }
    let (extends, items) = parsed.unwrap_or_default();
    let mut all = if extends { builtin.items.clone() } else { Vec::new() };
    let mut slot: HashMap<String, usize> = all.iter().enumerate().map(|(i, it)| (it.code.clone(), i)).collect();
    for item in items {
        match slot.get(&item.code) {
            Some(&i) => all[i] = item,
            None => {
                slot.insert(item.code.clone(), all.len());
                all.push(item);
            }
        }
    }
    Ok((Checklist::new(all), problems))
}

struct Validator<'s> {
    found: Found,
    src: &'s str,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

impl Validator<'_> {
    fn report(&mut self, path: &str, at: usize, kind: ProblemKind) {
        self.found.push(path, at, kind);
    }

    fn unknown(&mut self, obj: &Obj, path: &str, known: &[&str]) {
        for m in obj.iter().filter(|m| !known.contains(&m.key.as_ref())) {
            self.report(&join(path, &m.key), m.key_at, ProblemKind::UnknownField(m.key.to_string()));
        }
    }

    /// Records an id's first use, or reports it used twice.
    fn claim(&mut self, seen: &mut HashMap<String, usize>, id: &str, path: &str, at: usize, what: IdKind) {
        match seen.get(id) {
            Some(&first) => {
                let kind = ProblemKind::Duplicate { what, id: id.to_owned(), first: String::new() };
                self.found.list.push(Finding { path: path.to_owned(), at, kind, first: Some((0, first)) });
            }
            None => {
                seen.insert(id.to_owned(), at);
            }
        }
    }

    fn object<'n, 'v>(&mut self, v: &'n Node<'v>, path: &str) -> Option<&'n Obj<'v>> {
        let o = v.as_object();
        if o.is_none() {
            self.report(path, v.at, ProblemKind::WrongType(Expected::Object));
        }
        o
    }

    /// A string member of `obj` (which sits at `at`).
    fn text(&mut self, obj: &Obj, path: &str, at: usize, key: &str, required: bool) -> Option<String> {
        let Some(v) = obj.field(key) else {
            if required {
                self.report(path, at, ProblemKind::Missing(key.to_owned()));
            }
            return None;
        };
        match &v.value {
            Value::Null if !required => None,
            Value::String(s) if s.trim().is_empty() => {
                self.report(&join(path, key), v.at, ProblemKind::EmptyText);
                None
            }
            Value::String(s) => Some(nfc(s.as_ref())),
            _ => {
                self.report(&join(path, key), v.at, ProblemKind::WrongType(Expected::String));
                None
            }
        }
    }

    fn array<'n, 'v>(&mut self, obj: &'n Obj<'v>, path: &str, key: &str) -> &'n [Node<'v>] {
        match obj.field(key) {
            None => &[],
            Some(v) if v.is_null() => &[],
            Some(v) => match v.as_array() {
                Some(a) => a,
                None => {
                    self.report(&join(path, key), v.at, ProblemKind::WrongType(Expected::Array));
                    &[]
                }
            },
        }
    }

    /// A value outside a fixed set, quoted as written.
    fn choice(&self, v: &Node) -> String {
        v.as_str().map_or_else(|| v.source(self.src).into_owned(), str::to_owned)
    }

    fn document(&mut self, root: &Node) -> Option<(bool, Vec<Item>)> {
        let obj = self.object(root, "")?;
        let at = root.at;
        self.unknown(obj, "", &["format", "version", "extends", "items"]);
        match obj.field("format") {
            Some(v) if v.as_str() == Some(FORMAT) => {}
            None => self.report("", at, ProblemKind::Missing("format".into())),
            Some(v) => self.report("format", v.at, ProblemKind::BadFormat(v.source(self.src).into_owned())),
        }
        match obj.field("version") {
            Some(v) => match v.as_u64() {
                Some(VERSION) => {}
                Some(n) if n > VERSION => self.report("version", v.at, ProblemKind::NewerVersion(n)),
                _ => self.report("version", v.at, ProblemKind::BadVersion),
            },
            None => self.report("", at, ProblemKind::Missing("version".into())),
        }
        let extends = match obj.field("extends") {
            None => false,
            Some(v) if v.is_null() => false,
            Some(v) if v.as_str() == Some("builtin") => true,
            Some(v) => {
                let found = self.choice(v);
                self.report("extends", v.at, ProblemKind::BadChoice { found, allowed: "\"builtin\"".into() });
                false
            }
        };
        if obj.field("items").is_none() {
            self.report("", at, ProblemKind::Missing("items".into()));
        }
        let mut codes = HashMap::new();
        let mut items = Vec::new();
        for (i, v) in self.array(obj, "", "items").iter().enumerate() {
            let path = format!("items[{i}]");
            if let Some(item) = self.item(v, &path, &mut codes) {
                items.push(item);
            }
        }
        if let Some(v) = obj.field("items")
            && !extends
            && items.is_empty()
            && v.as_array().is_some()
        {
            self.report("items", v.at, ProblemKind::NoItems);
        }
        Some((extends, items))
    }

    fn label(&mut self, obj: &Obj, path: &str, at: usize) -> Option<Label> {
        let Some(v) = obj.field("label") else {
            self.report(path, at, ProblemKind::Missing("label".into()));
            return None;
        };
        let lpath = join(path, "label");
        let l = self.object(v, &lpath)?;
        self.unknown(l, &lpath, &["vi", "en"]);
        let vi = self.text(l, &lpath, v.at, "vi", true)?;
        let en = self.text(l, &lpath, v.at, "en", false).unwrap_or_else(|| vi.clone());
        Some(Label { vi, en })
    }

    fn code(&mut self, obj: &Obj, path: &str, at: usize, key: &str) -> Option<(String, usize)> {
        let code = self.text(obj, path, at, key, true)?;
        let code_at = obj.field(key).map_or(at, |n| n.at);
        if !code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            self.report(&join(path, key), code_at, ProblemKind::BadCode(code));
            return None;
        }
        Some((code, code_at))
    }

    fn item(&mut self, v: &Node, path: &str, codes: &mut HashMap<String, usize>) -> Option<Item> {
        let obj = self.object(v, path)?;
        self.unknown(obj, path, &["code", "label", "numbers"]);
        let code = self.code(obj, path, v.at, "code");
        if let Some((c, at)) = &code {
            self.claim(codes, c, &join(path, "code"), *at, IdKind::Item);
        }
        let label = self.label(obj, path, v.at);
        let raw = self.array(obj, path, "numbers");
        // A set, so an item with many numbers stays linear.
        let keys: HashSet<String> = raw
            .iter()
            .filter_map(|n| n.as_object().and_then(|o| o.field("key")).and_then(Node::as_str).map(nfc))
            .collect();
        let mut seen = HashMap::new();
        let mut numbers = Vec::new();
        for (i, n) in raw.iter().enumerate() {
            let npath = format!("{path}.numbers[{i}]");
            if let Some(def) = self.number(n, &npath, &keys, &mut seen) {
                numbers.push(def);
            }
        }
        Some(Item { code: code?.0, label: label?, numbers })
    }

    fn number(
        &mut self,
        v: &Node,
        path: &str,
        keys: &HashSet<String>,
        seen: &mut HashMap<String, usize>,
    ) -> Option<NumberDef> {
        let obj = self.object(v, path)?;
        self.unknown(obj, path, &["key", "label", "unit", "max", "ratio", "difference"]);
        let key = self.code(obj, path, v.at, "key");
        if let Some((k, at)) = &key {
            self.claim(seen, k, &join(path, "key"), *at, IdKind::Number);
        }
        let label = self.label(obj, path, v.at);
        let unit = match obj.field("unit") {
            None => Unit::Count,
            Some(u) if u.is_null() => Unit::Count,
            Some(u) if u.as_str() == Some("count") => Unit::Count,
            Some(u) if u.as_str() == Some("percent") => Unit::Percent,
            Some(u) => {
                let found = self.choice(u);
                self.report(
                    &join(path, "unit"),
                    u.at,
                    ProblemKind::BadChoice { found, allowed: "count, percent".into() },
                );
                Unit::Count
            }
        };
        let max = self.text(obj, path, v.at, "max", false);
        if let (Some(m), Some(node)) = (&max, obj.field("max"))
            && !keys.contains(m)
        {
            self.report(&join(path, "max"), node.at, ProblemKind::UnknownNumber(m.clone()));
        }
        let ratio = self.pair(obj, path, keys, "ratio");
        let difference = self.pair(obj, path, keys, "difference");
        Some(NumberDef { key: key?.0, label: label?, unit, max, ratio, difference })
    }

    /// Two numbers of the item a number is computed from (`ratio`, `difference`).
    fn pair(&mut self, obj: &Obj, path: &str, keys: &HashSet<String>, name: &str) -> Option<(String, String)> {
        let r = obj.field(name).filter(|r| !r.is_null())?;
        match r.as_array() {
            Some([x, y]) if x.as_str().is_some() && y.as_str().is_some() => {
                let pair = [x, y].map(|n| nfc(n.as_str().unwrap_or_default()));
                for (j, (k, node)) in pair.iter().zip([x, y]).enumerate() {
                    if !keys.contains(k) {
                        self.report(&format!("{path}.{name}[{j}]"), node.at, ProblemKind::UnknownNumber(k.clone()));
                    }
                }
                let [a, b] = pair;
                Some((a, b))
            }
            _ => {
                self.report(&join(path, name), r.at, ProblemKind::WrongType(Expected::Array));
                None
            }
        }
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
