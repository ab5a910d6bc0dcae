//! The minutes of one visit (biên bản làm việc, DOCUMENTS.md): time and
//! place, both sides present, the content item by item (status, numbers
//! beside their previous value, notes), what was agreed (follow-ups: what,
//! who, by when), and signature blocks for both sides and the minute-taker.
//! Always in Vietnamese: it is an office document both sides sign.

use crate::assignments::{Assignments, Commune, Group};
use crate::checklist::{Checklist, Unit};
use crate::docx::{Align, Doc, Para, Run, TEXT_WIDTH, Table};
use crate::findings::{FollowUp, ItemFinding, Status, Visit};
use crate::i18n::Lang;

use super::paper::{Layout, Letterhead, Settings, long_date, short_date, signature};
use crate::findings::{numbers, series};

/// What the minutes of a visit are made from.
pub struct Minutes<'a> {
    pub data: &'a Assignments,
    pub checklist: &'a Checklist,
    pub visit: &'a Visit,
    /// Every visit of the commune, oldest first (the previous values).
    pub commune_visits: Vec<&'a Visit>,
    /// The follow-ups recorded at the visit.
    pub follow_ups: Vec<&'a FollowUp>,
    pub settings: &'a Settings,
    pub layout: Layout,
}

/// The group and commune of a visit, as the assignments know them.
fn sides<'a>(m: &Minutes<'a>) -> (Option<&'a Group>, Option<&'a Commune>) {
    let commune = m.data.commune(&m.visit.commune).map(|(_, c)| c);
    let group = m.data.group(&m.visit.group).or_else(|| m.data.commune(&m.visit.commune).map(|(g, _)| g));
    (group, commune)
}

/// `Đảng ủy xã Bình Thanh` for `Xã Bình Thanh`.
pub fn committee_of(commune: &str) -> String {
    let mut chars = commune.chars();
    let lowered: String = match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    };
    format!("Đảng ủy {lowered}")
}

/// The kind of a commune in capitals: `XÃ`, `PHƯỜNG`, `THỊ TRẤN`.
fn unit(name: &str) -> String {
    let place = commune_place(name);
    let kind = name.strip_suffix(place.as_str()).map(str::trim).filter(|k| !k.is_empty()).unwrap_or("xã");
    kind.to_uppercase()
}

/// The place of the minutes: the commune's name without `Xã`.
fn commune_place(name: &str) -> String {
    let folded = crate::text::fold(name);
    for unit in ["xa ", "phuong ", "thi tran ", "dac khu "] {
        if folded.starts_with(unit) {
            return name.split_whitespace().skip(unit.split_whitespace().count()).collect::<Vec<_>>().join(" ");
        }
    }
    name.to_owned()
}

/// The minutes of `visit` as a Word file's bytes, from every recorded
/// visit and follow-up (the previous values, the follow-ups agreed);
/// `Err` is the zip writer's reason.
pub fn document(
    data: &Assignments,
    visits: &[Visit],
    follow_ups: &[FollowUp],
    visit: &Visit,
    settings: &Settings,
    layout: Layout,
) -> Result<Vec<u8>, String> {
    let m = Minutes {
        data,
        checklist: crate::checklist::active(),
        visit,
        commune_visits: match data.commune(&visit.commune) {
            Some((_, c)) => crate::findings::commune_visits(visits, c),
            None => visits.iter().filter(|x| x.commune == visit.commune).collect(),
        },
        follow_ups: follow_ups.iter().filter(|f| f.visit == visit.id).collect(),
        settings,
        layout,
    };
    crate::docx::package(&build(&m), &jiff::Timestamp::now().to_string())
}

