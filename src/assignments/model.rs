//! The assignments a committee hands to its working groups, as loaded.

use std::collections::BTreeMap;

/// Everything loaded from one or more assignments files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assignments {
    pub sources: Vec<Source>,
    pub groups: Vec<Group>,
}

/// One loaded file: where it came from and who issued it.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub name: String,
    pub issued_by: Option<String>,
    pub issued_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: String,
    pub name: String,
    /// Index into [`Assignments::sources`].
    pub source: usize,
    pub members: Vec<Member>,
    pub communes: Vec<Commune>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    pub id: String,
    pub name: String,
    pub assigned: Vec<String>,
    pub contacts: Vec<Contact>,
    pub cells: Vec<Cell>,
    pub weaknesses: Vec<Weakness>,
    /// Communes merged into this one (the 2025 reform): their earlier
    /// visits are this commune's history.
    pub merged_from: Vec<OldCommune>,
}

/// A commune that no longer exists, merged into another.
#[derive(Debug, Clone, PartialEq)]
pub struct OldCommune {
    pub id: String,
    /// Its name, to label its visits; the id when not given.
    pub name: Option<String>,
}

impl Commune {
    /// Whether a visit recorded for commune `id` is part of this
    /// commune's history: its own, or one of a commune merged into it.
    pub fn covers(&self, id: &str) -> bool {
        self.id == id || self.merged_from.iter().any(|o| o.id == id)
    }

    /// The name a visit to `id` is shown with: the old commune's for a
    /// visit made before the merger.
    pub fn name_for<'a>(&'a self, id: &'a str) -> &'a str {
        match self.merged_from.iter().find(|o| o.id == id) {
            Some(o) => o.name.as_deref().unwrap_or(&o.id),
            None => &self.name,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub name: String,
    pub role: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub id: String,
    pub name: String,
    /// Head count of Party members in the cell.
    pub members: Option<u64>,
    pub assigned: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Weakness {
    pub code: String,
    pub note: Option<String>,
    /// A number's key to its value before the first visit.
    pub baseline: BTreeMap<String, f64>,
}

impl Group {
    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    /// Member names for a list of ids, in order, for display.
    pub fn member_names(&self, ids: &[String]) -> String {
        ids.iter().map(|id| self.member(id).map_or(id.as_str(), |m| m.name.as_str())).collect::<Vec<_>>().join(", ")
    }
}

impl Assignments {
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// Old commune ids to the ids of the communes they were merged into.
    pub fn merged(&self) -> std::collections::HashMap<&str, &str> {
        let mut out = std::collections::HashMap::new();
        for c in self.groups.iter().flat_map(|g| &g.communes) {
            for o in &c.merged_from {
                out.insert(o.id.as_str(), c.id.as_str());
            }
        }
        out
    }

    pub fn commune(&self, id: &str) -> Option<(&Group, &Commune)> {
        self.groups.iter().find_map(|g| g.communes.iter().find(|c| c.id == id).map(|c| (g, c)))
    }
}
