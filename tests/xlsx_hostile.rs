//! Hostile xlsx workbooks through the public `check` path: a workbook
//! written by rust_xlsxwriter, then its bytes flipped or cut, its parts
//! swapped, renamed, duplicated or forged. Whatever comes in, loading
//! ends without a panic, and each problem is one line.

use std::io::{Cursor, Read, Write};

use proptest::prelude::*;
use rust_xlsxwriter::Workbook;
use sotay::assignments::{Outcome, load_sources};

fn load(bytes: Vec<u8>) -> Outcome {
    load_sources(&[("p.xlsx".to_owned(), bytes)], sotay::checklist::builtin())
}

fn lines(out: &Outcome) -> Vec<String> {
    let lines: Vec<String> = out.problems.iter().map(|p| p.render(sotay::i18n::Lang::En)).collect();
    for l in &lines {
        assert!(!l.contains('\n') && l.chars().count() < 600, "{l}");
    }
    lines
}

fn workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let rows: [(&str, &[&[&str]]); 3] = [
        ("Tổ", &[&["Mã tổ", "Tên tổ"], &["tct-1", "Tổ 1"]]),
        ("Thành viên", &[&["Mã tổ", "Mã thành viên", "Họ tên"], &["tct-1", "nva", "Nguyễn Văn A"]]),
        ("Xã", &[&["Mã tổ", "Mã xã", "Tên xã"], &["tct-1", "xa-a", "Xã A"]]),
    ];
    for (name, cells) in rows {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        for (r, row) in cells.iter().enumerate() {
            for (c, s) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *s).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// The workbook's parts, inflated, in order.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut out = Vec::new();
            f.read_to_end(&mut out).unwrap();
            (f.name().unwrap().into_owned(), out)
        })
        .collect()
}

