//! Property: however ops are split into files, ordered, duplicated or cut
//! short, every reader folds the same state from the complete lines, and
//! every op whose line was complete somewhere is present.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};
use sotay::store::{Body, Hlc, Op, OpId, Store, Warning, line};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

const DEVS: [&str; 3] = ["aaaaaaaaaaaaaaa1", "bbbbbbbbbbbbbbb2", "ccccccccccccccc3"];

/// (device, entity, field or 3 = delete, value, which earlier ops it saw)
type Spec = (usize, u8, u8, u8, u64);

fn make_ops(specs: &[Spec]) -> Vec<Op> {
    let mut seqs = [0u64; 3];
    let mut ops: Vec<Op> = Vec::new();
    for (i, &(d, e, f, v, seen)) in specs.iter().enumerate() {
        seqs[d] += 1;
        let ent = format!("visit/{e}");
        let sup = ops
            .iter()
            .enumerate()
            .filter(|(j, o)| o.e == ent && (seen >> (j % 64)) & 1 == 1)
            .map(|(_, o)| o.id())
            .collect();
        ops.push(Op {
            dev: DEVS[d].into(),
            seq: seqs[d],
            // Few distinct stamps, so ties on the stamp happen too.
            hlc: Hlc::new(1_000 + (i as u64 / 3), (i % 2) as u32),
            by: format!("m{d}"),
            sup,
            e: ent,
            body: if f == 3 { Body::Del } else { Body::Set { f: format!("f{f}"), val: json!(v) } },
        });
    }
    ops
}

fn snapshot(s: &Store) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for e in 0..4 {
        let e = format!("visit/{e}");
        for f in 0..3 {
            let f = format!("f{f}");
            let v = s.get(&e, &f).map(|v| {
                let alts: Vec<Value> =
                    v.alternatives.iter().map(|h| json!([h.op.to_string(), h.by, h.value])).collect();
                json!([v.value, v.op.to_string(), v.by, alts])
            });
            let h: Vec<String> = s.history(&e, &f).iter().map(|h| h.op.to_string()).collect();
            out.insert(format!("{e} {f}"), json!([v, h]));
        }
    }
    out.insert("live".into(), json!(s.entities("")));
    out.insert("conflicts".into(), json!(s.conflicts().len()));
    out.insert("ops".into(), json!(s.op_count()));
    out
}

fn fold_dirs(home: &Path, dirs: &[&Path]) -> Store {
    let mut s = Store::open(home).unwrap();
    for d in dirs {
        s.import(d).unwrap();
    }
    s
}

#[derive(Debug)]
struct Plan {
    /// file index of each line
    file_of: Vec<usize>,
    /// per file: (cut point or none, duplicated?, batch of original, batch of copy)
    files: Vec<(Option<Index>, bool, usize, usize)>,
    batch_order: Vec<usize>,
}

fn plan(n: usize) -> impl Strategy<Value = Plan> {
    (
        proptest::collection::vec(0..4usize, n),
        proptest::collection::vec((proptest::option::of(any::<Index>()), any::<bool>(), 0..3usize, 0..3usize), 4),
        Just(vec![0usize, 1, 2]).prop_shuffle(),
    )
        .prop_map(|(file_of, files, batch_order)| Plan { file_of, files, batch_order })
}

