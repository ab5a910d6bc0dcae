//! Assignments as a workbook to fill or keep: the sheets of [`layout`],
//! drop-down lists wherever a cell must name something, and a sheet of
//! instructions in Vietnamese. `template` and `convert` both write it.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};

use super::layout::{Col, SHEETS, SheetDef, SheetKind, column_letters};
use crate::assignments::{Assignments, Commune, Group};
use crate::checklist::Checklist;

/// Rows under the data that keep the drop-downs, for what is added later.
const ROOM: u32 = 1000;

/// The lists the drop-downs offer, on the hidden sheet "Danh mục".
struct Lists {
    columns: Vec<(&'static str, Vec<String>)>,
}

impl Lists {
    fn formula(&self, title: &str) -> Option<Formula> {
        let (i, (_, items)) = self.columns.iter().enumerate().find(|(_, (t, _))| *t == title)?;
        let col = column_letters(i as u32);
        let last = items.len().max(1) + 1;
        Some(Formula::new(format!("='{}'!${col}$2:${col}${last}", super::layout::QUIET_SHEETS[1].0)))
    }
}

/// The workbook's bytes.
pub fn to_workbook(a: &Assignments, checklist: &Checklist) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let head = Format::new().set_bold().set_background_color("#D9E1F2").set_border(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap();
    instructions(wb.add_worksheet(), checklist, &head, &wrap)?;
    let lists = lists(a, checklist);
    for def in SHEETS {
        let ws = wb.add_worksheet();
        ws.set_name(def.vi)?;
        for (c, col) in def.columns.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, col.vi(), &head)?;
            ws.set_column_width(c as u16, width(*col))?;
        }
        ws.set_freeze_panes(1, 0)?;
        let rows = rows(a, def.kind);
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let r = r as u32 + 1;
                match cell {
                    Cell::Text(s) if !s.is_empty() => {
                        ws.write_string(r, c as u16, s)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, c as u16, *n)?;
                    }
                    Cell::Text(_) => {}
                }
            }
        }
        let last = rows.len() as u32 + ROOM;
        for (c, col) in def.columns.iter().enumerate() {
            if let Some(v) = validation(*col, &lists)? {
                ws.add_data_validation(1, c as u16, last, c as u16, &v)?;
            }
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name(super::layout::QUIET_SHEETS[1].0)?;
    for (c, (title, items)) in lists.columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *title, &head)?;
        for (r, item) in items.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, item)?;
        }
    }
    ws.set_hidden(true);
    wb.save_to_buffer()
}

pub(super) enum Cell {
    Text(String),
    Number(f64),
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

fn opt(s: &Option<String>) -> Cell {
    Cell::Text(s.clone().unwrap_or_default())
}

fn communes(a: &Assignments) -> impl Iterator<Item = (&Group, &Commune)> {
    a.groups.iter().flat_map(|g| g.communes.iter().map(move |c| (g, c)))
}

/// One sheet's rows, in its columns' order.
pub(super) fn rows(a: &Assignments, kind: SheetKind) -> Vec<Vec<Cell>> {
    let src = a.sources.first();
    match kind {
        SheetKind::Info => vec![vec![
            opt(&src.and_then(|s| s.issued_by.clone())),
            opt(&src.and_then(|s| s.issued_on.clone())),
            Cell::Number(crate::assignments::VERSION as f64),
        ]],
        SheetKind::Groups => a.groups.iter().map(|g| vec![text(&g.id), text(&g.name)]).collect(),
        SheetKind::Members => a
            .groups
            .iter()
            .flat_map(|g| g.members.iter().map(move |m| vec![text(&g.id), text(&m.id), text(&m.name), opt(&m.role)]))
            .collect(),
        SheetKind::Communes => communes(a)
            .map(|(g, c)| {
                let olds: Vec<String> = c
                    .merged_from
                    .iter()
                    .map(|o| o.name.as_ref().map_or(o.id.clone(), |n| format!("{} ({n})", o.id)))
                    .collect();
                vec![text(&g.id), text(&c.id), text(&c.name), text(&c.assigned.join(", ")), text(&olds.join(", "))]
            })
            .collect(),
        SheetKind::Cells => communes(a)
            .flat_map(|(_, c)| {
                c.cells.iter().map(move |k| {
                    let n = k.members.map_or(text(""), |n| Cell::Number(n as f64));
                    vec![text(&c.id), text(&k.id), text(&k.name), n, text(&k.assigned.join(", "))]
                })
            })
            .collect(),
        SheetKind::Weaknesses => communes(a)
            .flat_map(|(_, c)| c.weaknesses.iter().map(move |w| vec![text(&c.id), text(&w.code), opt(&w.note)]))
            .collect(),
        SheetKind::Baselines => communes(a)
            .flat_map(|(_, c)| {
                c.weaknesses.iter().flat_map(move |w| {
                    w.baseline.iter().map(move |(k, v)| vec![text(&c.id), text(&w.code), text(k), Cell::Number(*v)])
                })
            })
            .collect(),
        SheetKind::Contacts => communes(a)
            .flat_map(|(_, c)| {
                c.contacts.iter().map(move |k| vec![text(&c.id), text(&k.name), opt(&k.role), opt(&k.phone)])
            })
            .collect(),
    }
}

fn lists(a: &Assignments, checklist: &Checklist) -> Lists {
    let mut keys: Vec<String> =
        checklist.items.iter().flat_map(|i| i.numbers.iter().map(|n| n.key.clone())).collect::<Vec<_>>();
    keys.sort();
    keys.dedup();
    Lists {
        columns: vec![
            (Col::GroupId.vi(), a.groups.iter().map(|g| g.id.clone()).collect()),
            (Col::MemberId.vi(), a.groups.iter().flat_map(|g| g.members.iter().map(|m| m.id.clone())).collect()),
            (Col::CommuneId.vi(), communes(a).map(|(_, c)| c.id.clone()).collect()),
            (Col::Code.vi(), checklist.items.iter().map(|i| i.code.clone()).collect()),
            (Col::NumberKey.vi(), keys),
        ],
    }
}

/// The drop-down (or number rule) a column's cells get.
fn validation(col: Col, lists: &Lists) -> Result<Option<DataValidation>, XlsxError> {
    let list = |title: &str| lists.formula(title).map(|f| DataValidation::new().allow_list_formula(f));
    let v = match col {
        Col::GroupId => list(Col::GroupId.vi()),
        Col::CommuneId => list(Col::CommuneId.vi()),
        Col::Code => list(Col::Code.vi()),
        Col::NumberKey => list(Col::NumberKey.vi()),
        // Several members may share a commune: the list helps with one and
        // a warning (not a refusal) lets "nva, ttb" through.
        Col::Assigned => list(Col::MemberId.vi()).map(|v| {
            v.set_error_style(DataValidationErrorStyle::Information)
                .set_error_message("Nhiều người thì ghi các mã cách nhau bằng dấu phẩy, ví dụ: nva, ttb")
                .unwrap_or_else(|_| DataValidation::new())
        }),
        Col::PartyMembers => {
            Some(DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)))
        }
        Col::Value => Some(DataValidation::new().allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))),
        _ => None,
    };
    Ok(v)
}

