//! A visit as a new user makes it, driven by keys: what a real visit in a
//! terminal showed was wrong, each case checked on what the user reads or
//! what ends up in the store.

mod common;

use common::drive::{chars, demo_app, press, screen, start_visit_on, type_text, walk};
use ratatui::crossterm::event::KeyCode::{BackTab, Char, Enter, Esc, Tab};
use sotay::findings::Status;
use sotay::i18n::Lang;

#[test]
fn keys_do_not_act_behind_the_too_small_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_app(dir.path(), Lang::Vi);
    start_visit_on(&mut a, "2026-11-20");
    let s = screen(&mut a, 39, 11);
    assert!(!s.contains("0/11"), "only the request to enlarge is drawn");
    press(&mut a, &chars("3"));
    let w = walk(&a);
    assert_eq!((w.current, w.status("petition_backlog")), (0, Status::NotAssessed), "nothing recorded unseen");
    // Big enough again: the same key works.
    screen(&mut a, 80, 24);
    press(&mut a, &chars("3"));
    assert_eq!(walk(&a).status("petition_backlog"), Status::Resolved);
}

#[test]
fn a_digit_after_saving_a_note_sets_the_status() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_app(dir.path(), Lang::Vi);
    start_visit_on(&mut a, "2026-11-20");
    press(&mut a, &[Enter]);
    type_text(&mut a, "Còn 3 đơn");
    press(&mut a, &[Esc, Char('2')]);
    let w = walk(&a);
    let f = w.finding("petition_backlog").unwrap();
    assert_eq!((f.note.as_deref(), f.status), (Some("Còn 3 đơn"), Status::Improving));
    assert_eq!((w.current, w.focus), (0, 1), "and goes on to the item's first empty field, as a status does");
}

#[test]
fn an_empty_note_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_app(dir.path(), Lang::Vi);
    start_visit_on(&mut a, "2026-11-20");
    let before = a.shared.store.as_ref().unwrap().op_count();
    press(&mut a, &[Enter, Esc]);
    assert_eq!(a.shared.store.as_ref().unwrap().op_count(), before);
    assert!(walk(&a).editor.is_none());
}

/// Petition backlog: received, resolved typed; the rate computed.
fn petitions(a: &mut sotay::tui::App, received: &str, resolved: &str) {
    press(a, &[Tab]);
    type_text(a, received);
    press(a, &[Tab]);
    type_text(a, resolved);
    press(a, &[Tab]);
}

#[test]
fn previous_is_the_last_visits_value_computed_or_typed_without_float_noise() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_app(dir.path(), Lang::Vi);
    start_visit_on(&mut a, "2026-10-20");
    let first = screen(&mut a, 100, 30);
    assert!(first.contains("ban đầu: 70%"), "before any visit, the starting level:\n{first}");
    petitions(&mut a, "10", "8");
    press(&mut a, &[Esc, Esc]);
    start_visit_on(&mut a, "2026-11-20");
    petitions(&mut a, "12", "11");
    let s = screen(&mut a, 120, 35);
    // 80% computed last time, 91.7% now: not the starting 70%, no 21.700000000000003.
    assert!(s.contains("Lần trước: 80% → 91,7% ▲11,7"), "{s}");
    assert!(s.contains("Lần trước: 10 → 12 ▲2"), "{s}");
    press(&mut a, &[ratatui::crossterm::event::KeyCode::Down]);
    let s = screen(&mut a, 120, 35);
    assert!(
        s.contains("Chỉ tiêu: 7 (điền sẵn)   ban đầu: 7"),
        "a number no visit had keeps its starting level:
{s}"
    );
}

#[test]
fn items_carry_the_dashboards_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_app(dir.path(), Lang::Vi);
    start_visit_on(&mut a, "2026-11-20");
    let items = &sotay::checklist::builtin().items;
    // The walk starts with the commune's known weaknesses (items 1 and 5),
    // numbered as on the dashboard and in the reports.
    press(&mut a, &chars("j"));
    assert_eq!(walk(&a).code(), "recruitment");
    let s = screen(&mut a, 120, 35);
    assert!(s.contains(&format!("5. {}", items[4].label.vi)), "{s}");
    assert!(s.contains(" 5!"), "the list says 5 too:\n{s}");
    // "Go to 2" is the dashboard's item 2.
    press(&mut a, &chars("g2"));
    press(&mut a, &[Enter]);
    assert_eq!(walk(&a).code(), items[1].code);
}

