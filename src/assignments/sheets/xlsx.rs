//! Workbooks other than xlsx (xls, ods, xlsb), read with calamine; xlsx,
//! what committees use, is read by [`super::ooxml`].

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
        let mut g = Grid::new(Places::Sheet(index as u32));
        for (r, cells) in range.rows().enumerate() {
            let mut started = false;
            for (c, d) in cells.iter().enumerate() {
                let v = value(d);
                if v == Value::Empty {
                    continue;
                }
                if !started {
                    g.start_row(row + r as u32);
                    started = true;
                }
                g.push(col + c as u32, v);
            }
        }
        Ok(g)
    }
}

fn value(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.as_str().into()),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => Value::Date(d.as_f64()),
        // ods and some writers store dates as ISO text.
        Data::DateTimeIso(s) => Value::Text(s.split('T').next().unwrap_or(s).into()),
        Data::DurationIso(s) => Value::Text(s.as_str().into()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}
