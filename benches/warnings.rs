//! The sync warnings list (`W`) with 10,000 warnings of the session.
//! Target: one keystroke (update + draw at 200x60) under 1 ms median, on
//! the list and on the commune list beneath it (whose title bar counts
//! them). Only the rows on screen are put into words; a key never touches
//! the store.

use std::collections::BTreeMap;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sotay::i18n::Lang;
use sotay::store::Warning;
use sotay::tui::screens::SyncWarning;
use sotay::tui::{Action, App};

fn keystroke(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = sotay::store::Store::open(dir.path()).unwrap();
    let me = BTreeMap::from([("tct-1659".to_owned(), "nva".to_owned())]);
    let mut app = App::new(sotay::demo::assignments(), Lang::Vi, false, me, None).with_store(store, None);
    let file = PathBuf::from("/media/usb/sotay/0123456789abcdef.2025-11-1.jsonl");
    let batch = (1..=10_000u64).map(|line| {
        SyncWarning::Store(Warning::BadLine { file: file.clone(), line, reason: "checksum mismatch".into() })
    });
    app.shared.warnings.take(batch, Lang::Vi);
    let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
    t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
    c.bench_function("commune_list_keystroke_10000_warnings_200x60", |b| {
        let mut n = 0u32;
        b.iter(|| {
            n += 1;
            app.update(if n.is_multiple_of(2) { Action::Up } else { Action::Down });
            t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
        })
    });
    app.update(Action::Warnings);
    c.bench_function("warnings_keystroke_10000_200x60", |b| {
        // Down through the list, a page down every fourth key, back to
        // the top now and then (the list stops at its last warning).
        let steps = [Action::Down, Action::Down, Action::Down, Action::PageDown].into_iter().cycle();
        let mut steps = steps.zip(0u32..).map(|(a, i)| if i % 400 == 399 { Action::First } else { a });
        b.iter(|| {
            app.update(steps.next().unwrap_or(Action::Up));
            t.draw(|f| sotay::tui::render(f, &mut app)).unwrap();
        })
    });
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