fn width(col: Col) -> f64 {
    match col {
        Col::GroupName | Col::CommuneName | Col::CellName | Col::PersonName | Col::IssuedBy => 30.0,
        Col::Note => 50.0,
        Col::Assigned | Col::MergedFrom | Col::Role => 22.0,
        _ => 16.0,
    }
}

fn instructions(ws: &mut Worksheet, checklist: &Checklist, head: &Format, wrap: &Format) -> Result<(), XlsxError> {
    ws.set_name(super::layout::QUIET_SHEETS[0].0)?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 90)?;
    let mut r = 0;
    let mut line = |ws: &mut Worksheet, a: &str, b: &str| -> Result<(), XlsxError> {
        ws.write_string_with_format(r, 0, a, head)?;
        ws.write_string_with_format(r, 1, b, wrap)?;
        r += 1;
        Ok(())
    };
    line(
        ws,
        "Bảng phân công",
        "Mỗi trang là một bảng; dòng đầu là tiêu đề cột, giữ nguyên tên cột. Mỗi dòng ghi mã của dòng cha (Mã tổ, Mã xã) để nối các trang với nhau. Dòng mẫu thứ 2 của mỗi trang có thể sửa hoặc xóa. Kiểm tra bằng lệnh: sotay check TỆP.xlsx",
    )?;
    for def in SHEETS {
        line(ws, def.vi, sheet_help(def))?;
    }
    line(
        ws,
        "Danh mục kiểm tra",
        "Mã hạn chế dùng được (cột Mã hạn chế) và số liệu của từng mục (cột Số liệu ở trang Mức ban đầu):",
    )?;
    for item in &checklist.items {
        let keys: Vec<&str> = item.numbers.iter().map(|n| n.key.as_str()).collect();
        let b = if keys.is_empty() {
            item.label.vi.clone()
        } else {
            format!("{} — số liệu: {}", item.label.vi, keys.join(", "))
        };
        line(ws, &item.code, &b)?;
    }
    ws.set_active(true);
    Ok(())
}

fn sheet_help(def: &SheetDef) -> &'static str {
    match def.kind {
        SheetKind::Info => {
            "Một dòng: đơn vị giao, ngày giao (NĂM-THÁNG-NGÀY hoặc ô kiểu ngày), phiên bản (để 1). Có thể bỏ trống."
        }
        SheetKind::Groups => "Mỗi tổ công tác một dòng. Mã tổ không trùng trong tệp.",
        SheetKind::Members => {
            "Mỗi thành viên một dòng, ghi Mã tổ của tổ mình. Mã thành viên không trùng trong tổ; mỗi tổ ít nhất một người."
        }
        SheetKind::Communes => {
            "Mỗi xã một dòng. Phụ trách: mã thành viên của tổ, nhiều người cách nhau bằng dấu phẩy. Sáp nhập từ: mã các xã cũ đã sáp nhập vào xã này (nếu có), cách nhau bằng dấu phẩy; các lần làm việc trước với xã cũ sẽ hiện trong lịch sử của xã mới."
        }
        SheetKind::Cells => "Mỗi chi bộ một dòng, ghi Mã xã. Số đảng viên là số nguyên.",
        SheetKind::Weaknesses => {
            "Hạn chế đã biết của xã: Mã hạn chế chọn trong danh sách (xem cuối trang này), Ghi chú tùy ý."
        }
        SheetKind::Baselines => {
            "Mức trước lần làm việc đầu: một dòng cho mỗi số liệu của một hạn chế đã có ở trang Hạn chế."
        }
        SheetKind::Contacts => "Người liên hệ ở xã: họ tên, chức vụ, điện thoại.",
    }
}
