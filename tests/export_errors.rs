//! `sotay export` refusing bad input: exit 1 and one clear sentence.

mod common;
mod export_fixture;

use common::sotay;
use export_fixture::home;

fn refused(home: &std::path::Path, args: &[&str], says: &str) {
    let o = sotay(home, args);
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
    assert!(o.stdout.is_empty(), "{args:?}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(says), "{args:?}: {err}");
    assert!(!err.contains("panicked") && !err.contains("Error {"), "{err}");
}

#[test]
fn csv_and_xlsx_need_out() {
    let h = home();
    refused(h.path(), &["export", "--format", "csv"], "thêm --out TỆP.csv");
    refused(h.path(), &["--lang", "en", "export", "--format", "xlsx"], "add --out FILE.xlsx");
}

#[test]
fn bad_dates_and_reversed_periods() {
    let h = home();
    refused(
        h.path(),
        &["export", "--format", "json", "--from", "2024-02-30"],
        "--from \"2024-02-30\" không phải là ngày hợp lệ",
    );
    refused(h.path(), &["export", "--format", "json", "--to", "30/05/2024"], "--to \"30/05/2024\"");
    refused(h.path(), &["--lang", "en", "export", "--format", "md", "--to", "2024-5-1"], "is not a valid date");
    refused(
        h.path(),
        &["export", "--format", "md", "--from", "2024-06-01", "--to", "2024-05-01"],
        "--from 2024-06-01 ở sau --to 2024-05-01",
    );
}

#[test]
fn unknown_group() {
    let h = home();
    refused(h.path(), &["export", "--format", "json", "--group", "tct-9999"], "Không có tổ công tác \"tct-9999\"");
}

#[test]
fn missing_folder_folder_as_file_and_unwritable_place() {
    let h = home();
    let missing = h.path().join("no-such-folder/out.csv");
    refused(
        h.path(),
        &["export", "--format", "csv", "--out", missing.to_str().unwrap()],
        "thư mục chứa tệp này không tồn tại",
    );
    assert!(!h.path().join("no-such-folder").exists(), "no folder was created");
    refused(h.path(), &["export", "--format", "xlsx", "--out", h.path().to_str().unwrap()], "đây là một thư mục");
    // /proc refuses new files even to root.
    #[cfg(target_os = "linux")]
    refused(h.path(), &["export", "--format", "json", "--out", "/proc/sotay-export.json"], "không ghi được tệp");
}

#[test]
fn format_is_required_and_checked_by_the_parser() {
    let h = tempfile::tempdir().unwrap();
    assert_eq!(sotay(h.path(), &["export"]).status.code(), Some(2));
    assert_eq!(sotay(h.path(), &["export", "--format", "pdf"]).status.code(), Some(2));
}

#[test]
fn a_failed_export_leaves_an_existing_file_alone() {
    let h = home();
    let out = h.path().join("keep.csv");
    std::fs::write(&out, "old").unwrap();
    refused(
        h.path(),
        &["export", "--format", "csv", "--out", out.to_str().unwrap(), "--from", "2024-13-01"],
        "2024-13-01",
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
}
