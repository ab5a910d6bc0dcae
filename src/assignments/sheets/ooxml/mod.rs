//! Reading an xlsx package by hand: the zip, the workbook's sheet list and
//! where each sheet's part is, the shared strings, which styles are dates,
//! and the worksheets' cells. calamine reads the other formats (xls, ods,
//! xlsb); xlsx is what committees use, and a national workbook is large:
//! through calamine, `check` of one took about five times as long as of
//! the same JSON, most of it in XML events (see `xml`).
//!
//! Everything a file says about its own size is a hint: a part is read up
//! to `Limits::part` bytes inflated, a sheet up to `Limits::cells` cells
//! holding something, whatever dimensions or counts it claims.

mod parallel;
#[cfg(test)]
mod props;
mod sheet;
mod strings;
mod styles;
mod xml;

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

use zip::ZipArchive;

use self::xml::{Scanner, Tok};
use super::Trouble;
use super::grid::Grid;
use crate::jsondoc::SheetProblem;

pub use parallel::read_sheets;
pub use sheet::Cell;
pub use xml::shown;

/// How much one part and one sheet may hold.
#[derive(Clone, Copy)]
pub struct Limits {
    /// Bytes of one part once inflated.
    pub part: u64,
    /// Cells holding something, per sheet; twice as many shared strings.
    pub cells: usize,
}

/// Far above any assignments workbook: the national one (100,000 cells of
/// party cells) has a 20 MB cells sheet of 500,000 filled cells.
pub const LIMITS: Limits = Limits { part: 256 << 20, cells: 2_000_000 };

/// One entry of the workbook's sheet list.
pub struct SheetRef {
    pub name: String,
    /// The worksheet's part; `None` for a chart sheet or a sheet whose
    /// part is missing (read as empty).
    part: Option<String>,
}

pub struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Part names by their lowercase form: some writers differ in case
    /// from what the relationships say.
    names: HashMap<String, String>,
    pub sheets: Vec<SheetRef>,
    strings_part: Option<String>,
    styles_part: Option<String>,
    date1904: bool,
    limits: Limits,
}

pub fn broken(why: impl Into<String>) -> Trouble {
    (None, SheetProblem::NotWorkbook(why.into()).into())
}

