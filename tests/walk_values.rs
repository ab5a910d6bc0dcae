//! The walk keeps values as the user meant them: a member count that came
//! with a cell follows the cell, a value the user cleared stays cleared,
//! only what is stored counts as recorded, a number typed is committed by
//! whatever leaves its field, `j`/`k` do not move inside a field, and the
//! end of the checklist is said (the review opens) rather than the cursor
//! going back to the status just given.

mod common;

use common::drive::{chars, demo_app, me, press, screen, start_visit_on, type_text, walk};
use ratatui::crossterm::event::KeyCode::{self, BackTab, Backspace, Down, Enter, Esc, Right, Tab};
use serde_json::json;
use sotay::checklist;
use sotay::findings::{self, ItemField, Status};
use sotay::i18n::Lang;
use sotay::store::Store;
use sotay::tui::walk::Note;
use sotay::tui::walk::form::Field;
use sotay::tui::{App, Screen};

/// A new visit to Xã Bình Thanh, at item `n` (its number in the checklist).
fn at_item(dir: &std::path::Path, lang: Lang, n: usize) -> App {
    let mut a = demo_app(dir, lang);
    visit_at(&mut a, n);
    a
}

fn visit_at(a: &mut App, n: usize) {
    start_visit_on(a, "2026-11-20");
    press(a, &[KeyCode::Char('g')]);
    type_text(a, &n.to_string());
    press(a, &[Enter]);
}

fn focused(a: &App) -> Field {
    walk(a).focused(checklist::active())
}

fn said(a: &App) -> String {
    match &walk(a).note {
        Some(Note::Error(m) | Note::Info(m) | Note::Saved(m)) => m.clone(),
        None => String::new(),
    }
}

/// What the store holds for a field of the open visit (`Some(Null)`: cleared).
fn stored(a: &App, code: &str, field: ItemField) -> Option<serde_json::Value> {
    let entity = findings::visit_entity(&walk(a).visit);
    a.shared.store.as_ref().unwrap().get(&entity, &field.of(code)).and_then(|v| v.value)
}

fn total(a: &App) -> Option<serde_json::Value> {
    stored(a, "meeting_quality", ItemField::Number("total".into()))
}

/// A field of the open visit set as if it came from another laptop (or an
/// older version), then the walk refreshed as after a sync.
fn synced(a: &mut App, code: &str, field: ItemField, value: serde_json::Value) {
    let entity = findings::visit_entity(&walk(a).visit);
    let store = a.shared.store.as_mut().unwrap();
    store.set(&entity, &field.of(code), value).unwrap();
    let Screen::Walk(w) = &mut a.screen else { panic!("not in the walk") };
    w.refresh_visit(a.shared.store.as_ref().unwrap());
}

/// The demo whose cell "thôn 3" has no member count in the assignments.
fn demo_t3_uncounted(dir: &std::path::Path) -> App {
    let mut data = sotay::demo::assignments();
    let cells = data.groups.iter_mut().flat_map(|g| g.communes.iter_mut()).flat_map(|c| c.cells.iter_mut());
    cells.filter(|c| c.id == "binh-thanh-t3").for_each(|c| c.members = None);
    let store = Store::open(&dir.join("store")).unwrap();
    let mut a = App::new(data, Lang::Vi, true, me(), None).with_store(store, Some(dir.join("drafts")));
    a.shared.status = None;
    a
}

#[test]
fn a_count_that_came_with_the_cell_does_not_stay_with_a_cell_that_has_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_t3_uncounted(dir.path());
    visit_at(&mut a, 4);
    // The status records the visit's cell (thôn 2) and its count, 41.
    press(&mut a, &chars("2"));
    assert_eq!(total(&a), Some(json!(41)));
    press(&mut a, &[BackTab, Right]);
    let f = walk(&a).finding("meeting_quality").unwrap().clone();
    assert_eq!(f.cell.as_deref(), Some("binh-thanh-t3"));
    assert_eq!(total(&a), Some(json!(null)), "thôn 3 has no count: the old one is cleared");
    let s = screen(&mut a, 100, 30);
    assert!(s.contains("Tổng số đảng viên: —"), "{s}");
    // Back to thôn 2: its count again.
    press(&mut a, &[KeyCode::Left]);
    assert_eq!(total(&a), Some(json!(41)));
    // A count the user typed stays with whichever cell.
    press(&mut a, &[Tab, Tab, BackTab]);
    assert_eq!(focused(&a), Field::Number(1), "Tổng số đảng viên");
    press(&mut a, &[Backspace, Backspace]);
    type_text(&mut a, "38");
    press(&mut a, &[BackTab]);
    press(&mut a, &[BackTab, Right]);
    assert_eq!(focused(&a), Field::Cell);
    assert_eq!(total(&a), Some(json!(38)));
}

