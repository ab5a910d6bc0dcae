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
