//! Assignments kept in a spreadsheet: a workbook (xlsx, as Excel and
//! LibreOffice write it) with one sheet per level of the JSON file, or the
//! same tables as one flat CSV file whose first column names the sheet.
//!
//! Reading puts the rows together as JSON text, one value per line, and
//! hands it to the JSON validator: the format's rules live there alone.
//! Each line remembers its cell, so a problem found at a line is reported
//! at `FILE:SHEET!CELL` (CSV: `FILE:LINE:COLUMN`).

mod build;
mod csv;
mod direct;
mod emit;
mod grid;
mod layout;
mod ooxml;
mod table;
mod to_csv;
mod to_json;
mod to_workbook;
mod xlsx;

use std::collections::HashMap;

use self::build::Tables;
use self::emit::Emitter;
use self::grid::{Grid, Spot};
use self::layout::{SHEET_COLUMN, SheetDef, SheetKind, column_letters};
use self::table::Table;
use super::Outcome;
use super::fast::{self, FileIn};
use crate::jsondoc::{Problem, ProblemKind, SheetProblem};
use crate::lang::Lang;

pub use to_json::to_json;
pub use to_workbook::to_workbook;

/// The example rows of `sotay template`: one of everything.
const EXAMPLE: &str = r#"{
  "format": "sotay-assignments", "version": 1,
  "issued_by": "Ban Thường vụ Đảng ủy xã", "issued_on": "2025-07-01",
  "groups": [{
    "id": "to-1", "name": "Tổ công tác số 1",
    "members": [{ "id": "nva", "name": "Nguyễn Văn A", "role": "Tổ trưởng" }],
    "communes": [{
      "id": "xa-a", "name": "Xã A", "assigned": ["nva"],
      "contacts": [{ "name": "Trần Thị B", "role": "Bí thư Đảng ủy xã", "phone": "0912 345 678" }],
      "cells": [{ "id": "xa-a-t1", "name": "Chi bộ thôn 1", "members": 35, "assigned": ["nva"] }],
      "weaknesses": [{ "code": "petition_backlog", "note": "Đơn thư tồn đọng", "baseline": { "resolution_rate": 70 } }]
    }]
  }]
}"#;

/// What `convert` can write, by the output's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Json,
    Xlsx,
    Csv,
}

impl Form {
    pub fn of(path: &std::path::Path) -> Option<Form> {
        let ext = path.extension()?.to_str()?.to_lowercase();
        match ext.as_str() {
            "json" => Some(Form::Json),
            "xlsx" => Some(Form::Xlsx),
            "csv" => Some(Form::Csv),
            _ => None,
        }
    }

    pub fn write(
        self,
        a: &crate::assignments::Assignments,
        checklist: &crate::checklist::Checklist,
    ) -> Result<Vec<u8>, String> {
        match self {
            Form::Json => Ok(to_json(a).into_bytes()),
            Form::Xlsx => to_workbook(a, checklist).map_err(|e| e.to_string()),
            Form::Csv => Ok(to_csv::to_csv(a)),
        }
    }
}

/// `sotay template`: the workbook with one example row per sheet.
pub fn template(checklist: &crate::checklist::Checklist) -> Result<Vec<u8>, String> {
    Form::Xlsx.write(&example(), checklist)
}

/// The command line's words for `convert` and `template`.
pub struct Words {
    pub written: &'static str,
    pub convert_forms: &'static str,
}

pub fn words(lang: Lang) -> Words {
    match lang {
        Lang::Vi => {
            Words { written: "Đã ghi", convert_forms: "tệp ghi ra phải có đuôi .json, .xlsx hoặc .csv" }
        }
        Lang::En => Words { written: "Written", convert_forms: "the output file must end in .json, .xlsx or .csv" },
    }
}

/// The template's example, as a model.
pub fn example() -> crate::assignments::Assignments {
    super::load_json(&[("mau.json".into(), EXAMPLE.as_bytes().to_vec())], crate::checklist::builtin()).assignments
}

/// A problem found while reading sheets, with the cell when known.
pub type Trouble = (Option<Spot>, ProblemKind);

/// Whether a named file is a spreadsheet rather than JSON: a workbook by
/// its first bytes, a CSV file by its extension.
pub fn is_sheet(name: &str, bytes: &[u8]) -> bool {
    xlsx::is_workbook(bytes) || name.to_lowercase().ends_with(".csv")
}

