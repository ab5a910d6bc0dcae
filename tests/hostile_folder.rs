//! A sync folder that is hostile or odd (issue 9): links, pipes, huge files,
//! forged ids, forks, gaps, a read-only folder. Each case gives a warning
//! naming the file and loses nothing.

#![cfg(unix)]

mod common;

use serde_json::json;
use sotay::i18n::Lang;
use sotay::store::{Special, Store, SyncReport, Warning};
use std::fs;
use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

fn journal(data: &Path) -> PathBuf {
    let mut v: Vec<PathBuf> = fs::read_dir(data.join("ops")).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v.remove(0)
}

/// A home with one op recorded, synced into `folder`; returns its store.
fn home_with_op(dir: &Path, folder: &Path, value: &str) -> Store {
    let mut s = Store::open(dir).unwrap();
    s.set("visit/a", "note", json!(value)).unwrap();
    s.sync(folder).unwrap();
    s
}

fn said(r: &SyncReport, what: impl Fn(&Warning) -> bool) -> bool {
    r.warnings.iter().any(what)
}

#[test]
fn a_link_named_like_a_device_file_is_not_followed() {
    let (a, b, folder, outside) = (tmp(), tmp(), tmp(), tmp());
    let secret = outside.path().join("secret.txt");
    fs::write(&secret, "mật khẩu ngân hàng\n").unwrap();
    let link = folder.path().join("0123456789abcdef.2025-11-1.jsonl");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    // A link to a real journal elsewhere is not imported either.
    let other = tmp();
    let sa = home_with_op(a.path(), other.path(), "x");
    let other_file = other.path().join(journal(a.path()).file_name().unwrap());
    std::os::unix::fs::symlink(&other_file, folder.path().join(other_file.file_name().unwrap())).unwrap();
    drop(sa);
    let mut sb = Store::open(b.path()).unwrap();
    let r = sb.sync(folder.path()).unwrap();
    assert_eq!(r.ops_in, 0);
    assert!(said(&r, |w| matches!(w, Warning::NotRegular { file, kind: Special::Link } if *file == link)));
    let msg = r.render(Lang::Vi);
    assert!(msg.contains("liên kết") && msg.contains("0123456789abcdef.2025-11-1.jsonl"), "{msg}");
    drop(sb);
    let cache = fs::read(b.path().join("cache.bin")).unwrap_or_default();
    let needle = "mật khẩu".as_bytes();
    assert!(!cache.windows(needle.len()).any(|w| w == needle));
}

#[test]
fn our_own_file_replaced_by_a_link_is_never_written_through() {
    let (a, folder, outside) = (tmp(), tmp(), tmp());
    let mut s = home_with_op(a.path(), folder.path(), "x");
    let name = journal(a.path()).file_name().unwrap().to_owned();
    let ours = folder.path().join(&name);
    let target = outside.path().join("victim");
    fs::write(&target, "untouched\n").unwrap();
    fs::remove_file(&ours).unwrap();
    std::os::unix::fs::symlink(&target, &ours).unwrap();
    s.set("visit/a", "note", json!("y")).unwrap();
    let r = s.sync(folder.path()).unwrap();
    assert_eq!(fs::read_to_string(&target).unwrap(), "untouched\n");
    assert!(fs::symlink_metadata(&ours).unwrap().file_type().is_symlink());
    assert!(said(&r, |w| matches!(w, Warning::NotRegular { file, .. } if *file == ours)));
    // The op is stored here all the same.
    assert_eq!(s.get("visit/a", "note").unwrap().value, Some(json!("y")));
}

#[test]
fn a_fifo_named_like_a_device_file_does_not_hang() {
    let (a, folder) = (tmp(), tmp());
    let fifo = folder.path().join("0123456789abcdef.2025-11-1.jsonl");
    let ok = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(ok.success());
    let mut s = Store::open(a.path()).unwrap();
    s.set("visit/a", "note", json!("x")).unwrap();
    let start = Instant::now();
    let r = s.sync(folder.path()).unwrap();
    assert!(start.elapsed() < Duration::from_secs(20));
    assert!(said(&r, |w| matches!(w, Warning::NotRegular { kind: Special::Fifo, .. })));
    assert_eq!(r.ops_out, 1);
}

