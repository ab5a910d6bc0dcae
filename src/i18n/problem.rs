//! Problems found in input files, in words: one sentence per kind, and
//! the whole `FILE:LINE:COLUMN: PATH: message` line.

use super::Lang;
use crate::assignments::VERSION;
use crate::jsondoc::{Allowed, Expected, IdKind, Problem, ProblemKind, SheetProblem};

impl Problem {
    /// `FILE:LINE:COLUMN: PATH: message`, leaving out what is not known.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = crate::text::clean(&self.file).into_owned();
        if let Some((line, col)) = self.pos {
            out.push_str(&format!(":{line}:{col}"));
        }
        out.push_str(": ");
        if !self.path.is_empty() {
            out.push_str(&crate::text::clean(&self.path));
            out.push_str(": ");
        }
        // Ids and values quoted from the file may hold control characters.
        out.push_str(&crate::text::clean(&problem(&self.kind, lang)));
        out
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
fn problem(kind: &ProblemKind, lang: Lang) -> String {
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
        Syntax(why) if vi => format!("JSON không hợp lệ: {}", syntax_vi(why).unwrap_or(why)),
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
        Sheet(p) => sheet_problem(p, lang),
        ConfigNotObject if vi => {
            "tệp cấu hình phải là một đối tượng JSON {…} chứa các cài đặt, ví dụ {\"lang\": \"vi\"}".into()
        }
        ConfigNotObject => "the config file must be a JSON object {…} of settings, such as {\"lang\": \"vi\"}".into(),
        BadSetting { key, allowed: a, found } if vi => {
            format!("cài đặt \"{key}\" phải là {}, không phải {found}", allowed(*a, lang))
        }
        BadSetting { key, allowed: a, found } => {
            format!("the setting \"{key}\" must be {}, not {found}", allowed(*a, lang))
        }
    }
}

fn allowed(a: Allowed, lang: Lang) -> &'static str {
    match (a, lang) {
        (Allowed::Text, Lang::Vi) => "một chuỗi trong dấu ngoặc kép",
        (Allowed::Text, Lang::En) => "a string in double quotes",
        (Allowed::TextList, Lang::Vi) => "một mảng chuỗi, ví dụ [\"một\", \"hai\"]",
        (Allowed::TextList, Lang::En) => "an array of strings, such as [\"one\", \"two\"]",
        (Allowed::FileNames, Lang::Vi) => "một mảng tên tệp trong thư mục dữ liệu (không có /, \\, : hay ..)",
        (Allowed::FileNames, Lang::En) => "an array of names of files in the data folder (no /, \\, : or ..)",
        (Allowed::Lang, Lang::Vi) => "\"vi\" (tiếng Việt) hoặc \"en\" (tiếng Anh)",
        (Allowed::Lang, Lang::En) => "\"vi\" (Vietnamese) or \"en\" (English)",
        (Allowed::WholeNumber, Lang::Vi) => "một số nguyên từ 0 trở lên, ví dụ 2",
        (Allowed::WholeNumber, Lang::En) => "a whole number, 0 or more, such as 2",
        (Allowed::Group, Lang::Vi) => "một đối tượng JSON {…} chứa các cài đặt",
        (Allowed::Group, Lang::En) => "a JSON object {…} of settings",
        (Allowed::MemberMap, Lang::Vi) => "một đối tượng {\"mã tổ\": \"mã thành viên\"}",
        (Allowed::MemberMap, Lang::En) => "an object {\"group id\": \"member id\"}",
    }
}

