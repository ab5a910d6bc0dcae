//! Two homes syncing through a folder: both directions, stale copies, torn
//! lines, syncer conflict copies, the lock, permissions.

use serde_json::{Value, json};
use sotay::i18n::Lang;
use sotay::store::{Store, StoreError, Warning};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Everything a user could see: values, conflicts, history.
fn snapshot(s: &Store) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for e in s.entities("") {
        for (f, v) in s.fields(e) {
            let alts: Vec<Value> = v.alternatives.iter().map(|h| json!([h.op.to_string(), h.value])).collect();
            let hist: Vec<String> = s.history(e, f).iter().map(|h| h.op.to_string()).collect();
            out.insert(format!("{e} {f}"), json!({"v": v.value, "op": v.op.to_string(), "alts": alts, "hist": hist}));
        }
    }
    out.insert("#conflicts".into(), json!(s.conflicts().len()));
    out.insert("#ops".into(), json!(s.op_count()));
    out
}

fn files_of(dir: &Path, dev: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_str().unwrap();
            n.starts_with(dev) && n.ends_with(".jsonl") && !n.contains("conflict")
        })
        .collect();
    v.sort();
    v
}

struct Homes {
    _tmp: tempfile::TempDir,
    a: Store,
    b: Store,
    dir: PathBuf,
    home_a: PathBuf,
}

fn homes() -> Homes {
    let tmp = tempfile::tempdir().unwrap();
    let (ha, hb, dir) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("usb"));
    fs::create_dir(&dir).unwrap();
    let mut a = Store::open(&ha).unwrap();
    let mut b = Store::open(&hb).unwrap();
    a.set_author("lan");
    b.set_author("minh");
    Homes { a, b, dir, home_a: ha, _tmp: tmp }
}

#[test]
fn two_homes_converge_both_ways_and_conflicts_show_on_both() {
    let Homes { mut a, mut b, dir, _tmp, .. } = homes();
    a.set("visit/1", "date", json!("2025-11-20")).unwrap();
    a.set("visit/1", "item/recruitment/status", json!("no_change")).unwrap();
    let r = a.sync(&dir).unwrap();
    assert_eq!((r.ops_in, r.ops_out), (0, 2));
    let r = b.sync(&dir).unwrap();
    assert_eq!((r.ops_in, r.ops_out), (2, 0));
    assert_eq!(r.devices_seen, vec![a.device_id().to_owned()]);
    // Both edit the same field having seen the same head: a conflict.
    a.set("visit/1", "item/recruitment/status", json!("improving")).unwrap();
    b.set("visit/1", "item/recruitment/status", json!("resolved")).unwrap();
    b.set("visit/2", "date", json!("2025-11-21")).unwrap();
    let rb = b.sync(&dir).unwrap();
    assert_eq!((rb.ops_in, rb.ops_out), (0, 2));
    let ra = a.sync(&dir).unwrap();
    assert_eq!((ra.ops_in, ra.ops_out), (2, 1));
    assert_eq!(ra.conflicts, 1);
    let rb = b.sync(&dir).unwrap();
    assert_eq!((rb.ops_in, rb.ops_out), (1, 0));
    assert_eq!(rb.devices_seen.len(), 2);
    assert_eq!(snapshot(&a), snapshot(&b));
    let c = a.conflicts();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].field, "item/recruitment/status");
    let vals: Vec<&Value> = c[0].heads.iter().filter_map(|h| h.value.as_ref()).collect();
    assert!(vals.contains(&&json!("improving")) && vals.contains(&&json!("resolved")));
    let authors: Vec<&str> = c[0].heads.iter().map(|h| h.by.as_str()).collect();
    assert!(authors.contains(&"lan") && authors.contains(&"minh"));
    // Running sync again changes nothing.
    for s in [&mut a, &mut b] {
        let r = s.sync(&dir).unwrap();
        assert_eq!((r.ops_in, r.ops_out), (0, 0), "{}", r.render(Lang::En));
        assert!(r.warnings.is_empty());
    }
    let text = rb.render(Lang::Vi);
    assert!(text.contains("Bản ghi nhận vào: 1") && text.contains("Xung đột chưa giải quyết: 1"));
    let text = rb.render(Lang::En);
    assert!(text.contains("Ops in: 1") && text.contains("Open conflicts: 1"));
}

