//! No input, no work: the running binary uses (next to) no CPU while it
//! waits, on the commune list and in the middle of a visit.
//!
//! Measured as CPU time (utime + stime from /proc/PID/stat, in clock
//! ticks) over a 3-second idle spell: a count of resources used, not a
//! wall-clock assertion.

#![cfg(target_os = "linux")]

mod common;

use std::time::Duration;

use common::Tui;

/// utime + stime of a process, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The command name may hold spaces; the fields after it do not.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // Fields 14 and 15 of stat(5); `rest` starts at field 3.
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

fn idle_ticks(tui: &Tui, secs: u64) -> u64 {
    let pid = tui.child.process_id().unwrap();
    // Let the last frame settle first.
    std::thread::sleep(Duration::from_millis(300));
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(secs));
    cpu_ticks(pid) - before
}

#[test]
fn idle_cpu_is_zero_on_the_list_and_in_a_visit() {
    let home = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(home.path(), &[], 200, 60);
    tui.i_am(b"\r", "Nguyễn Văn An");
    let list = idle_ticks(&tui, 3);
    tui.start_visit();
    tui.key(b"2\t", "1/11 đã đánh giá");
    let walk = idle_ticks(&tui, 3);
    println!("idle CPU over 3 s: {list} ticks on the commune list, {walk} in the walk");
    assert!(list < 5, "{list} clock ticks of CPU while idle on the commune list");
    assert!(walk < 5, "{walk} clock ticks of CPU while idle in the walk");
    tui.quit_from_visit();
}

/// With a sync folder the interface wakes every few seconds to exchange
/// files; that costs next to nothing when there is nothing new.
#[test]
fn idle_cpu_with_a_sync_folder_stays_near_zero() {
    let home = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    common::remember_sync_folder(home.path(), shared.path());
    let mut tui = Tui::start(home.path(), &["open", common::EXAMPLE], 120, 30);
    tui.i_am(b"\r", "Nguyễn Văn A");
    tui.wait_for("⇅");
    // Six seconds: at least one wake-up (every 5 s) falls inside.
    let ticks = idle_ticks(&tui, 6);
    println!("idle CPU over 6 s with a sync folder: {ticks} ticks");
    assert!(ticks < 5, "{ticks} clock ticks of CPU while idle with a sync folder");
    tui.send(b"q");
    assert_eq!(tui.wait_exit(), 0);
}