fn pack(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn with(name: &str, text: &str) -> Vec<u8> {
    let mut p = parts(&workbook());
    for (n, b) in &mut p {
        if n == name {
            *b = text.as_bytes().to_vec();
        }
    }
    pack(&p)
}

const SHEET: &str = "xl/worksheets/sheet3.xml";

#[test]
fn the_untouched_workbook_reads() {
    let out = load(workbook());
    assert!(out.problems.is_empty(), "{:?}", lines(&out));
}

/// A row counted on from the largest `u32` once gave a cell at row
/// 4,294,967,295, whose `row + 1` in the message overflowed.
#[test]
fn a_row_past_the_grid_is_one_sentence() {
    let sheet = r#"<worksheet><sheetData><row r="4294967295"/><row><c t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#;
    let l = lines(&load(with(SHEET, sheet)));
    assert_eq!(l.len(), 1, "{l:?}");
    assert!(l[0].starts_with("p.xlsx: cannot read the workbook") && l[0].contains("row number"), "{}", l[0]);
}

/// Thousands of sheets that all name the communes sheet would each read
/// its part again: two are refused, both named.
#[test]
fn two_sheets_of_one_kind_are_refused() {
    let mut wb = Workbook::new();
    for name in ["Tổ", "Thành viên", "Xã", "xa"] {
        wb.add_worksheet().set_name(name).unwrap();
    }
    let l = lines(&load(wb.save_to_buffer().unwrap()));
    assert_eq!(l.len(), 1, "{l:?}");
    assert!(l[0].starts_with("p.xlsx: ") && l[0].contains("sheets \"Xã\" and \"xa\""), "{}", l[0]);
}

/// A sheet whose relationship points at the workbook part itself, at a
/// part that is not there, or outside the package: read as empty or
/// refused, never a file on disk.
#[test]
fn odd_targets_are_read_inside_the_package() {
    let rels =
        String::from_utf8(parts(&workbook()).into_iter().find(|(n, _)| n.ends_with("workbook.xml.rels")).unwrap().1)
            .unwrap();
    for target in ["/xl/workbook.xml", "worksheets/none.xml", "../../../../../../etc/passwd", "/dev/zero", "C:\\x.xml"]
    {
        let forged = rels.replace("worksheets/sheet3.xml", target);
        let l = lines(&load(with("xl/_rels/workbook.xml.rels", &forged)));
        assert!(!l.is_empty() && l.iter().all(|l| !l.contains("root:")), "{target}: {l:?}");
    }
}

/// A part of 300 MB of spaces inflates from a few hundred kilobytes: it
/// is refused by name once past the limit, not read.
#[test]
fn a_zip_bomb_is_refused_by_name() {
    let mut p = parts(&workbook());
    let bomb = vec![b' '; 300 << 20];
    for (n, b) in &mut p {
        if n == SHEET {
            *b = bomb.clone();
        }
    }
    let bytes = pack(&p);
    assert!(bytes.len() < 2 << 20);
    let l = lines(&load(bytes));
    assert!(l.iter().any(|l| l.contains(SHEET) && l.contains("MiB")), "{l:?}");
}

/// A zip naming one part twice, or in two cases: one is read.
#[test]
fn duplicate_part_names_are_one_sentence_or_read() {
    let mut p = parts(&workbook());
    let sheet = p.iter().find(|(n, _)| n == SHEET).unwrap().clone();
    p.push((SHEET.to_uppercase(), b"<worksheet><sheetData><row><c><v>1</c></row></sheetData></worksheet>".to_vec()));
    lines(&load(pack(&p)));
    let mut raw = pack(&p);
    // The same name twice: zip's writer refuses, so rename the copy in the bytes.
    let upper = SHEET.to_uppercase();
    let at: Vec<usize> =
        raw.windows(upper.len()).enumerate().filter(|(_, w)| *w == upper.as_bytes()).map(|(i, _)| i).collect();
    for i in at {
        raw[i..i + upper.len()].copy_from_slice(sheet.0.as_bytes());
    }
    lines(&load(raw));
}

#[derive(Debug, Clone)]
enum Damage {
    Flip(prop::sample::Index, u8),
    Cut(prop::sample::Index),
    Swap(prop::sample::Index, prop::sample::Index),
    Drop(prop::sample::Index),
    Edit(prop::sample::Index, prop::sample::Index, String),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Damage::Flip(i, b)),
        any::<prop::sample::Index>().prop_map(Damage::Cut),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>()).prop_map(|(a, b)| Damage::Swap(a, b)),
        any::<prop::sample::Index>().prop_map(Damage::Drop),
        (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            prop::sample::select(vec![
                "<",
                "\"",
                "&#xD800;",
                "&#0;",
                "r=\"A99999999999\"",
                "<row r=\"0\">",
                "<row r=\"1048577\">",
                "t=\"s\"",
                "<v>4294967296</v>",
                "<v>999</v>",
                "numFmtId=\"99999999999\"",
                "<!DOCTYPE x>",
                "<sheet name=\"Xã\" r:id=\"rId1\"/>",
                "\u{0}",
                "\u{1b}[31m",
                "\u{202e}",
            ])
            .prop_map(str::to_owned)
        )
            .prop_map(|(p, at, s)| Damage::Edit(p, at, s)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn damaged_workbooks_never_panic(damages in prop::collection::vec(damage(), 1..4), raw in any::<bool>()) {
        let base = workbook();
        let mut p = parts(&base);
        let mut bytes = None;
        for d in damages {
            match d {
                Damage::Swap(a, b) => {
                    let (a, b) = (a.index(p.len()), b.index(p.len()));
                    let (x, y) = (p[a].1.clone(), p[b].1.clone());
                    p[a].1 = y;
                    p[b].1 = x;
                }
                Damage::Drop(a) if p.len() > 1 => {
                    p.remove(a.index(p.len()));
                }
                Damage::Edit(a, at, s) => {
                    let n = p.len();
                    let part = &mut p[a.index(n)].1;
                    let at = at.index(part.len() + 1);
                    part.splice(at..at, s.into_bytes());
                }
                Damage::Flip(i, b) if raw => {
                    let mut z = bytes.take().unwrap_or_else(|| pack(&p));
                    let i = i.index(z.len());
                    z[i] = b;
                    bytes = Some(z);
                }
                Damage::Cut(i) if raw => {
                    let mut z = bytes.take().unwrap_or_else(|| pack(&p));
                    z.truncate(i.index(z.len()));
                    bytes = Some(z);
                }
                Damage::Flip(i, b) => {
                    let n = p.len();
                    let part = &mut p[i.index(n)].1;
                    if !part.is_empty() {
                        let at = i.index(part.len());
                        part[at] = b;
                    }
                }
                _ => {}
            }
        }
        lines(&load(bytes.unwrap_or_else(|| pack(&p))));
    }
}
