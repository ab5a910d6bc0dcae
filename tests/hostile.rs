//! Hostile strings in data — escape and CSI sequences, an OSC title change,
//! C1 controls, bidi overrides, zero-width characters, 10,000-character
//! names, emoji — in commune, member and cell names, notes and follow-ups:
//! no drawn screen holds a control character, every row is exactly as wide
//! as the terminal, and `sotay check` and the Markdown export stay clean.

mod common;
mod hostile_data;

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use serde_json::json;
use sotay::i18n::Lang;
use sotay::store::Store;
use sotay::tui::{App, Screen};
use unicode_width::UnicodeWidthStr;

use common::drive::press as keys;
use common::sotay;
use hostile_data::{BIDI, C1, CSI, EMOJI, OSC, ZERO, hostile_json, long, record, unsafe_char};

fn assignments() -> sotay::assignments::Assignments {
    let bytes = serde_json::to_vec(&hostile_json()).unwrap();
    let out = sotay::assignments::load_sources(&[("h.json".into(), bytes)], sotay::checklist::builtin());
    assert!(!out.has_errors(), "{:?}", out.problems);
    out.assignments
}

fn app(dir: &Path, lang: Lang) -> App {
    let store_dir = dir.join("store");
    if !store_dir.exists() {
        record(&store_dir);
    }
    let mut me = BTreeMap::new();
    me.insert("g".to_owned(), "m1".to_owned());
    App::new(assignments(), lang, false, me, None).with_store(Store::open(&store_dir).unwrap(), None)
}

fn typed(s: &str) -> Vec<KeyCode> {
    s.chars().filter(|c| *c != '\u{1b}').map(KeyCode::Char).collect()
}

/// Rows as a terminal shows them: a wide symbol covers the next cell.
fn assert_clean(buf: &Buffer, what: &str) {
    let w = buf.area.width as usize;
    for y in 0..buf.area.height {
        let (mut width, mut skip) = (0usize, 0usize);
        let mut row = String::new();
        for x in 0..buf.area.width {
            let sym = buf[(x, y)].symbol();
            row.push_str(sym);
            if let Some(c) = sym.chars().find(|c| unsafe_char(*c)) {
                panic!("{what}: U+{:04X} at ({x},{y}) in row {row:?}", c as u32);
            }
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sw = sym.width();
            width += sw;
            skip = sw.saturating_sub(1);
        }
        assert_eq!(width, w, "{what}: row {y} is {width} cells wide, not {w}: {row:?}");
    }
}

fn draw(app: &mut App, w: u16, h: u16, what: &str) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| sotay::tui::render(f, app)).unwrap();
    assert_clean(terminal.backend().buffer(), &format!("{what} at {w}x{h}"));
    terminal.backend().to_string()
}

const SIZES: [(u16, u16); 4] = [(200, 60), (100, 30), (80, 24), (40, 12)];

fn every_size(app: &mut App, what: &str) {
    for (w, h) in SIZES {
        draw(app, w, h, what);
    }
}

fn in_walk(app: &App) -> bool {
    matches!(app.screen, Screen::Walk(_))
}

#[test]
fn hostile_data_on_every_screen_in_both_languages() {
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(dir.path(), lang);
        for commune in 0..4 {
            let what = format!("{lang:?} commune {commune}");
            every_size(&mut a, &format!("{what} browser"));
            keys(&mut a, &[KeyCode::Enter]);
            every_size(&mut a, &format!("{what} visit list"));
            keys(&mut a, &[KeyCode::Enter]);
            assert!(in_walk(&a), "{what}: the visit opened");
            every_size(&mut a, &format!("{what} walk"));
            keys(&mut a, &[KeyCode::Tab]);
            every_size(&mut a, &format!("{what} walk, number field"));
            keys(&mut a, &[KeyCode::Esc, KeyCode::Enter]);
            every_size(&mut a, &format!("{what} note editor"));
            keys(&mut a, &[KeyCode::Up, KeyCode::Up, KeyCode::Up, KeyCode::Up, KeyCode::Home]);
            every_size(&mut a, &format!("{what} note editor, first line"));
            // Typed (or pasted) by the user: what a terminal can deliver as
            // characters.
            keys(&mut a, &typed(&format!("{BIDI}{ZERO}{C1}{EMOJI}")));
            every_size(&mut a, &format!("{what} note editor, typed"));
            keys(&mut a, &[KeyCode::Esc, KeyCode::Char('a')]);
            keys(&mut a, &typed(&format!("{BIDI}{ZERO}{C1}{EMOJI}")));
            every_size(&mut a, &format!("{what} follow-up form"));
            keys(&mut a, &[KeyCode::Esc, KeyCode::Esc, KeyCode::Char('r')]);
            every_size(&mut a, &format!("{what} review"));
            keys(&mut a, &[KeyCode::Esc, KeyCode::Char('q')]);
            assert!(!in_walk(&a), "{what}: back in the browser");
            keys(&mut a, &[KeyCode::Down]);
        }
        // A new visit: the setup form lists the hostile members and cells.
        keys(&mut a, &[KeyCode::Char('n')]);
        every_size(&mut a, &format!("{lang:?} new visit"));
        keys(&mut a, &[KeyCode::Esc, KeyCode::Char('?')]);
        every_size(&mut a, &format!("{lang:?} help"));
    }
}

