//! Driving the interface in memory: an app on the demo data with a store in
//! a temporary folder, key presses through the real key table, and frames
//! drawn into ratatui's TestBackend.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sotay::i18n::Lang;
use sotay::store::Store;
use sotay::tui::walk::Walk;
use sotay::tui::{App, Screen, action_for};

/// Who I am on the demo data: Nguyễn Văn An of Tổ công tác 1659.
pub fn me() -> BTreeMap<String, String> {
    BTreeMap::from([("tct-1659".to_owned(), "nva".to_owned())])
}

/// The demo as it starts, without a store: its hint in the status line.
pub fn demo(lang: Lang) -> App {
    App::new(sotay::demo::assignments(), lang, true, me(), None)
}

/// The demo with a store and drafts in `dir`, its hint still shown.
pub fn demo_with_store(dir: &Path, lang: Lang) -> App {
    let store = Store::open(&dir.join("store")).unwrap();
    demo(lang).with_store(store, Some(dir.join("drafts")))
}

/// The demo with a store and drafts in `dir`, the status line empty.
pub fn demo_app(dir: &Path, lang: Lang) -> App {
    let mut app = demo_with_store(dir, lang);
    app.shared.status = None;
    app
}

/// Presses keys; returns how many were pressed.
pub fn press(app: &mut App, keys: &[KeyCode]) -> usize {
    for &code in keys {
        let mods = if code == KeyCode::BackTab { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
        if let Some(a) = action_for(app, &KeyEvent::new(code, mods)) {
            app.update(a);
        }
    }
    keys.len()
}

pub fn chars(s: &str) -> Vec<KeyCode> {
    s.chars().map(KeyCode::Char).collect()
}

/// Types text (not counted as keys by the visit's key budget).
pub fn type_text(app: &mut App, s: &str) {
    press(app, &chars(s));
}

pub fn walk(app: &App) -> &Walk {
    match &app.screen {
        Screen::Walk(w) => w,
        _ => panic!("not in the walk"),
    }
}

/// Starts a visit to the selected commune dated `date` (typed over today's).
pub fn start_visit_on(app: &mut App, date: &str) {
    press(app, &[KeyCode::Char('n')]);
    press(app, &[KeyCode::Backspace; 10]);
    type_text(app, date);
    press(app, &[KeyCode::Enter]);
    assert!(matches!(app.screen, Screen::Walk(_)), "the visit is open");
}

/// Draws a frame of `w`×`h` as the terminal loop does; the screen as text.
pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| sotay::tui::render(f, app)).unwrap();
    t.backend().to_string()
}
