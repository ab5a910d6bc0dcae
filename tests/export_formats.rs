//! Each export format read back after running the built binary.

mod common;
mod export_fixture;

use calamine::{Data, DataType, Reader, Xlsx};
use common::sotay;
use export_fixture::{LAND_NOTE, assert_private, home, stdout};
use serde_json::Value;

fn item<'a>(doc: &'a Value, date: &str, code: &str) -> &'a Value {
    let v = doc["visits"].as_array().unwrap().iter().find(|v| v["date"] == date).unwrap();
    &v["items"][code]
}

#[test]
fn json_has_every_visit_with_items_follow_ups_and_conflicts() {
    let h = home();
    let doc: Value = serde_json::from_str(&stdout(&sotay(h.path(), &["export", "--format", "json"]))).unwrap();
    assert_eq!(doc["format"], "sotay-export");
    assert_eq!(doc["version"], 1);
    assert!(doc["exported_at"].as_str().unwrap().ends_with('Z'));
    let visits = doc["visits"].as_array().unwrap();
    assert_eq!(
        visits.iter().map(|v| v["date"].as_str().unwrap()).collect::<Vec<_>>(),
        ["2024-04-10", "2024-05-12", "2024-05-20"]
    );

    let first = &visits[0];
    assert_eq!(first["commune"], "binh-thanh");
    assert_eq!(first["commune_name"], "Xã Bình Thanh");
    assert_eq!(first["group"], "tct-1659");
    assert_eq!(first["members"][1], serde_json::json!({"id": "ttb", "name": "Trần Thị Bình"}));
    assert_eq!(first["cells"][0]["name"], "Chi bộ thôn Thanh Trà");
    assert_eq!(first["finalized"], false);

    let p = item(&doc, "2024-05-12", "petition_backlog");
    assert_eq!(p["status"], "resolved");
    assert_eq!(p["numbers"]["resolution_rate"], 90.0);
    // Whole counts are integers (strict readers refuse 10.0); percentages
    // always carry a fraction.
    assert!(p["numbers"]["received"].is_u64() && p["numbers"]["resolved"].is_u64(), "{p}");
    assert!(p["numbers"]["resolution_rate"].is_f64(), "{p}");
    // "Still pending" is received - resolved when not typed, as the walk shows it.
    assert_eq!(p["computed"], serde_json::json!(["pending", "resolution_rate"]));
    assert!(p["numbers"]["pending"].is_u64() && p["numbers"]["pending"] == 1, "{p}");
    assert_eq!(p["note"], "Đã giải quyết dứt điểm đơn thư tồn đọng");
    assert_eq!(p["rating"], Value::Null);
    let fu = &p["follow_ups"][0];
    assert_eq!(
        (fu["what"].as_str(), fu["who"].as_str()),
        (Some("Rà soát đơn thư mới phát sinh"), Some("Phạm Thị Duyên"))
    );
    assert_eq!((fu["due"].as_str(), fu["done"].as_bool()), (Some("2024-05-30"), Some(false)));
    assert_eq!(item(&doc, "2024-04-10", "petition_backlog")["numbers"]["resolution_rate"], 70.0);

    let conflicts = doc["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0]["field"], "item/land_disputes/note");
    let values: Vec<&str> =
        conflicts[0]["values"].as_array().unwrap().iter().map(|v| v["value"].as_str().unwrap()).collect();
    assert!(values.contains(&LAND_NOTE) && values.contains(&"Đã xử lý 2 vụ"), "{values:?}");
    assert!(conflicts[0]["values"][0]["at"].as_str().unwrap().starts_with("20"));
    assert_eq!(doc["other_follow_ups"], serde_json::json!([]));

    // The facts the reports are laid out from, ready for a program.
    let g = &doc["summary"][0];
    assert_eq!((g["group"].as_str(), g["group_name"].as_str()), (Some("tct-1659"), Some("Tổ công tác 1659")));
    assert_eq!(g["not_visited"], serde_json::json!(["Xã Bình Trung", "Xã Bình Nguyên", "Xã Bình Tân Phú"]));
    let c = &g["communes"][0];
    assert_eq!(c["commune_name"], "Xã Bình Thanh");
    assert_eq!((c["open_follow_ups"].as_u64(), c["overdue_follow_ups"].as_u64()), (Some(2), Some(1)));
    assert_eq!(c["visits"][0]["finalized"], false);
    let items = c["items"].as_array().unwrap();
    let recruitment = items.iter().find(|i| i["code"] == "recruitment").unwrap();
    assert_eq!(recruitment["known_weakness"], true);
    assert_eq!(recruitment["status"], "improving");
    assert_eq!(recruitment["note"], "Còn 2 quần chúng chưa đủ điều kiện kết nạp");
    let admitted = &recruitment["numbers"][0];
    assert_eq!(admitted["key"], "admitted");
    assert_eq!(
        (admitted["start"].as_u64(), admitted["last"].as_u64(), admitted["now"].as_u64()),
        (Some(3), Some(4), Some(5)),
        "{admitted}"
    );
    assert_eq!(admitted["start_is_baseline"], true);
    let petition = items.iter().find(|i| i["code"] == "petition_backlog").unwrap();
    let rate = petition["numbers"].as_array().unwrap().iter().find(|n| n["key"] == "resolution_rate").unwrap();
    assert!(rate["start"].is_f64() && rate["now"] == 90.0, "{rate}");
    assert_eq!(petition["overdue_follow_ups"], 1);
}

#[test]
fn json_period_and_group_filters() {
    let h = home();
    let may = sotay(
        h.path(),
        &["export", "--format", "json", "--group", "tct-1659", "--from", "2024-05-01", "--to", "2024-05-31"],
    );
    let doc: Value = serde_json::from_str(&stdout(&may)).unwrap();
    assert_eq!(doc["filter"]["from"], "2024-05-01");
    assert_eq!(doc["visits"].as_array().unwrap().len(), 2);
    let april = sotay(h.path(), &["export", "--format", "json", "--to", "2024-04-30"]);
    let doc: Value = serde_json::from_str(&stdout(&april)).unwrap();
    assert_eq!(doc["visits"].as_array().unwrap().len(), 1);
    assert_eq!(doc["conflicts"].as_array().unwrap().len(), 0, "the conflict is on a May visit");
}

#[test]
fn json_to_a_file_is_private_and_stdout_stays_empty() {
    let h = home();
    let out = h.path().join("export.json");
    let o = sotay(h.path(), &["export", "--format", "json", "--out", out.to_str().unwrap()]);
    assert!(stdout(&o).is_empty());
    let doc: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(doc["visits"].as_array().unwrap().len(), 3);
    assert_private(&out);
}

/// A small RFC 4180 reader, so the test does not trust the writer's idea
/// of quoting.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted && field.is_empty() && row.is_empty(), "the file ends with a complete row");
    rows
}

