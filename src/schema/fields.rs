//! The names findings are stored under: the only place an entity prefix or
//! a field name is written or parsed. Everything else goes through these
//! types, so a field added here is known to the walk, the fold and the
//! exports at once.

use std::fmt;

/// Entity prefixes: `visit/<id>` and `fu/<id>`.
pub(crate) const VISIT: &str = "visit/";
pub(crate) const FOLLOW_UP: &str = "fu/";

/// The checklist item that holds the cell-meeting sub-form (its cell,
/// flags and rating).
pub const MEETING_ITEM: &str = "meeting_quality";

/// The flags of the cell-meeting sub-form (DOMAIN.md: content practical,
/// criticism held, resolution with owners and deadlines).
pub const MEETING_FLAGS: [&str; 3] = ["practical", "criticism", "owners"];

pub fn visit_entity(id: &str) -> String {
    format!("{VISIT}{id}")
}

pub fn follow_up_entity(id: &str) -> String {
    format!("{FOLLOW_UP}{id}")
}

/// A field of one checklist item at a visit: `item/<code>/<what>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ItemField {
    Status,
    /// A number, by its key in the checklist.
    Number(String),
    Note,
    /// A yes/no flag of the meeting sub-form.
    Flag(String),
    Rating,
    /// Which Party cell's meeting was attended.
    Cell,
}

impl ItemField {
    /// The stored name of this field of item `code`.
    pub fn of(&self, code: &str) -> String {
        format!("item/{code}/{self}")
    }

    fn parse(what: &str) -> Option<ItemField> {
        Some(match what {
            "status" => ItemField::Status,
            "note" => ItemField::Note,
            "rating" => ItemField::Rating,
            "cell" => ItemField::Cell,
            w => {
                if let Some(key) = w.strip_prefix("num/") {
                    ItemField::Number(key.to_owned())
                } else {
                    ItemField::Flag(w.strip_prefix("flag/")?.to_owned())
                }
            }
        })
    }
}

/// The part after `item/<code>/`.
impl fmt::Display for ItemField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemField::Status => f.write_str("status"),
            ItemField::Number(key) => write!(f, "num/{key}"),
            ItemField::Note => f.write_str("note"),
            ItemField::Flag(flag) => write!(f, "flag/{flag}"),
            ItemField::Rating => f.write_str("rating"),
            ItemField::Cell => f.write_str("cell"),
        }
    }
}

/// A field of a visit entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VisitField {
    Commune,
    Group,
    /// `YYYY-MM-DD`.
    Date,
    /// Array of member ids.
    Members,
    /// Array of Party cell ids.
    Cells,
    /// `true` once the visit is finalized.
    Final,
    Item {
        code: String,
        field: ItemField,
    },
}

impl VisitField {
    pub fn name(&self) -> String {
        match self {
            VisitField::Item { code, field } => field.of(code),
            other => other.plain().unwrap_or_default().to_owned(),
        }
    }

    fn plain(&self) -> Option<&'static str> {
        Some(match self {
            VisitField::Commune => "commune",
            VisitField::Group => "group",
            VisitField::Date => "date",
            VisitField::Members => "members",
            VisitField::Cells => "cells",
            VisitField::Final => "final",
            VisitField::Item { .. } => return None,
        })
    }

    pub fn parse(name: &str) -> Option<VisitField> {
        Some(match name {
            "commune" => VisitField::Commune,
            "group" => VisitField::Group,
            "date" => VisitField::Date,
            "members" => VisitField::Members,
            "cells" => VisitField::Cells,
            "final" => VisitField::Final,
            other => {
                let (code, what) = other.strip_prefix("item/")?.split_once('/')?;
                VisitField::Item { code: code.to_owned(), field: ItemField::parse(what)? }
            }
        })
    }
}

/// A field of a follow-up entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowUpField {
    /// The visit id it was recorded at.
    Visit,
    Commune,
    /// The checklist item code.
    Item,
    What,
    Who,
    /// `YYYY-MM-DD`, or empty for none.
    Due,
    Done,
}

