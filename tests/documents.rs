//! The committee's documents (`export --format docx`, `minutes`) written by
//! the built binary and read back through LibreOffice and poppler: the
//! head, title, parts, numbers and signature block, A4, the page count.

mod common;
mod export_fixture;
mod office;

use common::sotay;
use export_fixture::{home, home_without_assignments, stdout};
use serde_json::Value;

fn visit_id(home: &std::path::Path, date: &str) -> String {
    let doc: Value = serde_json::from_str(&stdout(&sotay(home, &["export", "--format", "json"]))).unwrap();
    let v = doc["visits"].as_array().unwrap().iter().find(|v| v["date"] == date).unwrap();
    v["id"].as_str().unwrap().to_owned()
}

#[test]
fn the_report_in_both_layouts_and_the_minutes_read_back_by_libreoffice() {
    if office::skip() {
        return;
    }
    let h = home();
    let party = h.path().join("bao-cao.docx");
    let state = h.path().join("bao-cao-nha-nuoc.docx");
    let minutes = h.path().join("bien-ban.docx");
    let may = ["--from", "2024-05-01", "--to", "2024-05-31"];
    let o = sotay(h.path(), &[&["export", "--format", "docx", "--out", party.to_str().unwrap()][..], &may].concat());
    stdout(&o);
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("còn 1 chỗ ghi khác nhau"), "the conflict is named on stderr: {err}");
    let args = [&["export", "--format", "docx", "--layout", "state", "--number", "12"][..], &may].concat();
    stdout(&sotay(h.path(), &[&args[..], &["--out", state.to_str().unwrap()]].concat()));
    let id = visit_id(h.path(), "2024-05-12");
    stdout(&sotay(h.path(), &["minutes", &id, "--out", minutes.to_str().unwrap()]));
    #[cfg(unix)]
    export_fixture::assert_private(&minutes);

    let pdfs = office::to_pdf(&[&party, &state, &minutes]);
    let (p, s, m) = (&pdfs[0], &pdfs[1], &pdfs[2]);

    for needle in [
        "HUYỆN ỦY BÌNH SƠN",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "TỔ CÔNG TÁC 1659",
        "-BC/TCT",
        "Bình Sơn, ngày",
        "BÁO CÁO",
        "Kết quả làm việc tháng 5 năm 2024 của Tổ công tác 1659 tại các xã được phân công",
        "I. KHÁI QUÁT TÌNH HÌNH",
        "Trong kỳ, tổ đã thực hiện 2 lần làm việc tại 2 xã",
        "Ngày 12/05/2024, Xã Bình Thanh: đồng chí Nguyễn Văn An (chưa hoàn tất việc ghi nhận)",
        "II. KẾT QUẢ LÀM VIỆC TẠI CÁC XÃ",
        "1. Xã Bình Thanh",
        "a) Hạn chế, yếu kém đã khắc phục",
        "Giải quyết đơn thư khiếu nại, tố cáo tồn đọng: Đã giải quyết dứt điểm đơn thư tồn đọng.",
        "Phát triển đảng viên (có chuyển biến): Còn 2 quần chúng chưa đủ điều kiện kết nạp.",
        "Tỷ lệ giải quyết: ban đầu 70% → 90%",
        "Vụ việc chưa xử lý: ban đầu 12 → 15",
        "III. HẠN CHẾ VÀ NGUYÊN NHÂN",
        "Chưa làm việc trong kỳ với: Xã Bình Trung, Xã Bình Nguyên, Xã Bình Tân Phú.",
        "IV. KIẾN NGHỊ, ĐỀ XUẤT",
        "Rà soát đơn thư mới phát sinh (Xã Bình Thanh, Giải quyết đơn thư khiếu nại, tố cáo tồn đọng); người thực hiện: Phạm Thị Duyên; hạn 30/05/2024 — QUÁ HẠN.",
        "Nơi nhận:",
        "- Lưu.",
        "T/M TỔ CÔNG TÁC",
        "TỔ TRƯỞNG",
        "Nguyễn Văn An",
    ] {
        p.has(needle);
    }
    // The overdue proposal comes first; the conflict is not in the committee's copy.
    assert!(p.text.find("QUÁ HẠN").unwrap() < p.text.find("Bồi dưỡng quần chúng ưu tú").unwrap());
    assert!(!p.text.contains("land_disputes") && !p.text.contains("no_change"), "no codes in the report");
    assert!(p.is_a4(false) && (1..=4).contains(&p.pages), "{:?}, {} pages", p.size, p.pages);

    for needle in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 12/BC-TCT", "BÁO CÁO"]
    {
        s.has(needle);
    }
    assert!(!s.text.contains("ĐẢNG CỘNG SẢN VIỆT NAM"));
    assert!(s.is_a4(false));

    for needle in [
        "BIÊN BẢN",
        "-BB/TCT",
        "Bình Thanh, ngày 12 tháng 5 năm 2024",
        "Làm việc của Tổ công tác 1659 với Đảng ủy xã Bình Thanh",
        "I. THÀNH PHẦN",
        "Đồng chí Nguyễn Văn An - Tổ trưởng;",
        "Đồng chí Phạm Thị Duyên - Bí thư Đảng ủy xã;",
        "II. NỘI DUNG LÀM VIỆC",
        "a) Việc khắc phục các hạn chế, yếu kém đã chỉ ra",
        "Tình trạng: đã khắc phục.",
        "Tỷ lệ giải quyết: 90% (lần trước 70%)",
        "Kết nạp trong năm: 5 (lần trước 4)",
        "Ghi nhận: Còn 2 quần chúng chưa đủ điều kiện kết nạp",
        "III. CÁC NỘI DUNG THỐNG NHẤT",
        "Rà soát đơn thư mới phát sinh; hạn 30/05/2024.",
        "Người chịu trách nhiệm: Phạm Thị Duyên.",
        "ĐẠI DIỆN ĐẢNG ỦY XÃ",
        "ĐẠI DIỆN TỔ CÔNG TÁC",
        "THƯ KÝ",
    ] {
        m.has(needle);
    }
    assert!(m.is_a4(false) && (1..=3).contains(&m.pages), "{:?}, {} pages", m.size, m.pages);
}