#[test]
fn csv_has_a_bom_a_vietnamese_header_and_a_row_per_visit_and_item() {
    let h = home();
    let out = h.path().join("ket-qua.csv");
    stdout(&sotay(h.path(), &["export", "--format", "csv", "--out", out.to_str().unwrap()]));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    assert_private(&out);
    let rows = parse_csv(std::str::from_utf8(&bytes[3..]).unwrap());
    let header = &rows[0];
    assert_eq!(header[0], "Mã lần làm việc");
    assert!(header.contains(&"Xã/phường".to_owned()) && header.contains(&"Tình trạng".to_owned()));
    assert!(rows.iter().all(|r| r.len() == header.len()));
    // 2 items + 2 items + 1 item.
    assert_eq!(rows.len() - 1, 5);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let land = rows.iter().find(|r| r[col("Mã nội dung")] == "land_disputes").unwrap();
    assert_eq!(land[col("Xã/phường")], "Xã Bình Thạnh");
    assert_eq!(land[col("Tình trạng")], "Xấu đi");
    assert!(land[col("Số liệu")].contains("Vụ việc chưa xử lý: 15"));
    // One of the two conflicting notes is shown (the provisional winner).
    let note = &land[col("Ghi chú")];
    assert!(note == LAND_NOTE || note == "Đã xử lý 2 vụ", "{note}");
    let p =
        rows.iter().find(|r| r[col("Ngày")] == "2024-05-12" && r[col("Mã nội dung")] == "petition_backlog").unwrap();
    assert!(p[col("Số liệu")].contains("Tỷ lệ giải quyết: 90%"), "{}", p[col("Số liệu")]);
    assert!(p[col("Kiến nghị")].contains("Rà soát đơn thư mới phát sinh (Phạm Thị Duyên, 2024-05-30)"));
}

