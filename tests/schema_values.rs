//! Issue 9, case 9: values outside the findings schema. A value of the
//! wrong kind (a status not in the enum, a negative count, a flag that is
//! not yes/no) is refused when read and when typed, naming file and line;
//! a value that only this laptop's checklist refuses (an unknown item, a
//! count with a fraction, a percent over 100) is kept, shown as recorded
//! and named. Nothing is mapped to another value, and every export works.

use serde_json::{Value, json};
use sotay::i18n::Lang;
use sotay::store::{Body, Hlc, Op, Store, StoreError, Warning, line};
use std::fs;
use std::path::Path;
use std::process::Command;

const DEV: &str = "0123456789abcdef";

fn op(seq: u64, f: &str, val: Value) -> Op {
    Op {
        dev: DEV.into(),
        seq,
        hlc: Hlc::new(1_763_850_000_000 + seq, 0),
        by: String::new(),
        sup: Vec::new(),
        e: "visit/v1".into(),
        body: Body::Set { f: f.into(), val },
    }
}

/// A device file of `DEV` in `folder` holding these values, one per line.
fn device_file(folder: &Path, fields: &[(&str, Value)]) -> std::path::PathBuf {
    let path = folder.join(format!("{DEV}.2025-11-1.jsonl"));
    let text: String =
        fields.iter().enumerate().map(|(i, (f, v))| line::encode(&op(i as u64 + 1, f, v.clone()))).collect();
    fs::write(&path, text).unwrap();
    path
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn a_value_of_the_wrong_kind_is_refused_with_its_file_and_line() {
    let (home, folder) = (tmp(), tmp());
    let file = device_file(
        folder.path(),
        &[
            ("item/petition_backlog/status", json!("improving")),
            ("item/petition_backlog/status", json!("sparkle")),
            ("item/petition_backlog/num/received", json!(-3)),
            ("item/meeting_quality/rating", json!("excellent")),
            ("item/meeting_quality/flag/practical", json!("yes")),
            ("final", json!(1)),
            ("item/petition_backlog/num/pending", json!(4)),
        ],
    );
    let mut s = Store::open(home.path()).unwrap();
    let r = s.import(folder.path()).unwrap();
    assert_eq!(r.ops_in, 2);
    for (line, field) in [
        (2, "item/petition_backlog/status"),
        (3, "item/petition_backlog/num/received"),
        (4, "item/meeting_quality/rating"),
        (5, "item/meeting_quality/flag/practical"),
        (6, "final"),
    ] {
        assert!(
            r.warnings.iter().any(|w| matches!(w,
                Warning::BadValue { file: f, line: l, field: fd, kept: false, .. }
                    if *f == file && *l == line && fd == field)),
            "line {line}: {:?}",
            r.warnings
        );
    }
    let text = r.render(Lang::En);
    assert!(text.contains("Line 2 of") && text.contains(r#""sparkle""#) && text.contains("not a status"), "{text}");
    assert!(r.render(Lang::Vi).contains("không phải một tình trạng"));
    // The earlier status stands: the refused one is not shown as anything.
    assert_eq!(s.get("visit/v1", "item/petition_backlog/status").unwrap().value, Some(json!("improving")));
    assert!(s.get("visit/v1", "item/petition_backlog/num/received").is_none());
    assert!(s.get("visit/v1", "final").is_none());
    // Folded again from the local copies (no cache): the same.
    drop(s);
    fs::remove_file(home.path().join("cache.bin")).unwrap();
    let s = Store::open(home.path()).unwrap();
    assert_eq!(s.get("visit/v1", "item/petition_backlog/status").unwrap().value, Some(json!("improving")));
    assert!(s.get("visit/v1", "item/meeting_quality/rating").is_none());
}

#[test]
fn a_value_of_the_wrong_kind_cannot_be_typed() {
    let home = tmp();
    let mut s = Store::open(home.path()).unwrap();
    for (f, v) in [
        ("item/x/status", json!("sparkle")),
        ("item/x/num/k", json!(-1)),
        ("item/x/num/k", json!("12")),
        ("item/x/rating", json!("excellent")),
        ("done", json!("no")),
    ] {
        let e = if f == "done" { s.set("fu/a", f, v) } else { s.set("visit/a", f, v) }.unwrap_err();
        assert!(matches!(e, StoreError::WrongKind { .. }), "{f}: {e:?}");
        assert!(e.message(Lang::Vi).starts_with("Chưa lưu"), "{}", e.message(Lang::Vi));
    }
    assert_eq!(s.op_count(), 0);
    s.set("visit/a", "item/x/status", json!("worse")).unwrap();
    s.set("visit/a", "item/x/status", Value::Null).unwrap();
}

/// `sotay --home HOME ARGS…` in English.
fn sotay(home: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sotay")).args(["--lang", "en", "--home"]).arg(home).args(args).output().unwrap()
}

#[test]
fn a_value_only_this_checklist_refuses_is_kept_shown_and_named() {
    let (home, folder) = (tmp(), tmp());
    let file = device_file(
        folder.path(),
        &[
            ("commune", json!("Bình Sơn")),
            ("date", json!("2025-11-20")),
            ("item/petition_backlog/num/received", json!(2.5)),
            ("item/citizen_reception/num/held_rate", json!(140)),
            ("item/rare_custom_item/status", json!("worse")),
            ("item/petition_backlog/num/sparkles", json!(7)),
        ],
    );
    let out = sotay(home.path(), &["sync", folder.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let name = file.display().to_string();
    for (line, what) in [
        (3, "not a whole number"),
        (4, "over 100 percent"),
        (5, "for an item not in the checklist in use"),
        (6, "a number this item does not have"),
    ] {
        let said = text.lines().any(|l| l.contains(&format!("Line {line} of ")) && l.contains(what));
        assert!(said, "line {line} ({what}) not named in:\n{text}");
    }
    assert!(text.contains(&name) || text.contains(&format!("{DEV}.2025-11-1.jsonl")), "{text}");
    assert!(text.contains("kept and shown as recorded"), "{text}");
    // Kept as recorded: the exports show 2.5 and the custom item, and none fails.
    // (docx needs an assignments file for its head, whatever the values.)
    for format in ["json", "csv", "md", "xlsx"] {
        let dest = home.path().join(format!("out.{format}"));
        let out = sotay(home.path(), &["export", "--format", format, "--out", dest.to_str().unwrap()]);
        assert!(out.status.success(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let json = fs::read_to_string(home.path().join("out.json")).unwrap();
    assert!(json.contains("2.5") && json.contains("rare_custom_item"), "{json}");
}
