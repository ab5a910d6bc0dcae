//! The group roster: which devices belong to which member.
//!
//! An admission is an ordinary op on entity `device/<dev>` (fields `key`,
//! `member`, `leader`, `removed_after`), so it is signed with the other ops
//! of the device that wrote it and travels the same way. A laptop counts an
//! entry only when it was written by itself or by a device it marked as a
//! leader's: in the meeting room each member admits the leader's device
//! (`--leader`) after comparing fingerprints, the leader admits every
//! member's device, and the leader's admissions reach everyone with the
//! next sync.

use crate::store::{FieldView, Store};
use serde_json::Value;
use std::collections::BTreeMap;

pub const PREFIX: &str = "device/";

/// One admitted device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: [u8; 32],
    pub member: String,
    pub leader: bool,
    /// Removed: ops with a higher sequence number are held aside.
    pub removed_after: Option<u32>,
    /// The device that wrote the admission.
    pub admitted_by: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    pub devices: BTreeMap<String, Entry>,
}

impl Roster {
    /// Checking is on once this laptop has a roster at all.
    pub fn is_on(&self) -> bool {
        !self.devices.is_empty()
    }

    pub fn get(&self, dev: &str) -> Option<&Entry> {
        self.devices.get(dev)
    }

    /// The roster as this laptop reads it from the store.
    pub fn build(store: &Store) -> Roster {
        let me = store.device_id();
        let entities: Vec<String> = store.entities(PREFIX).into_iter().map(str::to_owned).collect();
        // Leaders are only what this laptop itself said.
        let mut leaders: Vec<String> = vec![me.to_owned()];
        for e in &entities {
            if let Some(v) = pick(store.get(e, "leader"), |d| d == me)
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
            let Some(key) = key.as_str().and_then(super::keys::unhex::<32>) else { continue };
            let Some((member, _)) = pick(store.get(e, "member"), trusted) else { continue };
            let Some(member) = member.as_str().map(str::to_owned) else { continue };
            let leader =
                by == me && pick(store.get(e, "leader"), |d| d == me).is_some_and(|v| v.0 == Value::Bool(true));
            let removed_after = pick(store.get(e, "removed_after"), trusted)
                .and_then(|(v, _)| v.as_u64())
                .map(|n| u32::try_from(n).unwrap_or(u32::MAX));
            devices.insert(dev.to_owned(), Entry { key, member, leader, removed_after, admitted_by: by });
        }
        Roster { devices }
    }
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