#[test]
fn a_filled_in_value_the_user_cleared_is_not_filled_in_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = at_item(dir.path(), Lang::Vi, 4);
    press(&mut a, &chars("2"));
    type_text(&mut a, "35");
    press(&mut a, &[Enter]);
    // Shift-Tab past the computed attendance to the count; cleared.
    press(&mut a, &[BackTab, BackTab]);
    assert_eq!(focused(&a), Field::Number(1));
    press(&mut a, &[Backspace, Enter]);
    assert_eq!(total(&a), Some(json!(null)));
    let s = screen(&mut a, 100, 30);
    assert!(s.contains("Tổng số đảng viên: —"), "{s}");
    assert!(!s.contains("41 (điền sẵn)"), "{s}");
    // Another status does not write it back.
    press(&mut a, &[Esc]);
    press(&mut a, &chars("3"));
    assert_eq!(walk(&a).status("meeting_quality"), Status::Resolved);
    assert_eq!(total(&a), Some(json!(null)));
}

#[test]
fn an_undo_to_no_value_is_not_a_clear() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = at_item(dir.path(), Lang::Vi, 4);
    // The status records the cell, the count and itself; u takes each back.
    press(&mut a, &chars("2"));
    assert_eq!(total(&a), Some(json!(41)));
    press(&mut a, &[Esc]);
    press(&mut a, &chars("uuu"));
    assert_eq!(walk(&a).status("meeting_quality"), Status::NotAssessed);
    assert_eq!(total(&a), Some(json!(null)), "the store can only say 'no value' with a null");
    let s = screen(&mut a, 100, 30);
    assert!(s.contains("Tổng số đảng viên: 41 (điền sẵn)"), "filled in again, as before the status:\n{s}");
    press(&mut a, &chars("2"));
    assert_eq!(total(&a), Some(json!(41)));
}

#[test]
fn the_review_counts_only_what_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = at_item(dir.path(), Lang::Vi, 4);
    // The status came from another laptop: nothing filled in was recorded.
    synced(&mut a, "meeting_quality", ItemField::Status, json!("improving"));
    assert_eq!(total(&a), None);
    let s = screen(&mut a, 120, 35);
    assert!(s.contains("Tổng số đảng viên: 41 (điền sẵn)"), "shown as filled in:\n{s}");
    press(&mut a, &chars("r"));
    let s = screen(&mut a, 200, 60);
    assert!(s.contains("Tổng số đảng viên (điền sẵn, chưa ghi)"), "the review names it as missing:\n{s}");
    // Giving the status here records it, and the review no longer lists it.
    press(&mut a, &[Esc]);
    press(&mut a, &chars("2"));
    assert_eq!(total(&a), Some(json!(41)));
    press(&mut a, &[Esc]);
    press(&mut a, &chars("r"));
    let s = screen(&mut a, 200, 60);
    assert!(!s.contains("Tổng số đảng viên (điền sẵn"), "{s}");
}

#[test]
fn the_end_of_the_checklist_is_said_and_the_next_digit_does_not_overwrite_the_last_status() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = at_item(dir.path(), lang, 11);
        assert_eq!(walk(&a).current, walk(&a).items.len() - 1, "the last item");
        // A status with nothing left to fill on the last item.
        press(&mut a, &chars("3"));
        let end = if lang == Lang::Vi { "Đã hết danh mục" } else { "End of the checklist" };
        assert!(said(&a).contains(end), "{}", said(&a));
        assert!(walk(&a).review, "the review is open");
        press(&mut a, &chars("2"));
        assert_eq!(walk(&a).status("unity"), Status::Resolved, "not overwritten");
        let s = screen(&mut a, 100, 30);
        assert!(s.contains(end), "{s}");
        // Esc goes back to the last item; Tab past its last field: the same.
        press(&mut a, &[Esc]);
        assert!(!walk(&a).review);
        press(&mut a, &[Tab, Tab]);
        assert!(walk(&a).review && said(&a).contains(end), "{}", said(&a));
    }
}

