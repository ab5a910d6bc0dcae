//! The overview screens driven by key events: dashboard cursor and
//! drill-down, trends, follow-ups marked done, the meeting plan, and their
//! snapshots in both languages. "Today" is fixed so snapshots hold.

mod common;

use std::path::Path;

use common::drive::{chars, me, press, screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use serde_json::json;
use sotay::findings::{self, Status};
use sotay::i18n::Lang;
use sotay::store::Store;
use sotay::tui::{App, Screen};

const TODAY: &str = "2026-11-25";

struct Fixture {
    app: App,
    /// The newest visit to Bình Thanh.
    latest: String,
    _dir: tempfile::TempDir,
}

fn visit(s: &mut Store, commune: &str, date: &str, members: &[&str], cells: &[&str]) -> String {
    let members: Vec<String> = members.iter().map(|m| m.to_string()).collect();
    let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
    findings::start_visit(s, "tct-1659", commune, date, &members, &cells).unwrap()
}

fn num(s: &mut Store, visit: &str, code: &str, key: &str, v: f64) {
    s.set(&findings::visit_entity(visit), &findings::ItemField::Number(key.to_string()).of(code), json!(v)).unwrap();
}

/// Bình Thanh over three months (resolution rate 70 → 80 → 90, admitted
/// 3/7 then 7/7), Bình Thạnh once (land disputes worse), and three
/// follow-ups: one overdue, one due later, one without a deadline.
fn record(dir: &Path) -> (Store, String) {
    let mut s = Store::open(&dir.join("store")).unwrap();
    let p = "petition_backlog";
    let mut latest = String::new();
    for (date, resolved, status) in [
        ("2026-09-05", 7.0, Status::NoChange),
        ("2026-10-05", 8.0, Status::Improving),
        ("2026-11-05", 9.0, Status::Resolved),
    ] {
        let v = visit(&mut s, "binh-thanh", date, &["nva", "ttb"], &["binh-thanh-t1"]);
        findings::set_status(&mut s, &v, p, status).unwrap();
        num(&mut s, &v, p, "received", 10.0);
        num(&mut s, &v, p, "resolved", resolved);
        latest = v;
    }
    let first = findings::visits(&s)[0].id.clone();
    findings::set_status(&mut s, &first, "recruitment", Status::NoChange).unwrap();
    num(&mut s, &first, "recruitment", "admitted", 3.0);
    num(&mut s, &first, "recruitment", "target", 7.0);
    findings::set_status(&mut s, &latest, "recruitment", Status::Resolved).unwrap();
    num(&mut s, &latest, "recruitment", "admitted", 7.0);
    let other = visit(&mut s, "binh-thanh-2", "2026-11-10", &["lvc", "ptd"], &["binh-thanh-2-t1"]);
    findings::set_status(&mut s, &other, "land_disputes", Status::Worse).unwrap();
    num(&mut s, &other, "land_disputes", "open_cases", 14.0);
    findings::add_follow_up(
        &mut s,
        &other,
        "binh-thanh-2",
        "land_disputes",
        "Cưỡng chế công trình lấn chiếm",
        "Hoàng Văn Em",
        Some("2026-12-15"),
    )
    .unwrap();
    findings::add_follow_up(
        &mut s,
        &latest,
        "binh-thanh",
        p,
        "Trả lời đơn tồn đọng",
        "Trần Thị Bình",
        Some("2026-11-01"),
    )
    .unwrap();
    findings::add_follow_up(
        &mut s,
        &latest,
        "binh-thanh",
        "recruitment",
        "Bồi dưỡng quần chúng ưu tú",
        "Phạm Thị Duyên",
        None,
    )
    .unwrap();
    (s, latest)
}

fn fixture(lang: Lang) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let (store, latest) = record(dir.path());
    let mut app = App::new(sotay::demo::assignments(), lang, true, me(), None).with_store(store, None);
    app.shared.today = TODAY.to_owned();
    app.shared.status = None;
    Fixture { app, latest, _dir: dir }
}

