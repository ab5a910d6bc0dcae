//! Reading a workbook's sheets with calamine (xlsx as Excel and LibreOffice
//! write it; xls and ods come along for free).

use std::io::Cursor;

use calamine::{Data, Reader, Sheets, open_workbook_auto_from_rs};

use super::grid::{Grid, Places, Value};

/// Whether the bytes are a zip (xlsx, ods) or an OLE file (xls).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Every worksheet's name, in the workbook's order (hidden ones included:
/// a hidden sheet still holds what it holds), and a way to read one.
pub struct Workbook<'a> {
    book: Sheets<Cursor<&'a [u8]>>,
    pub names: Vec<String>,
}

impl<'a> Workbook<'a> {
    /// `Err` with calamine's reason when the bytes are not a workbook.
    pub fn open(bytes: &'a [u8]) -> Result<Self, String> {
        let book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let names = book.sheet_names();
        Ok(Workbook { book, names })
    }

    /// Reads sheet number `index` (formulas give their cached values).
    pub fn grid(&mut self, index: usize) -> Result<Grid, String> {
        let name = self.names[index].clone();
        let range = self.book.worksheet_range(&name).map_err(|e| e.to_string())?;
        let (row, col) = range.start().unwrap_or((0, 0));
        let rows = range.rows().map(|r| r.iter().map(value).collect()).collect();
        Ok(Grid { rows, places: Places::Sheet { sheet: index as u16, row, col } })
    }
}

fn value(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => Value::Date(d.as_f64()),
        // ods and some writers store dates as ISO text.
        Data::DateTimeIso(s) => Value::Text(s.split('T').next().unwrap_or(s).to_owned()),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}
