//! The visit walk (issue 4): one keystroke (update + draw at 200x60) under
//! 1 ms median, and what committing a field (op written and fsynced)
//! costs next to it.
//!
//! The store holds 20 earlier visits of the same commune with every item
//! and number set, so the walk shows last-visit values and field history
//! as it would after a year of work.

use std::collections::BTreeMap;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;
use sotay::findings::{self, Status};
use sotay::i18n::Lang;
use sotay::store::Store;
use sotay::tui::{App, Screen, action_for};

fn press(app: &mut App, code: KeyCode) {
    let mods = if code == KeyCode::BackTab { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
    if let Some(a) = action_for(app, &KeyEvent::new(code, mods)) {
        app.update(a);
    }
}

/// Earlier visits of the first commune: every item, status and numbers.
fn history(dir: &std::path::Path) {
    let mut s = Store::open(dir).unwrap();
    let data = sotay::demo::assignments();
    let group = &data.groups[0];
    let commune = &group.communes[0];
    let members = vec![group.members[0].id.clone()];
    for i in 0..20 {
        let date = format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i);
        let v = findings::start_visit(&mut s, &group.id, &commune.id, &date, &members, &[]).unwrap();
        for item in &sotay::checklist::builtin().items {
            findings::set_status(&mut s, &v, &item.code, Status::ALL[1 + i % 4]).unwrap();
            for n in &item.numbers {
                s.set(
                    &findings::visit_entity(&v),
                    &findings::ItemField::Number(n.key.clone()).of(&item.code),
                    json!(i + 3),
                )
                .unwrap();
            }
        }
    }
}

fn walk_app(dir: &std::path::Path) -> App {
    history(dir);
    let data = sotay::demo::assignments();
    let mut me = BTreeMap::new();
    me.insert(data.groups[0].id.clone(), data.groups[0].members[0].id.clone());
    let store = Store::open(dir).unwrap();
    let mut app = App::new(data, Lang::Vi, true, me, None).with_store(store, None);
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Walk(_)), "the walk is open");
    app
}

fn keystroke(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = walk_app(dir.path());
    let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
    t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
    let mut g = c.benchmark_group("walk_keystroke_200x60");
    let mut down = true;
    g.bench_function("move_between_items", |b| {
        b.iter(|| {
            press(&mut app, if down { KeyCode::Down } else { KeyCode::Up });
            down = !down;
            t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
        })
    });
    // Into the first number field of the current item; digits are typed
    // and taken back, never committed.
    press(&mut app, KeyCode::Tab);
    let mut typed = false;
    g.bench_function("type_digit_in_number_field", |b| {
        b.iter(|| {
            press(&mut app, if typed { KeyCode::Backspace } else { KeyCode::Char('7') });
            typed = !typed;
            t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
        })
    });
    g.finish();

    // The key that commits: Tab leaves a number field with a new value, one
    // op written and fsynced, then the frame is drawn. Each commit is on a
    // fresh visit (set up outside the timing): a field's history then
    // stays as short as in real use.
    let mut g = c.benchmark_group("walk_commit_200x60");
    g.sample_size(20);
    g.bench_function("type_two_digits_and_tab", |b| {
        b.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for i in 0..iters {
                for code in [KeyCode::Esc, KeyCode::Char('q'), KeyCode::Char('n'), KeyCode::Enter, KeyCode::Tab] {
                    press(&mut app, code);
                }
                assert!(matches!(app.screen, Screen::Walk(_)) && !app.quit, "a fresh visit is open");
                let started = std::time::Instant::now();
                for ch in format!("{}", 10 + i % 90).chars() {
                    press(&mut app, KeyCode::Char(ch));
                }
                press(&mut app, KeyCode::Tab);
                t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
                total += started.elapsed();
                let Screen::Walk(w) = &app.screen else { unreachable!("checked above") };
                let saved = w.state.items.values().flat_map(|f| f.numbers.values()).any(|v| *v == (10 + i % 90) as f64);
                assert!(saved, "the commit reached the store");
            }
            total
        })
    });
    g.finish();
}

fn commit(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    eprintln!("commit_field: store in {} (the file system of the system temp dir)", dir.path().display());
    let mut s = Store::open(dir.path()).unwrap();
    let e = findings::visit_entity("benchvisit01");
    let field = findings::ItemField::Number("received".to_string()).of("petition_backlog");
    let mut g = c.benchmark_group("commit_field");
    g.sample_size(30);
    let mut n = 0u64;
    g.bench_function("store_set_fsync", |b| {
        b.iter(|| {
            n += 1;
            s.set(&e, &field, json!(n)).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, keystroke, commit);
criterion_main!(benches);
