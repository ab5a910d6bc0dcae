//! The two sealed things on a stick: the folder's key file, opened with
//! the group's passphrase, and the pieces, opened with the group key.
//!
//! Only standard constructions from RustCrypto, nothing of our own:
//!
//! - key file: `kek = scrypt(NFC(passphrase), salt, N = 2^log_n, r = 8,
//!   p = 1)` (RFC 7914), and the 32-byte group key sealed with
//!   ChaCha20-Poly1305 (RFC 8439) under `kek`, nonce 0, associated data
//!   `sotay-seal key v1\n` + the folder id. A new salt makes a new `kek`,
//!   so the nonce is never used twice under one key.
//! - piece: `SOTAYSL1` (8 bytes), a random 32-byte salt, then the plain
//!   bytes sealed with ChaCha20-Poly1305 under
//!   `HKDF-SHA256(ikm = group key, salt, info = "sotay-seal piece v1")`
//!   (RFC 5869), nonce 0, associated data the piece's file name. One key
//!   per piece (the salt), so nonce 0 is safe; the name as associated data
//!   means a piece renamed to another device, segment or range does not
//!   open. This is age's payload key derivation, in one AEAD message
//!   since a piece is small and written at once.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use unicode_normalization::UnicodeNormalization;

use crate::trust::keys::{hex, unhex};

pub const MAGIC: &[u8; 8] = b"SOTAYSL1";
const SALT: usize = 32;
const TAG: usize = 16;
/// Bytes a piece adds to what it seals.
pub const OVERHEAD: usize = MAGIC.len() + SALT + TAG;
const PIECE_INFO: &[u8] = b"sotay-seal piece v1";
const KEY_AD: &[u8] = b"sotay-seal key v1\n";
/// scrypt cost of new key files: 2^17 x 8 x 128 bytes = 128 MiB and
/// about a second, paid once per laptop and folder.
const LOG_N: u8 = 17;
/// The costs a key file may ask for: a forged file cannot make us
/// allocate more than 256 MiB.
const LOG_N_RANGE: std::ops::RangeInclusive<u8> = 10..=18;
const R: u32 = 8;
const P: u32 = 1;

/// A group's key, opened.
#[derive(Clone)]
pub struct GroupKey {
    /// The folder id (16 hex digits, random): which remembered key opens
    /// which folder.
    pub id: String,
    key: [u8; 32],
}

impl std::fmt::Debug for GroupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GroupKey({})", self.id)
    }
}

impl Drop for GroupKey {
    fn drop(&mut self) {
        self.key = [0; 32];
    }
}

/// `sotay-seal.json`.
#[derive(Serialize, Deserialize)]
struct KeyFile {
    v: u32,
    id: String,
    kdf: String,
    log_n: u8,
    r: u32,
    p: u32,
    salt: String,
    key: String,
}

/// Why a key file did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unlock {
    /// Not a key file this version can read.
    Bad(&'static str),
    /// The passphrase is not the one the file was made with.
    WrongPassphrase,
}

/// Random bytes from the system; without them nothing is sealed.
fn random<const N: usize>() -> std::io::Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(b)
}

fn kek(passphrase: &str, salt: &[u8], log_n: u8) -> [u8; 32] {
    let pass: String = passphrase.nfc().collect();
    let mut out = [0u8; 32];
    if let Ok(params) = scrypt::Params::new(log_n, R, P, 32) {
        let _ = scrypt::scrypt(pass.as_bytes(), salt, &params, &mut out);
    }
    out
}

fn key_ad(id: &str) -> Vec<u8> {
    let mut ad = KEY_AD.to_vec();
    ad.extend_from_slice(id.as_bytes());
    ad
}

/// A new group key and its key file (JSON text, ending in a newline).
pub fn new_key(passphrase: &str) -> std::io::Result<(GroupKey, String)> {
    let group = GroupKey { id: hex(&random::<8>()?), key: random()? };
    let salt: [u8; 16] = random()?;
    let k = kek(passphrase, &salt, LOG_N);
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&k));
    let ad = key_ad(&group.id);
    let sealed = cipher
        .encrypt(Nonce::from_slice(&[0; 12]), Payload { msg: &group.key, aad: &ad })
        .map_err(|_| std::io::Error::other("sealing failed"))?;
    let file = KeyFile {
        v: 1,
        id: group.id.clone(),
        kdf: "scrypt".into(),
        log_n: LOG_N,
        r: R,
        p: P,
        salt: hex(&salt),
        key: hex(&sealed),
    };
    Ok((group, serde_json::to_string(&file).unwrap_or_default() + "\n"))
}

/// The folder id a key file names, without opening it.
pub fn key_file_id(text: &str) -> Result<String, Unlock> {
    Ok(parse(text)?.id)
}

fn parse(text: &str) -> Result<KeyFile, Unlock> {
    let f: KeyFile = serde_json::from_str(text).map_err(|_| Unlock::Bad("not a sotay-seal key file"))?;
    if f.v != 1 || f.kdf != "scrypt" || f.r != R || f.p != P {
        return Err(Unlock::Bad("a key file of another version"));
    }
    if !LOG_N_RANGE.contains(&f.log_n) {
        return Err(Unlock::Bad("an scrypt cost out of range"));
    }
    if !crate::store::is_device_id(&f.id) {
        return Err(Unlock::Bad("a folder id that is not 16 hex digits"));
    }
    Ok(f)
}

