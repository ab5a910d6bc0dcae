//! Every reader of outside bytes, fed arbitrary bytes and mutations of
//! valid input: none panics, each answers with a clear error.
//!
//! The assignments loader also has `tests/loader_props.rs` (arbitrary
//! bytes, byte flips, truncation); here it gets mutations that keep the
//! JSON valid but put hostile values where the schema expects others.
//! The custom checklist template loader gets the same three treatments:
//! arbitrary bytes, byte flips of the shipped template, hostile values.

use proptest::prelude::*;
use serde_json::{Value, json};
use sotay::store::line::{self, LineError};
use sotay::store::{Body, Hlc, Op, OpId, Store, Warning};

const DEV: &str = "a1b2c3d4e5f60718";

fn sample(seq: u64, value: Value) -> Op {
    Op {
        dev: DEV.into(),
        seq,
        hlc: Hlc { ms: 1_763_850_000_000, c: 3 },
        by: "nva".into(),
        sup: vec![OpId::new(DEV, seq.max(2) - 1)],
        e: "visit/3f9a00000000".into(),
        // A field the findings schema does not name, so any value is the
        // line format's business alone (tests/schema_values.rs checks kinds).
        body: Body::Set { f: "item/petitions/extra".into(), val: value },
    }
}

/// Gives `body` (a line without its crc member, ending in `}`) a correct
/// crc, so a mutation reaches the JSON and op checks behind the checksum.
fn seal(body: &[u8]) -> Vec<u8> {
    let head = body.strip_suffix(b"}").unwrap_or(body);
    let mut h = crc32fast::Hasher::new();
    h.update(head);
    h.update(b"}");
    let mut out = head.to_vec();
    out.extend_from_slice(format!(",\"crc\":\"{:08x}\"}}", h.finalize()).as_bytes());
    out
}

/// A valid line without its crc member (and without the newline).
fn unsealed(op: &Op) -> Vec<u8> {
    let line = line::encode(op);
    let line = line.trim_end_matches('\n');
    let cut = line.rfind(",\"crc\":").unwrap();
    let mut b = line.as_bytes()[..cut].to_vec();
    b.push(b'}');
    b
}

/// Whatever `decode` says about `bytes`: no panic, an error that reads as
/// a sentence, and an accepted op that survives a round trip.
fn check_line(bytes: &[u8]) -> Result<(), TestCaseError> {
    match line::decode(bytes) {
        Ok(op) => {
            let op = op.to_op();
            let again = line::encode(&op);
            let back = line::decode(again.trim_end_matches('\n').as_bytes());
            prop_assert!(back.is_ok(), "re-encoded op rejected: {again}");
            prop_assert_eq!(back.unwrap().to_op(), op);
        }
        Err(e) => {
            let msg = e.to_string();
            prop_assert!(msg.len() > 8 && !msg.contains('\n'), "unclear error {msg:?}");
        }
    }
    Ok(())
}

