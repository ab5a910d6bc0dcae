//! The fixed words of the reports and of `sotay export`'s messages, in
//! Vietnamese and English.

use std::path::Path;

use crate::i18n::Lang;

/// Column headers and section titles.
pub struct Words {
    pub visit: &'static str,
    pub date: &'static str,
    pub group: &'static str,
    pub commune_id: &'static str,
    pub commune: &'static str,
    pub members: &'static str,
    pub cells: &'static str,
    pub finalized: &'static str,
    pub items_assessed: &'static str,
    pub item_code: &'static str,
    pub item: &'static str,
    pub status_code: &'static str,
    pub status: &'static str,
    pub rating: &'static str,
    pub note: &'static str,
    pub cell: &'static str,
    /// The cell-meeting sub-form's yes/no checks.
    pub flags: &'static str,
    pub numbers: &'static str,
    pub number_key: &'static str,
    pub number: &'static str,
    pub value: &'static str,
    pub unit: &'static str,
    pub computed: &'static str,
    pub follow_ups: &'static str,
    pub follow_up: &'static str,
    pub what: &'static str,
    pub who: &'static str,
    pub due: &'static str,
    pub done: &'static str,
    pub overdue: &'static str,
    pub field: &'static str,
    pub by: &'static str,
    pub at: &'static str,
    pub deleted: &'static str,
    pub sheet_visits: &'static str,
    pub sheet_findings: &'static str,
    pub sheet_numbers: &'static str,
    pub sheet_follow_ups: &'static str,
    pub sheet_conflicts: &'static str,
    pub title: &'static str,
    pub period: &'static str,
    pub whole_period: &'static str,
    pub made_on: &'static str,
    pub visits_made: &'static str,
    pub fixed: &'static str,
    pub remaining: &'static str,
    pub moved: &'static str,
    pub open_follow_ups: &'static str,
    pub not_assessed_in_period: &'static str,
    pub no_visits: &'static str,
    pub not_visited: &'static str,
    pub conflicts: &'static str,
    pub conflicts_hint: &'static str,
    pub nothing: &'static str,
    pub no_due: &'static str,
    pub unfinished: &'static str,
    pub weakness_was: &'static str,
    pub other_items: &'static str,
    pub first_value: &'static str,
    pub meetings: &'static str,
    pub times_in: &'static str,
}

pub const VI: Words = Words {
    visit: "Mã lần làm việc",
    date: "Ngày",
    group: "Tổ công tác",
    commune_id: "Mã xã",
    commune: "Xã/phường",
    members: "Thành viên dự",
    cells: "Chi bộ dự",
    finalized: "Đã hoàn tất",
    items_assessed: "Số nội dung đã đánh giá",
    item_code: "Mã nội dung",
    item: "Nội dung",
    status_code: "Mã tình trạng",
    status: "Tình trạng",
    rating: "Xếp loại",
    note: "Ghi chú",
    cell: "Chi bộ",
    flags: "Tiêu chí sinh hoạt chi bộ",
    numbers: "Số liệu",
    number_key: "Mã số liệu",
    number: "Số liệu",
    value: "Giá trị",
    unit: "Đơn vị",
    computed: "Tự tính",
    follow_ups: "Kiến nghị",
    follow_up: "Mã kiến nghị",
    what: "Nội dung kiến nghị",
    who: "Người chịu trách nhiệm",
    due: "Hạn",
    done: "Đã thực hiện",
    overdue: "Quá hạn",
    field: "Trường",
    by: "Người ghi",
    at: "Thời điểm",
    deleted: "(đã xóa)",
    sheet_visits: "Lần làm việc",
    sheet_findings: "Kết quả",
    sheet_numbers: "Số liệu",
    sheet_follow_ups: "Kiến nghị",
    sheet_conflicts: "Xung đột",
    title: "Báo cáo kết quả làm việc của tổ công tác",
    period: "Kỳ báo cáo",
    whole_period: "toàn bộ",
    made_on: "Ngày lập",
    visits_made: "Các lần làm việc",
    fixed: "Hạn chế đã khắc phục",
    remaining: "Hạn chế còn tồn tại, nguyên nhân",
    moved: "Số liệu (ban đầu → lần trước → hiện nay)",
    open_follow_ups: "Kiến nghị chưa thực hiện",
    not_assessed_in_period: "chưa đánh giá trong kỳ",
    no_visits: "Không có lần làm việc nào trong kỳ.",
    not_visited: "Chưa làm việc trong kỳ",
    conflicts: "Dữ liệu ghi khác nhau chưa thống nhất",
    conflicts_hint: "trường có giá trị khác nhau giữa các máy; cần thống nhất trong sotay",
    nothing: "Không có.",
    no_due: "chưa có hạn",
    unfinished: "chưa hoàn tất",
    weakness_was: "Hạn chế đã chỉ ra",
    other_items: "Các nội dung khác",
    first_value: "lần đầu ghi nhận",
    meetings: "Chất lượng sinh hoạt chi bộ",
    times_in: "Giờ theo múi giờ",
};

