//! Every user-facing string, in Vietnamese and English.

mod board;
mod store;

pub use board::{BoardStrings, board};

use crate::assignments::VERSION;
use crate::jsondoc::{Expected, IdKind, ProblemKind};

/// The UI language. Vietnamese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// The fixed texts of the interface.
pub struct Strings {
    pub app: &'static str,
    pub demo: &'static str,
    pub demo_hint: &'static str,
    pub me: &'static str,
    pub group: &'static str,
    pub col_commune: &'static str,
    pub col_assigned: &'static str,
    pub col_weaknesses: &'static str,
    pub col_cells: &'static str,
    pub communes: &'static str,
    pub contacts: &'static str,
    pub cells: &'static str,
    pub weaknesses: &'static str,
    pub baseline: &'static str,
    pub in_charge: &'static str,
    pub party_members: &'static str,
    pub none: &'static str,
    pub search: &'static str,
    pub no_match: &'static str,
    pub help_title: &'static str,
    pub help_close: &'static str,
    pub too_small: &'static str,
    pub who_title: &'static str,
    pub who_hint: &'static str,
    pub groups_title: &'static str,
    pub hint_browse: &'static str,
    pub hint_filter: &'static str,
    pub ctx_browse: &'static str,
    pub ctx_filter: &'static str,
    pub ctx_pick: &'static str,
    pub ctx_everywhere: &'static str,
    pub check_ok: &'static str,
    pub opened: &'static str,
    pub refused: &'static str,
    /// After the problems of a remembered assignments copy.
    pub copy_broken: &'static str,
    /// Before the name of a broken remembered copy `open` lets go of.
    pub copy_dropped: &'static str,
    /// After the problems of the remembered checklist copy.
    pub checklist_broken: &'static str,
    /// After the problems the remembered assignments have with a new
    /// checklist.
    pub checklist_unfit: &'static str,
}

pub const VI: Strings = Strings {
    app: "Sổ tay",
    demo: "DỮ LIỆU MẪU",
    demo_hint: "Đang xem dữ liệu mẫu. Nạp tệp phân công: sotay open TỆP.json",
    me: "Tôi",
    group: "Tổ",
    col_commune: "Xã/phường",
    col_assigned: "Phụ trách",
    col_weaknesses: "Hạn chế",
    col_cells: "Chi bộ",
    communes: "Các xã được phân công",
    contacts: "Liên hệ",
    cells: "Chi bộ",
    weaknesses: "Hạn chế đã biết",
    baseline: "Mức ban đầu",
    in_charge: "phụ trách",
    party_members: "đảng viên",
    none: "(không có)",
    search: "Tìm",
    no_match: "Không có xã nào khớp",
    help_title: "Phím tắt",
    help_close: "j/k cuộn · phím khác để đóng",
    too_small: "Cửa sổ quá nhỏ: cần ít nhất 40×12",
    who_title: "Bạn là ai?",
    who_hint: "Chọn tên mình trong tổ, rồi nhấn Enter",
    groups_title: "Chọn tổ công tác",
    hint_browse: "n làm việc · Enter các lần · d tổng hợp · / tìm · ? trợ giúp · q thoát",
    hint_filter: "Gõ để lọc · Enter xong · Esc xóa",
    ctx_browse: "Danh sách xã",
    ctx_filter: "Khi đang tìm",
    ctx_pick: "Khi chọn trong danh sách",
    ctx_everywhere: "Mọi nơi",
    check_ok: "hợp lệ",
    opened: "Đã nạp và ghi nhớ",
    refused: "Không nạp: tệp có lỗi, dữ liệu đã lưu không thay đổi",
    copy_broken: "Bản sao tệp phân công đã ghi nhớ bị mất hoặc hỏng. Hãy nạp lại tệp gốc: sotay open TỆP.json",
    copy_dropped: "Bỏ bản sao đã ghi nhớ bị mất hoặc hỏng",
    checklist_broken: "Bản sao danh mục kiểm tra đã ghi nhớ bị mất hoặc hỏng. Hãy chọn lại: sotay --checklist TỆP.json, hoặc dùng danh mục có sẵn: sotay --checklist builtin",
    checklist_unfit: "Không ghi nhớ danh mục này: tệp phân công đã nạp không khớp với nó; dữ liệu đã lưu không thay đổi",
};