#[test]
fn a_huge_junk_file_is_read_once_and_overlong_lines_are_skipped() {
    let (a, b, folder) = (tmp(), tmp(), tmp());
    let sa = home_with_op(a.path(), folder.path(), "x");
    drop(sa);
    // 64 MiB of junk without a newline (sparse), named like a device file.
    let junk = folder.path().join("0123456789abcdef.2025-11-1.jsonl");
    let f = fs::File::create(&junk).unwrap();
    f.set_len(64 << 20).unwrap();
    drop(f);
    let mut sb = Store::open(b.path()).unwrap();
    let r = sb.import(folder.path()).unwrap();
    assert_eq!(r.ops_in, 1);
    assert!(said(&r, |w| matches!(w, Warning::BadLine { file, .. } if *file == junk)));
    // Unchanged: not read again, nothing new to say.
    let r = sb.import(folder.path()).unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // A good op after a newline is found once the file grows.
    let mut more = fs::OpenOptions::new().append(true).open(&junk).unwrap();
    std::io::Write::write_all(&mut more, b"\n").unwrap();
    let r = sb.import(folder.path()).unwrap();
    assert_eq!(r.ops_in, 0);
}

#[test]
fn an_op_of_another_device_in_a_file_is_refused() {
    let (a, b, folder) = (tmp(), tmp(), tmp());
    let sa = home_with_op(a.path(), folder.path(), "x");
    let dev = sa.device_id().to_owned();
    drop(sa);
    // A's line put under another device's file name.
    let src = folder.path().join(journal(a.path()).file_name().unwrap());
    let forged = folder.path().join("0123456789abcdef.2025-11-1.jsonl");
    fs::copy(&src, &forged).unwrap();
    let mut sb = Store::open(b.path()).unwrap();
    let r = sb.import(folder.path()).unwrap();
    assert_eq!(r.ops_in, 1);
    assert!(said(
        &r,
        |w| matches!(w, Warning::ForeignOp { file, line: 1, device } if *file == forged && *device == dev)
    ));
}

#[test]
fn a_fork_is_kept_and_shown_alike_whatever_order_the_files_arrive_in() {
    // A cloned home: same device id, two different op #1.
    let (a, folder) = (tmp(), tmp());
    let sa = home_with_op(a.path(), folder.path(), "original");
    drop(sa);
    let real = journal(a.path());
    // The clone's different #1, in a syncer's conflict copy.
    let name = real.file_name().unwrap().to_str().unwrap().to_owned();
    let text = fs::read_to_string(&real).unwrap().replace("original", "forged!!");
    let stem = name.strip_suffix(".jsonl").unwrap();
    let copy = folder.path().join(format!("{stem}.sync-conflict-20251122-101010-ABCDEFG.jsonl"));
    // The checksum must match for the line to count: re-encode it.
    fs::write(&copy, reseal(&text)).unwrap();
    let mut states = Vec::new();
    for order in [false, true] {
        let h = tmp();
        let mut s = Store::open(h.path()).unwrap();
        let dir_a = tmp();
        let dir_b = tmp();
        fs::copy(folder.path().join(&name), dir_a.path().join(&name)).unwrap();
        fs::copy(&copy, dir_b.path().join(copy.file_name().unwrap())).unwrap();
        let (first, second) = if order { (&dir_b, &dir_a) } else { (&dir_a, &dir_b) };
        s.import(first.path()).unwrap();
        let r = s.import(second.path()).unwrap();
        assert_eq!(r.ops_in, 1, "order {order}: the second version is taken in too");
        assert!(
            said(&r, |w| matches!(w, Warning::Fork { seq: 1, file, .. } if file.starts_with(second.path()))),
            "order {order}: {:?}",
            r.warnings
        );
        assert!(r.render(Lang::En).contains("Two different records carry the id"), "{}", r.render(Lang::En));
        // Both are kept and shown: a conflict between the two values.
        assert_eq!(r.conflicts, 1);
        let v = s.get("visit/a", "note").unwrap();
        let mut alts: Vec<_> = v.alternatives.iter().map(|h| h.value.clone()).collect();
        alts.sort_by_key(|v| v.as_ref().map(|v| v.to_string()));
        assert_eq!(alts, vec![Some(json!("forged!!")), Some(json!("original"))]);
        // Folded again from the local copies alone: the same, forks kept.
        drop(s);
        fs::remove_file(h.path().join("cache.bin")).unwrap();
        let s = Store::open(h.path()).unwrap();
        assert_eq!(s.get("visit/a", "note").unwrap(), v);
        states.push(v);
    }
    assert_eq!(states[0], states[1], "both orders fold the same state");
}