/// One spreadsheet read: the JSON text and where each line came from, or
/// (a workbook without problems) the document read straight from its rows
/// and the sheets to write the text from should it be needed after all.
#[derive(Default)]
struct Read {
    doc: Option<Emitter>,
    direct: Option<FileIn>,
    grids: Vec<(&'static SheetDef, Grid)>,
    sheet_names: Vec<String>,
    trouble: Vec<Trouble>,
}

impl Read {
    /// The JSON text of a workbook read straight, for the full validator.
    fn write_doc(&mut self) {
        // The rows were read straight when the grids were kept.
        if self.doc.is_some() || self.grids.is_empty() {
            return;
        }
        let mut scratch = Vec::new();
        let tables: Vec<Table> = self.grids.iter().filter_map(|(d, g)| Table::find(d, g, &mut scratch)).collect();
        let tables = Tables { tables };
        let plan = build::plan(&tables, &mut scratch);
        self.doc = Some(build::document(&tables, &plan));
    }
}

fn read(name: &str, bytes: &[u8]) -> Result<Read, Box<Problem>> {
    if xlsx::is_workbook(bytes) {
        return Ok(read_workbook(bytes));
    }
    let text = crate::jsondoc::decode(bytes).map_err(|(pos, kind)| Problem {
        file: name.to_owned(),
        pos,
        path: String::new(),
        kind,
    })?;
    Ok(read_csv(text))
}

fn read_workbook(bytes: &[u8]) -> Read {
    let fail = |t: Trouble| Read { trouble: vec![t], ..Read::default() };
    let read = if bytes.starts_with(b"PK") {
        match ooxml::Package::open(bytes, ooxml::LIMITS) {
            Ok(Some(p)) => read_package(p),
            Ok(None) => read_other(bytes),
            Err(t) => Err(t),
        }
    } else {
        read_other(bytes)
    };
    match read {
        Ok((names, grids)) => with_grids(names, grids),
        Err(t) => fail(t),
    }
}

/// Sheet names, and the grids of the sheets the layout knows, by index.
type Sheets = (Vec<String>, Vec<(usize, Grid)>);

/// An xlsx workbook, its sheets read on both cores (see `ooxml::parallel`).
fn read_package(mut p: ooxml::Package) -> Result<Sheets, Trouble> {
    let names = p.names();
    let wanted = wanted(&names)?;
    let (strings, cells) = ooxml::read_sheets(&mut p, &wanted)?;
    let grids =
        cells.into_iter().map(|(i, c)| Ok((i, ooxml::grid(c, &strings, i)?))).collect::<Result<_, Trouble>>()?;
    Ok((names, grids))
}

/// xls, ods and xlsb, through calamine.
fn read_other(bytes: &[u8]) -> Result<Sheets, Trouble> {
    let broken = |why: String| -> Trouble { (None, SheetProblem::NotWorkbook(why).into()) };
    let mut book = xlsx::Workbook::open(bytes).map_err(broken)?;
    let mut grids = Vec::new();
    for i in wanted(&book.names)? {
        grids.push((i, book.grid(i).map_err(broken)?));
    }
    Ok((book.names, grids))
}

/// The sheets the layout knows, by index: one of each kind. Thousands of
/// sheets named `Xã`, `xa`, `XA `… all pointing at one part inflating to
/// hundreds of megabytes would otherwise each read it again.
fn wanted(names: &[String]) -> Result<Vec<usize>, Trouble> {
    let mut seen: HashMap<SheetKind, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let Some(def) = SheetDef::named(name) else { continue };
        if let Some(&first) = seen.get(&def.kind) {
            let why = format!(
                "sheets \"{}\" and \"{}\" are both the {} sheet; keep one",
                ooxml::shown(&names[first]),
                ooxml::shown(name),
                def.en
            );
            return Err((None, SheetProblem::NotWorkbook(why).into()));
        }
        seen.insert(def.kind, i);
        out.push(i);
    }
    Ok(out)
}

fn with_grids(names: Vec<String>, read: Vec<(usize, Grid)>) -> Read {
    let mut trouble = Vec::new();
    let mut grids = Vec::new();
    let mut read = read.into_iter().peekable();
    for (i, n) in names.iter().enumerate() {
        match SheetDef::named(n) {
            Some(def) => {
                if let Some((_, g)) = read.next_if(|(j, _)| *j == i) {
                    grids.push((def, g));
                }
            }
            None if layout::is_quiet(n) => {}
            None => {
                let at = Spot::Cell { sheet: i as u32, row: 0, col: 0 };
                trouble.push((Some(at), SheetProblem::UnknownSheet(n.clone()).into()));
            }
        }
    }
    for kind in [SheetKind::Groups, SheetKind::Members] {
        if !grids.iter().any(|(d, _)| d.kind == kind) {
            trouble.push((
                None,
                SheetProblem::MissingSheet { vi: SheetDef::get(kind).vi, en: SheetDef::get(kind).en }.into(),
            ));
        }
    }
    let mut tables = Vec::new();
    for (def, grid) in &grids {
        if let Some(t) = Table::find(def, grid, &mut trouble) {
            tables.push(t);
        }
    }
    let (doc, direct) = {
        let Some(tables) = structure_ok(tables, &mut trouble) else {
            return Read { sheet_names: names, trouble, ..Read::default() };
        };
        let plan = build::plan(&tables, &mut trouble);
        match trouble.iter().all(|(_, k)| is_warning(k)).then(|| direct::file(&tables, &plan)).flatten() {
            Some(file) => (None, Some(file)),
            None => (Some(build::document(&tables, &plan)), None),
        }
    };
    let grids = if direct.is_some() { grids } else { Vec::new() };
    Read { doc, direct, grids, sheet_names: names, trouble }
}