/// Hostile but valid JSON: wrong types, extremes, deep nesting.
fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!(-1)),
        Just(json!(u64::MAX)),
        Just(json!(i64::MIN)),
        Just(json!(1.5e300)),
        Just(json!("")),
        Just(json!("\u{1b}[2J\u{9b}31m\u{202e}\u{200b}🏳️‍🌈")),
        Just(json!([[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]])),
        Just(json!({"nested": {"x": [1, "2", null]}})),
        Just(Value::String("x".repeat(10_000))),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        ".{0,40}".prop_map(Value::String),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn op_line_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_line(&bytes)?;
    }

    /// Byte flips in a valid line: the checksum catches every one.
    #[test]
    fn op_line_flipped_bytes(flips in proptest::collection::vec((any::<prop::sample::Index>(), 1..=255u8), 1..4)) {
        let line = line::encode(&sample(7, json!(20)));
        let original = line.trim_end_matches('\n').as_bytes();
        let mut bytes = original.to_vec();
        for (at, x) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= x;
        }
        // Two flips of one byte by the same mask give the line back unharmed.
        prop_assume!(bytes != original);
        check_line(&bytes)?;
        prop_assert!(line::decode(&bytes).is_err(), "a damaged line was accepted");
    }

    /// Edits behind a correct checksum: the JSON and op checks answer.
    #[test]
    fn op_line_resealed_edits(
        cut in any::<prop::sample::Index>(),
        len in 0..30usize,
        insert in proptest::collection::vec(prop::sample::select(b"{}[]\",:0123456789-.eE\\nulltruefalse \x00\xff".to_vec()), 0..12),
    ) {
        let body = unsealed(&sample(9, json!({"a": [1, 2]})));
        let at = cut.index(body.len());
        let mut edited = body[..at].to_vec();
        edited.extend_from_slice(&insert);
        edited.extend_from_slice(&body[(at + len).min(body.len())..]);
        check_line(&seal(&edited))?;
    }

    /// Any op the writer can make is read back unchanged.
    #[test]
    fn op_line_round_trip(
        seq in 1..=u64::from(u32::MAX),
        ms in 0..=line::MAX_HLC_MS,
        c in any::<u32>(),
        by in ".{0,20}",
        e in ".{1,30}",
        f in ".{1,30}",
        val in hostile_value(),
        del in any::<bool>(),
    ) {
        let op = Op {
            dev: DEV.into(),
            seq,
            hlc: Hlc { ms, c },
            by,
            sup: vec![OpId::new("ffffffffffffffff", 1)],
            e,
            body: if del { Body::Del } else { Body::Set { f, val } },
        };
        let text = line::encode(&op);
        prop_assert!(text.ends_with('\n') && !text[..text.len() - 1].contains('\n'));
        let back = line::decode(text.trim_end_matches('\n').as_bytes());
        prop_assert!(back.is_ok(), "{:?} on {}", back.err(), text);
        let back = back.unwrap().to_op();
        // Floats may print shorter than they were built; compare as written.
        prop_assert_eq!(line::encode(&back), text);
    }

    /// A whole op file of valid, damaged and random lines, opened by the
    /// store: no panic; every complete line is applied or named in a
    /// warning with its line number; the torn tail is sealed.
    #[test]
    fn op_file_in_a_store(
        lines in proptest::collection::vec((0..4u8, any::<u64>(), hostile_value(), proptest::collection::vec(any::<u8>(), 0..60)), 1..20),
        tail in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let ops = dir.path().join("ops");
        std::fs::create_dir_all(&ops).unwrap();
        let mut file = Vec::new();
        let mut bad = Vec::new();
        let mut good = 0u64;
        for (i, (kind, n, val, junk)) in lines.into_iter().enumerate() {
            let seq = i as u64 + 1;
            let mut l = match kind {
                0 | 1 => line::encode(&Op { hlc: Hlc { ms: n, c: (n >> 40) as u32 }, ..sample(seq, val) }).into_bytes(),
                2 => { let mut b = seal(&unsealed(&sample(seq, val))); b.truncate(b.len() / 2 + junk.len()); b }
                _ => junk.clone(),
            };
            // One line each, whatever the junk held.
            l.retain(|b| *b != b'\n');
            l.push(b'\n');
            if line::decode(&l[..l.len() - 1]).is_ok() { good += 1 } else { bad.push(i as u64 + 1) }
            file.extend_from_slice(&l);
        }
        let mut tail = tail;
        tail.retain(|b| *b != b'\n');
        file.extend_from_slice(&tail);
        std::fs::write(ops.join(format!("{DEV}.2025-11-1.jsonl")), &file).unwrap();
        let store = Store::open(dir.path());
        prop_assert!(store.is_ok(), "{:?}", store.err().map(|e| e.to_string()));
        let store = store.unwrap();
        prop_assert_eq!(store.op_count() as u64, good);
        let mut warned: Vec<u64> = store
            .warnings()
            .iter()
            .filter_map(|w| match w {
                Warning::BadLine { line, .. } | Warning::NewerVersion { line, .. } => Some(*line),
                _ => None,
            })
            .collect();
        warned.sort_unstable();
        prop_assert_eq!(warned, bad);
        let sealed = store.warnings().iter().any(|w| matches!(w, Warning::SealedTail { .. }));
        prop_assert_eq!(sealed, !tail.is_empty());
        for w in store.warnings() {
            let _ = w.message(sotay::i18n::Lang::Vi);
        }
    }
}

fn load(sources: &[(String, Vec<u8>)]) -> sotay::assignments::Outcome {
    sotay::assignments::load_sources(sources, sotay::checklist::builtin())
}

