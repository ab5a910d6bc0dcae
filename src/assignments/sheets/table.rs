//! Finding a sheet's header row and columns, and its data rows.

use super::Trouble;
use super::grid::{Grid, Spot, Value};
use super::layout::{Col, SheetDef};
use crate::jsondoc::SheetProblem;
use crate::text::fold;

/// A sheet's data: which grid column holds each known column, and which
/// grid rows hold data.
pub struct Table<'g> {
    pub def: &'static SheetDef,
    pub grid: &'g Grid,
    cols: Vec<(Col, u32)>,
    /// The header row, to place problems with the sheet as a whole.
    pub header: usize,
    pub rows: Vec<usize>,
}

/// How many rows from the top a header may sit under a title.
const HEADER_SEARCH: u32 = 10;

impl<'g> Table<'g> {
    /// The header is the row (among the first few) naming most of the
    /// sheet's columns; a header split over two rows by merged cells
    /// ("Thông tin xã" over "Mã xã | Tên xã") takes names from the rows
    /// just above it too. Missing required columns are reported.
    pub fn find(def: &'static SheetDef, grid: &'g Grid, trouble: &mut Vec<Trouble>) -> Option<Table<'g>> {
        let named = |row: usize| -> Vec<(Col, u32)> {
            let mut out = Vec::new();
            for &(i, ref v) in grid.row(row) {
                if let Value::Text(s) = v {
                    let f = fold(s);
                    if let Some(&c) = def.columns.iter().find(|c| c.matches(&f))
                        && !out.iter().any(|(k, _)| *k == c)
                    {
                        out.push((c, i));
                    }
                }
            }
            out
        };
        let mut best: Option<(usize, Vec<(Col, u32)>)> = None;
        let top = grid.at(0);
        for row in (0..grid.len()).take_while(|&r| grid.at(r) - top < HEADER_SEARCH) {
            let cols = named(row);
            if !cols.is_empty() && best.as_ref().is_none_or(|(_, b)| cols.len() > b.len()) {
                best = Some((row, cols));
            }
        }
        let Some((header, mut cols)) = best else {
            let spot = grid.spot(0, 0);
            trouble.push((Some(spot), SheetProblem::NoHeader { vi: def.vi, en: def.en }.into()));
            return None;
        };
        // The two rows just above, when the sheet has them.
        let near = grid.at(header).saturating_sub(2);
        for above in (0..header).filter(|&r| grid.at(r) >= near) {
            for (c, i) in named(above) {
                if !cols.iter().any(|(k, j)| *k == c || *j == i) {
                    cols.push((c, i));
                }
            }
        }
        let missing: Vec<Col> = def.required().iter().copied().filter(|c| !cols.iter().any(|(k, _)| k == c)).collect();
        if !missing.is_empty() {
            let after = grid.end(header);
            for c in missing {
                trouble.push((
                    Some(grid.spot(header, after)),
                    SheetProblem::MissingColumn { vi: c.vi(), en: c.en() }.into(),
                ));
            }
            return None;
        }
        let rows =
            (header + 1..grid.len()).filter(|&r| cols.iter().any(|&(_, i)| !grid.cell(r, i).is_blank())).collect();
        Some(Table { def, grid, cols, header, rows })
    }

    /// A table over some rows of a grid whose header is already known
    /// (the flat CSV, where a column says which sheet a row belongs to).
    pub fn with_rows(def: &'static SheetDef, grid: &'g Grid, header: usize, rows: Vec<usize>) -> Table<'g> {
        let mut cols = Vec::new();
        for &(i, ref v) in grid.row(header) {
            let f = fold(&v.text());
            if let Some(&c) = def.columns.iter().find(|c| c.matches(&f)) {
                cols.push((c, i));
            }
        }
        Table { def, grid, cols, header, rows }
    }

    /// Required columns absent from a CSV header, one problem each.
    pub fn missing_columns(&self, trouble: &mut Vec<Trouble>) -> bool {
        let mut missing = false;
        for c in self.def.required() {
            if !self.has(*c) {
                let after = self.grid.end(self.header);
                trouble.push((
                    Some(self.grid.spot(self.header, after)),
                    SheetProblem::MissingColumn { vi: c.vi(), en: c.en() }.into(),
                ));
                missing = true;
            }
        }
        missing
    }

    /// Cells a formula left an error in (`#N/A`), one problem each.
    pub fn error_cells(&self, trouble: &mut Vec<Trouble>) {
        for &r in &self.rows {
            for &(_, i) in &self.cols {
                if let Value::Error(e) = self.grid.cell(r, i) {
                    trouble.push((Some(self.grid.spot(r, i)), SheetProblem::ErrorCell(e.clone()).into()));
                }
            }
        }
    }

    pub fn has(&self, col: Col) -> bool {
        self.cols.iter().any(|(c, _)| *c == col)
    }

    fn index(&self, col: Col) -> Option<u32> {
        self.cols.iter().find(|(c, _)| *c == col).map(|&(_, i)| i)
    }

    pub fn value(&self, row: usize, col: Col) -> &Value {
        static EMPTY: Value = Value::Empty;
        self.index(col).map_or(&EMPTY, |i| self.grid.cell(row, i))
    }

    pub fn text(&self, row: usize, col: Col) -> String {
        self.value(row, col).text()
    }

    /// Where a row's cell is; a column the sheet lacks places at the
    /// row's first cell.
    pub fn spot(&self, row: usize, col: Col) -> Spot {
        self.grid.spot(row, self.index(col).unwrap_or(0))
    }
}
