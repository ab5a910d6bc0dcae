//! The group's report for a period as a Word document (báo cáo,
//! DOCUMENTS.md): the head of the Party or state layout, then I. an
//! overview, II. results per commune, III. shortcomings, IV. proposals
//! (the open follow-ups), recipients and the leader's signature. Always in
//! Vietnamese: it goes to the committee as it is. Conflicts are not in it:
//! `export` lists them on stderr, to settle before sending.

use super::Report;
use super::facts::{CommuneFacts, Facts, GroupFacts, ItemFacts};
use super::paper::{Letterhead, short_date};
use super::summary::{Period, overdue};
use crate::docx::{Doc, MM, Para, Run};
use crate::i18n::Lang;

pub fn render(r: &Report) -> Result<Vec<u8>, String> {
    crate::docx::package(&build(r), &r.exported_at)
}

/// `tháng 11 năm 2026` for a whole calendar month, else the dates.
pub fn period_words(p: &Period) -> String {
    match (p.from.as_deref(), p.to.as_deref()) {
        (Some(f), Some(t)) if whole_month(f, t) => {
            format!("tháng {} năm {}", f[5..7].trim_start_matches('0'), &f[..4])
        }
        (Some(f), Some(t)) => format!("từ ngày {} đến ngày {}", short_date(f), short_date(t)),
        (Some(f), None) => format!("từ ngày {}", short_date(f)),
        (None, Some(t)) => format!("đến ngày {}", short_date(t)),
        (None, None) => String::new(),
    }
}

fn whole_month(from: &str, to: &str) -> bool {
    let (Ok(f), Ok(t)) = (from.parse::<jiff::civil::Date>(), to.parse::<jiff::civil::Date>()) else { return false };
    f.day() == 1 && f.year() == t.year() && f.month() == t.month() && t == t.last_of_month()
}

pub fn build(r: &Report) -> Doc {
    let facts = Facts::new(r);
    let gid = r.scope.group.clone().unwrap_or_default();
    let empty = GroupFacts { id: gid.clone(), name: gid.clone(), communes: Vec::new(), quiet: Vec::new() };
    let g = facts.groups.first().unwrap_or(&empty);
    let group = r.assignments.group(&g.id);
    let mut lh = match group {
        Some(gr) => Letterhead::new(r.assignments, gr, &r.documents, r.layout, &r.today),
        None => Letterhead::new(
            r.assignments,
            &crate::assignments::Group {
                id: g.id.clone(),
                name: g.name.clone(),
                source: usize::MAX,
                members: vec![],
                communes: vec![],
            },
            &r.documents,
            r.layout,
            &r.today,
        ),
    };
    lh.number = r.number.clone();
    let period = period_words(&r.scope.period);
    let when = if period.is_empty() { String::new() } else { format!(" {period}") };
    let mut doc = Doc::new(format!("Báo cáo kết quả làm việc{when} của {}", g.name), 14.0);
    lh.head(&mut doc, "BÁO CÁO", "BC", &format!("Kết quả làm việc{when} của {} tại các xã được phân công", g.name));

    let issued_by = group.and_then(|gr| r.assignments.sources.get(gr.source)).and_then(|s| s.issued_by.as_deref());
    let by = issued_by.map(|b| format!("Thực hiện sự phân công của {b}, ")).unwrap_or_default();
    doc.push(Para::text(format!("{by}{} báo cáo kết quả làm việc{when} như sau:", g.name)));

    overview(&mut doc, g, group);
    heading(&mut doc, "II. KẾT QUẢ LÀM VIỆC TẠI CÁC XÃ");
    if g.communes.is_empty() {
        doc.push(Para::text("Trong kỳ chưa có lần làm việc nào được ghi nhận."));
    }
    for (i, c) in g.communes.iter().enumerate() {
        commune(&mut doc, c, i + 1);
    }
    shortcomings(&mut doc, r, g);
    proposals(&mut doc, r, g);
    let body = lh.issuing_body.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ').to_owned();
    lh.end(&mut doc, &format!("T/M {body}"));
    doc
}

fn heading(doc: &mut Doc, text: &str) {
    doc.push(Para::default().space(6.0, 6.0).keep_next().run(Run::new(text).bold()));
}

fn sub(doc: &mut Doc, text: &str) {
    doc.push(Para::default().space(3.0, 3.0).keep_next().run(Run::new(text).bold().italic()));
}

