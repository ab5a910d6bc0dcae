//! Two real Syncthing instances on 127.0.0.1 carry op files between two
//! sotay homes that write concurrently, including to the same field.
//!
//! Needs the `syncthing` binary (Debian package `syncthing`). Without it the
//! test fails, unless `SOTAY_SKIP_SYNCTHING=1` says to skip it.

mod syncthing;

use serde_json::{Value, json};
use sotay::i18n::Lang;
use syncthing::*;

#[test]
fn two_syncthing_instances_carry_ops_both_ways() {
    let Some(Laptops { root: _root, mut instances, folders, mut a, mut b }) = two_laptops() else { return };
    a.set_author("lan");
    b.set_author("minh");
    // Concurrent edits: neither has seen the other's.
    a.set("visit/1", "item/petition_backlog/status", json!("worse")).unwrap();
    b.set("visit/1", "item/petition_backlog/status", json!("improving")).unwrap();
    let mut expected = 2;
    for i in 0..10 {
        a.set(&format!("visit/a{i}"), "date", json!(format!("2025-11-{:02}", i + 1))).unwrap();
        b.set(&format!("visit/b{i}"), "date", json!(format!("2025-11-{:02}", i + 1))).unwrap();
        expected += 2;
    }
    a.sync(&folders[0]).unwrap();
    b.sync(&folders[1]).unwrap();

    let converged = rounds_until(&mut instances, |round| {
        // Keep writing on both sides while the files travel.
        if round < 5 {
            a.set(&format!("fu/a{round}"), "text", json!(format!("a {round}"))).unwrap();
            b.set(&format!("fu/b{round}"), "text", json!(format!("b {round}"))).unwrap();
            expected += 2;
            a.sync(&folders[0]).unwrap();
            b.sync(&folders[1]).unwrap();
        } else {
            a.import(&folders[0]).unwrap();
            b.import(&folders[1]).unwrap();
        }
        a.op_count() == expected && b.op_count() == expected && snapshot(&a) == snapshot(&b)
    });
    if !converged {
        panic!(
            "no convergence within {CONVERGE:?} (or syncthing exited): a has {} ops, b has {}, expected {expected}\n{}\n{}",
            a.op_count(),
            b.op_count(),
            a.warnings().iter().map(|w| w.message(Lang::En)).collect::<Vec<_>>().join("\n"),
            all_logs(&instances)
        );
    }
    let c = a.conflicts();
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c, b.conflicts());
    let mut vals: Vec<Value> = c[0].heads.iter().filter_map(|h| h.value.clone()).collect();
    vals.sort_by_key(|v| v.to_string());
    assert_eq!(vals, vec![json!("improving"), json!("worse")]);
    assert_eq!(a.entities("visit/").len(), 21);
    assert_eq!(b.entities("fu/").len(), 10);

    stop_all(&mut instances);
}
