//! The visit walk driven by key events: keystroke budgets, validation,
//! undo, follow-ups, and what ends up in the store.

mod common;

use common::drive::{chars, demo_with_store as app, press, screen, walk};
use ratatui::crossterm::event::KeyCode;
use sotay::findings::{self, Status};
use sotay::i18n::Lang;
use sotay::store::Store;
use sotay::tui::App;

use KeyCode::{Enter, Esc, Tab};

/// Starts a visit dated 2026-11-20 (the date typed over today's).
fn start_visit(app: &mut App) -> usize {
    let mut n = press(app, &[KeyCode::Char('n')]);
    n += press(app, &[KeyCode::Backspace; 10]);
    n += press(app, &chars("2026-11-20"));
    n + press(app, &[Enter])
}

#[test]
fn a_status_goes_on_to_the_items_first_empty_field_or_the_next_item() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Lang::Vi);
    press(&mut a, &[KeyCode::Char('n'), Enter]);
    // Petitions have numbers: the status, then the first of them.
    let keys = press(&mut a, &chars("2"));
    assert_eq!(keys, 1);
    let w = walk(&a);
    assert_eq!((w.status("petition_backlog"), w.current, w.focus), (Status::Improving, 0, 1));
    // ↓ leaves the item with its status only (j does not move inside a field).
    press(&mut a, &[KeyCode::Down]);
    assert_eq!((walk(&a).current, walk(&a).focus), (1, 0));
    // Leadership has only a note: its status goes on to the next item.
    press(&mut a, &chars("g8"));
    press(&mut a, &[Enter]);
    assert_eq!(walk(&a).code(), "leadership");
    let before = walk(&a).current;
    press(&mut a, &chars("3"));
    let w = walk(&a);
    assert_eq!((w.status("leadership"), w.current, w.focus), (Status::Resolved, before + 1, 0));
}

#[test]
fn whole_visit_with_three_numbers_within_60_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Lang::Vi);
    let mut keys = press(&mut a, &[KeyCode::Char('n'), Enter]);
    // Item 1, petition backlog: "improving", received 20, resolved 17, on.
    keys += press(&mut a, &chars("220"));
    keys += press(&mut a, &[Enter]);
    keys += press(&mut a, &chars("17"));
    keys += press(&mut a, &[Enter, KeyCode::Down]);
    // Item 2, recruitment: "resolved", admitted 7, on.
    keys += press(&mut a, &chars("37"));
    keys += press(&mut a, &[KeyCode::Down]);
    // The other nine: a status, and ↓ past the numbers left empty.
    for status in "111222334".chars() {
        keys += press(&mut a, &[KeyCode::Char(status)]);
        if walk(&a).focus != 0 {
            keys += press(&mut a, &[KeyCode::Down]);
        }
    }
    assert!(keys <= 60, "{keys} keys");
    let w = walk(&a);
    assert_eq!(w.assessed(), 11);
    let visit = w.visit.clone();
    drop(a);
    // Everything is on disk: a fresh store sees it.
    let store = Store::open(&dir.path().join("store")).unwrap();
    let v = findings::visit(&store, &findings::visit_entity(&visit));
    assert_eq!(v.items["petition_backlog"].numbers["received"], 20.0);
    assert_eq!(v.items["petition_backlog"].numbers["resolved"], 17.0);
    assert_eq!(v.items["recruitment"].numbers["admitted"], 7.0);
    assert_eq!(v.items["recruitment"].status, Status::Resolved);
    assert_eq!(v.items.values().filter(|i| i.status != Status::NotAssessed).count(), 11);
    assert_eq!(v.members, ["nva"]);
    assert_eq!(v.cells, ["binh-thanh-t2"], "the cells I am in charge of are ticked by default");
}

#[test]
fn bad_numbers_are_refused_at_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Lang::En);
    start_visit(&mut a);
    press(&mut a, &[Tab]);
    press(&mut a, &chars("10"));
    press(&mut a, &[Tab]);
    press(&mut a, &chars("12"));
    press(&mut a, &[Tab]);
    let w = walk(&a);
    assert_eq!(w.focus, 2, "stays in the field");
    assert!(matches!(&w.note, Some(sotay::tui::walk::Note::Error(m)) if m.contains("exceed")), "{:?}", w.note);
    assert!(!w.finding("petition_backlog").unwrap().numbers.contains_key("resolved"));
    // Corrected, it goes through.
    press(&mut a, &[KeyCode::Backspace, KeyCode::Backspace]);
    press(&mut a, &chars("9"));
    press(&mut a, &[Tab]);
    let w = walk(&a);
    assert_eq!(w.finding("petition_backlog").unwrap().numbers["resolved"], 9.0);
    assert_eq!(w.focus, 4, "past \"still pending\", computed now");
}