#[test]
fn imported_ops_survive_restart_without_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("usb");
    fs::create_dir(&dir).unwrap();
    let mut a = Store::open(&tmp.path().join("a")).unwrap();
    a.set("e", "f", json!("from a")).unwrap();
    a.sync(&dir).unwrap();
    {
        let mut b = Store::open(&tmp.path().join("b")).unwrap();
        b.import(&dir).unwrap();
    }
    fs::remove_dir_all(&dir).unwrap();
    fs::remove_file(tmp.path().join("b/cache.bin")).unwrap();
    let b = Store::open(&tmp.path().join("b")).unwrap();
    assert_eq!(b.get("e", "f").unwrap().value, Some(json!("from a")));
}

#[test]
fn stale_copy_over_a_newer_file_loses_nothing_and_warns() {
    let Homes { mut a, mut b, dir, home_a, _tmp, .. } = homes();
    for i in 0..3 {
        a.set("e", &format!("f{i}"), json!(i)).unwrap();
    }
    a.sync(&dir).unwrap();
    let file = files_of(&dir, a.device_id()).pop().unwrap();
    let old = fs::read(&file).unwrap();
    for i in 3..6 {
        a.set("e", &format!("f{i}"), json!(i)).unwrap();
    }
    a.sync(&dir).unwrap();
    b.sync(&dir).unwrap();
    let before = snapshot(&b);
    assert_eq!(b.op_count(), 6);
    // Someone copies an old stick over the new one.
    fs::write(&file, &old).unwrap();
    let r = b.sync(&dir).unwrap();
    assert_eq!(r.ops_in, 0);
    assert_eq!(snapshot(&b), before);
    let stale: Vec<&Warning> =
        r.warnings.iter().filter(|w| matches!(w, Warning::StaleCopy { file_max: 3, known_max: 6, .. })).collect();
    assert_eq!(stale.len(), 1, "{}", r.render(Lang::En));
    let msg = stale[0].message(Lang::Vi);
    assert!(msg.contains("bản cũ") && msg.contains(&file.display().to_string()), "{msg}");
    // The owner puts its file right on the next sync.
    let r = a.sync(&dir).unwrap();
    assert_eq!(r.ops_out, 3);
    let local = files_of(&home_a.join("ops"), a.device_id()).pop().unwrap();
    assert_eq!(fs::read(&file).unwrap(), fs::read(local).unwrap());
    assert_eq!(b.sync(&dir).unwrap().ops_in, 0);
}

