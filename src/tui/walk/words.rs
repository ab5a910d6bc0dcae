//! The visit's newer sentences, in both languages (the older ones are in
//! `i18n::WalkStrings`).

use crate::i18n::Lang;

pub struct Words {
    pub follow_up_leave: &'static str,
    pub follow_up_dropped: &'static str,
}

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Vi => &Words {
            follow_up_leave: "Kiến nghị chưa lưu: Esc lần nữa để bỏ, Enter để sang ô sau và lưu, hoặc gõ tiếp",
            follow_up_dropped: "Đã bỏ kiến nghị đang viết (chưa ghi gì)",
        },
        Lang::En => &Words {
            follow_up_leave: "Follow-up not saved: Esc again to drop it, Enter to go on and save, or keep typing",
            follow_up_dropped: "Dropped the follow-up being written (nothing was recorded)",
        },
    }
}