use KeyCode::{Enter, Esc};

#[test]
fn dashboard_vi_and_en_80x24() {
    let mut f = fixture(Lang::Vi);
    press(&mut f.app, &chars("d"));
    assert!(matches!(f.app.screen, Screen::Dashboard));
    insta::assert_snapshot!("dashboard_vi", screen(&mut f.app, 80, 24));
    let mut f = fixture(Lang::En);
    press(&mut f.app, &chars("djl"));
    insta::assert_snapshot!("dashboard_en", screen(&mut f.app, 80, 24));
}

#[test]
fn dashboard_wide_shows_every_item_label() {
    let mut f = fixture(Lang::Vi);
    press(&mut f.app, &chars("d"));
    let s = screen(&mut f.app, 140, 30);
    for item in &sotay::checklist::builtin().items {
        let label: String = item.label.vi.chars().take(20).collect();
        assert!(s.contains(&label), "{label} missing from the legend");
    }
}

#[test]
fn small_screens_do_not_panic() {
    for keys in ["d", "T", "f", "p"] {
        let mut f = fixture(Lang::Vi);
        press(&mut f.app, &chars(keys));
        press(&mut f.app, &chars("jjlll"));
        let s = screen(&mut f.app, 40, 12);
        if keys == "d" {
            insta::assert_snapshot!("dashboard_vi_40x12", s);
        }
    }
}

#[test]
fn cursor_moves_and_stays_in_the_grid() {
    let mut f = fixture(Lang::Vi);
    press(&mut f.app, &chars("dllj"));
    assert_eq!((f.app.board.row(), f.app.board.col), (1, 2));
    press(&mut f.app, &[KeyCode::Left, KeyCode::Down]);
    assert_eq!((f.app.board.row(), f.app.board.col), (2, 1));
    press(&mut f.app, &chars(&"h".repeat(20)));
    press(&mut f.app, &chars(&"k".repeat(20)));
    assert_eq!((f.app.board.row(), f.app.board.col), (0, 0));
    press(&mut f.app, &chars(&"l".repeat(30)));
    press(&mut f.app, &chars(&"j".repeat(30)));
    let items = sotay::checklist::builtin().items.len();
    assert_eq!((f.app.board.row(), f.app.board.col), (4, items - 1));
    press(&mut f.app, &[Esc]);
    assert!(matches!(f.app.screen, Screen::Browse));
}

#[test]
fn dashboard_starts_on_the_commune_selected_in_the_list() {
    let mut f = fixture(Lang::Vi);
    press(&mut f.app, &chars("jjd"));
    assert_eq!(f.app.board.row(), 2);
}

#[test]
fn enter_opens_the_latest_visit_on_that_item_and_esc_comes_back() {
    let mut f = fixture(Lang::Vi);
    let col = sotay::checklist::builtin().items.iter().position(|i| i.code == "recruitment").unwrap();
    press(&mut f.app, &chars("d"));
    press(&mut f.app, &chars(&"l".repeat(col)));
    press(&mut f.app, &[Enter]);
    let Screen::Walk(w) = &f.app.screen else { panic!("not in the walk") };
    assert_eq!(w.visit, f.latest);
    assert_eq!(w.code(), "recruitment");
    // Changes made in the visit show on the dashboard when back.
    // The status goes on to the item's first empty number; q leaves from there.
    press(&mut f.app, &chars("4q"));
    assert!(matches!(f.app.screen, Screen::Dashboard));
    let row = &f.app.shared.findings.rows["binh-thanh"];
    assert_eq!(row.latest[col].as_ref().map(|x| x.0), Some(Status::Worse));
}