#[test]
fn undo_takes_back_the_last_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Lang::Vi);
    start_visit(&mut a);
    press(&mut a, &chars("3"));
    let first = walk(&a).items[0].clone();
    assert_eq!(walk(&a).status(&first), Status::Resolved);
    press(&mut a, &chars("u"));
    assert_eq!(walk(&a).status(&first), Status::NotAssessed);
}

#[test]
fn follow_up_added_and_marked_done() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Lang::Vi);
    start_visit(&mut a);
    press(&mut a, &chars("a"));
    press(&mut a, &chars("Rà soát đơn tồn đọng"));
    press(&mut a, &[Tab]);
    press(&mut a, &chars("Chủ tịch UBND xã"));
    press(&mut a, &[Tab]);
    press(&mut a, &chars("2026-13-01"));
    press(&mut a, &[Enter]);
    assert!(walk(&a).follow_up.is_some(), "a bad date keeps the form open");
    press(&mut a, &[KeyCode::Backspace; 5]);
    press(&mut a, &chars("12-01"));
    press(&mut a, &[Enter]);
    let w = walk(&a);
    assert!(w.follow_up.is_none());
    assert_eq!(w.open_follow_ups().len(), 1);
    assert_eq!(w.open_follow_ups()[0].due.as_deref(), Some("2026-12-01"));
    press(&mut a, &chars("x"));
    assert!(walk(&a).open_follow_ups().is_empty());
}

#[test]
fn last_visit_numbers_are_shown_beside_this_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Lang::Vi);
    start_visit(&mut a);
    press(&mut a, &[Tab, Tab, Tab, Tab, Tab]);
    press(&mut a, &chars("78"));
    press(&mut a, &[Esc, KeyCode::Char('2'), Esc, Esc]);
    // A later visit sees 78 as last time's rate.
    press(&mut a, &[KeyCode::Char('n')]);
    press(&mut a, &[KeyCode::Backspace; 10]);
    press(&mut a, &chars("2026-12-20"));
    press(&mut a, &[Enter]);
    let w = walk(&a);
    assert_eq!(w.prev["petition_backlog"].numbers["resolution_rate"], 78.0);
    assert_eq!(w.prev["petition_backlog"].status, Status::Improving);
    assert_eq!(w.prev["recruitment"].numbers["target"], 7.0, "baseline when never visited");
}

#[test]
fn walk_screens_vi_and_en() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(dir.path(), lang);
        press(&mut a, &[KeyCode::Char('n')]);
        press(&mut a, &[KeyCode::Backspace; 10]);
        press(&mut a, &chars("2026-11-20"));
        insta::assert_snapshot!(format!("setup_{lang:?}"), screen(&mut a, 80, 24));
        press(&mut a, &[Enter, Tab]);
        press(&mut a, &chars("20"));
        press(&mut a, &[Tab]);
        press(&mut a, &chars("17"));
        press(&mut a, &[Tab]);
        insta::assert_snapshot!(format!("walk_{lang:?}"), screen(&mut a, 100, 30));
        press(&mut a, &[Esc, KeyCode::Char('2'), KeyCode::Char('g')]);
        press(&mut a, &chars("4"));
        // The meeting: its status takes the visit's cell and that cell's
        // member count; present 25; yes, no, no; the rating chosen with →.
        press(&mut a, &[Enter, KeyCode::Char('2')]);
        press(&mut a, &chars("25"));
        press(&mut a, &[Enter]);
        press(&mut a, &chars("ckk"));
        press(&mut a, &[KeyCode::Right]);
        insta::assert_snapshot!(format!("meeting_{lang:?}"), screen(&mut a, 100, 30));
        press(&mut a, &[Esc, KeyCode::Char('r')]);
        insta::assert_snapshot!(format!("review_{lang:?}"), screen(&mut a, 80, 30));
        press(&mut a, &[Esc, Enter]);
        press(&mut a, &chars("Chi bộ họp đủ"));
        insta::assert_snapshot!(format!("note_{lang:?}"), screen(&mut a, 80, 24));
        insta::assert_snapshot!(format!("walk_40x12_{lang:?}"), screen(&mut a, 40, 12));
    }
}
