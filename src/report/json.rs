//! The JSON export (CONTRACT.md §3): stable, documented in the README as
//! `sotay-export` version 1. Every key is always present (`null`, `[]` or
//! `{}` when there is nothing), so readers need no guessing.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::Report;
use crate::findings::numbers;
use crate::findings::{FollowUp, Status, Visit};

pub const FORMAT: &str = "sotay-export";
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Doc<'a> {
    format: &'static str,
    version: u32,
    exported_at: &'a str,
    filter: Filter<'a>,
    visits: VisitsOut<'a>,
    other_follow_ups: Vec<FollowUpOut<'a>>,
    conflicts: Vec<ConflictOut<'a>>,
    /// The facts the reports are laid out from.
    summary: Vec<super::json_summary::GroupOut>,
}

/// The visits, each made as it is written: a national export has tens of
/// thousands, and the whole list built first cost 45 MB more than the rest.
struct VisitsOut<'a> {
    r: &'a Report<'a>,
    follow_ups: HashMap<&'a str, Vec<&'a FollowUp>>,
}

impl Serialize for VisitsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fus = |v: &Visit| self.follow_ups.get(v.id.as_str()).map_or(&[][..], Vec::as_slice);
        s.collect_seq(self.r.visits().map(|v| visit(self.r, v, fus(v))))
    }
}

#[derive(Serialize)]
struct Filter<'a> {
    group: Option<&'a str>,
    from: Option<&'a str>,
    to: Option<&'a str>,
}

#[derive(Serialize)]
struct Named<'a> {
    id: &'a str,
    name: Option<&'a str>,
}

#[derive(Serialize)]
struct VisitOut<'a> {
    id: &'a str,
    commune: &'a str,
    commune_name: Option<&'a str>,
    group: &'a str,
    date: &'a str,
    members: Vec<Named<'a>>,
    cells: Vec<Named<'a>>,
    finalized: bool,
    items: BTreeMap<&'a str, ItemOut<'a>>,
}

#[derive(Serialize)]
struct ItemOut<'a> {
    status: &'static str,
    /// Counts as integers, percentages with a fraction (`90.0`).
    numbers: BTreeMap<String, serde_json::Value>,
    computed: Vec<String>,
    note: Option<&'a str>,
    flags: &'a BTreeMap<String, bool>,
    rating: Option<&'static str>,
    cell: Option<&'a str>,
    follow_ups: Vec<FollowUpOut<'a>>,
}

#[derive(Serialize)]
struct FollowUpOut<'a> {
    id: &'a str,
    visit: &'a str,
    commune: &'a str,
    item: &'a str,
    what: &'a str,
    who: &'a str,
    due: Option<&'a str>,
    done: bool,
}

#[derive(Serialize)]
struct ConflictOut<'a> {
    entity: String,
    field: String,
    values: Vec<HeadOut<'a>>,
}

#[derive(Serialize)]
struct HeadOut<'a> {
    /// `null` with `deleted: true` when this side deleted the entity.
    value: Option<&'a serde_json::Value>,
    deleted: bool,
    by: &'a str,
    device: &'a str,
    at: String,
}

fn follow_up(f: &FollowUp) -> FollowUpOut<'_> {
    FollowUpOut {
        id: &f.id,
        visit: &f.visit,
        commune: &f.commune,
        item: &f.item,
        what: &f.what,
        who: &f.who,
        due: f.due.as_deref(),
        done: f.done,
    }
}

static NO_FLAGS: BTreeMap<String, bool> = BTreeMap::new();

fn visit<'a>(r: &'a Report, v: &'a Visit, fus: &[&'a FollowUp]) -> VisitOut<'a> {
    let mut items: BTreeMap<&str, ItemOut> = BTreeMap::new();
    for (code, f) in &v.items {
        let def = r.checklist.item(code);
        let nums = numbers(def, &f.numbers);
        items.insert(
            code,
            ItemOut {
                status: f.status.code(),
                computed: nums.iter().filter(|(_, n)| n.computed).map(|(k, _)| k.clone()).collect(),
                numbers: nums
                    .into_iter()
                    .map(|(k, n)| {
                        let v = number(def, &k, n.value);
                        (k, v)
                    })
                    .collect(),
                note: f.note.as_deref(),
                flags: &f.flags,
                rating: f.rating.map(|x| x.code()),
                cell: f.cell.as_deref(),
                follow_ups: Vec::new(),
            },
        );
    }
    // Follow-ups come sorted by deadline; one may name an item nothing
    // else was recorded for.
    for f in fus {
        let item = items.entry(&f.item).or_insert_with(|| ItemOut {
            status: Status::NotAssessed.code(),
            numbers: BTreeMap::new(),
            computed: Vec::new(),
            note: None,
            flags: &NO_FLAGS,
            rating: None,
            cell: None,
            follow_ups: Vec::new(),
        });
        item.follow_ups.push(follow_up(f));
    }
    VisitOut {
        id: &v.id,
        commune: &v.commune,
        commune_name: r.commune(&v.commune).map(|c| c.name.as_str()),
        group: &v.group,
        date: &v.date,
        members: v.members.iter().map(|m| Named { id: m, name: r.member_name(v, m) }).collect(),
        cells: v.cells.iter().map(|c| Named { id: c, name: r.cell_name(&v.commune, c) }).collect(),
        finalized: v.finalized,
        items,
    }
}

