//! This device's Ed25519 key pair and the fingerprints people compare.
//!
//! The secret key lives in `<data>/store/device.key`, created 0600 next to
//! `device.json`, and is bound to the device id it was made for: a home
//! copied to another laptop that gets a new device id also gets a new key,
//! so two laptops never sign as one.

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub const KEY_FILE: &str = "device.key";

/// Crockford's base32: no I, L, O or U, so nothing is misread aloud.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in a fingerprint (4 groups of 4): 80 bits of SHA-256.
pub const FINGERPRINT_CHARS: usize = 16;

#[derive(Serialize, Deserialize)]
struct KeyFile {
    v: u32,
    device: String,
    secret: String,
    public: String,
}

/// Why the key could not be read or made.
#[derive(Debug)]
pub enum KeyError {
    Io { path: PathBuf, error: std::io::Error },
    Bad { path: PathBuf, reason: String },
}

impl KeyError {
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        match (self, lang) {
            (KeyError::Io { path, error }, Lang::Vi) => {
                format!("{}: không đọc hoặc ghi được khóa của máy: {error}", path.display())
            }
            (KeyError::Io { path, error }, Lang::En) => {
                format!("{}: cannot read or write this device's key: {error}", path.display())
            }
            (KeyError::Bad { path, reason }, Lang::Vi) => {
                format!("{}: tệp khóa của máy bị hỏng ({reason}); hãy chép lại từ bản sao lưu", path.display())
            }
            (KeyError::Bad { path, reason }, Lang::En) => {
                format!("{}: this device's key file is damaged ({reason}); restore it from a backup", path.display())
            }
        }
    }
}

/// 16 lowercase hex digits, as the store names devices (checked here too,
/// so key files never name a path outside the store directory).
fn is_device_id(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn retired_name(device: &str) -> String {
    format!("device.{device}.key")
}

/// Device ids this directory's key files were made for: the current key's
/// first, then retired ones. What a directory whose `device.json` went
/// missing wrote under.
pub fn key_devices(store_dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(t) = std::fs::read_to_string(store_dir.join(KEY_FILE))
        && let Ok(f) = serde_json::from_str::<KeyFile>(&t)
    {
        out.push(f.device);
    }
    if let Ok(rd) = std::fs::read_dir(store_dir) {
        for ent in rd.flatten() {
            let name = ent.file_name();
            let Some(dev) = name.to_str().and_then(|n| n.strip_prefix("device.")?.strip_suffix(".key")) else {
                continue;
            };
            if !out.iter().any(|d| d == dev) {
                out.push(dev.to_owned());
            }
        }
    }
    out.retain(|d| is_device_id(d));
    out
}

/// This device's signing key.
pub struct DeviceKey {
    device: String,
    key: SigningKey,
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let b = s.as_bytes();
    if b.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    for (i, pair) in b.chunks_exact(2).enumerate() {
        let d = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        out[i] = d(pair[0])? << 4 | d(pair[1])?;
    }
    Some(out)
}

/// The fingerprint of a public key: `XXXX-XXXX-XXXX-XXXX`.
pub fn fingerprint(public: &VerifyingKey) -> String {
    let digest = Sha256::digest(public.as_bytes());
    // 16 characters x 5 bits = the first 80 bits of the digest.
    let mut acc: u128 = 0;
    for &b in &digest[..10] {
        acc = acc << 8 | u128::from(b);
    }
    let mut out = String::with_capacity(19);
    for i in 0..FINGERPRINT_CHARS {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let idx = (acc >> (75 - 5 * i)) & 31;
        out.push(ALPHABET[idx as usize] as char);
    }
    out
}

/// A fingerprint as typed by a person, in the canonical form, or `None`
/// if it cannot be one. Case, spaces and dashes do not matter; O reads
/// as 0 and I, L as 1 (Crockford).
pub fn normalize_fingerprint(typed: &str) -> Option<String> {
    let mut chars = String::new();
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        chars.push(c);
    }
    if chars.len() != FINGERPRINT_CHARS {
        return None;
    }
    let mut out = String::with_capacity(19);
    for (i, c) in chars.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(c);
    }
    Some(out)
}

