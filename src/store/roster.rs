//! The group roster ([`crate::trust::roster`]) as this laptop reads it
//! from the store: admissions are ops on `device/<dev>` entities, and an
//! entry counts only when written by this laptop or a device it marked as
//! a leader's.

use super::{FieldView, Store};
use crate::trust::keys;
use crate::trust::roster::{Entry, PREFIX, Roster};
use serde_json::Value;
use std::collections::BTreeMap;

/// The roster as this laptop reads it from the store.
pub(super) fn read(store: &Store) -> Roster {
    let me = store.device_id();
    // What this laptop wrote under an earlier device id is its own too.
    let own = |d: &str| store.is_own(d);
    let entities: Vec<String> = store.entities(PREFIX).into_iter().map(str::to_owned).collect();
    // Leaders are only what this laptop itself said.
    let mut leaders: Vec<String> = vec![me.to_owned()];
    leaders.extend(store.past_ids().iter().cloned());
    for e in &entities {
        if let Some(v) = pick(store.get(e, "leader"), own)
            && v.0 == Value::Bool(true)
        {
            leaders.push(e[PREFIX.len()..].to_owned());
        }
    }
    let trusted = |d: &str| leaders.iter().any(|l| l == d);
    let mut devices = BTreeMap::new();
    for e in &entities {
        let dev = &e[PREFIX.len()..];
        let Some((key, by)) = pick(store.get(e, "key"), trusted) else { continue };
        let Some(key) = key.as_str().and_then(keys::unhex::<32>) else { continue };
        let Some((member, _)) = pick(store.get(e, "member"), trusted) else { continue };
        let Some(member) = member.as_str().map(str::to_owned) else { continue };
        let leader = own(&by) && pick(store.get(e, "leader"), own).is_some_and(|v| v.0 == Value::Bool(true));
        let removed_after = pick(store.get(e, "removed_after"), trusted)
            .and_then(|(v, _)| v.as_u64())
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        devices.insert(dev.to_owned(), Entry { key, member, leader, removed_after, admitted_by: by });
    }
    Roster { devices }
}

/// The first head of a field (the shown value, then the other heads of a
/// conflict) written by a device `ok` accepts: its value and that device.
fn pick(view: Option<FieldView>, ok: impl Fn(&str) -> bool) -> Option<(Value, String)> {
    let view = view?;
    if view.alternatives.is_empty() {
        return if ok(&view.op.dev) { Some((view.value?, view.op.dev)) } else { None };
    }
    view.alternatives.into_iter().find(|h| ok(&h.op.dev)).and_then(|h| Some((h.value?, h.op.dev)))
}