fn dash(doc: &mut Doc, runs: Vec<Run>) {
    let mut p = Para::default().space(0.0, 3.0);
    p.runs.push(Run::new("- "));
    p.runs.extend(runs);
    doc.push(p);
}

fn overview(doc: &mut Doc, g: &GroupFacts, group: Option<&crate::assignments::Group>) {
    heading(doc, "I. KHÁI QUÁT TÌNH HÌNH");
    let assigned: Vec<&str> = group.map(|gr| gr.communes.iter().map(|c| c.name.as_str()).collect()).unwrap_or_default();
    let visits: usize = g.communes.iter().map(|c| c.visits.len()).sum();
    let visited = g.communes.iter().filter(|c| !c.visits.is_empty()).count();
    let meetings: usize = g.communes.iter().map(|c| c.visits.iter().map(|v| v.cells.len()).sum::<usize>()).sum();
    let n = crate::text::number_vi;
    if !assigned.is_empty() {
        doc.push(Para::text(format!(
            "{} được phân công theo dõi {} xã: {}.",
            g.name,
            n(assigned.len() as f64),
            assigned.join(", ")
        )));
    }
    doc.push(Para::text(format!(
        "Trong kỳ, tổ đã thực hiện {} lần làm việc tại {} xã, dự sinh hoạt {} lượt chi bộ.",
        n(visits as f64),
        n(visited as f64),
        n(meetings as f64)
    )));
    for c in &g.communes {
        for v in &c.visits {
            let mut runs = vec![Run::new(format!(
                "Ngày {}, {}: {}",
                short_date(&v.visit.date),
                c.name,
                if v.members.is_empty() {
                    "……".to_owned()
                } else {
                    format!("đồng chí {}", v.members.join(", "))
                }
            ))];
            if !v.cells.is_empty() {
                runs.push(Run::new(format!("; dự sinh hoạt {}", v.cells.join(", "))));
            }
            if !v.visit.finalized {
                runs.push(Run::new(" (chưa hoàn tất việc ghi nhận)").italic());
            }
            runs.push(Run::new("."));
            dash(doc, runs);
        }
    }
}

fn status_word(i: &ItemFacts) -> String {
    i.status.as_ref().map_or("chưa đánh giá trong kỳ".to_owned(), |(s, _)| s.label(Lang::Vi).to_lowercase())
}

fn commune(doc: &mut Doc, c: &CommuneFacts, n: usize) {
    heading(doc, &format!("{n}. {}", c.name));
    if c.visits.is_empty() {
        doc.push(Para::text("Chưa làm việc trong kỳ; còn kiến nghị đang theo dõi (xem mục IV)."));
    }
    let fixed: Vec<&ItemFacts> = c.weaknesses.iter().filter(|i| i.fixed()).collect();
    let remaining: Vec<&ItemFacts> = c.weaknesses.iter().filter(|i| !i.fixed()).collect();
    sub(doc, "a) Hạn chế, yếu kém đã khắc phục");
    none_if_empty(doc, fixed.is_empty());
    for i in fixed {
        let mut runs = vec![Run::new(i.label.clone())];
        if let Some(note) = &i.note {
            runs.push(Run::new(format!(": {note}")));
        }
        runs.push(Run::new("."));
        dash(doc, runs);
    }
    sub(doc, "b) Hạn chế, yếu kém còn tồn tại, nguyên nhân");
    none_if_empty(doc, remaining.is_empty());
    for i in remaining {
        let mut runs = vec![Run::new(format!("{} ({})", i.label, status_word(i)))];
        if let Some(note) = &i.note {
            runs.push(Run::new(format!(": {note}")));
        }
        runs.push(Run::new("."));
        if let Some(w) = &i.weakness {
            runs.push(Run::new(format!(" Hạn chế đã chỉ ra: {w}.")).italic());
        }
        dash(doc, runs);
    }
    if !c.others.is_empty() {
        sub(doc, "c) Các nội dung khác");
        for i in &c.others {
            let mut runs = vec![Run::new(format!("{}: {}", i.label, status_word(i)))];
            if let Some(note) = &i.note {
                runs.push(Run::new(format!("; {note}")));
            }
            runs.push(Run::new("."));
            dash(doc, runs);
        }
    }
    let numbers: Vec<(&ItemFacts, &super::facts::NumberFacts)> =
        c.weaknesses.iter().chain(&c.others).flat_map(|i| i.numbers.iter().map(move |n| (i, n))).collect();
    if !numbers.is_empty() {
        sub(doc, "d) Số liệu (ban đầu → lần trước → hiện nay)");
        for (i, num) in numbers {
            let first = if num.first { " (lần đầu ghi nhận)" } else { "" };
            dash(doc, vec![Run::new(format!("{} — {}: {}{first}.", i.label, num.label, num.chain(Lang::Vi)))]);
        }
    }
    if !c.meetings.is_empty() {
        sub(doc, "đ) Chất lượng sinh hoạt chi bộ");
        for m in &c.meetings {
            dash(doc, vec![Run::new(m.text(Lang::Vi))]);
        }
    }
}