impl DeviceKey {
    /// Read the key of `device` from `store_dir`, making one (0600) when
    /// there is none or it was made for another device id.
    pub fn load_or_create(store_dir: &Path, device: &str) -> Result<DeviceKey, KeyError> {
        let path = store_dir.join(KEY_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let bad = |reason: &str| KeyError::Bad { path: path.clone(), reason: reason.to_owned() };
                let f: KeyFile = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
                let secret = unhex::<32>(&f.secret).ok_or_else(|| bad("secret is not 64 hex digits"))?;
                let key = SigningKey::from_bytes(&secret);
                if hex(key.verifying_key().as_bytes()) != f.public {
                    return Err(bad("public key does not match the secret"));
                }
                if f.device == device {
                    return Ok(DeviceKey { device: device.to_owned(), key });
                }
                // A key made for another device id (a copied or moved home,
                // a lost device.json): a new one. The old key is kept
                // aside to sign what is left unsigned of the old id's files.
                let retired = store_dir.join(retired_name(&f.device));
                if is_device_id(&f.device) && !retired.exists() {
                    std::fs::rename(&path, &retired).map_err(|error| KeyError::Io { path: retired, error })?;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(KeyError::Io { path, error }),
        }
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret)
            .map_err(|e| KeyError::Io { path: path.clone(), error: std::io::Error::other(e.to_string()) })?;
        let key = SigningKey::from_bytes(&secret);
        let file = KeyFile {
            v: 1,
            device: device.to_owned(),
            secret: hex(&secret),
            public: hex(key.verifying_key().as_bytes()),
        };
        let body = serde_json::to_string(&file).unwrap_or_default() + "\n";
        crate::disk::write_atomic(&path, body.as_bytes()).map_err(|error| KeyError::Io { path, error })?;
        Ok(DeviceKey { device: device.to_owned(), key })
    }

    /// The key this directory signed with as `device` before it got its
    /// current id, if it kept one.
    pub fn retired(store_dir: &Path, device: &str) -> Option<DeviceKey> {
        let text = std::fs::read_to_string(store_dir.join(retired_name(device))).ok()?;
        let f: KeyFile = serde_json::from_str(&text).ok()?;
        let key = SigningKey::from_bytes(&unhex::<32>(&f.secret)?);
        (f.device == device && hex(key.verifying_key().as_bytes()) == f.public)
            .then(|| DeviceKey { device: device.to_owned(), key })
    }

    pub fn device(&self) -> &str {
        &self.device
    }

    pub fn public(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    pub fn public_hex(&self) -> String {
        hex(self.public().as_bytes())
    }

    pub fn fingerprint(&self) -> String {
        fingerprint(&self.public())
    }

    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.key.sign(msg).to_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_kept_private_and_bound_to_the_device() {
        let dir = tempfile::tempdir().unwrap();
        let a = DeviceKey::load_or_create(dir.path(), "a1b2c3d4e5f60718").unwrap();
        let again = DeviceKey::load_or_create(dir.path(), "a1b2c3d4e5f60718").unwrap();
        assert_eq!(a.public(), again.public());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // The same home under a new device id (a copy) signs with a new key.
        let other = DeviceKey::load_or_create(dir.path(), "0000000000000001").unwrap();
        assert_ne!(other.public(), a.public());
    }

    #[test]
    fn damaged_key_file_is_refused_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(KEY_FILE), "{not json").unwrap();
        let e = DeviceKey::load_or_create(dir.path(), "a1b2c3d4e5f60718").err().unwrap();
        assert!(e.message(crate::lang::Lang::En).contains("damaged"));
        assert_eq!(std::fs::read_to_string(dir.path().join(KEY_FILE)).unwrap(), "{not json");
    }

    #[test]
    fn fingerprints_read_aloud() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let fp = fingerprint(&key.verifying_key());
        assert_eq!(fp.len(), 19);
        assert_eq!(fp.matches('-').count(), 3);
        assert!(fp.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        // Typed in lower case, with spaces, O for 0 and l for 1: same key.
        let typed = fp.to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
        assert_eq!(normalize_fingerprint(&typed).as_deref(), Some(fp.as_str()));
        assert_eq!(normalize_fingerprint("ABCD-EFGH"), None);
        assert_eq!(normalize_fingerprint("ABCD-EFGH-JKMN-PQRU"), None);
        assert_ne!(fingerprint(&SigningKey::from_bytes(&[8u8; 32]).verifying_key()), fp);
    }

    #[test]
    fn hex_round_trips() {
        let b = [0u8, 1, 0xab, 0xff];
        assert_eq!(unhex::<4>(&hex(&b)), Some(b));
        assert_eq!(unhex::<4>("00112g33"), None);
        assert_eq!(unhex::<4>("0011"), None);
    }
}
