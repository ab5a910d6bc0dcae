//! Signature lines: one per sync, covering every byte of the file since
//! the previous one.
//!
//! ```text
//! {"v":2,"sig":"<dev>","file":"<dev>.<segment>.jsonl","from":F,"to":T,"seq":S,"h":"<sha256>","key":"<public key>","s":"<signature>"}
//! ```
//!
//! `h` is SHA-256 of the file's bytes `[from, to)`: the op lines written
//! since the previous signature line (which ends at `from`; the first
//! starts at 0), and the signature line itself starts at `to`. The
//! Ed25519 signature `s` is over `sotay-sig\n` followed by the line up to
//! (not including) `,"s":`. Because each signature names the byte range it
//! covers and ranges must follow one another from 0, changing a byte,
//! dropping or reordering a line, or moving a signed batch to another file
//! all fail the check; only cutting a file's end stays possible, which the
//! sequence numbers show (a stale copy). Signing once per sync, not per op,
//! keeps the keystroke path at one append and one fsync.

use super::keys::{DeviceKey, hex, unhex};
use ed25519_dalek::{Signature, VerifyingKey};
use serde::Deserialize;
use sha2::{Digest, Sha256};

const PREFIX: &[u8] = b"{\"v\":2,\"sig\":";
const DOMAIN: &[u8] = b"sotay-sig\n";

/// Is this line (without its newline) a signature line?
pub fn is_sig_line(line: &[u8]) -> bool {
    line.starts_with(PREFIX)
}

/// The signature line for `batch`, the bytes `[from, from + batch.len())`
/// of `file`, whose last op has sequence number `seq`. Ends in `\n`.
pub fn sign(key: &DeviceKey, file: &str, from: u64, batch: &[u8], seq: u32) -> String {
    let to = from + batch.len() as u64;
    let h = hex(&Sha256::digest(batch));
    let dev = serde_json::to_string(key.device()).unwrap_or_default();
    let file = serde_json::to_string(file).unwrap_or_default();
    let body = format!(
        "{{\"v\":2,\"sig\":{dev},\"file\":{file},\"from\":{from},\"to\":{to},\"seq\":{seq},\"h\":\"{h}\",\"key\":\"{}\"",
        key.public_hex()
    );
    let mut msg = DOMAIN.to_vec();
    msg.extend_from_slice(body.as_bytes());
    format!("{body},\"s\":\"{}\"}}\n", hex(&key.sign(&msg)))
}

#[derive(Deserialize)]
struct Raw<'a> {
    v: u64,
    sig: &'a str,
    file: &'a str,
    from: u64,
    to: u64,
    seq: u64,
    h: &'a str,
    key: &'a str,
    s: &'a str,
}

/// A signature line that checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub key: [u8; 32],
    /// Highest sequence number covered.
    pub seq: u32,
}

/// Why a signature line did not check out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigError {
    /// Not a readable signature line.
    Malformed,
    /// Made by another device or for another file.
    WrongFile,
    /// The range it covers is not where it stands: lines were dropped,
    /// added or moved.
    WrongRange,
    /// The covered bytes were changed.
    WrongHash,
    /// The signature is not the key's.
    BadSignature,
}

impl std::fmt::Display for SigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SigError::Malformed => "unreadable signature line",
            SigError::WrongFile => "signature made for another device or file",
            SigError::WrongRange => "lines dropped, added or moved before this signature",
            SigError::WrongHash => "signed lines were changed",
            SigError::BadSignature => "signature does not match the key",
        })
    }
}

/// Check signature line `line` (without its newline), found in file
/// `file` of device `dev` right after `batch`, which starts at byte `from`.
pub fn verify(line: &[u8], dev: &str, file: &str, from: u64, batch: &[u8]) -> Result<Signed, SigError> {
    let raw: Raw<'_> = serde_json::from_slice(line).map_err(|_| SigError::Malformed)?;
    let (Some(key), Some(sig), Some(h)) = (unhex::<32>(raw.key), unhex::<64>(raw.s), unhex::<32>(raw.h)) else {
        return Err(SigError::Malformed);
    };
    let seq = u32::try_from(raw.seq).map_err(|_| SigError::Malformed)?;
    if raw.v != 2 {
        return Err(SigError::Malformed);
    }
    // The signed text is the line up to `,"s":`; the signature is last.
    let cut = memchr::memmem::rfind(line, b",\"s\":\"").ok_or(SigError::Malformed)?;
    let vk = VerifyingKey::from_bytes(&key).map_err(|_| SigError::Malformed)?;
    let mut msg = DOMAIN.to_vec();
    msg.extend_from_slice(&line[..cut]);
    vk.verify_strict(&msg, &Signature::from_bytes(&sig)).map_err(|_| SigError::BadSignature)?;
    if raw.sig != dev || raw.file != file {
        return Err(SigError::WrongFile);
    }
    if raw.from != from || raw.to != from + batch.len() as u64 {
        return Err(SigError::WrongRange);
    }
    if Sha256::digest(batch)[..] != h[..] {
        return Err(SigError::WrongHash);
    }
    Ok(Signed { key, seq })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> (tempfile::TempDir, DeviceKey) {
        let dir = tempfile::tempdir().unwrap();
        let k = DeviceKey::load_or_create(dir.path(), "a1b2c3d4e5f60718").unwrap();
        (dir, k)
    }

    #[test]
    fn a_signed_batch_verifies_and_any_change_fails() {
        let (_d, k) = key();
        let file = "a1b2c3d4e5f60718.2025-11-1.jsonl";
        let batch = b"{\"op\":1}\n{\"op\":2}\n";
        let line = sign(&k, file, 100, batch, 2);
        assert!(line.ends_with("\"}\n") && line.matches('\n').count() == 1);
        let l = line.trim_end().as_bytes();
        assert!(is_sig_line(l));
        let ok = verify(l, k.device(), file, 100, batch).unwrap();
        assert_eq!(ok, Signed { key: *k.public().as_bytes(), seq: 2 });
        let mut changed = batch.to_vec();
        changed[3] ^= 1;
        assert_eq!(verify(l, k.device(), file, 100, &changed), Err(SigError::WrongHash));
        assert_eq!(verify(l, k.device(), file, 100, &batch[9..]), Err(SigError::WrongRange));
        assert_eq!(verify(l, k.device(), file, 0, batch), Err(SigError::WrongRange));
        assert_eq!(verify(l, k.device(), "other.jsonl", 100, batch), Err(SigError::WrongFile));
        assert_eq!(verify(l, "0000000000000001", file, 100, batch), Err(SigError::WrongFile));
        // Any flipped byte of the signature line itself is refused.
        for i in 0..l.len() {
            let mut m = l.to_vec();
            m[i] ^= 1;
            assert!(verify(&m, k.device(), file, 100, batch).is_err(), "flip at {i} accepted");
        }
    }
}
