//! Every screen drawn by the real binary in a real pseudo-terminal with a
//! hostile assignments file and a hostile checklist template (`--checklist`):
//! the bytes sent to the terminal hold none of the data's escape sequences,
//! controls, bidi overrides or zero-width characters, only the program's
//! own escape sequences (issue 10, Deliver 7). The cell-level checks are in
//! hostile.rs; this one reads what a terminal really receives.

#![cfg(unix)]

mod common;
mod hostile_data;

use std::path::Path;

use common::Tui;
use hostile_data::{BIDI, C1, CSI, OSC, ZERO, hostile_checklist, hostile_json, record};
use serde_json::json;
use sotay::findings::{self, Status};
use sotay::store::Store;

/// A home holding the hostile assignments (remembered, me = m1), their
/// findings, and two conflicting values from another laptop; the path of
/// the hostile checklist template.
fn hostile_home(home: &Path) -> String {
    let mut doc = hostile_json();
    doc["groups"][0]["communes"][0]["weaknesses"]
        .as_array_mut()
        .unwrap()
        .push(json!({"code": "hostile_one", "baseline": {"n": 5}}));
    let data = home.join("data");
    std::fs::create_dir_all(data.join("assignments")).unwrap();
    std::fs::write(data.join("assignments/h.json"), serde_json::to_vec(&doc).unwrap()).unwrap();
    std::fs::write(home.join("config.json"), r#"{"assignments":["h.json"],"me":{"g":"m1"}}"#).unwrap();
    record(&data.join("store"));

    // The same field set two ways on two laptops, with hostile notes.
    let other = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    let mut a = Store::open(&data.join("store")).unwrap();
    a.set_author("m1");
    a.sync(shared.path()).unwrap();
    let mut b = Store::open(other.path()).unwrap();
    b.set_author("m2");
    b.sync(shared.path()).unwrap();
    let visit = findings::visits(&a).into_iter().find(|v| v.commune == "c1").unwrap().id;
    findings::set_status(&mut a, &visit, "recruitment", Status::Improving).unwrap();
    findings::set_status(&mut b, &visit, "recruitment", Status::Worse).unwrap();
    let note = findings::ItemField::Note.of("recruitment");
    let entity = findings::visit_entity(&visit);
    a.set(&entity, &note, json!(format!("A {CSI}{BIDI}"))).unwrap();
    b.set(&entity, &note, json!(format!("B {OSC}{C1}{ZERO}"))).unwrap();
    b.sync(shared.path()).unwrap();
    a.sync(shared.path()).unwrap();
    assert_eq!(a.conflicts().len(), 2);

    // A remembered sync folder whose name and contents are hostile: the
    // exchange's warnings (a value for an unknown item, a damaged line, a
    // torn tail) carry them into the message line and the `W` list.
    let usb = home.join(format!("usb {OSC}{BIDI}"));
    std::fs::create_dir(&usb).unwrap();
    let mut c = Store::open(&home.join("third")).unwrap();
    c.set("visit/zz", &format!("item/x{CSI}{C1}/status"), json!("worse")).unwrap();
    c.sync(&usb).unwrap();
    let file =
        std::fs::read_dir(&usb).unwrap().map(|e| e.unwrap().path()).find(|p| p.to_string_lossy().ends_with(".jsonl"));
    let mut f = std::fs::OpenOptions::new().append(true).open(file.unwrap()).unwrap();
    std::io::Write::write_all(&mut f, format!("not a record {CSI}\ntorn {OSC}").as_bytes()).unwrap();
    let config = json!({"assignments": ["h.json"], "me": {"g": "m1"}, "sync_dir": usb});
    std::fs::write(home.join("config.json"), config.to_string()).unwrap();

    let template = home.join("hostile-checklist.json");
    std::fs::write(&template, serde_json::to_vec(&hostile_checklist()).unwrap()).unwrap();
    template.display().to_string()
}

/// What the program may send: UTF-8 text without controls, bidi or
/// zero-width characters, CR, LF, and CSI sequences (ESC [, parameter
/// bytes, intermediate bytes, one final byte). Returns the first thing that
/// is none of these, with what stands around it.
fn first_foreign(raw: &[u8]) -> Option<String> {
    let text = match std::str::from_utf8(raw) {
        Ok(t) => t,
        Err(e) => return Some(format!("not UTF-8 at byte {}: {:?}", e.valid_up_to(), &raw[e.valid_up_to()..])),
    };
    let chars: Vec<char> = text.chars().collect();
    let around = |i: usize| chars[i.saturating_sub(40)..(i + 40).min(chars.len())].iter().collect::<String>();
    let within = |j: usize, lo: char, hi: char| chars.get(j).is_some_and(|c| (lo..=hi).contains(c));
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\u{1b}' {
            if chars.get(i + 1) != Some(&'[') {
                return Some(format!("ESC not followed by [: {:?}", around(i)));
            }
            let mut j = i + 2;
            while within(j, '\u{30}', '\u{3f}') {
                j += 1;
            }
            while within(j, '\u{20}', '\u{2f}') {
                j += 1;
            }
            if !within(j, '\u{40}', '\u{7e}') {
                return Some(format!("unfinished CSI: {:?}", around(i)));
            }
            i = j + 1;
            continue;
        }
        if c != '\r' && c != '\n' && hostile_data::unsafe_char(c) {
            return Some(format!("U+{:04X}: {:?}", c as u32, around(i)));
        }
        i += 1;
    }
    None
}

