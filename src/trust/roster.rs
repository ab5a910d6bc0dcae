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
}