/// The flat CSV: a header row, then rows whose first column (`Bảng`)
/// names the sheet they belong to; each reads the columns its sheet has.
fn read_csv(text: &str) -> Read {
    let grid = csv::parse(text);
    let mut trouble = Vec::new();
    let none = |trouble| Read { trouble, ..Read::default() };
    let Some(header) = (0..grid.len()).find(|&r| grid.row(r).iter().any(|(_, v)| !v.is_blank())) else {
        return none(vec![(None, ProblemKind::Empty)]);
    };
    let is_sheet_col = |v: &grid::Value| {
        let f = crate::text::fold(&v.text());
        f == crate::text::fold(SHEET_COLUMN.0) || f == crate::text::fold(SHEET_COLUMN.1)
    };
    let Some(col) = grid.row(header).iter().find(|(_, v)| is_sheet_col(v)).map(|c| c.0) else {
        let (vi, en) = SHEET_COLUMN;
        return none(vec![(Some(grid.spot(header, 0)), SheetProblem::MissingColumn { vi, en }.into())]);
    };
    let mut rows: HashMap<SheetKind, Vec<usize>> = HashMap::new();
    for r in header + 1..grid.len() {
        if grid.row(r).iter().all(|(_, v)| v.is_blank()) {
            continue;
        }
        let cell = grid.cell(r, col);
        match SheetDef::named(&cell.text()) {
            Some(def) => rows.entry(def.kind).or_default().push(r),
            None if cell.is_blank() => trouble.push((Some(grid.spot(r, col)), ProblemKind::EmptyText)),
            None => {
                let allowed = layout::SHEETS.iter().map(|s| s.vi).collect::<Vec<_>>().join(", ");
                trouble.push((Some(grid.spot(r, col)), ProblemKind::BadChoice { found: cell.text(), allowed }));
            }
        }
    }
    let mut tables = Vec::new();
    for def in layout::SHEETS {
        if let Some(rows) = rows.remove(&def.kind) {
            let t = Table::with_rows(def, &grid, header, rows);
            if !t.missing_columns(&mut trouble) {
                tables.push(t);
            }
        }
    }
    // `tables` borrows `grid`: build the text before it goes.
    let doc = structure_ok(tables, &mut trouble).map(|tables| {
        let plan = build::plan(&tables, &mut trouble);
        build::document(&tables, &plan)
    });
    Read { doc, trouble, ..Read::default() }
}

/// The tables, unless the sheets' structure is already wrong (a missing
/// sheet or column would make every row's problems noise); cells holding
/// a formula's error are reported.
fn structure_ok<'g>(tables: Vec<Table<'g>>, trouble: &mut Vec<Trouble>) -> Option<Tables<'g>> {
    if trouble.iter().any(|(_, k)| !is_warning(k)) {
        return None;
    }
    for t in &tables {
        t.error_cells(trouble);
    }
    Some(Tables { tables })
}

fn is_warning(kind: &ProblemKind) -> bool {
    matches!(kind, ProblemKind::UnknownField(_)) || matches!(kind, ProblemKind::Sheet(p) if p.is_warning())
}

