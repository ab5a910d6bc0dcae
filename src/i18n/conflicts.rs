//! Texts of the conflicts screen.

use super::Lang;

pub struct ConflictStrings {
    pub title: &'static str,
    pub none: &'static str,
    /// Beside the value every screen shows now (the provisional winner).
    pub shown_now: &'static str,
    pub this_device: &'static str,
    pub device: &'static str,
    pub unknown_commune: &'static str,
    /// After Enter: `{value}`, `{by}`, `{place}` are filled in.
    pub kept: &'static str,
}

pub const VI: ConflictStrings = ConflictStrings {
    title: "Xung đột: chọn giá trị giữ lại",
    none: "Không có xung đột nào",
    shown_now: "← đang hiển thị",
    this_device: "máy này",
    device: "máy",
    unknown_commune: "(không rõ xã)",
    kept: "✓ Đã giữ «{value}» của {by} — {place}",
};

pub const EN: ConflictStrings = ConflictStrings {
    title: "Conflicts: pick the value to keep",
    none: "No conflicts",
    shown_now: "← shown now",
    this_device: "this laptop",
    device: "device",
    unknown_commune: "(unknown commune)",
    kept: "✓ Kept «{value}» by {by} — {place}",
};

pub fn conflicts(lang: Lang) -> &'static ConflictStrings {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}
