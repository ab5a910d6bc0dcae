//! The store's errors, warnings and sync summary in words. The store itself
//! only holds them as data, so it works without any UI.

use super::Lang;
use crate::findings::Problem;
use crate::store::{Special, StoreError, SyncReport, Warning};

fn special(kind: Special, lang: Lang) -> &'static str {
    match (kind, lang) {
        (Special::Link, Lang::Vi) => "một liên kết (symlink)",
        (Special::Link, Lang::En) => "a link",
        (Special::Dir, Lang::Vi) => "một thư mục",
        (Special::Dir, Lang::En) => "a folder",
        (Special::Fifo, Lang::Vi) => "một ống dẫn (FIFO)",
        (Special::Fifo, Lang::En) => "a named pipe",
        (Special::Socket, Lang::Vi) => "một socket",
        (Special::Socket, Lang::En) => "a socket",
        (Special::Device, Lang::Vi) => "một tệp thiết bị",
        (Special::Device, Lang::En) => "a device file",
        (Special::Other, Lang::Vi) => "một mục đặc biệt",
        (Special::Other, Lang::En) => "a special entry",
    }
}

/// What is wrong with a value, as the end of "… holds X, which is …".
fn problem(p: Problem, lang: Lang) -> &'static str {
    use Problem::*;
    match (p, lang) {
        (NotText, Lang::Vi) => "không phải một đoạn chữ",
        (NotText, Lang::En) => "not a text",
        (NotTextList, Lang::Vi) => "không phải một danh sách mã",
        (NotTextList, Lang::En) => "not a list of ids",
        (NotBool, Lang::Vi) => "không phải có/không",
        (NotBool, Lang::En) => "not yes/no",
        (NotStatus, Lang::Vi) => "không phải một tình trạng sotay biết",
        (NotStatus, Lang::En) => "not a status sotay knows",
        (NotRating, Lang::Vi) => "không phải một mức xếp loại sotay biết",
        (NotRating, Lang::En) => "not a rating sotay knows",
        (NotNumber, Lang::Vi) => "không phải một con số",
        (NotNumber, Lang::En) => "not a number",
        (Negative, Lang::Vi) => "một số âm",
        (Negative, Lang::En) => "a negative number",
        (NotWhole, Lang::Vi) => "không phải số nguyên, mà danh mục này đếm số này bằng số nguyên",
        (NotWhole, Lang::En) => "not a whole number, which this checklist counts it in",
        (OverHundred, Lang::Vi) => "quá 100 phần trăm",
        (OverHundred, Lang::En) => "over 100 percent",
        (UnknownItem, Lang::Vi) => "thuộc một mục không có trong danh mục đang dùng",
        (UnknownItem, Lang::En) => "for an item not in the checklist in use",
        (UnknownNumber, Lang::Vi) => "một số liệu mà mục này không có trong danh mục đang dùng",
        (UnknownNumber, Lang::En) => "a number this item does not have in the checklist in use",
    }
}

