//! Assignments as the flat CSV table: a `Bảng` column naming each row's
//! sheet, then every sheet's columns once (a column shared by sheets, such
//! as `Mã xã`, is one column). UTF-8 with a byte-order mark, so that Excel
//! opens it with the accents intact.

use super::layout::{Col, SHEET_COLUMN, SHEETS};
use super::to_workbook::{Cell, rows};
use crate::assignments::Assignments;

pub fn to_csv(a: &Assignments) -> Vec<u8> {
    let mut columns: Vec<Col> = Vec::new();
    for def in SHEETS {
        for c in def.columns {
            if !columns.contains(c) {
                columns.push(*c);
            }
        }
    }
    let mut out = String::from("\u{feff}");
    let header: Vec<&str> = std::iter::once(SHEET_COLUMN.0).chain(columns.iter().map(|c| c.vi())).collect();
    line(&mut out, header.into_iter().map(str::to_owned));
    for def in SHEETS {
        for row in rows(a, def.kind) {
            let field = |c: &Col| match def.columns.iter().position(|k| k == c).map(|i| &row[i]) {
                Some(Cell::Text(s)) => s.clone(),
                Some(Cell::Number(n)) => super::grid::number_text(*n),
                None => String::new(),
            };
            line(&mut out, std::iter::once(def.vi.to_owned()).chain(columns.iter().map(field)));
        }
    }
    out.into_bytes()
}

fn line(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', ';', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&f);
        }
    }
    out.push_str("\r\n");
}
