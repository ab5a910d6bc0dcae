//! The writes that record findings (names from [`crate::schema`]).

use serde_json::json;

use crate::schema::{FollowUpField, ItemField, Status, VisitField, follow_up_entity, visit_entity};
use crate::store::{OpId, Store, StoreError};

/// A new random id (12 hex digits) for a visit or a follow-up.
pub fn new_id() -> String {
    let mut b = [0u8; 6];
    // The OS random source failing is not something to stop the user for:
    // fall back on the clock, which is unique enough on one device.
    if getrandom::fill(&mut b).is_err() {
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        b.copy_from_slice(&t.to_le_bytes()[..6]);
    }
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Starts a visit: every field written (and fsynced) before it returns.
pub fn start_visit(
    store: &mut Store,
    group: &str,
    commune: &str,
    date: &str,
    members: &[String],
    cells: &[String],
) -> Result<String, StoreError> {
    let id = new_id();
    let e = visit_entity(&id);
    // One batch: a crash leaves the whole visit or nothing of it.
    store.set_many(&[
        (&e, &VisitField::Commune.name(), json!(commune)),
        (&e, &VisitField::Group.name(), json!(group)),
        (&e, &VisitField::Date.name(), json!(date)),
        (&e, &VisitField::Members.name(), json!(members)),
        (&e, &VisitField::Cells.name(), json!(cells)),
    ])?;
    Ok(id)
}

pub fn set_status(store: &mut Store, visit: &str, code: &str, status: Status) -> Result<OpId, StoreError> {
    store.set(&visit_entity(visit), &ItemField::Status.of(code), json!(status.code()))
}

/// Adds a follow-up to a visit's item; returns its id.
pub fn add_follow_up(
    store: &mut Store,
    visit: &str,
    commune: &str,
    item: &str,
    what: &str,
    who: &str,
    due: Option<&str>,
) -> Result<String, StoreError> {
    let id = new_id();
    let e = follow_up_entity(&id);
    // One batch: a crash leaves the whole follow-up or nothing of it.
    store.set_many(&[
        (&e, FollowUpField::Visit.name(), json!(visit)),
        (&e, FollowUpField::Commune.name(), json!(commune)),
        (&e, FollowUpField::Item.name(), json!(item)),
        (&e, FollowUpField::What.name(), json!(what)),
        (&e, FollowUpField::Who.name(), json!(who)),
        (&e, FollowUpField::Due.name(), json!(due.unwrap_or(""))),
        (&e, FollowUpField::Done.name(), json!(false)),
    ])?;
    Ok(id)
}
