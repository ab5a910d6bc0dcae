//! One worksheet's cells (`sheetN.xml`), read in one pass over the inflated
//! part: a cell costs no allocation unless it holds its own text. Only
//! cells holding something are kept, so what a sheet costs is bounded by
//! what it holds, and that by `Ctx::max_cells`, whatever it claims.

use std::sync::Arc;

use super::super::Trouble;
use super::super::grid::{Grid, Places, Spot, Value};
use super::xml::{self, Scanner, Tok};
use crate::jsondoc::SheetProblem;

/// What reading a sheet needs to know of the workbook.
pub struct Ctx<'a> {
    /// The sheet's index among the workbook's, for positions.
    pub sheet: u32,
    /// The part's name, for messages about the file's structure.
    pub part: &'a str,
    /// Per style: whether it shows a date.
    pub dates: &'a [bool],
    /// Day numbers count from 1904 (old Mac Excel) rather than 1900.
    pub date1904: bool,
    /// At most this many cells holding something.
    pub max_cells: usize,
}

/// A cell as stored: its value, or the number of a shared string (read
/// on another thread, perhaps not yet).
pub enum Raw {
    Value(Value),
    Shared(u32),
}

pub struct Cell {
    pub row: u32,
    pub col: u32,
    pub raw: Raw,
}

fn broken(ctx: &Ctx, spot: Option<Spot>, why: String) -> Trouble {
    (spot, SheetProblem::NotWorkbook(format!("{}: {why}", ctx.part)).into())
}

/// Excel's grid: rows 1 to 1,048,576, columns A to XFD. A place past it
/// is no workbook's, and a row counted on from `u32::MAX` would overflow
/// the `row + 1` of a message.
const ROWS: u32 = 1 << 20;
const COLS: u32 = 1 << 14;

/// Where a piece of a part stopped, as to the sheet data.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Data {
    /// `<sheetData>` not yet met.
    Before,
    /// Inside it.
    Open,
    /// Its end was met.
    Closed,
}

/// Every cell holding something, in the order the part lists them.
pub fn read(text: &str, ctx: &Ctx) -> Result<Vec<Cell>, Trouble> {
    read_from(text, ctx, false).map(|(cells, _)| cells)
}

/// [`read`] of a piece of a part: from its start, or (`inside`) from a
/// row of its sheet data. Also where the piece left the sheet data.
pub fn read_from(text: &str, ctx: &Ctx, inside: bool) -> Result<(Vec<Cell>, Data), Trouble> {
    let mut sc = Scanner::new(text);
    let at = |sc: &Scanner, why: String| broken(ctx, None, format!("{why} (byte {})", sc.offset()));
    let mut out = Vec::new();
    let (mut row, mut next_row, mut next_col) = (0u32, 0u32, 0u32);
    let mut buf = String::new();
    let mut data = if inside { Data::Open } else { Data::Before };
    while let Some(tok) = sc.next().map_err(|e| at(&sc, e))? {
        let in_data = data == Data::Open;
        let (attrs, empty) = match tok {
            Tok::Start { name: "sheetData", empty, .. } => {
                data = if empty { Data::Closed } else { Data::Open };
                continue;
            }
            Tok::End("sheetData") => {
                data = Data::Closed;
                break;
            }
            Tok::Start { name: "row", attrs, .. } if in_data => {
                row = match xml::attr(attrs, "r") {
                    Some(n) => one_based(&n)
                        .filter(|&r| r < ROWS)
                        .ok_or_else(|| at(&sc, format!("row number \"{}\"", xml::shown(&n))))?,
                    None if next_row < ROWS => next_row,
                    None => return Err(at(&sc, "a row after row 1,048,576, the last a sheet has".into())),
                };
                next_row = row + 1;
                next_col = 0;
                continue;
            }
            Tok::Start { name: "c", attrs, empty } if in_data => (attrs, empty),
            _ => continue,
        };
        let (mut pos, mut t, mut s) = ((row, next_col), Type::Number, 0usize);
        let mut bad = None;
        xml::each_attr(attrs, |name, v| match name {
            "r" => match reference(v) {
                Some(p) => pos = p,
                None => bad = Some(v),
            },
            "t" => t = Type::of(v),
            "s" => s = v.trim().parse().unwrap_or(0),
            _ => {}
        });
        if let Some(v) = bad {
            return Err(at(&sc, format!("cell reference \"{}\"", xml::shown(v))));
        }
        if pos.1 >= COLS {
            return Err(at(&sc, "a cell right of column XFD, the last a sheet has".into()));
        }
        let (row, col) = pos;
        next_col = col.saturating_add(1);
        if empty {
            continue;
        }
        let spot = Spot::Cell { sheet: ctx.sheet, row, col };
        let found = value_text(&mut sc, t, &mut buf).map_err(|why| broken(ctx, Some(spot), why))?;
        let Some(value) = found.then(|| raw(&buf, t, s, ctx)).flatten() else { continue };
        if out.len() >= ctx.max_cells {
            return Err((Some(spot), SheetProblem::TooManyCells(ctx.max_cells).into()));
        }
        out.push(Cell { row, col, raw: value.map_err(|why| broken(ctx, Some(spot), why))? });
    }
    Ok((out, data))
}

