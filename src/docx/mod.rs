//! A small writer of Word documents (DOCX, Office Open XML
//! WordprocessingML): paragraphs of runs, borderless tables for the
//! two-column heads and signature blocks, an A4 page with the margins and
//! Times New Roman of Vietnamese official documents, page numbers from
//! page 2 centred in the top margin.
//!
//! Written by hand into a zip (the `zip` crate rust_xlsxwriter already
//! brings) rather than with a DOCX crate: the documents need a dozen
//! elements, and the crates that write DOCX pull in image codecs and more.

mod package;

use std::fmt::Write;

pub use package::package;

/// Page width of A4 in twentieths of a point (210 mm).
pub const A4_WIDTH: u32 = 11_906;
/// Page height of A4 (297 mm).
pub const A4_HEIGHT: u32 = 16_838;
/// Margins of DOCUMENTS.md: 20 mm top and bottom, 30 mm left, 20 mm right.
pub const MARGIN_TOP: u32 = 1_134;
pub const MARGIN_BOTTOM: u32 = 1_134;
pub const MARGIN_LEFT: u32 = 1_701;
pub const MARGIN_RIGHT: u32 = 1_134;
/// The width text runs in.
pub const TEXT_WIDTH: u32 = A4_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

/// One millimetre in twentieths of a point, for indents.
pub const MM: u32 = 57;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    Left,
    Center,
    Right,
    /// Justified: the body text of an official document.
    #[default]
    Both,
}

impl Align {
    fn code(self) -> &'static str {
        match self {
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
            Align::Both => "both",
        }
    }
}

/// A stretch of text with one look.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    /// Size in points; the document's body size when `None`.
    pub size: Option<f32>,
}

impl Run {
    pub fn new(text: impl Into<String>) -> Run {
        Run { text: text.into(), ..Run::default() }
    }

    pub fn bold(mut self) -> Run {
        self.bold = true;
        self
    }

    pub fn italic(mut self) -> Run {
        self.italic = true;
        self
    }

    pub fn underline(mut self) -> Run {
        self.underline = true;
        self
    }

    pub fn size(mut self, points: f32) -> Run {
        self.size = Some(points);
        self
    }
}

/// A paragraph: its layout and its runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub align: Align,
    /// First-line indent in twentieths of a point.
    pub first_line: u32,
    /// Left indent, for lists.
    pub left: u32,
    /// Space before and after, in points.
    pub before: f32,
    pub after: f32,
    /// Keep with the next paragraph (titles, so they never end a page).
    pub keep_next: bool,
    pub runs: Vec<Run>,
}

impl Default for Para {
    /// A body paragraph: justified, first line indented 10 mm, 6 pt after.
    fn default() -> Para {
        Para {
            align: Align::Both,
            first_line: 10 * MM,
            left: 0,
            before: 0.0,
            after: 6.0,
            keep_next: false,
            runs: vec![],
        }
    }
}

impl Para {
    /// A body paragraph of one plain run.
    pub fn text(text: impl Into<String>) -> Para {
        Para::default().run(Run::new(text))
    }

    /// A paragraph with no indent and no space, aligned as given: for the
    /// lines of a head or a signature block.
    pub fn line(align: Align) -> Para {
        Para { align, first_line: 0, after: 0.0, ..Para::default() }
    }

    pub fn run(mut self, run: Run) -> Para {
        self.runs.push(run);
        self
    }

    pub fn space(mut self, before: f32, after: f32) -> Para {
        self.before = before;
        self.after = after;
        self
    }

    pub fn keep_next(mut self) -> Para {
        self.keep_next = true;
        self
    }

    pub fn indent(mut self, left: u32, first_line: u32) -> Para {
        self.left = left;
        self.first_line = first_line;
        self
    }
}

/// A table cell: its paragraphs.
pub type Cell = Vec<Para>;

/// A table; `borders` off for a head or a signature block laid out in
/// columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column widths in twentieths of a point; they should add up to
    /// [`TEXT_WIDTH`].
    pub widths: Vec<u32>,
    pub borders: bool,
    /// The first row repeats at the top of every page.
    pub header_row: bool,
    pub rows: Vec<Vec<Cell>>,
}

/// A piece of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    Table(Table),
}

/// A document being built.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub title: String,
    /// Body text size in points (13-14).
    pub body_size: f32,
    pub blocks: Vec<Block>,
}

impl Doc {
    pub fn new(title: impl Into<String>, body_size: f32) -> Doc {
        Doc { title: title.into(), body_size, blocks: Vec::new() }
    }

    pub fn push(&mut self, p: Para) {
        self.blocks.push(Block::Para(p));
    }

    pub fn table(&mut self, t: Table) {
        self.blocks.push(Block::Table(t));
    }

