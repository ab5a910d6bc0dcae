//! A workbook's sheets on both cores. The largest sheet (a national file's
//! cells sheet: 20 MB of XML, most of the work) is inflated on a second
//! thread, which then reads its first eleven sixteenths while this one reads
//! the shared strings, the other sheets and then the rest of it, cut at a
//! row. Any doubt about the cut (an error in either piece, the data ending
//! early, too many cells) and the sheet is read whole, so what is found
//! and where is the same as reading it in one piece.

use std::sync::mpsc;
use std::sync::{Arc, mpsc::Sender};

use super::super::Trouble;
use super::sheet::{self, Cell, Data};
use super::{Package, broken};

/// The shared strings, and each wanted sheet's cells by index, in order.
pub type Sheets = (Vec<Arc<str>>, Vec<(usize, Vec<Cell>)>);

pub fn read_sheets(p: &mut Package, wanted: &[usize]) -> Result<Sheets, Trouble> {
    let dates = p.dates()?;
    let largest = wanted.iter().copied().max_by_key(|&i| p.size(i));
    let mut other = p.another();
    let (tx, rx) = mpsc::channel::<(Arc<String>, usize)>();
    let (far, own, second) = std::thread::scope(|scope| {
        let (other, dates) = (&mut other, &dates);
        let far = match largest {
            Some(i) => Some(scope.spawn(move || far_sheet(other, i, dates, tx))),
            None => {
                drop(tx);
                None
            }
        };
        let own = (|| {
            let strings = p.strings()?;
            let mut cells = Vec::new();
            for &i in wanted.iter().filter(|&&i| Some(i) != largest) {
                cells.push((i, p.cells(i, dates)?));
            }
            Ok::<_, Trouble>((strings, cells))
        })();
        let second = match (rx.recv(), largest) {
            (Ok((text, at)), Some(i)) => Some(sheet::read_from(&text[at..], &p.ctx(i, dates), true)),
            _ => None,
        };
        let far = far.map(|h| h.join().unwrap_or_else(|_| Err(broken("a sheet could not be read"))));
        (far, own, second)
    });
    let (strings, mut cells) = own?;
    if let Some(far) = far {
        let far = far?;
        let index = far.index;
        cells.push((index, join(p, far, second, &dates)?));
        cells.sort_by_key(|(i, _)| *i);
    }
    Ok((strings, cells))
}

/// The largest sheet as the second thread leaves it.
struct Far {
    index: usize,
    text: Option<Arc<String>>,
    cut: Option<usize>,
    first: Piece,
}

fn far_sheet(p: &mut Package, index: usize, dates: &[bool], tx: Sender<(Arc<String>, usize)>) -> Result<Far, Trouble> {
    let Some(text) = p.sheet_text(index)? else {
        return Ok(Far { index, text: None, cut: None, first: Ok((Vec::new(), Data::Closed)) });
    };
    let text = Arc::new(text);
    let cut = sheet::cut(&text, text.len() / 16 * 11);
    if let Some(at) = cut {
        // The receiver gone (the other thread failed) is no matter here.
        let _ = tx.send((text.clone(), at));
    }
    drop(tx);
    let first = sheet::read_from(&text[..cut.unwrap_or(text.len())], &p.ctx(index, dates), false);
    Ok(Far { index, text: Some(text), cut, first })
}

type Piece = Result<(Vec<Cell>, Data), Trouble>;