#[test]
fn a_forged_next_id_does_not_hide_the_real_op() {
    let (a, b, folder) = (tmp(), tmp(), tmp());
    let mut sa = home_with_op(a.path(), folder.path(), "x");
    let f = folder.path().join(journal(a.path()).file_name().unwrap());
    // Someone puts a forged #2 in A's file before A writes its real #2.
    let text = fs::read_to_string(&f).unwrap();
    let op1 = text.lines().find(|l| !l.contains(r#""sig":"#)).unwrap();
    let dev = sa.device_id().to_owned();
    let forged = op1
        .replace(&format!(r#""id":"{dev}:1""#), &format!(r#""id":"{dev}:2""#))
        .replace(r#""seq":1,"#, r#""seq":2,"#)
        .replace(r#""val":"x""#, r#""val":"forged""#);
    let forged_file = folder.path().join(format!("{dev}.2025-01-1.jsonl"));
    fs::write(&forged_file, reseal(&forged)).unwrap();
    let mut sb = Store::open(b.path()).unwrap();
    let r = sb.import(folder.path()).unwrap();
    assert_eq!(r.ops_in, 2);
    // A's real #2 arrives: taken in beside the forged one, and said.
    sa.set("visit/a", "note", json!("real")).unwrap();
    sa.sync(folder.path()).unwrap();
    let r = sb.import(folder.path()).unwrap();
    assert_eq!(r.ops_in, 1, "{:?}", r.warnings);
    assert!(said(&r, |w| matches!(w, Warning::Fork { seq: 2, .. })), "{:?}", r.warnings);
    let v = sb.get("visit/a", "note").unwrap();
    let vals: Vec<_> = v.alternatives.iter().filter_map(|h| h.value.clone()).collect();
    assert!(vals.contains(&json!("real")) && vals.contains(&json!("forged")), "{v:?}");
}

#[test]
fn a_gap_in_a_devices_records_is_reported() {
    let (a, b, folder) = (tmp(), tmp(), tmp());
    let mut sa = Store::open(a.path()).unwrap();
    for i in 0..5 {
        sa.set("visit/a", "n", json!(i)).unwrap();
    }
    sa.sync(folder.path()).unwrap();
    let dev = sa.device_id().to_owned();
    drop(sa);
    let f = folder.path().join(journal(a.path()).file_name().unwrap());
    let text = fs::read_to_string(&f).unwrap();
    let kept: Vec<&str> = text.lines().enumerate().filter(|(i, _)| ![1, 2].contains(i)).map(|(_, l)| l).collect();
    fs::write(&f, kept.join("\n") + "\n").unwrap();
    let mut sb = Store::open(b.path()).unwrap();
    let r = sb.import(folder.path()).unwrap();
    assert!(
        said(&r, |w| matches!(w, Warning::SeqGap { device, from: 2, to: 3 } if *device == dev)),
        "{:?}",
        r.warnings
    );
    assert!(r.render(Lang::En).contains(&format!("Missing records #2-3 of device {dev}")));
}

#[test]
fn a_read_only_folder_keeps_the_change_and_still_gives_the_summary() {
    let (a, folder) = (tmp(), tmp());
    let mut s = Store::open(a.path()).unwrap();
    s.set("visit/a", "note", json!("x")).unwrap();
    let mut p = fs::metadata(folder.path()).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut p, 0o555);
    fs::set_permissions(folder.path(), p).unwrap();
    if fs::write(folder.path().join("probe"), b"").is_ok() {
        return; // running as root: permissions do not stop writes
    }
    let r = s.sync(folder.path()).unwrap();
    assert!(r.copy_out_failed);
    let text = r.render(Lang::En);
    assert!(text.contains("stored on this laptop") && text.contains("Ops in: 0"), "{text}");
    assert!(r.render(Lang::Vi).contains("đã được lưu trên máy này"));
    assert_eq!(s.get("visit/a", "note").unwrap().value, Some(json!("x")));
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Give each line of `text` a fresh, matching crc.
fn reseal(text: &str) -> String {
    let mut out = String::new();
    for l in text.lines() {
        let body = l.split(r#","crc":""#).next().unwrap().to_owned() + "}";
        let crc = crc32fast::hash(body.as_bytes());
        out.push_str(&format!("{},\"crc\":\"{crc:08x}\"}}\n", &body[..body.len() - 1]));
    }
    out
}

/// Cases 8 and 11: a 50,000-character text and an `hlc` of 2^63 are
/// refused, naming file and line; typing such a text is refused too.
#[test]
fn an_oversize_text_and_an_impossible_clock_are_refused_with_their_line() {
    let (a, b, folder) = (tmp(), tmp(), tmp());
    let mut sa = home_with_op(a.path(), folder.path(), "x");
    sa.set("visit/a", "other", json!("y")).unwrap();
    sa.sync(folder.path()).unwrap();
    drop(sa);
    let f = folder.path().join(journal(a.path()).file_name().unwrap());
    let text = fs::read_to_string(&f).unwrap();
    let ops: Vec<&str> = text.lines().filter(|l| !l.contains(r#""sig":"#)).collect();
    let long = ops[0].replace(r#""val":"x""#, &format!(r#""val":"{}""#, "ă".repeat(50_000)));
    let hlc = ops[1].split(r#""hlc":["#).nth(1).unwrap().split(']').next().unwrap().to_owned();
    let far = ops[1].replace(&format!(r#""hlc":[{hlc}]"#), r#""hlc":[9223372036854775808,0]"#);
    fs::write(&f, reseal(&format!("{long}\n{far}\n"))).unwrap();
    let mut sb = Store::open(b.path()).unwrap();
    let r = sb.import(folder.path()).unwrap();
    assert_eq!(r.ops_in, 0);
    let msg = r.render(Lang::En);
    assert!(msg.contains("Line 1 of") && msg.contains("longer than 30000 characters"), "{msg}");
    assert!(msg.contains("Line 2 of") && msg.contains("hlc is not a time"), "{msg}");
    let e = sb.set("visit/a", "note", json!("x".repeat(30_001))).unwrap_err();
    assert!(e.message(Lang::Vi).contains("dài quá 30000 ký tự"), "{}", e.message(Lang::Vi));
    assert!(sb.get("visit/a", "note").is_none());
    sb.set("visit/a", "note", json!("x".repeat(30_000))).unwrap();
}

/// Bytes this process has read through system calls so far.
fn read_so_far() -> u64 {
    let io = fs::read_to_string("/proc/self/io").unwrap();
    io.lines().find_map(|l| l.strip_prefix("rchar: ")).unwrap().trim().parse().unwrap()
}

/// The largest peak memory (KiB) of the children waited for so far.
fn children_peak_kib() -> i64 {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage only writes the struct it is given.
    assert_eq!(unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) }, 0);
    u.ru_maxrss
}

/// Issue 9, speed and memory: a 2 GB sparse junk file in the folder costs
/// at most 50 MB more than a folder without it, and is read once.
#[test]
fn a_two_gigabyte_junk_file_costs_little_memory_and_is_read_once() {
    let (a, folder) = (tmp(), tmp());
    drop(home_with_op(a.path(), folder.path(), "x"));
    let sync = |home: &Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sotay"))
            .args(["--lang", "en", "--home"])
            .arg(home)
            .arg("sync")
            .arg(folder.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let base_home = tmp();
    sync(base_home.path());
    let base = children_peak_kib();
    let junk = folder.path().join("0123456789abcdef.2025-11-1.jsonl");
    fs::File::create(&junk).unwrap().set_len(2 << 30).unwrap();
    let home = tmp();
    let text = sync(home.path());
    assert!(text.contains("Ops in: 1") && text.contains("0123456789abcdef.2025-11-1.jsonl"), "{text}");
    let peak = children_peak_kib();
    assert!(peak <= base + 50 * 1024, "peak {peak} KiB with the junk file, {base} KiB without");
    // Read once: an unchanged junk file is not read again.
    let mut s = Store::open(&home.path().join("data").join("store")).unwrap();
    let before = read_so_far();
    let r = s.import(folder.path()).unwrap();
    assert_eq!(r.ops_in, 0);
    let read = read_so_far() - before;
    assert!(read < 1 << 20, "{read} bytes read again");
}
