//! Pieces on the stick: `<dev>.<YYYY-MM-N>.<from>-<to>.seal` holds the
//! bytes `[from, to)` of that device's segment, sealed once and never
//! written again. A sync that has new lines for a segment writes one new
//! piece from where the folder's pieces end; readers put a segment back
//! together by taking the pieces in order of `from`.

use super::crypt::{GroupKey, OVERHEAD};
use crate::store::{open_regular, parse_name};
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

pub const EXT: &str = ".seal";
/// Plain bytes in one piece at most: a segment is closed at 4 MiB, so a
/// bigger piece is not ours and is not read into memory.
pub const MAX_PIECE: u64 = 8 << 20;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Piece {
    pub from: u64,
    pub to: u64,
    pub name: String,
}

/// The name of the piece holding bytes `[from, to)` of segment file
/// `canonical` (`<dev>.<segment>.jsonl`).
pub fn piece_name(canonical: &str, from: u64, to: u64) -> String {
    let base = canonical.strip_suffix(".jsonl").unwrap_or(canonical);
    format!("{base}.{from}-{to}{EXT}")
}

fn number(s: &str) -> Option<u64> {
    let ok = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    ok.then(|| s.parse().ok()).flatten()
}

/// The segment file a piece belongs to and the piece, if `name` is one.
pub fn parse_piece(name: &str) -> Option<(String, Piece)> {
    let stem = name.strip_suffix(EXT)?;
    let (base, range) = stem.rsplit_once('.')?;
    let (a, b) = range.split_once('-')?;
    let (from, to) = (number(a)?, number(b)?);
    let canonical = format!("{base}.jsonl");
    let n = parse_name(&canonical)?;
    let ok = !n.conflict_copy && n.canonical() == canonical && from < to && to - from <= MAX_PIECE;
    ok.then(|| (canonical, Piece { from, to, name: name.to_owned() }))
}

/// What a folder holds, from one listing.
#[derive(Debug, Default)]
pub struct Listing {
    /// The pieces by segment file, each list in order.
    pub pieces: BTreeMap<String, Vec<Piece>>,
    /// Plain segment files are there too (written before it was sealed).
    pub plain: bool,
}

pub fn list(dir: &Path) -> io::Result<Listing> {
    let mut out = Listing::default();
    for ent in fs::read_dir(dir)? {
        let ent = ent?;
        let name = ent.file_name();
        let Some(name) = name.to_str() else { continue };
        if let Some((canonical, p)) = parse_piece(name) {
            out.pieces.entry(canonical).or_default().push(p);
        } else if parse_name(name).is_some() {
            out.plain = true;
        }
    }
    for v in out.pieces.values_mut() {
        v.sort();
    }
    Ok(out)
}

/// How far `pieces` (in order) cover their segment from byte 0 on
/// without a gap.
pub fn covered(pieces: &[Piece]) -> u64 {
    let mut end = 0;
    for p in pieces {
        if p.from > end {
            break;
        }
        end = end.max(p.to);
    }
    end
}

/// A piece that could not be taken in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unopened {
    /// It does not open with the folder's key under its name: another
    /// group's, renamed, changed or cut short.
    Key(PathBuf),
    /// Not a regular file, or unreadable.
    Io(PathBuf, String),
}

/// Read one piece and open it.
fn open_piece(dir: &Path, p: &Piece, key: &GroupKey) -> Result<Vec<u8>, Unopened> {
    let path = dir.join(&p.name);
    let (mut f, len) = open_regular(&path).map_err(|e| Unopened::Io(path.clone(), e.to_string()))?;
    let want = p.to - p.from;
    // The size is known from the name: anything else does not open, and
    // is not read (a 2 GB file named like a piece costs nothing).
    if len != want + OVERHEAD as u64 {
        return Err(Unopened::Key(path));
    }
    let mut data = Vec::with_capacity(len as usize);
    f.read_to_end(&mut data).map_err(|e| Unopened::Io(path.clone(), e.to_string()))?;
    match key.open(&p.name, &data) {
        Some(plain) if plain.len() as u64 == want => Ok(plain),
        _ => Err(Unopened::Key(path)),
    }
}

