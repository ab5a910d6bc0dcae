//! Store-level tests: files on disk, restarts, the lock, the cache.

use super::*;
use serde_json::json;

fn own_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir.join(OPS_DIR)).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

#[test]
fn ops_survive_a_restart_with_and_without_cache() {
    let d = tempfile::tempdir().unwrap();
    let dev;
    {
        let mut s = Store::open(d.path()).unwrap();
        dev = s.device_id().to_owned();
        s.set_author("nva");
        let a = s.set("visit/1", "date", json!("2025-11-22")).unwrap();
        assert_eq!(a, OpId::new(&dev, 1));
        s.set("visit/1", "date", json!("2025-11-23")).unwrap();
        s.set("visit/2", "date", json!("2025-11-24")).unwrap();
        s.delete("visit/2").unwrap();
    }
    for with_cache in [true, false] {
        if !with_cache {
            fs::remove_file(d.path().join(CACHE_FILE)).unwrap();
        }
        let mut s = Store::open(d.path()).unwrap();
        assert_eq!(s.device_id(), dev);
        assert_eq!(s.entities("visit/"), vec!["visit/1"]);
        let v = s.get("visit/1", "date").unwrap();
        assert_eq!(v.value, Some(json!("2025-11-23")));
        assert_eq!(v.by, "nva");
        let h = s.history("visit/1", "date");
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].value, Some(json!("2025-11-22")));
        assert!(h[0].hlc < h[1].hlc);
        assert_eq!(s.history("visit/2", "date").last().unwrap().value, None);
        // Sequence numbers continue without gaps after a restart.
        let next = s.set("other/3", "x", json!(1)).unwrap();
        assert_eq!(next.seq, if with_cache { 5 } else { 6 });
    }
}

#[test]
fn clock_survives_restart_even_if_wall_clock_is_behind() {
    let d = tempfile::tempdir().unwrap();
    let last;
    {
        let mut s = Store::open(d.path()).unwrap();
        s.set("e", "f", json!(1)).unwrap();
        last = s.clock();
    }
    fs::remove_file(d.path().join(CACHE_FILE)).unwrap();
    let mut s = Store::open(d.path()).unwrap();
    assert_eq!(s.clock(), last);
    s.set("e", "f", json!(2)).unwrap();
    assert!(s.get("e", "f").unwrap().hlc > last);
}

#[test]
fn second_open_is_locked_and_read_only_refuses_writes() {
    let d = tempfile::tempdir().unwrap();
    let mut s = Store::open(d.path()).unwrap();
    s.set("e", "f", json!(1)).unwrap();
    let err = Store::open(d.path()).err().expect("second open must fail");
    assert!(matches!(err, StoreError::Locked { .. }));
    assert!(err.to_string().contains("open in another sotay window"));
    assert!(err.message(crate::lang::Lang::Vi).contains("đang mở trong một cửa sổ sotay khác"));
    let mut ro = Store::open_read_only(d.path()).unwrap();
    assert_eq!(ro.get("e", "f").unwrap().value, Some(json!(1)));
    assert!(matches!(ro.set("e", "f", json!(2)), Err(StoreError::ReadOnly)));
    drop(s);
    Store::open(d.path()).unwrap();
    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(Store::open_read_only(&empty.path().join("none")), Err(StoreError::NoData { .. })));
}

#[test]
fn own_torn_tail_is_sealed_and_middle_damage_reported() {
    let d = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(d.path()).unwrap();
        for i in 0..3 {
            s.set("e", &format!("f{i}"), json!(i)).unwrap();
        }
    }
    fs::remove_file(d.path().join(CACHE_FILE)).unwrap();
    let f = own_files(d.path()).pop().unwrap();
    let mut text = fs::read(&f).unwrap();
    // Damage line 2 in the middle and leave half a line at the end.
    let second = text.iter().position(|&b| b == b'\n').unwrap() + 5;
    text[second] ^= 0x20;
    text.extend_from_slice(b"{\"v\":1,\"id\":\"x");
    fs::write(&f, &text).unwrap();
    let mut s = Store::open(d.path()).unwrap();
    assert_eq!(s.fields("e").len(), 2);
    let w = s.warnings();
    assert!(w.iter().any(|w| matches!(w, Warning::SealedTail { bytes: 14, .. })), "{w:?}");
    assert!(w.iter().any(|w| matches!(w, Warning::BadLine { line: 2, .. })), "{w:?}");
    assert!(fs::read(&f).unwrap().ends_with(b"\n"));
    // Our own seq 2 is lost to damage, so the next op takes seq 4.
    assert_eq!(s.set("e", "g", json!(0)).unwrap().seq, 4);
    let msg = s.warnings()[0].message(crate::lang::Lang::Vi);
    assert!(msg.contains(&f.display().to_string()), "{msg}");
}