/// Open a key file with a passphrase.
pub fn unlock(text: &str, passphrase: &str) -> Result<GroupKey, Unlock> {
    let f = parse(text)?;
    let salt = unhex::<16>(&f.salt).ok_or(Unlock::Bad("a salt that is not 32 hex digits"))?;
    let sealed = unhex::<48>(&f.key).ok_or(Unlock::Bad("a sealed key that is not 96 hex digits"))?;
    let k = kek(passphrase, &salt, f.log_n);
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&k));
    let ad = key_ad(&f.id);
    let plain = cipher
        .decrypt(Nonce::from_slice(&[0; 12]), Payload { msg: &sealed, aad: &ad })
        .map_err(|_| Unlock::WrongPassphrase)?;
    let mut key = [0u8; 32];
    key.copy_from_slice(&plain);
    Ok(GroupKey { id: f.id, key })
}

impl GroupKey {
    /// Rebuild a remembered key.
    pub fn from_parts(id: &str, key_hex: &str) -> Option<GroupKey> {
        Some(GroupKey { id: id.to_owned(), key: unhex::<32>(key_hex)? })
    }

    pub fn key_hex(&self) -> String {
        hex(&self.key)
    }

    fn piece_cipher(&self, salt: &[u8]) -> ChaCha20Poly1305 {
        let mut k = [0u8; 32];
        // 32 bytes is always a valid HKDF-SHA256 output length.
        let _ = Hkdf::<Sha256>::new(Some(salt), &self.key).expand(PIECE_INFO, &mut k);
        ChaCha20Poly1305::new(Key::from_slice(&k))
    }

    /// Seal `plain` as the piece named `name`.
    pub fn seal(&self, name: &str, plain: &[u8]) -> std::io::Result<Vec<u8>> {
        let salt: [u8; SALT] = random()?;
        let sealed = self
            .piece_cipher(&salt)
            .encrypt(Nonce::from_slice(&[0; 12]), Payload { msg: plain, aad: name.as_bytes() })
            .map_err(|_| std::io::Error::other("sealing failed"))?;
        let mut out = Vec::with_capacity(OVERHEAD + plain.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&salt);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// The plain bytes of the piece named `name`, or `None` when it does
    /// not open with this key under this name (another group's, renamed,
    /// changed or cut).
    pub fn open(&self, name: &str, data: &[u8]) -> Option<Vec<u8>> {
        if data.len() < OVERHEAD || !data.starts_with(MAGIC) {
            return None;
        }
        let salt = &data[MAGIC.len()..MAGIC.len() + SALT];
        let body = &data[MAGIC.len() + SALT..];
        self.piece_cipher(salt).decrypt(Nonce::from_slice(&[0; 12]), Payload { msg: body, aad: name.as_bytes() }).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_opens_with_its_passphrase_only() {
        let (k, text) = new_key("mật khẩu của tổ").unwrap();
        // The same words typed decomposed (NFD) open it too.
        let nfd: String = "mật khẩu của tổ".nfd().collect();
        let again = unlock(&text, &nfd).unwrap();
        assert_eq!(again.key, k.key);
        assert_eq!(again.id, k.id);
        assert_eq!(key_file_id(&text).unwrap(), k.id);
        assert_eq!(unlock(&text, "mat khau cua to").unwrap_err(), Unlock::WrongPassphrase);
        // The group key is not in the file in the clear.
        assert!(!text.contains(&k.key_hex()));
        let costly = text.replace("\"log_n\":17", "\"log_n\":30");
        assert_eq!(unlock(&costly, "x").unwrap_err(), Unlock::Bad("an scrypt cost out of range"));
        assert!(matches!(unlock("{", "x"), Err(Unlock::Bad(_))));
    }

    #[test]
    fn a_piece_opens_under_its_name_with_its_key_only() {
        let (k, _) = new_key("passphrase one").unwrap();
        let name = "a1b2c3d4e5f60718.2025-11-1.0-6.seal";
        let sealed = k.seal(name, b"lines\n").unwrap();
        assert_eq!(sealed.len(), 6 + OVERHEAD);
        assert_eq!(k.open(name, &sealed).unwrap(), b"lines\n");
        assert!(k.open("a1b2c3d4e5f60719.2025-11-1.0-6.seal", &sealed).is_none());
        let mut changed = sealed.clone();
        changed[OVERHEAD] ^= 1;
        assert!(k.open(name, &changed).is_none());
        assert!(k.open(name, &sealed[..sealed.len() - 1]).is_none());
        let (other, _) = new_key("passphrase one").unwrap();
        assert!(other.open(name, &sealed).is_none());
        // Two seals of the same bytes differ (a new salt each).
        assert_ne!(k.seal(name, b"lines\n").unwrap(), sealed);
    }
}
