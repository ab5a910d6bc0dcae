//! The frame of an office document (DOCUMENTS.md): the two-column head of
//! the Party layout (Hướng dẫn 36-HD/VPTW) or the state layout (Nghị định
//! 30/2020/NĐ-CP), the type and summary, and the end: recipients and the
//! signature block. The texts come from the assignments file and the
//! `documents` settings of `config.json`; the layout is fixed.

use serde::Serialize;

use crate::assignments::{Assignments, Group};
use crate::docx::{Align, Doc, MM, Para, Run, TEXT_WIDTH, Table};

/// Which rules the document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Layout {
    /// A Party committee's working group (the default).
    #[default]
    Party,
    /// A group formed by a people's committee.
    State,
}

/// The `documents` settings of `config.json`; every one optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct Settings {
    /// The place before the date: `Bình Sơn, ngày …`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The higher body, first line of the head (`HUYỆN ỦY BÌNH SƠN`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub higher_body: Option<String>,
    /// The issuing body (`TỔ CÔNG TÁC 1659`); the group's name by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuing_body: Option<String>,
    /// The issuing body's abbreviation in the number (`TCT`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<String>,
    /// The report's recipients, one per line, without the `-`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipients: Option<Vec<String>>,
    /// Who signs for the group, and with which title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer_title: Option<String>,
}

impl Settings {
    pub fn is_default(&self) -> bool {
        *self == Settings::default()
    }
}

/// The texts of one document's head and end, settled.
#[derive(Debug, Clone, PartialEq)]
pub struct Letterhead {
    pub layout: Layout,
    pub higher_body: String,
    pub issuing_body: String,
    pub abbreviation: String,
    pub place: String,
    /// `YYYY-MM-DD`, the document's date.
    pub date: String,
    /// The number, when the user gives one; blank for the office.
    pub number: Option<String>,
    pub recipients: Vec<String>,
    /// `TỔ TRƯỞNG`.
    pub signer_title: String,
    /// The leader's full name; empty when nobody is marked leader.
    pub signer: String,
}

impl Letterhead {
    /// The head and end for `group`, from the assignments and the settings.
    pub fn new(data: &Assignments, group: &Group, s: &Settings, layout: Layout, date: &str) -> Letterhead {
        let issued_by = data.sources.get(group.source).and_then(|src| src.issued_by.clone());
        let higher = s.higher_body.clone().or_else(|| issued_by.as_deref().map(higher_body)).unwrap_or_default();
        let recipients = s.recipients.clone().unwrap_or_else(|| {
            let mut r = Vec::new();
            if let Some(by) = &issued_by {
                r.push(format!("{by} (để b/c)"));
            }
            let communes: Vec<&str> = group.communes.iter().map(|c| c.name.as_str()).collect();
            if !communes.is_empty() {
                r.push(format!("Đảng ủy: {}", communes.join(", ")));
            }
            r.push("Thành viên tổ công tác".to_owned());
            r
        });
        Letterhead {
            layout,
            higher_body: upper(&higher),
            issuing_body: upper(s.issuing_body.as_deref().unwrap_or(&group.name)),
            abbreviation: s.abbreviation.clone().unwrap_or_else(|| initials(&group.name)),
            place: s.place.clone().or_else(|| issued_by.as_deref().and_then(place)).unwrap_or_default(),
            date: date.to_owned(),
            number: None,
            recipients,
            signer_title: upper(s.signer_title.as_deref().unwrap_or("Tổ trưởng")),
            signer: s.signer.clone().or_else(|| leader(group).map(str::to_owned)).unwrap_or_default(),
        }
    }

    /// `Số      -BC/TCT` (Party) or `Số:      /BC-TCT` (state), the
    /// number left blank for the office unless given. `kind` is the type's
    /// abbreviation (`BC`, `BB`).
    pub fn number_line(&self, kind: &str) -> String {
        let n = self.number.clone().unwrap_or_else(|| "\u{a0}".repeat(6));
        match self.layout {
            Layout::Party => format!("Số {n}-{kind}/{}", self.abbreviation),
            Layout::State => format!("Số: {n}/{kind}-{}", self.abbreviation),
        }
    }

    /// `Bình Sơn, ngày 23 tháng 11 năm 2026`.
    pub fn place_date(&self) -> String {
        let place = if self.place.is_empty() { "……………" } else { &self.place };
        format!("{place}, {}", long_date(&self.date))
    }

