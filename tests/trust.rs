//! Signed sync files and the group roster (README "Devices, signatures and
//! the roster"): a stranger's records held aside and admitted, a forged
//! author, a changed byte, a dropped line, a replayed batch, a removed
//! member, and devices known before the upgrade.

use serde_json::json;
use sotay::i18n::Lang;
use sotay::store::{Store, Warning};
use std::fs;
use std::path::{Path, PathBuf};

struct Group {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    usb: PathBuf,
    /// The leader (member nva).
    l: Store,
    /// A member (ttb).
    m: Store,
}

fn fp(s: &Store) -> String {
    s.device_key().unwrap().fingerprint()
}

fn value(s: &Store, e: &str, f: &str) -> Option<serde_json::Value> {
    s.get(e, f).and_then(|v| v.value)
}

/// Two laptops that have admitted each other the documented way: both
/// sync once, the member admits the leader's device as the leader's, the
/// leader admits the member's device.
fn group() -> Group {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_owned();
    let usb = root.join("usb");
    fs::create_dir(&usb).unwrap();
    let mut l = Store::open(&root.join("l")).unwrap();
    let mut m = Store::open(&root.join("m")).unwrap();
    l.set_author("nva");
    m.set_author("ttb");
    l.set("visit/1", "date", json!("2025-05-12")).unwrap();
    m.set("visit/2", "date", json!("2025-05-13")).unwrap();
    for _ in 0..2 {
        l.sync(&usb).unwrap();
        m.sync(&usb).unwrap();
    }
    let (fl, fm) = (fp(&l), fp(&m));
    m.admit(&fl, "nva", true).unwrap();
    l.admit(&fm, "ttb", false).unwrap();
    for _ in 0..2 {
        l.sync(&usb).unwrap();
        m.sync(&usb).unwrap();
    }
    Group { _tmp: tmp, root, usb, l, m }
}

fn folder_file(usb: &Path, dev: &str) -> PathBuf {
    let mut v: Vec<PathBuf> = fs::read_dir(usb)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with(dev))
        .collect();
    v.sort();
    v.pop().unwrap()
}