/// Where a part's text may be cut in two for two threads: at the first
/// row at or after `from` that states its number (rows after it may not).
/// Only a hint: if the cut was not between two rows of the sheet data
/// after all, reading a piece fails or meets the data's end first, and
/// the part is read whole.
pub fn cut(text: &str, from: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut at = from;
    // A few rows' worth of looking: rows are short.
    let stop = (from + 64 * 1024).min(b.len());
    while at < stop {
        let lt = at + memchr::memchr(b'<', &b[at..stop])?;
        let end = lt + 1 + b[lt + 1..stop].iter().position(|c| matches!(c, b' ' | b'>' | b'/'))?;
        let name = &text[lt + 1..end];
        at = end;
        // The tokenizer's local name (after the first colon): `<a:b:row>`
        // is no row to it, so none to the cut either.
        if xml::local(name) == "row" {
            let close = end + memchr::memchr(b'>', &b[end..stop])?;
            if xml::attr(&text[end..close], "r").is_some() {
                return Some(lt);
            }
            at = close;
        }
    }
    None
}

/// `t`: how the value is stored.
#[derive(Clone, Copy, PartialEq)]
enum Type {
    Shared,
    Inline,
    Formula,
    Bool,
    Error,
    Iso,
    Number,
}

impl Type {
    fn of(t: &str) -> Type {
        match t {
            "s" => Type::Shared,
            "inlineStr" => Type::Inline,
            "str" => Type::Formula,
            "b" => Type::Bool,
            "e" => Type::Error,
            "d" => Type::Iso,
            _ => Type::Number,
        }
    }
}

/// Reads the cell's children up to `</c>` into `buf`: the value `<v>` (for
/// a formula, the value it last had) or the inline string `<is>`; the
/// formula and anything else are passed over. Whether there was a value.
fn value_text(sc: &mut Scanner, t: Type, buf: &mut String) -> Result<bool, String> {
    buf.clear();
    let mut found = false;
    loop {
        match sc.next()? {
            Some(Tok::Start { empty: true, .. }) | Some(Tok::Text(_)) | Some(Tok::CData(_)) => {}
            Some(Tok::Start { name: "v", .. }) if t != Type::Inline => {
                sc.text_into("v", false, buf)?;
                found = true;
            }
            Some(Tok::Start { name: "is", .. }) => {
                buf.clear();
                sc.text_into("is", true, buf)?;
                found = true;
            }
            Some(Tok::Start { name, .. }) => sc.skip(name)?,
            Some(Tok::End("c")) => return Ok(found),
            Some(Tok::End(n)) => return Err(format!("</{}> inside a cell", xml::shown(n))),
            None => return Err("the part ends inside a cell".into()),
        }
    }
}