#[test]
fn csv_header_is_english_with_lang_en() {
    let h = home();
    let out = h.path().join("findings.csv");
    stdout(&sotay(h.path(), &["--lang", "en", "export", "--format", "csv", "--out", out.to_str().unwrap()]));
    let text = String::from_utf8(std::fs::read(&out).unwrap()).unwrap();
    assert!(text.starts_with("\u{FEFF}Visit id,Date,Working group,Commune id,Commune,"), "{}", &text[..80]);
}

/// The text between a heading and the next heading of the same or a
/// higher level.
fn section<'a>(md: &'a str, heading: &str) -> &'a str {
    let start = md.find(heading).unwrap_or_else(|| panic!("no {heading:?} in:\n{md}"));
    let level = heading.chars().take_while(|c| *c == '#').count();
    let body = &md[start + heading.len()..];
    let end = body
        .match_indices("\n#")
        .find(|(i, _)| body[i + 1..].chars().take_while(|c| *c == '#').count() <= level)
        .map_or(body.len(), |(i, _)| i);
    &body[..end]
}

#[test]
fn markdown_report_in_vietnamese() {
    let h = home();
    export_fixture::record_more(h.path());
    let may = stdout(&sotay(h.path(), &["export", "--format", "md", "--from", "2024-05-01", "--to", "2024-05-31"]));
    for needle in [
        "# Báo cáo kết quả làm việc của tổ công tác",
        "- Kỳ báo cáo: 01/05/2024 – 31/05/2024",
        // Groups apart, each named.
        "## Tổ công tác 1659\n\n### Xã Bình Thanh",
        "## Tổ công tác 2000\n\n### Xã Bình Châu",
        "#### Các lần làm việc (1)",
        // Unfinished visits marked.
        "- 12/05/2024: Nguyễn Văn An — *chưa hoàn tất*",
        // Two lines of a note stay two lines.
        "(chưa chuyển biến): Dòng một  \n  Dòng hai",
        // The starting level kept, named as on the screen.
        "Tỷ lệ giải quyết: ban đầu 70% → 90%",
        "Kết nạp trong năm: ban đầu 3 → 4 → 5",
        "Vụ việc chưa xử lý: ban đầu 12 → 15",
        "#### Kiến nghị chưa thực hiện",
        "- Rà soát đơn thư mới phát sinh — Phạm Thị Duyên — hạn 30/05/2024 — **QUÁ HẠN**",
        "- Bồi dưỡng quần chúng ưu tú — Võ Văn Hải — hạn 01/01/2999\n",
        "### Chưa làm việc trong kỳ\n\nXã Bình Trung, Xã Bình Nguyên, Xã Bình Tân Phú",
    ] {
        assert!(may.contains(needle), "missing {needle:?} in:\n{may}");
    }
    assert!(!may.contains("đầu kỳ"), "the screen says «ban đầu»:\n{may}");
    // The overdue follow-up comes before the later one.
    assert!(may.find("QUÁ HẠN").unwrap() < may.find("Bồi dưỡng").unwrap());

    let thanh = section(&may, "### Xã Bình Thanh");
    // A weakness fixed says what was found at the visit that fixed it,
    // never an older note nor the assignments' description of the problem.
    let fixed = section(thanh, "#### Hạn chế đã khắc phục");
    assert_eq!(
        fixed.trim(),
        "- Giải quyết đơn thư khiếu nại, tố cáo tồn đọng: Đã giải quyết dứt điểm đơn thư tồn đọng"
    );
    let remaining = section(thanh, "#### Hạn chế còn tồn tại, nguyên nhân");
    assert!(remaining.contains("- Phát triển đảng viên (có chuyển biến): Còn 2 quần chúng chưa đủ điều kiện kết nạp"));
    // A standard item is not a weakness; its May status has no note, and
    // April's note is not paired with it.
    assert!(!remaining.contains("Đoàn kết"), "{remaining}");
    let others = section(thanh, "#### Các nội dung khác");
    assert!(others.contains("- Đoàn kết nội bộ (có chuyển biến)\n"), "{others}");
    assert!(!may.contains(export_fixture::APRIL_UNITY_NOTE) && !may.contains(export_fixture::OLD_PETITION_NOTE));

    // The conflict: after the communes, apart, in words, local times with
    // the zone named; no internal codes anywhere.
    let conflicts = section(&may, "## Dữ liệu ghi khác nhau chưa thống nhất");
    assert!(may.find("## Dữ liệu ghi khác nhau").unwrap() > may.find("### Xã Bình Châu").unwrap());
    assert!(
        conflicts
            .contains("- Xã Bình Thạnh, 20/05/2024 — Tranh chấp, lấn chiếm đất đai, xây dựng trái phép (ghi chú): «"),
        "{conflicts}"
    );
    assert!(conflicts.contains("«Đã xử lý 2 vụ» (không rõ người ghi, "), "{conflicts}");
    assert!(conflicts.contains("Giờ theo múi giờ: "), "{conflicts}");
    for code in ["no_change", "resolved", "land_disputes", "item/", "visit/", "tct-", "binh-"] {
        assert!(!may.contains(code), "{code:?} in:\n{may}");
    }

    // April alone: a first visit's levels are shown, the cell meeting with
    // its attendance (decimal comma), rating and flags.
    let april = stdout(&sotay(h.path(), &["export", "--format", "md", "--to", "2024-04-30"]));
    for needle in [
        "- 10/04/2024: Nguyễn Văn An, Trần Thị Bình (chi bộ dự: Chi bộ thôn Thanh Trà) — *chưa hoàn tất*",
        "Đơn thư tiếp nhận: 10 (lần đầu ghi nhận)",
        "Tỷ lệ giải quyết: ban đầu 70% → 70%",
        "#### Chất lượng sinh hoạt chi bộ\n\n- 10/04/2024, Chi bộ thôn Thanh Trà: có mặt 30/38 (78,9%); xếp loại: khá; \
         nội dung thiết thực: có; có tự phê bình và phê bình: không.",
    ] {
        assert!(april.contains(needle), "missing {needle:?} in:\n{april}");
    }
    assert!(!april.contains("78.9"));
}