#[test]
fn enter_on_a_commune_never_visited_starts_a_visit() {
    let mut f = fixture(Lang::Vi);
    press(&mut f.app, &chars("djj"));
    press(&mut f.app, &[Enter]);
    let Screen::Setup(s) = &f.app.screen else { panic!("no setup") };
    assert_eq!(s.commune, "binh-trung");
    assert_eq!(s.date, TODAY);
    press(&mut f.app, &[Esc]);
    assert!(matches!(f.app.screen, Screen::Dashboard));
}

#[test]
fn trends_vi_and_en() {
    let mut f = fixture(Lang::Vi);
    press(&mut f.app, &chars("T"));
    let s = screen(&mut f.app, 80, 24);
    assert!(s.contains("ban đầu 70% → 70% → 80% → 90%"), "baseline then each visit:\n{s}");
    assert!(s.contains("7/7"));
    insta::assert_snapshot!("trends_vi", s);
    let mut f = fixture(Lang::En);
    press(&mut f.app, &chars("dT"));
    insta::assert_snapshot!("trends_en", screen(&mut f.app, 80, 24));
    press(&mut f.app, &[Esc]);
    assert!(matches!(f.app.screen, Screen::Dashboard), "back where it came from");
}

#[test]
fn follow_ups_vi_and_en() {
    let mut f = fixture(Lang::Vi);
    press(&mut f.app, &chars("f"));
    insta::assert_snapshot!("follow_ups_vi", screen(&mut f.app, 80, 24));
    let mut f = fixture(Lang::En);
    press(&mut f.app, &chars("f"));
    insta::assert_snapshot!("follow_ups_en", screen(&mut f.app, 80, 24));
}

fn rows(app: &App) -> Vec<String> {
    let Screen::FollowUps(l) = &app.screen else { panic!("not the follow-ups") };
    l.rows.iter().map(|f| f.what.clone()).collect()
}

#[test]
fn follow_ups_overdue_first_and_filters_cycle() {
    let mut f = fixture(Lang::Vi);
    press(&mut f.app, &chars("f"));
    assert_eq!(rows(&f.app), ["Trả lời đơn tồn đọng", "Cưỡng chế công trình lấn chiếm", "Bồi dưỡng quần chúng ưu tú"]);
    // c: first commune (Bình Thanh), then the second, ... then all again.
    press(&mut f.app, &chars("c"));
    assert_eq!(rows(&f.app), ["Trả lời đơn tồn đọng", "Bồi dưỡng quần chúng ưu tú"]);
    press(&mut f.app, &chars("c"));
    assert_eq!(rows(&f.app), ["Cưỡng chế công trình lấn chiếm"]);
    press(&mut f.app, &chars("cccc"));
    assert_eq!(rows(&f.app).len(), 3, "all communes again after the last");
    // m: members in turn; a member's follow-ups are those they own, not
    // every follow-up of the communes they are in charge of.
    press(&mut f.app, &chars("mm"));
    assert_eq!(rows(&f.app), ["Trả lời đơn tồn đọng"], "Trần Thị Bình's");
    // Lê Văn Cường is in charge of Bình Thạnh but owns none of its follow-ups.
    press(&mut f.app, &chars("m"));
    assert!(rows(&f.app).is_empty());
}

#[test]
fn x_marks_the_selected_follow_up_done_as_an_op() {
    let mut f = fixture(Lang::En);
    press(&mut f.app, &chars("f"));
    let id = match &f.app.screen {
        Screen::FollowUps(l) => l.rows[0].id.clone(),
        _ => unreachable!(),
    };
    let before = f.app.shared.store.as_ref().unwrap().history(&findings::follow_up_entity(&id), "done").len();
    press(&mut f.app, &chars("x"));
    let store = f.app.shared.store.as_ref().unwrap();
    let fu = findings::follow_ups(store).into_iter().find(|x| x.id == id).unwrap();
    assert!(fu.done);
    assert_eq!(store.history(&findings::follow_up_entity(&id), "done").len(), before + 1);
    assert_eq!(rows(&f.app).len(), 2);
    assert!(screen(&mut f.app, 80, 24).contains("Saved"));
    // The dashboard's counts follow.
    press(&mut f.app, &[Esc]);
    press(&mut f.app, &chars("d"));
    assert_eq!(
        (f.app.shared.findings.rows["binh-thanh"].open, f.app.shared.findings.rows["binh-thanh"].overdue),
        (1, 0)
    );
}