fn untrusted(s: &Store) -> Vec<(PathBuf, u64, String)> {
    s.warnings()
        .iter()
        .filter_map(|w| match w {
            Warning::Untrusted { file, line, reason } => Some((file.clone(), *line, reason.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn admitted_devices_exchange_and_files_carry_signatures() {
    let g = group();
    assert_eq!(value(&g.l, "visit/2", "date"), Some(json!("2025-05-13")));
    assert_eq!(value(&g.m, "visit/1", "date"), Some(json!("2025-05-12")));
    // The leader's admission of the member reached the member's laptop,
    // which trusts it because it admitted the leader as leader.
    assert_eq!(g.m.roster().get(g.m.device_id()).unwrap().member, "ttb");
    let text = fs::read_to_string(folder_file(&g.usb, g.l.device_id())).unwrap();
    assert!(text.lines().last().unwrap().starts_with(r#"{"v":2,"sig":""#), "{text}");
    assert!(untrusted(&g.l).is_empty() && untrusted(&g.m).is_empty());
    assert!(g.l.held().is_empty());
}

#[test]
fn a_strangers_file_is_held_aside_shown_and_merged_once_admitted() {
    let mut g = group();
    let mut s = Store::open(&g.root.join("stranger")).unwrap();
    s.set_author("lvc");
    s.set("visit/9", "item/x/note", json!("FORGED")).unwrap();
    s.set("visit/9", "date", json!("2025-05-14")).unwrap();
    s.sync(&g.usb).unwrap();
    let r = g.l.sync(&g.usb).unwrap();
    assert_eq!(r.ops_in, 0);
    assert_eq!(value(&g.l, "visit/9", "item/x/note"), None);
    let held = g.l.held();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].records, 2);
    assert_eq!(held[0].fingerprint.as_deref(), Some(fp(&s).as_str()));
    let notice = sotay::i18n::held_notice(&held[0], Lang::En);
    assert!(notice.starts_with(&format!("2 records from an unknown device {}", fp(&s))), "{notice}");
    // Not exported either: the folded state is what every export reads.
    assert!(!g.l.entities("visit/").contains(&"visit/9"));
    // Admitted later (it was a new member's laptop after all): merged,
    // even with the stick gone.
    fs::remove_dir_all(&g.usb).unwrap();
    let (_, n) = g.l.admit(&fp(&s), "lvc", false).unwrap();
    assert_eq!(n, 2);
    assert_eq!(value(&g.l, "visit/9", "item/x/note"), Some(json!("FORGED")));
    assert!(g.l.held().is_empty());
}

#[test]
fn an_op_naming_another_member_is_refused() {
    let mut g = group();
    // The member's laptop writes as the leader.
    g.m.set_author("nva");
    g.m.set("visit/2", "item/x/note", json!("in the leader's name")).unwrap();
    g.m.sync(&g.usb).unwrap();
    g.l.sync(&g.usb).unwrap();
    assert_eq!(value(&g.l, "visit/2", "item/x/note"), None);
    let w = untrusted(&g.l);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].2, "by:nva:ttb");
    assert!(w[0].0.starts_with(&g.usb));
    let msg = Warning::Untrusted { file: w[0].0.clone(), line: w[0].1, reason: w[0].2.clone() }.message(Lang::En);
    assert!(msg.contains("names \"nva\" as its author but the device belongs to \"ttb\""), "{msg}");
}

/// Append two ops on the member's laptop, sync them out, then let `edit`
/// change the member's folder file before the leader reads it.
fn tamper(g: &mut Group, edit: impl FnOnce(&mut Vec<String>)) -> Vec<(PathBuf, u64, String)> {
    g.m.set("visit/2", "item/a/note", json!("one")).unwrap();
    g.m.set("visit/2", "item/b/note", json!("two")).unwrap();
    g.m.set("visit/2", "item/c/note", json!("three")).unwrap();
    g.m.sync(&g.usb).unwrap();
    let f = folder_file(&g.usb, g.m.device_id());
    let mut lines: Vec<String> = fs::read_to_string(&f).unwrap().lines().map(str::to_owned).collect();
    edit(&mut lines);
    fs::write(&f, lines.join("\n") + "\n").unwrap();
    g.l.sync(&g.usb).unwrap();
    untrusted(&g.l)
}

/// A line with its crc recomputed, as a forger would.
fn recrc(line: &str) -> String {
    let body = line.split(r#","crc":""#).next().unwrap().to_owned() + "}";
    let crc = crc32fast::hash(body.as_bytes());
    format!("{},\"crc\":\"{crc:08x}\"}}", &body[..body.len() - 1])
}

#[test]
fn a_changed_byte_refuses_the_signed_batch() {
    let mut g = group();
    let n = fs::read_to_string(folder_file(&g.usb, g.m.device_id())).unwrap().lines().count();
    let w = tamper(&mut g, |lines| {
        let i = lines.iter().position(|l| l.contains("\"two\"")).unwrap();
        lines[i] = recrc(&lines[i].replace("\"two\"", "\"TWO\""));
    });
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].2, "wrong_hash");
    // Named by the first line of the batch.
    assert_eq!(w[0].1, n as u64 + 1);
    assert_eq!(value(&g.l, "visit/2", "item/b/note"), None);
    assert_eq!(value(&g.l, "visit/2", "item/a/note"), None);
}

#[test]
fn a_dropped_line_in_the_middle_is_refused() {
    let mut g = group();
    let w = tamper(&mut g, |lines| {
        let i = lines.iter().position(|l| l.contains("\"two\"")).unwrap();
        lines.remove(i);
    });
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].2, "wrong_range");
    assert_eq!(value(&g.l, "visit/2", "item/c/note"), None);
}

