//! Files on disk: names, private permissions, durable appends, line scans.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::Path;

use crate::disk::{private, sync_dir};

/// A segment is closed once it reaches this size.
pub const SEGMENT_MAX: u64 = 4 * 1024 * 1024;
/// Bytes kept from the end of what was read, to check it is still there.
pub const TAIL: usize = 64;

/// A segment: `YYYY-MM-N`, N counting from 1 within the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Segment {
    pub year: u16,
    pub month: u8,
    pub n: u32,
}

impl std::fmt::Display for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{}", self.year, self.month, self.n)
    }
}

impl Segment {
    /// The first segment of the UTC month containing `ms`.
    pub fn for_time(ms: u64) -> Segment {
        let ts = jiff::Timestamp::from_millisecond(ms as i64).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let d = ts.to_zoned(jiff::tz::TimeZone::UTC).date();
        Segment { year: d.year() as u16, month: d.month() as u8, n: 1 }
    }

    fn parse(s: &str) -> Option<Segment> {
        let mut it = s.split('-');
        let (y, m, n) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() || y.len() != 4 || m.len() != 2 || n.is_empty() || n.starts_with('0') {
            return None;
        }
        let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(y) && all_digits(m) && all_digits(n)) {
            return None;
        }
        let month: u8 = m.parse().ok()?;
        if !(1..=12).contains(&month) {
            return None;
        }
        Some(Segment { year: y.parse().ok()?, month, n: n.parse().ok()? })
    }
}

/// A file name the store reads: `<dev>.<segment>.jsonl`, or a copy of such
/// a file that a syncer set aside (`….sync-conflict-…`, `… (conflicted copy)…`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SyncName {
    pub dev: String,
    pub seg: Segment,
    pub conflict_copy: bool,
}

impl SyncName {
    /// The canonical file name of this device segment.
    pub fn canonical(&self) -> String {
        file_name(&self.dev, self.seg)
    }
}

pub fn file_name(dev: &str, seg: Segment) -> String {
    format!("{dev}.{seg}.jsonl")
}

pub fn is_device_id(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

pub fn parse_name(name: &str) -> Option<SyncName> {
    let (dev, rest) = name.split_once('.')?;
    if !is_device_id(dev) {
        return None;
    }
    if let Some(seg) = rest.strip_suffix(".jsonl").and_then(Segment::parse) {
        return Some(SyncName { dev: dev.into(), seg, conflict_copy: false });
    }
    // The segment ends at the first character that cannot be part of it.
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '-')).unwrap_or(rest.len());
    let seg = Segment::parse(&rest[..end])?;
    let tail = &rest[end..];
    let conflict = tail.starts_with(".sync-conflict-") || tail.contains("conflicted copy");
    conflict.then(|| SyncName { dev: dev.into(), seg, conflict_copy: true })
}

/// Open (creating 0600) a file for the lock or appends. An existing entry
/// must be a regular file: a link or a pipe put in its place is refused, so
/// nothing is ever written through it.
pub fn open_private(path: &Path) -> io::Result<(File, bool)> {
    match private(safe_flags(OpenOptions::new().read(true).write(true).create_new(true))).open(path) {
        Ok(f) => Ok((f, true)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let f =
                safe_flags(OpenOptions::new().read(true).write(true)).open(path).map_err(not_regular_error(path))?;
            regular(&f)?;
            Ok((f, false))
        }
        Err(e) => Err(e),
    }
}

/// What a directory entry is, when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Special {
    Link,
    Dir,
    Fifo,
    Socket,
    Device,
    Other,
}

impl Special {
    const ALL: [Special; 6] =
        [Special::Link, Special::Dir, Special::Fifo, Special::Socket, Special::Device, Special::Other];

    pub fn from_index(i: u64) -> Option<Special> {
        Special::ALL.get(usize::try_from(i).ok()?).copied()
    }
}

fn special(ft: fs::FileType, md: &fs::Metadata) -> Option<Special> {
    #[cfg(windows)]
    {
        use std::os::windows::fs::MetadataExt;
        // Junctions and other reparse points, which is_symlink misses.
        if md.file_attributes() & 0x400 != 0 {
            return Some(Special::Link);
        }
    }
    let _ = md;
    if ft.is_file() {
        return None;
    }
    if ft.is_symlink() {
        return Some(Special::Link);
    }
    if ft.is_dir() {
        return Some(Special::Dir);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some(Special::Fifo);
        }
        if ft.is_socket() {
            return Some(Special::Socket);
        }
        if ft.is_block_device() || ft.is_char_device() {
            return Some(Special::Device);
        }
    }
    Some(Special::Other)
}