impl FollowUpField {
    pub const ALL: [FollowUpField; 7] = [
        FollowUpField::Visit,
        FollowUpField::Commune,
        FollowUpField::Item,
        FollowUpField::What,
        FollowUpField::Who,
        FollowUpField::Due,
        FollowUpField::Done,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FollowUpField::Visit => "visit",
            FollowUpField::Commune => "commune",
            FollowUpField::Item => "item",
            FollowUpField::What => "what",
            FollowUpField::Who => "who",
            FollowUpField::Due => "due",
            FollowUpField::Done => "done",
        }
    }

    pub fn parse(name: &str) -> Option<FollowUpField> {
        FollowUpField::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Where a stored value lives, typed: an entity and one of its fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Path {
    Visit {
        visit: String,
        field: VisitField,
    },
    FollowUp {
        follow_up: String,
        field: FollowUpField,
    },
    /// An entity or field this version does not know (written by a newer
    /// one): kept as stored so it can still be shown and settled.
    Other {
        entity: String,
        field: String,
    },
}

impl Path {
    pub fn visit(visit: &str, field: VisitField) -> Path {
        Path::Visit { visit: visit.to_owned(), field }
    }

    pub fn item(visit: &str, code: &str, field: ItemField) -> Path {
        Path::visit(visit, VisitField::Item { code: code.to_owned(), field })
    }

    pub fn follow_up(id: &str, field: FollowUpField) -> Path {
        Path::FollowUp { follow_up: id.to_owned(), field }
    }

    /// Reads a stored entity and field; never fails (see [`Path::Other`]).
    pub fn parse(entity: &str, field: &str) -> Path {
        let known = if let Some(id) = entity.strip_prefix(VISIT) {
            VisitField::parse(field).map(|f| Path::visit(id, f))
        } else if let Some(id) = entity.strip_prefix(FOLLOW_UP) {
            FollowUpField::parse(field).map(|f| Path::follow_up(id, f))
        } else {
            None
        };
        known.unwrap_or_else(|| Path::Other { entity: entity.to_owned(), field: field.to_owned() })
    }

    /// The stored entity id.
    pub fn entity(&self) -> String {
        match self {
            Path::Visit { visit, .. } => visit_entity(visit),
            Path::FollowUp { follow_up, .. } => follow_up_entity(follow_up),
            Path::Other { entity, .. } => entity.clone(),
        }
    }

    /// The stored field name.
    pub fn field(&self) -> String {
        match self {
            Path::Visit { field, .. } => field.name(),
            Path::FollowUp { field, .. } => field.name().to_owned(),
            Path::Other { field, .. } => field.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_reads_back_as_written() {
        let item = |f: ItemField| VisitField::Item { code: "petition_backlog".into(), field: f };
        let visit_fields = [
            VisitField::Commune,
            VisitField::Group,
            VisitField::Date,
            VisitField::Members,
            VisitField::Cells,
            VisitField::Final,
            item(ItemField::Status),
            item(ItemField::Number("received".into())),
            item(ItemField::Note),
            item(ItemField::Flag("practical".into())),
            item(ItemField::Rating),
            item(ItemField::Cell),
        ];
        for f in visit_fields {
            let p = Path::visit("a1", f);
            assert_eq!(Path::parse(&p.entity(), &p.field()), p);
        }
        for f in FollowUpField::ALL {
            let p = Path::follow_up("b2", f);
            assert_eq!(Path::parse(&p.entity(), &p.field()), p);
        }
    }

    #[test]
    fn stored_names_are_the_sync_format() {
        // These strings are in every sync file already written: they may
        // never change.
        assert_eq!(ItemField::Number("received".into()).of("petition_backlog"), "item/petition_backlog/num/received");
        assert_eq!(ItemField::Flag("owners".into()).of(MEETING_ITEM), "item/meeting_quality/flag/owners");
        assert_eq!(Path::visit("x", VisitField::Final).entity(), "visit/x");
        assert_eq!(Path::follow_up("y", FollowUpField::Done).entity(), "fu/y");
    }

    #[test]
    fn unknown_names_are_kept_as_stored() {
        for (e, f) in [("visit/x", "item/a/sparkle"), ("visit/x", "colour"), ("fu/y", "why"), ("plan/z", "date")] {
            let p = Path::parse(e, f);
            assert!(matches!(p, Path::Other { .. }), "{e} {f}");
            assert_eq!((p.entity().as_str(), p.field().as_str()), (e, f));
        }
    }
}
