//! Nothing a user chooses can lock them out of their own data, and a
//! second instance writes nothing (issue 10, points 5-7).

mod common;

use std::path::Path;

use common::{example_text, sotay, stderr, write};

/// The example without weaknesses suits any checklist.
fn without_weaknesses() -> String {
    let mut v: serde_json::Value = serde_json::from_str(&example_text()).unwrap();
    for c in v["groups"][0]["communes"].as_array_mut().unwrap() {
        c.as_object_mut().unwrap().remove("weaknesses");
    }
    v.to_string()
}

fn config(home: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(home.join("config.json")).unwrap()).unwrap()
}

/// A valid template that replaces the built-in checklist: the example's
/// weakness codes are not in it.
const REPLACING: &str = r#"{"format":"sotay-checklist","version":1,"items":[{"code":"digital","label":{"vi":"Số"}}]}"#;

/// Takes the example in (no terminal here: the interface then fails to
/// start, after the file has been remembered).
fn opened_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let o = sotay(home.path(), &["open", common::EXAMPLE]);
    assert!(stderr(&o).contains("Đã nạp và ghi nhớ"), "{}", stderr(&o));
    home
}

#[test]
fn a_checklist_the_remembered_assignments_cannot_use_is_not_remembered() {
    let home = opened_home();
    let before = std::fs::read(home.path().join("config.json")).unwrap();
    let tpl = write(home.path(), "tpl.json", REPLACING);
    let fits = write(home.path(), "fits.json", without_weaknesses());
    for args in [
        vec!["--checklist", &tpl, "export", "--format", "json"],
        vec!["--checklist", &tpl, "check", &fits],
        vec!["--checklist", &tpl],
    ] {
        let o = sotay(home.path(), &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("Không ghi nhớ danh mục này"), "{args:?}: {}", stderr(&o));
        assert_eq!(std::fs::read(home.path().join("config.json")).unwrap(), before, "{args:?}");
        assert!(!home.path().join("data/checklist.json").exists());
    }
    let o = sotay(home.path(), &["export", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn checklist_builtin_returns_to_the_built_in_one() {
    let home = tempfile::tempdir().unwrap();
    let tpl = write(home.path(), "tpl.json", REPLACING);
    let f2 = write(home.path(), "b.json", without_weaknesses());
    let o = sotay(home.path(), &["--checklist", &tpl, "check", &f2]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(config(home.path())["checklist"], "checklist.json");
    assert!(home.path().join("data/checklist.json").exists());

    // The copy goes bad: the way back is named, and it works.
    std::fs::write(home.path().join("data/checklist.json"), b"{\"format\":").unwrap();
    let o = sotay(home.path(), &["check", &f2]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("sotay --checklist builtin"), "{}", stderr(&o));
    let o = sotay(home.path(), &["--checklist", "builtin", "check", common::EXAMPLE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(config(home.path())["checklist"].is_null());
    assert!(!home.path().join("data/checklist.json").exists());
    let o = sotay(home.path(), &["check", common::EXAMPLE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_lost_or_cut_copy_is_reported_with_a_command_that_works() {
    for damage in ["delete", "truncate"] {
        let home = opened_home();
        let copy = home.path().join("data/assignments/binh-son.json");
        match damage {
            "delete" => std::fs::remove_file(&copy).unwrap(),
            _ => {
                let bytes = std::fs::read(&copy).unwrap();
                std::fs::write(&copy, &bytes[..bytes.len() / 2]).unwrap();
            }
        }
        let o = sotay(home.path(), &[]);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(err.contains("Hãy nạp lại tệp gốc: sotay open TỆP.json"), "{damage}: {err}");

        let other = write(home.path(), "other.json", example_text());
        let o = sotay(home.path(), &["open", &other]);
        let err = stderr(&o);
        assert!(err.contains("Bỏ bản sao đã ghi nhớ bị mất hoặc hỏng: binh-son.json"), "{damage}: {err}");
        assert!(err.contains("Đã nạp và ghi nhớ"), "{damage}: {err}");
        assert_eq!(config(home.path())["assignments"], serde_json::json!(["other.json"]));
    }
}

#[test]
fn a_second_instance_writes_nothing() {
    let home = opened_home();
    let mut first = common::Tui::start(home.path(), &[], 100, 30);
    first.wait_for("Bạn là ai?");
    let config_before = std::fs::read(home.path().join("config.json")).unwrap();
    let other = write(home.path(), "other.json", example_text());
    let tpl =
        write(home.path(), "tpl.json", r#"{"format":"sotay-checklist","version":1,"extends":"builtin","items":[]}"#);
    for args in [vec!["open", &other], vec!["--checklist", &tpl, "check", common::EXAMPLE]] {
        let o = sotay(home.path(), &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(!stderr(&o).contains("Đã nạp"), "{args:?}: {}", stderr(&o));
        assert_eq!(std::fs::read(home.path().join("config.json")).unwrap(), config_before, "{args:?}");
        assert!(!home.path().join("data/assignments/other.json").exists());
        assert!(!home.path().join("data/checklist.json").exists());
    }
    first.send(b"\x03");
    first.wait_exit();
}

/// `sotay` started twice: the second says, in one sentence, what to do,
/// and offers nothing that does not exist (there is no read-only mode).
#[test]
fn sotay_started_twice_says_to_close_the_other_window() {
    let home = opened_home();
    let mut first = common::Tui::start(home.path(), &[], 100, 30);
    first.wait_for("Bạn là ai?");
    for (args, says) in [
        (vec![], "đang mở trong một cửa sổ sotay khác: hãy đóng cửa sổ đó rồi mở lại sotay."),
        (vec!["--lang", "en"], "is open in another sotay window: close that window, then start sotay again."),
    ] {
        let mut second = common::Tui::start(home.path(), &args, 100, 30);
        second.wait_for(says);
        assert_eq!(second.wait_exit(), 1, "{args:?}");
        let screen = second.screen();
        for absent in ["chỉ đọc", "read-only", "read only"] {
            assert!(!screen.contains(absent), "{args:?}: {screen}");
        }
    }
    first.send(b"\x03");
    first.wait_exit();
}
