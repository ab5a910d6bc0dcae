//! Assignments from a spreadsheet: workbooks as Excel and LibreOffice write
//! them, the flat CSV table, `convert` and `template`, and problems placed
//! at `FILE:SHEET!CELL` (CSV: `FILE:LINE:COLUMN`).

mod common;

use std::process::Command;

use common::{sotay, stderr};

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};
use sotay::assignments::{Assignments, Outcome, load_files, load_sources};

fn load(name: &str, bytes: Vec<u8>) -> Outcome {
    load_sources(&[(name.to_owned(), bytes)], sotay::checklist::builtin())
}

fn rendered(out: &Outcome) -> Vec<String> {
    out.problems.iter().map(|p| p.render(sotay::i18n::Lang::Vi)).collect()
}

fn example() -> Assignments {
    let out = load_files(&[common::EXAMPLE], sotay::checklist::builtin());
    assert!(out.problems.is_empty());
    out.assignments
}

/// Writes a row of text cells.
fn row(ws: &mut Worksheet, r: u32, cells: &[&str]) {
    for (c, s) in cells.iter().enumerate() {
        if !s.is_empty() {
            ws.write_string(r, c as u16, *s).unwrap();
        }
    }
}

/// The sheets every workbook needs, for one group `tct-1659` with members
/// `nva` and `ttb`, and the communes sheet's rows as given.
fn workbook(communes: &[&[&str]]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Tổ").unwrap();
    row(ws, 0, &["Mã tổ", "Tên tổ"]);
    row(ws, 1, &["tct-1659", "Tổ công tác 1659"]);
    let ws = wb.add_worksheet().set_name("Thành viên").unwrap();
    row(ws, 0, &["Mã tổ", "Mã thành viên", "Họ tên", "Chức vụ"]);
    row(ws, 1, &["tct-1659", "nva", "Nguyễn Văn A", "Tổ trưởng"]);
    row(ws, 2, &["tct-1659", "ttb", "Trần Thị B", ""]);
    let ws = wb.add_worksheet().set_name("Xã").unwrap();
    row(ws, 0, &["Mã tổ", "Mã xã", "Tên xã", "Phụ trách"]);
    for (i, r) in communes.iter().enumerate() {
        row(ws, i as u32 + 1, r);
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_wrong_member_is_placed_at_its_cell() {
    let communes: Vec<Vec<String>> = (1..=6)
        .map(|i| {
            vec![
                "tct-1659".into(),
                format!("xa-{i}"),
                format!("Xã {i}"),
                if i == 6 { "nva, xyz".into() } else { "nva".into() },
            ]
        })
        .collect();
    let rows: Vec<Vec<&str>> = communes.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let out = load("phan-cong.xlsx", workbook(&rows));
    assert_eq!(rendered(&out), vec!["phan-cong.xlsx:Xã!D7: \"xyz\" không phải thành viên của tổ \"tct-1659\""]);
}

#[test]
fn every_problem_at_once_with_its_cell() {
    let out = load(
        "p.xlsx",
        workbook(&[
            &["tct-1659", "xa-1", "Xã 1", "nva"],
            &["tct-9", "xa-2", "Xã 2", ""],
            &["tct-1659", "xa-1", "", ""],
        ]),
    );
    let got = rendered(&out);
    assert!(got.contains(&"p.xlsx:Xã!A3: không có tổ nào mã \"tct-9\"".to_owned()), "{got:?}");
    assert!(got.contains(&"p.xlsx:Xã!B4: mã xã \"xa-1\" bị trùng (đã dùng tại p.xlsx:Xã!B2)".to_owned()), "{got:?}");
    assert!(got.contains(&"p.xlsx:Xã!C4: không được để trống".to_owned()), "{got:?}");
    assert_eq!(got.len(), 3, "{got:?}");
}

#[test]
fn a_missing_sheet_or_column_is_said_plainly() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Tổ").unwrap();
    row(ws, 0, &["Mã tổ", "Tên"]);
    row(ws, 1, &["tct-1", "Tổ 1"]);
    let out = load("p.xlsx", wb.save_to_buffer().unwrap());
    assert_eq!(
        rendered(&out),
        vec!["p.xlsx: bảng tính thiếu trang \"Thành viên\"", "p.xlsx:Tổ!C1: thiếu cột \"Tên tổ\""]
    );
    let out = load("p.xlsx", b"PK\x03\x04 not really a zip".to_vec());
    assert!(rendered(&out)[0].starts_with("p.xlsx: không đọc được bảng tính"), "{:?}", rendered(&out));
}

/// What Excel and LibreOffice really write: a merged title above the
/// header, a header split over two rows, ids typed as numbers, floats,
/// dates as serial numbers, formulas with cached values, stray spaces,
/// hidden sheets, blank formatted cells far below and to the right.
#[test]
fn workbooks_as_office_programs_write_them() {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet().set_name("Thông tin").unwrap();
    row(ws, 0, &["Đơn vị giao", "Ngày giao"]);
    row(ws, 1, &["Ban Thường vụ"]);
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2025, 3, 15).unwrap(), &date).unwrap();
    let ws = wb.add_worksheet().set_name("Groups").unwrap();
    ws.merge_range(0, 0, 0, 1, "DANH SÁCH TỔ CÔNG TÁC", &bold).unwrap();
    row(ws, 1, &["Mã tổ", "Tên tổ"]);
    ws.write_number(2, 0, 1659.0).unwrap();
    ws.write_string(2, 1, "  Tổ công tác 1659 ").unwrap();
    ws.write_blank(40, 8, &bold).unwrap();
    let ws = wb.add_worksheet().set_name("Thanh vien").unwrap();
    ws.merge_range(0, 0, 1, 0, "Mã tổ", &bold).unwrap();
    ws.merge_range(0, 1, 0, 3, "Thông tin thành viên", &bold).unwrap();
    row(ws, 1, &["", "Mã thành viên", "Họ tên", "Chức vụ"]);
    ws.write_number(2, 0, 1659.0).unwrap();
    row(ws, 2, &["", " nva", "Nguyễn Văn A", "Tổ trưởng"]);
    let ws = wb.add_worksheet().set_name("Xã").unwrap();
    row(ws, 0, &["Mã tổ", "Mã xã", "Tên xã", "Phụ trách"]);
    ws.write_number(1, 0, 1659.0).unwrap();
    ws.write_string(1, 1, "binh-thanh").unwrap();
    ws.write_formula(1, 2, Formula::new("=\"Xã \"&\"Bình Thanh\"").set_result("Xã Bình Thanh")).unwrap();
    ws.write_string(1, 3, "nva ").unwrap();
    let ws = wb.add_worksheet().set_name("Chi bộ").unwrap();
    row(ws, 0, &["Mã xã", "Mã chi bộ", "Tên chi bộ", "Số đảng viên"]);
    row(ws, 1, &["binh-thanh", "t1", "Chi bộ thôn 1"]);
    ws.write_number(1, 3, 41.0).unwrap();
    row(ws, 2, &["binh-thanh", "t2", "Chi bộ thôn 2", "38"]);
    ws.write_blank(99, 0, &bold).unwrap();
    let ws = wb.add_worksheet().set_name("Hạn chế").unwrap();
    row(ws, 0, &["Mã xã", "Mã hạn chế", "Ghi chú"]);
    row(ws, 1, &["binh-thanh", "petition_backlog", "Đơn thư tồn đọng"]);
    ws.set_hidden(true);
    let ws = wb.add_worksheet().set_name("Mức ban đầu").unwrap();
    row(ws, 0, &["Mã xã", "Mã hạn chế", "Số liệu", "Giá trị"]);
    row(ws, 1, &["binh-thanh", "petition_backlog", "resolution_rate"]);
    ws.write_formula(1, 3, Formula::new("=140/2").set_result("70")).unwrap();
    let ws = wb.add_worksheet().set_name("Nháp").unwrap();
    row(ws, 0, &["ghi chép riêng"]);
    let out = load("p.xlsx", wb.save_to_buffer().unwrap());
    assert_eq!(rendered(&out), vec!["p.xlsx:Nháp!A1: cảnh báo: trang \"Nháp\" không được dùng, bỏ qua"]);
    let a = out.assignments;
    assert_eq!(a.sources[0].issued_on.as_deref(), Some("2025-03-15"));
    let g = &a.groups[0];
    assert_eq!((g.id.as_str(), g.name.as_str()), ("1659", "Tổ công tác 1659"));
    assert_eq!(g.members[0].id, "nva");
    let c = &g.communes[0];
    assert_eq!((c.name.as_str(), c.assigned.clone()), ("Xã Bình Thanh", vec!["nva".to_owned()]));
    assert_eq!(c.cells.iter().map(|k| k.members).collect::<Vec<_>>(), vec![Some(41), Some(38)]);
    assert_eq!(c.weaknesses[0].baseline["resolution_rate"], 70.0);
}

