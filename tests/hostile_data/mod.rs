//! Hostile strings and the data that carries them: escape and CSI
//! sequences, an OSC title change, C1 controls, bidi overrides, zero-width
//! characters, 10,000-character names and emoji, in an assignments file, a
//! checklist template and recorded findings. Shared by the drawn-cell
//! checks (hostile.rs) and the raw-byte checks in a real terminal
//! (hostile_terminal.rs).

#![allow(dead_code)]

use std::path::Path;

use serde_json::{Value, json};
use sotay::findings::{self, Status};
use sotay::store::Store;

pub const CSI: &str = "\u{1b}[2J\u{1b}[31mĐỏ\u{1b}[0m";
pub const OSC: &str = "\u{1b}]0;pwned\u{7}";
pub const C1: &str = "\u{9b}31m\u{85}\u{8d}";
pub const BIDI: &str = "\u{202e}ệX\u{202c}\u{2066}y\u{2069}";
pub const ZERO: &str = "a\u{200b}b\u{200d}c\u{feff}d\u{2060}";
pub const EMOJI: &str = "🇻🇳 Đoàn Kết 👨‍👩‍👧 ✅ 🏳️‍🌈";

pub fn long() -> String {
    let s: String = "Rất Dài ".repeat(1_250);
    assert_eq!(s.chars().count(), 10_000);
    s
}

/// A character that must never reach a terminal cell.
pub fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

pub fn hostile_json() -> Value {
    let long = long();
    let cell = |id: &str, name: String| json!({"id": id, "name": name, "members": 30, "assigned": ["m1"]});
    let weak = |note: String| json!([{"code": "petition_backlog", "note": note, "baseline": {"resolution_rate": 70}}, {"code": "recruitment"}]);
    json!({
        "format": "sotay-assignments", "version": 1, "issued_by": format!("{OSC}Ban {CSI}"),
        "groups": [{
            "id": "g", "name": format!("Tổ {OSC}{BIDI}"),
            "members": [
                {"id": "m1", "name": format!("Nguyễn {EMOJI}"), "role": format!("{C1}Tổ trưởng")},
                {"id": "m2", "name": format!("Trần {CSI}{C1}")},
                {"id": "m3", "name": format!("Lê {long}")},
            ],
            "communes": [
                {"id": "c1", "name": format!("Xã {CSI}"), "assigned": ["m1"],
                 "contacts": [{"name": format!("\u{7}Bell{ZERO}"), "phone": "\u{1b}[H0912"}],
                 "cells": [cell("c1-t1", format!("Chi bộ {OSC}")), cell("c1-t2", format!("Chi bộ {EMOJI}"))],
                 "weaknesses": weak(format!("Ghi chú {CSI}{OSC}"))},
                {"id": "c2", "name": format!("Xã {long}"), "assigned": ["m1", "m3"],
                 "cells": [cell("c2-t1", long.clone())], "weaknesses": weak(long.clone())},
                {"id": "c3", "name": format!("Xã {EMOJI}"), "assigned": ["m1"],
                 "cells": [cell("c3-t1", format!("{BIDI}{ZERO}"))], "weaknesses": weak(EMOJI.into())},
                {"id": "c4", "name": format!("Xã {BIDI}{ZERO}{C1}"), "assigned": ["m1"],
                 "weaknesses": weak(format!("{BIDI}{C1}"))},
            ]
        }]
    })
}

pub fn hostile_note() -> String {
    format!("Dòng 1 {CSI}\nDòng 2 {OSC}{C1}\n{BIDI} {ZERO}\n{EMOJI}\n{}", long())
}

/// One visit per commune, each with a hostile note and follow-up, written
/// through the library as another device's sync would bring them.
pub fn record(store_dir: &Path) {
    let mut s = Store::open(store_dir).unwrap();
    let members: Vec<String> = ["m1", "m2", "m3"].map(String::from).to_vec();
    for (i, c) in ["c1", "c2", "c3", "c4"].iter().enumerate() {
        let cells = vec![format!("{c}-t1")];
        let v = findings::start_visit(&mut s, "g", c, &format!("2026-0{}-10", i + 1), &members, &cells).unwrap();
        findings::set_status(&mut s, &v, "petition_backlog", Status::Worse).unwrap();
        let e = findings::visit_entity(&v);
        s.set(&e, &findings::ItemField::Note.of("petition_backlog"), json!(hostile_note())).unwrap();
        s.set(&e, &findings::ItemField::Number("received".to_string()).of("petition_backlog"), json!(12)).unwrap();
        let what = format!("Việc {CSI}{EMOJI}\n{}", long());
        let who = format!("{OSC}{BIDI}Người");
        findings::add_follow_up(&mut s, &v, c, "petition_backlog", &what, &who, Some("2026-01-01")).unwrap();
    }
}

/// A checklist template extending the built-in one with two items whose
/// labels and number labels, in both languages, are hostile.
pub fn hostile_checklist() -> Value {
    json!({
        "format": "sotay-checklist", "version": 1, "extends": "builtin",
        "items": [
            {"code": "hostile_one",
             "label": {"vi": format!("Mục {OSC}{CSI}"), "en": format!("Item {BIDI}{C1}")},
             "numbers": [
                 {"key": "n", "label": {"vi": format!("Số {ZERO}{OSC}"), "en": format!("N {CSI}")}},
                 {"key": "m", "label": {"vi": long(), "en": format!("{EMOJI}{C1}")}}]},
            {"code": "hostile_two", "label": {"vi": format!("{BIDI}{}", long()), "en": format!("{EMOJI}{ZERO}")}},
        ]
    })
}
