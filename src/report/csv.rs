//! The CSV export: one flat row per visit × checklist item, UTF-8 with a
//! byte-order mark (so Excel reads Vietnamese correctly), RFC 4180 quoting,
//! CRLF line ends, a header row in the report's language. The visit's
//! columns and the meeting flags come from `tables`, as the XLSX sheets'
//! do.

use std::collections::HashMap;

use super::words::words;
use super::{Report, tables};
use crate::checklist::Unit;
use crate::findings::numbers;
use crate::findings::{FollowUp, ItemFinding};

const BOM: &str = "\u{FEFF}";

/// The column headers, in order.
pub fn headers(r: &Report) -> [&'static str; 18] {
    let w = words(r.lang);
    [
        w.visit,
        w.date,
        w.group,
        w.commune_id,
        w.commune,
        w.members,
        w.cells,
        w.finalized,
        w.item_code,
        w.item,
        w.status_code,
        w.status,
        w.rating,
        w.cell,
        w.flags,
        w.note,
        w.numbers,
        w.follow_ups,
    ]
}

/// Written into `w` a few rows at a time, never held whole.
pub fn write(r: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = String::with_capacity(1 << 16);
    out.push_str(BOM);
    row(&mut out, headers(r).iter().map(|h| h.to_string()));
    let fus = r.follow_ups_of();
    // Items with a follow-up and nothing else recorded, per visit.
    let mut fu_codes: HashMap<&str, Vec<&str>> = HashMap::new();
    for (visit, code) in fus.keys() {
        fu_codes.entry(visit).or_default().push(code);
    }
    let none = ItemFinding::default();
    for v in r.visits() {
        if out.len() > 1 << 15 {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
        let visit_cols = [
            v.id.clone(),
            v.date.clone(),
            tables::group_name(r, v),
            v.commune.clone(),
            r.commune_name(&v.commune).to_owned(),
            tables::names(r, v),
            tables::cells(r, v),
            v.finalized.to_string(),
        ];
        let mut codes: Vec<&str> = v.items.keys().map(String::as_str).collect();
        for code in fu_codes.get(v.id.as_str()).into_iter().flatten() {
            if !codes.contains(code) {
                codes.push(code);
            }
        }
        if codes.is_empty() {
            // A visit with nothing recorded yet still shows it took place.
            row(&mut out, visit_cols.iter().cloned().chain(std::iter::repeat_n(String::new(), 10)));
            continue;
        }
        for code in codes {
            let f = v.items.get(code).unwrap_or(&none);
            let item_cols = [
                code.to_owned(),
                r.item_label(code).to_owned(),
                f.status.code().to_owned(),
                f.status.label(r.lang).to_owned(),
                f.rating.map_or(String::new(), |x| x.label(r.lang).to_owned()),
                f.cell.as_deref().map_or(String::new(), |c| r.cell_name(&v.commune, c).unwrap_or(c).to_owned()),
                tables::flags_text(f, r.lang),
                f.note.clone().unwrap_or_default(),
                numbers_text(r, code, f),
                fus.get(&(v.id.as_str(), code)).map_or(String::new(), |l| follow_ups_text(r, l)),
            ];
            row(&mut out, visit_cols.iter().cloned().chain(item_cols));
        }
    }
    w.write_all(out.as_bytes())
}

/// `label: value` pairs, percentages with `%`, e.g.
/// `Đơn thư tiếp nhận: 10; Đã giải quyết: 9; Tỷ lệ giải quyết: 90%`.
fn numbers_text(r: &Report, code: &str, f: &ItemFinding) -> String {
    let item = r.checklist.item(code);
    let unit = |key: &str| item.and_then(|i| i.numbers.iter().find(|n| n.key == key)).map_or(Unit::Count, |n| n.unit);
    let mut nums: Vec<(String, f64)> = numbers(item, &f.numbers).into_iter().map(|(k, n)| (k, n.value)).collect();
    // The checklist's order, which is the order of the entry screen.
    let pos = |k: &str| item.and_then(|i| i.numbers.iter().position(|n| n.key == k)).unwrap_or(usize::MAX);
    nums.sort_by_key(|(k, _)| pos(k));
    nums.iter()
        .map(|(k, v)| {
            let pct = if unit(k) == Unit::Percent { "%" } else { "" };
            format!("{}: {}{pct}", r.number_label(code, k), crate::text::number(*v))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn follow_ups_text(r: &Report, list: &[&FollowUp]) -> String {
    let w = words(r.lang);
    list.iter()
        .map(|f| {
            let due = f.due.as_deref().unwrap_or(w.no_due);
            let done = if f.done { format!(", {}", w.done.to_lowercase()) } else { String::new() };
            format!("{} ({}, {due}{done})", f.what, f.who)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn row(out: &mut String, cols: impl IntoIterator<Item = String>) {
    for (i, c) in cols.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, &c);
    }
    out.push_str("\r\n");
}

/// RFC 4180: quoted when it holds a comma, quote or line break, quotes
/// doubled. Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`
/// first) gets a leading `'`, so that a note cannot become a formula.
fn field(out: &mut String, s: &str) {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err();
    let quote = formula || s.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in s.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    fn f(s: &str) -> String {
        let mut out = String::new();
        field(&mut out, s);
        out
    }

    #[test]
    fn quoting_follows_rfc_4180() {
        assert_eq!(f("Bình Thanh"), "Bình Thanh");
        assert_eq!(f("a, b"), "\"a, b\"");
        assert_eq!(f("nói \"không\""), "\"nói \"\"không\"\"\"");
        assert_eq!(f("dòng 1\ndòng 2"), "\"dòng 1\ndòng 2\"");
    }

    #[test]
    fn formulas_are_defused_but_negative_numbers_kept() {
        assert_eq!(f("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(f("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(f("-3"), "-3");
    }
}
