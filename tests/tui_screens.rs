//! Screens drawn into ratatui's TestBackend and compared with reviewed
//! snapshots, in both languages and at the sizes that matter.

mod common;

use std::collections::BTreeMap;

use common::drive::{chars as typed, demo as app, press as keys, screen};
use ratatui::crossterm::event::KeyCode;
use sotay::i18n::Lang;
use sotay::tui::App;

#[test]
fn browser_vi_80x24() {
    insta::assert_snapshot!(screen(&mut app(Lang::Vi), 80, 24));
}

#[test]
fn browser_en_80x24() {
    insta::assert_snapshot!(screen(&mut app(Lang::En), 80, 24));
}

#[test]
fn browser_vi_40x12() {
    let mut a = app(Lang::Vi);
    keys(&mut a, &[KeyCode::Down]);
    insta::assert_snapshot!(screen(&mut a, 40, 12));
}

#[test]
fn browser_en_40x12() {
    insta::assert_snapshot!(screen(&mut app(Lang::En), 40, 12));
}

#[test]
fn too_small_below_40x12() {
    insta::assert_snapshot!(screen(&mut app(Lang::Vi), 39, 12));
    insta::assert_snapshot!(screen(&mut app(Lang::En), 40, 11));
}

#[test]
fn search_finds_both_binh_thanh() {
    let mut a = app(Lang::Vi);
    keys(&mut a, &typed("/binh thanh"));
    insta::assert_snapshot!(screen(&mut a, 80, 24));
}

#[test]
fn help_vi_and_en() {
    let mut a = app(Lang::Vi);
    keys(&mut a, &[KeyCode::Char('?')]);
    insta::assert_snapshot!(screen(&mut a, 80, 40));
    let mut a = app(Lang::En);
    keys(&mut a, &[KeyCode::Char('?')]);
    insta::assert_snapshot!(screen(&mut a, 80, 40));
    // Any key closes it.
    keys(&mut a, &[KeyCode::Char('x')]);
    assert_eq!(a.overlay, sotay::tui::Overlay::None);
}

#[test]
fn who_am_i_on_first_use() {
    let mut a = App::new(sotay::demo::assignments(), Lang::Vi, true, BTreeMap::new(), None);
    insta::assert_snapshot!(screen(&mut a, 80, 24));
}

#[test]
fn hostile_names_never_reach_the_terminal_raw() {
    let json = r#"{"format":"sotay-assignments","version":1,"issued_by":"\u001b]0;pwned\u0007Ban",
      "groups":[{"id":"g","name":"T\u001b[2J\u202eổ","members":[{"id":"m","name":"A\u009b31m"}],
      "communes":[{"id":"c","name":"Xã \u001b[31mĐỏ\u200b","assigned":["m"],
      "contacts":[{"name":"\u0007Bell","phone":"\u001b[H"}]}]}]}"#;
    let out =
        sotay::assignments::load_sources(&[("h.json".into(), json.as_bytes().to_vec())], sotay::checklist::builtin());
    assert!(!out.has_errors(), "{:?}", out.problems);
    let me = BTreeMap::from([("g".to_owned(), "m".to_owned())]);
    let mut a = App::new(out.assignments, Lang::Vi, false, me, None);
    let s = screen(&mut a, 80, 24);
    assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "control character on screen");
    assert!(!s.contains('\u{202e}') && !s.contains('\u{200b}'));
    insta::assert_snapshot!(s);
}

#[test]
fn long_help_scrolls() {
    let dir = tempfile::tempdir().unwrap();
    let store = sotay::store::Store::open(dir.path()).unwrap();
    let mut a = app(Lang::Vi).with_store(store, None);
    keys(&mut a, &[KeyCode::Char('n'), KeyCode::Enter, KeyCode::Char('?')]);
    let top = screen(&mut a, 80, 24);
    assert!(top.contains("↓ j"), "says there is more:\n{top}");
    keys(&mut a, &[KeyCode::Char('j'); 20]);
    let bottom = screen(&mut a, 80, 24);
    assert!(bottom.contains("Hoàn tất lần làm việc") && !bottom.contains("↓ j"), "{bottom}");
    keys(&mut a, &[KeyCode::Char('z')]);
    assert_eq!(a.overlay, sotay::tui::Overlay::None);
}
