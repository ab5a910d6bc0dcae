//! The visit's newer sentences, in both languages (the older ones are in
//! `i18n::WalkStrings`).

use crate::i18n::Lang;

pub struct Words {
    pub follow_up_leave: &'static str,
    pub follow_up_dropped: &'static str,
    /// `{value}` the number, `{item}` the item's number and label, `{field}` the field.
    pub restored_number: &'static str,
    /// `{item}`.
    pub reopened: &'static str,
    pub left_visit: &'static str,
    pub history_title: &'static str,
    pub history_none: &'static str,
    pub concurrent: &'static str,
    /// `{}` the number's label.
    pub not_a_flag: &'static str,
    /// Shown beside a value filled in from the visit or the assignments file.
    pub filled_in: &'static str,
    /// Beside a value filled in that the review counts as missing.
    pub not_recorded: &'static str,
    /// Shown beside a number computed from two others.
    pub computed: &'static str,
    /// Under a focused yes/no field.
    pub flag_keys: &'static str,
    /// `j`/`k` in a field with no keys of its own to say.
    pub move_keys: &'static str,
    /// Past the last item: the review is open.
    pub end_of_checklist: &'static str,
    yes: &'static str,
    no: &'static str,
}

impl Words {
    pub fn yes_no(&self, b: bool) -> &'static str {
        if b { self.yes } else { self.no }
    }
}

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Vi => &Words {
            follow_up_leave: "Kiến nghị chưa lưu: Esc lần nữa để bỏ, Enter để sang ô sau và lưu, hoặc gõ tiếp",
            follow_up_dropped: "Đã bỏ kiến nghị đang viết (chưa ghi gì)",
            restored_number: "Mở lại lần làm việc đang dở: số đang gõ {value} ở mục {item}, ô {field} được giữ (Tab để lưu)",
            reopened: "Mở lại lần làm việc đang dở, ở mục {item}",
            left_visit: "Đã rời lần làm việc; mọi ô đã ghi đều đã lưu",
            history_title: "Lịch sử các ô của mục (Esc đóng)",
            history_none: "Chưa ô nào của mục này được ghi",
            concurrent: "ghi cùng lúc trên hai máy: xung đột, chọn ở màn C",
            not_a_flag: "«{}» ghi bằng số, không phải có/không: gõ chữ số (0 nếu không có), Enter để ghi",
            filled_in: "điền sẵn",
            not_recorded: "chưa ghi",
            computed: "tự tính",
            flag_keys: "c/1 có · k/0 không · ↑↓ di chuyển",
            move_keys: "j/k không dùng trong ô: ↑↓ mục khác · Tab/Shift-Tab ô khác · Esc về tình trạng",
            end_of_checklist: "Đã hết danh mục — đang rà soát: F để hoàn tất, Esc để quay lại mục cuối",
            yes: "có",
            no: "không",
        },
        Lang::En => &Words {
            follow_up_leave: "Follow-up not saved: Esc again to drop it, Enter to go on and save, or keep typing",
            follow_up_dropped: "Dropped the follow-up being written (nothing was recorded)",
            restored_number: "Reopened the unfinished visit: the number being typed, {value}, at item {item}, field {field}, is kept (Tab saves it)",
            reopened: "Reopened the unfinished visit at item {item}",
            left_visit: "Left the visit; every field entered is saved",
            history_title: "History of the item's fields (Esc closes)",
            history_none: "No field of this item has been recorded yet",
            concurrent: "recorded at the same time on two laptops: a conflict, settle it on screen C",
            not_a_flag: "\"{}\" takes a number, not yes/no: type digits (0 for none), Enter to save",
            filled_in: "filled in",
            not_recorded: "not recorded",
            computed: "computed",
            flag_keys: "y/1 yes · n/0 no · ↑↓ move",
            move_keys: "j/k do nothing in a field: ↑↓ other items · Tab/Shift-Tab other fields · Esc the status",
            end_of_checklist: "End of the checklist — reviewing: F to finalize, Esc to go back to the last item",
            yes: "yes",
            no: "no",
        },
    }
}