fn op_count(a: &sotay::tui::App) -> usize {
    a.shared.store.as_ref().unwrap().op_count()
}

#[test]
fn the_follow_up_form_goes_field_to_field_with_an_owner_and_a_checked_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_app(dir.path(), Lang::Vi);
    start_visit_on(&mut a, "2026-11-20");
    press(&mut a, &chars("a"));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Enter sang ô sau") && s.contains("Esc đóng"), "the footer shows the form's keys:\n{s}");
    assert_eq!(walk(&a).follow_up.as_ref().unwrap().who, "Nguyễn Văn An", "the owner is who makes the visit");
    type_text(&mut a, "Rà soát đơn tồn đọng");
    let before = op_count(&a);
    press(&mut a, &[Enter]);
    assert_eq!(op_count(&a), before, "Enter in the first field saves nothing yet");
    assert_eq!(walk(&a).follow_up.as_ref().unwrap().field, 1, "it goes to the owner");
    press(&mut a, &[Enter]);
    type_text(&mut a, "2026-13-01");
    press(&mut a, &[Enter]);
    assert!(walk(&a).follow_up.is_some(), "a date that does not exist is refused");
    assert!(screen(&mut a, 80, 24).contains("\"2026-13-01\" không phải ngày hợp lệ"));
    press(&mut a, &[ratatui::crossterm::event::KeyCode::Backspace; 5]);
    type_text(&mut a, "12-01");
    press(&mut a, &[Enter]);
    let w = walk(&a);
    assert!(w.follow_up.is_none());
    let f = w.open_follow_ups()[0];
    assert_eq!((f.who.as_str(), f.due.as_deref()), ("Nguyễn Văn An", Some("2026-12-01")));
}

#[test]
fn esc_in_the_follow_up_form_asks_before_dropping_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_app(dir.path(), Lang::Vi);
    start_visit_on(&mut a, "2026-11-20");
    // Nothing typed: Esc just closes.
    press(&mut a, &[Char('a'), Esc]);
    assert!(walk(&a).follow_up.is_none());
    press(&mut a, &chars("a"));
    type_text(&mut a, "Họp chi bộ thôn 2");
    press(&mut a, &[Esc]);
    assert_eq!(walk(&a).follow_up.as_ref().unwrap().what, "Họp chi bộ thôn 2", "kept after one Esc");
    assert!(screen(&mut a, 100, 30).contains("Esc lần nữa để bỏ"));
    // Typing again takes back the question; Esc asks again.
    type_text(&mut a, " tháng 12");
    press(&mut a, &[Esc]);
    assert!(walk(&a).follow_up.is_some());
    let before = op_count(&a);
    press(&mut a, &[Esc]);
    assert!(walk(&a).follow_up.is_none());
    assert_eq!(op_count(&a), before);
    assert!(screen(&mut a, 100, 30).contains("Đã bỏ kiến nghị đang viết"));
}

#[test]
fn long_follow_up_text_scrolls_within_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_app(dir.path(), Lang::Vi);
    start_visit_on(&mut a, "2026-11-20");
    press(&mut a, &chars("a"));
    type_text(
        &mut a,
        "Đề nghị Đảng ủy xã chỉ đạo rà soát toàn bộ đơn thư tồn đọng từ năm trước và trả lời công dân HẾT",
    );
    for (w, h) in [(80, 24), (40, 12)] {
        let s = screen(&mut a, w, h);
        let line = s.lines().find(|l| l.contains("HẾT▏")).unwrap_or_else(|| panic!("the end typed is in view:\n{s}"));
        assert!(line.contains("Nội dung: …"), "cut at the start, not the end:\n{s}");
    }
}

/// What the terminal loop does after each batch of keys, before drawing.
fn after_batch(a: &mut sotay::tui::App) {
    if let sotay::tui::Screen::Walk(w) = &mut a.screen {
        w.save_draft();
        w.save_place();
    }
}

