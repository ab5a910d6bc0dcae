//! A device id that survives cloning (issue 9, cases 1 and 12): a copied
//! home writes under a new id, the two homes agree again, and whatever the
//! id is now, every op this laptop wrote under an earlier one goes out.

mod common;

use serde_json::json;
use sotay::i18n::Lang;
use sotay::store::{MACHINE_ENV, Store, SyncReport, Warning};
use std::collections::BTreeMap;
use std::fs;

use common::copy_dir;
use std::process::Command;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn new_id(r: &SyncReport) -> Option<(Option<String>, String, bool)> {
    r.warnings.iter().find_map(|w| match w {
        Warning::NewDeviceId { old, new, moved } => Some((old.clone(), new.clone(), *moved)),
        _ => None,
    })
}

/// Every value of every field of the entities under `visit/`.
fn state(s: &Store) -> BTreeMap<String, serde_json::Value> {
    let mut out = BTreeMap::new();
    for e in s.entities("visit/") {
        for (f, v) in s.fields(e) {
            out.insert(format!("{e} {f}"), v.value.unwrap_or_default());
        }
    }
    out
}

#[test]
fn a_copied_home_gets_a_new_id_and_both_homes_agree() {
    let (a, folder, place) = (tmp(), tmp(), tmp());
    let mut sa = Store::open(a.path()).unwrap();
    sa.set("visit/a", "note", json!("before the copy")).unwrap();
    sa.sync(folder.path()).unwrap();
    let old = sa.device_id().to_owned();
    drop(sa);
    // `cp -a` of the home to a second laptop (here: another folder).
    let b = place.path().join("copy");
    copy_dir(a.path(), &b);
    let mut sb = Store::open(&b).unwrap();
    assert_ne!(sb.device_id(), old);
    let mut sa = Store::open(a.path()).unwrap();
    assert_eq!(sa.device_id(), old, "the original keeps its id");
    sa.set("visit/a", "from_a", json!(1)).unwrap();
    sb.set("visit/a", "from_b", json!(2)).unwrap();
    let rb = sb.sync(folder.path()).unwrap();
    assert_eq!(new_id(&rb), Some((Some(old.clone()), sb.device_id().to_owned(), true)));
    assert!(rb.render(Lang::En).contains("now writes as the new device"), "{}", rb.render(Lang::En));
    assert!(rb.render(Lang::Vi).contains("mã thiết bị mới"));
    for _ in 0..2 {
        for s in [&mut sa, &mut sb] {
            let r = s.sync(folder.path()).unwrap();
            assert!(
                !r.warnings.iter().any(|w| matches!(w, Warning::RewroteOwnFile { .. } | Warning::Fork { .. })),
                "{:?}",
                r.warnings
            );
        }
    }
    assert_eq!(state(&sa), state(&sb));
    assert_eq!(state(&sa).len(), 3);
    // The new id is told once, not at every sync.
    assert_eq!(new_id(&sb.sync(folder.path()).unwrap()), None);
}

#[test]
fn ops_written_before_device_json_was_lost_still_go_out() {
    let (a, folder, reader) = (tmp(), tmp(), tmp());
    let mut s = Store::open(a.path()).unwrap();
    for i in 0..9 {
        s.set("visit/a", &format!("n{i}"), json!(i)).unwrap();
    }
    let old = s.device_id().to_owned();
    drop(s);
    fs::remove_file(a.path().join("device.json")).unwrap();
    let mut s = Store::open(a.path()).unwrap();
    assert_ne!(s.device_id(), old);
    assert_eq!(s.past_ids(), std::slice::from_ref(&old));
    s.set("visit/a", "after", json!("x")).unwrap();
    let r = s.sync(folder.path()).unwrap();
    assert_eq!(r.ops_out, 10, "{:?}", r);
    assert_eq!(new_id(&r).map(|x| (x.0, x.2)), Some((Some(old.clone()), false)));
    assert!(r.render(Lang::En).contains("device.json went missing"));
    // Signed with the key kept for the old id.
    let old_file = fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(&old))
        .unwrap();
    assert!(fs::read_to_string(&old_file).unwrap().contains(&format!("\"sig\":\"{old}\"")));
    let mut rs = Store::open(reader.path()).unwrap();
    assert_eq!(rs.import(folder.path()).unwrap().ops_in, 10);
    assert_eq!(state(&rs).len(), 10);
    // Without device.key either, the cache still remembers the id.
    let second = s.device_id().to_owned();
    drop(s);
    fs::remove_file(a.path().join("device.json")).unwrap();
    fs::remove_file(a.path().join("device.key")).unwrap();
    let s = Store::open(a.path()).unwrap();
    assert!(s.past_ids().contains(&old) && s.past_ids().contains(&second), "{:?}", s.past_ids());
}

#[test]
fn moving_to_a_new_laptop_loses_nothing_and_says_so() {
    let (home, folder, reader) = (tmp(), tmp(), tmp());
    let sotay = |machine: &str| {
        Command::new(env!("CARGO_BIN_EXE_sotay"))
            .env(MACHINE_ENV, machine)
            .args(["--lang", "en", "--home"])
            .arg(home.path())
            .arg("sync")
            .arg(folder.path())
            .output()
            .unwrap()
    };
    let out = sotay("old laptop");
    assert!(out.status.success());
    let store = home.path().join("data").join("store");
    let mut s = Store::open(&store).unwrap();
    let old = s.device_id().to_owned();
    s.set("visit/a", "note", json!("typed on the old laptop")).unwrap();
    drop(s);
    // The same folder on another machine (the home carried over on a disk).
    let out = sotay("new laptop");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("copied or moved") && text.contains(&format!("was {old}")), "{text}");
    assert!(text.contains("Ops out: 1"), "{text}");
    let mut rs = Store::open(reader.path()).unwrap();
    rs.import(folder.path()).unwrap();
    assert_eq!(rs.get("visit/a", "note").unwrap().value, Some(json!("typed on the old laptop")));
}
