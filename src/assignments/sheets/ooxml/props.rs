//! Random and mutated XML for the tokenizer and the part readers: none
//! panics, each ends after a number of steps bounded by the input's
//! length, and what each refuses is said in one short line.

use proptest::prelude::*;

use super::sheet::{self, Ctx};
use super::xml::{Scanner, Tok, office_unescape, unescape_into};
use super::{strings, styles};
use crate::jsondoc::{ProblemKind, SheetProblem};

/// Pieces a hostile part is made of: markup that opens and never closes,
/// entities of every kind, places past the grid, non-ASCII text.
const PIECES: &[&str] = &[
    "<",
    ">",
    "/",
    "\"",
    "'",
    "=",
    " ",
    "&",
    ";",
    "&#x",
    "&#",
    "D800",
    "110000",
    "0",
    "&amp;",
    "&lt;",
    "<v>",
    "</v>",
    "<c r=\"A1\">",
    "<c r=\"XFD1048576\">",
    "<c r=\"A99999999999\">",
    "<c t=\"s\">",
    "<c t=\"inlineStr\">",
    "</c>",
    "<c/>",
    "<row>",
    "<row r=\"",
    "1048576",
    "4294967295",
    "\">",
    "</row>",
    "<sheetData>",
    "</sheetData>",
    "<is>",
    "</is>",
    "<t>",
    "</t>",
    "<rPh>",
    "</rPh>",
    "<si>",
    "</si>",
    "<si/>",
    "<sst uniqueCount=\"99999999999\">",
    "<xf numFmtId=\"",
    "99999999999",
    "<numFmt numFmtId=\"164\" formatCode=\"",
    "dd/mm",
    "[h]",
    "<cellXfs>",
    "</cellXfs>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?",
    "?>",
    "<!DOCTYPE",
    "_x",
    "_xD83D_",
    "ệ",
    "\r\n",
    "x:",
];

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![prop::sample::select(PIECES).prop_map(str::to_owned), ".{0,4}"], 0..200)
        .prop_map(|v| v.concat())
}

fn ctx() -> Ctx<'static> {
    Ctx { sheet: 0, part: "xl/worksheets/sheet1.xml", dates: &[false, true], date1904: false, max_cells: 1000 }
}

fn one_line(why: &str) {
    assert!(!why.contains('\n') && why.len() < 400, "{why}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Every call to `next` takes at least one byte: the scanner answers
    /// in at most as many steps as the text has bytes.
    #[test]
    fn the_tokenizer_ends_in_linear_steps(text in hostile()) {
        let mut sc = Scanner::new(&text);
        let mut steps = 0usize;
        loop {
            let before = sc.offset();
            match sc.next() {
                Ok(Some(t)) => {
                    prop_assert!(sc.offset() > before || matches!(t, Tok::Text("")));
                    steps += 1;
                    prop_assert!(steps <= text.len() + 1);
                }
                Ok(None) => break,
                Err(why) => { one_line(&why); break }
            }
        }
        let mut out = String::new();
        if let Err(why) = unescape_into(&text, &mut out) { one_line(&why) }
        let _ = office_unescape(&text);
    }

    #[test]
    fn the_part_readers_refuse_in_one_line(text in hostile()) {
        match sheet::read(&text, &ctx()) {
            Ok(cells) => prop_assert!(cells.iter().all(|c| c.row < 1 << 20 && c.col < 1 << 14)),
            Err((_, ProblemKind::Sheet(SheetProblem::NotWorkbook(why)))) => one_line(&why),
            Err(_) => {}
        }
        if let Err(why) = strings::read(&text, 1000) { one_line(&why) }
        if let Err(why) = styles::dates(&text) { one_line(&why) }
    }

    /// A valid sheet with bytes changed or cut: still no panic, and the
    /// cut in two for two threads finds only what reading it whole finds.
    #[test]
    fn damaged_sheets_read_as_one_or_not_at_all(
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(PIECES)), 0..6),
        cut in any::<prop::sample::Index>(),
    ) {
        let rows: String = (1..=40)
            .map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>c{r}</t></is></c><c><v>{r}</v></c></row>"))
            .collect();
        let mut text = format!("<worksheet><sheetData>{rows}</sheetData></worksheet>");
        for (at, piece) in edits {
            let mut at = at.index(text.len());
            while !text.is_char_boundary(at) { at -= 1 }
            text.insert_str(at, piece);
        }
        let whole = sheet::read(&text, &ctx());
        let from = cut.index(text.len());
        if let Some(at) = sheet::cut(&text, from) {
            let first = sheet::read_from(&text[..at], &ctx(), false);
            let second = sheet::read_from(&text[at..], &ctx(), true);
            if let (Ok((mut a, sheet::Data::Open)), Ok((b, _))) = (first, second) {
                a.extend(b);
                let whole = whole.as_ref().map_err(|_| "whole failed");
                let places = |c: &[sheet::Cell]| c.iter().map(|c| (c.row, c.col)).collect::<Vec<_>>();
                prop_assert_eq!(whole.map(|w| places(w)), Ok(places(&a)));
            }
        }
    }
}