pub const EN: Strings = Strings {
    app: "Sotay",
    demo: "DEMO DATA",
    demo_hint: "Showing demo data. Load an assignments file: sotay open FILE.json",
    me: "Me",
    group: "Group",
    col_commune: "Commune",
    col_assigned: "In charge",
    col_weaknesses: "Weak.",
    col_cells: "Cells",
    communes: "Assigned communes",
    contacts: "Contacts",
    cells: "Party cells",
    weaknesses: "Known weaknesses",
    baseline: "Baseline",
    in_charge: "in charge",
    party_members: "members",
    none: "(none)",
    search: "Search",
    no_match: "No commune matches",
    help_title: "Keys",
    help_close: "j/k scroll · any other key closes",
    too_small: "Terminal too small: at least 40×12",
    who_title: "Who are you?",
    who_hint: "Pick your name in the group, then press Enter",
    groups_title: "Pick a working group",
    hint_browse: "n visit · Enter visits · d dashboard · / search · ? help · q quit",
    hint_filter: "Type to filter · Enter done · Esc clear",
    ctx_browse: "Commune list",
    ctx_filter: "While searching",
    ctx_pick: "In a pick list",
    ctx_everywhere: "Everywhere",
    check_ok: "valid",
    opened: "Loaded and remembered",
    refused: "Not loaded: the file has errors; stored data is unchanged",
    copy_broken: "A remembered copy of an assignments file is missing or broken. Load the original again: sotay open FILE.json",
    copy_dropped: "Letting go of a remembered copy that is missing or broken",
    checklist_broken: "The remembered checklist copy is missing or broken. Choose again: sotay --checklist FILE.json, or use the built-in one: sotay --checklist builtin",
    checklist_unfit: "This checklist is not remembered: the loaded assignments do not fit it; stored data is unchanged",
};

pub fn s(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

fn id_kind(what: IdKind, lang: Lang) -> &'static str {
    match (what, lang) {
        (IdKind::Group, Lang::Vi) => "tổ",
        (IdKind::Group, Lang::En) => "group",
        (IdKind::Commune, Lang::Vi) => "xã",
        (IdKind::Commune, Lang::En) => "commune",
        (IdKind::Member, Lang::Vi) => "thành viên",
        (IdKind::Member, Lang::En) => "member",
        (IdKind::Cell, Lang::Vi) => "chi bộ",
        (IdKind::Cell, Lang::En) => "cell",
        (IdKind::Weakness, Lang::Vi) => "hạn chế",
        (IdKind::Weakness, Lang::En) => "weakness",
        (IdKind::Item, Lang::Vi) => "mục kiểm tra",
        (IdKind::Item, Lang::En) => "checklist item",
        (IdKind::Number, Lang::Vi) => "chỉ số",
        (IdKind::Number, Lang::En) => "number",
    }
}

fn expected(e: Expected, lang: Lang) -> &'static str {
    match (e, lang) {
        (Expected::Object, Lang::Vi) => "phải là một đối tượng JSON {…}",
        (Expected::Object, Lang::En) => "must be a JSON object {…}",
        (Expected::Array, Lang::Vi) => "phải là một mảng JSON […]",
        (Expected::Array, Lang::En) => "must be a JSON array […]",
        (Expected::String, Lang::Vi) => "phải là một chuỗi trong dấu ngoặc kép",
        (Expected::String, Lang::En) => "must be a string in double quotes",
        (Expected::Integer, Lang::Vi) => "phải là số nguyên không âm",
        (Expected::Integer, Lang::En) => "must be a whole number, 0 or more",
        (Expected::Number, Lang::Vi) => "phải là một số",
        (Expected::Number, Lang::En) => "must be a number",
        (Expected::Percent, Lang::Vi) => "phải là một số từ 0 đến 100 (phần trăm)",
        (Expected::Percent, Lang::En) => "must be a number from 0 to 100 (a percentage)",
    }
}

