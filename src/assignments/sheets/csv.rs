//! Reading CSV as Excel and LibreOffice save it: comma or semicolon
//! separated (Excel in a Vietnamese locale writes `;`), quoted fields with
//! `""` for a quote and line breaks inside, CRLF or LF. Written by hand
//! rather than with a CSV crate because every field's line and column in
//! the source is needed for messages, quotes and embedded breaks included.

use super::grid::{Grid, Places, Value};

/// Splits text (already decoded, byte-order mark removed) into a grid.
pub fn parse(text: &str) -> Grid {
    let sep = separator(text);
    let mut rows = Vec::new();
    let mut spots = Vec::new();
    let mut row: Vec<Value> = Vec::new();
    let mut row_spots = Vec::new();
    let mut field = String::new();
    let (mut line, mut col) = (1u32, 1u32);
    let mut field_at = (1u32, 1u32);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if at_field_start {
            field_at = (line, col);
            at_field_start = false;
            if c == '"' {
                quoted = true;
                col += 1;
                continue;
            }
        }
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                    col += 2;
                }
                '"' => {
                    quoted = false;
                    col += 1;
                }
                '\n' => {
                    field.push('\n');
                    line += 1;
                    col = 1;
                }
                c => {
                    field.push(c);
                    col += 1;
                }
            }
            continue;
        }
        match c {
            c if c == sep => {
                row.push(Value::Text(std::mem::take(&mut field).into()));
                row_spots.push(field_at);
                col += 1;
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => col += 1,
            '\n' => {
                row.push(Value::Text(std::mem::take(&mut field).into()));
                row_spots.push(field_at);
                rows.push(std::mem::take(&mut row));
                spots.push(std::mem::take(&mut row_spots));
                line += 1;
                col = 1;
                at_field_start = true;
            }
            c => {
                field.push(c);
                col += 1;
            }
        }
    }
    if !at_field_start || !row.is_empty() {
        if at_field_start {
            field_at = (line, col);
        }
        row.push(Value::Text(field.into()));
        row_spots.push(field_at);
        rows.push(row);
        spots.push(row_spots);
    }
    Grid::dense(rows, Places::Csv(spots))
}

/// `;` when the first line has more semicolons than commas outside quotes.
fn separator(text: &str) -> char {
    let (mut commas, mut semis, mut quoted) = (0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas { ';' } else { ',' }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assignments::sheets::grid::Spot;

    fn texts(g: &Grid) -> Vec<Vec<String>> {
        (0..g.len()).map(|i| g.row(i).iter().map(|(_, v)| v.text()).collect()).collect()
    }

    #[test]
    fn comma_quotes_and_crlf() {
        let g = parse("Bảng,Mã tổ,Tên tổ\r\nTổ,tct-1,\"Tổ 1, \"\"A\"\"\"\r\n");
        assert_eq!(texts(&g), vec![vec!["Bảng", "Mã tổ", "Tên tổ"], vec!["Tổ", "tct-1", "Tổ 1, \"A\""]]);
        assert_eq!(g.spot(1, 2), Spot::Line { line: 2, col: 10 });
        assert_eq!(g.spot(0, 1), Spot::Line { line: 1, col: 6 });
    }

    #[test]
    fn semicolons_line_breaks_in_quotes_and_no_final_newline() {
        let g = parse("Bảng;Ghi chú;Mã xã\nHạn chế;\"dòng 1\ndòng 2\";x1");
        assert_eq!(g.len(), 2);
        assert_eq!(g.cell(1, 1).text(), "dòng 1\ndòng 2");
        assert_eq!(g.spot(1, 2), Spot::Line { line: 3, col: 9 });
        // A field the row does not have sits just after its last one.
        assert_eq!(g.spot(1, 5), Spot::Line { line: 3, col: 10 });
    }
}
