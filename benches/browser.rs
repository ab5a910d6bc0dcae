//! Assignments loading and the commune browser at national scale.
//! Targets (issue 2): check within 3x of a bare serde_json parse; first
//! frame within 200 ms; one keystroke (update + draw at 200x60) under 1 ms.
//! Issue 16: check of the same data as a workbook within 3x of the JSON.

#[path = "../tests/synth/mod.rs"]
mod synth;

use std::collections::BTreeMap;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sotay::i18n::Lang;
use sotay::tui::{Action, App};

fn national() -> Vec<(String, Vec<u8>)> {
    vec![("national.json".into(), synth::assignments(1000, 3500, 100_000, 42).into_bytes())]
}

fn load_and_validate(c: &mut Criterion) {
    let sources = national();
    let mut g = c.benchmark_group("national_assignments");
    g.sample_size(10);
    g.bench_function("baseline_serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(&sources[0].1).unwrap())
    });
    g.bench_function("sotay_check", |b| {
        b.iter(|| {
            let out = sotay::assignments::load_sources(&sources, sotay::checklist::builtin());
            assert!(!out.has_errors());
            out
        })
    });
    // Issue 16: the same data as a workbook (what `convert` writes), within
    // 3x of `sotay_check` above.
    let checked = sotay::assignments::load_sources(&sources, sotay::checklist::builtin()).assignments;
    let book = sotay::assignments::sheets::to_workbook(&checked, sotay::checklist::builtin()).unwrap();
    let workbook = vec![("national.xlsx".to_owned(), book)];
    g.bench_function("sotay_check_xlsx", |b| {
        b.iter(|| {
            let out = sotay::assignments::load_sources(&workbook, sotay::checklist::builtin());
            assert!(!out.has_errors() && out.assignments.groups.len() == 1000);
            out
        })
    });
    g.bench_function("first_frame_200x60", |b| {
        b.iter(|| {
            let out = sotay::assignments::load_sources(&sources, sotay::checklist::builtin());
            let mut app = App::new(out.assignments, Lang::Vi, false, BTreeMap::new(), None);
            let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
            t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
        })
    });
    g.finish();
}

fn keystroke(c: &mut Criterion) {
    // The worst case for the list: one group holding all 3,500 communes,
    // each with visits and follow-ups (the list shows the last visit and
    // the open follow-ups of each).
    let text = synth::assignments(1, 3500, 20_000, 7);
    let out = sotay::assignments::load_sources(&[("one.json".into(), text.into_bytes())], sotay::checklist::builtin());
    let (visits, follow_ups) = synth::findings(&out.assignments, 3, 9);
    let mut me = BTreeMap::new();
    me.insert("g0".to_owned(), "m0".to_owned());
    let mut app = App::new(out.assignments, Lang::Vi, false, me, None);
    app.shared.set_findings(visits, follow_ups);
    let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
    t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
    let mut down = true;
    c.bench_function("commune_list_keystroke_200x60", |b| {
        b.iter(|| {
            // Walk down and back so the selection keeps moving.
            if app.browser.cursor.selected == 0 {
                down = true;
            } else if app.browser.cursor.selected + 1 == app.browser.visible.len() {
                down = false;
            }
            app.update(if down { Action::Down } else { Action::Up });
            t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
        })
    });
    let mut typed = false;
    c.bench_function("commune_search_keystroke_200x60", |b| {
        b.iter(|| {
            app.update(if typed { Action::Backspace } else { Action::Type('t') });
            typed = !typed;
            t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
        })
    });
}

criterion_group!(benches, load_and_validate, keystroke);
criterion_main!(benches);