#[test]
fn torn_line_in_the_folder_is_skipped_and_owner_rewrites_its_file() {
    let Homes { mut a, mut b, dir, home_a, _tmp, .. } = homes();
    a.set("e", "f", json!(1)).unwrap();
    a.set("e", "g", json!(2)).unwrap();
    a.sync(&dir).unwrap();
    let file = files_of(&dir, a.device_id()).pop().unwrap();
    let mut text = fs::read(&file).unwrap();
    let good = text.clone();
    // Cut the second op line in half, as an interrupted copy would (the
    // signature line written with the sync follows it).
    let sig_at = good[..good.len() - 1].iter().rposition(|&b| b == b'\n').unwrap() + 1;
    assert!(good[sig_at..].starts_with(br#"{"v":2,"sig":"#));
    text.truncate(sig_at - 30);
    fs::write(&file, &text).unwrap();
    let r = b.import(&dir).unwrap();
    assert_eq!(r.ops_in, 1);
    assert!(
        r.warnings.iter().any(|w| matches!(w, Warning::TornTail { file: f, .. } if *f == file)),
        "{}",
        r.render(Lang::En)
    );
    // Never truncated by a reader.
    assert_eq!(fs::read(&file).unwrap(), text);
    let r = a.sync(&dir).unwrap();
    assert_eq!(r.ops_out, 1);
    assert!(r.warnings.iter().any(|w| matches!(w, Warning::RewroteOwnFile { .. })));
    assert_eq!(fs::read(&file).unwrap(), good);
    let local = files_of(&home_a.join("ops"), a.device_id()).pop().unwrap();
    assert_eq!(fs::read(local).unwrap(), good);
    let r = b.import(&dir).unwrap();
    assert_eq!(r.ops_in, 1);
    assert_eq!(snapshot(&a), snapshot(&b));
}

#[test]
fn corrupt_line_in_the_middle_is_reported_with_its_line() {
    let Homes { mut a, mut b, dir, _tmp, .. } = homes();
    for i in 0..3 {
        a.set("e", &format!("f{i}"), json!(i)).unwrap();
    }
    a.sync(&dir).unwrap();
    let file = files_of(&dir, a.device_id()).pop().unwrap();
    let text = fs::read_to_string(&file).unwrap();
    let damaged = text.replacen("\"f1\"", "\"F1\"", 1);
    fs::write(&file, damaged).unwrap();
    let r = b.import(&dir).unwrap();
    assert_eq!(r.ops_in, 2);
    assert!(r.warnings.iter().any(|w| matches!(w, Warning::BadLine { line: 2, file: f, .. } if *f == file)));
    let msg = r.warnings[0].message(Lang::En);
    assert!(msg.contains("Line 2 of"), "{msg}");
}

#[test]
fn syncer_conflict_copies_are_read_and_other_names_ignored() {
    let Homes { mut a, mut b, dir, _tmp, .. } = homes();
    a.set("e", "f", json!("kept in a conflict copy")).unwrap();
    a.sync(&dir).unwrap();
    let file = files_of(&dir, a.device_id()).pop().unwrap();
    let name = file.file_name().unwrap().to_str().unwrap().to_owned();
    let stem = name.strip_suffix(".jsonl").unwrap();
    // Syncthing moved A's file aside; Dropbox-style copy holds another op.
    let st = dir.join(format!("{stem}.sync-conflict-20251122-101010-ABCDEFG.jsonl"));
    fs::rename(&file, &st).unwrap();
    a.set("e", "g", json!("in a dropbox copy")).unwrap();
    a.sync(&dir).unwrap();
    let db = dir.join(format!("{stem} (conflicted copy).jsonl"));
    fs::rename(&file, &db).unwrap();
    // Lookalikes that must be ignored.
    let text = fs::read(&db).unwrap();
    for junk in [format!("{name}.bak"), format!(".{name}.tmp"), "notes.jsonl".into()] {
        let mut t = text.clone();
        t.extend_from_slice(b"garbage\n");
        fs::write(dir.join(junk), t).unwrap();
    }
    let r = b.import(&dir).unwrap();
    assert_eq!(r.ops_in, 2, "{}", r.render(Lang::En));
    assert!(r.warnings.is_empty(), "{}", r.render(Lang::En));
    assert_eq!(b.get("e", "f").unwrap().value, Some(json!("kept in a conflict copy")));
    assert_eq!(b.get("e", "g").unwrap().value, Some(json!("in a dropbox copy")));
    let r = b.import(&dir).unwrap();
    assert_eq!(r.ops_in, 0);
}

#[test]
fn lock_and_private_files_in_the_folder() {
    let Homes { mut a, dir, home_a, _tmp, .. } = homes();
    let e = Store::open(&home_a).err().unwrap();
    assert!(matches!(e, StoreError::Locked { .. }));
    a.set("e", "f", json!(1)).unwrap();
    a.sync(&dir).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in files_of(&dir, a.device_id()) {
            assert_eq!(fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}

#[test]
fn missing_folder_is_an_error_not_a_panic() {
    let Homes { mut a, dir, _tmp, .. } = homes();
    let e = a.sync(&dir.join("nope")).unwrap_err();
    assert!(matches!(e, StoreError::Io { write: false, .. }));
    assert!(e.message(Lang::Vi).contains("nope"));
}

#[test]
fn clock_far_ahead_is_warned_and_not_followed() {
    let Homes { mut a, mut b, dir, _tmp, .. } = homes();
    a.set("e", "f", json!(1)).unwrap();
    a.sync(&dir).unwrap();
    // Forge a line from a device whose clock is a year ahead.
    let far = sotay::store::hlc::wall_ms() + 365 * 24 * 3600 * 1000;
    let op = sotay::store::Op {
        dev: "ffffffffffffffff".into(),
        seq: 1,
        hlc: sotay::store::Hlc::new(far, 0),
        by: "x".into(),
        sup: vec![],
        e: "e".into(),
        body: sotay::store::Body::Set { f: "z".into(), val: json!(1) },
    };
    fs::write(dir.join("ffffffffffffffff.2026-11-1.jsonl"), sotay::store::line::encode(&op)).unwrap();
    let r = b.import(&dir).unwrap();
    assert!(r.warnings.iter().any(|w| matches!(w, Warning::ClockAhead { .. })));
    assert!(b.clock().ms < far);
    b.set("e", "f", json!(2)).unwrap();
    assert!(b.get("e", "f").unwrap().hlc.ms < far);
}
