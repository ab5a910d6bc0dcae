//! Findings recorded through the library writers in a temporary home, and
//! the built binary run on it. The home has the built-in demo's assignments
//! loaded as its own (Tổ công tác 1659, Xã Bình Thanh, Xã Bình Thạnh...),
//! as `sotay open` leaves them.

#![allow(dead_code)]

use std::path::Path;
use std::process::Output;

use serde_json::json;
use sotay::findings::{self, ItemField, Status, add_follow_up, set_status, start_visit, visit_entity};
use sotay::store::Store;

pub const LAND_NOTE: &str = "Thêm 3 vụ lấn chiếm mới, đã ký \"cam kết\", chưa xử lý";

/// Three visits in April and May 2024, two follow-ups (one overdue, one
/// not), and one field two devices recorded differently (a conflict).
pub fn record(home: &Path) {
    let dir = home.join("data/store");
    let mut s = Store::open(&dir).unwrap();
    let members = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let p = "petition_backlog";
    let r = "recruitment";

    let v1 = start_visit(
        &mut s,
        "tct-1659",
        "binh-thanh",
        "2024-04-10",
        &members(&["nva", "ttb"]),
        &members(&["binh-thanh-t1"]),
    )
    .unwrap();
    set_status(&mut s, &v1, p, Status::Improving).unwrap();
    num(&mut s, &v1, p, "received", 10.0);
    num(&mut s, &v1, p, "resolved", 7.0);
    set_status(&mut s, &v1, r, Status::NoChange).unwrap();
    num(&mut s, &v1, r, "admitted", 4.0);
    num(&mut s, &v1, r, "target", 7.0);

    let v2 = start_visit(&mut s, "tct-1659", "binh-thanh", "2024-05-12", &members(&["nva"]), &[]).unwrap();
    set_status(&mut s, &v2, p, Status::Resolved).unwrap();
    num(&mut s, &v2, p, "received", 10.0);
    num(&mut s, &v2, p, "resolved", 9.0);
    note(&mut s, &v2, p, "Đã giải quyết dứt điểm đơn thư tồn đọng");
    set_status(&mut s, &v2, r, Status::Improving).unwrap();
    num(&mut s, &v2, r, "admitted", 5.0);
    num(&mut s, &v2, r, "target", 7.0);
    note(&mut s, &v2, r, "Còn 2 quần chúng chưa đủ điều kiện kết nạp");
    add_follow_up(&mut s, &v2, "binh-thanh", p, "Rà soát đơn thư mới phát sinh", "Phạm Thị Duyên", Some("2024-05-30"))
        .unwrap();
    add_follow_up(&mut s, &v2, "binh-thanh", r, "Bồi dưỡng quần chúng ưu tú", "Võ Văn Hải", Some("2999-01-01"))
        .unwrap();

    let v3 = start_visit(&mut s, "tct-1659", "binh-thanh-2", "2024-05-20", &members(&["lvc"]), &[]).unwrap();
    set_status(&mut s, &v3, "land_disputes", Status::Worse).unwrap();
    num(&mut s, &v3, "land_disputes", "open_cases", 15.0);
    note(&mut s, &v3, "land_disputes", LAND_NOTE);

    // A second device notes the same item of v3 differently, unaware of the
    // first: after both sync through a folder, the note is in conflict.
    let other = home.join("other-device");
    let shared = home.join("usb");
    std::fs::create_dir_all(&shared).unwrap();
    let mut b = Store::open(&other).unwrap();
    b.set(&visit_entity(&v3), &ItemField::Note.of("land_disputes"), json!("Đã xử lý 2 vụ")).unwrap();
    s.sync(&shared).unwrap();
    b.sync(&shared).unwrap();
    s.sync(&shared).unwrap();
    assert_eq!(s.conflicts().len(), 1);
    assert_eq!(findings::visits(&s).len(), 3);
}

/// Another group's assignments: Tổ công tác 2000 and its one commune.
pub const SECOND_GROUP: &str = r#"{"format": "sotay-assignments", "version": 1,
  "groups": [{"id": "tct-2000", "name": "Tổ công tác 2000",
    "members": [{"id": "hvd", "name": "Hoàng Văn Dũng", "role": "Tổ trưởng"}],
    "communes": [{"id": "binh-chau", "name": "Xã Bình Châu", "assigned": ["hvd"]}]}]}"#;

