//! The XLSX export: one sheet per table (visits, findings, numbers,
//! follow-ups, unresolved conflicts); numbers stored as numbers, dates as
//! real dates with a date format, the header row frozen, columns sized to
//! their content.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::Report;
use super::tables::{Cell, Table, all};

/// Widest a column is made, in characters: notes can be long.
const MAX_WIDTH: usize = 60;

pub fn render(r: &Report) -> Result<Vec<u8>, String> {
    build(r).map_err(|e| e.to_string())
}

fn build(r: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let formats = Formats {
        header: Format::new().set_bold(),
        date: Format::new().set_num_format("dd/mm/yyyy"),
        time: Format::new().set_num_format("dd/mm/yyyy hh:mm:ss"),
    };
    for table in all(r) {
        let ws = wb.add_worksheet();
        sheet(ws, &table, &formats)?;
    }
    wb.save_to_buffer()
}

struct Formats {
    header: Format,
    date: Format,
    time: Format,
}

fn sheet(ws: &mut Worksheet, t: &Table, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(t.name)?;
    let mut widths: Vec<usize> = t.headers.iter().map(|h| h.chars().count()).collect();
    for (c, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.header)?;
    }
    for (i, row) in t.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let width = match cell {
                Cell::Text(s) => {
                    ws.write_string(r, col, s)?;
                    s.chars().count()
                }
                Cell::Num(n) => {
                    ws.write_number(r, col, *n)?;
                    crate::text::number(*n).len()
                }
                Cell::Date(d) => match date(d) {
                    Some(x) => {
                        ws.write_datetime_with_format(r, col, &x, &f.date)?;
                        10
                    }
                    // A malformed date from some device stays visible as text.
                    None => {
                        ws.write_string(r, col, d)?;
                        d.chars().count()
                    }
                },
                Cell::Time(ms) => {
                    let secs = (*ms / 1000) as f64;
                    // Excel counts days from 1899-12-30; the Unix epoch is day 25,569.
                    let serial = 25_569.0 + secs / 86_400.0;
                    ws.write_number_with_format(r, col, serial, &f.time)?;
                    19
                }
                Cell::Bool(b) => {
                    ws.write_boolean(r, col, *b)?;
                    5
                }
                Cell::Empty => 0,
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(width);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (w + 2).min(MAX_WIDTH) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn date(d: &str) -> Option<ExcelDateTime> {
    let x: jiff::civil::Date = d.parse().ok()?;
    ExcelDateTime::from_ymd(u16::try_from(x.year()).ok()?, x.month() as u8, x.day() as u8).ok()
}
