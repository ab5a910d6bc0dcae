//! Reading files from outside: bounded in time and memory, and nothing
//! taken that should not be (issue 10, points 1-3 and 8-10).

mod common;
mod synth;

use common::{EXAMPLE, assert_linear, best_of_three, sotay, stderr};
use sotay::checklist::{self, Checklist};
use sotay::i18n::Lang;

/// A generated assignments file with every member reference broken.
fn all_refs_broken(communes: usize) -> Vec<u8> {
    let text = synth::assignments(communes / 4 + 1, communes, communes * 8, 7);
    text.replace("\"assigned\": [\"m", "\"assigned\": [\"x").into_bytes()
}

fn load(bytes: &[u8]) -> sotay::assignments::Outcome {
    sotay::assignments::load_sources(&[("f.json".into(), bytes.to_vec())], checklist::builtin())
}

#[test]
fn positions_of_many_problems_cost_linear_time() {
    let small = all_refs_broken(100);
    let large = all_refs_broken(800);
    let problems = load(&small).problems.len();
    assert!(problems > 800, "{problems}");
    let last = load(&large).problems.pop().unwrap();
    assert!(last.pos.is_some() && matches!(last.kind, sotay::jsondoc::ProblemKind::NotMember { .. }));
    let t_small = best_of_three(|| drop(load(&small)));
    let t_large = best_of_three(|| drop(load(&large)));
    assert_linear("positions", t_small, t_large);
}

fn checklist_of(n: usize) -> Vec<u8> {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"code":"item_{i}","label":{{"vi":"Mục {i}"}},"numbers":[{{"key":"n","label":{{"vi":"N"}}}}]}}"#
            )
        })
        .collect();
    format!(r#"{{"format":"sotay-checklist","version":1,"extends":"builtin","items":[{}]}}"#, items.join(","))
        .into_bytes()
}

#[test]
fn a_large_checklist_loads_in_linear_time() {
    let small = checklist_of(2_000);
    let large = checklist_of(16_000);
    let load = |b: &[u8]| checklist::load::load("c.json", b, checklist::builtin()).unwrap().0;
    let c: Checklist = load(&large);
    assert_eq!(c.items.len(), 16_011);
    assert_eq!(c.item("item_15999").unwrap().label.vi, "Mục 15999");
    let t_small = best_of_three(|| drop(load(&small)));
    let t_large = best_of_three(|| drop(load(&large)));
    assert_linear("checklist", t_small, t_large);
}