#[test]
fn cache_is_dropped_when_a_file_changed_under_it() {
    let d = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(d.path()).unwrap();
        s.set("e", "f", json!("a")).unwrap();
        s.set("e", "g", json!("b")).unwrap();
    }
    let f = own_files(d.path()).pop().unwrap();
    let text = fs::read_to_string(&f).unwrap();
    let first = text.lines().next().unwrap().to_owned() + "\n";
    // Same length, different bytes at the end: the tail check must notice.
    fs::write(&f, &first).unwrap();
    let s = Store::open(d.path()).unwrap();
    assert_eq!(s.fields("e").len(), 1);
}

#[test]
fn cache_is_used_and_appends_after_it_are_read() {
    let d = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(d.path()).unwrap();
        s.set("e", "f", json!("a")).unwrap();
    }
    // A line appended by someone with the lock (here: by hand) after the
    // cache was written must still be read.
    let f = own_files(d.path()).pop().unwrap();
    let dev = Store::open_read_only(d.path()).unwrap().device_id().to_owned();
    let op = Op {
        dev: dev.clone(),
        seq: 2,
        hlc: Hlc::new(hlc::wall_ms(), 0),
        by: String::new(),
        sup: vec![OpId::new(&dev, 1)],
        e: "e".into(),
        body: Body::Set { f: "f".into(), val: json!("b") },
    };
    let mut text = fs::read(&f).unwrap();
    text.extend_from_slice(line::encode(&op).as_bytes());
    fs::write(&f, text).unwrap();
    let (cached, ()) = cache::load(&d.path().join(CACHE_FILE), &dev, |_| Some(())).expect("cache written on drop");
    assert_eq!(cached.state.op_count(), 1);
    let s = Store::open(d.path()).unwrap();
    assert_eq!(s.get("e", "f").unwrap().value, Some(json!("b")));
    assert_eq!(s.op_count(), 2);
}

#[test]
fn torn_tail_after_the_cache_is_sealed_in_the_same_pass() {
    let d = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(d.path()).unwrap();
        s.set("e", "f", json!("a")).unwrap();
    }
    let f = own_files(d.path()).pop().unwrap();
    let dev = Store::open_read_only(d.path()).unwrap().device_id().to_owned();
    let op = |seq: u64, val: &str| Op {
        dev: dev.clone(),
        seq,
        hlc: Hlc::new(hlc::wall_ms(), 0),
        by: String::new(),
        sup: vec![OpId::new(&dev, seq - 1)],
        e: "e".into(),
        body: Body::Set { f: "f".into(), val: json!(val) },
    };
    let cached_len = fs::metadata(&f).unwrap().len();
    // Only a half line after what the cache read, then a whole line and a half.
    for (extra, ops) in [(String::new(), 1), (line::encode(&op(2, "b")), 2)] {
        let mut text = fs::read(&f).unwrap();
        text.truncate(cached_len as usize);
        text.extend_from_slice(extra.as_bytes());
        let whole = text.len() as u64;
        text.extend_from_slice(b"{\"v\":1,\"id\":\"ha");
        fs::write(&f, text).unwrap();
        let s = Store::open(d.path()).unwrap();
        assert!(s.warnings().iter().any(|w| matches!(w, Warning::SealedTail { bytes: 15, .. })), "{:?}", s.warnings());
        assert_eq!(fs::metadata(&f).unwrap().len(), whole);
        assert_eq!(s.op_count(), ops);
        assert_eq!(s.get("e", "f").unwrap().value, Some(json!(if ops == 1 { "a" } else { "b" })));
        drop(s);
        assert!(cache::load(&d.path().join(CACHE_FILE), &dev, |_| Some(())).is_some());
        let mut text = fs::read(&f).unwrap();
        text.truncate(cached_len as usize);
        fs::write(&f, text).unwrap();
        let _ = fs::remove_file(d.path().join(CACHE_FILE));
        drop(Store::open(d.path()).unwrap());
    }
}

