//! Sealed sync folders (README "Sealed folders"): what is on the stick is
//! unreadable without the group's passphrase, a wrong or missing one
//! changes nothing, a sealed stick written on one laptop is read on
//! another, pieces from elsewhere or changed do not open, and the format
//! opens with an independent implementation of the same standards.

mod common;

use serde_json::json;
use sotay::store::Store;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PASS: &str = "hoa sen nở giữa đầm";

fn sotay(home: &Path, args: &[&str], pass: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sotay"));
    c.arg("--home").arg(home).args(args).env_remove("SOTAY_HOME").env_remove("SOTAY_PASSPHRASE");
    if let Some(p) = pass {
        c.env("SOTAY_PASSPHRASE", p);
    }
    c.output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Record a visit with a note in `home`'s store (as typing would).
fn record(home: &Path, visit: &str, note: &str) {
    let mut s = Store::open(&home.join("data/store")).unwrap();
    s.set_author("nva");
    s.set_many(&[(visit, "date", json!("2025-05-12")), (visit, "item/x/note", json!(note))]).unwrap();
}

fn note(home: &Path, visit: &str) -> Option<serde_json::Value> {
    let s = Store::open_read_only(&home.join("data/store")).unwrap();
    s.get(visit, "item/x/note").and_then(|v| v.value)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    v.sort();
    v
}

/// Every file in `dir` with its bytes.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    names(dir).into_iter().map(|n| (n.clone(), fs::read(dir.join(&n)).unwrap())).collect()
}

struct Two {
    _tmp: tempfile::TempDir,
    usb: PathBuf,
    a: PathBuf,
    b: PathBuf,
}

