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
fn sheets(r: &Report) -> Vec<Table> {
    let facts = super::facts::Facts::new(r);
    vec![
        super::overview_sheet::overview(r, &facts),
        tables::visits(r),
        tables::findings(r),
        tables::numbers_sheet(r),
        tables::follow_ups(r),
        tables::conflicts(r),
    ]
}

pub fn render(r: &Report) -> Result<Vec<u8>, String> {
    build(r).map_err(|e| e.to_string())
}

fn build(r: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let formats = Formats {
        header: Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top),
        date: Format::new().set_num_format("dd/mm/yyyy").set_align(FormatAlign::Top),
        time: Format::new().set_num_format("dd/mm/yyyy hh:mm").set_align(FormatAlign::Top),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        top: Format::new().set_align(FormatAlign::Top),
    };
    let page = if r.lang == crate::i18n::Lang::Vi { "Trang" } else { "Page" };
    for table in sheets(r) {
        let ws = wb.add_worksheet();
        sheet(ws, &table, &formats)?;
        // Printed as a clerk would set it up by hand: A4 landscape, every
        // column on the page, the header on every page, pages numbered.
        ws.set_paper_size(A4);
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0)?;
        ws.set_footer(format!("&C{page} &P/&N"));
    }
    wb.save_to_buffer()
}

struct Formats {
    header: Format,
    date: Format,
    time: Format,
    wrap: Format,
    top: Format,
}

/// Characters of the longest line.
fn longest_line(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// Lines a wrapped text takes in a column `width` characters wide.
fn lines_in(s: &str, width: usize) -> usize {
    s.lines().map(|l| l.chars().count().div_ceil(width.max(1)).max(1)).sum::<usize>().max(1)
}

fn sheet(ws: &mut Worksheet, t: &Table, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(t.name)?;
    // Sized first, so that a wrapped cell's row can be made tall enough.
    let mut widths: Vec<usize> = t.headers.iter().map(|h| h.chars().count().min(20)).collect();
    for row in &t.rows {
        for (c, cell) in row.iter().enumerate() {
            let width = match cell {
                Cell::Text(s) => longest_line(s),
                Cell::Num(n) => crate::text::number(*n).len(),
                Cell::Date(d) => d.chars().count().max(10),
                Cell::Time(_) => 16,
                Cell::Bool(_) => 5,
                Cell::Empty => 0,
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(width);
            }
        }
    }
    let widths: Vec<usize> = widths.into_iter().map(|w| (w + 2).min(MAX_WIDTH)).collect();
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w as f64)?;
    }
    let header_lines = t.headers.iter().zip(&widths).map(|(h, w)| lines_in(h, w - 1)).max().unwrap_or(1);
    for (c, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h.as_ref(), &f.header)?;
    }
    if header_lines > 1 {
        ws.set_row_height(0, LINE_HEIGHT * header_lines as f64)?;
    }
    for (i, row) in t.rows.iter().enumerate() {
        let r = i as u32 + 1;
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
        // Spreadsheets do not grow a row for wrapped text on opening.
        if lines > 1 {
            ws.set_row_height(r, LINE_HEIGHT * lines as f64)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn date(d: &str) -> Option<ExcelDateTime> {
    let x: jiff::civil::Date = d.parse().ok()?;
    ExcelDateTime::from_ymd(u16::try_from(x.year()).ok()?, x.month() as u8, x.day() as u8).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn wrapped_text_counts_its_lines() {
        assert_eq!(super::lines_in("một\nhai", 40), 2);
        assert_eq!(super::lines_in(&"a".repeat(100), 40), 3);
        assert_eq!(super::lines_in("", 40), 1);
        assert_eq!(super::longest_line("ngắn\nmột dòng dài hơn"), 16);
    }
}
