//! A full disk while recording, on a real (small) tmpfs under the data
//! directory: the walk shows the error, keeps what was typed on screen,
//! loses nothing saved before, and the same key saves it once there is
//! room again.
//!
//! Mounting needs root (or CAP_SYS_ADMIN); where that is refused the test
//! prints a note and passes without checking anything.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Tui;
use serde_json::json;
use sotay::store::{Store, Warning};

struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn mount_tmpfs(dir: &Path, size: &str) -> Option<Mount> {
    std::fs::create_dir_all(dir).unwrap();
    let out =
        Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"]).arg(dir).output();
    match out {
        Ok(o) if o.status.success() => Some(Mount(dir.to_owned())),
        Ok(o) => {
            println!(
                "NOTE: disk-full test skipped, cannot mount a tmpfs: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            );
            None
        }
        Err(e) => {
            println!("NOTE: disk-full test skipped, no mount command: {e}");
            None
        }
    }
}

/// Fills the file system holding `path` until it refuses another byte.
fn fill(path: &Path) -> u64 {
    let mut f = std::fs::File::create(path).unwrap();
    let chunk = vec![0u8; 4096];
    let mut n = 0u64;
    while f.write_all(&chunk).is_ok() {
        n += chunk.len() as u64;
    }
    // The last partial page too.
    while f.write_all(&[0u8]).is_ok() {
        n += 1;
    }
    n
}

/// A field of the one visit, read by a second reader while the binary runs.
fn field(store_dir: &Path, name: &str) -> Option<serde_json::Value> {
    let s = Store::open_read_only(store_dir).unwrap();
    for w in s.warnings() {
        assert!(matches!(w, Warning::SealedTail { .. }), "{w:?}");
    }
    let v = &sotay::findings::visits(&s)[0];
    s.get(&sotay::findings::visit_entity(&v.id), name).and_then(|f| f.value)
}

const FULL: &str = "Chưa lưu được thay đổi";
const OPEN_CASES: &str = "Vụ việc chưa xử lý";

#[test]
fn full_disk_while_recording_shows_keeps_and_retries() {
    let home = tempfile::tempdir().unwrap();
    let store_dir = home.path().join("data/demo-store");
    let Some(_mount) = mount_tmpfs(&store_dir, "256k") else { return };
    let filler = store_dir.join("filler");

    let mut tui = Tui::start(home.path(), &[], 110, 30);
    tui.start_demo_visit();
    // A status goes on to the item's first number: ↓ leaves it empty (j
    // does not move inside a field).
    tui.key(b"2", "1/11 đã đánh giá");
    tui.key(b"\x1b[B", "▶ Tình trạng");
    tui.key(b"3", "2/11 đã đánh giá");
    tui.key(b"\x1b[B", "▶ Tình trạng");
    // Item 3 (land disputes): its first number field.
    tui.key(b"\t10\t", &format!("{OPEN_CASES}: 10"));
    let land = |f: &str| format!("item/land_disputes/num/{f}");
    assert_eq!(field(&store_dir, &land("open_cases")), Some(json!(10)));

    let filled = fill(&filler);
    println!("disk full after {filled} filler bytes");
    // Appends may still fit in the journal's last page: commit new values
    // until the disk refuses one (bounded: each op takes ~250 bytes of at
    // most one 4 KiB page).
    let mut refused = None;
    for value in 11..40 {
        tui.send(b"\x1b[Z");
        tui.send(value.to_string().as_bytes());
        tui.send(b"\t");
        tui.wait_until("saved or refused", |s| s.contains(&format!("{OPEN_CASES}: {value}")) || s.contains(FULL));
        if tui.screen().contains(FULL) {
            refused = Some(value);
            break;
        }
    }
    let value = refused.expect("the full disk refused a commit");
    let s = tui.screen();
    // The sentence opens with what matters: not saved, and why.
    assert!(s.contains("Chưa lưu được thay đổi: No space left on dev"), "the error says not saved, and why:\n{s}");
    assert!(s.contains(&value.to_string()), "the typed value stays on screen:\n{s}");
    // Nothing saved before is lost; the refused value is not on disk.
    assert_eq!(field(&store_dir, &land("open_cases")), Some(json!(value - 1)));
    assert_eq!(field(&store_dir, "item/petition_backlog/status"), Some(json!("improving")));

    // Room again: the same key commits what is still in the field.
    std::fs::remove_file(&filler).unwrap();
    tui.send(b"\t");
    tui.wait_until("saved after retry", |s| s.contains(&format!("{OPEN_CASES}: {value}")) && !s.contains(FULL));
    assert_eq!(field(&store_dir, &land("open_cases")), Some(json!(value)));

    // A note longer than a page cannot fit anywhere on a full disk.
    let note: String = "Lấn chiếm đất công ở thôn 3. ".repeat(120);
    tui.send(b"\x1b");
    tui.wait_for("▶ Tình trạng");
    tui.send(b"\r");
    tui.wait_for("Esc lưu và đóng");
    fill(&filler);
    // Typed in pieces, each one waited for: the draft (kept on the other
    // disk) holds every key that has arrived.
    let drafts = home.path().join("data/demo-drafts");
    let chars: Vec<char> = note.chars().collect();
    let mut typed = String::new();
    for piece in chars.chunks(200) {
        let piece: String = piece.iter().collect();
        tui.type_text(&piece);
        typed.push_str(&piece);
        tui.wait_until("the piece typed", |_| {
            std::fs::read_dir(&drafts)
                .into_iter()
                .flatten()
                .flatten()
                .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t == typed))
        });
    }
    tui.send(b"\x1b");
    tui.wait_for(FULL);
    assert!(tui.screen().contains("Esc lưu và đóng"), "the editor stays open with the note:\n{}", tui.screen());
    assert_eq!(field(&store_dir, "item/land_disputes/note"), None);
    std::fs::remove_file(&filler).unwrap();
    tui.send(b"\x1b");
    tui.wait_until("the note saved", |s| !s.contains("Esc lưu và đóng") && s.contains("Ghi chú: Lấn chiếm"));
    assert_eq!(field(&store_dir, "item/land_disputes/note"), Some(json!(note.trim_end())));

    tui.send(b"q");
    tui.wait_for("Các xã được phân công");
    tui.send(b"q");
    assert_eq!(tui.wait_exit(), 0);
    let s = Store::open(&store_dir).unwrap();
    assert!(s.warnings().is_empty(), "{:?}", s.warnings());
}
