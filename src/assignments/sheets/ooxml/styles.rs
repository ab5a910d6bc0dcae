//! Which cell styles show a number as a date (`styles.xml`): Excel keeps a
//! date as a day number and only its number format says it is one.

use std::collections::HashMap;

use super::xml::{self, Scanner, Tok};

/// Per style index (a cell's `s`): whether the cell holds a date.
pub fn dates(text: &str) -> Result<Vec<bool>, String> {
    let mut sc = Scanner::new(text);
    let mut custom: HashMap<u32, bool> = HashMap::new();
    let mut out = Vec::new();
    let mut in_xfs = false;
    while let Some(tok) = sc.next()? {
        match tok {
            Tok::Start { name: "numFmt", attrs, .. } => {
                let id = xml::attr(attrs, "numFmtId").and_then(|v| v.parse().ok());
                if let (Some(id), Some(code)) = (id, xml::attr(attrs, "formatCode")) {
                    custom.insert(id, is_date_format(&code));
                }
            }
            Tok::Start { name: "cellXfs", empty, .. } => in_xfs = !empty,
            Tok::End("cellXfs") => in_xfs = false,
            Tok::Start { name: "xf", attrs, .. } if in_xfs => {
                let id: u32 = xml::attr(attrs, "numFmtId").and_then(|v| v.parse().ok()).unwrap_or(0);
                out.push(custom.get(&id).copied().unwrap_or_else(|| is_builtin_date(id)));
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Excel's built-in date and time formats (ECMA-376 18.8.30, with the East
/// Asian ones); 46 (`[h]:mm:ss`) is a duration, read as a number.
fn is_builtin_date(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45 | 47 | 50..=58)
}

/// A custom format is a date when its first section uses a date or time
/// letter outside quotes, escapes and brackets (`dd/mm/yyyy`, `h:mm`).
fn is_date_format(code: &str) -> bool {
    let (mut quoted, mut escaped) = (false, false);
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\\' | '_' | '*' => escaped = true,
            ';' => return false,
            '[' => {
                // `[h]`, `[mm]`, `[ss]`: an elapsed time, a duration.
                let inner: String = chars.by_ref().take_while(|&c| c != ']').collect();
                if inner.chars().next().is_some_and(|c| "hHmMsS".contains(c)) {
                    return false;
                }
            }
            'd' | 'm' | 'y' | 'h' | 's' | 'D' | 'M' | 'Y' | 'H' | 'S' => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats_are_told_from_numbers() {
        for code in ["dd/mm/yyyy", "yyyy-mm-dd", "d-mmm", "h:mm", "[$-42A]dd/mm/yyyy", "DD\" tháng \"MM"] {
            assert!(is_date_format(code), "{code}");
        }
        for code in ["0", "#,##0.00", "0.0\"m\"", "[h]:mm:ss", "General", "0;[Red]-0", "\\d0"] {
            assert!(!is_date_format(code), "{code}");
        }
    }

    #[test]
    fn styles_point_at_formats() {
        let xml = r#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>
<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="4"/></cellXfs></styleSheet>"#;
        assert_eq!(dates(xml).unwrap(), vec![false, true, true, false]);
    }
}
