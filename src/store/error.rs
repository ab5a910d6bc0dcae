//! Errors and warnings, with one clear sentence in Vietnamese or English.

use crate::lang::Lang;
use std::path::{Path, PathBuf};

/// Why a store operation failed. A failed write leaves the in-memory state
/// unchanged: the op is not recorded and the caller may retry.
#[derive(Debug)]
pub enum StoreError {
    /// Another process holds the lock on this data directory.
    Locked { dir: PathBuf },
    /// The store was opened with [`crate::store::Store::open_read_only`].
    ReadOnly,
    /// `open_read_only` on a directory that holds no sotay data.
    NoData { dir: PathBuf },
    /// An entity or field name was empty.
    EmptyName,
    /// `device.json` exists but cannot be understood; it is never overwritten.
    BadDeviceFile { path: PathBuf, reason: String },
    /// Reading or writing a file failed.
    Io { path: PathBuf, write: bool, error: std::io::Error },
}

impl StoreError {
    pub(crate) fn read(path: &Path, error: std::io::Error) -> StoreError {
        StoreError::Io { path: path.to_owned(), write: false, error }
    }

    pub(crate) fn write(path: &Path, error: std::io::Error) -> StoreError {
        StoreError::Io { path: path.to_owned(), write: true, error }
    }