/// The error for an entry that is not a regular file.
#[derive(Debug)]
pub struct NotRegular(pub Special);

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not a regular file ({:?})", self.0)
    }
}

impl std::error::Error for NotRegular {}

/// The kind of a non-regular entry, if `e` says that is why it was refused.
pub fn refused_special(e: &io::Error) -> Option<Special> {
    e.get_ref().and_then(|x| x.downcast_ref::<NotRegular>()).map(|n| n.0)
}

fn regular(f: &File) -> io::Result<u64> {
    let md = f.metadata()?;
    match special(md.file_type(), &md) {
        None => Ok(md.len()),
        Some(k) => Err(io::Error::other(NotRegular(k))),
    }
}

/// An open that failed because of `O_NOFOLLOW` on a link says so.
fn not_regular_error(path: &Path) -> impl Fn(io::Error) -> io::Error + '_ {
    move |e| match fs::symlink_metadata(path) {
        Ok(md) => match special(md.file_type(), &md) {
            Some(k) => io::Error::other(NotRegular(k)),
            None => e,
        },
        Err(_) => e,
    }
}

#[cfg(unix)]
fn safe_flags(o: &mut OpenOptions) -> &mut OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    // Never through a link; never wait on a FIFO's other end.
    o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
}

#[cfg(windows)]
fn safe_flags(o: &mut OpenOptions) -> &mut OpenOptions {
    use std::os::windows::fs::OpenOptionsExt;
    // FILE_FLAG_OPEN_REPARSE_POINT: open a link itself, not its target;
    // `regular` then refuses it.
    o.custom_flags(0x0020_0000)
}

#[cfg(not(any(unix, windows)))]
fn safe_flags(o: &mut OpenOptions) -> &mut OpenOptions {
    o
}

/// Open a file for reading only if it is a regular file: never through a
/// link, never a FIFO, socket or device (which could block or never end).
/// Returns the file and its length.
pub fn open_regular(path: &Path) -> io::Result<(File, u64)> {
    let md = fs::symlink_metadata(path)?;
    if let Some(k) = special(md.file_type(), &md) {
        return Err(io::Error::other(NotRegular(k)));
    }
    let f = safe_flags(OpenOptions::new().read(true)).open(path).map_err(not_regular_error(path))?;
    let len = regular(&f)?;
    Ok((f, len))
}

/// Append `bytes` at offset `expect_len` and fsync. Bytes past
/// `expect_len` (left by an earlier failed append) are cut off first, and on
/// failure we try to cut back to `expect_len` so no half line stays behind.
pub fn append_durable(path: &Path, expect_len: u64, bytes: &[u8]) -> io::Result<()> {
    let (mut f, created) = open_private(path)?;
    let res = (|| {
        if f.metadata()?.len() != expect_len {
            f.set_len(expect_len)?;
        }
        f.seek(SeekFrom::Start(expect_len))?;
        f.write_all(bytes)?;
        f.sync_data()
    })();
    if res.is_err() {
        let _ = f.set_len(expect_len);
        let _ = f.sync_data();
        return res;
    }
    if created && let Some(dir) = path.parent() {
        sync_dir(dir)?;
    }
    Ok(())
}

/// Open (creating 0600) a file to append at offset `expect_len`, cutting
/// off anything past it (left by a write that never returned). Returns the
/// file and whether it was created; the caller makes both the bytes and,
/// for a new file, the directory entry durable ([`super::copy`]).
pub fn open_append(path: &Path, expect_len: u64) -> io::Result<(File, bool)> {
    let (mut f, created) = open_private(path)?;
    if f.metadata()?.len() != expect_len {
        f.set_len(expect_len)?;
    }
    f.seek(SeekFrom::Start(expect_len))?;
    Ok((f, created))
}

/// How much of a file has been read, and the last bytes of it, so a later
/// read can tell an append from a rewrite.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mark {
    /// Bytes consumed: always just after a newline (or 0).
    pub len: u64,
    /// Complete lines consumed.
    pub lines: u64,
    /// The last (up to) [`TAIL`] bytes consumed.
    pub tail: Vec<u8>,
    /// The file's length when it was last read to its end: bytes past
    /// `len` up to here (a torn line, junk) were looked at already, so an
    /// unchanged file is not read again.
    pub seen: u64,
}

impl Mark {
    /// Advance past `consumed` bytes (ending in a newline) holding `lines` lines.
    pub fn advance(&mut self, consumed: &[u8], lines: u64) {
        self.len += consumed.len() as u64;
        self.lines += lines;
        // Only the last TAIL bytes can stay: copying more would leave the
        // vector with the capacity of the whole file.
        let from = consumed.len().saturating_sub(TAIL);
        self.tail.extend_from_slice(&consumed[from..]);
        let cut = self.tail.len().saturating_sub(TAIL);
        self.tail.drain(..cut);
    }
}

