//! The interface as the Windows console drives and draws it: key events
//! doubled by releases, Unikey's backspace-then-letter, AltGr, and the
//! plain symbols for the old console host (conhost).

mod common;

use common::drive::demo_with_store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use sotay::i18n::Lang;
use sotay::tui::{App, feed, glyphs};

/// One key as the Windows console reports it: pressed, then released.
fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    for kind in [KeyEventKind::Press, KeyEventKind::Release] {
        feed(app, Event::Key(KeyEvent::new_with_kind(code, mods, kind)));
    }
}

fn keys(app: &mut App, codes: &[KeyCode]) {
    for &c in codes {
        key(app, c, KeyModifiers::NONE);
    }
}

/// Types `text` with Unikey in Telex mode: a letter that changes the one
/// before it ("ee" → ê, then "j" → ệ) arrives as a backspace and the new
/// letter. `compose` holds the letters Unikey sends that way.
fn unikey(app: &mut App, text: &str, compose: &[char]) {
    for c in text.chars() {
        if compose.contains(&c) {
            key(app, KeyCode::Backspace, KeyModifiers::NONE);
        }
        key(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

/// "Việt Nam" as typed: V i e, ee → ê, j → ệ, t, space, N a m. The text
/// sent holds each intermediate letter once, in order.
fn type_viet_nam(app: &mut App) {
    unikey(app, "Vieêệt Nam", &['ê', 'ệ']);
}

fn screen(app: &mut App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
    t.draw(|f| sotay::tui::render(f, app)).unwrap();
    t.backend().to_string()
}

#[test]
fn unikey_and_releases_in_the_search() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_with_store(dir.path(), Lang::Vi);
    keys(&mut a, &[KeyCode::Char('/')]);
    unikey(&mut a, "Bình Thaạnh", &['ạ']);
    let s = screen(&mut a);
    assert!(s.contains("Tìm: Bình Thạnh▏"), "{s}");
    let (exact, other) = (s.find("│Xã Bình Thạnh ").unwrap(), s.find("│Xã Bình Thanh ").unwrap());
    assert!(exact < other, "the exact spelling comes first: {s}");
}

#[test]
fn unikey_and_altgr_in_the_note_the_follow_up_and_the_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_with_store(dir.path(), Lang::Vi);
    keys(&mut a, &[KeyCode::Char('n'), KeyCode::Enter]);

    // The note editor.
    keys(&mut a, &[KeyCode::Enter]);
    type_viet_nam(&mut a);
    // AltGr+Q on many European layouts: Ctrl+Alt held, '@' produced.
    key(&mut a, KeyCode::Char('@'), KeyModifiers::CONTROL | KeyModifiers::ALT);
    let s = screen(&mut a);
    assert!(s.contains("Việt Nam@"), "{s}");
    keys(&mut a, &[KeyCode::Esc]);
    let s = screen(&mut a);
    assert!(s.contains("Việt Nam@"), "the saved note is shown: {s}");

    // The follow-up form.
    keys(&mut a, &[KeyCode::Char('a')]);
    type_viet_nam(&mut a);
    key(&mut a, KeyCode::Char('€'), KeyModifiers::CONTROL | KeyModifiers::ALT);
    let s = screen(&mut a);
    assert!(s.contains("Việt Nam€"), "{s}");
    keys(&mut a, &[KeyCode::Esc]);

    // The "go to item" prompt.
    keys(&mut a, &[KeyCode::Char('g')]);
    unikey(&mut a, "đaất", &['ấ']);
    let s = screen(&mut a);
    assert!(s.contains("đất"), "{s}");
}

/// Every cell of the screens drawn with plain symbols is ASCII, a letter
/// (Vietnamese ones included) or a box-drawing line: what conhost's fonts
/// draw at the right width.
#[test]
fn plain_symbols_leave_nothing_conhost_draws_badly() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = demo_with_store(dir.path(), Lang::Vi);
    let ok = |c: char| c.is_ascii() || c.is_alphabetic() || ('\u{2500}'..='\u{257F}').contains(&c);
    let mut swapped = 0;
    let mut check = |a: &mut App, what: &str| {
        let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
        t.draw(|f| {
            sotay::tui::render(f, a);
            swapped += f.buffer_mut().content.iter().filter(|c| c.symbol().chars().any(|c| !ok(c))).count();
            glyphs::swap(f.buffer_mut());
        })
        .unwrap();
        let buf = t.backend().buffer();
        let bad: String = buf.content.iter().flat_map(|c| c.symbol().chars()).filter(|&c| !ok(c)).collect();
        assert!(bad.is_empty(), "{what}: {bad:?} left in\n{}", t.backend());
    };
    check(&mut a, "commune list");
    for (k, what) in [('?', "help"), ('d', "dashboard"), ('T', "trends"), ('f', "follow-ups"), ('p', "plan")] {
        keys(&mut a, &[KeyCode::Char(k)]);
        check(&mut a, what);
        keys(&mut a, &[KeyCode::Esc]);
    }
    keys(&mut a, &[KeyCode::Char('n'), KeyCode::Enter]);
    keys(&mut a, &[KeyCode::Tab, KeyCode::Char('2'), KeyCode::Char('0'), KeyCode::Tab]);
    keys(&mut a, &[KeyCode::Char('1'), KeyCode::Char('7'), KeyCode::Esc, KeyCode::Char('2')]);
    check(&mut a, "walk");
    keys(&mut a, &[KeyCode::Char('r')]);
    check(&mut a, "review");
    assert!(swapped > 10, "the screens drew symbols to swap ({swapped})");
}