pub fn build(m: &Minutes) -> Doc {
    let (group, commune) = sides(m);
    let v = m.visit;
    let commune_name = commune.map_or(v.commune.as_str(), |c| c.name.as_str());
    let group_name = group.map_or(v.group.as_str(), |g| g.name.as_str());
    let committee = committee_of(commune_name);
    let mut lh = match group {
        Some(g) => Letterhead::new(m.data, g, m.settings, m.layout, &v.date),
        None => Letterhead::new(m.data, &empty_group(group_name), m.settings, m.layout, &v.date),
    };
    lh.place = commune_place(commune_name);
    let mut doc = Doc::new(format!("Biên bản làm việc {committee} {}", short_date(&v.date)), 14.0);
    lh.head(&mut doc, "BIÊN BẢN", "BB", &format!("Làm việc của {group_name} với {committee}"));

    doc.push(Para::text(format!(
        "Hôm nay, {}, vào lúc …… giờ ……, tại trụ sở {committee}, {group_name} làm việc với {committee}.",
        long_date(&v.date)
    )));
    heading(&mut doc, "I. THÀNH PHẦN");
    heading(&mut doc, &format!("1. {group_name}"));
    for id in &v.members {
        let member = group.and_then(|g| g.member(id));
        let name = member.map_or(id.as_str(), |x| x.name.as_str());
        let role = member.and_then(|x| x.role.as_deref()).map(|r| format!(" - {r}")).unwrap_or_default();
        doc.push(dash(format!("Đồng chí {name}{role};")));
    }
    if v.members.is_empty() {
        doc.push(dash("……………………".to_owned()));
    }
    heading(&mut doc, &format!("2. {committee}"));
    let contacts = commune.map(|c| c.contacts.as_slice()).unwrap_or_default();
    for c in contacts {
        let role = c.role.as_deref().map(|r| format!(" - {r}")).unwrap_or_default();
        doc.push(dash(format!("Đồng chí {}{role};", c.name)));
    }
    if contacts.is_empty() {
        doc.push(dash("……………………".to_owned()));
    }
    let cells: Vec<&str> = v.cells.iter().map(|id| cell_name(commune, id)).collect();
    if !cells.is_empty() {
        doc.push(Para::text(format!("Tổ công tác dự sinh hoạt: {}.", cells.join(", "))));
    }

    heading(&mut doc, "II. NỘI DUNG LÀM VIỆC");
    let (known, other) = items(m, commune);
    let mut n = 0;
    if !known.is_empty() {
        heading(&mut doc, "a) Việc khắc phục các hạn chế, yếu kém đã chỉ ra");
        for code in &known {
            n += 1;
            item(&mut doc, m, commune, code, n);
        }
    }
    if !other.is_empty() {
        heading(&mut doc, if known.is_empty() { "a) Các nội dung khác" } else { "b) Các nội dung khác" });
        for code in &other {
            n += 1;
            item(&mut doc, m, commune, code, n);
        }
    }
    if n == 0 {
        doc.push(Para::text("Chưa ghi nhận nội dung nào trong lần làm việc này."));
    }

    heading(&mut doc, "III. CÁC NỘI DUNG THỐNG NHẤT");
    if m.follow_ups.is_empty() {
        doc.push(Para::text("Không có kiến nghị."));
    }
    for (i, f) in m.follow_ups.iter().enumerate() {
        let due = f.due.as_deref().map_or("chưa định hạn".to_owned(), |d| format!("hạn {}", short_date(d)));
        let done = if f.done { " (đã thực hiện)" } else { "" };
        doc.push(Para::text(format!("{}. {}: {}; {due}{done}.", i + 1, label(m, &f.item), f.what)));
        if !f.who.is_empty() {
            doc.push(dash(format!("Người chịu trách nhiệm: {}.", f.who)));
        }
    }
    doc.push(Para::text(
        "Buổi làm việc kết thúc vào lúc …… giờ …… cùng ngày. Biên bản đã được đọc lại cho các thành viên \
         dự làm việc cùng nghe, thống nhất và ký tên.",
    ));

    // Both sides, then the minute-taker under them.
    let secretary = contacts.iter().find(|c| role_has(c.role.as_deref(), "bi thu")).or(contacts.first());
    let leader = group.and_then(super::paper::leader).unwrap_or_default();
    let taker = group
        .and_then(|g| v.members.iter().filter_map(|id| g.member(id)).find(|x| role_has(x.role.as_deref(), "thu ky")))
        .map_or("", |x| x.name.as_str());
    let half = TEXT_WIDTH / 2;
    let left =
        signature(&format!("ĐẠI DIỆN ĐẢNG ỦY {}", unit(commune_name)), "", secretary.map_or("", |c| c.name.as_str()));
    let body = lh.issuing_body.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    let right = signature(&format!("ĐẠI DIỆN {body}"), "", leader);
    doc.push(Para::line(Align::Left).space(12.0, 0.0));
    doc.table(Table {
        widths: vec![half, TEXT_WIDTH - half],
        borders: false,
        header_row: false,
        rows: vec![vec![left, right]],
    });
    doc.push(Para::line(Align::Left).space(12.0, 0.0));
    let taker_block = signature("THƯ KÝ", "", taker);
    doc.table(Table {
        widths: vec![half, TEXT_WIDTH - half],
        borders: false,
        header_row: false,
        rows: vec![vec![vec![], taker_block]],
    });
    doc
}

fn empty_group(name: &str) -> Group {
    Group { id: String::new(), name: name.to_owned(), source: usize::MAX, members: vec![], communes: vec![] }
}

fn role_has(role: Option<&str>, folded: &str) -> bool {
    role.is_some_and(|r| crate::text::fold(r).contains(folded))
}

fn cell_name<'a>(commune: Option<&'a Commune>, id: &'a str) -> &'a str {
    commune.and_then(|c| c.cells.iter().find(|x| x.id == id)).map_or(id, |x| x.name.as_str())
}

fn heading(doc: &mut Doc, text: &str) {
    doc.push(Para::default().space(6.0, 3.0).keep_next().run(Run::new(text).bold()));
}

fn dash(text: String) -> Para {
    Para::default().space(0.0, 3.0).run(Run::new(format!("- {text}")))
}