/// One sentence for a problem in an input file.
pub fn problem(kind: &ProblemKind, lang: Lang) -> String {
    use ProblemKind::*;
    let vi = lang == Lang::Vi;
    match kind {
        NotFound if vi => "không tìm thấy tệp này".into(),
        NotFound => "no such file".into(),
        IsDirectory if vi => "đây là một thư mục, không phải tệp".into(),
        IsDirectory => "this is a directory, not a file".into(),
        NotAFile if vi => "đây không phải tệp thông thường (thiết bị hoặc đường ống); hãy chỉ ra một tệp".into(),
        NotAFile => "this is not a regular file (a device or a pipe); name a file".into(),
        TooLarge { bytes, max } if vi => {
            format!("tệp quá lớn ({} MB; tối đa {} MB), không phải tệp cần mở?", bytes.div_ceil(1 << 20), max >> 20)
        }
        TooLarge { bytes, max } => {
            format!(
                "the file is too large ({} MB; at most {} MB): is it the right file?",
                bytes.div_ceil(1 << 20),
                max >> 20
            )
        }
        NulBytes if vi => "tệp chứa byte 0 từ chỗ này, không phải văn bản (có thể bị ghi dở khi rút USB)".into(),
        NulBytes => "the file holds zero bytes from here on, not text (a copy cut short?)".into(),
        DuplicateKey { key, first } if vi => {
            format!("trường \"{key}\" được ghi hai lần trong cùng một đối tượng (lần đầu tại {first})")
        }
        DuplicateKey { key, first } => {
            format!("the field \"{key}\" is written twice in the same object (first at {first})")
        }
        Unreadable(why) if vi => format!("không đọc được tệp ({why})"),
        Unreadable(why) => format!("cannot read the file ({why})"),
        Empty if vi => "tệp rỗng".into(),
        Empty => "the file is empty".into(),
        Utf16 if vi => {
            "tệp được lưu dạng UTF-16; hãy lưu lại dạng UTF-8 (Notepad: Tệp > Lưu thành…, Mã hóa: UTF-8)".into()
        }
        Utf16 => "the file is saved as UTF-16; save it as UTF-8 (Notepad: File > Save as…, Encoding: UTF-8)".into(),
        NotUtf8 if vi => "tệp không phải văn bản UTF-8 từ chỗ này".into(),
        NotUtf8 => "the file is not UTF-8 text from here on".into(),
        Syntax(why) if vi => format!("JSON không hợp lệ: {why}"),
        Syntax(why) => format!("invalid JSON: {why}"),
        TooDeep(n) if vi => format!("JSON lồng nhau quá {n} tầng"),
        TooDeep(n) => format!("JSON nested more than {n} levels deep"),
        WrongType(e) => expected(*e, lang).into(),
        Missing(f) if vi => format!("thiếu trường bắt buộc \"{f}\""),
        Missing(f) => format!("the required field \"{f}\" is missing"),
        EmptyText if vi => "không được để trống".into(),
        EmptyText => "must not be empty".into(),
        BadFormat(found) if vi => {
            format!("tệp không phải tệp phân công của sotay (\"format\" là {found})")
        }
        BadFormat(found) => {
            format!("this is not a sotay file of this kind (\"format\" is {found})")
        }
        NewerVersion(n) if vi => {
            format!("tệp phiên bản {n}, mới hơn phiên bản {VERSION} mà chương trình hiểu; hãy cập nhật sotay")
        }
        NewerVersion(n) => {
            format!("the file is version {n}, newer than version {VERSION} this program knows; update sotay")
        }
        BadVersion if vi => format!("\"version\" phải là số nguyên {VERSION}"),
        BadVersion => format!("\"version\" must be the whole number {VERSION}"),
        BadDate(d) if vi => {
            format!("\"{d}\" không phải ngày hợp lệ dạng NĂM-THÁNG-NGÀY (YYYY-MM-DD)")
        }
        BadDate(d) => format!("\"{d}\" is not a real date in the form YYYY-MM-DD"),
        Duplicate { what, id, first } if vi => {
            format!("mã {} \"{id}\" bị trùng (đã dùng tại {first})", id_kind(*what, lang))
        }
        Duplicate { what, id, first } => {
            format!("{} id \"{id}\" is used twice (first at {first})", id_kind(*what, lang))
        }
        NotMember { id, group } if vi => {
            format!("\"{id}\" không phải thành viên của tổ \"{group}\"")
        }
        NotMember { id, group } => format!("\"{id}\" is not a member of group \"{group}\""),
        NoMembers if vi => "tổ phải có ít nhất một thành viên".into(),
        NoMembers => "a group needs at least one member".into(),
        NoGroups if vi => "tệp không có tổ công tác nào".into(),
        NoGroups => "the file holds no working group".into(),
        NoItems if vi => "danh mục phải có ít nhất một mục (hoặc dùng \"extends\": \"builtin\")".into(),
        NoItems => "the checklist needs at least one item (or \"extends\": \"builtin\")".into(),
        UnknownCode(c) if vi => format!("mã hạn chế \"{c}\" không có trong danh mục kiểm tra"),
        UnknownCode(c) => format!("weakness code \"{c}\" is not an item of the checklist"),
        UnknownNumber(k) if vi => format!("mục này không có chỉ số \"{k}\""),
        UnknownNumber(k) => format!("this item has no number \"{k}\""),
        BadChoice { found, allowed } if vi => format!("\"{found}\" không hợp lệ; chỉ được dùng: {allowed}"),
        BadChoice { found, allowed } => format!("\"{found}\" is not allowed; use one of: {allowed}"),
        BadCode(c) if vi => format!("mã \"{c}\" chỉ được gồm chữ thường không dấu, chữ số và dấu _"),
        BadCode(c) => format!("code \"{c}\" may hold only lower-case ASCII letters, digits and _"),
        UnknownField(f) if vi => format!("cảnh báo: trường \"{f}\" không được dùng, bỏ qua"),
        UnknownField(f) => format!("warning: field \"{f}\" is not used, ignored"),
        Sheet(p) => p.message(lang),
    }
}