/// serde_json's reason for a syntax error, in Vietnamese.
fn syntax_vi(why: &str) -> Option<&'static str> {
    Some(match why {
        "EOF while parsing a list" => "tệp kết thúc khi mảng […] chưa đóng",
        "EOF while parsing an object" => "tệp kết thúc khi đối tượng {…} chưa đóng",
        "EOF while parsing a string" => "tệp kết thúc khi chuỗi chưa đóng ngoặc kép",
        "EOF while parsing a value" => "tệp kết thúc khi còn thiếu một giá trị",
        "expected `:`" => "thiếu dấu `:` sau tên trường",
        "expected `,` or `]`" => "thiếu dấu `,` hoặc `]`",
        "expected `,` or `}`" => "thiếu dấu `,` hoặc `}`",
        "expected ident" | "expected value" => "ở đây phải là một giá trị (chuỗi, số, true, false, null, […] hoặc {…})",
        "expected `\"`" => "thiếu dấu ngoặc kép `\"`",
        "invalid escape" => "chuỗi có ký tự thoát \\ không hợp lệ",
        "invalid number" => "số không hợp lệ",
        "number out of range" => "số quá lớn",
        "invalid unicode code point" | "lone leading surrogate in hex escape" | "unexpected end of hex escape" => {
            "mã \\u trong chuỗi không hợp lệ"
        }
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "chuỗi chứa ký tự điều khiển (xuống dòng, tab…) chưa viết dạng \\n, \\t"
        }
        "key must be a string" => "ở đây phải là tên trường trong dấu ngoặc kép (hay thừa dấu `,` ở trước?)",
        "trailing comma" => "thừa dấu `,` trước dấu đóng",
        "trailing characters" => "còn ký tự thừa sau khi JSON đã kết thúc",
        "recursion limit exceeded" => "JSON lồng nhau quá sâu",
        _ => return None,
    })
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

fn sheet_problem(p: &SheetProblem, lang: Lang) -> String {
    use SheetProblem::*;
    let vi = lang == Lang::Vi;
    match p {
        NotWorkbook(why) if vi => format!("không đọc được bảng tính (tệp hỏng hoặc không phải .xlsx): {why}"),
        NotWorkbook(why) => format!("cannot read the workbook (damaged, or not an .xlsx file): {why}"),
        MissingSheet { vi: name, .. } if vi => format!("bảng tính thiếu trang \"{name}\""),
        MissingSheet { en: name, .. } => format!("the workbook has no sheet \"{name}\""),
        NoHeader { vi: name, .. } if vi => format!("trang \"{name}\" không có dòng tiêu đề cột"),
        NoHeader { en: name, .. } => format!("the sheet \"{name}\" has no row of column headers"),
        MissingColumn { vi: name, .. } if vi => format!("thiếu cột \"{name}\""),
        MissingColumn { en: name, .. } => format!("the column \"{name}\" is missing"),
        NoParent { what, id } => {
            let (v, e) = match what {
                IdKind::Group => ("không có tổ nào mã", "no group has the id"),
                IdKind::Commune => ("không có xã nào mã", "no commune has the id"),
                _ => ("xã này không có hạn chế mã", "this commune has no weakness with the code"),
            };
            format!("{} \"{id}\"", if vi { v } else { e })
        }
        ErrorCell(e) if vi => format!("ô chứa lỗi công thức {e}"),
        ErrorCell(e) => format!("the cell holds a formula error {e}"),
        TooManyCells(n) if vi => format!(
            "trang có hơn {} ô có dữ liệu, quá nhiều cho một bảng phân công (bảng cả nước khoảng 500.000 ô): \
             dừng đọc tại ô này; hãy xóa các ô thừa hoặc kiểm tra đúng tệp chưa",
            crate::text::number_vi(*n as f64)
        ),
        TooManyCells(n) => format!(
            "the sheet holds more than {} filled cells, too many for an assignments workbook (the national one \
             has about 500,000): reading stopped at this cell; delete the stray cells or check it is the right file",
            crate::text::number_in(*n as f64, Lang::En)
        ),
        PartTooLarge { part, mib } if vi => {
            format!(
                "phần \"{part}\" của bảng tính dài hơn {mib} MiB khi giải nén: tệp hỏng hoặc không phải bảng phân công"
            )
        }
        PartTooLarge { part, mib } => {
            format!(
                "the workbook's part \"{part}\" is over {mib} MiB once unpacked: a damaged file, or not assignments"
            )
        }
        UnknownSheet(n) if vi => format!("cảnh báo: trang \"{n}\" không được dùng, bỏ qua"),
        UnknownSheet(n) => format!("warning: the sheet \"{n}\" is not used, ignored"),
    }
}
