//! What a stored value must be, by the field that holds it.
//!
//! Two layers. [`check`] needs nothing but the names: a status from the
//! enum, a rating from theirs, a number finite and not negative, a flag a
//! boolean, a text a string. The store refuses an op that breaks it, when
//! typed and when read from any file (file and line named), so no value of
//! the wrong kind is ever folded, let alone mapped to another one.
//!
//! [`against`] needs the checklist: a count whole, a percent at most 100,
//! the item code and the number key known. A checklist is this laptop's
//! choice (another laptop may use a custom one with more items), so a value
//! that only fails it is kept and shown as stored, with a warning: dropping
//! it here would lose what the other laptop recorded.
//!
//! A JSON `null` is always allowed: it clears a field (an undo does that).

use super::codes::{Rating, Status};
use super::fields::{FOLLOW_UP, ItemField, VISIT};
use crate::checklist::{Checklist, Unit};

/// What is wrong with a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Problem {
    NotText,
    NotTextList,
    NotBool,
    NotStatus,
    NotRating,
    NotNumber,
    Negative,
    /// A count with a fraction (by this checklist).
    NotWhole,
    /// A percent over 100 (by this checklist).
    OverHundred,
    /// An item code this checklist does not have.
    UnknownItem,
    /// A number key the item does not have in this checklist.
    UnknownNumber,
}

impl Problem {
    const ALL: [Problem; 11] = [
        Problem::NotText,
        Problem::NotTextList,
        Problem::NotBool,
        Problem::NotStatus,
        Problem::NotRating,
        Problem::NotNumber,
        Problem::Negative,
        Problem::NotWhole,
        Problem::OverHundred,
        Problem::UnknownItem,
        Problem::UnknownNumber,
    ];

    pub fn index(self) -> u64 {
        Problem::ALL.iter().position(|p| *p == self).unwrap_or(0) as u64
    }

    pub fn from_index(i: u64) -> Option<Problem> {
        Problem::ALL.get(usize::try_from(i).ok()?).copied()
    }
}

/// The kind of value a field holds, when the schema knows the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    TextList,
    Bool,
    Status,
    Rating,
    Number,
}

/// The kind of `field` of `entity`, without allocating: this runs for every
/// line read. Fields the schema does not know (a newer version's) have none.
fn kind(entity: &str, field: &str) -> Option<Kind> {
    if entity.starts_with(VISIT) {
        return Some(match field {
            "commune" | "group" | "date" => Kind::Text,
            "members" | "cells" => Kind::TextList,
            "final" => Kind::Bool,
            _ => {
                let (_, what) = field.strip_prefix("item/")?.split_once('/')?;
                match what {
                    "status" => Kind::Status,
                    "rating" => Kind::Rating,
                    "note" | "cell" => Kind::Text,
                    w if w.starts_with("num/") => Kind::Number,
                    w if w.starts_with("flag/") => Kind::Bool,
                    _ => return None,
                }
            }
        });
    }
    if entity.starts_with(FOLLOW_UP) {
        return Some(match field {
            "visit" | "commune" | "item" | "what" | "who" | "due" => Kind::Text,
            "done" => Kind::Bool,
            _ => return None,
        });
    }
    None
}

/// The text of a JSON string, if `raw` is one.
fn string(raw: &str) -> Option<std::borrow::Cow<'_, str>> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    if !inner.contains('\\') {
        return Some(inner.into());
    }
    serde_json::from_str::<String>(raw).ok().map(Into::into)
}

/// Checks the raw JSON text of a value (as it stands in a line) against
/// the kind its field holds.
pub fn check(entity: &str, field: &str, raw: &str) -> Result<(), Problem> {
    let Some(kind) = kind(entity, field) else { return Ok(()) };
    if raw == "null" {
        return Ok(());
    }
    let ok = match kind {
        Kind::Text => raw.starts_with('"'),
        Kind::TextList => serde_json::from_str::<Vec<String>>(raw).is_ok(),
        Kind::Bool => raw == "true" || raw == "false",
        Kind::Status => string(raw).is_some_and(|s| Status::from_code(&s).is_some()),
        Kind::Rating => string(raw).is_some_and(|s| Rating::from_code(&s).is_some()),
        Kind::Number => {
            let n = if raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
                serde_json::from_str::<f64>(raw).ok().filter(|n| n.is_finite())
            } else {
                None
            };
            match n {
                None => return Err(Problem::NotNumber),
                Some(n) if n < 0.0 => return Err(Problem::Negative),
                Some(_) => true,
            }
        }
    };
    if ok {
        return Ok(());
    }
    Err(match kind {
        Kind::Text => Problem::NotText,
        Kind::TextList => Problem::NotTextList,
        Kind::Bool => Problem::NotBool,
        Kind::Status => Problem::NotStatus,
        Kind::Rating => Problem::NotRating,
        Kind::Number => Problem::NotNumber,
    })
}

