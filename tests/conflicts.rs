//! Concurrent edits from two devices show up as a conflict in the
//! interface, which settles it with a pick; a second instance is refused.

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;
use sotay::findings;
use sotay::i18n::Lang;
use sotay::store::Store;
use sotay::tui::{App, Overlay, action_for};

fn press(app: &mut App, keys: &[KeyCode]) {
    for &code in keys {
        if let Some(a) = action_for(app, &KeyEvent::new(code, KeyModifiers::NONE)) {
            app.update(a);
        }
    }
}

#[test]
fn conflict_is_shown_and_settled_in_the_interface() {
    let a_dir = tempfile::tempdir().unwrap();
    let b_dir = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    let mut a = Store::open(a_dir.path()).unwrap();
    let id = findings::start_visit(&mut a, "tct-1659", "binh-thanh", "2026-11-20", &["nva".into()], &[]).unwrap();
    a.sync(shared.path()).unwrap();
    let mut b = Store::open(b_dir.path()).unwrap();
    b.sync(shared.path()).unwrap();
    // Both edit the same field without seeing each other.
    findings::set_status(&mut a, &id, "petition_backlog", findings::Status::Improving).unwrap();
    findings::set_status(&mut b, &id, "petition_backlog", findings::Status::Worse).unwrap();
    b.sync(shared.path()).unwrap();
    a.sync(shared.path()).unwrap();
    assert_eq!(a.conflicts().len(), 1);

    let mut me = BTreeMap::new();
    me.insert("tct-1659".to_owned(), "nva".to_owned());
    let mut app = App::new(sotay::demo::assignments(), Lang::Vi, false, me, None).with_store(a, None);
    assert_eq!(app.shared.conflict_count, 1);
    press(&mut app, &[KeyCode::Char('C')]);
    let Overlay::Conflicts { rows, cursor } = app.overlay.clone() else { panic!("no conflicts list") };
    assert_eq!(cursor.selected, 0);
    assert_eq!(rows.len(), 2, "both values are offered");
    let keep = rows[1].1.value.clone();
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    assert_eq!(app.shared.conflict_count, 0);
    assert_eq!(app.overlay, Overlay::None);
    let store = app.shared.store.as_ref().unwrap();
    let field = findings::ItemField::Status.of("petition_backlog");
    assert_eq!(store.get(&findings::visit_entity(&id), &field).unwrap().value, keep);
    // The pick is an op: the other device agrees after a sync.
    drop(app);
    let mut a = Store::open(a_dir.path()).unwrap();
    a.sync(shared.path()).unwrap();
    b.sync(shared.path()).unwrap();
    assert!(b.conflicts().is_empty());
    assert_eq!(b.get(&findings::visit_entity(&id), &field).unwrap().value, keep);
    assert_eq!(a.get(&findings::visit_entity(&id), &field).unwrap().value, Some(json!(keep.unwrap())));
}

#[test]
fn second_instance_is_refused_clearly() {
    let home = tempfile::tempdir().unwrap();
    let _held = Store::open(&home.path().join("data/store")).unwrap();
    let usb = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sotay"))
        .arg("--home")
        .arg(home.path())
        .arg("sync")
        .arg(usb.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("đang được một phiên sotay khác mở"), "{err}");
    assert_eq!(err.lines().count(), 1);
}

/// Issue 9, case 7: a follow-up deleted on one laptop and marked done on
/// another; keeping "done" brings back its text and owner everywhere.
#[test]
fn keeping_an_edit_against_a_delete_keeps_the_whole_entity() {
    let (a_dir, b_dir, shared) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = Store::open(a_dir.path()).unwrap();
    let id =
        findings::add_follow_up(&mut a, "v1", "binh-thanh", "recruitment", "Họp chi bộ", "nva", Some("2026-12-01"))
            .unwrap();
    a.sync(shared.path()).unwrap();
    let mut b = Store::open(b_dir.path()).unwrap();
    b.sync(shared.path()).unwrap();
    let e = findings::follow_up_entity(&id);
    a.delete(&e).unwrap();
    b.set(&e, "done", json!(true)).unwrap();
    a.sync(shared.path()).unwrap();
    b.sync(shared.path()).unwrap();
    a.sync(shared.path()).unwrap();
    let c = a.conflicts();
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!((c[0].entity.as_str(), c[0].field.as_str()), (e.as_str(), "done"));
    a.resolve(&e, "done", sotay::store::Resolution::Value(json!(true))).unwrap();
    a.sync(shared.path()).unwrap();
    b.sync(shared.path()).unwrap();
    for s in [&a, &b] {
        assert!(s.conflicts().is_empty());
        let fus = findings::follow_ups(s);
        assert_eq!(fus.len(), 1);
        let f = &fus[0];
        assert_eq!(
            (f.what.as_str(), f.who.as_str(), f.due.as_deref(), f.done),
            ("Họp chi bộ", "nva", Some("2026-12-01"), true)
        );
        assert_eq!((f.visit.as_str(), f.commune.as_str(), f.item.as_str()), ("v1", "binh-thanh", "recruitment"));
    }
}