/// The data's own sequences, as the file holds them: none may reach the
/// terminal (they would look like the program's own otherwise).
const PAYLOADS: [&str; 6] =
    ["\u{1b}[31mĐỏ", "\u{1b}[2J\u{1b}[31m", "\u{1b}]0;pwned", "\u{1b}[H0912", "\u{9b}31m", "\u{7}Bell"];

struct Run {
    tui: Tui,
    from: usize,
}

impl Run {
    /// Sends keys, waits for `then` on screen, and checks every byte the
    /// program wrote meanwhile.
    fn step(&mut self, what: &str, keys: &[u8], then: &str) {
        self.tui.key(keys, then);
        self.settle();
        self.check(what);
    }

    /// Waits (bounded) until the program has written nothing for 300 ms:
    /// the screen's frame is complete.
    fn settle(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let mut last = self.tui.raw_len();
        loop {
            std::thread::sleep(std::time::Duration::from_millis(300));
            let now = self.tui.raw_len();
            if now == last || std::time::Instant::now() > deadline {
                return;
            }
            last = now;
        }
    }

    fn check(&mut self, what: &str) {
        let raw = self.tui.raw_since(self.from);
        self.from += raw.len();
        if let Some(bad) = first_foreign(&raw) {
            panic!("{what}: {bad}");
        }
        for p in PAYLOADS {
            assert!(!raw.windows(p.len()).any(|w| w == p.as_bytes()), "{what}: the data's {p:?} reached the terminal");
        }
    }
}