/// What `checklist` says against a value that passed [`check`]: the item
/// `code` unknown, the number key unknown, a count not whole, a percent
/// over 100. `None` when it fits (or the field is not an item's).
pub fn against(checklist: &Checklist, code: &str, field: &ItemField, value: &serde_json::Value) -> Option<Problem> {
    if value.is_null() {
        return None;
    }
    match against_name(checklist, code, field) {
        Err(p) => Some(p),
        Ok(Some(unit)) => against_unit(unit, value.as_f64()?),
        Ok(None) => None,
    }
}

/// The part of [`against`] that the field's name decides: `Err` when the
/// checklist does not know the item or the number key, else the unit of a
/// number field (`None` for other fields).
pub fn against_name(checklist: &Checklist, code: &str, field: &ItemField) -> Result<Option<Unit>, Problem> {
    let item = checklist.item(code).ok_or(Problem::UnknownItem)?;
    let ItemField::Number(key) = field else { return Ok(None) };
    let def = item.numbers.iter().find(|n| &n.key == key).ok_or(Problem::UnknownNumber)?;
    Ok(Some(def.unit))
}

/// The part of [`against`] that a number's value decides.
pub fn against_unit(unit: Unit, n: f64) -> Option<Problem> {
    match unit {
        Unit::Count if n.fract() != 0.0 => Some(Problem::NotWhole),
        Unit::Percent if n > 100.0 => Some(Problem::OverHundred),
        _ => None,
    }
}

/// A number as it is stored: a whole one as an integer, so a count reads
/// `3`, not `3.0`, in the sync files and the exports.
pub(crate) fn number_json(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v >= 0.0 { serde_json::json!(v as u64) } else { serde_json::json!(v) }
}

/// A value shown in a message: its JSON text, cut short.
pub fn shown(raw: &str) -> String {
    const MAX: usize = 40;
    if raw.chars().count() <= MAX {
        return raw.to_owned();
    }
    let mut s: String = raw.chars().take(MAX).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_takes_its_values_and_refuses_others() {
        let v = "visit/a1";
        let ok = [
            ("commune", r#""Bình Sơn""#),
            ("members", r#"["m1","m\"2"]"#),
            ("final", "true"),
            ("item/x/status", r#""improving""#),
            ("item/x/status", "null"),
            ("item/x/rating", r#""fair""#),
            ("item/x/num/k", "0"),
            ("item/x/num/k", "12.5"),
            ("item/x/flag/p", "false"),
            ("item/x/sparkle", "42"),
            ("colour", "42"),
        ];
        for (f, raw) in ok {
            assert_eq!(check(v, f, raw), Ok(()), "{f} {raw}");
        }
        let bad = [
            ("commune", "3", Problem::NotText),
            ("members", r#"["a",1]"#, Problem::NotTextList),
            ("final", r#""yes""#, Problem::NotBool),
            ("item/x/status", r#""sparkle""#, Problem::NotStatus),
            ("item/x/status", "1", Problem::NotStatus),
            ("item/x/rating", r#""excellent""#, Problem::NotRating),
            ("item/x/num/k", "-1", Problem::Negative),
            ("item/x/num/k", r#""12""#, Problem::NotNumber),
            ("item/x/flag/p", "1", Problem::NotBool),
        ];
        for (f, raw, p) in bad {
            assert_eq!(check(v, f, raw), Err(p), "{f} {raw}");
        }
        assert_eq!(check("fu/b", "done", r#""no""#), Err(Problem::NotBool));
        assert_eq!(check("fu/b", "what", r#"{"a":1}"#), Err(Problem::NotText));
        assert_eq!(check("plan/z", "done", r#""no""#), Ok(()));
    }

    #[test]
    fn whole_numbers_are_stored_as_integers() {
        assert_eq!(number_json(3.0).to_string(), "3");
        assert_eq!(number_json(0.0).to_string(), "0");
        assert_eq!(number_json(12.5).to_string(), "12.5");
    }

    #[test]
    fn the_checklist_judges_units_and_names() {
        let c = crate::checklist::builtin();
        let item = &c.items[0];
        let code = item.code.as_str();
        assert_eq!(against(c, "no_such_item", &ItemField::Status, &"improving".into()), Some(Problem::UnknownItem));
        assert_eq!(against(c, code, &ItemField::Number("no_such_key".into()), &1.into()), Some(Problem::UnknownNumber));
        for def in &item.numbers {
            let f = ItemField::Number(def.key.clone());
            let (bad, problem) = match def.unit {
                Unit::Count => (serde_json::json!(2.5), Problem::NotWhole),
                Unit::Percent => (serde_json::json!(100.5), Problem::OverHundred),
            };
            assert_eq!(against(c, code, &f, &bad), Some(problem));
            assert_eq!(against(c, code, &f, &serde_json::json!(3)), None);
        }
        for p in Problem::ALL {
            assert_eq!(Problem::from_index(p.index()), Some(p));
        }
    }
}
