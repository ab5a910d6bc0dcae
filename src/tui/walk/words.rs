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
}

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Vi => &Words {
            follow_up_leave: "Kiến nghị chưa lưu: Esc lần nữa để bỏ, Enter để sang ô sau và lưu, hoặc gõ tiếp",
            follow_up_dropped: "Đã bỏ kiến nghị đang viết (chưa ghi gì)",
            restored_number: "Mở lại lần làm việc đang dở: số đang gõ {value} ở mục {item}, ô {field} được giữ (Tab để lưu)",
            reopened: "Mở lại lần làm việc đang dở, ở mục {item}",
            left_visit: "Đã rời lần làm việc; mọi ô đã ghi đều đã lưu",
        },
        Lang::En => &Words {
            follow_up_leave: "Follow-up not saved: Esc again to drop it, Enter to go on and save, or keep typing",
            follow_up_dropped: "Dropped the follow-up being written (nothing was recorded)",
            restored_number: "Reopened the unfinished visit: the number being typed, {value}, at item {item}, field {field}, is kept (Tab saves it)",
            reopened: "Reopened the unfinished visit at item {item}",
            left_visit: "Left the visit; every field entered is saved",
        },
    }
}