/// What is new in a file since `mark`.
pub enum NewBytes {
    /// Bytes from `mark.len` to the end of the file.
    Appended(Vec<u8>),
    /// The file no longer starts with what was read: read it all again.
    Changed,
}

/// Read what follows `mark`, checking that the bytes it remembers are still
/// in place.
pub fn read_after(path: &Path, mark: &Mark) -> io::Result<NewBytes> {
    let (mut f, len) = open_regular(path)?;
    if len < mark.len {
        return Ok(NewBytes::Changed);
    }
    let back = mark.tail.len() as u64;
    if back > mark.len {
        return Ok(NewBytes::Changed);
    }
    // Exactly up to the length seen: one read, no probe for more. Bytes
    // appended meanwhile are read next time.
    let mut buf = vec![0; (len - mark.len + back) as usize];
    read_exact_at(&mut f, &mut buf, mark.len - back)?;
    if buf[..back as usize] != mark.tail[..] {
        return Ok(NewBytes::Changed);
    }
    buf.drain(..back as usize);
    Ok(NewBytes::Appended(buf))
}

#[cfg(unix)]
pub fn read_exact_at(f: &mut File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
}

#[cfg(not(unix))]
pub fn read_exact_at(f: &mut File, buf: &mut [u8], at: u64) -> io::Result<()> {
    use std::io::Read;
    f.seek(SeekFrom::Start(at))?;
    f.read_exact(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let d = "a1b2c3d4e5f60718";
        let n = parse_name(&format!("{d}.2025-11-1.jsonl")).unwrap();
        assert_eq!(n, SyncName { dev: d.into(), seg: Segment { year: 2025, month: 11, n: 1 }, conflict_copy: false });
        assert_eq!(n.canonical(), format!("{d}.2025-11-1.jsonl"));
        let c = parse_name(&format!("{d}.2025-11-12.sync-conflict-20251122-101010-ABCDEFG.jsonl")).unwrap();
        assert!(c.conflict_copy);
        assert_eq!(c.seg.n, 12);
        assert!(parse_name(&format!("{d}.2025-11-1 (conflicted copy).jsonl")).unwrap().conflict_copy);
        assert!(parse_name(&format!("{d}.2025-11-1 (Lan's conflicted copy 2025-11-22).jsonl")).is_some());
        for bad in [
            format!("{d}.2025-11-1.json"),
            format!("{d}.2025-13-1.jsonl"),
            format!("{d}.2025-11-01.jsonl"),
            format!("{d}.2025-11-0.jsonl"),
            format!("{d}.2025-11-1.jsonl.tmp"),
            format!(".{d}.2025-11-1.jsonl.tmp"),
            format!("{d}.2025-11-1 copy.jsonl"),
            "A1B2C3D4E5F60718.2025-11-1.jsonl".into(),
            "a1b2.2025-11-1.jsonl".into(),
            "notes.txt".into(),
        ] {
            assert!(parse_name(&bad).is_none(), "{bad} accepted");
        }
    }

    #[test]
    fn segment_of_a_time() {
        // 2025-11-22T22:20:00Z
        assert_eq!(Segment::for_time(1_763_850_000_000).to_string(), "2025-11-1");
        assert_eq!(Segment::for_time(0).to_string(), "1970-01-1");
    }

    #[test]
    fn marks_keep_the_last_bytes() {
        let mut m = Mark::default();
        m.advance(b"one\ntwo\n", 2);
        assert_eq!(m.len, 8);
        assert_eq!(m.tail, b"one\ntwo\n");
        m.advance(&[b'x'; 100], 0);
        assert_eq!(m.tail.len(), TAIL);
    }

    #[test]
    fn read_after_tells_append_from_rewrite() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        fs::write(&p, b"a\nb\n").unwrap();
        let mut m = Mark::default();
        m.advance(b"a\nb\n", 2);
        fs::write(&p, b"a\nb\nc\n").unwrap();
        assert!(matches!(read_after(&p, &m).unwrap(), NewBytes::Appended(b) if b == b"c\n"));
        fs::write(&p, b"a\nX\nc\n").unwrap();
        assert!(matches!(read_after(&p, &m).unwrap(), NewBytes::Changed));
        fs::write(&p, b"a\n").unwrap();
        assert!(matches!(read_after(&p, &m).unwrap(), NewBytes::Changed));
    }

    #[test]
    fn append_cuts_leftovers_of_failed_write() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("j");
        append_durable(&p, 0, b"a\n").unwrap();
        fs::write(&p, b"a\nhalf").unwrap();
        append_durable(&p, 2, b"b\n").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"a\nb\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
