//! The XLSX export: a summary sheet (commune × item), then one sheet per
//! table (visits, findings, numbers, follow-ups, unresolved conflicts in
//! words); numbers stored as numbers, dates as real dates with a date
//! format, the header row frozen and repeated on every printed page,
//! columns sized to their content, long and multi-line text wrapped, every
//! sheet set to print on A4 landscape fitted to the page width.

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::Report;
use super::tables::{self, Cell, Table};

/// Widest a column is made, in characters: notes can be long.
const MAX_WIDTH: usize = 60;
/// Excel's default row height, in points: one line of 11 pt text.
const LINE_HEIGHT: f64 = 15.0;
/// `set_paper_size`'s code for A4.
const A4: u8 = 9;

/// Every sheet, in order: the summary first.
fn sheets<'r>(r: &'r Report) -> Vec<Table<'r>> {
    vec![
        super::overview_sheet::overview(r, super::facts::Facts::new(r)),
        tables::visits(r),
        tables::findings(r),
        tables::numbers_sheet(r),
        tables::follow_ups(r),
        tables::conflicts(r),
    ]
}

/// The workbook written into `w` as it is made: each sheet's rows go out
/// row by row (rust_xlsxwriter's constant-memory mode keeps one row and
/// spills the rest to a temporary file), then the zip is streamed.
pub fn write(r: &Report, w: &mut (dyn std::io::Write + Send)) -> Result<(), String> {
    build(r, w).map_err(|e| e.to_string())
}

fn build(r: &Report, w: &mut (dyn std::io::Write + Send)) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let formats = Formats::new();
    let page = if r.lang == crate::i18n::Lang::Vi { "Trang" } else { "Page" };
    // Without a writable temporary folder the sheets are kept in memory
    // instead: a slower, larger export beats a refused one. A failed try
    // leaves the workbook unchanged.
    let mut spill = true;
    for table in sheets(r) {
        spill = spill && wb.add_worksheet_with_constant_memory().is_ok();
        if !spill {
            wb.add_worksheet();
        }
        let Some(ws) = wb.worksheets_mut().last_mut() else { continue };
        sheet(ws, &table, &formats)?;
        // Printed as a clerk would set it up by hand: A4 landscape, every
        // column on the page, the header on every page, pages numbered.
        ws.set_paper_size(A4);
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0)?;
        ws.set_footer(format!("&C{page} &P/&N"));
    }
    wb.save_to_writer(w)
}

struct Formats {
    header: Format,
    date: Format,
    time: Format,
    wrap: Format,
    top: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top),
            date: Format::new().set_num_format("dd/mm/yyyy").set_align(FormatAlign::Top),
            time: Format::new().set_num_format("dd/mm/yyyy hh:mm").set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            top: Format::new().set_align(FormatAlign::Top),
        }
    }
}