#[cfg(unix)]
#[test]
fn devices_pipes_and_huge_files_are_refused_at_once() {
    let home = tempfile::tempdir().unwrap();
    for dev in ["/dev/zero", "/dev/urandom"] {
        let o = sotay(home.path(), &["check", dev]);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(
            stderr(&o).lines().next().unwrap(),
            format!("{dev}: đây không phải tệp thông thường (thiết bị hoặc đường ống); hãy chỉ ra một tệp")
        );
    }
    let fifo = home.path().join("pipe.json");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let o = sotay(home.path(), &["--lang", "en", "check", fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("pipe.json: this is not a regular file (a device or a pipe); name a file"),
        "{}",
        stderr(&o)
    );
    // A sparse file: large to look at, nothing to write.
    let huge = home.path().join("huge.json");
    std::fs::File::create(&huge).unwrap().set_len(213 << 20).unwrap();
    let o = sotay(home.path(), &["--lang", "en", "check", huge.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("huge.json: the file is too large (213 MB; at most 64 MB)"), "{}", stderr(&o));
    let o = sotay(home.path(), &["--checklist", "/dev/zero", "check", EXAMPLE]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/dev/zero: đây không phải tệp thông thường"), "{}", stderr(&o));
    // `open` reads the same way, and a refused file leaves nothing behind.
    let o = sotay(home.path(), &["--lang", "en", "open", fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("pipe.json: this is not a regular file"), "{}", stderr(&o));
    assert!(!home.path().join("config.json").exists() && !home.path().join("data/assignments").exists());
}

fn render_all(out: &sotay::assignments::Outcome) -> Vec<String> {
    out.problems.iter().map(|p| p.render(Lang::En)).collect()
}

#[test]
fn a_key_written_twice_is_refused_with_both_places() {
    let text = std::fs::read_to_string(EXAMPLE)
        .unwrap()
        .replace(r#""name": "Xã Bình Thanh","#, r#""name": "Xã Bình Thanh", "name": "Xã Khác","#);
    let out = load(text.as_bytes());
    assert!(out.has_errors());
    let lines = render_all(&out);
    let line = text.lines().position(|l| l.contains("Xã Khác")).unwrap() + 1;
    let row = text.lines().nth(line - 1).unwrap();
    let column = |byte: usize| row[..byte].chars().count() + 1;
    let (first, second) = (column(row.find("\"name\"").unwrap()), column(row.rfind("\"name\"").unwrap()));
    assert!(
        lines.iter().any(|l| l.ends_with(&format!(
            ":{line}:{second}: groups[0].communes[0].name: the field \"name\" is written twice in the same object (first at f.json:{line}:{first})"
        ))),
        "{lines:#?}"
    );

    // The same in a baseline map, which the typed fast path reads too.
    let twice = std::fs::read_to_string(EXAMPLE).unwrap().replace(
        r#""baseline": { "resolution_rate": 70 }"#,
        r#""baseline": { "resolution_rate": 70, "resolution_rate": 20 }"#,
    );
    assert!(render_all(&load(twice.as_bytes())).iter().any(|l| l.contains("\"resolution_rate\" is written twice")));

    // And in a checklist template.
    let c = br#"{"format":"sotay-checklist","version":1,"items":[{"code":"a","code":"b","label":{"vi":"A"}}]}"#;
    let problems = checklist::load::load("c.json", c, checklist::builtin()).unwrap_err();
    assert_eq!(
        problems[0].render(Lang::En),
        "c.json:1:62: items[0].code: the field \"code\" is written twice in the same object (first at c.json:1:51)"
    );
}

#[test]
fn baselines_name_numbers_of_their_item_with_fitting_values() {
    let base = std::fs::read_to_string(EXAMPLE).unwrap();
    let with = |baseline: &str| {
        let text = base.replace(r#""baseline": { "resolution_rate": 70 }"#, &format!(r#""baseline": {baseline}"#));
        render_all(&load(text.as_bytes()))
    };
    assert!(with(r#"{ "resolution_rate": 100, "received": 0 }"#).is_empty());
    let cases = [
        (r#"{ "no_such_number": 5 }"#, "baseline.no_such_number: this item has no number \"no_such_number\""),
        (r#"{ "resolution_rate": 150 }"#, "baseline.resolution_rate: must be a number from 0 to 100 (a percentage)"),
        (r#"{ "resolution_rate": -40 }"#, "baseline.resolution_rate: must be a number from 0 to 100 (a percentage)"),
        (r#"{ "received": 2.5 }"#, "baseline.received: must be a whole number, 0 or more"),
        (r#"{ "received": -40 }"#, "baseline.received: must be a whole number, 0 or more"),
    ];
    for (baseline, message) in cases {
        let lines = with(baseline);
        assert_eq!(lines.len(), 1, "{baseline}: {lines:#?}");
        assert!(lines[0].ends_with(message), "{baseline}: {}", lines[0]);
    }
}

#[test]
fn a_file_of_zero_bytes_is_not_called_utf16() {
    let home = tempfile::tempdir().unwrap();
    let f = home.path().join("cut.json");
    std::fs::write(&f, [0u8; 4096]).unwrap();
    let o = sotay(home.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(!err.contains("UTF-16"), "{err}");
    assert!(err.starts_with(&format!("{}:1:1: tệp chứa byte 0 từ chỗ này", f.display())), "{err}");
}
