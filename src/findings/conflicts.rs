//! Where an open conflict is, in the findings' terms: the commune, the
//! visit's date, the checklist item and the typed field, so that screens
//! and exports can name it for people without reading entity ids.

use super::model::{FollowUp, Visit};
use crate::schema::{ItemField, Path, VisitField};
use crate::store::{Conflict, HeadView};

/// An open conflict, located.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// The field in conflict; [`Path::entity`] and [`Path::field`] give
    /// the stored names to settle it with.
    pub path: Path,
    /// Commune id of the visit or follow-up, when known.
    pub commune: Option<String>,
    /// Date of the visit (for a follow-up, of the visit it was made at).
    pub date: Option<String>,
    /// Checklist item code: the item field's, or the follow-up's item.
    pub item: Option<String>,
    /// Every head, provisional winner first.
    pub heads: Vec<HeadView>,
}

impl Located {
    /// The item field, for a conflict on one of a visit's items.
    pub fn item_field(&self) -> Option<&ItemField> {
        match &self.path {
            Path::Visit { field: VisitField::Item { field, .. }, .. } => Some(field),
            _ => None,
        }
    }
}

/// Locates each conflict among the folded visits and follow-ups.
pub fn locate(conflicts: Vec<Conflict>, visits: &[Visit], follow_ups: &[FollowUp]) -> Vec<Located> {
    let visit = |id: &str| visits.iter().find(|v| v.id == id);
    conflicts
        .into_iter()
        .map(|c| {
            let path = Path::parse(&c.entity, &c.field);
            let (commune, date, item) = match &path {
                Path::Visit { visit: id, field } => {
                    let v = visit(id);
                    let item = match field {
                        VisitField::Item { code, .. } => Some(code.clone()),
                        _ => None,
                    };
                    (v.map(|v| v.commune.clone()), v.map(|v| v.date.clone()), item)
                }
                Path::FollowUp { follow_up, .. } => match follow_ups.iter().find(|f| f.id == *follow_up) {
                    Some(f) => (Some(f.commune.clone()), visit(&f.visit).map(|v| v.date.clone()), Some(f.item.clone())),
                    None => (None, None, None),
                },
                Path::Other { .. } => (None, None, None),
            };
            Located { path, commune, date, item, heads: c.heads }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{follow_up_entity, visit_entity};

    fn conflict(entity: String, field: &str) -> Conflict {
        Conflict { entity, field: field.to_owned(), heads: Vec::new() }
    }

    fn place(l: &Located) -> (Option<&str>, Option<&str>, Option<&str>) {
        (l.commune.as_deref(), l.date.as_deref(), l.item.as_deref())
    }

    #[test]
    fn conflicts_are_placed_by_commune_date_item_and_field() {
        let v = Visit { id: "v1".into(), commune: "binh-thanh".into(), date: "2024-05-20".into(), ..Visit::default() };
        let f = FollowUp {
            id: "f1".into(),
            visit: "v1".into(),
            commune: "binh-thanh".into(),
            item: "land_disputes".into(),
            ..FollowUp::default()
        };
        let found = locate(
            vec![
                conflict(visit_entity("v1"), "item/land_disputes/note"),
                conflict(visit_entity("v1"), "date"),
                conflict(follow_up_entity("f1"), "due"),
                conflict(visit_entity("gone"), "item/land_disputes/status"),
                conflict("plan/x".into(), "date"),
            ],
            &[v],
            &[f],
        );
        assert_eq!(place(&found[0]), (Some("binh-thanh"), Some("2024-05-20"), Some("land_disputes")));
        assert_eq!(found[0].item_field(), Some(&ItemField::Note));
        assert_eq!(place(&found[1]), (Some("binh-thanh"), Some("2024-05-20"), None));
        assert_eq!(found[1].path, Path::visit("v1", VisitField::Date));
        assert_eq!(place(&found[2]), (Some("binh-thanh"), Some("2024-05-20"), Some("land_disputes")));
        assert_eq!(place(&found[3]), (None, None, Some("land_disputes")));
        assert_eq!(place(&found[4]), (None, None, None));
        assert_eq!((found[4].path.entity(), found[4].path.field()), ("plan/x".to_owned(), "date".to_owned()));
    }
}