impl StoreError {
    pub fn message(&self, lang: Lang) -> String {
        use StoreError::*;
        match (self, lang) {
            (Locked { dir }, Lang::Vi) => format!(
                "Dữ liệu ở {} đang mở trong một cửa sổ sotay khác: hãy đóng cửa sổ đó rồi mở lại sotay.",
                dir.display()
            ),
            (Locked { dir }, Lang::En) => format!(
                "The data in {} is open in another sotay window: close that window, then start sotay again.",
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
            (BadValue { field, .. }, Lang::Vi) => format!(
                "Chưa lưu: nội dung ô {field} dài quá {} ký tự (giới hạn để mọi báo cáo, cả Excel, đều xuất được); hãy rút ngắn.",
                crate::store::line::MAX_TEXT
            ),
            (BadValue { field, .. }, Lang::En) => format!(
                "Not saved: the text of {field} is over {} characters (the limit every export, Excel included, can hold); please shorten it.",
                crate::store::line::MAX_TEXT
            ),
            (WrongKind { field, problem: p, got }, Lang::Vi) => {
                format!("Chưa lưu: ô {field} không nhận giá trị {got} ({}).", problem(*p, lang))
            }
            (WrongKind { field, problem: p, got }, Lang::En) => {
                format!("Not saved: {field} cannot hold {got} ({}).", problem(*p, lang))
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
            (CopyOut { path, error }, Lang::Vi) => format!(
                "Thay đổi đã được lưu trên máy này; chỉ việc chép sang thư mục đồng bộ là không được: {error} (tệp {}).",
                path.display()
            ),
            (CopyOut { path, error }, Lang::En) => format!(
                "The change is stored on this laptop; only copying it to the sync folder failed: {error} (file {}).",
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
            (NotRegular { file, kind }, lang) => {
                let what = special(*kind, lang);
                match lang {
                    Lang::Vi => format!(
                        "{} là {what}, không phải một tệp thường; sotay không đọc và không ghi qua nó.",
                        file.display()
                    ),
                    Lang::En => {
                        format!(
                            "{} is {what}, not a regular file; sotay neither read it nor wrote through it.",
                            file.display()
                        )
                    }
                }
            }
            (ForeignOp { file, line, device }, Lang::Vi) => format!(
                "Dòng {line} của tệp {} mang bản ghi của thiết bị khác ({device}); chỉ thiết bị sở hữu mới được ghi vào tệp của mình, nên dòng đó bị bỏ qua.",
                file.display()
            ),
            (ForeignOp { file, line, device }, Lang::En) => format!(
                "Line {line} of {} holds a record of another device ({device}); only a device writes its own files, so it was skipped.",
                file.display()
            ),
            (Fork { file, line, device, seq, other }, Lang::Vi) => format!(
                "Hai bản ghi khác nhau cùng mang số {device}:{seq}: dòng {line} của tệp {} và bản trong {}. Có thể một máy đã bị sao chép hoặc tệp bị giả mạo; cả hai đều được giữ, và nếu khác nhau thì hiện thành xung đột để chọn.",
                file.display(),
                other.display()
            ),
            (Fork { file, line, device, seq, other }, Lang::En) => format!(
                "Two different records carry the id {device}:{seq}: line {line} of {} and the one in {}. A laptop may have been cloned or a file forged; both are kept, and where they differ they show as a conflict to settle.",
                file.display(),
                other.display()
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
            (CopyOutFailed { file, error }, Lang::Vi) => format!(
                "Các thay đổi đã được lưu trên máy này; chỉ việc chép sang thư mục đồng bộ là không được ({error}, tệp {}). Chúng sẽ được chép ở lần đồng bộ sau.",
                file.display()
            ),
            (CopyOutFailed { file, error }, Lang::En) => format!(
                "The changes are stored on this laptop; only copying them to the sync folder failed ({error}, file {}). They go out at the next sync.",
                file.display()
            ),
            (SeqGap { device, from, to }, Lang::Vi) => {
                let r = if from == to { format!("#{from}") } else { format!("#{from}-{to}") };
                format!(
                    "Thiếu bản ghi {r} của thiết bị {device} (đã có các bản ghi sau đó); có thể tệp chưa đồng bộ xong."
                )
            }
            (SeqGap { device, from, to }, Lang::En) => {
                let r = if from == to { format!("#{from}") } else { format!("#{from}-{to}") };
                format!(
                    "Missing records {r} of device {device} (later ones are here); a file may not have finished syncing."
                )
            }
            (BadValue { file, line, field, problem: p, got, kept: false, .. }, Lang::Vi) => format!(
                "Dòng {line} của tệp {}: ô {field} mang giá trị {got}, {}; dòng đó không được nhận vào.",
                file.display(),
                problem(*p, lang)
            ),
            (BadValue { file, line, field, problem: p, got, kept: false, .. }, Lang::En) => format!(
                "Line {line} of {}: {field} holds {got}, {}; the line was not taken in.",
                file.display(),
                problem(*p, lang)
            ),
            (BadValue { file, line, field, problem: p, got, kept: true, others }, Lang::Vi) => {
                let more = if *others > 0 {
                    format!(" (cùng {others} giá trị khác như vậy ở ô này)")
                } else {
                    String::new()
                };
                format!(
                    "Dòng {line} của tệp {}: ô {field} mang giá trị {got}, {}; giá trị được giữ nguyên và hiện đúng như đã ghi{more}.",
                    file.display(),
                    problem(*p, lang)
                )
            }
            (BadValue { file, line, field, problem: p, got, kept: true, others }, Lang::En) => {
                let more = if *others > 0 {
                    format!(" (as are {others} more values of this field like it)")
                } else {
                    String::new()
                };
                format!(
                    "Line {line} of {}: {field} holds {got}, {}; it is kept and shown as recorded{more}.",
                    file.display(),
                    problem(*p, lang)
                )
            }
            (NewDeviceId { old, new, moved }, Lang::Vi) => {
                let why = if *moved {
                    "Thư mục dữ liệu này đã được sao chép hoặc chuyển sang máy hay chỗ khác"
                } else {
                    "Tệp device.json của thư mục dữ liệu này bị mất"
                };
                let old = old.as_deref().map(|o| format!(" (trước là {o})")).unwrap_or_default();
                format!(
                    "{why}, nên từ nay máy này ghi với mã thiết bị mới {new}{old}. Không mất gì: mọi bản ghi cũ vẫn được giữ và vẫn được chép sang thư mục đồng bộ. Nếu nhóm đã có danh sách thiết bị, hãy nhờ trưởng nhóm kết nạp lại máy này (sotay device)."
                )
            }
            (NewDeviceId { old, new, moved }, Lang::En) => {
                let why = if *moved {
                    "This data folder was copied or moved to another machine or place"
                } else {
                    "This data folder's device.json went missing"
                };
                let old = old.as_deref().map(|o| format!(" (was {o})")).unwrap_or_default();
                format!(
                    "{why}, so this laptop now writes as the new device {new}{old}. Nothing is lost: every earlier record is kept and still goes out to the sync folder. If the group has a roster, ask the leader to admit this device again (sotay device)."
                )
            }
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl SyncReport {
    /// A short multi-line summary for the terminal.
    pub fn render(&self, lang: Lang) -> String {
        let d = self.dir.display();
        let (n, i, o, c) = (self.devices_seen.len(), self.ops_in, self.ops_out, self.conflicts);
        let mut s = match lang {
            Lang::Vi => format!(
                "Thư mục đồng bộ: {d}\nSố thiết bị có tệp: {n}\nBản ghi nhận vào: {i}\nBản ghi ghi ra: {o}\nXung đột chưa giải quyết: {c}\nCảnh báo: {}\n",
                self.warnings.len()
            ),
            Lang::En => format!(
                "Sync folder: {d}\nDevices with files: {n}\nOps in: {i}\nOps out: {o}\nOpen conflicts: {c}\nWarnings: {}\n",
                self.warnings.len()
            ),
        };
        for w in &self.warnings {
            s.push_str("  - ");
            s.push_str(&w.message(lang));
            s.push('\n');
        }
        s
    }
}
