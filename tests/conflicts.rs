//! Concurrent edits from two devices show up as a conflict in the
//! interface, in words, and are settled there with a pick that says which
//! value was kept; a second instance is refused.

mod common;

use common::drive::{me, press, screen};
use ratatui::crossterm::event::KeyCode;
use serde_json::json;
use sotay::findings::{self, FollowUp, Visit};
use sotay::i18n::Lang;
use sotay::store::{Conflict, HeadView, Hlc, OpId, Store};
use sotay::tui::screens::ConflictList;
use sotay::tui::{App, Overlay};

fn list(app: &App) -> &ConflictList {
    match &app.overlay {
        Overlay::Conflicts(l) => l,
        other => panic!("no conflicts screen: {other:?}"),
    }
}

/// Two laptops, Nguyễn Văn An's (`a`) and Trần Thị Bình's (`b`), set the
/// same item's status without seeing each other; `a` has both after a sync.
fn two_laptops(notes_too: bool) -> (tempfile::TempDir, tempfile::TempDir, tempfile::TempDir, Store, Store, String) {
    let a_dir = tempfile::tempdir().unwrap();
    let b_dir = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    let mut a = Store::open(a_dir.path()).unwrap();
    a.set_author("nva");
    let id = findings::start_visit(&mut a, "tct-1659", "binh-thanh", "2026-11-20", &["nva".into(), "ttb".into()], &[])
        .unwrap();
    a.sync(shared.path()).unwrap();
    let mut b = Store::open(b_dir.path()).unwrap();
    b.set_author("ttb");
    b.sync(shared.path()).unwrap();
    findings::set_status(&mut a, &id, "petition_backlog", findings::Status::Improving).unwrap();
    findings::set_status(&mut b, &id, "petition_backlog", findings::Status::Worse).unwrap();
    if notes_too {
        let entity = findings::visit_entity(&id);
        a.set(&entity, "item/land_disputes/note", json!("Còn 3 vụ")).unwrap();
        b.set(&entity, "item/land_disputes/note", json!("Còn 2 vụ")).unwrap();
    }
    b.sync(shared.path()).unwrap();
    a.sync(shared.path()).unwrap();
    assert_eq!(a.conflicts().len(), 1 + usize::from(notes_too));
    (a_dir, b_dir, shared, a, b, id)
}

fn app_on(store: Store, lang: Lang) -> App {
    App::new(sotay::demo::assignments(), lang, false, me(), None).with_store(store, None)
}

#[test]
fn conflict_is_shown_in_words_and_settled_in_the_interface() {
    let (a_dir, _b_dir, shared, a, mut b, id) = two_laptops(false);
    let mut app = app_on(a, Lang::Vi);
    assert_eq!(app.shared.conflict_count, 1);
    press(&mut app, &[KeyCode::Char('C')]);
    let l = list(&app).clone();
    assert_eq!(l.entries.len(), 1);
    let e = &l.entries[0];
    assert_eq!(e.place, "Xã Bình Thanh, 20/11/2026 — Giải quyết đơn thư khiếu nại, tố cáo tồn đọng (tình trạng)");
    let mut sides: Vec<(&str, &str, &str)> =
        e.sides.iter().map(|s| (s.value.as_str(), s.by.as_str(), s.device.as_str())).collect();
    sides.sort();
    assert_eq!(sides.len(), 2, "both values are offered");
    assert_eq!(sides[0].1, "Nguyễn Văn An");
    assert_eq!(sides[0].2, "máy này", "An's value was made on this laptop");
    assert_eq!(sides[1].1, "Trần Thị Bình");
    assert!(sides[1].2.starts_with("máy ") && sides[1].2 != "máy này", "{}", sides[1].2);
    let (improving, worse) = (findings::Status::Improving.label(Lang::Vi), findings::Status::Worse.label(Lang::Vi));
    assert_eq!((sides[0].0, sides[1].0), (improving, worse));
    // The screen says the same, over the whole width, the value shown now marked.
    let s = screen(&mut app, 120, 35);
    assert!(s.contains("│Xã Bình Thanh, 20/11/2026 "), "{s}");
    assert!(s.contains("│Giải quyết đơn thư khiếu nại, tố cáo tồn đọng (tình trạng) "), "{s}");
    assert!(s.contains(&format!("{}  ← đang hiển thị", e.sides[0].value)), "{s}");
    assert!(s.contains("Trần Thị Bình · "), "{s}");
    assert!(s.contains("Enter giữ giá trị đang chọn"), "{s}");
    // Keep Bình's value: the highlight moves to it, Enter says which.
    let bin = e.sides.iter().position(|s| s.by == "Trần Thị Bình").unwrap();
    press(&mut app, &vec![KeyCode::Down; bin]);
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.shared.conflict_count, 0);
    assert_eq!(app.overlay, Overlay::None, "closed: nothing left to settle");
    let msg = app.shared.status.clone().unwrap();
    assert_eq!(
        msg,
        format!(
            "✓ Đã giữ «{worse}» của Trần Thị Bình — Xã Bình Thanh, 20/11/2026 — Giải quyết đơn thư khiếu nại, tố cáo tồn đọng (tình trạng)"
        )
    );
    assert!(screen(&mut app, 200, 30).contains(&msg));
    let store = app.shared.store.as_ref().unwrap();
    let field = findings::ItemField::Status.of("petition_backlog");
    let entity = findings::visit_entity(&id);
    assert_eq!(store.get(&entity, &field).unwrap().value, Some(json!("worse")));
    // The pick is an op: the other device agrees after a sync.
    drop(app);
    let mut a = Store::open(a_dir.path()).unwrap();
    a.sync(shared.path()).unwrap();
    b.sync(shared.path()).unwrap();
    assert!(b.conflicts().is_empty());
    assert_eq!(b.get(&entity, &field).unwrap().value, Some(json!("worse")));
}