/// Put every other device's segments back together in `stage` from the
/// pieces in `dir` not taken yet: only what follows each staged file's
/// end is opened, so a sync with nothing new opens nothing.
pub fn unseal_new(
    dir: &Path,
    have: &Listing,
    stage: &Path,
    key: &GroupKey,
    is_own: impl Fn(&str) -> bool,
) -> io::Result<Vec<Unopened>> {
    let mut bad = Vec::new();
    for (canonical, pieces) in &have.pieces {
        let dev = canonical.split('.').next().unwrap_or_default();
        if is_own(dev) {
            continue;
        }
        let path = stage.join(canonical);
        let mut cur = fs::metadata(&path).map_or(0, |m| m.len());
        let mut out: Option<fs::File> = None;
        for p in pieces {
            if p.to <= cur {
                continue;
            }
            if p.from > cur {
                // A gap: the missing piece has not arrived yet.
                break;
            }
            let plain = match open_piece(dir, p, key) {
                Ok(b) => b,
                Err(e) => {
                    bad.push(e);
                    continue;
                }
            };
            let f = match &mut out {
                Some(f) => f,
                None => out.insert(crate::disk::private(fs::OpenOptions::new().create(true).append(true)).open(&path)?),
            };
            f.write_all(&plain[(cur - p.from) as usize..])?;
            cur = p.to;
        }
    }
    Ok(bad)
}

/// Seal what `stage` holds of our own segments past where the folder's
/// pieces end, one new piece each; then remove our plain copies from the
/// folder (left from before it was sealed). `have` is the folder's
/// listing (only this laptop writes its pieces, so it is still true).
/// Returns the op lines sealed.
pub fn seal_new(
    dir: &Path,
    have: &Listing,
    stage: &Path,
    key: &GroupKey,
    is_own: impl Fn(&str) -> bool,
) -> io::Result<usize> {
    let mut ops = 0;
    let mut names: Vec<String> = Vec::new();
    for ent in fs::read_dir(stage)? {
        if let Some(name) = ent?.file_name().to_str() {
            names.push(name.to_owned());
        }
    }
    names.sort();
    for name in names {
        let Some(n) = parse_name(&name).filter(|n| !n.conflict_copy && is_own(&n.dev)) else { continue };
        let data = fs::read(stage.join(&name))?;
        // Whole lines only: the store writes them whole.
        let len = memchr::memrchr(b'\n', &data).map_or(0, |i| i + 1) as u64;
        let mut end = have.pieces.get(&name).map_or(0, |v| covered(v));
        while end < len {
            let mut to = len.min(end + MAX_PIECE);
            if to < len {
                // Cut at a line end, so each piece holds whole lines.
                let cut = memchr::memrchr(b'\n', &data[end as usize..to as usize]);
                to = cut.map_or(to, |i| end + i as u64 + 1);
            }
            let chunk = &data[end as usize..to as usize];
            let piece = piece_name(&n.canonical(), end, to);
            crate::disk::write_atomic(&dir.join(&piece), &key.seal(&piece, chunk)?)?;
            ops += chunk.split(|&b| b == b'\n').filter(|l| !l.is_empty() && !crate::trust::sig::is_sig_line(l)).count();
            end = to;
        }
        let plain = dir.join(&name);
        if have.plain && end >= len && fs::symlink_metadata(&plain).is_ok_and(|m| m.is_file()) {
            fs::remove_file(&plain)?;
        }
    }
    Ok(ops)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_odd_ones_are_not_pieces() {
        let d = "a1b2c3d4e5f60718";
        let name = piece_name(&format!("{d}.2025-11-1.jsonl"), 0, 120);
        assert_eq!(name, format!("{d}.2025-11-1.0-120.seal"));
        let (c, p) = parse_piece(&name).unwrap();
        assert_eq!(c, format!("{d}.2025-11-1.jsonl"));
        assert_eq!((p.from, p.to), (0, 120));
        for bad in [
            format!("{d}.2025-11-1.120-120.seal"),
            format!("{d}.2025-11-1.01-120.seal"),
            format!("{d}.2025-11-1.0-99999999999.seal"),
            format!("{d}.2025-11-1.0-x.seal"),
            format!("{d}.2025-11-1.0-12.seal.tmp"),
            format!("{d}.2025-11-01.0-12.seal"),
            format!("{d}.2025-11-1.sync-conflict-1.0-12.seal"),
            "notes.0-12.seal".to_owned(),
        ] {
            assert!(parse_piece(&bad).is_none(), "{bad} accepted");
        }
    }

    #[test]
    fn coverage_stops_at_a_gap_and_overlaps_count_once() {
        let p = |from, to| Piece { from, to, name: String::new() };
        assert_eq!(covered(&[]), 0);
        assert_eq!(covered(&[p(0, 10), p(10, 30), p(40, 50)]), 30);
        assert_eq!(covered(&[p(0, 10), p(5, 20)]), 20);
        assert_eq!(covered(&[p(5, 20)]), 0);
    }
}