/// "3 lỗi, 1 cảnh báo" / "3 errors, 1 warning".
pub fn problem_counts(errors: usize, warnings: usize, lang: Lang) -> String {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let (e, w) = match lang {
        Lang::Vi => (plural(errors, "lỗi", "lỗi"), plural(warnings, "cảnh báo", "cảnh báo")),
        Lang::En => (plural(errors, "error", "errors"), plural(warnings, "warning", "warnings")),
    };
    if warnings > 0 { format!("{e}, {w}") } else { e }
}

/// Texts of the visit screens.
pub struct WalkStrings {
    pub saved: &'static str,
    pub finalized: &'static str,
    pub draft_restored: &'static str,
    pub draft_waiting: &'static str,
    pub follow_up_empty: &'static str,
    pub bad_date: &'static str,
    pub no_member: &'static str,
    pub no_open_follow_up: &'static str,
    pub marked_done: &'static str,
    pub nothing_to_undo: &'static str,
    pub undone: &'static str,
    pub not_number: &'static str,
    pub not_whole: &'static str,
    pub percent: &'static str,
    pub above: &'static str,
    pub resolved: &'static str,
    pub setup_title: &'static str,
    pub date: &'static str,
    pub who_went: &'static str,
    pub cells_attended: &'static str,
    pub setup_hint: &'static str,
    pub visits_title: &'static str,
    pub new_visit: &'static str,
    pub final_mark: &'static str,
    pub assessed: &'static str,
    pub known_weakness: &'static str,
    pub status: &'static str,
    pub status_keys: &'static str,
    pub last_visit: &'static str,
    pub baseline: &'static str,
    pub note: &'static str,
    pub note_hint: &'static str,
    pub follow_ups: &'static str,
    pub overdue: &'static str,
    pub due: &'static str,
    pub done: &'static str,
    pub what: &'static str,
    pub who: &'static str,
    pub new_follow_up: &'static str,
    pub goto: &'static str,
    pub history: &'static str,
    pub review_title: &'static str,
    pub not_assessed: &'static str,
    pub numbers_missing: &'static str,
    pub open_follow_ups: &'static str,
    pub review_hint: &'static str,
    pub all_done: &'static str,
    pub cell: &'static str,
    pub rating: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub absent: &'static str,
    pub conflicts_title: &'static str,
    pub no_conflicts: &'static str,
    pub conflict_mark: &'static str,
    pub deleted: &'static str,
    pub walk_hint: &'static str,
    pub devices: &'static str,
    pub conflicts_short: &'static str,
}