#[test]
fn j_and_k_do_not_move_inside_an_items_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = at_item(dir.path(), Lang::Vi, 4);
    let item = walk(&a).current;
    press(&mut a, &chars("2"));
    // A number field: both say the field takes a number.
    for key in ["j", "k"] {
        press(&mut a, &chars(key));
        assert_eq!((walk(&a).current, focused(&a)), (item, Field::Number(0)), "{key}");
        assert!(said(&a).contains("ghi bằng số"), "{key}: {}", said(&a));
    }
    type_text(&mut a, "35");
    press(&mut a, &[Enter]);
    // A yes/no field: j says its keys, k is "không".
    assert_eq!(focused(&a), Field::Flag("practical"));
    let s = screen(&mut a, 100, 30);
    assert!(s.contains("c/1 có · k/0 không · ↑↓ di chuyển"), "{s}");
    let ops = a.shared.store.as_ref().unwrap().op_count();
    press(&mut a, &chars("j"));
    assert_eq!((walk(&a).current, focused(&a)), (item, Field::Flag("practical")));
    assert!(said(&a).contains("c/1 có · k/0 không · ↑↓ di chuyển"), "{}", said(&a));
    assert_eq!(a.shared.store.as_ref().unwrap().op_count(), ops, "nothing recorded");
    press(&mut a, &chars("k"));
    assert_eq!(walk(&a).finding("meeting_quality").unwrap().flags.get("practical"), Some(&false));
    // The cell: j says how to move; ↓ does move.
    press(&mut a, &[BackTab; 5]);
    assert_eq!(focused(&a), Field::Cell);
    press(&mut a, &chars("j"));
    assert_eq!((walk(&a).current, focused(&a)), (item, Field::Cell));
    assert!(said(&a).contains("↑↓ mục khác"), "{}", said(&a));
    press(&mut a, &[Down]);
    assert_eq!(walk(&a).current, item + 1);
    // On the status j and k still move.
    press(&mut a, &chars("k"));
    assert_eq!(walk(&a).current, item);
}

#[test]
fn more_resolved_than_received_computes_no_pending_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = at_item(dir.path(), Lang::Vi, 1);
    assert_eq!(walk(&a).code(), "petition_backlog");
    // Typed here, the field check refuses it and says why.
    press(&mut a, &chars("2"));
    type_text(&mut a, "10");
    press(&mut a, &[Enter]);
    type_text(&mut a, "17");
    press(&mut a, &[Enter]);
    assert!(said(&a).contains("Đơn thư tiếp nhận (10)"), "{}", said(&a));
    press(&mut a, &[Backspace, Backspace, Esc]);
    // From two laptops: received 10 here, resolved 17 there.
    synced(&mut a, "petition_backlog", ItemField::Number("resolved".into()), json!(17));
    let s = screen(&mut a, 100, 30);
    assert!(s.contains("Còn tồn đọng: —"), "not 0 (tự tính):\n{s}");
}

#[test]
fn a_pending_count_typed_stays_when_resolved_is_filled_in_later() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = at_item(dir.path(), Lang::Vi, 1);
    press(&mut a, &chars("2"));
    type_text(&mut a, "20");
    press(&mut a, &[Tab, Tab]);
    assert_eq!(focused(&a), Field::Number(2), "Còn tồn đọng");
    type_text(&mut a, "5");
    press(&mut a, &[Enter, BackTab, BackTab]);
    assert_eq!(focused(&a), Field::Number(1), "Đã giải quyết");
    type_text(&mut a, "17");
    press(&mut a, &[Enter]);
    let f = walk(&a).finding("petition_backlog").unwrap();
    assert_eq!((f.numbers["resolved"], f.numbers["pending"]), (17.0, 5.0));
    let s = screen(&mut a, 100, 30);
    assert!(s.contains("Còn tồn đọng: 5 "), "{s}");
    assert!(!s.contains("Còn tồn đọng: 3"), "{s}");
}

#[test]
fn every_key_that_leaves_a_number_field_commits_what_was_typed() {
    let received = |a: &App| stored(a, "petition_backlog", ItemField::Number("received".into()));
    // g: go to another item.
    let dir = tempfile::tempdir().unwrap();
    let mut a = at_item(dir.path(), Lang::Vi, 1);
    press(&mut a, &chars("2"));
    type_text(&mut a, "20");
    press(&mut a, &chars("g"));
    type_text(&mut a, "3");
    press(&mut a, &[Enter]);
    assert_eq!(walk(&a).code(), "citizen_reception");
    assert_eq!(received(&a), Some(json!(20)));
    // r then F: the review and the visit finalized with it.
    let dir = tempfile::tempdir().unwrap();
    let mut a = at_item(dir.path(), Lang::Vi, 1);
    press(&mut a, &chars("2"));
    type_text(&mut a, "20");
    press(&mut a, &chars("rF"));
    assert_eq!(received(&a), Some(json!(20)));
    assert!(walk(&a).state.finalized);
    // b: the minutes are written with it.
    let dir = tempfile::tempdir().unwrap();
    let mut a = at_item(dir.path(), Lang::Vi, 1);
    press(&mut a, &chars("2"));
    type_text(&mut a, "20");
    press(&mut a, &chars("b"));
    assert_eq!(received(&a), Some(json!(20)));
    // A value refused keeps the user in the field, the error said.
    press(&mut a, &[Enter]);
    type_text(&mut a, "25");
    press(&mut a, &chars("r"));
    assert!(!walk(&a).review, "refused: the review does not open");
    assert_eq!(focused(&a), Field::Number(1));
    assert!(said(&a).contains("Đơn thư tiếp nhận (20)"), "{}", said(&a));
    press(&mut a, &chars("g"));
    assert!(walk(&a).goto.is_none(), "nor the go-to prompt");
}
