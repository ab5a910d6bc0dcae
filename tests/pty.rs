//! The real binary in a real pseudo-terminal: keys typed, screen read back.

mod common;

use common::Tui;

#[test]
fn first_use_asks_who_i_am_then_searches_and_quits() {
    let home = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(home.path(), &[], 100, 30);
    tui.wait_for("Bạn là ai?");
    assert!(tui.screen().contains("DỮ LIỆU MẪU"), "demo data is labelled");
    tui.i_am(b"j\r", "Trần Thị Bình");
    tui.type_text("/binh thanh");
    tui.wait_until("only the two Bình Thanh", |s| {
        s.contains("Xã Bình Thạnh") && s.contains("Xã Bình Thanh") && !s.contains("Xã Bình Trung")
    });
    tui.key(b"\x1b", "Xã Bình Trung");
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
    let example = common::EXAMPLE;
    let mut tui = Tui::start(home.path(), &["open", example], 120, 30);
    tui.i_am(b"\r", "Nguyễn Văn A");
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

/// Types a visit the way a member does, with Vietnamese typed through a
/// Telex input method (which sends a backspace, or Ctrl-H, then the
/// composed letter), kills the process with SIGKILL mid-note, and finds
/// every committed field and the note draft after a restart.
#[test]
fn killed_mid_visit_loses_nothing_committed() {
    let home = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(home.path(), &[], 110, 30);
    tui.start_demo_visit();
    // A status goes on to the item's first number: ↓ leaves it empty (j
    // does not move inside a field).
    tui.key(b"2", "1/11 đã đánh giá");
    tui.key(b"\x1b[B", "▶ Tình trạng");
    tui.key(b"3", "2/11 đã đánh giá");
    tui.key(b"\x1b[B", "▶ Tình trạng");
    tui.key(b"\t5\t", "Vụ việc chưa xử lý: 5");
    // A lone ESC: sent with the next key, it would read as Alt+key.
    tui.key(b"\x1b", "▶ Tình trạng");
    tui.key(b"\r", "Esc lưu và đóng");
    tui.type_text("Chi bo");
    tui.send(b"\x7f");
    tui.type_text("ộ ho");
    tui.send(b"\x08");
    tui.type_text("ọp");
    tui.wait_for("Chi bộ họp");
    tui.kill9();

    // The restart opens the visit where it was, the note and its draft
    // open again, and says so.
    let mut tui = Tui::start(home.path(), &[], 110, 30);
    tui.wait_for("Mở lại lần làm việc đang dở, ở mục 2 (Tranh chấp");
    tui.wait_for("· Đã khôi phục bản nháp ghi chú chưa lưu");
    tui.wait_for("2/11 đã đánh giá");
    let s = tui.screen();
    assert!(s.contains(" 1!↗") && s.contains(" 5!✓"), "{s}");
    assert!(s.contains("Chi bộ họp"), "{s}");
    // Saved this time; the draft is gone.
    tui.send(b"\x1b");
    tui.wait_for("Ghi chú: Chi bộ họp");
    tui.quit_from_visit();
    let drafts: Vec<_> = std::fs::read_dir(home.path().join("data/demo-drafts")).unwrap().collect();
    assert!(drafts.is_empty(), "the draft is removed once the note is saved");
}

/// A number typed into a field and not yet left, then SIGKILL: the next
/// start opens the visit on that field with the number, and one line says
/// what came back.
#[test]
fn a_number_typed_then_killed_comes_back_with_a_word() {
    let home = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(home.path(), &[], 110, 30);
    tui.start_demo_visit();
    tui.send(b"j\t");
    tui.wait_for("▶ Kết nạp trong năm");
    tui.type_text("14");
    tui.wait_for("Kết nạp trong năm: 14▏");
    tui.kill9();

    let mut tui = Tui::start(home.path(), &[], 110, 30);
    tui.wait_for("Mở lại lần làm việc đang dở: số đang gõ 14 ở mục 5 (Phát triển đảng viên), ô Kết nạp trong năm");
    tui.wait_for("▶ Kết nạp trong năm: 14▏");
    // Tab saves it as any number typed.
    tui.send(b"\t");
    tui.wait_for("✓ đã lưu");
    assert!(tui.screen().contains("Kết nạp trong năm: 14 "), "{}", tui.screen());
    tui.send(b"\x1b");
    tui.wait_for("▶ Tình trạng");
    tui.quit_from_visit();
    let store = sotay::store::Store::open_read_only(&home.path().join("data/demo-store")).unwrap();
    let v = &sotay::findings::visits(&store)[0];
    assert_eq!(v.items["recruitment"].numbers["admitted"], 14.0);
}

/// Two laptops sharing a folder (as Syncthing would): what one records
/// reaches the other's running interface, which shows the sync status.
#[test]
fn running_interface_picks_up_the_other_device() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    for home in [&a, &b] {
        common::remember_sync_folder(home.path(), shared.path());
    }
    // Real data, not the demo: the demo never syncs.
    let example = common::EXAMPLE;
    let mut tb = Tui::start(b.path(), &["open", example], 120, 30);
    tb.i_am(b"j\r", "Trần Thị B");
    tb.wait_for("⇅");
    assert!(tb.screen().contains("0 thiết bị"), "{}", tb.screen());

    let mut ta = Tui::start(a.path(), &["open", example], 120, 30);
    ta.i_am(b"\r", "Nguyễn Văn A");
    ta.start_visit();
    ta.key(b"3", "1/11 đã đánh giá");
    ta.quit_from_visit();

    // B wakes every few seconds to exchange files.
    tb.wait_for("· 1 thiết bị");
    tb.key(b"\r", "1 đã đánh giá");
    assert!(tb.screen().contains("Nguyễn Văn A"), "{}", tb.screen());
    tb.send(b"\x1b");
    tb.wait_until("the visit list closed", |s| !s.contains("Các lần làm việc"));
    tb.send(b"q");
    assert_eq!(tb.wait_exit(), 0);
}

/// A long note pasted at once (8,000 characters, Vietnamese) arrives
/// whole: keys waiting are taken in a batch before the next frame.
#[test]
fn long_paste_arrives_whole() {
    let home = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(home.path(), &[], 100, 30);
    tui.start_demo_visit();
    tui.key(b"\r", "Esc lưu và đóng");
    let text: String = "Đảng ủy xã họp. ".repeat(500);
    assert_eq!(text.chars().count(), 8000);
    tui.type_text(&text);
    let drafts = home.path().join("data/demo-drafts");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let got: usize = std::fs::read_dir(&drafts)
            .map(|d| {
                let notes = d.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "txt"));
                notes.map(|e| std::fs::read_to_string(e.path()).unwrap_or_default().chars().count()).sum()
            })
            .unwrap_or(0);
        if got == 8000 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "only {got} of 8000 characters arrived");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    tui.key(b"\x1b", "đã lưu");
    tui.send(b"q");
}