#[test]
fn convert_both_ways_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let xlsx = dir.path().join("phan-cong.xlsx");
    let json = dir.path().join("lai.json");
    let o = sotay(&home, &["convert", common::EXAMPLE, "--out", xlsx.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = sotay(&home, &["convert", xlsx.to_str().unwrap(), "--out", json.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let back = load_files(&[&json], sotay::checklist::builtin());
    assert!(back.problems.is_empty(), "{:?}", rendered(&back));
    let want = example();
    assert_eq!(back.assignments.groups, want.groups);
    assert_eq!(back.assignments.sources[0].issued_by, want.sources[0].issued_by);
    let o = sotay(&home, &["check", xlsx.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("hợp lệ (1 tổ, 5 xã, 3 chi bộ)"));
    let o = sotay(&home, &["convert", common::EXAMPLE, "--out", "x.txt"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn template_is_valid_and_has_drop_downs_and_instructions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mau-phan-cong.xlsx");
    let o = sotay(&dir.path().join("home"), &["template", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    let loaded = load("mau.xlsx", bytes.clone());
    assert!(loaded.problems.is_empty(), "{:?}", rendered(&loaded));
    assert_eq!(loaded.assignments.groups[0].communes[0].cells.len(), 1);
    // The sheets' XML: the instructions sheet comes first, and the columns
    // that name something have list validations.
    let book = unzip(&bytes, "xl/workbook.xml");
    assert!(book.find("Hướng dẫn").unwrap() < book.find("\"Tổ\"").unwrap(), "{book}");
    let communes = unzip(&bytes, "xl/worksheets/sheet5.xml");
    assert!(communes.contains("type=\"list\""), "{communes}");
    assert!(communes.contains("sqref=\"D2:D1002\""), "{communes}");
}

fn unzip(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn csv_flat_table_with_semicolons_and_a_bom() {
    let text = "\u{feff}Bảng;Mã tổ;Tên tổ;Mã thành viên;Họ tên;Mã xã;Tên xã;Phụ trách\r\n\
                Tổ;tct-1;Tổ 1;;;;;\r\n\
                Thành viên;tct-1;;nva;Nguyễn Văn A;;;\r\n\
                Xã;tct-1;;;;xa-1;\"Xã 1; mới\";nva\r\n\
                Xã;tct-1;;;;xa-2;Xã 2;xyz\r\n\
                Xa;tct-2;;;;xa-3;Xã 3;\r\n";
    let out = load("p.csv", text.as_bytes().to_vec());
    assert_eq!(
        rendered(&out),
        vec!["p.csv:5:23: \"xyz\" không phải thành viên của tổ \"tct-1\"", "p.csv:6:4: không có tổ nào mã \"tct-2\"",]
    );
    let good = text.replace("xyz", "nva").replace("Xa;tct-2;;;;xa-3;Xã 3;\r\n", "");
    let out = load("p.csv", good.into_bytes());
    assert!(out.problems.is_empty(), "{:?}", rendered(&out));
    assert_eq!(out.assignments.groups[0].communes[0].name, "Xã 1; mới");
}

#[test]
fn csv_round_trip_with_commas_and_no_bom() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("phan-cong.csv");
    let o = sotay(&dir.path().join("home"), &["convert", common::EXAMPLE, "--out", csv.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&csv).unwrap();
    let plain = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap().to_vec();
    let out = load("p.csv", plain);
    assert!(out.problems.is_empty(), "{:?}", rendered(&out));
    assert_eq!(out.assignments.groups, example().groups);
}

#[test]
fn open_refuses_a_bad_workbook_and_keeps_a_good_one() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let bad = dir.path().join("bad.xlsx");
    std::fs::write(&bad, workbook(&[&["tct-1659", "xa-1", "Xã 1", "xyz"]])).unwrap();
    let o = sotay(&home, &["open", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.xlsx:Xã!D2: \"xyz\" không phải thành viên"), "{}", stderr(&o));
    assert!(!home.join("data").exists() || std::fs::read_dir(home.join("data")).unwrap().count() == 0);
}

/// A workbook saved again by LibreOffice (its own shared strings, styles
/// and number storage) reads the same. CI installs LibreOffice; skip only
/// with SOTAY_SKIP_LIBREOFFICE=1.
#[test]
fn a_workbook_saved_by_libreoffice_reads_the_same() {
    if std::env::var_os("SOTAY_SKIP_LIBREOFFICE").is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours.xlsx");
    let o = sotay(&dir.path().join("home"), &["convert", common::EXAMPLE, "--out", ours.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let outdir = dir.path().join("lo");
    let lo = Command::new("libreoffice")
        .args(["--headless", "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir"])
        .arg(&outdir)
        .arg(&ours)
        .env("HOME", dir.path())
        .output()
        .expect("LibreOffice is installed (set SOTAY_SKIP_LIBREOFFICE=1 to skip)");
    assert!(lo.status.success(), "{}", String::from_utf8_lossy(&lo.stderr));
    let saved = std::fs::read(outdir.join("ours.xlsx")).unwrap();
    assert_ne!(saved, std::fs::read(&ours).unwrap());
    let out = load("lo.xlsx", saved);
    assert!(out.problems.is_empty(), "{:?}", rendered(&out));
    assert_eq!(out.assignments.groups, example().groups);
}

/// The 2025 reform: `binh-moi` was made of `binh-thanh` and `binh-trung`.
const MERGED: &str = r#"{
  "format": "sotay-assignments", "version": 1,
  "groups": [{
    "id": "tct-1", "name": "Tổ 1",
    "members": [{ "id": "nva", "name": "Nguyễn Văn A" }],
    "communes": [
      { "id": "binh-moi", "name": "Xã Bình Mới",
        "merged_from": [{ "id": "binh-thanh", "name": "Xã Bình Thanh" }, "binh-trung"] },
      { "id": "khac", "name": "Xã Khác", "merged_from": ["binh-trung"] }
    ]
  }]
}"#;

#[test]
fn merged_from_is_read_from_json_and_a_workbook() {
    let out = load("m.json", MERGED.as_bytes().to_vec());
    let got = rendered(&out);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("mã xã \"binh-trung\" bị trùng"), "{got:?}");
    let good = MERGED.replace(r#", "merged_from": ["binh-trung"]"#, "");
    let out = load("m.json", good.into_bytes());
    assert!(out.problems.is_empty(), "{:?}", rendered(&out));
    let c = &out.assignments.groups[0].communes[0];
    assert!(c.covers("binh-thanh") && c.covers("binh-trung") && c.covers("binh-moi") && !c.covers("khac"));
    assert_eq!((c.name_for("binh-thanh"), c.name_for("binh-trung")), ("Xã Bình Thanh", "binh-trung"));
    // Through a workbook and back, names included.
    let book = sotay::assignments::sheets::Form::Xlsx.write(&out.assignments, sotay::checklist::builtin()).unwrap();
    let back = load("m.xlsx", book);
    assert!(back.problems.is_empty(), "{:?}", rendered(&back));
    assert_eq!(back.assignments.groups, out.assignments.groups);
    let json = sotay::assignments::sheets::to_json(&back.assignments);
    assert!(json.contains("\"merged_from\""), "{json}");
    assert_eq!(load("b.json", json.into_bytes()).assignments.groups, out.assignments.groups);
}

#[test]
fn earlier_visits_of_merged_communes_are_the_new_communes_history() {
    use sotay::findings::Visit;
    use sotay::report::{Report, Scope};
    let good = MERGED.replace(r#", "merged_from": ["binh-trung"]"#, "");
    let a = load("m.json", good.into_bytes()).assignments;
    let visit = |id: &str, commune: &str, date: &str| Visit {
        id: id.into(),
        commune: commune.into(),
        group: "tct-1".into(),
        date: date.into(),
        members: vec!["nva".into()],
        ..Visit::default()
    };
    let visits = vec![visit("v1", "binh-thanh", "2024-06-01"), visit("v2", "binh-moi", "2025-09-01")];
    let c = &a.groups[0].communes[0];
    let history: Vec<&str> = sotay::findings::commune_visits(&visits, c).iter().map(|v| v.id.as_str()).collect();
    assert_eq!(history, vec!["v1", "v2"]);
    let r = Report::new(
        &a,
        sotay::checklist::builtin(),
        Scope::default(),
        visits,
        Vec::new(),
        Vec::new(),
        "2025-10-01".into(),
        "2025-10-01T00:00:00Z".into(),
        sotay::i18n::Lang::Vi,
    );
    let md = sotay::report::md::render(&r);
    let section = &md[md.find("## Xã Bình Mới").expect(&md)..];
    assert!(section.contains("(Xã Bình Thanh)"), "{md}");
    assert!(!md.contains("## Xã Bình Thanh"), "{md}");
    assert_eq!(r.commune_name("binh-thanh"), "Xã Bình Thanh");
}

/// A stray cell at the sheet's far corner (XFD1048576: what a forged or
/// damaged file can hold) does not make the reader fill the whole sheet's
/// rectangle in memory (17 billion cells): the rows read are the ones
/// holding something, and columns past any layout's are left alone.
#[test]
fn a_cell_at_the_far_corner_costs_nothing() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Tổ").unwrap();
    row(ws, 0, &["Mã tổ", "Tên tổ"]);
    row(ws, 1, &["tct-1659", "Tổ công tác 1659"]);
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    let ws = wb.add_worksheet().set_name("Thành viên").unwrap();
    row(ws, 0, &["Mã tổ", "Mã thành viên", "Họ tên"]);
    row(ws, 1, &["tct-1659", "nva", "Nguyễn Văn A"]);
    ws.write_string(1_048_575, 0, "").unwrap();
    let out = load("goc.xlsx", wb.save_to_buffer().unwrap());
    assert!(out.problems.is_empty(), "{:?}", rendered(&out));
    assert_eq!(out.assignments.groups.len(), 1);
    assert_eq!(out.assignments.groups[0].members[0].name, "Nguyễn Văn A");
}

mod synth;

/// A workbook without problems is read straight from its rows (no JSON
/// text in between): it gives exactly what its JSON gives. When the files
/// together have a problem, the text is written after all and the problem
/// placed at its cell.
#[test]
fn a_workbook_read_straight_equals_its_json() {
    let text = synth::assignments(6, 40, 900, 7);
    let json = load("a.json", text.clone().into_bytes());
    assert!(json.problems.is_empty(), "{:?}", rendered(&json));
    let book = sotay::assignments::sheets::to_workbook(&json.assignments, sotay::checklist::builtin()).unwrap();
    let out = load("a.xlsx", book.clone());
    assert!(out.problems.is_empty(), "{:?}", rendered(&out));
    assert_eq!(out.assignments.groups, json.assignments.groups);
    let both = load_sources(
        &[("a.xlsx".to_owned(), book), ("a.json".to_owned(), text.into_bytes())],
        sotay::checklist::builtin(),
    );
    let got = rendered(&both);
    assert!(got.iter().any(|p| p.contains("a.xlsx:Tổ!A2")), "{got:?}");
}