#[test]
fn hostile_screens_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(dir.path(), Lang::Vi);
    insta::assert_snapshot!("browser", draw(&mut a, 100, 30, "browser"));
    keys(&mut a, &[KeyCode::Enter, KeyCode::Enter]);
    insta::assert_snapshot!("walk", draw(&mut a, 100, 30, "walk"));
    keys(&mut a, &[KeyCode::Enter, KeyCode::Up, KeyCode::Up, KeyCode::Up, KeyCode::Up, KeyCode::Home]);
    insta::assert_snapshot!("note_editor", draw(&mut a, 100, 30, "note editor"));
    keys(&mut a, &[KeyCode::Esc, KeyCode::Char('r')]);
    insta::assert_snapshot!("review", draw(&mut a, 100, 30, "review"));
    keys(&mut a, &[KeyCode::Esc, KeyCode::Char('q'), KeyCode::Down, KeyCode::Down]);
    insta::assert_snapshot!("browser_emoji_commune", draw(&mut a, 100, 30, "browser, emoji"));
}

fn assert_clean_text(text: &str, what: &str) {
    if let Some((i, c)) = text.char_indices().find(|(_, c)| *c != '\n' && unsafe_char(*c)) {
        let around: String = text[i..].chars().take(20).collect();
        panic!("{what}: U+{:04X} at byte {i}: {around:?}", c as u32);
    }
}

#[test]
fn check_messages_quote_hostile_strings_safely() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = hostile_json();
    let c = &mut doc["groups"][0]["communes"];
    // Errors whose messages quote data: an unknown weakness code, a member
    // nobody declared, a duplicate id.
    c[0]["weaknesses"][0]["code"] = json!(format!("{OSC}{CSI}code"));
    c[1]["assigned"] = json!([format!("{C1}{BIDI}ghost{EMOJI}")]);
    c[2]["id"] = json!(format!("c1{ZERO}"));
    c[3]["id"] = json!("c1");
    c[3]["name"] = json!(long());
    let file = dir.path().join(format!("bad{CSI}.json"));
    std::fs::write(&file, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    for lang in ["vi", "en"] {
        let out = sotay(dir.path(), &["--lang", lang, "check", file.to_str().unwrap()]);
        assert!(!out.status.success());
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(text.contains("ghost") && text.contains("code"), "{text}");
        assert_clean_text(&text, &format!("sotay check ({lang})"));
    }
}

#[test]
fn markdown_export_of_hostile_findings_is_clean() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    std::fs::create_dir_all(data.join("assignments")).unwrap();
    std::fs::write(data.join("assignments/h.json"), serde_json::to_vec(&hostile_json()).unwrap()).unwrap();
    std::fs::write(home.path().join("config.json"), r#"{"assignments":["h.json"],"me":{"g":"m1"}}"#).unwrap();
    record(&data.join("store"));
    for lang in ["vi", "en"] {
        let out = sotay(home.path(), &["--lang", lang, "export", "--format", "md"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let md = String::from_utf8(out.stdout).unwrap();
        assert!(md.contains("Đoàn Kết") && md.contains("Rất Dài"), "{md:.2000}");
        assert_clean_text(&md, &format!("export --format md ({lang})"));
        // Table rows stay one line each: a name cannot add a row or column.
        for l in md.lines().filter(|l| l.starts_with('|')) {
            assert!(l.ends_with('|'), "broken table row: {l:.300}");
        }
    }
}
