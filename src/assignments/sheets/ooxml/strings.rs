//! The shared strings table (`sharedStrings.xml`): every text a cell names
//! by number, plain or rich (runs joined, phonetic guides left out).

use std::sync::Arc;

use super::xml::{self, Scanner, Tok};

/// The items, at most `max` of them: `<si/>` is five bytes, so a part
/// inflated from a few hundred kilobytes could otherwise ask for fifty
/// million of them.
pub fn read(text: &str, max: usize) -> Result<Vec<Arc<str>>, String> {
    let mut sc = Scanner::new(text);
    let mut out = Vec::new();
    let mut buf = String::new();
    let empty: Arc<str> = Arc::from("");
    while let Some(tok) = sc.next()? {
        let item = match tok {
            Tok::Start { name: "sst", attrs, .. } => {
                // The count is the writer's word: a hint, bounded by the part.
                let n = xml::attr(attrs, "uniqueCount").and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
                out.reserve(n.min(text.len() / 8).min(max));
                continue;
            }
            Tok::Start { name: "si", empty: false, .. } => {
                buf.clear();
                sc.text_into("si", true, &mut buf)?;
                if buf.is_empty() { empty.clone() } else { Arc::from(xml::office_unescape(&buf).as_ref()) }
            }
            Tok::Start { name: "si", empty: true, .. } => empty.clone(),
            _ => continue,
        };
        if out.len() >= max {
            return Err(format!("more than {max} shared strings, far more than an assignments workbook has"));
        }
        out.push(item);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_rich_empty_and_escaped_items() {
        let xml = r#"<?xml version="1.0"?><sst xmlns="x" count="9" uniqueCount="4">
<si><t xml:space="preserve"> Mã tổ </t></si>
<si><r><rPr><b/></rPr><t>Xã </t></r><r><t>Bình&#160;Thanh</t></r><rPh sb="0" eb="1"><t>ビン</t></rPh></si>
<si/><si><t>dòng 1_x000D_</t></si></sst>"#;
        let got: Vec<String> = read(xml, 10).unwrap().iter().map(|s| s.to_string()).collect();
        assert_eq!(got, vec![" Mã tổ ", "Xã Bình\u{a0}Thanh", "", "dòng 1\r"]);
    }

    #[test]
    fn broken_xml_is_said() {
        assert!(read("<sst><si><t>a</si></sst>", 10).is_err());
        assert!(read("<sst><si><t>a", 10).is_err());
        let many = format!("<sst>{}</sst>", "<si/>".repeat(11));
        assert_eq!(read(&many, 11).unwrap().len(), 11);
        let e = read(&many, 10).unwrap_err();
        assert!(e.starts_with("more than 10 shared strings"), "{e}");
    }
}