    /// The `word/document.xml` part.
    pub fn document_xml(&self) -> String {
        let mut out = String::with_capacity(4096 + self.blocks.len() * 256);
        out.push_str(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
            r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>"#
        ));
        for b in &self.blocks {
            match b {
                Block::Para(p) => para(&mut out, p),
                Block::Table(t) => table(&mut out, t),
            }
        }
        let _ = write!(
            out,
            concat!(
                r#"<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>"#,
                r#"<w:pgSz w:w="{}" w:h="{}"/>"#,
                r#"<w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="567" w:footer="567" w:gutter="0"/>"#,
                r#"<w:titlePg/></w:sectPr></w:body></w:document>"#
            ),
            A4_WIDTH, A4_HEIGHT, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT
        );
        out
    }
}

fn para(out: &mut String, p: &Para) {
    out.push_str("<w:p><w:pPr>");
    if p.keep_next {
        out.push_str("<w:keepNext/>");
    }
    let _ = write!(
        out,
        r#"<w:spacing w:before="{}" w:after="{}"/>"#,
        (p.before * 20.0).round() as u32,
        (p.after * 20.0).round() as u32
    );
    if p.left > 0 || p.first_line > 0 {
        let _ = write!(out, r#"<w:ind w:left="{}" w:firstLine="{}"/>"#, p.left, p.first_line);
    }
    let _ = write!(out, r#"<w:jc w:val="{}"/></w:pPr>"#, p.align.code());
    for r in &p.runs {
        run(out, r);
    }
    out.push_str("</w:p>");
}

fn run(out: &mut String, r: &Run) {
    out.push_str("<w:r>");
    if r.bold || r.italic || r.underline || r.size.is_some() {
        out.push_str("<w:rPr>");
        if r.bold {
            out.push_str("<w:b/><w:bCs/>");
        }
        if r.italic {
            out.push_str("<w:i/><w:iCs/>");
        }
        if r.underline {
            out.push_str(r#"<w:u w:val="single"/>"#);
        }
        if let Some(s) = r.size {
            let half = (s * 2.0).round() as u32;
            let _ = write!(out, r#"<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>"#);
        }
        out.push_str("</w:rPr>");
    }
    // Line breaks of a multi-line note stay line breaks; tabs stay tabs.
    for (i, line) in r.text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                out.push_str(r#"<w:t xml:space="preserve">"#);
                escape(out, piece);
                out.push_str("</w:t>");
            }
        }
    }
    out.push_str("</w:r>");
}

fn table(out: &mut String, t: &Table) {
    let total: u32 = t.widths.iter().sum();
    let border = if t.borders { "single" } else { "nil" };
    let _ = write!(out, r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:tblBorders>"#);
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let _ = write!(out, r#"<w:{side} w:val="{border}" w:sz="4" w:space="0" w:color="000000"/>"#);
    }
    out.push_str(r#"</w:tblBorders><w:tblLayout w:type="fixed"/>"#);
    out.push_str(r#"<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>"#);
    out.push_str("</w:tblPr><w:tblGrid>");
    for w in &t.widths {
        let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
    }
    out.push_str("</w:tblGrid>");
    for (i, row) in t.rows.iter().enumerate() {
        out.push_str("<w:tr>");
        if i == 0 && t.header_row {
            out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        } else {
            // A row is never split across pages: a signature stays whole.
            out.push_str("<w:trPr><w:cantSplit/></w:trPr>");
        }
        for (c, cell) in row.iter().enumerate() {
            let w = t.widths.get(c).copied().unwrap_or(0);
            let _ = write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>"#);
            if cell.is_empty() {
                // Every cell must end with a paragraph.
                out.push_str("<w:p/>");
            }
            for p in cell {
                para(out, p);
            }
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// XML text: the five specials escaped, and the characters XML 1.0 cannot
/// hold at all (most C0 controls) replaced, so that hostile text in a
/// note cannot make the file unreadable.
pub fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => {}
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('\u{FFFD}'),
            c if crate::text::unsafe_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_controls_replaced() {
        let mut s = String::new();
        escape(&mut s, "a<b & \"c\"\u{1b}[2J\u{202e}x");
        assert_eq!(s, "a&lt;b &amp; &quot;c&quot;\u{FFFD}[2J\u{FFFD}x");
    }

    #[test]
    fn line_breaks_and_looks_become_word_markup() {
        let mut d = Doc::new("t", 14.0);
        d.push(Para::line(Align::Center).run(Run::new("BÁO CÁO\ndòng 2").bold().size(14.0)));
        let xml = d.document_xml();
        assert!(xml.contains(r#"<w:b/><w:bCs/><w:sz w:val="28"/>"#), "{xml}");
        assert!(xml.contains(r#"BÁO CÁO</w:t><w:br/><w:t xml:space="preserve">dòng 2"#), "{xml}");
        assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#));
    }
}