#[test]
fn the_highlight_moves_to_the_next_conflict_after_a_pick() {
    let (_a_dir, _b_dir, _shared, a, _b, _id) = two_laptops(true);
    let mut app = app_on(a, Lang::En);
    press(&mut app, &[KeyCode::Char('C')]);
    let before = list(&app).entries.iter().map(|e| e.place.clone()).collect::<Vec<_>>();
    assert_eq!(before.len(), 2);
    // The second side of the first conflict, then Enter.
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    let l = list(&app);
    assert_eq!(l.entries.iter().map(|e| e.place.clone()).collect::<Vec<_>>(), before[1..]);
    assert_eq!((l.selected, l.current()), (0, Some((0, 0))), "on the conflict that took its place");
    let msg = app.shared.status.clone().unwrap();
    assert!(msg.starts_with("✓ Kept «") && msg.ends_with(&before[0]), "{msg}");
    assert_eq!(app.shared.conflict_count, 1);
}

/// Conflicts made up with fixed times and laptops, for the snapshots.
fn made_up(lang: Lang, n: usize) -> ConflictList {
    let visits: Vec<Visit> = (0..n.max(1))
        .map(|i| Visit {
            id: format!("v{i}"),
            commune: if i % 2 == 0 { "binh-thanh" } else { "binh-trung" }.into(),
            group: "tct-1659".into(),
            date: format!("2026-11-{:02}", 1 + i % 28),
            members: vec!["nva".into(), "ttb".into()],
            ..Visit::default()
        })
        .collect();
    let follow_ups = vec![FollowUp {
        id: "f0".into(),
        visit: "v0".into(),
        commune: "binh-thanh".into(),
        item: "land_disputes".into(),
        what: "Rà soát hồ sơ".into(),
        who: "ttb".into(),
        due: Some("2026-12-15".into()),
        done: false,
    }];
    let head = |dev: &str, by: &str, ms: u64, v: serde_json::Value| HeadView {
        op: OpId::new(dev, 7),
        by: by.into(),
        hlc: Hlc::new(ms, 0),
        value: Some(v),
    };
    // 20/11/2026 09:15 and 09:42 in UTC+7.
    let (t1, t2) = (1_795_140_900_000, 1_795_142_520_000);
    let mut conflicts = vec![
        Conflict {
            entity: findings::visit_entity("v0"),
            field: "item/petition_backlog/num/received".into(),
            heads: vec![head("a1b2c3d4e5f60718", "ttb", t2, json!(12)), head("this-laptop", "nva", t1, json!(10.5))],
        },
        Conflict {
            entity: findings::visit_entity("v0"),
            field: "item/land_disputes/note".into(),
            heads: vec![
                head(
                    "this-laptop",
                    "nva",
                    t2,
                    json!("Còn 3 vụ tranh chấp ở thôn 2\nđã hòa giải một vụ, hai vụ chuyển lên huyện"),
                ),
                head("a1b2c3d4e5f60718", "ttb", t1, json!("Còn 2 vụ")),
            ],
        },
        Conflict {
            entity: findings::follow_up_entity("f0"),
            field: "due".into(),
            heads: vec![
                head("a1b2c3d4e5f60718", "ttb", t2, json!("2026-12-15")),
                head("this-laptop", "nva", t1, json!("2026-12-01")),
            ],
        },
    ];
    for i in 1..n.saturating_sub(2) {
        conflicts.push(Conflict {
            entity: findings::visit_entity(&format!("v{i}")),
            field: "item/petition_backlog/status".into(),
            heads: vec![
                head("this-laptop", "nva", t1, json!("improving")),
                head("a1b2c3d4e5f60718", "ttb", t2, json!("worse")),
            ],
        });
    }
    let tz = jiff::tz::TimeZone::fixed(jiff::tz::offset(7));
    ConflictList::build(&sotay::demo::assignments(), conflicts, visits, follow_ups, "this-laptop", &tz, lang)
}

