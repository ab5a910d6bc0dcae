//! config.json: what is remembered between runs, and reading it back.
//! People edit this file by hand, so it is read like every other file
//! from outside: each problem is one sentence naming the setting and what
//! it may hold, at FILE:LINE:COLUMN, never a parser's type names.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::jsondoc::{self, Allowed, Found, Node, Problem, ProblemKind};
use crate::report::paper::Settings;
use crate::text::nfc;

/// What is remembered between runs. Every setting is optional; `null`
/// means unset.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Config {
    /// Assignments files copied into the data directory (file names).
    pub assignments: Vec<String>,
    /// Who I am, per group id: a member id of that group.
    pub me: BTreeMap<String, String>,
    /// The group shown last.
    pub group: Option<String>,
    pub lang: Option<String>,
    /// A folder watched for other devices' sync files (Syncthing, a share).
    pub sync_dir: Option<PathBuf>,
    /// A custom checklist template copied into the data directory.
    pub checklist: Option<String>,
    /// Cell meetings a member can attend in a month, for the meeting
    /// plan's "too many" flag (2 when unset).
    pub max_cells_per_member: Option<usize>,
    /// Texts of the Word documents: place, bodies, recipients, signer.
    #[serde(skip_serializing_if = "Settings::is_default")]
    pub documents: Settings,
}

/// Reads config.json: the default when there is none, every problem when
/// it holds any.
pub(super) fn load(path: &Path) -> Result<Config, Vec<Problem>> {
    let bytes = match jsondoc::read_file(path) {
        Ok(b) => b,
        Err(p) if p.kind == ProblemKind::NotFound => return Ok(Config::default()),
        Err(p) => return Err(vec![*p]),
    };
    let name = path.display().to_string();
    let whole = |(pos, kind)| vec![Problem { file: name.clone(), pos, path: String::new(), kind }];
    let text = jsondoc::decode(&bytes).map_err(whole)?;
    let doc = jsondoc::parse(text).map_err(whole)?;
    let mut r = Reader { found: Found::default(), src: text };
    r.found.duplicate_keys(&doc, 0);
    let config = r.config(&doc.root);
    let problems = jsondoc::position(&[(&name, Some(text))], vec![r.found]);
    if problems.is_empty() { Ok(config) } else { Err(problems) }
}

struct Reader<'s> {
    found: Found,
    src: &'s str,
}

impl Reader<'_> {
    fn bad(&mut self, key: &str, v: &Node, allowed: Allowed) {
        let found = v.source(self.src).into_owned();
        self.found.push("", v.at, ProblemKind::BadSetting { key: key.to_owned(), allowed, found });
    }

    fn config(&mut self, root: &Node) -> Config {
        let mut c = Config::default();
        let Some(members) = root.as_object() else {
            self.found.push("", root.at, ProblemKind::ConfigNotObject);
            return c;
        };
        for m in members.iter().filter(|m| !m.node.is_null()) {
            let (key, v) = (m.key.as_ref(), &m.node);
            match key {
                "assignments" => c.assignments = self.list(key, v, Allowed::FileNames),
                "me" => c.me = self.members(v),
                "group" => c.group = self.text(key, v),
                "lang" => match v.as_str() {
                    Some(code @ ("vi" | "en")) => c.lang = Some(code.to_owned()),
                    _ => self.bad(key, v, Allowed::Lang),
                },
                "sync_dir" => c.sync_dir = self.text(key, v).map(PathBuf::from),
                "checklist" => c.checklist = self.text(key, v),
                "max_cells_per_member" => match v.as_u64().and_then(|n| usize::try_from(n).ok()) {
                    Some(n) => c.max_cells_per_member = Some(n),
                    None => self.bad(key, v, Allowed::WholeNumber),
                },
                "documents" => c.documents = self.documents(v),
                // A setting of another version of sotay: left alone.
                _ => {}
            }
        }
        c
    }

    fn text(&mut self, key: &str, v: &Node) -> Option<String> {
        let t = v.as_str().map(nfc);
        if t.is_none() {
            self.bad(key, v, Allowed::Text);
        }
        t
    }

    /// An array of strings; with `Allowed::FileNames` each must name a
    /// file inside the data folder, never a path leading out of it.
    fn list(&mut self, key: &str, v: &Node, allowed: Allowed) -> Vec<String> {
        let Some(items) = v.as_array() else {
            self.bad(key, v, allowed);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(s) if allowed != Allowed::FileNames || is_file_name(s) => out.push(nfc(s)),
                _ => self.bad(&format!("{key}[{i}]"), item, allowed),
            }
        }
        out
    }

    /// `me`: group id to member id.
    fn members(&mut self, v: &Node) -> BTreeMap<String, String> {
        let Some(members) = v.as_object() else {
            self.bad("me", v, Allowed::MemberMap);
            return BTreeMap::new();
        };
        let mut out = BTreeMap::new();
        for m in members {
            if let Some(member) = self.text(&format!("me.{}", m.key), &m.node) {
                out.insert(nfc(&m.key), member);
            }
        }
        out
    }

    fn documents(&mut self, v: &Node) -> Settings {
        let mut s = Settings::default();
        let Some(members) = v.as_object() else {
            self.bad("documents", v, Allowed::Group);
            return s;
        };
        for m in members.iter().filter(|m| !m.node.is_null()) {
            let key = format!("documents.{}", m.key);
            let slot = match m.key.as_ref() {
                "recipients" => {
                    s.recipients = Some(self.list(&key, &m.node, Allowed::TextList));
                    continue;
                }
                "place" => &mut s.place,
                "higher_body" => &mut s.higher_body,
                "issuing_body" => &mut s.issuing_body,
                "abbreviation" => &mut s.abbreviation,
                "signer" => &mut s.signer,
                "signer_title" => &mut s.signer_title,
                _ => continue,
            };
            *slot = self.text(&key, &m.node);
        }
        s
    }
}

/// One plain file name: no folder, no `..`, no drive.
fn is_file_name(s: &str) -> bool {
    let mut parts = Path::new(s).components();
    let one = matches!((parts.next(), parts.next()), (Some(Component::Normal(n)), None) if n == s);
    one && !s.contains(['/', '\\', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_in_their_folder() {
        for ok in ["binh-son.json", "Tổ 1659.json", ".hidden.json"] {
            assert!(is_file_name(ok), "{ok}");
        }
        for bad in ["", ".", "..", "../x.json", "/etc/passwd", "a/b.json", "a\\b.json", "C:x.json", "C:\\x.json"] {
            assert!(!is_file_name(bad), "{bad}");
        }
    }
}