/// A value as JSON: a whole count as an integer (strict integer readers
/// refuse `40.0`), a percentage or a fraction as a float.
fn number(def: Option<&crate::checklist::Item>, key: &str, v: f64) -> serde_json::Value {
    let percent = def
        .and_then(|i| i.numbers.iter().find(|n| n.key == key))
        .is_some_and(|n| n.unit == crate::checklist::Unit::Percent);
    super::json_summary::value(percent, v)
}

/// RFC 3339 (UTC) for a clock stamp's milliseconds.
pub fn time(ms: u64) -> String {
    jiff::Timestamp::from_millisecond(ms as i64).map_or_else(|_| ms.to_string(), |t| t.to_string())
}

/// The whole export as pretty JSON, ending with a newline.
pub fn render(r: &Report) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail, and the writer passes UTF-8 on whole.
    let _ = write(r, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render`] written out as it is made: the text is never held whole.
pub fn write(r: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut by_visit: HashMap<&str, Vec<&FollowUp>> = HashMap::new();
    for f in &r.follow_ups {
        by_visit.entry(f.visit.as_str()).or_default().push(f);
    }
    let visits = VisitsOut { r, follow_ups: by_visit };
    let doc = Doc {
        format: FORMAT,
        version: VERSION,
        exported_at: &r.exported_at,
        filter: Filter {
            group: r.scope.group.as_deref(),
            from: r.scope.period.from.as_deref(),
            to: r.scope.period.to.as_deref(),
        },
        visits,
        other_follow_ups: r.other_follow_ups().into_iter().map(follow_up).collect(),
        conflicts: r
            .conflicts
            .iter()
            .map(|c| ConflictOut {
                entity: c.path.entity(),
                field: c.path.field(),
                values: c
                    .heads
                    .iter()
                    .map(|h| HeadOut {
                        value: h.value.as_ref(),
                        deleted: h.value.is_none(),
                        by: &h.by,
                        device: &h.op.dev,
                        at: time(h.hlc.ms),
                    })
                    .collect(),
            })
            .collect(),
        summary: super::json_summary::summary(r),
    };
    let mut safe = TerminalSafe { w, pending: Vec::new() };
    serde_json::to_writer_pretty(&mut safe, &doc)?;
    std::io::Write::write_all(&mut safe, b"\n")?;
    std::io::Write::flush(&mut safe)
}

/// Passes JSON text on with [`terminal_safe`] applied, across writes: a
/// character cut between two writes waits for its last bytes.
struct TerminalSafe<'a> {
    w: &'a mut dyn std::io::Write,
    pending: Vec<u8>,
}

impl std::io::Write for TerminalSafe<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(s) => s.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            // serde_json writes only UTF-8; never drop bytes all the same.
            Err(_) => return self.w.write_all(&std::mem::take(&mut self.pending)).map(|()| buf.len()),
        };
        let text = std::str::from_utf8(&self.pending[..valid]).unwrap_or_default();
        if text.chars().any(risky) {
            self.w.write_all(terminal_safe(text).as_bytes())?;
        } else {
            self.w.write_all(text.as_bytes())?;
        }
        self.pending.drain(..valid);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            self.w.write_all(&std::mem::take(&mut self.pending))?;
        }
        self.w.flush()
    }
}

/// Escapes, as `\uXXXX`, the characters serde_json leaves raw that could
/// drive a terminal (C1 controls, bidi overrides, zero-width marks): the
/// JSON means the same, and printing it cannot reorder or hide text.
fn terminal_safe(json: &str) -> String {
    if !json.chars().any(risky) {
        return json.to_owned();
    }
    let mut out = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        if risky(c) {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// What `text::clean` replaces, except the line breaks of pretty JSON
/// (inside strings serde_json has already escaped every C0 control).
fn risky(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    #[test]
    fn terminal_safe_escapes_c1_and_bidi_but_keeps_vietnamese() {
        let s = "{\"a\": \"Bình\u{9b}x\u{202e}\"}";
        let out = super::terminal_safe(s);
        assert_eq!(out, "{\"a\": \"Bình\\u009bx\\u202e\"}");
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["a"], "Bình\u{9b}x\u{202e}");
    }

    #[test]
    fn streamed_text_is_made_safe_even_when_a_character_is_cut_between_writes() {
        use std::io::Write;
        let s = "{\"a\": \"Bình\u{9b}x\u{202e}đ\"}";
        let mut out = Vec::new();
        let mut w = super::TerminalSafe { w: &mut out, pending: Vec::new() };
        for b in s.as_bytes() {
            w.write_all(std::slice::from_ref(b)).unwrap();
        }
        w.flush().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), super::terminal_safe(s));
    }
}
