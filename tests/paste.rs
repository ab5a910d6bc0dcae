//! Pasting: with bracketed paste on, a paste is text for the field that has
//! focus and never keys; where nothing takes text it is dropped with a word;
//! a page of text is one edit (one insert, one ranking), not one per letter.

mod common;

use std::time::{Duration, Instant};

use common::drive::{demo_app, press, screen, start_visit_on, walk};
use common::{Tui, assert_linear, best_of_three};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use sotay::i18n::Lang;
use sotay::tui::Screen;

const IGNORED: &str = "Đã bỏ qua nội dung dán";

/// `Bình⏎n⏎3` pasted into the search once created a visit and recorded
/// "resolved": now it is searched for, and nothing else happens.
#[test]
fn a_paste_is_text_for_the_focused_field_never_keys() {
    let home = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(home.path(), &[], 100, 30);
    tui.i_am(b"\r", "Nguyễn Văn An");
    tui.send(b"/");
    tui.wait_for("Gõ để lọc");
    tui.paste("Bình\rn\r3");
    tui.wait_for("Tìm: Bình n 3▏");
    tui.send(b"\x1b");
    tui.wait_for("Xã Bình Trung");
    // On the list, nothing takes text: the paste is dropped, with a word.
    tui.paste("n");
    tui.wait_for(IGNORED);
    assert!(!tui.screen().contains("Lần làm việc mới"), "{}", tui.screen());
    tui.start_visit();
    // On an item's status, neither: "3" is not "resolved".
    tui.paste("3");
    tui.wait_for(IGNORED);
    assert!(tui.screen().contains("0/11 đã đánh giá"), "{}", tui.screen());

    // 100 KB of note, lines and all, arrives whole as one edit.
    tui.send(b"\r");
    tui.wait_for("Esc lưu và đóng");
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 100_000 {
        i += 1;
        text.push_str(&format!("Dòng {i}: Đảng ủy xã họp định kỳ, bàn việc tiếp dân.\r"));
    }
    tui.paste(&text);
    let want = text.replace('\r', "\n");
    let drafts = home.path().join("data/demo-drafts");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let got: Vec<String> = std::fs::read_dir(&drafts)
            .map(|d| note_drafts(d).map(|e| std::fs::read_to_string(e.path()).unwrap_or_default()).collect())
            .unwrap_or_default();
        if got.contains(&want) {
            break;
        }
        let have = got.iter().map(|d| d.len()).max().unwrap_or(0);
        assert!(Instant::now() < deadline, "the draft holds {have} of {} bytes", want.len());
        std::thread::sleep(Duration::from_millis(50));
    }
    tui.wait_for(&format!("Dòng {i}: Đảng ủy"));
    // Longer than a note may be (30,000 characters): refused, and kept.
    tui.send(b"\x1b");
    tui.wait_for("Chưa lưu");
    tui.send(b"\x03");
    assert_eq!(tui.wait_exit(), 0);
    let kept = note_drafts(std::fs::read_dir(&drafts).unwrap()).map(|e| std::fs::read_to_string(e.path()).unwrap());
    assert_eq!(kept.collect::<Vec<_>>(), [want]);
    let raw = tui.raw_since(0);
    let has = |s: &[u8]| raw.windows(s.len()).any(|w| w == s);
    assert!(has(b"\x1b[?2004h"), "bracketed paste is turned on");
    let off = raw.windows(8).rposition(|w| w == b"\x1b[?2004l").expect("bracketed paste is turned off at the end");
    assert!(raw.windows(8).rposition(|w| w == b"\x1b[?2004h").unwrap() < off);
}

#[test]
fn a_paste_goes_to_the_form_the_prompt_and_number_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Vi);
    // Overlays are lists: ignored.
    press(&mut app, &[KeyCode::Char('t')]);
    app.paste("x");
    assert!(app.shared.status.as_deref().unwrap().starts_with(IGNORED));
    press(&mut app, &[KeyCode::Esc]);
    press(&mut app, &[KeyCode::Char('n')]);
    app.paste("\r\n");
    assert!(matches!(app.screen, Screen::Setup(_)), "a line break pasted into the date does not start the visit");
    press(&mut app, &[KeyCode::Esc]);
    start_visit_on(&mut app, "2026-03-02");
    press(&mut app, &[KeyCode::Char('g')]);
    app.paste("Tiếp\ndân");
    assert_eq!(walk(&app).goto.as_deref(), Some("Tiếp dân"));
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('a')]);
    app.paste("Rà soát\r\nđơn thư\u{202e}");
    assert_eq!(walk(&app).follow_up.as_ref().unwrap().what, "Rà soát đơn thư");
    // Text typed: the first Esc asks, the second drops it.
    press(&mut app, &[KeyCode::Esc, KeyCode::Esc]);
    // The first item with a number: Tab reaches it.
    let checklist = sotay::checklist::active();
    while !matches!(walk(&app).fields(checklist).get(1), Some(sotay::tui::walk::form::Field::Number(_))) {
        press(&mut app, &[KeyCode::Down]);
    }
    press(&mut app, &[KeyCode::Tab]);
    app.paste("abc");
    assert!(screen(&mut app, 100, 30).contains("ô này chỉ nhận một số"));
    assert_eq!(walk(&app).input, None);
    app.paste(" 12\n");
    assert_eq!(walk(&app).input.as_deref(), Some("12"));
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(walk(&app).input, None, "committed on leaving the field");
    app.paste("3");
    assert!(screen(&mut app, 100, 30).contains(IGNORED));
}

fn text_of(bytes: usize) -> String {
    "Bình Sơn Đảng ủy ".repeat(bytes / 24 + 1)
}

/// The search box and the note each take a paste, or the same text as
/// keys (a terminal without bracketed paste), in time linear in its size,
/// drawing included.
#[test]
fn pasting_a_page_costs_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let search = |text: &str, as_keys: bool| {
        let mut app = demo_app(dir.path(), Lang::Vi);
        press(&mut app, &[KeyCode::Char('/')]);
        if as_keys {
            let keys = text.chars().map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))).collect();
            sotay::tui::feed_all(&mut app, keys);
        } else {
            app.paste(text);
        }
        assert_eq!(app.browser.filter, text);
        screen(&mut app, 100, 30);
    };
    let note = |text: &str| {
        let mut app = demo_app(dir.path(), Lang::Vi);
        start_visit_on(&mut app, "2026-03-02");
        press(&mut app, &[KeyCode::Enter]);
        app.paste(text);
        assert_eq!(walk(&app).editor.as_ref().unwrap().lines().join("\n").len(), text.len());
        screen(&mut app, 100, 30);
    };
    let lines = |t: &str| t.replace("ủy ", "ủy\n");
    // As keys, smaller: re-ranking per character would take minutes at 100 KB.
    for (what, size, f) in [
        ("search, pasted", 12_500, &(|t: &str| search(t, false)) as &dyn Fn(&str)),
        ("search, as keys", 1_500, &|t: &str| search(t, true)),
        ("note, one line", 12_500, &|t: &str| note(t)),
        ("note, many lines", 12_500, &|t: &str| note(&lines(t))),
    ] {
        let t_small = best_of_three(|| f(&text_of(size)));
        let t_large = best_of_three(|| f(&text_of(size * 8)));
        println!("{what}: {} bytes {t_small:?}, {} bytes {t_large:?}", text_of(size).len(), text_of(size * 8).len());
        assert_linear(what, t_small, t_large);
    }
}

/// The note drafts in the drafts folder (not the open visit's place file).
fn note_drafts(dir: std::fs::ReadDir) -> impl Iterator<Item = std::fs::DirEntry> {
    dir.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
}