fn join(p: &Package, far: Far, second: Option<Piece>, dates: &[bool]) -> Result<Vec<Cell>, Trouble> {
    let Some(text) = far.text else { return Ok(Vec::new()) };
    let ctx = p.ctx(far.index, dates);
    if far.cut.is_none() {
        return far.first.map(|(cells, _)| cells);
    }
    // The first piece must stop inside the sheet data: a cut before it
    // (at a row of some other element) would read that row as data.
    if let (Ok((mut cells, Data::Open)), Some(Ok((rest, _)))) = (far.first, second)
        && cells.len() + rest.len() <= ctx.max_cells
    {
        cells.extend(rest);
        return Ok(cells);
    }
    sheet::read(&text, &ctx)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::super::LIMITS;
    use super::*;
    use crate::assignments::sheets::grid::Spot;

    /// A package as a minimal writer makes it: no shared strings, no
    /// styles, a `x:` prefix, inline strings, rows without numbers after
    /// the first.
    fn package(sheet_data: &str) -> Vec<u8> {
        package_of(&format!("<x:worksheet xmlns:x=\"m\"><x:sheetData>{sheet_data}</x:sheetData></x:worksheet>"))
    }

    fn package_of(worksheet: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let files = [
            ("_rels/.rels", format!(r#"<Relationships><Relationship Id="r1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)),
            ("xl/workbook.xml", r#"<x:workbook xmlns:x="m" xmlns:r="r"><x:sheets><x:sheet name="Chi bộ" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>"#.to_owned()),
            ("xl/_rels/workbook.xml.rels", format!(r#"<Relationships><Relationship Id="rId1" Type="{rel}/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>"#)),
            ("xl/worksheets/sheet1.xml", worksheet.to_owned()),
        ];
        for (name, text) in files {
            zip.start_file(name, opts).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn rows(n: usize, bad: Option<usize>) -> String {
        (1..=n)
            .map(|r| {
                let cell =
                    if Some(r) == bad { "<x:c><x:v>1</x:c>".to_owned() } else { format!("<x:c><x:v>{r}</x:v></x:c>") };
                let number = if r % 7 == 1 { format!(" r=\"{r}\"") } else { String::new() };
                format!("<x:row{number}><x:c t=\"inlineStr\"><x:is><x:t>c{r}</x:t></x:is></x:c>{cell}</x:row>")
            })
            .collect()
    }

    fn both(bytes: &[u8]) -> (Result<Sheets, Trouble>, Result<Vec<Cell>, Trouble>) {
        let mut p = Package::open(bytes, LIMITS).unwrap().unwrap();
        let cut = read_sheets(&mut p, &[0]);
        (cut, p.cells(0, &[]))
    }

    fn places(cells: &[Cell]) -> Vec<(u32, u32)> {
        cells.iter().map(|c| (c.row, c.col)).collect()
    }

    #[test]
    fn a_sheet_cut_in_two_reads_as_one() {
        let bytes = package(&rows(3000, None));
        let (cut, whole) = both(&bytes);
        let (strings, cells) = cut.unwrap();
        assert!(strings.is_empty());
        let whole = whole.unwrap();
        assert_eq!(whole.len(), 6000);
        assert_eq!(places(&cells[0].1), places(&whole));
        assert_eq!((whole[5999].row, whole[5999].col), (2999, 1));
    }

    #[test]
    fn a_problem_in_either_piece_is_found_as_in_one() {
        for bad in [100, 2900] {
            let bytes = package(&rows(3000, Some(bad)));
            let (cut, whole) = both(&bytes);
            let (Err(cut), Err(whole)) = (cut, whole) else { panic!("row {bad} read") };
            assert_eq!(cut, whole);
            assert_eq!(cut.0, Some(Spot::Cell { sheet: 0, row: bad as u32 - 1, col: 1 }));
        }
    }

    #[test]
    fn a_part_over_the_limit_is_refused_by_name() {
        let bytes = package(&rows(50, None));
        let mut p = Package::open(&bytes, super::super::Limits { part: 1000, cells: 10 }).unwrap().unwrap();
        let (spot, kind) = read_sheets(&mut p, &[0]).err().unwrap();
        assert_eq!(spot, None);
        let p = crate::jsondoc::Problem { file: "p.xlsx".into(), pos: None, path: String::new(), kind };
        assert_eq!(
            p.render(crate::lang::Lang::En),
            "p.xlsx: the workbook's part \"xl/worksheets/sheet1.xml\" is over 0 MiB once unpacked: a damaged \
             file, or not assignments"
        );
    }

    /// Every prefix of a sheet, and the sheet with any one byte changed,
    /// reads or is refused: never a panic or a hang.
    #[test]
    fn cut_or_damaged_sheets_are_refused_not_a_panic() {
        let text = format!("<worksheet><sheetData>{}</sheetData></worksheet>", rows(3, Some(2)));
        let ctx = sheet::Ctx { sheet: 0, part: "s.xml", dates: &[], date1904: false, max_cells: 100 };
        for end in 0..=text.len() {
            let _ = sheet::read(&text[..end], &ctx);
        }
        for at in 0..text.len() {
            for b in [b'<', b'>', b'"', b'/', b'&', b'x', b' '] {
                let mut bytes = text.clone().into_bytes();
                bytes[at] = b;
                let _ = sheet::read(std::str::from_utf8(&bytes).unwrap(), &ctx);
            }
        }
    }

    /// A numbered row before the sheet data (in an element no reader looks
    /// into) where the cut falls: read whole it is not data, and cut in
    /// two it must not become data either.
    #[test]
    fn a_cut_before_the_sheet_data_is_not_taken() {
        let ghost = r#"<x:row r="1"><x:c t="inlineStr"><x:is><x:t>ghost</x:t></x:is></x:c></x:row>"#;
        let sheet = format!(
            "<x:worksheet xmlns:x=\"m\"><x:extLst><x:ext>{}{ghost}</x:ext></x:extLst><x:sheetData>{}</x:sheetData></x:worksheet>",
            " ".repeat(20_000),
            rows(20, None)
        );
        let (cut, whole) = both(&package_of(&sheet));
        let (whole, cut) = (whole.unwrap(), cut.unwrap().1.remove(0).1);
        assert_eq!(whole.len(), 40);
        assert_eq!(places(&cut), places(&whole));
    }

    #[test]
    fn cuts_fall_on_numbered_rows_only() {
        let text =
            "<sheetData><row r=\"1\"><c><v>1</v></c></row><row><c><v>2</v></c></row><x:row r=\"3\"/></sheetData>";
        let at = sheet::cut(text, 12).unwrap();
        assert!(text[at..].starts_with("<x:row r=\"3\""));
        assert_eq!(sheet::cut("<sheetData><row><c/></row><row><c/></row></sheetData>", 12), None);
        // What the tokenizer reads as `b:row`, not a row.
        assert_eq!(sheet::cut("<sheetData><row><c/></row><a:b:row r=\"2\"><c/></a:b:row></sheetData>", 12), None);
    }
}