#[test]
fn a_batch_replayed_under_another_devices_name_is_refused() {
    let mut g = group();
    // Another group's folder: a device this group never admitted. Its
    // signed lines, copied here, are held aside, not taken.
    let other = g.root.join("other-usb");
    fs::create_dir(&other).unwrap();
    let mut x = Store::open(&g.root.join("x")).unwrap();
    x.set_author("nva");
    x.set("visit/1", "date", json!("1999-01-01")).unwrap();
    x.sync(&other).unwrap();
    let src = folder_file(&other, x.device_id());
    fs::copy(&src, g.usb.join(src.file_name().unwrap())).unwrap();
    g.l.sync(&g.usb).unwrap();
    assert_eq!(value(&g.l, "visit/1", "date"), Some(json!("2025-05-12")));
    assert_eq!(g.l.held().len(), 1);
    // Its lines renamed as the member's device: the signature names
    // another device and file.
    let text = fs::read_to_string(&src).unwrap().replace(x.device_id(), g.m.device_id());
    let name = src.file_name().unwrap().to_str().unwrap().replace(x.device_id(), g.m.device_id());
    let seg = name.replace(".jsonl", "");
    let forged = g.usb.join(format!("{seg}.sync-conflict-20250101-000000-AAAAAAA.jsonl"));
    let text: Vec<String> = text.lines().map(|l| if l.contains("\"crc\"") { recrc(l) } else { l.to_owned() }).collect();
    fs::write(&forged, text.join("\n") + "\n").unwrap();
    g.l.sync(&g.usb).unwrap();
    let w = untrusted(&g.l);
    assert!(w.iter().any(|(f, _, r)| *f == forged && r == "bad_signature"), "{w:?}");
    assert_eq!(value(&g.l, "visit/1", "date"), Some(json!("2025-05-12")));
}

#[test]
fn a_removed_members_later_records_are_held_aside() {
    let mut g = group();
    g.m.set("visit/2", "item/a/note", json!("before")).unwrap();
    g.m.sync(&g.usb).unwrap();
    g.l.sync(&g.usb).unwrap();
    assert_eq!(value(&g.l, "visit/2", "item/a/note"), Some(json!("before")));
    g.l.remove_device(&fp(&g.m)).unwrap();
    g.m.set("visit/2", "item/a/note", json!("after")).unwrap();
    g.m.sync(&g.usb).unwrap();
    g.l.sync(&g.usb).unwrap();
    assert_eq!(value(&g.l, "visit/2", "item/a/note"), Some(json!("before")));
    let held = g.l.held();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].device, g.m.device_id());
    assert_eq!(held[0].records, 1);
}

#[test]
fn unsigned_lines_are_taken_only_from_devices_known_before_the_upgrade() {
    let tmp = tempfile::tempdir().unwrap();
    let usb = tmp.path().join("usb");
    fs::create_dir(&usb).unwrap();
    // Two format-1 devices' files (no signatures): one already in the
    // home before it first ran this version, one seen only afterwards.
    let v1 = |dev: &str, seq: u32, val: &str| {
        let body = format!(
            r#"{{"v":1,"id":"{dev}:{seq}","dev":"{dev}","seq":{seq},"hlc":[1747000000000,{seq}],"by":"","sup":[],"e":"visit/{dev}","f":"date","val":"{val}"}}"#
        );
        let crc = crc32fast::hash(body.as_bytes());
        format!("{},\"crc\":\"{crc:08x}\"}}\n", &body[..body.len() - 1])
    };
    let (known, later) = ("1111111111111111", "2222222222222222");
    let home = tmp.path().join("h");
    fs::create_dir_all(home.join("ops")).unwrap();
    fs::write(home.join(format!("ops/{known}.2025-05-1.jsonl")), v1(known, 1, "2025-05-12")).unwrap();
    let mut h = Store::open(&home).unwrap();
    assert_eq!(h.op_count(), 1);
    // Checking is on once this laptop has a roster.
    let mut other = Store::open(&tmp.path().join("o")).unwrap();
    other.set("visit/o", "date", json!("2025-05-15")).unwrap();
    other.sync(&usb).unwrap();
    assert!(h.admit(&fp(&other), "ttb", false).is_err(), "not seen yet");
    h.sync(&usb).unwrap();
    h.admit(&fp(&other), "ttb", false).unwrap();
    assert_eq!(value(&h, "visit/o", "date"), Some(json!("2025-05-15")));
    // Now: the known device's new unsigned line is taken, the other's held.
    let both = v1(known, 1, "2025-05-12") + &v1(known, 2, "2025-06-01");
    fs::write(usb.join(format!("{known}.2025-05-1.jsonl")), both).unwrap();
    fs::write(usb.join(format!("{later}.2025-05-1.jsonl")), v1(later, 1, "2025-05-12")).unwrap();
    h.sync(&usb).unwrap();
    assert_eq!(value(&h, &format!("visit/{known}"), "date"), Some(json!("2025-06-01")));
    assert_eq!(value(&h, &format!("visit/{later}"), "date"), None);
    let held = h.held();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].fingerprint, None);
    assert!(sotay::i18n::held_notice(&held[0], Lang::Vi).contains("không có chữ ký"));
}