/// The value of a cell of type `t` and style `style` whose text is `v`;
/// `None` for an empty one.
fn raw(v: &str, t: Type, style: usize, ctx: &Ctx) -> Option<Result<Raw, String>> {
    let text = |s: &str| Raw::Value(Value::Text(Arc::from(xml::office_unescape(s).as_ref())));
    let trimmed = v.trim();
    if trimmed.is_empty() && !matches!(t, Type::Inline | Type::Formula) {
        return None;
    }
    Some(Ok(match t {
        Type::Shared => match trimmed.parse() {
            Ok(n) => Raw::Shared(n),
            Err(_) => return Some(Err(format!("shared string number \"{}\"", xml::shown(trimmed)))),
        },
        Type::Inline | Type::Formula => text(v),
        Type::Bool => match trimmed {
            "1" | "true" | "TRUE" => Raw::Value(Value::Bool(true)),
            "0" | "false" | "FALSE" => Raw::Value(Value::Bool(false)),
            _ => text(v),
        },
        Type::Error => Raw::Value(Value::Error(trimmed.to_owned())),
        // A date written as text (`2025-03-15T00:00:00`): its day.
        Type::Iso => text(trimmed.split('T').next().unwrap_or(trimmed)),
        Type::Number => match trimmed.parse::<f64>() {
            Ok(n) if ctx.dates.get(style).copied().unwrap_or(false) => {
                Raw::Value(Value::Date(if ctx.date1904 { n + 1462.0 } else { n }))
            }
            Ok(n) => Raw::Value(Value::Number(n)),
            // Not a number after all: the validator says so at the cell.
            Err(_) => text(v),
        },
    }))
}

/// `B7` as (row 6, column 1).
fn reference(r: &str) -> Option<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = r.bytes().take(letters).fold(0u32, |n, b| n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1);
    let row = one_based(&r[letters..]).filter(|&r| r < ROWS)?;
    (col <= COLS).then_some((row, col - 1))
}

fn one_based(n: &str) -> Option<u32> {
    n.trim().parse::<u32>().ok()?.checked_sub(1)
}

