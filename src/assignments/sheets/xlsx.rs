//! Reading a workbook's sheets with calamine (xlsx as Excel and LibreOffice
//! write it; xls and ods come along for free).

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Sheets, Xlsx, open_workbook_auto_from_rs};

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
        if let Sheets::Xlsx(book) = &mut self.book {
            return stream(book, &name, index as u16);
        }
        let range = self.book.worksheet_range(&name).map_err(|e| e.to_string())?;
        let (row, col) = range.start().unwrap_or((0, 0));
        let rows = range.rows().map(|r| r.iter().map(value).collect()).collect();
        Ok(Grid { rows, places: Places::Sheet { sheet: index as u16, row, col } })
    }
}

/// Columns past this are not read: no sheet of the layout comes near it,
/// and a forged cell at column XFD on every row would otherwise cost
/// 16,384 cells of memory per row.
const MAX_COLUMNS: u32 = 1024;

/// An xlsx sheet read cell by cell: shared strings are borrowed until the
/// one copy a cell's text needs, and only the rows that hold something
/// take memory (each as wide as its own last cell), whatever dimensions
/// the file claims.
fn stream(book: &mut Xlsx<Cursor<&[u8]>>, name: &str, sheet: u16) -> Result<Grid, String> {
    let mut reader = book.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
    let mut cells: Vec<(u32, u32, Value)> = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        let (row, col) = cell.get_position();
        if col >= MAX_COLUMNS {
            continue;
        }
        let v = value_ref(cell.get_value());
        if v != Value::Empty {
            cells.push((row, col, v));
        }
    }
    let Some(first) = cells.iter().map(|c| c.0).min() else {
        return Ok(Grid { rows: Vec::new(), places: Places::Sheet { sheet, row: 0, col: 0 } });
    };
    let left = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let last = cells.iter().map(|c| c.0).max().unwrap_or(first);
    let mut rows: Vec<Vec<Value>> = vec![Vec::new(); (last - first + 1) as usize];
    for (r, c, v) in cells {
        let row = &mut rows[(r - first) as usize];
        let c = (c - left) as usize;
        if row.len() <= c {
            row.resize(c + 1, Value::Empty);
        }
        row[c] = v;
    }
    Ok(Grid { rows, places: Places::Sheet { sheet, row: first, col: left } })
}

fn value_ref(d: &DataRef) -> Value {
    match d {
        DataRef::Empty => Value::Empty,
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_owned()),
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => Value::Date(d.as_f64()),
        DataRef::DateTimeIso(s) => Value::Text(s.split('T').next().unwrap_or(s).to_owned()),
        DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Error(e.to_string()),
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