#[test]
fn device_command_prints_id_fingerprint_and_member() {
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_sotay"))
            .arg("--home")
            .arg(home.path())
            .args(args)
            .env_remove("SOTAY_HOME")
            .output()
            .unwrap()
    };
    let out = run(&["device"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    let dev = lines[0].strip_prefix("Thiết bị: ").unwrap();
    assert_eq!(dev.len(), 16);
    let fp = lines[1].strip_prefix("Dấu vân tay: ").unwrap();
    assert_eq!(fp.len(), 19);
    assert_eq!(fp.split('-').count(), 4);
    assert!(lines[2].starts_with("Thành viên: chưa chọn"), "{text}");
    // The same fingerprint every time; the key file is the owner's alone.
    assert_eq!(String::from_utf8(run(&["device"]).stdout).unwrap(), text);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(home.path().join("data/store/device.key")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Once the user picked who they are, with the name from assignments.
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/binh-son.json");
    let cfg = json!({"assignments": [], "me": {"tct-1659": "nva"}});
    fs::create_dir_all(home.path()).unwrap();
    let _ = example;
    fs::write(home.path().join("config.json"), cfg.to_string()).unwrap();
    let out = run(&["--lang", "en", "device"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.ends_with("Member: nva\n"), "{text}");
    // A mistyped fingerprint: one sentence, exit 1.
    let out = run(&["device", "admit", "ABCD", "--member", "ttb"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("không phải dấu vân tay"), "{err}");
    let out = run(&["device", "admit", fp, "--member", "ttb"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Chưa thấy thiết bị nào"));
}

#[test]
fn the_interface_shows_records_held_aside_after_an_exchange() {
    let mut g = group();
    let mut s = Store::open(&g.root.join("stranger")).unwrap();
    s.set("visit/9", "date", json!("2025-05-14")).unwrap();
    s.set("visit/9", "commune", json!("binh-thanh")).unwrap();
    s.set("visit/9", "group", json!("tct-1659")).unwrap();
    s.sync(&g.usb).unwrap();
    let mut app = leaders_interface(&mut g);
    let screen = draw(&mut app, 160, 24);
    let want = format!("3 records from an unknown device {} — admit or ignore (key A)", fp(&s));
    assert!(screen.contains(&want), "{screen}");
    assert!(screen.contains("· 1 unknown (A) · "), "{screen}");
    // Shown once: the next exchange with nothing new does not read the
    // held files again.
    app.shared.status = None;
    app.sync_now();
    assert_eq!(app.shared.status, None);
}

/// The leader's laptop, running with the folder remembered, after one exchange.
fn leaders_interface(g: &mut Group) -> sotay::tui::App {
    let l = std::mem::replace(&mut g.l, Store::open(&g.root.join("spare")).unwrap());
    let me = [("tct-1659".to_owned(), "nva".to_owned())].into();
    let mut app = sotay::tui::App::new(sotay::demo::assignments(), Lang::En, false, me, None).with_store(l, None);
    app.shared.sync_dir = Some(g.usb.clone());
    app.sync_now();
    app
}

fn draw(app: &mut sotay::tui::App, w: u16, h: u16) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| sotay::tui::render(f, app)).unwrap();
    terminal.backend().to_string()
}

fn press(app: &mut sotay::tui::App, keys: &[ratatui::crossterm::event::KeyCode]) {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    for &code in keys {
        if let Some(a) = sotay::tui::action_for(app, &KeyEvent::new(code, KeyModifiers::NONE)) {
            app.update(a);
        }
    }
}

/// In the interface: `A` lists the unknown devices; `x` ignores one (its
/// records stay aside); Enter shows the other's fingerprint to compare and
/// asks whose laptop it is; Enter on the member admits it and merges what
/// it held aside.
#[test]
fn unknown_devices_are_admitted_or_ignored_from_the_interface() {
    use ratatui::crossterm::event::KeyCode::{Char, Down, Enter, Esc};
    let mut g = group();
    let mut strangers = Vec::new();
    for (name, visit) in [("s1", "visit/8"), ("s2", "visit/9")] {
        let mut s = Store::open(&g.root.join(name)).unwrap();
        s.set_author("lvc");
        s.set_many(&[(visit, "date", json!("2025-05-14")), (visit, "item/x/note", json!(format!("from {name}")))])
            .unwrap();
        s.sync(&g.usb).unwrap();
        strangers.push((s.device_id().to_owned(), fp(&s), visit, format!("from {name}")));
    }
    // Rows come in device id order.
    strangers.sort();
    let mut app = leaders_interface(&mut g);
    assert!(draw(&mut app, 120, 30).contains("· 2 unknown (A) · "));
    press(&mut app, &[Char('A')]);
    let screen = draw(&mut app, 120, 30);
    for (_, f, _, _) in &strangers {
        assert!(screen.contains(&format!("2 records from an unknown device {f} — admit or ignore")), "{screen}");
    }
    // The footer's keys come from the key table.
    assert!(screen.contains("Enter admit (compare the fingerprint) · x ignore"), "{screen}");
    // Ignore the first.
    press(&mut app, &[Char('x')]);
    let status = app.shared.status.clone().unwrap();
    assert_eq!(status, format!("Ignored device {}: its 2 records stay aside, not merged.", strangers[0].1));
    let screen = draw(&mut app, 120, 30);
    assert!(!screen.contains(&format!("unknown device {}", strangers[0].1)), "{screen}");
    assert!(screen.contains(&format!("unknown device {}", strangers[1].1)), "{screen}");
    // Admit the second: its fingerprint first, then whose laptop.
    press(&mut app, &[Enter]);
    let screen = draw(&mut app, 120, 30);
    assert!(screen.contains(&format!("Fingerprint: {}", strangers[1].1)), "{screen}");
    assert!(screen.contains("Whose laptop is it?") && screen.contains("Nguyễn Văn An (group leader)"), "{screen}");
    // Esc goes back to the list; Enter again, then Lê Văn Cường.
    press(&mut app, &[Esc, Enter, Down, Down, Enter]);
    assert_eq!(
        app.shared.status.as_deref(),
        Some(format!("Admitted device {} as Lê Văn Cường's laptop; 2 records merged.", strangers[1].1).as_str())
    );
    assert!(matches!(app.overlay, sotay::tui::Overlay::None));
    let store = app.shared.store.as_ref().unwrap();
    assert_eq!(value(store, strangers[1].2, "item/x/note"), Some(json!(strangers[1].3)));
    assert_eq!(value(store, strangers[0].2, "item/x/note"), None);
    assert_eq!(store.roster().get(&strangers[1].0).unwrap().member, "lvc");
    // The ignored device is still there to admit later, from the command line.
    assert_eq!(store.held().len(), 1);
    // In Vietnamese, the words the issue asks for.
    assert_eq!(
        sotay::i18n::held_row(&store.held()[0], Lang::Vi),
        format!("2 bản ghi từ thiết bị lạ {} — chấp nhận hoặc bỏ qua", strangers[0].1)
    );
}
