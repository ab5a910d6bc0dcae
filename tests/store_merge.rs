//! Property: however ops are split into files, ordered, duplicated or cut
//! short, every reader folds the same state from the complete lines, and
//! every op whose line was complete somewhere is present.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};
use sotay::store::{Body, Hlc, Op, OpId, Store, line};
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
