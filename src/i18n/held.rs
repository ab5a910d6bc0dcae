//! Records held aside from devices not in the roster, in words for the
//! sync summary and the interface.

use super::Lang;
use crate::store::Store;

/// Lines for the sync summary: records held aside, per device.
pub fn held_lines(store: &Store, lang: Lang) -> String {
    let mut s = String::new();
    for h in store.held() {
        s.push_str(&held_notice(&h, lang));
        s.push('\n');
    }
    s
}

/// "N records from an unknown device XXXX-XXXX-XXXX-XXXX — admit or ignore".
pub fn held_notice(h: &crate::store::Held, lang: Lang) -> String {
    let n = h.records;
    match (&h.fingerprint, lang) {
        (Some(fp), Lang::Vi) => {
            format!(
                "{n} bản ghi từ thiết bị lạ {fp} đang bị giữ lại — nhận (sotay device admit {fp} --member …) hoặc bỏ qua"
            )
        }
        (Some(fp), Lang::En) => {
            format!(
                "{n} records from an unknown device {fp} held aside — admit (sotay device admit {fp} --member …) or ignore"
            )
        }
        (None, Lang::Vi) => format!(
            "{n} bản ghi không có chữ ký từ thiết bị lạ {} đang bị giữ lại — thiết bị đó cần cập nhật sotay rồi được nhận vào tổ",
            h.device
        ),
        (None, Lang::En) => format!(
            "{n} unsigned records from an unknown device {} held aside — that device needs to update sotay and be admitted",
            h.device
        ),
    }
}

/// A row of the unknown devices screen: "N bản ghi từ thiết bị lạ
/// XXXX-XXXX-XXXX-XXXX — chấp nhận hoặc bỏ qua".
pub fn held_row(h: &crate::store::Held, lang: Lang) -> String {
    let n = h.records;
    match (&h.fingerprint, lang) {
        (Some(fp), Lang::Vi) => format!("{n} bản ghi từ thiết bị lạ {fp} — chấp nhận hoặc bỏ qua"),
        (Some(fp), Lang::En) => format!("{n} records from an unknown device {fp} — admit or ignore"),
        (None, _) => held_notice(h, lang),
    }
}

/// The message line after an exchange: the row and the key that opens
/// the screen.
pub fn held_banner(h: &crate::store::Held, lang: Lang) -> String {
    match (&h.fingerprint, lang) {
        (Some(_), Lang::Vi) => format!("{} (phím A)", held_row(h, lang)),
        (Some(_), Lang::En) => format!("{} (key A)", held_row(h, lang)),
        (None, _) => held_notice(h, lang),
    }
}

/// For the title bar, first after the time so a narrow one keeps it:
/// `1 máy lạ (A)`.
pub fn strangers_count(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{n} máy lạ (A)"),
        Lang::En => format!("{n} unknown (A)"),
    }
}

/// Why an admission failed, in one sentence.
pub fn admit_error(e: crate::store::AdmitError, lang: Lang) -> String {
    use crate::store::AdmitError;
    match (e, lang) {
        (AdmitError::NoSuchDevice(fp), Lang::Vi) => format!(
            "Chưa thấy thiết bị nào có dấu vân tay {fp}: máy đó cần chạy `sotay sync` vào thư mục chung, rồi máy này chạy `sotay sync` trước khi nhận."
        ),
        (AdmitError::NoSuchDevice(fp), Lang::En) => format!(
            "No device with fingerprint {fp} has been seen: that laptop runs `sotay sync` into the shared folder, then this one runs `sotay sync`, before admitting."
        ),
        (AdmitError::Store(e), lang) => e.message(lang),
    }
}
