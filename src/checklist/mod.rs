//! Checklist templates: the items a visit walks through, with the numbers
//! each one records.

pub mod load;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::lang::Lang;

/// The items in order, and where each code sits: a checklist may hold
/// many thousands of items and every weakness of every commune looks its
/// code up.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "Items")]
pub struct Checklist {
    pub items: Vec<Item>,
    index: HashMap<String, usize>,
}

#[derive(Deserialize)]
struct Items {
    items: Vec<Item>,
}

impl From<Items> for Checklist {
    fn from(raw: Items) -> Checklist {
        Checklist::new(raw.items)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Item {
    pub code: String,
    pub label: Label,
    #[serde(default)]
    pub numbers: Vec<NumberDef>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Label {
    pub vi: String,
    pub en: String,
}

impl Label {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NumberDef {
    pub key: String,
    pub label: Label,
    #[serde(default)]
    pub unit: Unit,
    /// Another number of the same item this one may not exceed.
    #[serde(default)]
    pub max: Option<String>,
    /// Computed as `100 * a / b` from two other numbers of the item.
    #[serde(default)]
    pub ratio: Option<(String, String)>,
    /// Computed as `a - b` from two other numbers of the item (what is
    /// still pending of what was received).
    #[serde(default)]
    pub difference: Option<(String, String)>,
}

impl NumberDef {
    /// The two numbers this one is computed from, if it is computed.
    pub fn parts(&self) -> Option<&(String, String)> {
        self.ratio.as_ref().or(self.difference.as_ref())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    #[default]
    Count,
    Percent,
}

impl Checklist {
    /// A checklist of these items; the first of a code wins a lookup.
    pub fn new(items: Vec<Item>) -> Checklist {
        let mut index = HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            index.entry(item.code.clone()).or_insert(i);
        }
        Checklist { items, index }
    }

    pub fn item(&self, code: &str) -> Option<&Item> {
        self.index.get(code).map(|&i| &self.items[i])
    }

    pub fn knows(&self, code: &str) -> bool {
        self.item(code).is_some()
    }
}

/// The built-in checklist, from DOMAIN.md, in Vietnamese and English.
pub fn builtin() -> &'static Checklist {
    static BUILTIN: OnceLock<Checklist> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        serde_json::from_str(include_str!("../../assets/checklist.json"))
            .expect("the built-in checklist is valid JSON (checked by a test)")
    })
}

static ACTIVE: OnceLock<Checklist> = OnceLock::new();

/// Makes a custom template the checklist of this run (once, at start).
/// Returns false when one was already set.
pub fn set_active(checklist: Checklist) -> bool {
    ACTIVE.set(checklist).is_ok()
}

/// The checklist of this run: a custom template if one was given,
/// otherwise the built-in one.
pub fn active() -> &'static Checklist {
    ACTIVE.get().unwrap_or_else(builtin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_every_domain_item() {
        let codes: Vec<&str> = builtin().items.iter().map(|i| i.code.as_str()).collect();
        for code in [
            "petition_backlog",
            "land_disputes",
            "citizen_reception",
            "meeting_quality",
            "recruitment",
            "inspection",
            "directives",
            "leadership",
            "member_management",
            "village_cells",
            "unity",
        ] {
            assert!(codes.contains(&code), "{code}");
        }
    }

    #[test]
    fn ratios_and_maxima_name_numbers_of_their_item() {
        for item in &builtin().items {
            let has = |k: &str| item.numbers.iter().any(|n| n.key == k);
            for n in &item.numbers {
                if let Some((a, b)) = n.parts() {
                    assert!(has(a) && has(b), "{}.{}", item.code, n.key);
                }
                if let Some(m) = &n.max {
                    assert!(has(m), "{}.{}", item.code, n.key);
                }
            }
        }
    }
}
