//! Tests of the fold: order, duplicates, conflicts, deletes, views.

use super::super::hlc::Hlc;
use super::super::line::{decode, encode};
use super::super::op::{Body, Op};
use super::*;
use serde_json::json;

fn set(dev: &str, seq: u64, ms: u64, sup: &[(&str, u64)], e: &str, f: &str, v: Value) -> String {
    encode(&Op {
        dev: dev.into(),
        seq,
        hlc: Hlc::new(ms, 0),
        by: format!("m-{dev}"),
        sup: sup.iter().map(|(d, s)| OpId::new(d, *s)).collect(),
        e: e.into(),
        body: Body::Set { f: f.into(), val: v },
    })
}

fn del(dev: &str, seq: u64, ms: u64, sup: &[(&str, u64)], e: &str) -> String {
    encode(&Op {
        dev: dev.into(),
        seq,
        hlc: Hlc::new(ms, 0),
        by: String::new(),
        sup: sup.iter().map(|(d, s)| OpId::new(d, *s)).collect(),
        e: e.into(),
        body: Body::Del,
    })
}

fn fold(lines: &[&String]) -> State {
    let mut s = State::default();
    for (i, l) in lines.iter().enumerate() {
        let op = decode(l.trim_end().as_bytes()).unwrap();
        s.apply(&op, 0, i as u64);
    }
    s
}

#[test]
fn sequential_edits_settle_on_the_last() {
    let a1 = set("a", 1, 10, &[], "v/1", "x", json!(1));
    let a2 = set("a", 2, 20, &[("a", 1)], "v/1", "x", json!(2));
    for order in [[&a1, &a2], [&a2, &a1]] {
        let s = fold(&order);
        let v = s.view("v/1", "x").unwrap();
        assert_eq!(v.value, Some(json!(2)));
        assert!(!v.in_conflict());
        assert_eq!(v.by, "m-a");
        assert_eq!(s.conflicts(), vec![]);
        assert_eq!(s.history_locs("v/1", "x").len(), 2);
    }
}

#[test]
fn concurrent_sets_conflict_and_resolve_clears_it() {
    let base = set("a", 1, 10, &[], "v/1", "x", json!("old"));
    let a = set("a", 2, 20, &[("a", 1)], "v/1", "x", json!("mine"));
    let b = set("b", 1, 15, &[("a", 1)], "v/1", "x", json!("theirs"));
    let s = fold(&[&b, &a, &base]);
    let v = s.view("v/1", "x").unwrap();
    assert!(v.in_conflict());
    // Provisional winner: highest stamp.
    assert_eq!(v.value, Some(json!("mine")));
    assert_eq!(v.alternatives.len(), 2);
    assert_eq!(v.alternatives[1].value, Some(json!("theirs")));
    let c = s.conflicts();
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].entity.as_str(), c[0].field.as_str()), ("v/1", "x"));
    assert_eq!(s.conflict_count(), 1);
    let sup = s.sup_for_set("v/1", "x");
    assert_eq!(sup, vec![OpId::new("a", 2), OpId::new("b", 1)]);

    let r = set("b", 2, 30, &[("a", 2), ("b", 1)], "v/1", "x", json!("theirs"));
    let s = fold(&[&r, &b, &a, &base]);
    let v = s.view("v/1", "x").unwrap();
    assert!(!v.in_conflict());
    assert_eq!(v.value, Some(json!("theirs")));
    assert!(s.conflicts().is_empty());
}

#[test]
fn equal_stamps_tie_break_on_device() {
    let a = set("a", 1, 10, &[], "v", "x", json!("A"));
    let b = set("b", 1, 10, &[], "v", "x", json!("B"));
    for order in [[&a, &b], [&b, &a]] {
        assert_eq!(fold(&order).view("v", "x").unwrap().value, Some(json!("B")));
    }
}

#[test]
fn concurrent_equal_values_are_not_a_conflict() {
    let a = set("a", 1, 10, &[], "v", "x", json!({"k": 1, "j": 2}));
    let b = set("b", 1, 11, &[], "v", "x", json!({"j": 2, "k": 1}));
    let s = fold(&[&a, &b]);
    assert!(!s.view("v", "x").unwrap().in_conflict());
    assert!(s.conflicts().is_empty());
    // Both are still heads: the next edit supersedes both.
    assert_eq!(s.sup_for_set("v", "x").len(), 2);
}

#[test]
fn delete_then_nothing_hides_entity() {
    let a1 = set("a", 1, 10, &[], "v/1", "x", json!(1));
    let a2 = set("a", 2, 11, &[], "v/1", "y", json!(2));
    let d = del("a", 3, 12, &[("a", 1), ("a", 2)], "v/1");
    let keep = set("a", 4, 13, &[], "v/2", "x", json!(3));
    let s = fold(&[&d, &keep, &a2, &a1]);
    assert_eq!(s.entities("v/"), vec!["v/2"]);
    assert_eq!(s.view("v/1", "x").unwrap().value, None);
    assert!(s.fields("v/1").is_empty());
    assert!(s.conflicts().is_empty());
    assert_eq!(s.history_locs("v/1", "x").len(), 2);
}

