//! The conflicts screen with a thousand open conflicts. Target (issue 12):
//! one keystroke (update + draw at 200x60) under 1 ms median. The screen
//! works out every conflict's words once when it opens; a key and a frame
//! touch only the rows on screen.

use std::collections::BTreeMap;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use sotay::findings;
use sotay::i18n::Lang;
use sotay::store::Store;
use sotay::tui::{Action, App};

/// Two laptops set the statuses of 100 visits' 10 items each without
/// seeing each other: 1,000 open conflicts on the first after a sync.
fn thousand_conflicts(dir: &std::path::Path) -> Store {
    let (a_dir, b_dir, shared) = (dir.join("a"), dir.join("b"), dir.join("shared"));
    std::fs::create_dir_all(&shared).unwrap();
    let mut a = Store::open(&a_dir).unwrap();
    a.set_author("nva");
    let members = ["nva".to_owned(), "ttb".to_owned()];
    let visits: Vec<String> = (0..100)
        .map(|i| {
            let date = format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
            findings::start_visit(&mut a, "tct-1659", "binh-thanh", &date, &members, &[]).unwrap()
        })
        .collect();
    a.sync(&shared).unwrap();
    let mut b = Store::open(&b_dir).unwrap();
    b.set_author("ttb");
    b.sync(&shared).unwrap();
    let items: Vec<String> = sotay::checklist::builtin().items.iter().take(10).map(|i| i.code.clone()).collect();
    for (store, status) in [(&mut a, "improving"), (&mut b, "worse")] {
        let entities: Vec<String> = visits.iter().map(|v| findings::visit_entity(v)).collect();
        let fields: Vec<String> = items.iter().map(|c| findings::ItemField::Status.of(c)).collect();
        let changes: Vec<(&str, &str, serde_json::Value)> =
            entities.iter().flat_map(|e| fields.iter().map(move |f| (e.as_str(), f.as_str(), json!(status)))).collect();
        store.set_many(&changes).unwrap();
    }
    b.sync(&shared).unwrap();
    a.sync(&shared).unwrap();
    drop(b);
    assert_eq!(a.conflicts().len(), 1000);
    a
}

fn keystroke(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = thousand_conflicts(dir.path());
    let mut me = BTreeMap::new();
    me.insert("tct-1659".to_owned(), "nva".to_owned());
    let mut app = App::new(sotay::demo::assignments(), Lang::Vi, false, me, None).with_store(store, None);
    app.update(Action::Conflicts);
    let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
    t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
    let mut n = 0u32;
    c.bench_function("conflicts_keystroke_200x60_1000_open", |b| {
        b.iter(|| {
            // Down through the values and conflicts, a page at a time now and then.
            n += 1;
            let action = match n % 50 {
                0 => Action::PageUp,
                25 => Action::PageDown,
                _ => Action::Down,
            };
            app.update(action);
            t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
        })
    });
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