#[test]
fn documents_need_the_assignments_and_a_known_visit() {
    let h = home_without_assignments();
    let out = h.path().join("x.docx");
    for args in [
        vec!["export", "--format", "docx", "--out", out.to_str().unwrap()],
        vec!["minutes", "abc", "--out", out.to_str().unwrap()],
    ] {
        let o = sotay(h.path(), &args);
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("Chưa nạp tệp phân công"), "{err}");
    }
    assert!(!out.exists());
    let h = home();
    let o = sotay(h.path(), &["minutes", "nope", "--out", out.to_str().unwrap()]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("Không có lần làm việc \"nope\""), "{err}");
    // The contract's usage: the visit id and --out are required.
    assert_eq!(sotay(h.path(), &["minutes", "x"]).status.code(), Some(2));
}

/// With no assignments loaded, findings are labelled by their ids (and
/// stderr says so), never with the built-in demo's names.
#[test]
fn without_assignments_exports_name_nobody_from_the_demo() {
    let h = home_without_assignments();
    let o = sotay(h.path(), &["export", "--format", "json"]);
    let err = String::from_utf8(o.stderr.clone()).unwrap();
    assert!(err.contains("chưa nạp tệp phân công"), "{err}");
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let first = &doc["visits"][0];
    assert_eq!(first["commune_name"], Value::Null);
    assert_eq!(first["members"][0], serde_json::json!({"id": "nva", "name": null}));
    let md = stdout(&sotay(h.path(), &["export", "--format", "md"]));
    for demo in ["Nguyễn Văn An", "Xã Bình Thanh", "Tổ công tác 1659", "Thanh Trà"] {
        assert!(!md.contains(demo), "{demo} in:\n{md}");
    }
    assert!(md.contains("binh-thanh"), "{md}");
}