    pub fn message(&self, lang: Lang) -> String {
        use StoreError::*;
        match (self, lang) {
            (Locked { dir }, Lang::Vi) => format!(
                "Dữ liệu ở {} đang được một phiên sotay khác mở; hãy đóng phiên đó rồi thử lại, hoặc mở ở chế độ chỉ đọc.",
                dir.display()
            ),
            (Locked { dir }, Lang::En) => format!(
                "The data in {} is in use by another sotay; close that one and try again, or open read-only.",
                dir.display()
            ),
            (ReadOnly, Lang::Vi) => "Dữ liệu đang mở ở chế độ chỉ đọc nên không ghi được thay đổi nào.".into(),
            (ReadOnly, Lang::En) => "The data is open read-only, so no change can be saved.".into(),
            (NoData { dir }, Lang::Vi) => {
                format!("Thư mục {} không chứa dữ liệu sotay.", dir.display())
            }
            (NoData { dir }, Lang::En) => {
                format!("The folder {} holds no sotay data.", dir.display())
            }
            (EmptyName, Lang::Vi) => "Tên đối tượng hoặc tên trường không được để trống.".into(),
            (EmptyName, Lang::En) => "An entity or field name may not be empty.".into(),
            (BadDeviceFile { path, reason }, Lang::Vi) => format!(
                "Tệp {} bị hỏng ({reason}); sotay không ghi đè lên nó, hãy kiểm tra hoặc khôi phục tệp này.",
                path.display()
            ),
            (BadDeviceFile { path, reason }, Lang::En) => format!(
                "The file {} is damaged ({reason}); sotay will not overwrite it, please check or restore it.",
                path.display()
            ),
            (Io { path, write: true, error }, Lang::Vi) => {
                // What happened comes first: the path is long and a narrow
                // status line cuts the end.
                let error = crate::platform::rename::describe(error, lang);
                format!("Chưa lưu được thay đổi: {error} (tệp {}).", path.display())
            }
            (Io { path, write: true, error }, Lang::En) => {
                let error = crate::platform::rename::describe(error, lang);
                format!("The change was not saved: {error} (file {}).", path.display())
            }
            (Io { path, error, .. }, Lang::Vi) => {
                format!("Không đọc được {} ({error}).", path.display())
            }
            (Io { path, error, .. }, Lang::En) => {
                format!("Cannot read {} ({error}).", path.display())
            }
        }
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Something the user should know about, found while reading files. None of
/// these lose data: they say what was skipped and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Warning {
    /// A complete line that fails its checksum or does not parse.
    BadLine { file: PathBuf, line: u64, reason: String },
    /// A line from a newer format version: kept in its file, not applied.
    NewerVersion { file: PathBuf, line: u64, v: u64 },
    /// Another device's file ends in an unfinished line; it was ignored.
    TornTail { file: PathBuf, bytes: u64 },
    /// Our own local file ended in an unfinished write (never reported as
    /// saved); it was cut back to the last complete line.
    SealedTail { file: PathBuf, bytes: u64 },
    /// A device's file holds fewer ops than already imported from it.
    StaleCopy { file: PathBuf, device: String, file_max: u64, known_max: u64 },
    /// A device's clock is far ahead; our clock did not follow it.
    ClockAhead { file: PathBuf, line: u64, device: String, ahead_ms: u64 },
    /// A file could not be read; it will be tried again next time.
    Unreadable { file: PathBuf, error: String },
    /// Our own file in the sync folder was old or damaged and was rewritten.
    RewroteOwnFile { file: PathBuf },
    /// A batch of ops was interrupted by a line that does not belong to it;
    /// none of its ops was applied.
    BrokenBatch { file: PathBuf, line: u64, lines: u64 },
    /// Lines refused by their signature or the roster; `reason` is a code
    /// ([`crate::trust::refusal_text`]).
    Untrusted { file: PathBuf, line: u64, reason: String },
}

impl Warning {
    pub fn message(&self, lang: Lang) -> String {
        use Warning::*;
        match (self, lang) {
            (BadLine { file, line, reason }, Lang::Vi) => {
                format!("Dòng {line} của tệp {} bị hỏng ({reason}) và đã được bỏ qua.", file.display())
            }
            (BadLine { file, line, reason }, Lang::En) => {
                format!("Line {line} of {} is damaged ({reason}) and was skipped.", file.display())
            }
            (NewerVersion { file, line, v }, Lang::Vi) => format!(
                "Dòng {line} của tệp {} được ghi theo định dạng phiên bản {v}, mới hơn bản sotay này; hãy cập nhật sotay để đọc được.",
                file.display()
            ),
            (NewerVersion { file, line, v }, Lang::En) => format!(
                "Line {line} of {} uses format version {v}, newer than this sotay; update sotay to read it.",
                file.display()
            ),
            (TornTail { file, bytes }, Lang::Vi) => format!(
                "Tệp {} kết thúc bằng một dòng chưa ghi xong ({bytes} byte); dòng đó đã được bỏ qua.",
                file.display()
            ),
            (TornTail { file, bytes }, Lang::En) => {
                format!("{} ends in an unfinished line ({bytes} bytes), which was ignored.", file.display())
            }
            (SealedTail { file, bytes }, Lang::Vi) => format!(
                "Đã cắt bỏ {bytes} byte ghi dở ở cuối tệp {} (lần ghi đó bị gián đoạn và chưa từng được báo là đã lưu).",
                file.display()
            ),
            (SealedTail { file, bytes }, Lang::En) => format!(
                "Removed {bytes} bytes of an interrupted write at the end of {} (that write was never reported as saved).",
                file.display()
            ),
            (StaleCopy { file, device, file_max, known_max }, Lang::Vi) => format!(
                "Tệp {} là bản cũ của thiết bị {device} (chỉ đến bản ghi số {file_max}, máy này đã có đến số {known_max}); không mất dữ liệu nào.",
                file.display()
            ),
            (StaleCopy { file, device, file_max, known_max }, Lang::En) => format!(
                "{} is an old copy of device {device}'s records (up to #{file_max}; this laptop already has up to #{known_max}); nothing was lost.",
                file.display()
            ),
            (ClockAhead { file, line, device, ahead_ms }, Lang::Vi) => format!(
                "Đồng hồ của thiết bị {device} chạy nhanh hơn khoảng {} giờ (tệp {}, dòng {line}); đồng hồ của máy này không chạy theo.",
                ahead_ms / 3_600_000,
                file.display()
            ),
            (ClockAhead { file, line, device, ahead_ms }, Lang::En) => format!(
                "Device {device}'s clock is about {} hours ahead ({}, line {line}); this laptop's clock does not follow it.",
                ahead_ms / 3_600_000,
                file.display()
            ),
            (Unreadable { file, error }, Lang::Vi) => {
                format!("Không đọc được tệp {} ({error}); sẽ thử lại lần sau.", file.display())
            }
            (Unreadable { file, error }, Lang::En) => {
                format!("Cannot read {} ({error}); it will be tried again next time.", file.display())
            }
            (RewroteOwnFile { file }, Lang::Vi) => format!(
                "Bản tệp {} của máy này trong thư mục đồng bộ bị cũ hoặc hỏng; đã ghi lại đầy đủ.",
                file.display()
            ),
            (RewroteOwnFile { file }, Lang::En) => format!(
                "This laptop's file {} in the sync folder was old or damaged; it was rewritten in full.",
                file.display()
            ),
            (BrokenBatch { file, line, lines }, Lang::Vi) => format!(
                "Nhóm {lines} bản ghi từ dòng {line} của tệp {} bị cắt ngang bởi một dòng khác; cả nhóm đã được bỏ qua.",
                file.display()
            ),
            (BrokenBatch { file, line, lines }, Lang::En) => format!(
                "A batch of {lines} records from line {line} of {} is interrupted by another line; the whole batch was skipped.",
                file.display()
            ),
            (Untrusted { file, line, reason }, lang) => match lang {
                Lang::Vi => format!(
                    "Dòng {line} của tệp {} bị từ chối: {}; không nhận vào.",
                    file.display(),
                    crate::trust::refusal_text(reason, lang)
                ),
                Lang::En => format!(
                    "Line {line} of {} was refused: {}; not taken in.",
                    file.display(),
                    crate::trust::refusal_text(reason, lang)
                ),
            },
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}
