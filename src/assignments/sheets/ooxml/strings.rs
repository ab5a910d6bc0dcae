//! The shared strings table (`sharedStrings.xml`): every text a cell names
//! by number, plain or rich (runs joined, phonetic guides left out).

use std::sync::Arc;

use super::xml::{self, Scanner, Tok};

pub fn read(text: &str) -> Result<Vec<Arc<str>>, String> {
    let mut sc = Scanner::new(text);
    let mut out = Vec::new();
    let mut buf = String::new();
    while let Some(tok) = sc.next()? {
        match tok {
            Tok::Start { name: "sst", attrs, .. } => {
                // The count is the writer's word: a hint, bounded by the part.
                let n = xml::attr(attrs, "uniqueCount").and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
                out.reserve(n.min(text.len() / 8));
            }
            Tok::Start { name: "si", empty: false, .. } => {
                buf.clear();
                sc.text_into("si", true, &mut buf)?;
                out.push(Arc::from(xml::office_unescape(&buf).as_ref()));
            }
            Tok::Start { name: "si", empty: true, .. } => out.push(Arc::from("")),
            _ => {}
        }
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
        let got: Vec<String> = read(xml).unwrap().iter().map(|s| s.to_string()).collect();
        assert_eq!(got, vec![" Mã tổ ", "Xã Bình\u{a0}Thanh", "", "dòng 1\r"]);
    }

    #[test]
    fn broken_xml_is_said() {
        assert!(read("<sst><si><t>a</si></sst>").is_err());
        assert!(read("<sst><si><t>a").is_err());
    }
}