fn label<'c>(m: &Minutes<'c>, code: &'c str) -> &'c str {
    m.checklist.item(code).map_or(code, |i| i.label.get(Lang::Vi))
}

/// The items recorded at the visit (assessed, a number, a note, a rating,
/// or a follow-up): the commune's known weaknesses in the assignments'
/// order, then the rest in checklist order.
fn items(m: &Minutes, commune: Option<&Commune>) -> (Vec<String>, Vec<String>) {
    let recorded = |code: &str| {
        m.visit.items.get(code).is_some_and(|f| {
            f.status != Status::NotAssessed || !f.numbers.is_empty() || f.note.is_some() || f.rating.is_some()
        }) || m.follow_ups.iter().any(|f| f.item == code)
    };
    let weak: Vec<&str> = commune.map(|c| c.weaknesses.iter().map(|w| w.code.as_str()).collect()).unwrap_or_default();
    let known: Vec<String> = weak.iter().filter(|c| recorded(c)).map(|c| c.to_string()).collect();
    let mut codes: Vec<&str> = m.checklist.items.iter().map(|i| i.code.as_str()).collect();
    codes.extend(m.visit.items.keys().map(String::as_str).filter(|c| !m.checklist.knows(c)));
    let other = codes.into_iter().filter(|c| !weak.contains(c) && recorded(c)).map(str::to_owned).collect();
    (known, other)
}

fn item(doc: &mut Doc, m: &Minutes, commune: Option<&Commune>, code: &str, n: usize) {
    let none = ItemFinding::default();
    let f = m.visit.items.get(code).unwrap_or(&none);
    doc.push(Para::default().keep_next().run(Run::new(format!("{n}. {}", label(m, code))).bold().italic()));
    doc.push(dash(format!("Tình trạng: {}.", f.status.label(Lang::Vi).to_lowercase())));
    if let Some(cell) = &f.cell {
        doc.push(dash(format!("Chi bộ: {}.", cell_name(commune, cell))));
    }
    let nums = number_lines(m, commune, code, f);
    if !nums.is_empty() {
        doc.push(dash(format!("Số liệu: {}.", nums.join("; "))));
    }
    let flags: Vec<String> = f
        .flags
        .iter()
        .map(|(k, on)| {
            let l = crate::findings::meeting_flag_label(k, Lang::Vi);
            format!("{l}: {}", if *on { "có" } else { "không" })
        })
        .collect();
    if !flags.is_empty() {
        doc.push(dash(format!("{}.", flags.join("; "))));
    }
    if let Some(r) = f.rating {
        doc.push(dash(format!("Xếp loại buổi sinh hoạt: {}.", r.label(Lang::Vi).to_lowercase())));
    }
    if let Some(note) = &f.note {
        doc.push(dash(format!("Ghi nhận: {note}")));
    }
}

/// `Tỷ lệ giải quyết: 90% (lần trước 70%)`; the previous value is the last
/// one before this visit, else the commune's baseline.
fn number_lines(m: &Minutes, commune: Option<&Commune>, code: &str, f: &ItemFinding) -> Vec<String> {
    let item = m.checklist.item(code);
    let now = numbers(item, &f.numbers);
    let mut keys: Vec<&str> = item.map(|i| i.numbers.iter().map(|n| n.key.as_str()).collect()).unwrap_or_default();
    keys.extend(now.keys().map(String::as_str).filter(|k| !keys.contains(k)).collect::<Vec<_>>());
    let before: Vec<&Visit> = m
        .commune_visits
        .iter()
        .copied()
        .take_while(|x| x.id != m.visit.id)
        .filter(|x| x.date <= m.visit.date)
        .collect();
    let mut out = Vec::new();
    for key in keys {
        let Some(value) = now.get(key) else { continue };
        let def = item.and_then(|i| i.numbers.iter().find(|n| n.key == key));
        let pct = if def.is_some_and(|d| d.unit == Unit::Percent) { "%" } else { "" };
        let num = crate::text::number_vi;
        let name = def.map_or(key, |d| d.label.get(Lang::Vi));
        let prev = series(&before, m.checklist, code, key).last().map(|(_, x)| ("lần trước", *x)).or_else(|| {
            let w = commune?.weaknesses.iter().find(|w| w.code == code)?;
            w.baseline.get(key).map(|b| ("ban đầu", *b))
        });
        let prev = prev.map_or(String::new(), |(word, x)| format!(" ({word} {}{pct})", num(x)));
        out.push(format!("{name}: {}{pct}{prev}", num(value.value)));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn committee_and_place_of_a_commune() {
        assert_eq!(super::committee_of("Xã Bình Thanh"), "Đảng ủy xã Bình Thanh");
        assert_eq!(super::commune_place("Xã Bình Thanh"), "Bình Thanh");
        assert_eq!(super::commune_place("Thị trấn Châu Ổ"), "Châu Ổ");
        assert_eq!(super::unit("Thị trấn Châu Ổ"), "THỊ TRẤN");
        assert_eq!(super::unit("Bình Thanh"), "XÃ");
    }
}