fn shown(lang: Lang, w: u16, h: u16, downs: usize) -> String {
    let mut app = app_on(Store::open(tempfile::tempdir().unwrap().path()).unwrap(), lang);
    app.overlay = Overlay::Conflicts(Box::new(made_up(lang, 3)));
    screen(&mut app, w, h);
    press(&mut app, &vec![KeyCode::Down; downs]);
    screen(&mut app, w, h)
}

#[test]
fn conflicts_vi_80x24() {
    insta::assert_snapshot!(shown(Lang::Vi, 80, 24, 1));
}

#[test]
fn conflicts_en_80x24() {
    insta::assert_snapshot!(shown(Lang::En, 80, 24, 1));
}

#[test]
fn conflicts_vi_120x35() {
    insta::assert_snapshot!(shown(Lang::Vi, 120, 35, 2));
}

#[test]
fn conflicts_en_120x35() {
    insta::assert_snapshot!(shown(Lang::En, 120, 35, 2));
}

#[test]
fn conflicts_vi_40x12() {
    insta::assert_snapshot!(shown(Lang::Vi, 40, 12, 4));
}

#[test]
fn conflicts_en_40x12() {
    insta::assert_snapshot!(shown(Lang::En, 40, 12, 4));
}

#[test]
fn a_long_list_scrolls_to_keep_the_highlight_whole() {
    let mut app = app_on(Store::open(tempfile::tempdir().unwrap().path()).unwrap(), Lang::Vi);
    app.overlay = Overlay::Conflicts(Box::new(made_up(Lang::Vi, 40)));
    screen(&mut app, 80, 24);
    press(&mut app, &vec![KeyCode::Down; 30]);
    let s = screen(&mut app, 80, 24);
    let l = list(&app);
    let (k, j) = l.current().unwrap();
    assert_eq!(l.values[l.selected], (k, j));
    assert_eq!(l.selected, 30);
    let side = &l.entries[k].sides[j];
    assert!(s.contains(&format!("▶ {}", side.value)), "{s}");
    assert!(s.contains(&format!("{} · {}", side.by, side.at)), "{s}");
    press(&mut app, &[KeyCode::PageUp]);
    assert!(list(&app).selected < 30);
}