/// The text of a DOCX's body, its XML tags dropped.
fn docx_text(path: &std::path::Path) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let mut out = String::new();
    let mut tag = false;
    for c in xml.chars() {
        match c {
            '<' => tag = true,
            '>' => tag = false,
            c if !tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// `b` on an open visit writes its minutes to the papers folder, named
/// after the commune and date, never over an earlier copy; the help lists
/// the key.
#[test]
fn the_minutes_key_on_a_visit_writes_the_minutes() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use sotay::tui::{App, Screen, action_for};

    let dir = tempfile::tempdir().unwrap();
    let store = sotay::store::Store::open(&dir.path().join("store")).unwrap();
    let me = [("tct-1659".to_owned(), "nva".to_owned())].into();
    let mut app = App::new(sotay::demo::assignments(), sotay::i18n::Lang::Vi, false, me, None)
        .with_store(store, Some(dir.path().join("drafts")));
    app.shared.papers_dir = Some(dir.path().join("van-ban"));
    let press = |app: &mut App, code: KeyCode| {
        if let Some(a) = action_for(app, &KeyEvent::new(code, KeyModifiers::NONE)) {
            app.update(a);
        }
    };
    press(&mut app, KeyCode::Char('n'));
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    for c in "2026-11-20".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('b'));
    let Screen::Walk(walk) = &app.screen else { panic!("not in the walk") };
    let note = format!("{:?}", walk.note);
    let first = dir.path().join("van-ban/bien-ban-xa-binh-thanh-2026-11-20.docx");
    assert!(note.contains("Đã ghi biên bản làm việc") && note.contains("chưa hoàn tất"), "{note}");
    let text = docx_text(&first);
    for needle in ["BIÊN BẢN", "Bình Thanh, ngày 20 tháng 11 năm 2026", "Nguyễn Văn An", "Tình trạng: đã khắc phục."]
    {
        assert!(text.contains(needle), "missing {needle:?} in {text}");
    }
    press(&mut app, KeyCode::Char('b'));
    assert!(dir.path().join("van-ban/bien-ban-xa-binh-thanh-2026-11-20-2.docx").exists());
    assert_eq!(std::fs::read_dir(dir.path().join("van-ban")).unwrap().count(), 2);

    let help = sotay::tui::keys::TABLE
        .iter()
        .find(|b| b.action == sotay::tui::action::Action::Minutes)
        .expect("the minutes key is in the key table");
    assert_eq!(help.context, sotay::tui::keys::Context::Walk);
}

/// The workbook printed by LibreOffice: A4 landscape, each sheet one page
/// wide (the four visits once took 22 pages), Vietnamese intact.
#[test]
fn the_workbook_prints_on_a_few_a4_landscape_pages() {
    if office::skip() {
        return;
    }
    let h = home();
    export_fixture::record_more(h.path());
    let out = h.path().join("ket-qua.xlsx");
    stdout(&sotay(h.path(), &["export", "--format", "xlsx", "--out", out.to_str().unwrap()]));
    let pdf = &office::to_pdf(&[&out])[0];
    assert!(pdf.is_a4(true), "{:?}", pdf.size);
    assert!((6..=8).contains(&pdf.pages), "{} pages for six sheets", pdf.pages);
    for needle in [
        "Kiến nghị đang mở",
        "Phát triển đảng viên",
        "Kết nạp trong năm",
        "Xã Bình Thạnh",
        "Tổ công tác 2000",
        "Đã giải quyết dứt điểm đơn thư tồn đọng",
        "Dòng một",
        "Trang 1/",
    ] {
        pdf.has(needle);
    }
}