#[test]
fn corrupt_cache_falls_back_to_files() {
    let d = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(d.path()).unwrap();
        s.set("e", "f", json!("a")).unwrap();
    }
    let p = d.path().join(CACHE_FILE);
    let mut c = fs::read(&p).unwrap();
    let n = c.len();
    c[n - 3] ^= 0xff;
    fs::write(&p, &c).unwrap();
    let s = Store::open(d.path()).unwrap();
    assert_eq!(s.get("e", "f").unwrap().value, Some(json!("a")));
    fs::write(&p, b"garbage").unwrap();
    drop(s);
    fs::write(&p, b"SOTAYCACHE4\n\xff\xff\xff\xff\xff\xff\xff\xff").unwrap();
    let s = Store::open(d.path()).unwrap();
    assert_eq!(s.op_count(), 1);
}

#[test]
fn failed_write_changes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let mut s = Store::open(d.path()).unwrap();
    s.set("e", "f", json!(1)).unwrap();
    let f = own_files(d.path()).pop().unwrap();
    let saved = fs::read(&f).unwrap();
    // Make the journal impossible to open as a file.
    fs::remove_file(&f).unwrap();
    fs::create_dir(&f).unwrap();
    let err = s.set("e", "f", json!(2)).unwrap_err();
    assert!(matches!(err, StoreError::Io { write: true, .. }));
    assert!(err.to_string().contains("was not saved"));
    assert_eq!(s.get("e", "f").unwrap().value, Some(json!(1)));
    assert_eq!(s.op_count(), 1);
    // Once the disk is back, the retry takes the same seq.
    fs::remove_dir(&f).unwrap();
    fs::write(&f, saved).unwrap();
    assert_eq!(s.set("e", "f", json!(2)).unwrap().seq, 2);
}

#[cfg(unix)]
#[test]
fn files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("data");
    {
        let mut s = Store::open(&data).unwrap();
        s.set("e", "f", json!(1)).unwrap();
    }
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join(OPS_DIR)), 0o700);
    for f in [DEVICE_FILE, LOCK_FILE, CACHE_FILE] {
        assert_eq!(mode(&data.join(f)), 0o600, "{f}");
    }
    for f in own_files(&data) {
        assert_eq!(mode(&f), 0o600);
    }
}

#[test]
fn bad_device_file_is_refused_not_overwritten() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join(DEVICE_FILE), b"{oops").unwrap();
    let e = Store::open(d.path()).err().unwrap();
    assert!(matches!(e, StoreError::BadDeviceFile { .. }));
    assert_eq!(fs::read(d.path().join(DEVICE_FILE)).unwrap(), b"{oops");
}

#[test]
fn empty_names_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let mut s = Store::open(d.path()).unwrap();
    assert!(matches!(s.set("", "f", json!(1)), Err(StoreError::EmptyName)));
    assert!(matches!(s.set("e", "", json!(1)), Err(StoreError::EmptyName)));
    assert_eq!(s.op_count(), 0);
}

#[test]
fn resolve_settles_a_conflict_made_by_two_devices() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut sa = Store::open(a.path()).unwrap();
    let mut sb = Store::open(b.path()).unwrap();
    sa.set("v", "x", json!("A")).unwrap();
    sb.set("v", "x", json!("B")).unwrap();
    sa.sync(dir.path()).unwrap();
    sb.sync(dir.path()).unwrap();
    sa.sync(dir.path()).unwrap();
    assert_eq!(sa.conflicts().len(), 1);
    assert_eq!(sa.conflicts(), sb.conflicts());
    sa.resolve("v", "x", Resolution::Value(json!("B"))).unwrap();
    assert!(sa.conflicts().is_empty());
    sa.sync(dir.path()).unwrap();
    sb.sync(dir.path()).unwrap();
    assert!(sb.conflicts().is_empty());
    assert_eq!(sb.get("v", "x").unwrap().value, Some(json!("B")));
    sb.resolve("v", "x", Resolution::Delete).unwrap();
    assert!(sb.entities("").is_empty());
}

