//! Field names and the writes that record findings.

use serde_json::{Value, json};

use super::model::{FOLLOW_UP, Rating, Status, VISIT};
use crate::store::{OpId, Store, StoreError};

pub fn visit_entity(id: &str) -> String {
    format!("{VISIT}{id}")
}

pub fn follow_up_entity(id: &str) -> String {
    format!("{FOLLOW_UP}{id}")
}

pub fn status_field(code: &str) -> String {
    format!("item/{code}/status")
}

pub fn number_field(code: &str, key: &str) -> String {
    format!("item/{code}/num/{key}")
}

pub fn note_field(code: &str) -> String {
    format!("item/{code}/note")
}

pub fn flag_field(code: &str, flag: &str) -> String {
    format!("item/{code}/flag/{flag}")
}

pub fn rating_field(code: &str) -> String {
    format!("item/{code}/rating")
}

pub fn cell_field(code: &str) -> String {
    format!("item/{code}/cell")
}

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
        (&e, "commune", json!(commune)),
        (&e, "group", json!(group)),
        (&e, "date", json!(date)),
        (&e, "members", json!(members)),
        (&e, "cells", json!(cells)),
    ])?;
    Ok(id)
}

pub fn set_status(store: &mut Store, visit: &str, code: &str, status: Status) -> Result<OpId, StoreError> {
    store.set(&visit_entity(visit), &status_field(code), json!(status.code()))
}

pub fn set_rating(store: &mut Store, visit: &str, code: &str, rating: Option<Rating>) -> Result<OpId, StoreError> {
    let v = rating.map_or(Value::Null, |r| json!(r.code()));
    store.set(&visit_entity(visit), &rating_field(code), v)
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
        (&e, "visit", json!(visit)),
        (&e, "commune", json!(commune)),
        (&e, "item", json!(item)),
        (&e, "what", json!(what)),
        (&e, "who", json!(who)),
        (&e, "due", json!(due.unwrap_or(""))),
        (&e, "done", json!(false)),
    ])?;
    Ok(id)
}
