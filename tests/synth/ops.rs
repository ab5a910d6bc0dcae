//! Synthetic op files for benchmarks: many devices, a share of concurrent
//! edits and deletes. Deterministic for a given seed.

use super::Rng;
use sotay::store::hlc::Hlc;
use sotay::store::line::encode;
use sotay::store::op::{Body, Op, OpId};
use std::collections::HashMap;
use std::path::Path;

const ITEMS: [&str; 10] = [
    "petition_backlog",
    "recruitment",
    "cell_meetings",
    "dues",
    "inspection",
    "land_disputes",
    "youth_union",
    "training",
    "records",
    "discipline",
];
const STATUS: [&str; 4] = ["no_change", "improving", "resolved", "worse"];

/// Write `ops` ops spread over `devices` devices into `<dir>/ops/`, one
/// file per device, as a data directory [`sotay::store::Store::open`] can read.
/// About 3% of edits are concurrent with another (a conflict) and 0.5% of
/// ops delete a visit. Returns the number of bytes written.
pub fn generate(dir: &Path, ops: usize, devices: usize, seed: u64) -> std::io::Result<u64> {
    let ops_dir = dir.join("ops");
    std::fs::create_dir_all(&ops_dir)?;
    let mut rng = Rng::new(seed);
    let devs: Vec<String> = (0..devices).map(|_| format!("{:016x}", rng.next_u64())).collect();
    let visits: Vec<String> = (0..devices.max(1) * 20).map(|_| format!("visit/{:016x}", rng.next_u64())).collect();
    let mut fields: Vec<String> = vec!["date".into(), "commune".into()];
    for it in ITEMS {
        for f in ["status", "num/admitted", "note", "followup"] {
            fields.push(format!("item/{it}/{f}"));
        }
    }
    let mut seqs = vec![0u64; devices];
    let mut bufs: Vec<String> = vec![String::new(); devices];
    let mut heads: HashMap<(usize, usize), Vec<OpId>> = HashMap::new();
    let mut visit_fields: HashMap<usize, Vec<usize>> = HashMap::new();
    // Deletes not yet superseded, per visit: they are heads of every field.
    let mut visit_dels: HashMap<usize, Vec<OpId>> = HashMap::new();
    let base = 1_763_850_000_000u64;
    for i in 0..ops {
        let d = i % devices;
        seqs[d] += 1;
        // Devices mostly work on their own group's visits.
        let v = (d * 20 + rng.below(40) as usize) % visits.len();
        let id = OpId::new(&devs[d], seqs[d]);
        let roll = rng.below(1000);
        let (sup, body) = if roll < 5 {
            let fs = visit_fields.remove(&v).unwrap_or_default();
            let mut sup = visit_dels.remove(&v).unwrap_or_default();
            for f in fs {
                sup.extend(heads.remove(&(v, f)).unwrap_or_default());
            }
            visit_dels.insert(v, vec![id.clone()]);
            (sup, Body::Del)
        } else {
            let f = rng.below(fields.len() as u64) as usize;
            let val = match fields[f].rsplit('/').next().unwrap_or("") {
                "status" => serde_json::json!(STATUS[rng.below(4) as usize]),
                "admitted" => serde_json::json!(rng.below(50)),
                "date" => serde_json::json!(format!("2025-11-{:02}", 1 + rng.below(28))),
                _ => serde_json::json!(format!("còn {} việc tồn đọng", rng.below(COMMUNES))),
            };
            let h = heads.entry((v, f)).or_default();
            // ~3% of edits did not see the current value: concurrent.
            let sup = if roll < 35 {
                Vec::new()
            } else {
                let mut s = std::mem::take(h);
                s.extend(visit_dels.remove(&v).unwrap_or_default());
                s
            };
            h.push(id.clone());
            let vf = visit_fields.entry(v).or_default();
            if !vf.contains(&f) {
                vf.push(f);
            }
            (sup, Body::Set { f: fields[f].clone(), val })
        };
        let op = Op {
            dev: devs[d].clone(),
            seq: seqs[d],
            hlc: Hlc::new(base + i as u64 * 7, 0),
            by: format!("m{}", d % 50),
            sup,
            e: visits[v].clone(),
            body,
        };
        bufs[d].push_str(&encode(&op));
    }
    let mut total = 0;
    for (d, b) in bufs.iter().enumerate() {
        std::fs::write(ops_dir.join(format!("{}.2025-11-1.jsonl", devs[d])), b)?;
        total += b.len() as u64;
    }
    Ok(total)
}

/// How many communes the ops name: a visit's `commune` field takes the
/// generic text value of [`generate`], `còn N việc tồn đọng` with N below this.
const COMMUNES: u64 = 20;

/// An assignments file naming the communes the ops of [`generate`] visit,
/// all in one group (`g1`) with the members `m0`..`m49` who recorded them:
/// the largest report one group can ask for from that store (about 12,600
/// visits; the visits with no commune yet belong to no group).
pub fn assignments() -> String {
    let members: Vec<serde_json::Value> = (0..50)
        .map(|m| {
            let role = if m == 0 { "Tổ trưởng" } else { "Thành viên" };
            serde_json::json!({"id": format!("m{m}"), "name": format!("Thành viên số {m}"), "role": role})
        })
        .collect();
    let communes: Vec<serde_json::Value> = (0..COMMUNES)
        .map(|n| {
            serde_json::json!({
                "id": format!("còn {n} việc tồn đọng"),
                "name": format!("Xã Tổng hợp {n}"),
                "assigned": [format!("m{n}")],
                "cells": [{"id": format!("x{n}-1"), "name": format!("Chi bộ thôn {n}"), "members": 30}],
                "weaknesses": [
                    {"code": "petition_backlog", "note": "Đơn thư tồn đọng"},
                    {"code": "recruitment", "note": "Kết nạp chậm", "baseline": {"admitted": 10 + n}}
                ]
            })
        })
        .collect();
    let doc = serde_json::json!({
        "format": "sotay-assignments",
        "version": 1,
        "issued_by": "Ban Tổ chức (dữ liệu sinh)",
        "issued_on": "2025-10-01",
        "groups": [{"id": "g1", "name": "Tổ công tác số 1", "members": members, "communes": communes}]
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