/// A folder file of several read chunks, and a copy of it with one op
/// changed deep inside: each line is decoded once and applied as its
/// chunk is copied in, and the fork is still told at its own line.
#[test]
fn a_fork_deep_in_a_large_file_is_told_at_its_line() {
    let dev = "a1b2c3d4e5f60718";
    let line_of = |seq: u64, val: &str| {
        line::encode(&Op {
            dev: dev.into(),
            seq,
            hlc: Hlc::new(1_763_850_000_000 + seq, 0),
            by: String::new(),
            sup: Vec::new(),
            e: format!("visit/{seq}"),
            body: Body::Set { f: "note".into(), val: json!(val) },
        })
    };
    let filler = "x".repeat(300);
    let n = 12_000u64;
    let fork_at = 9_001u64;
    let real: String = (1..=n).map(|s| line_of(s, &filler)).collect();
    let forged: String = (1..=n).map(|s| line_of(s, if s == fork_at { "forged" } else { &filler })).collect();
    assert!(real.len() > 3 << 20, "spans several chunks");
    let folder = tempfile::tempdir().unwrap();
    let canonical = format!("{dev}.2025-11-1.jsonl");
    let copy = folder.path().join(format!("{dev}.2025-11-1.sync-conflict-20251122-101010-ABCDEFG.jsonl"));
    fs::write(folder.path().join(&canonical), &real).unwrap();
    fs::write(&copy, &forged).unwrap();
    let d = tempfile::tempdir().unwrap();
    let mut s = Store::open(d.path()).unwrap();
    let r = s.import(folder.path()).unwrap();
    assert_eq!(r.ops_in, n as usize + 1);
    let forks: Vec<_> = r.warnings.iter().filter(|w| matches!(w, Warning::Fork { .. })).collect();
    assert_eq!(forks.len(), 1, "{:?}", r.warnings);
    assert!(
        matches!(forks[0], Warning::Fork { file, line, seq, .. } if *file == copy && *line == fork_at && *seq == fork_at),
        "{forks:?}"
    );
    // The local copy holds every line once, and the forged one after them.
    let local = fs::read_to_string(d.path().join(OPS_DIR).join(&canonical)).unwrap();
    assert_eq!(local, real.clone() + &line_of(fork_at, "forged"));
    let view = s.get(&format!("visit/{fork_at}"), "note").unwrap();
    assert_eq!(view.alternatives.len(), 2);
    // History reads values back from the local copy at the offsets applied.
    let h = s.history(&format!("visit/{fork_at}"), "note");
    assert!(h.iter().any(|e| e.value == Some(json!("forged"))), "{h:?}");
    drop(s);
    fs::remove_file(d.path().join(CACHE_FILE)).unwrap();
    let s = Store::open(d.path()).unwrap();
    assert_eq!(s.op_count(), n as usize + 1);
    assert_eq!(s.get(&format!("visit/{fork_at}"), "note").unwrap(), view);
}

/// The cache's crc guards against damage, not against a file made to
/// match it: whatever a cache with a matching crc holds, it is refused or
/// every index in it points inside its table (no later panic).
#[test]
fn a_cache_with_a_matching_crc_but_changed_bytes_is_refused_or_sound() {
    let d = tempfile::tempdir().unwrap();
    let dev = {
        let mut s = Store::open(d.path()).unwrap();
        s.set_author("nva");
        s.set_many(&[("visit/1", "date", json!("2025-11-22")), ("visit/1", "note", json!("một"))]).unwrap();
        s.set("visit/2", "date", json!("2025-11-23")).unwrap();
        s.delete("visit/2").unwrap();
        s.set("visit/1", "note", json!({"a": [1, 2]})).unwrap();
        s.device_id().to_owned()
    };
    let p = d.path().join(CACHE_FILE);
    let good = fs::read(&p).unwrap();
    assert!(cache::load(&p, &dev, |_| Some(())).is_some());
    let (mut refused, mut taken) = (0, 0);
    for i in cache::HEADER..good.len() {
        for flip in [0xff, 0x01, 0x80] {
            let mut c = good.clone();
            c[i] ^= flip;
            let crc = crc32fast::hash(&c[cache::HEADER..]);
            c[20..24].copy_from_slice(&crc.to_le_bytes());
            fs::write(&p, &c).unwrap();
            match cache::load(&p, &dev, |_| Some(())) {
                Some(_) => taken += 1,
                None => refused += 1,
            }
            let s = Store::open_read_only(d.path()).unwrap();
            let _ = (s.conflicts(), s.op_count(), s.warnings().len());
            for e in s.entities("") {
                for (f, _) in s.fields(e) {
                    let _ = (s.get(e, f), s.history(e, f));
                }
            }
        }
    }
    assert!(refused > 0 && taken > 0, "refused {refused}, taken {taken}");
}
