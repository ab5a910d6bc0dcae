//! The command line as users and other tools see it: exit codes, messages
//! with FILE:LINE:COLUMN: PATH, and that a refused file changes nothing.

mod common;

use common::{EXAMPLE, example_text as example, sotay, stderr, write};

#[test]
fn check_valid_file() {
    let home = tempfile::tempdir().unwrap();
    let o = sotay(home.path(), &["check", EXAMPLE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("hợp lệ (1 tổ, 5 xã, 3 chi bộ)"));
}

#[test]
fn every_problem_is_listed_with_its_position() {
    let home = tempfile::tempdir().unwrap();
    let text = example()
        .replace(
            r#""assigned": ["ttb"],
          "cells": [],"#,
            r#""assigned": ["xyz"],
          "cells": [],"#,
        )
        .replace(r#""id": "binh-thanh-2""#, r#""id": "binh-thanh""#)
        .replace(r#""code": "directives""#, r#""code": "weather""#)
        .replace(r#""issued_on": "2023-07-15""#, r#""issued_on": "2023-02-30""#);
    let f = write(home.path(), "bad.json", text.as_bytes());
    let o = sotay(home.path(), &["--lang", "en", "check", &f]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], format!("{f}:5:16: issued_on: \"2023-02-30\" is not a real date in the form YYYY-MM-DD"));
    assert_eq!(
        lines[1],
        format!("{f}:31:17: groups[0].communes[1].id: commune id \"binh-thanh\" is used twice (first at {f}:17:17)")
    );
    assert_eq!(
        lines[2],
        format!("{f}:46:24: groups[0].communes[2].assigned[0]: \"xyz\" is not a member of group \"tct-1659\"")
    );
    assert_eq!(
        lines[3],
        format!(
            "{f}:54:107: groups[0].communes[4].weaknesses[0].code: weakness code \"weather\" is not an item of the checklist"
        )
    );
    assert_eq!(lines[4], "4 errors");
}

#[test]
fn syntax_error_has_line_and_column_in_characters() {
    let home = tempfile::tempdir().unwrap();
    let f =
        write(home.path(), "s.json", "{\"format\": \"sotay-assignments\",\n \"issued_by\": \"Bình\" \"x\"}".as_bytes());
    let o = sotay(home.path(), &["--lang", "en", "check", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with(&format!("{f}:2:22: invalid JSON: expected `,` or `}}`")), "{}", stderr(&o));
}

#[test]
fn bad_files_each_get_one_sentence() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let empty = write(dir, "empty.json", b"  \n");
    let mut utf16 = vec![0xFF, 0xFE];
    for u in example().encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let utf16 = write(dir, "utf16.json", &utf16);
    let latin = write(dir, "latin.json", b"{\"format\": \"B\xecnh\"}");
    let missing = dir.join("missing.json").display().to_string();
    let folder = dir.display().to_string();
    let o = sotay(dir, &["--lang", "en", "check", &empty, &utf16, &latin, &missing, &folder]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for expected in [
        format!("{empty}: the file is empty"),
        format!("{utf16}: the file is saved as UTF-16; save it as UTF-8 (Notepad: File > Save as…, Encoding: UTF-8)"),
        format!("{latin}:1:14: the file is not UTF-8 text from here on"),
        format!("{missing}: no such file"),
        format!("{folder}: this is a directory, not a file"),
    ] {
        assert!(err.lines().any(|l| l == expected), "missing {expected:?} in\n{err}");
    }
    assert!(!err.contains("panicked"));
}

/// Notepad and Excel on Windows save CRLF line ends, often with a BOM:
/// every line and column reported stays what the editor shows.
#[test]
fn crlf_and_bom_keep_positions() {
    let home = tempfile::tempdir().unwrap();
    let bad = example().replace("\"nva\", \"ttb\"", "\"nva\", \"zzz\"").replace("\"members\": 41", "\"members\": -4");
    let crlf = [&b"\xEF\xBB\xBF"[..], bad.replace('\n', "\r\n").as_bytes()].concat();
    let lf = write(home.path(), "lf.json", bad.as_bytes());
    let win = write(home.path(), "win.json", &crlf);
    let said = |f: &str| stderr(&sotay(home.path(), &["--lang", "en", "check", f])).replace(f, "FILE");
    let (a, b) = (said(&lf), said(&win));
    assert_eq!(a, b);
    assert!(a.contains("FILE:19:31: "), "{a}");
    assert_eq!(a.lines().filter(|l| l.starts_with("FILE:")).count(), 2, "{a}");
}

#[test]
fn bom_is_accepted_and_unknown_fields_warn() {
    let home = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(example().replacen("\"version\": 1,", "\"version\": 1, \"colour\": \"red\",", 1).as_bytes());
    let f = write(home.path(), "bom.json", &bytes);
    let o = sotay(home.path(), &["--lang", "en", "check", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o).trim(), format!("{f}:3:17: colour: warning: field \"colour\" is not used, ignored"));
}

#[test]
fn newer_version_is_refused_clearly() {
    let home = tempfile::tempdir().unwrap();
    let f = write(home.path(), "v2.json", example().replace("\"version\": 1", "\"version\": 2").as_bytes());
    let o = sotay(home.path(), &["check", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(":3:14: version: tệp phiên bản 2, mới hơn phiên bản 1"), "{}", stderr(&o));
}

#[test]
fn ids_must_be_unique_across_files() {
    let home = tempfile::tempdir().unwrap();
    let a = write(home.path(), "a.json", example().as_bytes());
    let b = write(home.path(), "b.json", example().replace("tct-1659", "tct-2").as_bytes());
    let o = sotay(home.path(), &["--lang", "en", "check", &a, &b]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "{b}:17:17: groups[0].communes[0].id: commune id \"binh-thanh\" is used twice (first at {a}:17:17)"
        )),
        "{err}"
    );
}

#[test]
fn refused_open_changes_nothing() {
    let home = tempfile::tempdir().unwrap();
    // Remember a good file first (no terminal: the TUI fails to start, after
    // the file has been taken in).
    let _ = sotay(home.path(), &["open", EXAMPLE]);
    let config = std::fs::read(home.path().join("config.json")).unwrap();
    let bad = write(home.path(), "bad.json", example().replace("\"nva\", \"ttb\"", "\"nva\", \"zzz\"").as_bytes());
    let o = sotay(home.path(), &["open", &bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Không nạp"), "{}", stderr(&o));
    assert_eq!(std::fs::read(home.path().join("config.json")).unwrap(), config);
    assert!(!home.path().join("data/assignments/bad.json").exists());
}

#[test]
fn nfd_text_is_stored_as_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = example().nfd().collect();
    let out = sotay::assignments::load_sources(&[("nfd.json".into(), nfd.into_bytes())], sotay::checklist::builtin());
    assert!(!out.has_errors(), "{:?}", out.problems);
    assert_eq!(out.assignments.groups[0].communes[1].name, "Xã Bình Thạnh");
    assert_eq!(out.assignments.groups[0].members[1].name, "Trần Thị B");
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let home = tempfile::tempdir().unwrap();
    assert_eq!(sotay(home.path(), &["frobnicate"]).status.code(), Some(2));
    assert_eq!(sotay(home.path(), &["check"]).status.code(), Some(2));
    assert_eq!(sotay(home.path(), &["--lang", "fr"]).status.code(), Some(2));
    let help = sotay(home.path(), &["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("check"));
    let v = sotay(home.path(), &["--version"]);
    assert_eq!(v.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&v.stdout).starts_with("sotay "));
}

#[test]
fn hostile_text_in_messages_is_cleaned() {
    let home = tempfile::tempdir().unwrap();
    let f = write(home.path(), "h.json", example().replace("\"ttb\"]", "\"\\u001b]0;owned\\u0007\"]").as_bytes());
    let o = sotay(home.path(), &["check", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!o.stderr.contains(&0x1b) && !o.stderr.contains(&0x07), "{}", stderr(&o));
}

#[test]
fn custom_checklist_extends_codes_and_is_remembered() {
    let home = tempfile::tempdir().unwrap();
    let tpl = write(
        home.path(),
        "tpl.json",
        r#"{"format":"sotay-checklist","version":1,"extends":"builtin","items":[
            {"code":"digital","label":{"vi":"Chuyển đổi số","en":"Digital transformation"}}]}"#
            .as_bytes(),
    );
    let f =
        write(home.path(), "a.json", example().replace("\"code\": \"inspection\"", "\"code\": \"digital\"").as_bytes());
    let o = sotay(home.path(), &["--lang", "en", "check", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("weakness code \"digital\" is not an item of the checklist"), "{}", stderr(&o));
    let o = sotay(home.path(), &["--checklist", &tpl, "check", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Remembered: later runs know the code without the option.
    std::fs::remove_file(&tpl).unwrap();
    let o = sotay(home.path(), &["check", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn bad_checklist_gets_positioned_problems() {
    let home = tempfile::tempdir().unwrap();
    let tpl = write(
        home.path(),
        "tpl.json",
        "{\"format\":\"sotay-checklist\",\"version\":1,\n\"items\":[{\"code\":\"a\",\"label\":{\"vi\":\"A\"},\"numbers\":[{\"key\":\"n\",\"label\":{\"vi\":\"N\"},\"ratio\":[\"n\",\"m\"]}]}]}".as_bytes(),
    );
    let o = sotay(home.path(), &["--lang", "en", "--checklist", &tpl, "check", EXAMPLE]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).lines().next().unwrap(),
        format!("{tpl}:2:95: items[0].numbers[0].ratio[1]: this item has no number \"m\"")
    );
    assert!(!home.path().join("config.json").exists(), "a refused template is not remembered");
}
