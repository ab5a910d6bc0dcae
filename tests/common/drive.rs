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

/// The demo assignments, me = Nguyễn Văn An, a store and drafts in `dir`.
pub fn demo_app(dir: &Path, lang: Lang) -> App {
    let mut me = BTreeMap::new();
    me.insert("tct-1659".to_owned(), "nva".to_owned());
    let store = Store::open(&dir.join("store")).unwrap();
    let mut app =
        App::new(sotay::demo::assignments(), lang, true, me, None).with_store(store, Some(dir.join("drafts")));
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