impl<'a> Package<'a> {
    /// `Ok(None)` when the zip is not an xlsx workbook (an ods or xlsb
    /// file: calamine's to read).
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Option<Package<'a>>, Trouble> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(e.to_string()))?;
        let names = zip.file_names().flatten().map(|n| (n.replace('\\', "/").to_lowercase(), n.into_owned())).collect();
        let mut p =
            Package { zip, names, sheets: Vec::new(), strings_part: None, styles_part: None, date1904: false, limits };
        let root = p.relationships("", "_rels/.rels")?;
        let workbook = root
            .iter()
            .find(|(_, (kind, _))| kind.ends_with("/officeDocument"))
            .map_or_else(|| "xl/workbook.xml".to_owned(), |(_, (_, target))| target.clone());
        if !workbook.to_lowercase().ends_with(".xml") || !p.has(&workbook) {
            return Ok(None);
        }
        let dir = workbook.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        let rels_path = format!("{dir}/_rels/{}.rels", workbook.rsplit('/').next().unwrap_or_default());
        let rels = p.relationships(&dir, &rels_path)?;
        let of_kind = |kind: &str| rels.values().find(|(k, _)| k.ends_with(kind)).map(|(_, t)| t.clone());
        p.strings_part = of_kind("/sharedStrings").or_else(|| Some(format!("{dir}/sharedStrings.xml")));
        p.styles_part = of_kind("/styles").or_else(|| Some(format!("{dir}/styles.xml")));
        let text = p.part(&workbook)?.ok_or_else(|| broken(format!("{workbook} is missing")))?;
        let text = utf8(&workbook, &text)?;
        let mut sc = Scanner::new(text);
        while let Some(tok) = sc.next().map_err(|e| broken(format!("{workbook}: {e}")))? {
            match tok {
                Tok::Start { name: "workbookPr", attrs, .. } => {
                    p.date1904 = xml::attr(attrs, "date1904").is_some_and(|v| v == "1" || v == "true");
                }
                Tok::Start { name: "sheet", attrs, .. } => {
                    let name = xml::attr(attrs, "name").map(|n| n.into_owned()).unwrap_or_default();
                    let part = xml::attr(attrs, "id")
                        .and_then(|id| rels.get(id.as_ref()))
                        .filter(|(kind, _)| kind.ends_with("/worksheet"))
                        .map(|(_, target)| target.clone());
                    p.sheets.push(SheetRef { name, part });
                }
                _ => {}
            }
        }
        Ok(Some(p))
    }

    pub fn names(&self) -> Vec<String> {
        self.sheets.iter().map(|s| s.name.clone()).collect()
    }

    fn has(&self, part: &str) -> bool {
        self.names.contains_key(&part.to_lowercase())
    }

    /// A part's bytes, inflated up to the limit; `None` when absent.
    fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, Trouble> {
        let Some(actual) = self.names.get(&name.to_lowercase()) else { return Ok(None) };
        let mut f = self.zip.by_name(actual).map_err(|e| broken(format!("{name}: {e}")))?;
        let limit = self.limits.part;
        // The sizes the zip states are hints; deflate packs at most about
        // 1,032 to 1.
        let likely = f.size().min(f.compressed_size().saturating_mul(1032)).min(limit);
        let mut out = Vec::with_capacity(likely as usize);
        (&mut f).take(limit + 1).read_to_end(&mut out).map_err(|e| broken(format!("{name}: {e}")))?;
        if out.len() as u64 > limit {
            return Err((None, SheetProblem::PartTooLarge { part: name.to_owned(), mib: limit >> 20 }.into()));
        }
        Ok(Some(out))
    }

    /// Relationships of a part: id to (type, target resolved from `dir`).
    fn relationships(&mut self, dir: &str, path: &str) -> Result<HashMap<String, (String, String)>, Trouble> {
        let mut out = HashMap::new();
        let Some(bytes) = self.part(path)? else { return Ok(out) };
        let mut sc = Scanner::new(utf8(path, &bytes)?);
        while let Some(tok) = sc.next().map_err(|e| broken(format!("{path}: {e}")))? {
            if let Tok::Start { name: "Relationship", attrs, .. } = tok {
                let get = |k| xml::attr(attrs, k).map(|v| v.into_owned()).unwrap_or_default();
                if get("TargetMode") != "External" {
                    out.insert(get("Id"), (get("Type"), resolve(dir, &get("Target"))));
                }
            }
        }
        Ok(out)
    }

    /// Per style, whether it shows a date: every sheet's numbers need it.
    pub fn dates(&mut self) -> Result<Vec<bool>, Trouble> {
        let Some(part) = self.styles_part.clone() else { return Ok(Vec::new()) };
        let Some(bytes) = self.part(&part)? else { return Ok(Vec::new()) };
        styles::dates(utf8(&part, &bytes)?).map_err(|e| broken(format!("{part}: {e}")))
    }

    /// The shared strings, which [`grid`] puts in the cells naming them.
    pub fn strings(&mut self) -> Result<Vec<Arc<str>>, Trouble> {
        let Some(part) = self.strings_part.clone() else { return Ok(Vec::new()) };
        let Some(bytes) = self.part(&part)? else { return Ok(Vec::new()) };
        strings::read(utf8(&part, &bytes)?, self.limits.cells.saturating_mul(2))
            .map_err(|e| broken(format!("{part}: {e}")))
    }

    /// How large sheet `index`'s part is inflated, as the zip says: to give
    /// the largest its own thread.
    pub fn size(&mut self, index: usize) -> u64 {
        let name = self.sheets[index].part.as_ref().and_then(|p| self.names.get(&p.to_lowercase()));
        let Some(i) = name.and_then(|n| self.zip.index_for_name(n)) else { return 0 };
        self.zip.by_index_raw(i).map_or(0, |f| f.size())
    }

    /// Reads sheet `index`'s cells (shared strings left as numbers, see
    /// [`grid`]), `dates` from [`Package::dates`].
    pub fn cells(&mut self, index: usize, dates: &[bool]) -> Result<Vec<Cell>, Trouble> {
        match self.sheet_text(index)? {
            Some(text) => sheet::read(&text, &self.ctx(index, dates)),
            None => Ok(Vec::new()),
        }
    }

    /// Sheet `index`'s part as text; `None` for a sheet without one.
    pub(super) fn sheet_text(&mut self, index: usize) -> Result<Option<String>, Trouble> {
        let Some(part) = self.sheets[index].part.clone() else { return Ok(None) };
        let Some(bytes) = self.part(&part)? else { return Ok(None) };
        let mut text = String::from_utf8(bytes).map_err(|e| broken(format!("{part}: not UTF-8 ({e})")))?;
        if text.starts_with('\u{FEFF}') {
            text.drain(..3);
        }
        Ok(Some(text))
    }

    pub(super) fn ctx<'c>(&'c self, index: usize, dates: &'c [bool]) -> sheet::Ctx<'c> {
        sheet::Ctx {
            sheet: index as u32,
            part: self.sheets[index].part.as_deref().unwrap_or_default(),
            dates,
            date1904: self.date1904,
            max_cells: self.limits.cells,
        }
    }

    /// A second reader of the same package, for another thread.
    pub fn another(&self) -> Package<'a> {
        Package {
            zip: self.zip.clone(),
            names: self.names.clone(),
            sheets: self.sheets.iter().map(|s| SheetRef { name: s.name.clone(), part: s.part.clone() }).collect(),
            strings_part: self.strings_part.clone(),
            styles_part: self.styles_part.clone(),
            date1904: self.date1904,
            limits: self.limits,
        }
    }
}

/// A sheet's cells as a grid, shared strings resolved.
pub fn grid(cells: Vec<Cell>, strings: &[Arc<str>], sheet: usize) -> Result<Grid, Trouble> {
    sheet::grid(cells, strings, sheet as u32)
}

fn utf8<'b>(part: &str, bytes: &'b [u8]) -> Result<&'b str, Trouble> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| broken(format!("{part}: not UTF-8 ({e})")))
}

/// A relationship's target as a part name: absolute (`/xl/...`) or
/// relative to the source part's folder, `..` followed.
fn resolve(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_owned(),
        None if dir.is_empty() => target.to_owned(),
        None => format!("{dir}/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split(['/', '\\']) {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_like_paths() {
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/sub", "../sharedStrings.xml"), "xl/sharedStrings.xml");
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
    }

    /// A target is a name inside the zip, never a path on disk: `..` past
    /// the package's root and absolute or drive paths stay inside it.
    #[test]
    fn hostile_targets_stay_inside_the_package() {
        assert_eq!(resolve("xl", "../../../../etc/passwd"), "etc/passwd");
        assert_eq!(resolve("xl", "/etc/passwd"), "etc/passwd");
        assert_eq!(resolve("xl", "..\\..\\Windows\\win.ini"), "Windows/win.ini");
        assert_eq!(resolve("xl", "C:\\x.xml"), "xl/C:/x.xml");
    }
}