#[test]
fn delete_concurrent_with_edit_is_a_conflict() {
    let a1 = set("a", 1, 10, &[], "v/1", "x", json!(1));
    let a2 = set("a", 2, 11, &[], "v/1", "y", json!(2));
    let d = del("a", 3, 20, &[("a", 1), ("a", 2)], "v/1");
    let b = set("b", 1, 15, &[("a", 1)], "v/1", "x", json!(9));
    let s = fold(&[&b, &d, &a1, &a2]);
    assert_eq!(s.entities("v/"), vec!["v/1"]);
    let v = s.view("v/1", "x").unwrap();
    assert!(v.in_conflict());
    assert_eq!(v.value, None, "the later delete wins provisionally");
    assert_eq!(v.alternatives[1].value, Some(json!(9)));
    let c = s.conflicts();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].field, "x");
    // y only has the tombstone: not shown among live fields.
    let f = s.fields("v/1");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].0, "x");
    // Deleting again supersedes everything.
    assert_eq!(s.sup_for_delete("v/1"), vec![OpId::new("a", 3), OpId::new("b", 1)]);
    let d2 = del("b", 2, 30, &[("a", 3), ("b", 1)], "v/1");
    let s = fold(&[&b, &d, &a1, &a2, &d2]);
    assert!(s.entities("v/").is_empty());
    assert!(s.conflicts().is_empty());
}

#[test]
fn concurrent_deletes_agree() {
    let a1 = set("a", 1, 10, &[], "v", "x", json!(1));
    let d1 = del("a", 2, 20, &[("a", 1)], "v");
    let d2 = del("b", 1, 21, &[("a", 1)], "v");
    let s = fold(&[&a1, &d1, &d2]);
    assert!(s.entities("").is_empty());
    assert!(s.conflicts().is_empty());
}

#[test]
fn duplicates_count_once_and_superseded_before_seen_works() {
    let a1 = set("a", 1, 10, &[], "v", "x", json!(1));
    let a2 = set("a", 2, 20, &[("a", 1)], "v", "x", json!(2));
    let s = fold(&[&a2, &a2, &a1, &a1, &a2]);
    assert_eq!(s.op_count(), 2);
    assert_eq!(s.view("v", "x").unwrap().value, Some(json!(2)));
    assert!(s.conflicts().is_empty());
    assert_eq!(s.max_seq("a"), 2);
    let crc = |line: &str| decode(line.trim_end().as_bytes()).unwrap().crc;
    assert_eq!(s.known("a", 1, crc(&a1)), Known::Same);
    assert!(matches!(s.known("a", 1, crc(&a2)), Known::Fork { .. }));
    assert_eq!(s.known("a", 3, 0), Known::No);
    assert_eq!(s.known("z", 1, 0), Known::No);
}

#[test]
fn prefix_listing_is_sorted_and_exact() {
    let ops: Vec<String> = ["visit/b", "fu/1", "visit/a", "visitor/x", "visit/c"]
        .iter()
        .enumerate()
        .map(|(i, e)| set("a", i as u64 + 1, 1, &[], e, "f", json!(i)))
        .collect();
    let refs: Vec<&String> = ops.iter().collect();
    let s = fold(&refs);
    assert_eq!(s.entities("visit/"), vec!["visit/a", "visit/b", "visit/c"]);
    assert_eq!(s.entities("").len(), 5);
    assert!(s.entities("zzz").is_empty());
}

#[test]
fn a_fork_keeps_both_ops_in_any_order_and_one_supersede_settles_both() {
    let x = set("a", 1, 10, &[], "v", "x", json!("one"));
    let y = set("a", 1, 10, &[], "v", "x", json!("other"));
    let views: Vec<_> = [[&x, &y], [&y, &x]]
        .iter()
        .map(|order| {
            let s = fold(order);
            assert_eq!(s.op_count(), 2);
            assert_eq!(s.conflicts().len(), 1);
            s.view("v", "x").unwrap()
        })
        .collect();
    assert_eq!(views[0], views[1]);
    assert_eq!(views[0].alternatives.len(), 2);
    // An op that saw `a:1` supersedes both versions, whatever came first.
    let z = set("b", 1, 20, &[("a", 1)], "v", "x", json!("settled"));
    for order in [[&x, &z, &y], [&z, &y, &x], [&y, &x, &z]] {
        let s = fold(&order);
        assert!(s.conflicts().is_empty());
        assert_eq!(s.view("v", "x").unwrap().value, Some(json!("settled")));
    }
}
