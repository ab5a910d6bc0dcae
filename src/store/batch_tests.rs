//! Batches: a kill at any byte of a batch's write leaves all of it or none,
//! for the owner and for any reader of its files.

use super::*;
use serde_json::json;

const FIELDS: [&str; 5] = ["commune", "group", "date", "members", "cells"];

fn batch() -> Vec<(&'static str, &'static str, Value)> {
    FIELDS.iter().enumerate().map(|(i, f)| ("b/x", *f, json!(i))).collect()
}

fn journal(dir: &Path) -> PathBuf {
    let mut v: Vec<PathBuf> = fs::read_dir(dir.join(OPS_DIR)).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(v.len(), 1);
    v.remove(0)
}

/// How many of the batch's fields a store shows; must be all or none.
fn shown(s: &Store) -> usize {
    let n = FIELDS.iter().filter(|f| s.get("b/x", f).is_some_and(|v| v.value.is_some())).count();
    assert!(n == 0 || n == FIELDS.len(), "{n} of {} fields of a batch", FIELDS.len());
    n
}

#[test]
fn a_batch_is_one_append_with_consecutive_seqs() {
    let d = tempfile::tempdir().unwrap();
    let mut s = Store::open(d.path()).unwrap();
    s.set("v/0", "a", json!(0)).unwrap();
    let ids = s.set_many(&batch()).unwrap();
    let dev = s.device_id().to_owned();
    assert_eq!(ids, (2..=6).map(|q| OpId::new(&dev, q)).collect::<Vec<_>>());
    let text = fs::read_to_string(journal(d.path())).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6);
    for (i, l) in lines[1..].iter().enumerate() {
        let more = 4 - i;
        assert_eq!(l.contains(&format!(",\"more\":{more},")), more > 0, "{l}");
    }
    // A field named twice: the later value, no conflict.
    s.set_many(&[("v/0", "a", json!(1)), ("v/0", "a", json!(2))]).unwrap();
    assert_eq!(s.get("v/0", "a").unwrap().value, Some(json!(2)));
    assert!(s.conflicts().is_empty());
}

#[test]
fn a_kill_at_any_byte_of_a_batch_leaves_all_or_nothing() {
    let src = tempfile::tempdir().unwrap();
    let before;
    {
        let mut s = Store::open(src.path()).unwrap();
        s.set("v/0", "a", json!(0)).unwrap();
        before = fs::metadata(journal(src.path())).unwrap().len() as usize;
        s.set_many(&batch()).unwrap();
    }
    let full = fs::read(journal(src.path())).unwrap();
    let name = journal(src.path()).file_name().unwrap().to_owned();
    let device = fs::read(src.path().join(DEVICE_FILE)).unwrap();
    let mut complete = 0;
    for cut in before..=full.len() {
        let d = tempfile::tempdir().unwrap();
        fs::create_dir(d.path().join(OPS_DIR)).unwrap();
        fs::write(d.path().join(DEVICE_FILE), &device).unwrap();
        fs::write(d.path().join(OPS_DIR).join(&name), &full[..cut]).unwrap();
        // A reader that cannot seal sees all or nothing.
        let r = Store::open_read_only(d.path()).unwrap();
        let seen = shown(&r);
        assert_eq!(seen > 0, cut == full.len(), "cut at {cut}");
        drop(r);
        // The owner cuts the unfinished batch off and goes on without a fork.
        let mut s = Store::open(d.path()).unwrap();
        assert_eq!(shown(&s), seen);
        let cut_off = s.warnings().iter().any(|w| matches!(w, Warning::SealedTail { .. }));
        assert_eq!(cut_off, cut > before && cut < full.len(), "cut at {cut}");
        s.set_many(&[("visit/y", "date", json!("d"))]).unwrap();
        let ops = s.op_count();
        drop(s);
        fs::remove_file(d.path().join(CACHE_FILE)).unwrap();
        let s = Store::open(d.path()).unwrap();
        assert_eq!(s.op_count(), ops);
        assert_eq!(shown(&s), seen);
        assert!(s.warnings().is_empty(), "cut at {cut}: {:?}", s.warnings());
        complete += usize::from(seen > 0);
    }
    assert_eq!(complete, 1);
}

#[test]
fn a_folder_file_ending_in_half_a_batch_is_read_again_once_complete() {
    let (a, b, folder) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut sa = Store::open(a.path()).unwrap();
    sa.set("v/0", "a", json!(0)).unwrap();
    sa.set_many(&batch()).unwrap();
    sa.sync(folder.path()).unwrap();
    let file = journal(a.path());
    let out = folder.path().join(file.file_name().unwrap());
    let full = fs::read(&out).unwrap();
    // A syncer that has copied the file halfway, ending on a line break.
    let lines: Vec<usize> = memchr::memchr_iter(b'\n', &full).collect();
    fs::write(&out, &full[..=lines[3]]).unwrap();
    let mut sb = Store::open(b.path()).unwrap();
    let r = sb.import(folder.path()).unwrap();
    assert_eq!(r.ops_in, 1);
    assert_eq!(shown(&sb), 0);
    fs::write(&out, &full).unwrap();
    let r = sb.import(folder.path()).unwrap();
    assert_eq!(r.ops_in, 5);
    assert_eq!(shown(&sb), FIELDS.len());
}
