//! The real binary in a real pseudo-terminal: keys typed, screen read back.

mod common;

use common::Tui;

#[test]
fn first_use_asks_who_i_am_then_searches_and_quits() {
    let home = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(home.path(), &[], 100, 30);
    tui.wait_for("Bạn là ai?");
    assert!(tui.screen().contains("DỮ LIỆU MẪU"), "demo data is labelled");
    tui.send(b"j\r");
    tui.wait_for("Tôi: Trần Thị Bình");
    tui.type_text("/binh thanh");
    tui.wait_until("only the two Bình Thanh", |s| {
        s.contains("Xã Bình Thạnh") && s.contains("Xã Bình Thanh") && !s.contains("Xã Bình Trung")
    });
    tui.send(b"\x1b");
    tui.wait_for("Xã Bình Trung");
    tui.send(b"q");
    assert_eq!(tui.wait_exit(), 0);
    let config = std::fs::read_to_string(home.path().join("config.json")).unwrap();
    assert!(config.contains("\"ttb\""), "{config}");

    // Remembered: the second start does not ask again.
    let mut tui = Tui::start(home.path(), &["--lang", "en"], 100, 30);
    tui.wait_for("Me: Trần Thị Bình");
    assert!(tui.screen().contains("DEMO DATA"));
    tui.send(b"q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn open_remembers_the_file_and_shows_its_group() {
    let home = tempfile::tempdir().unwrap();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/binh-son.json");
    let mut tui = Tui::start(home.path(), &["open", example], 120, 30);
    tui.wait_for("Bạn là ai?");
    tui.send(b"\r");
    tui.wait_for("Tôi: Nguyễn Văn A");
    let s = tui.screen();
    assert!(s.contains("Ban Thường vụ Huyện ủy Bình Sơn") && s.contains("Tổ công tác 1659"), "{s}");
    assert!(!s.contains("DỮ LIỆU MẪU"));
    tui.send(b"q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(home.path().join("data/assignments/binh-son.json").exists());

    // Reopened with no argument: the remembered copy, not the demo.
    let mut tui = Tui::start(home.path(), &[], 120, 30);
    tui.wait_for("Tôi: Nguyễn Văn A");
    assert!(!tui.screen().contains("DỮ LIỆU MẪU"));
    tui.send(b"\x03");
    assert_eq!(tui.wait_exit(), 0);
}