/// Laptop A seals the stick with its findings on it.
fn sealed_stick() -> Two {
    let tmp = tempfile::tempdir().unwrap();
    let (usb, a, b) = (tmp.path().join("usb"), tmp.path().join("a"), tmp.path().join("b"));
    fs::create_dir(&usb).unwrap();
    record(&a, "visit/1", "Đơn thư tồn đọng ở thôn Bình An");
    let pf = tmp.path().join("pass.txt");
    fs::write(&pf, format!("{PASS}\n")).unwrap();
    let o = sotay(&a, &["sync", usb.to_str().unwrap(), "--seal", "--passphrase-file", pf.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", text(&o));
    Two { _tmp: tmp, usb, a, b }
}

#[test]
fn a_sealed_stick_holds_no_plain_text_and_is_read_on_another_laptop() {
    let t = sealed_stick();
    let files = names(&t.usb);
    assert!(files.contains(&"sotay-seal.json".to_owned()), "{files:?}");
    assert!(files.iter().all(|n| n == "sotay-seal.json" || n.ends_with(".seal")), "{files:?}");
    for (n, bytes) in contents(&t.usb) {
        let s = String::from_utf8_lossy(&bytes);
        assert!(!s.contains("Bình An") && !s.contains("visit/1") && !s.contains("nva"), "{n} in the clear");
    }
    // Laptop B: its own findings, the passphrase given once.
    record(&t.b, "visit/2", "Chi bộ thôn Đông sinh hoạt chưa đều");
    let o = sotay(&t.b, &["--lang", "en", "sync", t.usb.to_str().unwrap()], Some(PASS));
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Ops in: 2\n") && text(&o).contains("Sealed: yes"), "{}", text(&o));
    assert_eq!(note(&t.b, "visit/1"), Some(json!("Đơn thư tồn đọng ở thôn Bình An")));
    // A reads B's back without being asked again (its key is remembered).
    let o = sotay(&t.a, &["sync", t.usb.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(note(&t.a, "visit/2"), Some(json!("Chi bộ thôn Đông sinh hoạt chưa đều")));
    // The local stores stay as they were: plain, owner-only op files.
    let ops = t.a.join("data/store/ops");
    assert!(names(&ops).iter().any(|n| n.ends_with(".jsonl")));
    // Each sync seals once; a sync with nothing new writes nothing.
    let before = contents(&t.usb);
    let o = sotay(&t.b, &["sync", t.usb.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(contents(&t.usb), before);
    // Unsealed afterwards? Never: no plain file appears.
    assert!(names(&t.usb).iter().all(|n| !n.ends_with(".jsonl")));
}

#[test]
fn a_wrong_or_missing_passphrase_changes_nothing() {
    let t = sealed_stick();
    record(&t.b, "visit/2", "ghi chú của B");
    let before = contents(&t.usb);
    let ops_before = contents(&t.b.join("data/store/ops"));
    let o = sotay(&t.b, &["--lang", "en", "sync", t.usb.to_str().unwrap()], Some("hoa sen nở giữa đầm lầy"));
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("sotay-seal.json: wrong passphrase"), "{err}");
    assert!(o.stdout.is_empty());
    // Nothing taken in, nothing written on either side, nothing lost.
    assert_eq!(contents(&t.usb), before);
    assert_eq!(contents(&t.b.join("data/store/ops")), ops_before);
    assert_eq!(note(&t.b, "visit/1"), None);
    assert_eq!(note(&t.b, "visit/2"), Some(json!("ghi chú của B")));
    assert!(!t.b.join("data/store/seal").exists());
    // No passphrase and no terminal to ask at: one sentence saying how.
    let o = sotay(&t.b, &["sync", t.usb.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--passphrase-file") && err.contains("SOTAY_PASSPHRASE"), "{err}");
    assert_eq!(contents(&t.usb), before);
    // The right one, afterwards: everything arrives.
    let o = sotay(&t.b, &["sync", t.usb.to_str().unwrap()], Some(PASS));
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(note(&t.b, "visit/1"), Some(json!("Đơn thư tồn đọng ở thôn Bình An")));
}

#[test]
fn pieces_from_another_group_renamed_or_changed_do_not_open() {
    let t = sealed_stick();
    // Another group's sealed stick, same device layout, its own passphrase.
    let other_usb = t.usb.with_file_name("other-usb");
    let x = t.usb.with_file_name("x");
    fs::create_dir(&other_usb).unwrap();
    record(&x, "visit/1", "FORGED");
    let o = sotay(&x, &["sync", other_usb.to_str().unwrap(), "--seal"], Some("another group's words"));
    assert!(o.status.success(), "{}", text(&o));
    let foreign: Vec<String> = names(&other_usb).into_iter().filter(|n| n.ends_with(".seal")).collect();
    fs::copy(other_usb.join(&foreign[0]), t.usb.join(&foreign[0])).unwrap();
    // One of A's own pieces renamed as if it came from another device.
    let own = names(&t.usb).into_iter().find(|n| n.ends_with(".seal") && !foreign.contains(n)).unwrap();
    let renamed = format!("0123456789abcdef{}", &own[16..]);
    fs::copy(t.usb.join(&own), t.usb.join(&renamed)).unwrap();
    let o = sotay(&t.b, &["--lang", "en", "sync", t.usb.to_str().unwrap()], Some(PASS));
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    for n in [&foreign[0], &renamed] {
        assert!(out.contains(&format!("{n}: does not open with this folder's key")), "{n}: {out}");
    }
    assert_eq!(note(&t.b, "visit/1"), Some(json!("Đơn thư tồn đọng ở thôn Bình An")));
    // A byte changed in A's piece: it no longer opens, on a laptop new to it.
    let c = t.usb.with_file_name("c");
    let mut bytes = fs::read(t.usb.join(&own)).unwrap();
    let last = bytes.len() - 20;
    bytes[last] ^= 1;
    fs::write(t.usb.join(&own), bytes).unwrap();
    let o = sotay(&c, &["--lang", "en", "sync", t.usb.to_str().unwrap()], Some(PASS));
    assert!(text(&o).contains(&format!("{own}: does not open")), "{}", text(&o));
    let s = Store::open_read_only(&c.join("data/store")).unwrap();
    assert_eq!(s.get("visit/1", "item/x/note").and_then(|v| v.value), None);
}

#[test]
fn a_piece_opens_with_an_independent_implementation_of_the_standards() {
    let t = sealed_stick();
    let piece = names(&t.usb).into_iter().find(|n| n.ends_with(".seal")).unwrap();
    // Python's hashlib.scrypt (OpenSSL) and pyca/cryptography's
    // ChaCha20-Poly1305 and HKDF, following only the README.
    let script = r#"
import sys, json, hashlib, unicodedata
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes
folder, piece, passphrase = sys.argv[1], sys.argv[2], sys.argv[3]
kf = json.load(open(folder + "/sotay-seal.json"))
kek = hashlib.scrypt(unicodedata.normalize("NFC", passphrase).encode(), salt=bytes.fromhex(kf["salt"]),
                     n=2 ** kf["log_n"], r=kf["r"], p=kf["p"], maxmem=2 ** 29, dklen=32)
key = ChaCha20Poly1305(kek).decrypt(bytes(12), bytes.fromhex(kf["key"]), b"sotay-seal key v1\n" + kf["id"].encode())
data = open(folder + "/" + piece, "rb").read()
assert data[:8] == b"SOTAYSL1"
k = HKDF(algorithm=hashes.SHA256(), length=32, salt=data[8:40], info=b"sotay-seal piece v1").derive(key)
sys.stdout.buffer.write(ChaCha20Poly1305(k).decrypt(bytes(12), data[40:], piece.encode()))
"#;
    let o = Command::new("python3").arg("-c").arg(script).arg(&t.usb).arg(&piece).arg(PASS).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plain = String::from_utf8(o.stdout).unwrap();
    // The device's segment lines, exactly as in A's local store.
    let seg = piece.rsplit_once('.').unwrap().0.rsplit_once('.').unwrap().0;
    let local = fs::read_to_string(t.a.join(format!("data/store/ops/{seg}.jsonl"))).unwrap();
    assert!(plain.contains("Bình An"), "{plain}");
    assert!(local.starts_with(&plain), "{plain}\n---\n{local}");
}

#[test]
fn a_short_new_passphrase_seals_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let usb = tmp.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let o = sotay(&tmp.path().join("a"), &["sync", usb.to_str().unwrap(), "--seal"], Some("ngắn"));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ít nhất 8 ký tự"), "{}", text(&o));
    assert!(names(&usb).is_empty());
}

/// At a terminal: the passphrase is asked without echo, twice when
/// sealing; what was typed never reaches the screen.
#[test]
fn the_passphrase_is_typed_at_the_terminal_without_echo() {
    let tmp = tempfile::tempdir().unwrap();
    let usb = tmp.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let home = tmp.path().join("a");
    record(&home, "visit/1", "ghi chú");
    let mut tui = common::Tui::start(&home, &["sync", usb.to_str().unwrap(), "--seal"], 100, 30);
    tui.wait_for("Mật khẩu mới để niêm phong thư mục (không hiện khi gõ):");
    tui.type_text(PASS);
    tui.send(b"\r");
    tui.wait_for("Gõ lại mật khẩu:");
    tui.type_text(PASS);
    tui.send(b"\r");
    tui.wait_for("Niêm phong: có");
    assert_eq!(tui.wait_exit(), 0);
    let raw = String::from_utf8_lossy(&tui.raw_since(0)).into_owned();
    assert!(!raw.contains("hoa sen") && !raw.contains("đầm"), "{raw}");
    assert!(names(&usb).contains(&"sotay-seal.json".to_owned()));
    // Typed differently the second time: nothing sealed.
    let usb2 = tmp.path().join("usb2");
    fs::create_dir(&usb2).unwrap();
    let mut tui = common::Tui::start(&home, &["--lang", "en", "sync", usb2.to_str().unwrap(), "--seal"], 100, 30);
    tui.wait_for("New passphrase to seal the folder");
    tui.type_text(PASS);
    tui.send(b"\r");
    tui.wait_for("Type it again:");
    tui.type_text("something else");
    tui.send(b"\r");
    tui.wait_for("The two passphrases typed differ; the folder was not sealed.");
    assert_eq!(tui.wait_exit(), 1);
    assert!(names(&usb2).is_empty());
}

/// Someone who can write to the stick deletes the key file and every
/// piece: the laptops that synced it sealed refuse to write there in the
/// clear, until it is sealed again on purpose.
#[test]
fn deleting_the_key_file_does_not_turn_sealing_off() {
    let t = sealed_stick();
    for n in names(&t.usb) {
        fs::remove_file(t.usb.join(n)).unwrap();
    }
    let o = sotay(&t.a, &["--lang", "en", "sync", t.usb.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("this laptop synced it sealed before, but its sotay-seal.json is gone"), "{err}");
    assert!(names(&t.usb).is_empty());
    // Sealed again on purpose (a new passphrase): everything goes out again, sealed.
    let o = sotay(&t.a, &["sync", t.usb.to_str().unwrap(), "--seal"], Some("một mật khẩu mới"));
    assert!(o.status.success(), "{}", text(&o));
    assert!(names(&t.usb).iter().all(|n| n == "sotay-seal.json" || n.ends_with(".seal")));
    assert!(names(&t.usb).iter().any(|n| n.ends_with(".seal")));
}

/// The running interface exchanges with a sealed folder once `sotay sync`
/// opened it on this laptop; before that it says what to run, and never
/// writes there.
#[test]
fn the_interface_exchanges_with_a_sealed_folder_it_was_given_the_key_of() {
    let t = sealed_stick();
    record(&t.b, "visit/2", "ghi chú của B");
    let start = |home: &Path| {
        let store = Store::open(&home.join("data/store")).unwrap();
        let me = [("tct-1659".to_owned(), "ttb".to_owned())].into();
        let mut app = sotay::tui::App::new(sotay::demo::assignments(), sotay::i18n::Lang::En, false, me, None)
            .with_store(store, None);
        app.shared.sync_dir = Some(t.usb.clone());
        app
    };
    let before = contents(&t.usb);
    let mut app = start(&t.b);
    app.sync_now();
    let state = app.shared.sync_state.clone().unwrap();
    assert!(state.contains("the folder is sealed") && state.contains("sotay sync"), "{state}");
    assert_eq!(contents(&t.usb), before);
    drop(app);
    // Given once on the command line; from then on the interface exchanges.
    let o = sotay(&t.b, &["sync", t.usb.to_str().unwrap()], Some(PASS));
    assert!(o.status.success(), "{}", text(&o));
    let mut app = start(&t.b);
    app.shared.store.as_mut().unwrap().set("visit/3", "date", json!("2025-05-20")).unwrap();
    app.sync_now();
    assert!(!app.shared.sync_state.clone().unwrap().contains('✗'), "{:?}", app.shared.sync_state);
    drop(app);
    let o = sotay(&t.a, &["sync", t.usb.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", text(&o));
    let s = Store::open_read_only(&t.a.join("data/store")).unwrap();
    assert_eq!(s.get("visit/3", "date").and_then(|v| v.value), Some(json!("2025-05-20")));
    assert!(names(&t.usb).iter().all(|n| !n.ends_with(".jsonl")));
}