pub const EN: Words = Words {
    visit: "Visit id",
    date: "Date",
    group: "Working group",
    commune_id: "Commune id",
    commune: "Commune",
    members: "Members present",
    cells: "Cells attended",
    finalized: "Finalized",
    items_assessed: "Items assessed",
    item_code: "Item code",
    item: "Item",
    status_code: "Status code",
    status: "Status",
    rating: "Rating",
    note: "Note",
    cell: "Cell",
    flags: "Cell-meeting checks",
    numbers: "Numbers",
    number_key: "Number key",
    number: "Number",
    value: "Value",
    unit: "Unit",
    computed: "Computed",
    follow_ups: "Follow-ups",
    follow_up: "Follow-up id",
    what: "Follow-up",
    who: "Responsible",
    due: "Due",
    done: "Done",
    overdue: "Overdue",
    field: "Field",
    by: "Recorded by",
    at: "At",
    deleted: "(deleted)",
    sheet_visits: "Visits",
    sheet_findings: "Findings",
    sheet_numbers: "Numbers",
    sheet_follow_ups: "Follow-ups",
    sheet_conflicts: "Conflicts",
    title: "Working group report",
    period: "Period",
    whole_period: "all dates",
    made_on: "Made on",
    visits_made: "Visits made",
    fixed: "Weaknesses fixed",
    remaining: "Weaknesses remaining, and why",
    moved: "Numbers (start → last visit → now)",
    open_follow_ups: "Open follow-ups",
    not_assessed_in_period: "not assessed in the period",
    no_visits: "No visits in the period.",
    not_visited: "Not visited in the period",
    conflicts: "Unresolved conflicting records",
    conflicts_hint: "fields recorded differently on different devices; settle them in sotay",
    nothing: "None.",
    no_due: "no deadline",
    unfinished: "not finalized",
    weakness_was: "Weakness noted",
    other_items: "Other items",
    first_value: "first recorded",
    meetings: "Cell meetings",
    times_in: "Times in the zone",
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// Why `sotay export` refuses to run: each renders as one sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    BadDate { flag: &'static str, value: String },
    FromAfterTo { from: String, to: String },
    NeedsOut { format: &'static str },
    UnknownGroup(String),
    NoFolder(String),
    IsFolder(String),
    Unwritable { path: String, reason: String },
    Assignments,
    NoAssignments,
    IdsOnly,
    ChooseGroup(Vec<String>),
    UnknownVisit(String),
    Unfinished(String),
    ConflictsPending(usize),
}

impl Refusal {
    pub fn message(&self, lang: Lang) -> String {
        use Refusal::*;
        match (self, lang) {
            (BadDate { flag, value }, Lang::Vi) => {
                format!("{flag} \"{value}\" không phải là ngày hợp lệ; hãy viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2025-06-30.")
            }
            (BadDate { flag, value }, Lang::En) => {
                format!("{flag} \"{value}\" is not a valid date; write it as YYYY-MM-DD, for example 2025-06-30.")
            }
            (FromAfterTo { from, to }, Lang::Vi) => format!("--from {from} ở sau --to {to}; kỳ báo cáo bị ngược."),
            (FromAfterTo { from, to }, Lang::En) => format!("--from {from} is after --to {to}; the period is reversed."),
            (NeedsOut { format }, Lang::Vi) => {
                format!("Định dạng {format} cần tên tệp để ghi: thêm --out TỆP.{format}.")
            }
            (NeedsOut { format }, Lang::En) => format!("The {format} format needs a file to write: add --out FILE.{format}."),
            (UnknownGroup(g), Lang::Vi) => format!("Không có tổ công tác \"{g}\" trong các tệp phân công đã nạp."),
            (UnknownGroup(g), Lang::En) => format!("There is no working group \"{g}\" in the loaded assignments."),
            (NoFolder(p), Lang::Vi) => format!("{p}: thư mục chứa tệp này không tồn tại."),
            (NoFolder(p), Lang::En) => format!("{p}: the folder for this file does not exist."),
            (IsFolder(p), Lang::Vi) => format!("{p}: đây là một thư mục, không phải tệp."),
            (IsFolder(p), Lang::En) => format!("{p}: this is a folder, not a file."),
            (Unwritable { path, reason }, Lang::Vi) => format!("{path}: không ghi được tệp ({reason})."),
            (Unwritable { path, reason }, Lang::En) => format!("{path}: cannot write the file ({reason})."),
            (Assignments, Lang::Vi) => {
                "Các tệp phân công đã nạp có lỗi (xem trên); sửa rồi nạp lại bằng sotay open TỆP.".to_owned()
            }
            (NoAssignments, Lang::Vi) => "Chưa nạp tệp phân công nên chưa biết tên tổ, xã và thành viên để lập văn bản; \
                 hãy nạp bằng sotay open TỆP rồi chạy lại."
                .to_owned(),
            (NoAssignments, Lang::En) => "No assignments file is loaded, so the group, commune and member names for the \
                 document are unknown; load one with sotay open FILE and run again."
                .to_owned(),
            (IdsOnly, Lang::Vi) => {
                "Lưu ý: chưa nạp tệp phân công; tổ, xã, thành viên và chi bộ được ghi bằng mã.".to_owned()
            }
            (IdsOnly, Lang::En) => {
                "Note: no assignments file is loaded; groups, communes, members and cells are shown by their ids."
                    .to_owned()
            }
            (ChooseGroup(ids), Lang::Vi) => {
                format!("Báo cáo docx là của một tổ công tác; hãy chọn bằng --group ({}).", ids.join(", "))
            }
            (ChooseGroup(ids), Lang::En) => {
                format!("The docx report is one working group's; choose it with --group ({}).", ids.join(", "))
            }
            (UnknownVisit(id), Lang::Vi) => {
                format!("Không có lần làm việc \"{id}\"; mã lần làm việc có trong bản xuất json (visits[].id).")
            }
            (UnknownVisit(id), Lang::En) => {
                format!("There is no visit \"{id}\"; visit ids are in the JSON export (visits[].id).")
            }
            (ConflictsPending(n), Lang::Vi) => format!(
                "Lưu ý: còn {n} chỗ ghi khác nhau giữa các máy chưa thống nhất (không đưa vào báo cáo); \
                 hãy thống nhất trong sotay (phím C ở danh sách xã) trước khi gửi."
            ),
            (ConflictsPending(n), Lang::En) => format!(
                "Note: {n} fields were recorded differently on different devices and are not settled (left out of \
                 the report); settle them in sotay (key C in the commune list) before sending."
            ),
            (Unfinished(date), Lang::Vi) => {
                format!("Lưu ý: lần làm việc ngày {date} chưa hoàn tất trong sotay; biên bản ghi những gì đã nhập.")
            }
            (Unfinished(date), Lang::En) => {
                format!("Note: the visit of {date} is not finalized in sotay; the minutes hold what was entered.")
            }
            (Assignments, Lang::En) => {
                "The loaded assignments files have problems (listed above); fix them and load again with sotay open FILE."
                    .to_owned()
            }
        }
    }
}

/// A path for a message.
pub fn shown(path: &Path) -> String {
    path.display().to_string()
}