    /// The head, the type (`BÁO CÁO`) and the summary, into `doc`.
    pub fn head(&self, doc: &mut Doc, kind_name: &str, kind: &str, summary: &str) {
        let line = |text: &str| Para::line(Align::Center).run(Run::new(text).size(13.0));
        let (left, right) = (56 * MM, TEXT_WIDTH - 56 * MM);
        let number = line(&self.number_line(kind));
        let date = Para::line(Align::Center).run(Run::new(self.place_date()).italic().size(13.0));
        let rows = match self.layout {
            Layout::Party => vec![
                vec![
                    vec![line(&self.higher_body)],
                    vec![
                        Para::line(Align::Right).run(Run::new("ĐẢNG CỘNG SẢN VIỆT NAM").bold().underline().size(15.0)),
                    ],
                ],
                vec![
                    vec![
                        Para::line(Align::Center).run(Run::new(&self.issuing_body).bold().size(14.0)),
                        Para::line(Align::Center).run(Run::new("*").size(13.0)),
                        number,
                    ],
                    vec![Para::line(Align::Center), Para::line(Align::Center), date],
                ],
            ],
            Layout::State => vec![
                vec![
                    vec![line(&self.higher_body)],
                    vec![
                        Para::line(Align::Center).run(Run::new("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold().size(12.0)),
                    ],
                ],
                vec![
                    vec![
                        Para::line(Align::Center).run(Run::new(&self.issuing_body).bold().size(13.0)),
                        // The short rule under the issuing body.
                        Para::line(Align::Center).run(Run::new("\u{a0}".repeat(16)).underline().size(8.0)),
                        number,
                    ],
                    vec![
                        Para::line(Align::Center)
                            .run(Run::new("Độc lập - Tự do - Hạnh phúc").bold().underline().size(13.0)),
                        Para::line(Align::Center).run(Run::new("\u{a0}").size(8.0)),
                        date,
                    ],
                ],
            ],
        };
        doc.table(Table { widths: vec![left, right], borders: false, header_row: false, rows });
        doc.push(Para::line(Align::Center).space(18.0, 0.0).keep_next().run(Run::new(kind_name).bold().size(15.0)));
        doc.push(Para::line(Align::Center).space(0.0, 12.0).keep_next().run(Run::new(summary).bold().size(14.0)));
    }

    /// Recipients on the left, the signature block on the right.
    pub fn end(&self, doc: &mut Doc, on_behalf: &str) {
        let (left, right) = (TEXT_WIDTH / 2, TEXT_WIDTH - TEXT_WIDTH / 2);
        let mut recipients =
            vec![Para::line(Align::Left).run(Run::new("Nơi nhận:").bold().italic().underline().size(12.0))];
        for r in &self.recipients {
            recipients.push(Para::line(Align::Left).run(Run::new(format!("- {r},")).size(11.0)));
        }
        recipients.push(Para::line(Align::Left).run(Run::new("- Lưu.").size(11.0)));
        let sign = signature(on_behalf, &self.signer_title, &self.signer);
        doc.push(Para::line(Align::Left).space(6.0, 0.0));
        doc.table(Table {
            widths: vec![left, right],
            borders: false,
            header_row: false,
            rows: vec![vec![recipients, sign]],
        });
    }
}

/// A signature block: `T/M TỔ CÔNG TÁC`, `TỔ TRƯỞNG`, room to sign, the
/// name in bold (a dotted line to fill when unknown).
pub fn signature(on_behalf: &str, title: &str, name: &str) -> Vec<Para> {
    let bold = |t: &str| Para::line(Align::Center).run(Run::new(t).bold().size(14.0));
    let mut out = Vec::new();
    if !on_behalf.is_empty() {
        out.push(bold(on_behalf));
    }
    if !title.is_empty() {
        out.push(bold(title));
    }
    out.push(Para::line(Align::Center).space(0.0, 60.0));
    out.push(bold(if name.is_empty() { "……………………" } else { name }));
    out
}

/// Capitals the Vietnamese way (`Tổ công tác 1659` → `TỔ CÔNG TÁC 1659`).
pub fn upper(s: &str) -> String {
    s.to_uppercase()
}

/// `Ban Thường vụ Huyện ủy Bình Sơn` → `Huyện ủy Bình Sơn`: the committee
/// whose standing board issued the assignments is the higher body.
fn higher_body(issued_by: &str) -> String {
    let folded = crate::text::fold(issued_by);
    for prefix in ["ban thuong vu ", "ban thuong truc "] {
        if folded.starts_with(prefix) {
            let words = prefix.split_whitespace().count();
            return issued_by.split_whitespace().skip(words).collect::<Vec<_>>().join(" ");
        }
    }
    issued_by.to_owned()
}

/// The place in a body's name: the words after the last word naming a
/// kind of body or unit (`Ban Thường vụ Huyện ủy Bình Sơn` → `Bình Sơn`,
/// `UBND xã Bình Thanh` → `Bình Thanh`).
fn place(issued_by: &str) -> Option<String> {
    const UNITS: [&str; 10] = ["uy", "xa", "huyen", "tinh", "phuong", "tran", "pho", "quan", "ubnd", "khu"];
    // A remark in brackets is not part of the name.
    let name = issued_by.split(" (").next().unwrap_or(issued_by);
    let words: Vec<&str> = name.split_whitespace().collect();
    let last = words.iter().rposition(|w| UNITS.contains(&crate::text::fold(w).as_str()))?;
    let rest = words[last + 1..].join(" ");
    (!rest.is_empty()).then_some(rest)
}

/// The initials of a name's words, digits left out: `Tổ công tác 1659` →
/// `TCT`.
pub fn initials(name: &str) -> String {
    let mut out = String::new();
    for c in name.split_whitespace().filter_map(|w| w.chars().next()).filter(|c| c.is_alphabetic()) {
        match c {
            'đ' | 'Đ' => out.push('Đ'),
            c => out.push_str(&crate::text::fold(&c.to_string()).to_uppercase()),
        }
    }
    out
}

/// The group's leader: the member whose role says `tổ trưởng`, else one
/// whose role says `trưởng` (`Trưởng đoàn`).
pub fn leader(group: &Group) -> Option<&str> {
    let role = |m: &&crate::assignments::Member| m.role.as_deref().map(crate::text::fold).unwrap_or_default();
    group
        .members
        .iter()
        .find(|m| role(m).contains("to truong"))
        .or_else(|| group.members.iter().find(|m| role(m).split_whitespace().any(|w| w == "truong")))
        .map(|m| m.name.as_str())
}

/// `ngày 23 tháng 11 năm 2026`; days below 10 and the months January and
/// February written with a leading zero (Nghị định 30, Appendix I).
pub fn long_date(date: &str) -> String {
    match date.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] => {
            let (m, d) = (m.parse::<u32>().unwrap_or(0), d.parse::<u32>().unwrap_or(0));
            let month = if m <= 2 { format!("{m:02}") } else { m.to_string() };
            let day = if d < 10 { format!("{d:02}") } else { d.to_string() };
            format!("ngày {day} tháng {month} năm {y}")
        }
        _ => date.to_owned(),
    }
}