/// Every value of a JSON document, by path, to replace one of them.
fn paths(v: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                at.push(k.clone());
                paths(x, at, out);
                at.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                at.push(i.to_string());
                paths(x, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn replace(v: &mut Value, path: &[String], with: Value) {
    let mut cur = v;
    for p in path {
        cur = match cur {
            Value::Object(m) => m.get_mut(p).unwrap(),
            Value::Array(a) => &mut a[p.parse::<usize>().unwrap()],
            _ => unreachable!("paths only lead through containers"),
        };
    }
    *cur = with;
}

fn example() -> Value {
    serde_json::from_slice(include_bytes!("data/binh-son.json")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A hostile value anywhere in a valid document: problems that name
    /// the file and a position, or a clean load; never a panic.
    #[test]
    fn assignments_hostile_value_anywhere(which in any::<prop::sample::Index>(), with in hostile_value(), pretty in any::<bool>()) {
        let mut doc = example();
        let mut all = Vec::new();
        paths(&doc, &mut Vec::new(), &mut all);
        let path = &all[which.index(all.len())];
        replace(&mut doc, path, with);
        let bytes = if pretty { serde_json::to_vec_pretty(&doc) } else { serde_json::to_vec(&doc) }.unwrap();
        let out = load(&[("f.json".into(), bytes)]);
        for p in &out.problems {
            for lang in [sotay::i18n::Lang::Vi, sotay::i18n::Lang::En] {
                let line = p.render(lang);
                prop_assert!(line.starts_with("f.json"), "{line}");
            }
        }
    }

    /// The same document twice, or with another: duplicate ids across
    /// files are problems, not panics.
    #[test]
    fn assignments_several_files(n in 1..4usize, cut in any::<prop::sample::Index>()) {
        let bytes = include_bytes!("data/binh-son.json").to_vec();
        let mut sources: Vec<(String, Vec<u8>)> = (0..n).map(|i| (format!("f{i}.json"), bytes.clone())).collect();
        let at = cut.index(bytes.len());
        sources.push(("cut.json".into(), bytes[..at].to_vec()));
        let out = load(&sources);
        prop_assert!(out.has_errors());
    }
}

#[test]
fn assignments_extremes() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let cases: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\xef\xbb\xbf".to_vec(),
        b"\xff\xfe{\x00}\x00".to_vec(),
        deep.into_bytes(),
        format!("{{\"format\":\"sotay-assignments\",\"version\":1,\"issued_by\":\"{}\"}}", "x".repeat(1_000_000))
            .into_bytes(),
        b"{\"format\":\"sotay-assignments\",\"version\":18446744073709551616}".to_vec(),
        b"{\"format\":\"sotay-assignments\",\"version\":1,\"groups\":null}".to_vec(),
        b"{\"format\":\"sotay-assignments\",\"version\":1,\"format\":\"x\"}".to_vec(),
    ];
    for bytes in cases {
        let out = load(&[("f.json".into(), bytes)]);
        assert!(out.has_errors());
        for p in &out.problems {
            let line = p.render(sotay::i18n::Lang::En);
            assert!(line.starts_with("f.json") && line.len() < 2_000, "{line:.300}");
        }
    }
}

#[test]
fn op_line_extremes() {
    // The longest text any export can hold is read; a longer one is refused.
    let long = line::encode(&sample(1, Value::String("đ".repeat(line::MAX_TEXT))));
    assert!(line::decode(long.trim_end_matches('\n').as_bytes()).is_ok());
    let longer = line::encode(&sample(1, Value::String("đ".repeat(1_000_000))));
    assert!(matches!(line::decode(longer.trim_end_matches('\n').as_bytes()), Err(LineError::Invalid(_))));
    let deep = format!("{{\"v\":1,\"val\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(line::decode(&seal(deep.as_bytes())), Err(LineError::Json(_))));
    let newer = seal(br#"{"v":3,"whatever":true}"#);
    assert_eq!(line::decode(&newer).err(), Some(LineError::NewerVersion(3)));
    for bytes in [&b""[..], b"\n", b"{}", b"null", b"\xff\xfe", b",\"crc\":\"00000000\"}"] {
        assert!(line::decode(bytes).is_err());
    }
}

const TEMPLATE: &[u8] = include_bytes!("../assets/checklist.json");

/// The template loader's answer: a checklist, or problems that name the
/// file and read as one line each; never a panic.
fn check_template(bytes: &[u8]) -> Result<(), TestCaseError> {
    let problems = match sotay::checklist::load::load("t.json", bytes, sotay::checklist::builtin()) {
        Ok((_, warnings)) => warnings,
        Err(problems) => {
            prop_assert!(!problems.is_empty(), "refused without a problem");
            problems
        }
    };
    for p in &problems {
        for lang in [sotay::i18n::Lang::Vi, sotay::i18n::Lang::En] {
            let line = p.render(lang);
            prop_assert!(line.starts_with("t.json") && !line.contains('\n'), "{line}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn template_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check_template(&bytes)?;
    }

    #[test]
    fn template_flipped_or_cut(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4), cut in any::<prop::sample::Index>()) {
        let mut bytes = TEMPLATE.to_vec();
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        bytes.truncate(cut.index(bytes.len() + 1));
        check_template(&bytes)?;
    }

    #[test]
    fn template_hostile_value_anywhere(which in any::<prop::sample::Index>(), with in hostile_value()) {
        let mut doc: Value = serde_json::from_slice(TEMPLATE).unwrap();
        let mut all = Vec::new();
        paths(&doc, &mut Vec::new(), &mut all);
        let path = &all[which.index(all.len())];
        replace(&mut doc, path, with);
        check_template(&serde_json::to_vec_pretty(&doc).unwrap())?;
    }
}

#[test]
fn shipped_template_loads() {
    let out = sotay::checklist::load::load("t.json", TEMPLATE, sotay::checklist::builtin());
    assert!(out.is_ok(), "{:?}", out.err());
}