#[test]
fn markdown_report_in_english() {
    let h = home();
    let md = stdout(&sotay(h.path(), &["--lang", "en", "export", "--format", "md"]));
    for needle in [
        "# Working group report",
        "- Period: all dates",
        "### Weaknesses fixed",
        "Resolution rate: baseline 70% → 90%",
        "**OVERDUE**",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in:\n{md}");
    }
}

/// The Excel serial day of a date cell; `None` for any other cell.
fn serial(d: &Data) -> Option<f64> {
    match d {
        Data::DateTime(x) => Some(x.as_f64()),
        _ => None,
    }
}

#[test]
fn xlsx_sheets_hold_typed_cells_and_vietnamese_text() {
    let h = home();
    let out = h.path().join("bao-cao.xlsx");
    stdout(&sotay(h.path(), &["export", "--format", "xlsx", "--out", out.to_str().unwrap()]));
    assert_private(&out);
    let mut wb: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(wb.sheet_names(), ["Tổng hợp", "Lần làm việc", "Kết quả", "Số liệu", "Kiến nghị", "Xung đột"]);

    let visits = wb.worksheet_range("Lần làm việc").unwrap();
    let rows: Vec<&[Data]> = visits.rows().collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][0], Data::String("Mã lần làm việc".into()));
    let date = &rows[1][1];
    assert!(date.is_datetime(), "{date:?}");
    // 2024-04-10 as an Excel serial day.
    assert_eq!(serial(date), Some(45_392.0));
    assert_eq!(rows[1][4], Data::String("Xã Bình Thanh".into()));
    assert_eq!(rows[1][5], Data::String("Nguyễn Văn An; Trần Thị Bình".into()));
    assert_eq!(rows[1][7], Data::Bool(false));

    let numbers = wb.worksheet_range("Số liệu").unwrap();
    let rate = numbers
        .rows()
        .find(|r| serial(&r[1]) == Some(45_424.0) && r[7] == Data::String("resolution_rate".into()))
        .expect("the May resolution rate");
    assert_eq!(rate[8], Data::Float(90.0));
    assert_eq!(rate[6], Data::String("Tỷ lệ giải quyết".into()));
    assert_eq!(rate[10], Data::Bool(true), "computed from received and resolved");

    let fus = wb.worksheet_range("Kiến nghị").unwrap();
    let late = fus.rows().find(|r| r[7] == Data::String("Rà soát đơn thư mới phát sinh".into())).unwrap();
    assert!(late[9].is_datetime());
    assert_eq!(late[11], Data::Bool(true), "overdue");

    let conflicts = wb.worksheet_range("Xung đột").unwrap();
    assert_eq!(conflicts.rows().count(), 3, "header and one row per side");
    assert!(conflicts.rows().nth(1).unwrap()[6].is_datetime());
    assert!(
        wb.worksheet_range("Kết quả")
            .unwrap()
            .rows()
            .any(|r| r.contains(&Data::String(LAND_NOTE.into())) || r.contains(&Data::String("Đã xử lý 2 vụ".into())))
    );
}

