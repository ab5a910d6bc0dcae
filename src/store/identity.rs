//! Which device this data directory writes as.
//!
//! A device id names one writer of per-device append-only files, so two
//! laptops must never write under one id. Offices clone laptops and people
//! copy a home with `cp -a`: the id is therefore bound to the machine and
//! to the data directory's path, and a directory found on another machine
//! or at another path mints a new id. The ids it wrote under before are
//! kept in `past`: their files stay in `ops/` as history and still go out
//! to sync folders (without ever rewriting a folder's copy), so moving to
//! a new laptop loses nothing.
//!
//! `device.json` (version 2):
//! `{"v":2,"device":"<dev>","machine":"<hash>","dir":"<path>","past":["<dev>",…]}`.
//! Version 1 (`{"v":1,"device":"<dev>"}`) is bound where it is found.

use super::files;
use super::{StoreError, Warning};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

pub(super) const DEVICE_FILE: &str = "device.json";

/// Overrides the machine's identity (tests; machines without one).
pub const MACHINE_ENV: &str = "SOTAY_MACHINE_ID";

#[derive(Serialize, Deserialize, Default)]
struct DeviceFile {
    v: u32,
    device: String,
    #[serde(default)]
    machine: Option<String>,
    #[serde(default)]
    dir: Option<String>,
    #[serde(default)]
    past: Vec<String>,
}

/// The ids of this data directory.
#[derive(Debug, Clone, Default)]
pub(super) struct Identity {
    pub device: String,
    /// Ids this directory wrote under before, oldest first.
    pub past: Vec<String>,
    /// Why a new id was made just now, if it was.
    pub notice: Option<Warning>,
}

fn new_device_id() -> Result<String, StoreError> {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b)
        .map_err(|e| StoreError::write(Path::new(DEVICE_FILE), std::io::Error::other(e.to_string())))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// What identifies this machine, hashed (the raw id never lands in a file).
fn machine() -> String {
    let raw = std::env::var(MACHINE_ENV).ok().filter(|s| !s.is_empty()).or_else(machine_id).unwrap_or_default();
    let d = Sha256::digest(raw.trim().as_bytes());
    d[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(target_os = "linux")]
fn machine_id() -> Option<String> {
    ["/etc/machine-id", "/var/lib/dbus/machine-id"].iter().find_map(|p| fs::read_to_string(p).ok())
}

#[cfg(windows)]
fn machine_id() -> Option<String> {
    crate::platform::machine_guid().or_else(|| std::env::var("COMPUTERNAME").ok())
}

#[cfg(not(any(target_os = "linux", windows)))]
fn machine_id() -> Option<String> {
    std::env::var("HOSTNAME").ok()
}

/// The data directory as a path that does not depend on how it was named
/// (links resolved).
fn dir_key(data_dir: &Path) -> String {
    let p = fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_owned());
    p.to_string_lossy().into_owned()
}

fn read(path: &Path) -> Result<Option<DeviceFile>, StoreError> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::read(path, e)),
    };
    let bad = |reason: &str| StoreError::BadDeviceFile { path: path.to_owned(), reason: reason.to_owned() };
    let f: DeviceFile = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
    if !files::is_device_id(&f.device) || !f.past.iter().all(|d| files::is_device_id(d)) {
        return Err(bad("no valid \"device\" id"));
    }
    Ok(Some(f))
}

/// The device id only, for a reader that writes nothing.
pub(super) fn read_only(data_dir: &Path) -> Result<Identity, StoreError> {
    Ok(match read(&data_dir.join(DEVICE_FILE))? {
        Some(f) => Identity { device: f.device, past: f.past, notice: None },
        None => Identity::default(),
    })
}

/// Read the id, minting a new one when there is none or the directory is
/// not where (or on the machine) it was made; `earlier` names ids this
/// directory is known to have written under (from its key files), for a
/// `device.json` that went missing.
pub(super) fn establish(data_dir: &Path, earlier: impl FnOnce() -> Vec<String>) -> Result<Identity, StoreError> {
    let path = data_dir.join(DEVICE_FILE);
    let (machine, dir) = (machine(), dir_key(data_dir));
    let (device, past, notice, write) = match read(&path)? {
        Some(f)
            if f.machine.is_none() || (f.machine.as_deref() == Some(&machine) && f.dir.as_deref() == Some(&dir)) =>
        {
            // Version 1 is bound where it is found; version 2 is where it was made.
            let upgrade = f.machine.is_none();
            (f.device, f.past, None, upgrade)
        }
        Some(f) => {
            let new = new_device_id()?;
            let mut past = f.past;
            past.push(f.device.clone());
            let notice = Warning::NewDeviceId { old: Some(f.device), new: new.clone(), moved: true };
            (new, past, Some(notice), true)
        }
        None => {
            let new = new_device_id()?;
            let past: Vec<String> = earlier();
            let notice =
                past.last().map(|old| Warning::NewDeviceId { old: Some(old.clone()), new: new.clone(), moved: false });
            (new, past, notice, true)
        }
    };
    if write {
        let f = DeviceFile { v: 2, device: device.clone(), machine: Some(machine), dir: Some(dir), past: past.clone() };
        let body = serde_json::to_string(&f).unwrap_or_default() + "\n";
        crate::disk::write_atomic(&path, body.as_bytes()).map_err(|e| StoreError::write(&path, e))?;
    }
    Ok(Identity { device, past, notice })
}