pub const WALK_VI: WalkStrings = WalkStrings {
    saved: "✓ đã lưu",
    finalized: "Đã hoàn tất lần làm việc; vẫn có thể sửa, mọi sửa đổi đều được ghi lịch sử",
    draft_restored: "Đã khôi phục bản nháp ghi chú chưa lưu",
    draft_waiting: "có bản nháp chưa lưu (Enter để mở)",
    follow_up_empty: "Kiến nghị cần có nội dung",
    bad_date: "\"{}\" không phải ngày hợp lệ dạng NĂM-THÁNG-NGÀY",
    no_member: "Chọn ít nhất một người đi làm việc",
    no_open_follow_up: "Mục này không có kiến nghị nào đang mở",
    marked_done: "✓ đã đánh dấu xong",
    nothing_to_undo: "Không còn gì để hoàn tác",
    undone: "✓ đã hoàn tác và lưu",
    not_number: "Phải là một số không âm",
    not_whole: "Phải là số nguyên",
    percent: "Tỷ lệ phải từ 0 đến 100",
    above: "Không được vượt quá {other} ({max})",
    resolved: "✓ đã chọn giá trị và lưu",
    setup_title: "Lần làm việc mới",
    date: "Ngày",
    who_went: "Người đi làm việc",
    cells_attended: "Dự sinh hoạt chi bộ",
    setup_hint: "Enter bắt đầu · Tab sang phần sau · Cách chọn/bỏ · Esc hủy",
    visits_title: "Các lần làm việc",
    new_visit: "+ Lần làm việc mới",
    final_mark: "hoàn tất",
    assessed: "đã đánh giá",
    known_weakness: "hạn chế đã biết",
    status: "Tình trạng",
    status_keys: "1 Chưa chuyển biến · 2 Có chuyển biến · 3 Đã khắc phục · 4 Xấu đi · 0 Chưa đánh giá",
    last_visit: "Lần trước",
    baseline: "ban đầu",
    note: "Ghi chú",
    note_hint: "Esc lưu và đóng",
    follow_ups: "Kiến nghị",
    overdue: "QUÁ HẠN",
    due: "hạn",
    done: "xong",
    what: "Nội dung",
    who: "Người chịu trách nhiệm",
    new_follow_up: "Kiến nghị mới",
    goto: "Đến mục (số hoặc tên)",
    history: "Lịch sử",
    review_title: "Rà soát trước khi hoàn tất",
    not_assessed: "Mục chưa đánh giá",
    numbers_missing: "Số liệu còn thiếu",
    open_follow_ups: "Kiến nghị đang mở",
    review_hint: "F hoàn tất · Esc quay lại",
    all_done: "(không có)",
    cell: "Chi bộ",
    rating: "Xếp loại",
    yes: "Có",
    no: "Không",
    absent: "vắng",
    conflicts_title: "Xung đột: chọn giá trị giữ lại",
    no_conflicts: "Không có xung đột nào",
    conflict_mark: "⚠ xung đột",
    deleted: "(đã xóa)",
    walk_hint: "1-4 tình trạng · Tab ô sau · a kiến nghị · u hoàn tác · r rà soát · ? trợ giúp · Esc về",
    devices: "thiết bị",
    conflicts_short: "xung đột (phím C)",
};

pub const WALK_EN: WalkStrings = WalkStrings {
    saved: "✓ saved",
    finalized: "Visit finalized; it can still be corrected, and every correction keeps its history",
    draft_restored: "Restored the unsaved note draft",
    draft_waiting: "an unsaved draft is waiting (Enter to open)",
    follow_up_empty: "A follow-up needs a text",
    bad_date: "\"{}\" is not a real date in the form YYYY-MM-DD",
    no_member: "Tick at least one member who went",
    no_open_follow_up: "This item has no open follow-up",
    marked_done: "✓ marked done",
    nothing_to_undo: "Nothing left to undo",
    undone: "✓ undone and saved",
    not_number: "Must be a number, 0 or more",
    not_whole: "Must be a whole number",
    percent: "A percentage is from 0 to 100",
    above: "May not exceed {other} ({max})",
    resolved: "✓ value chosen and saved",
    setup_title: "New visit",
    date: "Date",
    who_went: "Who went",
    cells_attended: "Cell meetings attended",
    setup_hint: "Enter start · Tab next part · Space tick · Esc cancel",
    visits_title: "Visits",
    new_visit: "+ New visit",
    final_mark: "final",
    assessed: "assessed",
    known_weakness: "known weakness",
    status: "Status",
    status_keys: "1 No change · 2 Improving · 3 Resolved · 4 Worse · 0 Not assessed",
    last_visit: "Last visit",
    baseline: "baseline",
    note: "Note",
    note_hint: "Esc saves and closes",
    follow_ups: "Follow-ups",
    overdue: "OVERDUE",
    due: "due",
    done: "done",
    what: "What",
    who: "Who is responsible",
    new_follow_up: "New follow-up",
    goto: "Go to item (number or name)",
    history: "History",
    review_title: "Review before finalizing",
    not_assessed: "Items not assessed",
    numbers_missing: "Numbers missing",
    open_follow_ups: "Open follow-ups",
    review_hint: "F finalize · Esc back",
    all_done: "(none)",
    cell: "Cell",
    rating: "Rating",
    yes: "Yes",
    no: "No",
    absent: "absent",
    conflicts_title: "Conflicts: pick the value to keep",
    no_conflicts: "No conflicts",
    conflict_mark: "⚠ conflict",
    deleted: "(deleted)",
    walk_hint: "1-4 status · Tab next field · a follow-up · u undo · r review · ? help · Esc back",
    devices: "devices",
    conflicts_short: "conflicts (key C)",
};

pub fn walk(lang: Lang) -> &'static WalkStrings {
    match lang {
        Lang::Vi => &WALK_VI,
        Lang::En => &WALK_EN,
    }
}