/// Characters of the longest line.
fn longest_line(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// Lines a wrapped text takes in a column `width` characters wide.
fn lines_in(s: &str, width: usize) -> usize {
    s.lines().map(|l| l.chars().count().div_ceil(width.max(1)).max(1)).sum::<usize>().max(1)
}

/// Characters a cell needs to be read whole (its longest line).
fn width_of(cell: &Cell) -> usize {
    match cell {
        Cell::Text(s) => longest_line(s),
        Cell::Num(n) => crate::text::number(*n).len(),
        Cell::Date(d) => d.chars().count().max(10),
        Cell::Time(_) => 16,
        Cell::Bool(_) => 5,
        Cell::Empty => 0,
    }
}

fn sheet(ws: &mut Worksheet, t: &Table, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(t.name)?;
    // Sized in a first pass over the rows, so that a wrapped cell's row can
    // be made tall enough when it is written in the second.
    let mut widths: Vec<usize> = t.headers.iter().map(|h| h.chars().count().min(20)).collect();
    (t.rows)(&mut |row| {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width_of(cell));
        }
    });
    let widths: Vec<usize> = widths.into_iter().map(|w| (w + 2).min(MAX_WIDTH)).collect();
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w as f64)?;
    }
    let header_lines = t.headers.iter().zip(&widths).map(|(h, w)| lines_in(h, w - 1)).max().unwrap_or(1);
    // Row heights are set before the row's cells: in constant-memory mode a
    // row goes out when the next one is started.
    if header_lines > 1 {
        ws.set_row_height(0, LINE_HEIGHT * header_lines as f64)?;
    }
    for (c, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h.as_ref(), &f.header)?;
    }
    let mut next = 1u32;
    let mut last_tall = header_lines > 1;
    let mut failed = None;
    (t.rows)(&mut |row| {
        match write_row(ws, next, row, &widths, f) {
            Ok(tall) => last_tall = tall,
            Err(e) => {
                failed.get_or_insert(e);
            }
        }
        next += 1;
    });
    if let Some(e) = failed {
        return Err(e);
    }
    // rust_xlsxwriter 0.102 writes a last row that has a height twice
    // (`<row r="N" ht=…/>` again after it), which Excel repairs. A blank
    // cell below it makes it an ordinary row; the blank shows nothing.
    if last_tall {
        ws.write_blank(next, 0, &f.top)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Writes one row; `true` when it was made taller than one line.
fn write_row(ws: &mut Worksheet, r: u32, row: &[Cell], widths: &[usize], f: &Formats) -> Result<bool, XlsxError> {
    let width = |c: usize| widths.get(c).copied().unwrap_or(MAX_WIDTH) - 1;
    let wraps = |c: usize, s: &str| s.contains('\n') || s.chars().count() > width(c);
    let lines = row
        .iter()
        .enumerate()
        .map(|(c, cell)| match cell {
            Cell::Text(s) if wraps(c, s) => lines_in(s, width(c)),
            _ => 1,
        })
        .max()
        .unwrap_or(1);
    // Spreadsheets do not grow a row for wrapped text on opening.
    if lines > 1 {
        ws.set_row_height(r, LINE_HEIGHT * lines as f64)?;
    }
    // A tall row's cells read from the top; a one-line row needs no
    // format (looking one up per cell is most of the writing time).
    let top = if lines > 1 { Some(&f.top) } else { None };
    for (c, cell) in row.iter().enumerate() {
        let col = c as u16;
        match cell {
            Cell::Text(s) if wraps(c, s) => {
                ws.write_string_with_format(r, col, s, &f.wrap)?;
            }
            Cell::Text(s) => match top {
                Some(t) => ws.write_string_with_format(r, col, s, t).map(|_| ())?,
                None => ws.write_string(r, col, s).map(|_| ())?,
            },
            Cell::Num(n) => match top {
                Some(t) => ws.write_number_with_format(r, col, *n, t).map(|_| ())?,
                None => ws.write_number(r, col, *n).map(|_| ())?,
            },
            Cell::Date(d) => match date(d) {
                Some(x) => {
                    ws.write_datetime_with_format(r, col, &x, &f.date)?;
                }
                // A malformed date from some device stays visible as text.
                None => {
                    ws.write_string(r, col, d)?;
                }
            },
            Cell::Time(ms) => {
                let secs = (*ms / 1000) as f64;
                // Excel counts days from 1899-12-30; the Unix epoch is day 25,569.
                let serial = 25_569.0 + secs / 86_400.0;
                ws.write_number_with_format(r, col, serial, &f.time)?;
            }
            Cell::Bool(b) => match top {
                Some(t) => ws.write_boolean_with_format(r, col, *b, t).map(|_| ())?,
                None => ws.write_boolean(r, col, *b).map(|_| ())?,
            },
            Cell::Empty => {}
        }
    }
    Ok(lines > 1)
}

fn date(d: &str) -> Option<ExcelDateTime> {
    let x: jiff::civil::Date = d.parse().ok()?;
    ExcelDateTime::from_ymd(u16::try_from(x.year()).ok()?, x.month() as u8, x.day() as u8).ok()
}

#[cfg(test)]
mod tests {
    use super::{Cell, Formats, Table, Workbook};
    use std::borrow::Cow;

    /// A sheet written in constant-memory mode, as its XML.
    fn sheet_xml(headers: &[&'static str], rows: Vec<Vec<Cell>>) -> String {
        let mut wb = Workbook::new();
        let t = Table {
            name: "T",
            headers: headers.iter().map(|h| Cow::Borrowed(*h)).collect(),
            rows: Box::new(move |emit| rows.iter().for_each(|r| emit(r))),
        };
        super::sheet(wb.add_worksheet_with_constant_memory().unwrap(), &t, &Formats::new()).unwrap();
        let book = wb.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
        std::io::read_to_string(zip.by_name("xl/worksheets/sheet1.xml").unwrap()).unwrap()
    }

    /// Row numbers, in the order the rows are in the file.
    fn row_numbers(xml: &str) -> Vec<u32> {
        xml.split("<row r=\"").skip(1).map(|s| s[..s.find('"').unwrap()].parse().unwrap()).collect()
    }

    /// Excel asks to repair a sheet whose rows repeat or go backwards; a
    /// tall last row once came out twice.
    #[test]
    fn a_tall_last_row_is_written_once() {
        let xml = sheet_xml(&["a", "b"], vec![vec![Cell::Text("x".into())], vec![Cell::Text("một\nhai".into())]]);
        let rows = row_numbers(&xml);
        assert!(rows.windows(2).all(|w| w[0] < w[1]), "{rows:?}: {xml}");
        assert!(xml.contains("<row r=\"3\" ht=\"30\" customHeight=\"1\">"), "{xml}");
        assert!(xml.contains("một\nhai"), "{xml}");
        // A sheet of a header only, the header two lines tall.
        let xml = sheet_xml(&["Người chịu trách nhiệm thực hiện"], vec![]);
        let rows = row_numbers(&xml);
        assert!(rows.windows(2).all(|w| w[0] < w[1]), "{rows:?}: {xml}");
    }

    #[test]
    fn wrapped_text_counts_its_lines() {
        assert_eq!(super::lines_in("một\nhai", 40), 2);
        assert_eq!(super::lines_in(&"a".repeat(100), 40), 3);
        assert_eq!(super::lines_in("", 40), 1);
        assert_eq!(super::longest_line("ngắn\nmột dòng dài hơn"), 16);
    }
}
