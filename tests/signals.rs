//! The terminal given back however the interface stops: SIGTERM, SIGHUP
//! and SIGINT end it with the main screen back, the cursor shown and the
//! line discipline cooked again, the note being typed kept as a draft;
//! SIGTSTP and Ctrl-Z give the terminal back until SIGCONT (`fg`), which
//! redraws at once. Read from the bytes the program wrote and from the
//! pty's own settings, not only from the emulated screen.

#![cfg(target_os = "linux")]

mod common;

use std::time::{Duration, Instant};

use common::Tui;

const LEAVE: &[&[u8]] = &[b"\x1b[?1049l", b"\x1b[?25h", b"\x1b[?2004l"];

fn has(raw: &[u8], s: &[u8]) -> bool {
    raw.windows(s.len()).any(|w| w == s)
}

fn signal(tui: &Tui, sig: i32) {
    let pid = tui.child.process_id().unwrap() as i32;
    assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
}

/// The process state letter from /proc (`T` when stopped).
fn state(tui: &Tui) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", tui.child.process_id().unwrap())).unwrap();
    stat[stat.rfind(')').unwrap() + 2..].chars().next().unwrap()
}

fn wait(what: &str, ok: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ok() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The terminal as the shell wants it, from the bytes written since `from`.
fn assert_given_back(tui: &Tui, from: usize, what: &str) {
    wait(&format!("{what}: the terminal's modes left"), || LEAVE.iter().all(|s| has(&tui.raw_since(from), s)));
    let screen = tui.parser.lock().unwrap().screen().clone();
    assert!(!screen.alternate_screen(), "{what}: still on the alternate screen");
    assert!(!screen.hide_cursor(), "{what}: the cursor is hidden");
    assert!(tui.cooked(), "{what}: the terminal is still raw");
}

#[test]
fn term_hup_and_int_give_the_terminal_back_and_keep_the_draft() {
    for (sig, name) in [(libc::SIGTERM, "SIGTERM"), (libc::SIGHUP, "SIGHUP"), (libc::SIGINT, "SIGINT")] {
        let home = tempfile::tempdir().unwrap();
        let mut tui = Tui::start(home.path(), &[], 100, 30);
        tui.start_demo_visit();
        tui.send(b"\r");
        tui.wait_for("Esc lưu và đóng");
        tui.type_text(&format!("Ghi chú dở trước {name}"));
        tui.wait_for(&format!("Ghi chú dở trước {name}"));
        assert!(tui.parser.lock().unwrap().screen().alternate_screen());
        let from = tui.raw_len();
        signal(&tui, sig);
        tui.wait_exit();
        assert_given_back(&tui, from, name);
        let drafts = home.path().join("data/demo-drafts");
        let kept: Vec<String> = std::fs::read_dir(&drafts)
            .unwrap()
            .flatten()
            // The note drafts, not the open visit's place file.
            .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect();
        assert_eq!(kept, [format!("Ghi chú dở trước {name}")], "{name}");
    }
}

/// Suspended by `sig` (SIGTSTP from outside, or Ctrl-Z typed): the terminal
/// is the shell's while stopped; SIGCONT brings the interface back drawn.
fn suspend_and_resume(tui: &mut Tui, how: &str, suspend: impl Fn(&mut Tui)) {
    let from = tui.raw_len();
    suspend(tui);
    wait(&format!("{how}: stopped"), || state(tui) == 'T');
    assert_given_back(tui, from, how);
    let from = tui.raw_len();
    signal(tui, libc::SIGCONT);
    wait(&format!("{how}: drawn again"), || {
        let raw = tui.raw_since(from);
        // The title bar is written in one piece when the frame is drawn whole.
        has(&raw, b"\x1b[?1049h") && String::from_utf8_lossy(&raw).contains(" Sổ tay ")
    });
    assert!(tui.parser.lock().unwrap().screen().alternate_screen(), "{how}");
    assert!(!tui.cooked(), "{how}: raw again");
    tui.wait_for("0/11 đã đánh giá");
}

#[test]
fn sigtstp_and_ctrl_z_suspend_and_fg_redraws() {
    let home = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(home.path(), &[], 100, 30);
    tui.start_demo_visit();
    suspend_and_resume(&mut tui, "SIGTSTP", |t| signal(t, libc::SIGTSTP));
    suspend_and_resume(&mut tui, "Ctrl-Z", |t| t.send(b"\x1a"));
    // Still answering keys after both.
    tui.key(b"2", "1/11 đã đánh giá");
    tui.key(b"q", "Các xã được phân công");
    let from = tui.raw_len();
    tui.send(b"q");
    assert_eq!(tui.wait_exit(), 0);
    assert_given_back(&tui, from, "q");
}