fn case() -> impl Strategy<Value = (Vec<Spec>, Plan)> {
    proptest::collection::vec((0..3usize, 0..4u8, 0..4u8, 0..4u8, any::<u64>()), 1..40).prop_flat_map(|specs| {
        let n = specs.len();
        (Just(specs), plan(n))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_split_order_duplication_or_truncation_folds_the_same((specs, plan) in case()) {
        let ops = make_ops(&specs);
        let lines: Vec<String> = ops.iter().map(line::encode).collect();
        let tmp = tempfile::tempdir().unwrap();
        let batches: Vec<_> = (0..3).map(|b| tmp.path().join(format!("batch{b}"))).collect();
        for b in &batches {
            fs::create_dir(b).unwrap();
        }
        let mut complete: BTreeSet<OpId> = BTreeSet::new();
        // A reader refuses a record filed under another device's name, so
        // each planned file holds one device's share of its lines.
        for (k, &(cut, dup, b1, b2)) in plan.files.iter().enumerate() {
            for dev in DEVS {
                let mut text = String::new();
                let mut mine = Vec::new();
                for (i, l) in lines.iter().enumerate() {
                    if plan.file_of[i] == k && ops[i].dev == dev {
                        text.push_str(l);
                        mine.push((text.len(), ops[i].id()));
                    }
                }
                if text.is_empty() {
                    continue;
                }
                let len = cut.map_or(text.len(), |c| c.index(text.len() + 1));
                let bytes = &text.as_bytes()[..len];
                // An op counts only if its whole line, newline included, is there.
                complete.extend(mine.into_iter().filter(|(end, _)| *end <= len).map(|(_, id)| id));
                let stem = format!("{dev}.2025-11-{}", k + 1);
                fs::write(batches[b1].join(format!("{stem}.jsonl")), bytes).unwrap();
                if dup {
                    let copy = batches[b2].join(format!("{stem}.sync-conflict-20251122-101010-ABCDEFG.jsonl"));
                    fs::write(copy, bytes).unwrap();
                }
            }
        }
        // Reference: only the complete ops, once each, in one file, in order.
        let refdir = tmp.path().join("ref");
        fs::create_dir(&refdir).unwrap();
        for dev in DEVS {
            let text: String = ops
                .iter()
                .zip(&lines)
                .filter(|(o, _)| o.dev == dev && complete.contains(&o.id()))
                .map(|(_, l)| l.as_str())
                .collect();
            fs::write(refdir.join(format!("{dev}.2025-11-1.jsonl")), text).unwrap();
        }
        let reference = fold_dirs(&tmp.path().join("home-ref"), &[&refdir]);
        let order: Vec<&Path> = plan.batch_order.iter().map(|&b| batches[b].as_path()).collect();
        let got = fold_dirs(&tmp.path().join("home"), &order);
        prop_assert_eq!(got.op_count(), complete.len());
        prop_assert_eq!(snapshot(&got), snapshot(&reference));
        // Every complete op is retrievable from some field's history.
        let mut seen: BTreeSet<OpId> = BTreeSet::new();
        for e in 0..4 {
            for f in 0..3 {
                seen.extend(got.history(&format!("visit/{e}"), &format!("f{f}")).into_iter().map(|h| h.op));
            }
        }
        // (Deletes show in the history of every field of their entity.)
        prop_assert_eq!(&seen, &complete);
        // Restarting (from the cache) and importing everything again changes nothing.
        let before = snapshot(&got);
        drop(got);
        let mut again = Store::open(&tmp.path().join("home")).unwrap();
        for d in order.iter().rev() {
            prop_assert_eq!(again.import(d).unwrap().ops_in, 0);
        }
        prop_assert_eq!(snapshot(&again), before);
    }
}

/// Ops that collide with the honest ones: (index of an honest op, what the
/// colliding one changes: 0 its value, 1 its field, 2 a delete instead).
type Fork = (usize, u8);

/// Lines for a hostile folder: every honest op, a fork of each op named
/// in `forks`, a clone of device 0 that rewrote its ops after `clone_at`
/// with other values one ms later, and a forged op of device 1 under a
/// "next" id beyond its last. Returns the lines with the device whose
/// file each belongs in, and the forked ids.
fn hostile_lines(ops: &[Op], forks: &[Fork], clone_at: u64) -> (Vec<(String, String)>, BTreeSet<OpId>) {
    let mut out: Vec<(String, String)> = ops.iter().map(|o| (o.dev.clone(), line::encode(o))).collect();
    let mut forked = BTreeSet::new();
    let mut twin = |o: &Op, body: Body, hlc: Hlc| {
        let t = Op { body, hlc, ..o.clone() };
        if t != *o {
            forked.insert(t.id());
            out.push((t.dev.clone(), line::encode(&t)));
        }
    };
    for &(i, how) in forks {
        let o = &ops[i % ops.len()];
        let body = match (how, &o.body) {
            (0, Body::Set { f, .. }) => Body::Set { f: f.clone(), val: json!("forked") },
            (1, _) => Body::Set { f: "f2".into(), val: json!("forged") },
            _ => Body::Del,
        };
        twin(o, body, o.hlc);
    }
    for o in ops.iter().filter(|o| o.dev == DEVS[0] && o.seq > clone_at) {
        let body = match &o.body {
            Body::Set { f, .. } => Body::Set { f: f.clone(), val: json!(format!("clone {}", o.seq)) },
            Body::Del => Body::Set { f: "f0".into(), val: json!("clone") },
        };
        twin(o, body, Hlc::new(o.hlc.ms + 1, o.hlc.c));
    }
    // A forged "next" id of device 1, and the honest op that later takes it.
    let next = ops.iter().filter(|o| o.dev == DEVS[1]).map(|o| o.seq).max().unwrap_or(0) + 1;
    let mk = |val: &str, ms: u64| Op {
        dev: DEVS[1].into(),
        seq: next,
        hlc: Hlc::new(ms, 0),
        by: "m1".into(),
        sup: Vec::new(),
        e: "visit/0".into(),
        body: Body::Set { f: "f1".into(), val: json!(val) },
    };
    let (forged, real) = (mk("forged next", 1), mk("real next", 5_000));
    forked.insert(forged.id());
    out.push((forged.dev.clone(), line::encode(&forged)));
    out.push((real.dev.clone(), line::encode(&real)));
    (out, forked)
}

/// Ops, forks, the clone point, each line's (file, folder), and the order
/// in which each of two homes reads the three folders.
type HostileCase = (Vec<Spec>, Vec<Fork>, u64, Vec<(usize, usize)>, Vec<usize>, Vec<usize>);

fn hostile_case() -> impl Strategy<Value = HostileCase> {
    proptest::collection::vec((0..3usize, 0..4u8, 0..3u8, 0..4u8, any::<u64>()), 1..24).prop_flat_map(|specs| {
        let forks = proptest::collection::vec((0..64usize, 0..3u8), 0..4);
        // Each line's (file, folder); an extra round of the first lines
        // misfiled under another device's name.
        let place = proptest::collection::vec((0..3usize, 0..3usize), 64);
        let order = Just(vec![0usize, 1, 2]).prop_shuffle();
        (Just(specs), forks, 0..12u64, place, order.clone(), order)
    })
}

/// Import `dirs` in order into a fresh home; the state and every warning said.
fn import_all(home: &Path, dirs: &[&Path]) -> (Store, Vec<Warning>) {
    let mut s = Store::open(home).unwrap();
    let mut said = Vec::new();
    for d in dirs {
        said.extend(s.import(d).unwrap().warnings);
    }
    (s, said)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Forks, a cloned laptop, a forged "next" id and lines misfiled under
    /// another device: two homes reading the same files in different orders
    /// fold the same state, keep every distinct op, and each says which ids
    /// forked; a misfiled line is refused and said.
    #[test]
    fn forks_clones_and_forged_ids_fold_the_same_in_any_order_and_are_said(
        (specs, forks, clone_at, place, order_a, order_b) in hostile_case()
    ) {
        let ops = make_ops(&specs);
        let (lines, forked) = hostile_lines(&ops, &forks, clone_at);
        let tmp = tempfile::tempdir().unwrap();
        let dirs: Vec<_> = (0..3).map(|b| tmp.path().join(format!("dir{b}"))).collect();
        for d in &dirs {
            fs::create_dir(d).unwrap();
        }
        let mut files: BTreeMap<std::path::PathBuf, String> = BTreeMap::new();
        for (i, (dev, l)) in lines.iter().enumerate() {
            let (k, d) = place[i % place.len()];
            files.entry(dirs[d].join(format!("{dev}.2025-11-{}.jsonl", k + 1))).or_default().push_str(l);
        }
        // Misfiled: the first line again, in another device's file.
        let (dev0, l0) = &lines[0];
        let other = DEVS.iter().find(|d| *d != dev0).unwrap();
        let misfiled = dirs[2].join(format!("{other}.2025-12-1.jsonl"));
        files.entry(misfiled.clone()).or_default().push_str(l0);
        for (p, text) in &files {
            fs::write(p, text).unwrap();
        }
        let distinct: BTreeSet<&str> = lines.iter().map(|(_, l)| l.as_str()).collect();
        let in_order = |o: &[usize]| o.iter().map(|&b| dirs[b].as_path()).collect::<Vec<&Path>>();
        let (a, said_a) = import_all(&tmp.path().join("a"), &in_order(&order_a));
        let (b, said_b) = import_all(&tmp.path().join("b"), &in_order(&order_b));
        prop_assert_eq!(a.op_count(), distinct.len());
        prop_assert_eq!(snapshot(&a), snapshot(&b));
        for said in [&said_a, &said_b] {
            for id in &forked {
                let told = said.iter().any(|w| matches!(w,
                    Warning::Fork { device, seq, .. } if *device == id.dev && *seq == id.seq));
                prop_assert!(told, "fork {} not said: {:?}", id, said);
            }
            let refused = said.iter().any(|w| matches!(w, Warning::ForeignOp { file, .. } if *file == misfiled));
            prop_assert!(refused, "misfiled line not said: {:?}", said);
        }
        // Folded again from the local copies alone (no cache): the same.
        let before = snapshot(&a);
        drop(a);
        fs::remove_file(tmp.path().join("a").join("cache.bin")).unwrap();
        let again = Store::open(&tmp.path().join("a")).unwrap();
        prop_assert_eq!(snapshot(&again), before);
        let forks_again = again.warnings().iter().filter(|w| matches!(w, Warning::Fork { .. })).count();
        prop_assert!(forks_again >= forked.len());
    }
}
