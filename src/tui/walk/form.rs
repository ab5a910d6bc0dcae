//! The fields of one checklist item's form, and checking typed values.

use std::collections::BTreeMap;

use crate::checklist::{Item, Unit};
use crate::i18n::Lang;

/// The flags of the cell-meeting sub-form (DOMAIN.md: content practical,
/// criticism held, resolution with owners and deadlines).
pub const MEETING_FLAGS: [&str; 3] = ["practical", "criticism", "owners"];
pub const MEETING_ITEM: &str = "meeting_quality";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Status,
    /// Which cell's meeting (cell-meeting item only).
    Cell,
    /// Index into the item's numbers.
    Number(usize),
    Flag(&'static str),
    Rating,
    Note,
}

/// The fields of an item, in Tab order.
pub fn fields(item: &Item) -> Vec<Field> {
    let mut out = vec![Field::Status];
    let meeting = item.code == MEETING_ITEM;
    if meeting {
        out.push(Field::Cell);
    }
    out.extend((0..item.numbers.len()).map(Field::Number));
    if meeting {
        out.extend(MEETING_FLAGS.map(Field::Flag));
        out.push(Field::Rating);
    }
    out.push(Field::Note);
    out
}

pub fn flag_label(flag: &str, lang: Lang) -> &'static str {
    match (flag, lang) {
        ("practical", Lang::Vi) => "Nội dung thiết thực",
        ("criticism", Lang::Vi) => "Có tự phê bình và phê bình",
        ("owners", Lang::Vi) => "Nghị quyết rõ người, rõ hạn",
        ("practical", _) => "Content practical",
        ("criticism", _) => "Criticism and self-criticism held",
        _ => "Resolution names owners and deadlines",
    }
}

/// Why a typed number is refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Invalid {
    NotNumber,
    NotWhole,
    Percent,
    Above { other: String, max: f64 },
}

/// Parses and checks a typed number against its definition and the other
/// numbers already recorded for the item.
pub fn check_number(item: &Item, index: usize, typed: &str, others: &BTreeMap<String, f64>) -> Result<f64, Invalid> {
    let def = &item.numbers[index];
    let v: f64 = typed.trim().replace(',', ".").parse().map_err(|_| Invalid::NotNumber)?;
    if !v.is_finite() || v < 0.0 {
        return Err(Invalid::NotNumber);
    }
    match def.unit {
        Unit::Count if v.fract() != 0.0 => return Err(Invalid::NotWhole),
        Unit::Percent if v > 100.0 => return Err(Invalid::Percent),
        _ => {}
    }
    if let Some(max_key) = &def.max
        && let Some(&max) = others.get(max_key)
        && v > max
    {
        let other = item.numbers.iter().find(|n| &n.key == max_key).map_or(max_key.clone(), |n| n.label.vi.clone());
        return Err(Invalid::Above { other, max });
    }
    // A number that others are capped by may not drop below them.
    for n in &item.numbers {
        if n.max.as_deref() == Some(def.key.as_str())
            && let Some(&below) = others.get(&n.key)
            && v < below
        {
            return Err(Invalid::Above { other: def.label.vi.clone(), max: v });
        }
    }
    Ok(v)
}

/// The value shown for a number: the one typed, or the one computed from
/// its ratio when both parts are known.
pub fn shown_number(item: &Item, index: usize, numbers: &BTreeMap<String, f64>) -> Option<f64> {
    let def = &item.numbers[index];
    if let Some(v) = numbers.get(&def.key) {
        return Some(*v);
    }
    let (a, b) = def.ratio.as_ref()?;
    let (a, b) = (numbers.get(a)?, numbers.get(b)?);
    (*b > 0.0).then(|| (100.0 * a / b * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::builtin;

    #[test]
    fn numbers_are_checked_where_typed() {
        let item = builtin().item("petition_backlog").unwrap();
        let mut known = BTreeMap::new();
        assert_eq!(check_number(item, 0, "12", &known), Ok(12.0));
        assert_eq!(check_number(item, 0, "-1", &known), Err(Invalid::NotNumber));
        assert_eq!(check_number(item, 0, "1.5", &known), Err(Invalid::NotWhole));
        assert_eq!(check_number(item, 0, "abc", &known), Err(Invalid::NotNumber));
        known.insert("received".to_owned(), 10.0);
        assert!(matches!(check_number(item, 1, "11", &known), Err(Invalid::Above { .. })));
        assert_eq!(check_number(item, 1, "9", &known), Ok(9.0));
        known.insert("resolved".to_owned(), 9.0);
        assert!(matches!(check_number(item, 0, "8", &known), Err(Invalid::Above { .. })));
        assert_eq!(check_number(item, 4, "101", &known), Err(Invalid::Percent));
        assert_eq!(check_number(item, 4, "85,5", &known), Ok(85.5));
    }

    #[test]
    fn rate_is_computed_unless_typed() {
        let item = builtin().item("petition_backlog").unwrap();
        let mut n = BTreeMap::new();
        n.insert("received".to_owned(), 20.0);
        n.insert("resolved".to_owned(), 17.0);
        assert_eq!(shown_number(item, 4, &n), Some(85.0));
        n.insert("resolution_rate".to_owned(), 90.0);
        assert_eq!(shown_number(item, 4, &n), Some(90.0));
    }
}