#[test]
fn plan_vi_and_en_and_months() {
    let mut f = fixture(Lang::Vi);
    // Thanh Trà's meeting: nva and ttb went together on the 5th (a joint
    // visit), then Dung went again on the 20th (a real overlap). Châu Tân:
    // Cường and Dung together only, not flagged.
    visit(f.app.shared.store.as_mut().unwrap(), "binh-thanh", "2026-11-20", &["ptd"], &["binh-thanh-t1"]);
    press(&mut f.app, &chars("p"));
    let s = screen(&mut f.app, 80, 24);
    assert!(s.contains("│ ⚠ Chi bộ thôn Thanh Trà") && s.contains("│   Chi bộ thôn Châu Tân"), "{s}");
    let Screen::Plan(p) = &f.app.screen else { panic!("no plan") };
    assert_eq!(p.month, "2026-11");
    insta::assert_snapshot!("plan_vi", screen(&mut f.app, 80, 24));
    press(&mut f.app, &[KeyCode::Left]);
    let Screen::Plan(p) = &f.app.screen else { panic!("no plan") };
    assert_eq!(p.month, "2026-10");
    let mut f = fixture(Lang::En);
    f.app.shared.max_cells = 3;
    press(&mut f.app, &chars("p"));
    insta::assert_snapshot!("plan_en", screen(&mut f.app, 80, 24));
}

#[test]
fn no_color_keeps_the_symbols() {
    let mut f = fixture(Lang::Vi);
    f.app.shared.no_color = true;
    press(&mut f.app, &chars("d"));
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|fr| sotay::tui::render(fr, &mut f.app)).unwrap();
    let buf = t.backend().buffer();
    use ratatui::style::Color;
    assert!(buf.content.iter().all(|c| c.fg == Color::Reset && c.bg == Color::Reset), "a colour was drawn");
    let text = t.backend().to_string();
    for s in [Status::Resolved, Status::Worse, Status::NotAssessed] {
        assert!(text.contains(s.symbol()), "{} missing", s.symbol());
    }
    // The cursor still shows, reversed.
    use ratatui::style::Modifier;
    assert!(buf.content.iter().any(|c| c.modifier.contains(Modifier::REVERSED)));
    insta::assert_snapshot!("dashboard_no_color", text);
}

#[test]
fn help_on_the_dashboard_lists_its_keys() {
    let mut f = fixture(Lang::En);
    press(&mut f.app, &chars("d?"));
    let s = screen(&mut f.app, 80, 40);
    assert!(s.contains("Open the latest visit at this item"), "{s}");
}

#[test]
fn ops_from_a_sync_show_on_the_open_dashboard() {
    let mut f = fixture(Lang::Vi);
    let shared = tempfile::tempdir().unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let mut other = Store::open(&other_dir.path().join("store")).unwrap();
    let v = visit(&mut other, "binh-trung", "2026-11-20", &["ptd"], &["binh-trung-t1"]);
    findings::set_status(&mut other, &v, "citizen_reception", Status::Improving).unwrap();
    other.sync(shared.path()).unwrap();
    f.app.shared.sync_dir = Some(shared.path().to_path_buf());
    press(&mut f.app, &chars("d"));
    assert!(!f.app.shared.findings.rows.contains_key("binh-trung"));
    f.app.sync_now();
    let row = &f.app.shared.findings.rows["binh-trung"];
    assert_eq!(row.last_date.as_deref(), Some("2026-11-20"));
}