#[test]
fn second_instance_is_refused_clearly() {
    let home = tempfile::tempdir().unwrap();
    let _held = Store::open(&home.path().join("data/store")).unwrap();
    let usb = tempfile::tempdir().unwrap();
    let out = common::sotay(home.path(), &["sync", usb.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("đang mở trong một cửa sổ sotay khác"), "{err}");
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn fields_in_conflict_are_marked_in_the_walk_and_on_the_dashboard() {
    let (_a_dir, _b_dir, _shared, a, _b, _id) = two_laptops(false);
    let mut app = app_on(a, Lang::Vi);
    // The dashboard: the item's cell and the line about the cursor's cell.
    press(&mut app, &[KeyCode::Char('d')]);
    let s = screen(&mut app, 120, 35);
    let row = s.lines().find(|l| l.contains("Xã Bình Thanh ")).unwrap();
    assert!(row.contains('⚠'), "{row}");
    assert_eq!(s.lines().filter(|l| l.contains('⚠')).count(), 3, "the row, the cursor's line, the title: {s}");
    assert!(s.contains("Mục 1: ") && s.contains("⚠ xung đột"), "{s}");
    // The walk: the item in the list and its status.
    press(&mut app, &[KeyCode::Esc, KeyCode::Enter, KeyCode::Enter]);
    let s = screen(&mut app, 120, 35);
    assert!(s.contains("⚠ Giải quyết đơn thư"), "{s}");
    let status = s.lines().find(|l| l.contains("▶ Tình trạng:")).unwrap();
    assert!(status.contains("⚠ xung đột"), "{status}");
}

/// Issue 9, case 7: a follow-up deleted on one laptop and marked done on
/// another; keeping "done" brings back its text and owner everywhere.
#[test]
fn keeping_an_edit_against_a_delete_keeps_the_whole_entity() {
    let (a_dir, b_dir, shared) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = Store::open(a_dir.path()).unwrap();
    let id =
        findings::add_follow_up(&mut a, "v1", "binh-thanh", "recruitment", "Họp chi bộ", "nva", Some("2026-12-01"))
            .unwrap();
    a.sync(shared.path()).unwrap();
    let mut b = Store::open(b_dir.path()).unwrap();
    b.sync(shared.path()).unwrap();
    let e = findings::follow_up_entity(&id);
    a.delete(&e).unwrap();
    b.set(&e, "done", json!(true)).unwrap();
    a.sync(shared.path()).unwrap();
    b.sync(shared.path()).unwrap();
    a.sync(shared.path()).unwrap();
    let c = a.conflicts();
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!((c[0].entity.as_str(), c[0].field.as_str()), (e.as_str(), "done"));
    a.resolve(&e, "done", sotay::store::Resolution::Value(json!(true))).unwrap();
    a.sync(shared.path()).unwrap();
    b.sync(shared.path()).unwrap();
    for s in [&a, &b] {
        assert!(s.conflicts().is_empty());
        let fus = findings::follow_ups(s);
        assert_eq!(fus.len(), 1);
        let f = &fus[0];
        assert_eq!(
            (f.what.as_str(), f.who.as_str(), f.due.as_deref(), f.done),
            ("Họp chi bộ", "nva", Some("2026-12-01"), true)
        );
        assert_eq!((f.visit.as_str(), f.commune.as_str(), f.item.as_str()), ("v1", "binh-thanh", "recruitment"));
    }
}

/// Issue 12, point 9: a field's history in words where the user is: the
/// members' names, the statuses' labels, local times; the two values of
/// the conflict shown as recorded at the same time, not one after the other.
#[test]
fn history_is_readable_from_the_item_and_shows_concurrent_values_as_such() {
    let (_a_dir, _b_dir, _shared, mut a, _b, id) = two_laptops(false);
    // An earlier value An changed before the conflict: a real sequence.
    let entity = findings::visit_entity(&id);
    a.set(&entity, "item/recruitment/num/admitted", json!(3)).unwrap();
    a.set(&entity, "item/recruitment/num/admitted", json!(4)).unwrap();
    drop(a);
    for lang in [Lang::Vi, Lang::En] {
        let a = Store::open(_a_dir.path()).unwrap();
        let mut app = app_on(a, lang);
        press(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
        // On the status, the line under the form already reads in words.
        let s = screen(&mut app, 120, 35);
        let (improving, worse) = (findings::Status::Improving.label(lang), findings::Status::Worse.label(lang));
        let line = s.lines().find(|l| l.contains(if lang == Lang::Vi { "Lịch sử:" } else { "History:" })).unwrap();
        assert!(line.contains(improving) && line.contains(worse) && line.contains('‖'), "{s}");
        assert!(!s.contains("(nva") && !s.contains("improving"), "no ids or codes:\n{s}");
        // `h` from the item's status: every field of the item, not only the focused one.
        press(&mut app, &[KeyCode::Down, KeyCode::Char('h')]);
        let s = screen(&mut app, 120, 35);
        let words = if lang == Lang::Vi { "ghi cùng lúc trên hai máy" } else { "recorded at the same time" };
        assert!(!s.contains(words), "recruitment has no conflict:\n{s}");
        let three = s.lines().position(|l| l.contains("• 3 ")).unwrap_or_else(|| panic!("3 then 4:\n{s}"));
        assert!(s.lines().nth(three + 1).unwrap().contains("• 4 "), "{s}");
        assert!(s.contains("Nguyễn Văn An, "), "{s}");
        press(&mut app, &[KeyCode::Esc, KeyCode::Up, KeyCode::Char('h')]);
        let s = screen(&mut app, 120, 35);
        let both: Vec<&str> = s.lines().filter(|l| l.contains("‖ ")).collect();
        assert_eq!(both.len(), 2, "{s}");
        assert!(both.iter().all(|l| l.contains(words)), "{s}");
        assert!(both.iter().any(|l| l.contains("Trần Thị Bình")), "{s}");
        press(&mut app, &[KeyCode::Esc]);
        assert!(matches!(&app.screen, sotay::tui::Screen::Walk(w) if w.histories.is_none()));
    }
}