/// `23/11/2026`, for tables and lists.
pub fn short_date(date: &str) -> String {
    match date.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => date.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_come_from_the_assignments() {
        assert_eq!(higher_body("Ban Thường vụ Huyện ủy Bình Sơn"), "Huyện ủy Bình Sơn");
        assert_eq!(upper(&higher_body("Ban Thường vụ Huyện ủy Bình Sơn")), "HUYỆN ỦY BÌNH SƠN");
        assert_eq!(place("Ban Thường vụ Huyện ủy Bình Sơn").as_deref(), Some("Bình Sơn"));
        assert_eq!(place("UBND xã Bình Thanh").as_deref(), Some("Bình Thanh"));
        assert_eq!(place("Tỉnh ủy"), None);
        assert_eq!(place("Ban Thường vụ Huyện ủy Bình Sơn (dữ liệu mẫu)").as_deref(), Some("Bình Sơn"));
        assert_eq!(initials("Tổ công tác 1659"), "TCT");
        assert_eq!(initials("Đoàn kiểm tra số 2"), "ĐKTS");
    }

    #[test]
    fn dates_are_written_as_the_decree_says() {
        assert_eq!(long_date("2026-11-23"), "ngày 23 tháng 11 năm 2026");
        assert_eq!(long_date("2026-02-05"), "ngày 05 tháng 02 năm 2026");
        assert_eq!(long_date("2024-05-12"), "ngày 12 tháng 5 năm 2024");
        assert_eq!(short_date("2024-05-02"), "02/05/2024");
    }

    #[test]
    fn numbers_follow_each_layout() {
        let data = crate::demo::assignments();
        let g = &data.groups[0];
        let mut lh = Letterhead::new(&data, g, &Settings::default(), Layout::Party, "2026-11-23");
        assert_eq!(lh.number_line("BC"), format!("Số {}-BC/TCT", "\u{a0}".repeat(6)));
        lh.layout = Layout::State;
        lh.number = Some("12".into());
        assert_eq!(lh.number_line("BC"), "Số: 12/BC-TCT");
        assert_eq!(lh.issuing_body, "TỔ CÔNG TÁC 1659");
    }
}
