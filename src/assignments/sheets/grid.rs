//! A sheet as rows of cell values, whether it came from a workbook or a
//! CSV file, and the place of each cell for messages.

/// A cell's value as the spreadsheet stored it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(std::sync::Arc<str>),
    /// Excel stores every number as a float: `41.0` is 41.
    Number(f64),
    Bool(bool),
    /// A date or time as Excel's serial day number.
    Date(f64),
    /// An error a formula left behind (`#N/A`, `#REF!`).
    Error(String),
}

impl Value {
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way a person reads it: trimmed, whole numbers
    /// without `.0` (ids typed as numbers), dates as `YYYY-MM-DD`.
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.trim().to_owned(),
            Value::Number(n) => number_text(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Value::Date(d) => serial_date(*d).unwrap_or_else(|| number_text(*d)),
            Value::Error(e) => e.clone(),
        }
    }
}

pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { n.to_string() }
}

/// Excel's day number (1900 system, as every current Excel and LibreOffice
/// write xlsx) to `YYYY-MM-DD`; day 0 is 1899-12-30 because Excel counts
/// the non-existent 1900-02-29.
pub fn serial_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = jiff::civil::date(1899, 12, 30);
    let day = epoch.checked_add(jiff::Span::new().days(serial.floor() as i64)).ok()?;
    Some(day.to_string())
}

/// Where a cell is, for a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    /// A workbook cell: sheet (index into the reader's sheet names), row
    /// and column, 0-based.
    Cell { sheet: u32, row: u32, col: u32 },
    /// A CSV field: 1-based line and column (in characters).
    Line { line: u32, col: u32 },
}

/// One sheet's rows, with where each cell is. Only what the sheet holds
/// takes memory: rows without cells are left out and each row keeps its
/// cells as (column, value), so a stray cell far to the right or far
/// below costs one entry, not the rectangle up to it.
pub struct Grid {
    /// Per stored row: its number (0-based row of the sheet, or record
    /// of the CSV file) and where its cells start in `cells`.
    rows: Vec<(u32, usize)>,
    /// Every row's cells in turn, each row's by column.
    cells: Vec<(u32, Value)>,
    /// How to place a cell.
    places: Places,
}

pub enum Places {
    /// A worksheet (index into the reader's sheet names).
    Sheet(u32),
    /// CSV: the line and column of each field.
    Csv(Vec<Vec<(u32, u32)>>),
}

impl Grid {
    pub fn new(places: Places) -> Grid {
        Grid { rows: Vec::new(), cells: Vec::new(), places }
    }

    /// A grid holding every field of every row (CSV).
    pub fn dense(rows: Vec<Vec<Value>>, places: Places) -> Grid {
        let mut g = Grid::new(places);
        for (i, row) in rows.into_iter().enumerate() {
            g.start_row(i as u32);
            g.cells.extend(row.into_iter().enumerate().map(|(c, v)| (c as u32, v)));
        }
        g
    }

    /// Starts the next row; rows come top to bottom.
    pub fn start_row(&mut self, at: u32) {
        self.rows.push((at, self.cells.len()));
    }

    /// A cell of the row last started; cells come left to right.
    pub fn push(&mut self, col: u32, value: Value) {
        self.cells.push((col, value));
    }

    /// A cell given again at the same place: the later value stands.
    pub fn replace_last(&mut self, value: Value) {
        if let Some(last) = self.cells.last_mut() {
            last.1 = value;
        }
    }

    /// How many rows hold cells.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// How many cells are kept, for all rows.
    #[cfg(test)]
    pub fn stored(&self) -> usize {
        self.cells.len()
    }

    /// Stored row `i`'s number: rows apart by this much are that far apart
    /// on the sheet.
    pub fn at(&self, i: usize) -> u32 {
        self.rows.get(i).map_or(0, |r| r.0)
    }

    /// Stored row `i`'s cells, left to right.
    pub fn row(&self, i: usize) -> &[(u32, Value)] {
        let Some(&(_, start)) = self.rows.get(i) else { return &[] };
        let end = self.rows.get(i + 1).map_or(self.cells.len(), |r| r.1);
        &self.cells[start..end]
    }

    pub fn cell(&self, i: usize, col: u32) -> &Value {
        static EMPTY: Value = Value::Empty;
        let row = self.row(i);
        row.binary_search_by_key(&col, |c| c.0).map_or(&EMPTY, |k| &row[k].1)
    }

    /// The column just right of row `i`'s last cell.
    pub fn end(&self, i: usize) -> u32 {
        self.row(i).last().map_or(0, |c| c.0 + 1)
    }

    /// The place of a cell, also past the end of a short row.
    pub fn spot(&self, i: usize, col: u32) -> Spot {
        match &self.places {
            Places::Sheet(sheet) => Spot::Cell { sheet: *sheet, row: self.at(i), col },
            Places::Csv(lines) => {
                let Some(fields) = lines.get(i) else {
                    return Spot::Line { line: 1, col: 1 };
                };
                match fields.get(col as usize) {
                    Some(&(line, c)) => Spot::Line { line, col: c },
                    // A field the row leaves out: just past its last one.
                    None => fields
                        .last()
                        .map_or(Spot::Line { line: 1, col: 1 }, |&(line, c)| Spot::Line { line, col: c + 1 }),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates_are_days_since_1899_12_30() {
        assert_eq!(serial_date(45658.0).as_deref(), Some("2025-01-01"));
        assert_eq!(serial_date(45658.75).as_deref(), Some("2025-01-01"));
        assert_eq!(serial_date(0.5), None);
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(Value::Number(1659.0).text(), "1659");
        assert_eq!(Value::Number(41.5).text(), "41.5");
        assert_eq!(Value::Text("  tct-1 \u{a0}".into()).text(), "tct-1");
        assert_eq!(Value::Date(45658.0).text(), "2025-01-01");
    }
}
