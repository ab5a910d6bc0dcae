//! Issue 9 in the interface: what an exchange with the remembered sync
//! folder warns about (a damaged or forged line, a torn tail, a value
//! outside the checklist…) is said once in the message line, counted in
//! the title bar while unread, and listed with its file under `W`, as
//! `sotay sync` prints it. The same warning is never said twice.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::drive::{demo, demo_app, press, screen};
use ratatui::crossterm::event::KeyCode::{Char, Down, Esc};
use serde_json::{Value, json};
use sotay::findings::Problem;
use sotay::i18n::Lang;
use sotay::store::{Body, Hlc, Op, Warning, line};
use sotay::tui::Overlay;
use sotay::tui::screens::SyncWarning as Entry;

const DEV: &str = "0123456789abcdef";
const OTHER: &str = "fedcba9876543210";

fn op(dev: &str, seq: u64, e: &str, f: &str, val: Value) -> Op {
    Op {
        dev: dev.into(),
        seq,
        hlc: Hlc::new(1_763_850_000_000 + seq, 0),
        by: String::new(),
        sup: Vec::new(),
        e: e.into(),
        body: Body::Set { f: f.into(), val },
    }
}

/// A device file of `dev` in `folder` holding these values, one per line.
fn device_file(folder: &Path, dev: &str, fields: &[(&str, Value)]) -> PathBuf {
    let path = folder.join(format!("{dev}.2025-11-1.jsonl"));
    let text: String = fields
        .iter()
        .enumerate()
        .map(|(i, (f, v))| line::encode(&op(dev, i as u64 + 1, "visit/v1", f, v.clone())))
        .collect();
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn an_exchange_in_the_interface_says_its_warnings_once_and_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("usb");
    fs::create_dir(&folder).unwrap();
    // A visit whose last line was changed after it was written (its
    // checksum fails) and whose status names an item this checklist lacks.
    let file = device_file(
        &folder,
        DEV,
        &[
            ("commune", json!("binh-son")),
            ("date", json!("2025-11-20")),
            ("item/rare_custom_item/status", json!("worse")),
            ("item/petition_backlog/status", json!("improving")),
        ],
    );
    let text = fs::read_to_string(&file).unwrap().replace("improving", "resolved!");
    fs::write(&file, text).unwrap();
    let name = file.file_name().unwrap().to_str().unwrap();

    let mut app = demo_app(dir.path(), Lang::En);
    app.shared.sync_dir = Some(folder.clone());
    app.sync_now();
    let status = app.shared.status.clone().expect("the exchange said something");
    assert!(status.starts_with("Warning (and 1 more, key W): Line 4 of ") && status.contains(name), "{status}");
    assert!(status.ends_with(" is damaged (checksum mismatch) and was skipped."), "{status}");
    let footer = screen(&mut app, 80, 24).lines().last().unwrap().to_owned();
    assert!(footer.contains("Warning (and 1 more, key W): Line 4 of"), "{footer}");
    let title = screen(&mut app, 80, 24);
    let top = title.lines().next().unwrap();
    assert!(top.contains("⚠ 2 warnings (W)"), "{top}");

    // `W` lists them, newest first, each with its file; opening reads them.
    press(&mut app, &[Char('W')]);
    assert!(matches!(app.overlay, Overlay::Warnings(_)));
    let list = screen(&mut app, 160, 24);
    let rows: Vec<&str> = list.lines().filter(|l| l.contains(name)).collect();
    assert_eq!(rows.len(), 2, "{list}");
    assert!(rows[0].contains("Line 3 of") && rows[0].contains("for an item not in the checklist in use"), "{list}");
    assert!(rows[1].contains("Line 4 of") && rows[1].contains("is damaged"), "{list}");
    assert!(!list.lines().next().unwrap().contains("warning"), "read once listed: {list}");
    press(&mut app, &[Down, Esc]);
    assert_eq!(app.overlay, Overlay::None);

    // Another device records the same unknown item: the checklist is
    // walked again and finds the same first line (now with one more value
    // like it), the damaged line is still there; neither is said again,
    // nor counted, and the list has the count brought up to date.
    device_file(&folder, OTHER, &[("item/rare_custom_item/status", json!("improving"))]);
    app.shared.status = None;
    app.sync_now();
    assert_eq!(app.shared.status, None);
    assert_eq!(app.shared.warnings.len(), 2);
    let again = screen(&mut app, 160, 24);
    assert!(!again.lines().next().unwrap().contains("warning"), "{again}");
    press(&mut app, &[Char('W')]);
    let list = screen(&mut app, 160, 24);
    assert!(list.contains("(as are 1 more values of this field like it)"), "{list}");
    press(&mut app, &[Esc]);

    // In Vietnamese, the same sentences `sotay sync` prints.
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Vi);
    app.shared.sync_dir = Some(folder);
    app.sync_now();
    let status = app.shared.status.clone().unwrap();
    assert!(status.starts_with("Cảnh báo (và 1 cảnh báo khác, phím W): Dòng 4 của tệp "), "{status}");
    let top = screen(&mut app, 80, 24).lines().next().unwrap().to_owned();
    assert!(top.contains("⚠ 2 cảnh báo (W)"), "{top}");
}

/// The list with fixed warnings (paths that do not change from run to run).
fn listed(lang: Lang) -> String {
    let mut app = demo(lang);
    app.shared.status = None;
    let usb = PathBuf::from("/media/usb/sotay");
    let batch = [
        Warning::TornTail { file: usb.join(format!("{DEV}.2025-11-1.jsonl")), bytes: 37 },
        Warning::BadLine {
            file: usb.join(format!("{DEV}.2025-11-1.jsonl")),
            line: 4,
            reason: "checksum mismatch".into(),
        },
        Warning::SeqGap { device: OTHER.into(), from: 61, to: 63 },
        Warning::BadValue {
            file: usb.join(format!("{OTHER}.2025-11-1.jsonl")),
            line: 3,
            field: "item/rare_custom_item/status".into(),
            problem: Problem::UnknownItem,
            got: "\"worse\"".into(),
            kept: true,
            others: 2,
        },
    ];
    app.shared.warnings.take(batch.into_iter().map(Entry::Store), lang);
    press(&mut app, &[Char('W')]);
    screen(&mut app, 80, 24)
}

#[test]
fn warnings_list_vi_80x24() {
    insta::assert_snapshot!(listed(Lang::Vi));
}

#[test]
fn warnings_list_en_80x24() {
    insta::assert_snapshot!(listed(Lang::En));
}