fn none_if_empty(doc: &mut Doc, empty: bool) {
    if empty {
        dash(doc, vec![Run::new("Không có.")]);
    }
}

fn shortcomings(doc: &mut Doc, r: &Report, g: &GroupFacts) {
    heading(doc, "III. HẠN CHẾ VÀ NGUYÊN NHÂN");
    let mut any = false;
    if !g.quiet.is_empty() {
        any = true;
        dash(doc, vec![Run::new(format!("Chưa làm việc trong kỳ với: {}.", g.quiet.join(", ")))]);
    }
    let unfinished: usize = g.communes.iter().flat_map(|c| &c.visits).filter(|v| !v.visit.finalized).count();
    if unfinished > 0 {
        any = true;
        dash(doc, vec![Run::new(format!("{unfinished} lần làm việc chưa hoàn tất việc ghi nhận kết quả."))]);
    }
    let late: usize = g.communes.iter().flat_map(|c| &c.open).filter(|f| overdue(f, &r.today)).count();
    if late > 0 {
        any = true;
        dash(doc, vec![Run::new(format!("{late} kiến nghị đã quá hạn nhưng chưa được thực hiện (xem mục IV)."))]);
    }
    let worse: Vec<String> = g
        .communes
        .iter()
        .flat_map(|c| {
            c.weaknesses
                .iter()
                .chain(&c.others)
                .filter(|i| matches!(i.status, Some((crate::findings::Status::Worse, _))))
                .map(move |i| format!("{} ({})", i.label, c.name))
        })
        .collect();
    if !worse.is_empty() {
        any = true;
        dash(doc, vec![Run::new(format!("Nội dung xấu đi: {}.", worse.join("; ")))]);
    }
    if !any {
        dash(doc, vec![Run::new("Không có.")]);
    }
}

fn proposals(doc: &mut Doc, r: &Report, g: &GroupFacts) {
    heading(doc, "IV. KIẾN NGHỊ, ĐỀ XUẤT");
    let mut open: Vec<(&CommuneFacts, &crate::findings::FollowUp)> =
        g.communes.iter().flat_map(|c| c.open.iter().map(move |f| (c, *f))).collect();
    open.sort_by_key(|(_, f)| (!overdue(f, &r.today), f.due.is_none(), f.due.clone()));
    if open.is_empty() {
        doc.push(Para::text("Không có kiến nghị đang theo dõi."));
    }
    for (i, (c, f)) in open.iter().enumerate() {
        let due = f.due.as_deref().map_or("chưa định hạn".to_owned(), |d| format!("hạn {}", short_date(d)));
        let who = if f.who.is_empty() { String::new() } else { format!("; người thực hiện: {}", f.who) };
        let mut p = Para::default().space(0.0, 3.0).indent(0, 10 * MM).run(Run::new(format!(
            "{}. {} ({}, {}){who}; {due}",
            i + 1,
            f.what,
            c.name,
            r.item_label(&f.item)
        )));
        if overdue(f, &r.today) {
            p = p.run(Run::new(" — QUÁ HẠN").bold());
        }
        doc.push(p.run(Run::new(".")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_month_is_named_as_a_month() {
        let p = |f: &str, t: &str| Period { from: Some(f.into()), to: Some(t.into()) };
        assert_eq!(period_words(&p("2026-11-01", "2026-11-30")), "tháng 11 năm 2026");
        assert_eq!(period_words(&p("2024-02-01", "2024-02-29")), "tháng 2 năm 2024");
        assert_eq!(period_words(&p("2024-05-01", "2024-05-30")), "từ ngày 01/05/2024 đến ngày 30/05/2024");
        assert_eq!(period_words(&Period::default()), "");
    }
}
