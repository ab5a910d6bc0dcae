//! A sheet as rows of cell values, whether it came from a workbook or a
//! CSV file, and the place of each cell for messages.

/// A cell's value as the spreadsheet stored it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
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
    Cell { sheet: u16, row: u32, col: u32 },
    /// A CSV field: 1-based line and column (in characters).
    Line { line: u32, col: u32 },
}

/// One sheet's rows, with where each cell is.
pub struct Grid {
    pub rows: Vec<Vec<Value>>,
    /// How to place a cell.
    pub places: Places,
}

pub enum Places {
    /// A worksheet whose first stored cell is at (row, col).
    Sheet { sheet: u16, row: u32, col: u32 },
    /// CSV: the line and column of each field.
    Csv(Vec<Vec<(u32, u32)>>),
}

impl Grid {
    pub fn cell(&self, row: usize, col: usize) -> &Value {
        static EMPTY: Value = Value::Empty;
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&EMPTY)
    }

    /// The place of a cell, also past the end of a short row.
    pub fn spot(&self, row: usize, col: usize) -> Spot {
        match &self.places {
            Places::Sheet { sheet, row: r0, col: c0 } => {
                Spot::Cell { sheet: *sheet, row: r0 + row as u32, col: c0 + col as u32 }
            }
            Places::Csv(lines) => {
                let Some(fields) = lines.get(row) else {
                    return Spot::Line { line: 1, col: 1 };
                };
                match fields.get(col) {
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