/// The cells as a grid, in order, shared strings resolved; a cell given
/// twice keeps its last value.
pub fn grid(mut cells: Vec<Cell>, strings: &[Arc<str>], sheet: u32) -> Result<Grid, Trouble> {
    if !cells.windows(2).all(|w| (w[0].row, w[0].col) <= (w[1].row, w[1].col)) {
        cells.sort_by_key(|c| (c.row, c.col));
    }
    let mut g = Grid::new(Places::Sheet(sheet));
    let mut last: Option<(u32, u32)> = None;
    for c in cells {
        let v = match c.raw {
            Raw::Value(v) => v,
            Raw::Shared(i) => match strings.get(i as usize) {
                Some(s) => Value::Text(s.clone()),
                None => {
                    let spot = Spot::Cell { sheet, row: c.row, col: c.col };
                    let why = format!("the cell names shared string {i}, which the file does not have");
                    return Err((Some(spot), SheetProblem::NotWorkbook(why).into()));
                }
            },
        };
        if last == Some((c.row, c.col)) {
            g.replace_last(v);
            continue;
        }
        if last.is_none_or(|(r, _)| r != c.row) {
            g.start_row(c.row);
        }
        g.push(c.col, v);
        last = Some((c.row, c.col));
    }
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsondoc::{Problem, ProblemKind};
    use crate::lang::Lang;

    fn ctx(max_cells: usize) -> Ctx<'static> {
        Ctx { sheet: 2, part: "xl/worksheets/sheet3.xml", dates: &[false, true], date1904: false, max_cells }
    }

    fn sheet(rows: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?><worksheet xmlns=\"m\"><dimension ref=\"A1:XFD1048576\"/><sheetData>{rows}</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>"
        )
    }

    fn texts(g: &Grid) -> Vec<Vec<(u32, u32, String)>> {
        (0..g.len()).map(|i| g.row(i).iter().map(|(c, v)| (g.at(i), *c, v.text())).collect()).collect()
    }

    #[test]
    fn cells_as_writers_store_them() {
        let xml = sheet(concat!(
            // No `r` at all: rows and cells follow each other.
            r#"<row><c t="inlineStr"><is><t>a</t></is></c><c s="1"><v>45658</v></c></row>"#,
            // A formula with its cached value, a shared string, a boolean,
            // a formula error, an ISO date, a blank styled cell, a cell
            // after a gap without `r`.
            r#"<row r="5"><c r="C5" t="str"><f>"x"&amp;"y"</f><v>xy</v></c><c t="s"><v>1</v></c>"#,
            r#"<c r="F5" t="b"><v>1</v></c><c r="G5" t="e"><v>#N/A</v></c><c r="H5" t="d"><v>2025-03-15T00:00:00</v></c>"#,
            r#"<c r="I5" s="1"/><c><v>41.0</v></c></row>"#,
            // Written out of order, and a cell given twice.
            r#"<row r="3"><c r="B3"><v>1</v></c><c r="B3"><v>2</v></c></row>"#,
        ));
        let cells = read(&xml, &ctx(100)).unwrap();
        let strings: Vec<Arc<str>> = vec![Arc::from("s0"), Arc::from(" Xã A ")];
        let g = grid(cells, &strings, 2).unwrap();
        let t = |r: u32, c: u32, s: &str| (r, c, s.to_owned());
        assert_eq!(
            texts(&g),
            vec![
                vec![t(0, 0, "a"), t(0, 1, "2025-01-01")],
                vec![t(2, 1, "2")],
                vec![
                    t(4, 2, "xy"),
                    t(4, 3, "Xã A"),
                    t(4, 5, "TRUE"),
                    t(4, 6, "#N/A"),
                    t(4, 7, "2025-03-15"),
                    t(4, 9, "41")
                ],
            ]
        );
        assert_eq!(g.spot(2, 9), Spot::Cell { sheet: 2, row: 4, col: 9 });
    }

    /// A million rows each with a cell near column 1,023 once cost a row
    /// 1,024 cells wide each (32 GB): now each costs its one cell.
    #[test]
    fn far_cells_cost_only_themselves() {
        let rows: String =
            (1..=100_000).map(|r| format!("<row r=\"{r}\"><c r=\"AMI{r}\"><v>1</v></c></row>")).collect();
        let g = grid(read(&sheet(&rows), &ctx(2_000_000)).unwrap(), &[], 0).unwrap();
        assert_eq!((g.len(), g.stored()), (100_000, 100_000));
        assert_eq!(g.cell(99_999, 1022).text(), "1");
        let far = sheet(r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#);
        let g = grid(read(&far, &ctx(10)).unwrap(), &[], 0).unwrap();
        assert_eq!((g.len(), g.stored(), g.at(0)), (1, 1, 1_048_575));
    }

    #[test]
    fn a_sheet_over_the_cap_stops_with_a_sentence_at_the_cell() {
        let rows: String = (1..=4)
            .map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\"><v>1</v></c><c r=\"B{r}\" s=\"0\"/></row>"))
            .collect();
        assert_eq!(read(&sheet(&rows), &ctx(4)).unwrap().len(), 4);
        let (spot, kind) = read(&sheet(&rows), &ctx(3)).err().unwrap();
        assert_eq!(spot, Some(Spot::Cell { sheet: 2, row: 3, col: 0 }));
        let p = Problem { file: "p.xlsx:Chi bộ!A4".into(), pos: None, path: String::new(), kind };
        assert_eq!(
            p.render(Lang::En),
            "p.xlsx:Chi bộ!A4: the sheet holds more than 3 filled cells, too many for an assignments workbook \
             (the national one has about 500,000): reading stopped at this cell; delete the stray cells or check \
             it is the right file"
        );
        assert!(p.render(Lang::Vi).contains("trang có hơn 3 ô có dữ liệu"), "{}", p.render(Lang::Vi));
    }

    /// Excel's grid ends at XFD1048576: a place past it (or a row counted on
    /// past it) is refused, not wrapped or kept at `u32::MAX`.
    #[test]
    fn places_past_the_grid_are_refused() {
        let why = |rows: &str| match read(&sheet(rows), &ctx(10)) {
            Err((_, ProblemKind::Sheet(SheetProblem::NotWorkbook(w)))) => w,
            Err(_) => panic!("{rows}: another problem"),
            Ok(_) => panic!("{rows} read"),
        };
        for rows in [
            r#"<row r="1048577"><c><v>1</v></c></row>"#,
            r#"<row r="4294967296"/>"#,
            r#"<row r="1"><c r="A1048577"><v>1</v></c></row>"#,
            r#"<row r="1"><c r="A99999999999"><v>1</v></c></row>"#,
            r#"<row r="1"><c r="XFE1"><v>1</v></c></row>"#,
            r#"<row r="1"><c r="ZZZ1"><v>1</v></c></row>"#,
            r#"<row r="1"><c r="AAAA1"><v>1</v></c></row>"#,
            r#"<row r="1"><c r="A0"><v>1</v></c></row>"#,
        ] {
            why(rows);
        }
        assert!(why(r#"<row r="1048576"/><row><c><v>1</v></c></row>"#).contains("after row 1,048,576"));
        let far_right = format!("<row r=\"1\"><c r=\"XFD1\"/>{}</row>", "<c><v>1</v></c>");
        assert!(why(&far_right).contains("right of column XFD"));
        let ok = read(&sheet(r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#), &ctx(10)).unwrap();
        assert_eq!((ok[0].row, ok[0].col), (1_048_575, 16_383));
    }

    /// What a message quotes from the file is cut short: a 1 MB cell
    /// reference or closing tag is one line, not a megabyte.
    #[test]
    fn messages_quote_hostile_text_briefly() {
        let long = "A".repeat(1 << 20);
        for rows in [
            format!("<row r=\"{long}\"/>"),
            format!("<row r=\"1\"><c r=\"A1{long}\"><v>1</v></c></row>"),
            format!("<row r=\"1\"><c r=\"A1\"><v>1</v></{long}></c></row>"),
            format!("<row r=\"1\"><c r=\"A1\"><v>1</v><{long}><x/></c></row>"),
            format!("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1{long}</v></c></row>"),
            format!("<row r=\"1\"><c r=\"A1\"><v>1 & {long}</v></c></row>"),
            format!("<row r=\"1\"><c r=\"A1\"><v>1 &{long};</v></c></row>"),
        ] {
            let Err((_, ProblemKind::Sheet(SheetProblem::NotWorkbook(why)))) = read(&sheet(&rows), &ctx(10)) else {
                panic!("read");
            };
            assert!(why.len() < 200, "{}", &why[..200]);
        }
    }

    #[test]
    fn broken_cells_are_said_with_their_place() {
        let bad = |rows: &str| read(&sheet(rows), &ctx(10)).err();
        let (spot, kind) = bad(r#"<row r="2"><c r="B2"><v>1</c></row>"#).unwrap();
        assert_eq!(spot, Some(Spot::Cell { sheet: 2, row: 1, col: 1 }));
        assert!(matches!(kind, ProblemKind::Sheet(SheetProblem::NotWorkbook(w)) if w.contains("sheet3.xml")));
        assert!(bad(r#"<row r="2"><c r="2B"><v>1</v></c></row>"#).is_some());
        assert!(bad(r#"<row r="0"/>"#).is_some());
        let cells = read(&sheet(r#"<row><c t="s"><v>7</v></c></row>"#), &ctx(10)).unwrap();
        let (spot, _) = grid(cells, &[], 2).err().unwrap();
        assert_eq!(spot, Some(Spot::Cell { sheet: 2, row: 0, col: 0 }));
    }
}