/// Validates sources of any kind together; spreadsheets are turned into
/// JSON first and their problems placed back on their cells.
pub fn load_sources(sources: &[(String, Vec<u8>)], checklist: &crate::checklist::Checklist) -> Outcome {
    let mut problems = Vec::new();
    let mut reads: HashMap<String, Read> = HashMap::new();
    for (name, bytes) in sources.iter().filter(|(name, bytes)| is_sheet(name, bytes)) {
        match read(name, bytes) {
            Ok(r) => {
                reads.insert(name.clone(), r);
            }
            Err(p) => problems.push(*p),
        }
    }
    let mut out = match straight(sources, &mut reads, checklist) {
        Some(assignments) => Outcome { assignments, problems: Vec::new() },
        None => {
            let mut json: Vec<(String, Vec<u8>)> = Vec::new();
            for (name, bytes) in sources {
                match reads.get_mut(name) {
                    None if !is_sheet(name, bytes) => json.push((name.clone(), bytes.clone())),
                    None => {}
                    Some(r) => {
                        r.write_doc();
                        if let Some(doc) = &mut r.doc {
                            json.push((name.clone(), std::mem::take(&mut doc.text).into_bytes()));
                        }
                    }
                }
            }
            super::load_json(&json, checklist)
        }
    };
    // A spreadsheet's problems in the order of its sheets, rows and cells.
    let mut at: HashMap<&str, Vec<(Option<Order>, Problem)>> = HashMap::new();
    for (name, r) in &reads {
        let list = at.entry(name.as_str()).or_default();
        list.extend(r.trouble.iter().map(|(spot, kind)| (spot.map(order), placed(name, r, *spot, kind.clone()))));
    }
    for mut p in std::mem::take(&mut out.problems) {
        // The first use may be in a workbook, also for a JSON file's repeat.
        if let ProblemKind::Duplicate { first, .. } = &mut p.kind {
            *first = first_place(first, &reads);
        }
        let Some((name, r)) = reads.get_key_value(&p.file) else {
            problems.push(p);
            continue;
        };
        let spot = p.pos.and_then(|(line, _)| line_spot(r, line));
        at.entry(name.as_str()).or_default().push((spot.map(order), placed(name, r, spot, p.kind)));
    }
    for (name, _) in sources {
        if let Some(mut list) = at.remove(name.as_str()) {
            list.sort_by_key(|(key, _)| *key);
            problems.extend(list.into_iter().map(|(_, p)| p));
        }
    }
    out.problems = problems;
    out
}

/// The fast path when every workbook was read straight from its rows and
/// every JSON file parses: the same checks as for JSON alone, no text.
fn straight(
    sources: &[(String, Vec<u8>)],
    reads: &mut HashMap<String, Read>,
    checklist: &crate::checklist::Checklist,
) -> Option<crate::assignments::Assignments> {
    if sources.iter().any(|(name, _)| reads.get(name).is_some_and(|r| r.direct.is_none())) {
        return None;
    }
    let mut files = Vec::new();
    for (name, bytes) in sources {
        let file = match reads.get_mut(name) {
            Some(r) => r.direct.take()?,
            None => fast::parse(crate::jsondoc::decode(bytes).ok()?)?,
        };
        files.push((name.as_str(), file));
    }
    fast::assemble(files, checklist)
}

fn line_spot(r: &Read, line: usize) -> Option<Spot> {
    r.doc.as_ref()?.spots.get(line.checked_sub(1)?).copied().flatten()
}

/// The first use of a duplicate, given as `FILE:LINE:COL` of the JSON
/// text, as the cell it came from.
fn first_place(first: &str, reads: &HashMap<String, Read>) -> String {
    for (name, r) in reads {
        if let Some(rest) = first.strip_prefix(name.as_str()).and_then(|s| s.strip_prefix(':'))
            && let Some(line) = rest.split(':').next().and_then(|l| l.parse().ok())
        {
            let p = placed(name, r, line_spot(r, line), ProblemKind::Empty);
            return match p.pos {
                Some((l, c)) => format!("{}:{l}:{c}", p.file),
                None => p.file,
            };
        }
    }
    first.to_owned()
}

/// Sheet, row and column (CSV: 0, line and column).
type Order = (u32, u32, u32);

fn order(s: Spot) -> Order {
    match s {
        Spot::Cell { sheet, row, col } => (sheet, row, col),
        Spot::Line { line, col } => (0, line, col),
    }
}

/// A problem at a cell: `FILE:SHEET!CELL` for a workbook (the sheet and
/// cell go with the file's name, as a spreadsheet user writes a place),
/// `FILE:LINE:COLUMN` for CSV.
fn placed(name: &str, r: &Read, spot: Option<Spot>, kind: ProblemKind) -> Problem {
    let (file, pos) = match spot {
        Some(Spot::Cell { sheet, row, col }) => {
            let sheet = r.sheet_names.get(sheet as usize).map_or("", String::as_str);
            (format!("{name}:{sheet}!{}{}", column_letters(col), row + 1), None)
        }
        Some(Spot::Line { line, col }) => (name.to_owned(), Some((line as usize, col as usize))),
        None => (name.to_owned(), None),
    };
    Problem { file, pos, path: String::new(), kind }
}