#[test]
fn every_screen_sends_only_the_programs_own_sequences() {
    let home = tempfile::tempdir().unwrap();
    let template = hostile_home(home.path());
    let tui = Tui::start(home.path(), &["--checklist", &template], 120, 40);
    let mut run = Run { tui, from: 0 };
    run.tui.wait_for("Tôi: Nguyễn");
    run.settle();
    run.check("commune list and details");
    run.step("details scrolled", b"J", "Liên hệ");
    run.step("search", b"/Xa", "Tìm: Xa");
    run.step("search cleared", b"\x1b", "Các xã được phân công");
    run.step("help", b"?", "Phím tắt");
    run.step("help closed", b"\x1b", "Các xã được phân công");
    run.step("who am I", b"i", "Bạn là ai?");
    run.step("who am I closed", b"\x1b", "Các xã được phân công");
    run.step("group picker", b"t", "Chọn tổ công tác");
    run.step("group picker closed", b"\x1b", "Các xã được phân công");
    run.step("dashboard", b"d", "Bảng theo dõi các xã");
    run.step("dashboard, last item", b"\x1b[F", "Bảng theo dõi các xã");
    run.step("trends", b"T", "Xu hướng số liệu");
    run.step("trends closed", b"\x1b", "Bảng theo dõi các xã");
    run.step("follow-ups", b"f", "Kiến nghị chưa xong");
    run.step("follow-ups closed", b"\x1b", "Bảng theo dõi các xã");
    run.step("plan", b"p", "Kế hoạch dự sinh hoạt chi bộ");
    run.step("plan, month before", b"h", "Kế hoạch dự sinh hoạt chi bộ");
    run.step("plan closed", b"\x1b", "Bảng theo dõi các xã");
    run.step("back to the list", b"\x1b", "Các xã được phân công");
    run.step("conflicts", b"C", "Xung đột: chọn giá trị giữ lại");
    run.step("conflicts, next value", b"j", "Xung đột: chọn giá trị giữ lại");
    run.step("conflicts closed", b"\x1b", "Các xã được phân công");
    run.step("sync warnings", b"W", "Cảnh báo khi đồng bộ (1/");
    run.step("sync warnings, the next", b"j", "Cảnh báo khi đồng bộ");
    run.step("sync warnings closed", b"\x1b", "Các xã được phân công");
    run.step("visit start form", b"n", "Lần làm việc mới");
    run.step("visit start form, members", b"\t", "Lần làm việc mới");
    run.step("visit start form closed", b"\x1b", "Các xã được phân công");
    run.step("visits of the commune", b"\r", "Các lần làm việc");
    run.step("walk", b"\r", "▶");
    run.step("walk, a number field", b"\t", "▶");
    run.step("walk, back to the status", b"\x1b", "▶ Tình trạng");
    run.step("walk, the hostile item", b"g", "Đến mục");
    run.step("walk, the hostile item", b"12\r", "▶");
    run.step("walk, its numbers", b"\t", "▶");
    run.step("walk, its second number", b"\t", "▶");
    run.step("walk, back to its status", b"\x1b", "▶ Tình trạng");
    run.step("walk, the other hostile item", b"j", "▶");
    run.step("walk, the conflicted item", b"g2\r", "⚠");
    run.step("note editor", b"\r", "Esc lưu và đóng");
    run.step("note editor, typed", "ghi chú \u{202e}x".as_bytes(), "ghi chú");
    run.step("note saved", b"\x1b", "▶ Tình trạng");
    run.step("follow-up form", b"a", "Kiến nghị mới");
    run.step("follow-up form, typed", b"Ra soat", "Ra soat");
    run.step("follow-up form, who", b"\t", "Kiến nghị mới");
    // Text typed: the first Esc asks, the second drops it.
    run.step("follow-up form, Esc asks", b"\x1b", "Esc lần nữa để bỏ");
    run.step("follow-up form closed", b"\x1b", "Đã bỏ kiến nghị");
    run.step("review", b"r", "Rà soát trước khi hoàn tất");
    run.step("review closed", b"\x1b", "▶ Tình trạng");
    run.step("walk help", b"?", "Phím tắt");
    run.step("walk help closed", b"\x1b", "▶ Tình trạng");
    run.tui.resize(30, 10);
    run.tui.wait_for("Cửa sổ quá nhỏ");
    run.settle();
    run.check("too small");
    run.tui.resize(120, 40);
    run.tui.wait_for("▶ Tình trạng");
    run.settle();
    run.check("drawn again");
    run.step("back to the list", b"q", "Các xã được phân công");
    // The same screens in English: the template's English labels.
    run.step("English", b"L", "Assigned communes");
    run.step("English walk", b"\r\r", "▶");
    run.step("English, the hostile item", b"g12\r", "▶");
    run.step("English, its numbers", b"\t", "▶");
    run.step("English, back to its status", b"\x1b", "▶");
    run.step("English, the other hostile item", b"j", "▶");
    run.step("English, back", b"q", "Assigned communes");
    run.step("English dashboard", b"d", "Communes at a glance");
    run.step("English dashboard, last item", b"\x1b[F", "Communes at a glance");
    run.step("English trends", b"T", "Numbers over time");
    run.step("English trends closed", b"\x1b", "Communes at a glance");
    run.step("English, the list", b"q", "Assigned communes");
    run.step("English sync warnings", b"W", "Sync warnings (1/");
    run.step("English sync warnings closed", b"\x1b", "Assigned communes");
    run.tui.send(b"q");
    assert_eq!(run.tui.wait_exit(), 0);
    run.check("leaving");
    let all = String::from_utf8_lossy(&run.tui.raw_since(0)).into_owned();
    for drawn in ["pwned", "Đỏ", "Bell", "Rất Dài", "Mục", "Item"] {
        assert!(all.contains(drawn), "the hostile text {drawn:?} was drawn (cleaned)");
    }
}
