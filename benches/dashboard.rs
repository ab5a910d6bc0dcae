//! The dashboard at scale. Target (issue 5): one keystroke (update + draw
//! at 200x60) under 1 ms median on a large group. Findings are generated
//! in memory and handed to the app directly: recording them op by op into
//! a store fsyncs each one, and the dashboard reads its cached copy anyway.

#[path = "../tests/synth/mod.rs"]
mod synth;

use std::collections::BTreeMap;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sotay::i18n::Lang;
use sotay::tui::{Action, App};

/// One group of 1,000 communes, a year of monthly visits each (12,000
/// visits, every item assessed) and their follow-ups.
fn large_group() -> App {
    let text = synth::assignments(1, 1000, 10_000, 7);
    let data = sotay::assignments::load_sources(&[("one.json".into(), text.into_bytes())], sotay::checklist::builtin())
        .assignments;
    let (visits, follow_ups) = synth::findings(&data, 12, 9);
    let mut me = BTreeMap::new();
    me.insert("g0".to_owned(), "m0".to_owned());
    let mut app = App::new(data, Lang::Vi, false, me, None);
    app.shared.today = "2025-12-15".into();
    app.shared.set_findings(visits, follow_ups);
    app.update(Action::OpenDashboard);
    app
}

fn keystroke(c: &mut Criterion) {
    let mut app = large_group();
    let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
    t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
    // What the test terminal itself costs per frame, for reading the rest.
    c.bench_function("blank_frame_200x60", |b| {
        b.iter(|| {
            t.draw(|_| {}).unwrap();
        })
    });
    let rows = app.shared.current_group().map_or(0, |g| g.communes.len());
    let mut down = true;
    c.bench_function("dashboard_keystroke_200x60", |b| {
        b.iter(|| {
            // Down the whole group and back, so rows keep scrolling.
            if app.board.row() == 0 {
                down = true;
            } else if app.board.row() + 1 == rows {
                down = false;
            }
            app.update(if down { Action::Down } else { Action::Up });
            t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
        })
    });
    let mut right = true;
    let cols = sotay::checklist::builtin().items.len();
    c.bench_function("dashboard_keystroke_across_200x60", |b| {
        b.iter(|| {
            if app.board.col == 0 {
                right = true;
            } else if app.board.col + 1 == cols {
                right = false;
            }
            app.update(if right { Action::Right } else { Action::Left });
            t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
        })
    });
    app.shared.no_color = true;
    c.bench_function("dashboard_keystroke_no_color_200x60", |b| {
        b.iter(|| {
            app.update(if app.board.row() == 0 { Action::Down } else { Action::Up });
            t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
        })
    });
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
