//! Every user-facing string, in Vietnamese and English.

use crate::assignments::{Expected, IdKind, ProblemKind, VERSION};

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
    help_close: "Nhấn phím bất kỳ để đóng",
    too_small: "Cửa sổ quá nhỏ: cần ít nhất 40×12",
    who_title: "Bạn là ai?",
    who_hint: "Chọn tên mình trong tổ, rồi nhấn Enter",
    groups_title: "Chọn tổ công tác",
    hint_browse: "? trợ giúp · / tìm · q thoát",
    hint_filter: "Gõ để lọc · Enter xong · Esc xóa",
    ctx_browse: "Danh sách xã",
    ctx_filter: "Khi đang tìm",
    ctx_pick: "Khi chọn trong danh sách",
    ctx_everywhere: "Mọi nơi",
    check_ok: "hợp lệ",
    opened: "Đã nạp và ghi nhớ",
    refused: "Không nạp: tệp có lỗi, dữ liệu đã lưu không thay đổi",
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
    help_close: "Press any key to close",
    too_small: "Terminal too small: at least 40×12",
    who_title: "Who are you?",
    who_hint: "Pick your name in the group, then press Enter",
    groups_title: "Pick a working group",
    hint_browse: "? help · / search · q quit",
    hint_filter: "Type to filter · Enter done · Esc clear",
    ctx_browse: "Commune list",
    ctx_filter: "While searching",
    ctx_pick: "In a pick list",
    ctx_everywhere: "Everywhere",
    check_ok: "valid",
    opened: "Loaded and remembered",
    refused: "Not loaded: the file has errors; stored data is unchanged",
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
        Unreadable(why) if vi => format!("không đọc được tệp ({why})"),
        Unreadable(why) => format!("cannot read the file ({why})"),
        Empty if vi => "tệp rỗng".into(),
        Empty => "the file is empty".into(),
        Utf16 if vi => "tệp được lưu dạng UTF-16; hãy lưu lại dạng UTF-8".into(),
        Utf16 => "the file is saved as UTF-16; save it as UTF-8".into(),
        NotUtf8 if vi => "tệp không phải văn bản UTF-8 từ chỗ này".into(),
        NotUtf8 => "the file is not UTF-8 text from here on".into(),
        Syntax(why) if vi => format!("JSON không hợp lệ: {why}"),
        Syntax(why) => format!("invalid JSON: {why}"),
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
        UnknownCode(c) if vi => format!("mã hạn chế \"{c}\" không có trong danh mục kiểm tra"),
        UnknownCode(c) => format!("weakness code \"{c}\" is not an item of the checklist"),
        UnknownField(f) if vi => format!("cảnh báo: trường \"{f}\" không được dùng, bỏ qua"),
        UnknownField(f) => format!("warning: field \"{f}\" is not used, ignored"),
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