#[test]
fn a_number_typed_but_not_left_comes_back_where_it_was_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_app(dir.path(), Lang::Vi);
    start_visit_on(&mut a, "2026-11-20");
    press(&mut a, &[Char('j'), Tab]);
    type_text(&mut a, "12");
    after_batch(&mut a);
    // The process dies here: nothing else runs.
    drop(a);
    let mut b = demo_app(dir.path(), Lang::Vi);
    let w = walk(&b);
    assert_eq!((w.code(), w.focus, w.input.as_deref()), ("recruitment", 1, Some("12")));
    let s = screen(&mut b, 120, 35);
    assert!(
        s.contains("Mở lại lần làm việc đang dở: số đang gõ 12 ở mục 5 (Phát triển đảng viên), ô Kết nạp trong năm"),
        "{s}"
    );
    assert!(s.contains("Kết nạp trong năm: 12▏"), "{s}");
    // It is saved like any number typed.
    press(&mut b, &[Tab]);
    assert_eq!(walk(&b).finding("recruitment").unwrap().numbers["admitted"], 12.0);
    // Leaving the visit says so; the next start is on the commune list.
    press(&mut b, &[Esc, Esc]);
    assert!(screen(&mut b, 120, 35).contains("Đã rời lần làm việc"));
    drop(b);
    let c = demo_app(dir.path(), Lang::Vi);
    assert!(matches!(c.screen, sotay::tui::Screen::Browse));
}

#[test]
fn at_40x12_the_focused_field_is_always_in_view() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = demo_app(dir.path(), lang);
        start_visit_on(&mut a, "2026-11-20");
        // The cell meeting item: the most fields of any.
        press(&mut a, &chars("g4"));
        press(&mut a, &[Enter]);
        let n = walk(&a).fields(sotay::checklist::active()).len();
        assert!(n >= 9, "{n} fields");
        // Shift-Tab visits every field (Tab only those left to fill).
        for i in 0..n {
            let s = screen(&mut a, 40, 12);
            assert!(s.contains('▶'), "{lang:?}: field {i} of {n} is off screen:\n{s}");
            if i == 2 {
                insta::assert_snapshot!(format!("meeting_rating_40x12_{lang:?}"), s);
            }
            press(&mut a, &[BackTab]);
        }
    }
}

/// The visit list (Enter on a commune) shows "hoàn tất" whole at every
/// size, whatever the members' names take.
#[test]
fn the_visit_list_never_cuts_the_finished_marker() {
    for (lang, mark) in [(Lang::Vi, "hoàn tất"), (Lang::En, "final")] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = demo_app(dir.path(), lang);
        start_visit_on(&mut a, "2026-11-20");
        press(&mut a, &[Char('3'), Char('r'), Char('F'), Esc, Char('q')]);
        press(&mut a, &[Enter]);
        for (w, h) in [(80, 24), (120, 35), (40, 12)] {
            let s = screen(&mut a, w, h);
            let row = s.lines().find(|l| l.contains("2026-11-20 ·")).unwrap_or_else(|| panic!("{s}"));
            assert!(row.contains(&format!("{mark} ")) || row.contains(&format!("{mark}│")), "{lang:?} {w}x{h}: {s}");
        }
    }
}

/// The commune list shows each commune's last visit and its open
/// follow-ups: after a visit, and on the next start.
#[test]
fn the_commune_list_shows_the_last_visit_and_open_follow_ups() {
    // The list's cell of Xã Bình Thanh's row: its last visit, then its open follow-ups.
    let row = |s: &str| {
        let line = s.lines().find(|l| l.contains("│Xã Bình Thanh ")).unwrap();
        let cell: Vec<String> = line.split('│').nth(1).unwrap().split_whitespace().map(str::to_owned).collect();
        let at = cell.iter().position(|w| w == "—" || w.starts_with("20")).unwrap();
        (cell[at].clone(), cell[at + 1].clone())
    };
    let visited = ("2026-11-20".to_owned(), "1".to_owned());
    for (lang, last, open) in [(Lang::Vi, "Lần cuối", "KN mở"), (Lang::En, "Last visit", "Open")] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = demo_app(dir.path(), lang);
        assert_eq!(row(&screen(&mut a, 80, 24)), ("—".to_owned(), "0".to_owned()), "no visit yet");
        start_visit_on(&mut a, "2026-11-20");
        press(&mut a, &chars("a"));
        type_text(&mut a, "Rà soát đơn tồn đọng");
        press(&mut a, &[Enter, Enter, Enter, Char('q')]);
        for (w, h) in [(80, 24), (120, 35), (40, 12), (200, 60)] {
            let s = screen(&mut a, w, h);
            assert!(s.contains(last) && s.contains(open), "{lang:?} {w}x{h}: {s}");
            assert_eq!(row(&s), visited, "{lang:?} {w}x{h}: {s}");
        }
        drop(a);
        let mut again = demo_app(dir.path(), lang);
        assert_eq!(row(&screen(&mut again, 80, 24)), visited, "{lang:?} on the next start");
    }
}