/// More of what a report must say, on top of [`record`] (kept apart so the
/// other tests' counts stay as they are): an older note on the weakness
/// fixed in May, a standard item assessed twice (a note in April, none in
/// May), a note of two lines, a cell meeting with attendance, rating and
/// flags, and a visit of a second group (its assignments loaded too).
pub fn record_more(home: &Path) {
    let mut s = Store::open(&home.join("data/store")).unwrap();
    let id = |s: &Store, date: &str| findings::visits(s).into_iter().find(|v| v.date == date).unwrap().id;
    let (v1, v2, v3) = (id(&s, "2024-04-10"), id(&s, "2024-05-12"), id(&s, "2024-05-20"));
    note(&mut s, &v1, "petition_backlog", OLD_PETITION_NOTE);
    set_status(&mut s, &v1, "unity", Status::NoChange).unwrap();
    note(&mut s, &v1, "unity", APRIL_UNITY_NOTE);
    set_status(&mut s, &v2, "unity", Status::Improving).unwrap();
    set_status(&mut s, &v3, "citizen_reception", Status::NoChange).unwrap();
    note(&mut s, &v3, "citizen_reception", "Dòng một\nDòng hai");
    let m = "meeting_quality";
    set_status(&mut s, &v1, m, Status::Improving).unwrap();
    num(&mut s, &v1, m, "present", 30.0);
    num(&mut s, &v1, m, "total", 38.0);
    s.set(&visit_entity(&v1), &ItemField::Rating.of(m), json!("fair")).unwrap();
    s.set(&visit_entity(&v1), &ItemField::Cell.of(m), json!("binh-thanh-t1")).unwrap();
    s.set(&visit_entity(&v1), &ItemField::Flag("practical".into()).of(m), json!(true)).unwrap();
    s.set(&visit_entity(&v1), &ItemField::Flag("criticism".into()).of(m), json!(false)).unwrap();
    let v4 = start_visit(&mut s, "tct-2000", "binh-chau", "2024-05-25", &["hvd".to_string()], &[]).unwrap();
    set_status(&mut s, &v4, "directives", Status::NoChange).unwrap();
    drop(s);
    std::fs::write(home.join("data/assignments/tct-2000.json"), SECOND_GROUP).unwrap();
    std::fs::write(home.join("config.json"), r#"{"assignments": ["binh-son.json", "tct-2000.json"]}"#).unwrap();
}

pub const OLD_PETITION_NOTE: &str = "Còn 3 đơn tồn đọng từ năm trước";
pub const APRIL_UNITY_NOTE: &str = "Ghi chú tháng 4 về đoàn kết";

fn num(s: &mut Store, v: &str, code: &str, key: &str, n: f64) {
    s.set(&visit_entity(v), &ItemField::Number(key.to_string()).of(code), json!(n)).unwrap();
}

fn note(s: &mut Store, v: &str, code: &str, text: &str) {
    s.set(&visit_entity(v), &ItemField::Note.of(code), json!(text)).unwrap();
}

/// A temporary home with the findings recorded (stores dropped, so the
/// lock is free).
pub fn home() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    record(dir.path());
    load_demo_assignments(dir.path());
    dir
}

/// The demo's assignments as a remembered file of the home.
pub fn load_demo_assignments(home: &Path) {
    std::fs::create_dir_all(home.join("data/assignments")).unwrap();
    std::fs::write(home.join("data/assignments/binh-son.json"), sotay::demo::JSON).unwrap();
    std::fs::write(home.join("config.json"), r#"{"assignments": ["binh-son.json"]}"#).unwrap();
}

/// A home with the findings but no assignments loaded.
pub fn home_without_assignments() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    record(dir.path());
    dir
}

pub fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "exit {:?}: {}", o.status.code(), String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Owner-only permissions. Windows has no mode bits: a file there is as
/// private as the folder it is written to.
pub fn assert_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", path.display());
    }
    #[cfg(not(unix))]
    assert!(path.is_file(), "{}", path.display());
}