/// A cell as text, whatever its type.
fn text_of(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// A part of the workbook's zip, as text.
fn part(path: &std::path::Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
    out
}

#[test]
fn xlsx_summary_first_conflicts_in_words_notes_wrapped_and_print_set_up() {
    let h = home();
    export_fixture::record_more(h.path());
    let out = h.path().join("tong-hop.xlsx");
    stdout(&sotay(h.path(), &["export", "--format", "xlsx", "--out", out.to_str().unwrap()]));
    let mut wb: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(wb.sheet_names()[0], "Tổng hợp");

    // Commune × item × number: starting level, last visit, now, without a pivot table.
    let sum = wb.worksheet_range("Tổng hợp").unwrap();
    let rows: Vec<Vec<String>> = sum.rows().map(|r| r.iter().map(text_of).collect()).collect();
    assert_eq!(
        rows[0],
        [
            "Tổ công tác",
            "Xã/phường",
            "Nội dung",
            "Hạn chế đã chỉ ra",
            "Tình trạng",
            "Ngày đánh giá",
            "Số liệu",
            "Ban đầu",
            "Lần trước",
            "Hiện nay",
            "Đơn vị",
            "Kiến nghị đang mở",
            "Quá hạn",
            "Ghi chú"
        ]
    );
    let find = |commune: &str, number: &str| {
        rows.iter().find(|r| r[1] == commune && r[6] == number).unwrap_or_else(|| panic!("{number}: {rows:?}")).clone()
    };
    let admitted = find("Xã Bình Thanh", "Kết nạp trong năm");
    assert_eq!(admitted[..5], ["Tổ công tác 1659", "Xã Bình Thanh", "Phát triển đảng viên", "true", "Có chuyển biến"]);
    assert_eq!(admitted[7..10], ["3", "4", "5"]);
    let rate = find("Xã Bình Thanh", "Tỷ lệ giải quyết");
    assert_eq!((rate[7].as_str(), rate[9].as_str(), rate[10].as_str()), ("70", "90", "%"));
    // The note of the visit that fixed it; one open follow-up, overdue.
    let received = find("Xã Bình Thanh", "Đơn thư tiếp nhận");
    assert_eq!(received[11..], ["1", "1", "Đã giải quyết dứt điểm đơn thư tồn đọng"]);
    let unity = rows.iter().find(|r| r[2] == "Đoàn kết nội bộ").unwrap();
    assert_eq!((unity[3].as_str(), unity[4].as_str(), unity[13].as_str()), ("false", "Có chuyển biến", ""));
    assert!(rows.iter().any(|r| r[0] == "Tổ công tác 2000" && r[1] == "Xã Bình Châu"));
    let two_lines = rows.iter().find(|r| r[13].contains("Dòng một")).unwrap();
    assert_eq!(two_lines[13], "Dòng một\nDòng hai");

    // Conflicts in words, with the zone in the header; no ids or codes.
    let conflicts = wb.worksheet_range("Xung đột").unwrap();
    let rows: Vec<Vec<String>> = conflicts.rows().map(|r| r.iter().map(text_of).collect()).collect();
    assert_eq!(rows[0][..6], ["Xã/phường", "Ngày", "Nội dung", "Trường", "Giá trị", "Người ghi"]);
    assert!(rows[0][6].starts_with("Thời điểm (giờ UTC"), "{:?}", rows[0]);
    assert_eq!(rows[1][0], "Xã Bình Thạnh");
    assert_eq!(rows[1][2..4], ["Tranh chấp, lấn chiếm đất đai, xây dựng trái phép", "ghi chú"]);
    assert!(conflicts.rows().nth(1).unwrap()[1].is_datetime());
    for r in &rows {
        for cell in r {
            assert!(!cell.contains("visit/") && !cell.contains("item/") && cell != "land_disputes", "{cell}");
        }
    }
    let fus = wb.worksheet_range("Kiến nghị").unwrap();
    assert!(fus.rows().next().unwrap().contains(&Data::String("Quá hạn".into())));

    // Every sheet prints on A4 landscape, one page wide, the header row on
    // every page; multi-line notes are wrapped in rows made tall enough.
    for n in 1..=6 {
        let xml = part(&out, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "sheet {n}");
        assert!(
            xml.contains("paperSize=\"9\"")
                && xml.contains("orientation=\"landscape\"")
                && xml.contains("fitToHeight=\"0\""),
            "sheet {n}: {}",
            &xml[xml.find("<pageSetup").unwrap_or(0)..]
        );
    }
    let book = part(&out, "xl/workbook.xml");
    assert_eq!(book.matches("_xlnm.Print_Titles").count(), 6, "{book}");
    assert!(part(&out, "xl/styles.xml").contains("wrapText=\"1\""));
    let first = part(&out, "xl/worksheets/sheet1.xml");
    assert!(first.contains("customHeight=\"1\""), "the two-line note's row is made taller");
}

/// The sheets are spilled to a temporary folder as they are written; with
/// none to write to, the workbook is still made, in memory, cell for cell
/// the same.
#[test]
fn xlsx_is_made_without_a_writable_temporary_folder() {
    let h = home();
    export_fixture::record_more(h.path());
    let cells = |tmp: &std::path::Path, name: &str| {
        let out = h.path().join(name);
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_sotay"))
            .args(["--home", h.path().to_str().unwrap(), "export", "--format", "xlsx", "--out"])
            .arg(&out)
            .env("TMPDIR", tmp)
            .env("TMP", tmp)
            .env("TEMP", tmp)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let mut wb: Xlsx<_> = calamine::open_workbook(&out).unwrap();
        let names = wb.sheet_names();
        names
            .iter()
            .map(|n| wb.worksheet_range(n).unwrap().rows().map(|r| r.iter().map(text_of).collect()).collect())
            .collect::<Vec<Vec<Vec<String>>>>()
    };
    let spilled = cells(&std::env::temp_dir(), "a.xlsx");
    let in_memory = cells(&h.path().join("no-such-folder"), "b.xlsx");
    assert_eq!(spilled.len(), 6);
    assert!(spilled[2].len() > 2, "findings rows: {:?}", spilled[2]);
    assert_eq!(in_memory, spilled);
}

#[test]
fn csv_carries_the_cell_meeting() {
    let h = home();
    export_fixture::record_more(h.path());
    let out = h.path().join("ket-qua.csv");
    stdout(&sotay(h.path(), &["export", "--format", "csv", "--out", out.to_str().unwrap()]));
    let rows = parse_csv(std::str::from_utf8(&std::fs::read(&out).unwrap()[3..]).unwrap());
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let m = rows.iter().find(|r| r[col("Mã nội dung")] == "meeting_quality").unwrap();
    assert_eq!(m[col("Xếp loại")], "Khá");
    assert_eq!(m[col("Chi bộ")], "Chi bộ thôn Thanh Trà");
    assert_eq!(m[col("Tiêu chí sinh hoạt chi bộ")], "Nội dung thiết thực: có; Có tự phê bình và phê bình: không");
    assert!(m[col("Số liệu")].contains("Tỷ lệ dự họp: 78.9%"), "{}", m[col("Số liệu")]);
}

#[test]
fn empty_home_exports_an_empty_document() {
    let h = tempfile::tempdir().unwrap();
    let doc: Value = serde_json::from_str(&stdout(&sotay(h.path(), &["export", "--format", "json"]))).unwrap();
    assert_eq!(doc["visits"], serde_json::json!([]));
    assert_eq!(doc["conflicts"], serde_json::json!([]));
}

/// The README's own example, `--out ket-qua.xlsx`: a bare file name is
/// written in the current folder, and the command succeeds.
#[test]
fn a_bare_out_name_is_written_in_the_current_folder() {
    let h = home();
    let cwd = tempfile::tempdir().unwrap();
    for format in ["json", "csv", "md", "xlsx"] {
        let name = format!("ket-qua.{format}");
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_sotay"))
            .current_dir(cwd.path())
            .arg("--home")
            .arg(h.path())
            .args(["export", "--format", format, "--out", &name])
            .env_remove("SOTAY_HOME")
            .output()
            .unwrap();
        stdout(&o);
        let bytes = std::fs::read(cwd.path().join(&name)).unwrap();
        assert!(bytes.len() > 100, "{name}");
        #[cfg(unix)]
        assert_private(&cwd.path().join(&name));
    }
}
