//! Reading what is new in a file in bounded chunks: memory stays at a few
//! [`MAX_LINE`]s whatever the file holds (a 2 GB file of junk included).

use super::files::{Mark, read_exact_at};
use super::line::{LineError, MAX_LINE};
use super::units::{Consumed, Item};
use std::fs::File;
use std::io;

/// Bytes read at a time.
const CHUNK: usize = 1 << 20;
/// The most held for a batch still waiting for its last line; a batch
/// larger than this is skipped as broken.
const MAX_PENDING: usize = 8 << 20;

/// Does `file` (now `len` bytes) still hold what `mark` read? Reads the
/// few bytes before the mark.
pub fn continues(file: &mut File, len: u64, mark: &Mark) -> io::Result<bool> {
    let back = mark.tail.len() as u64;
    if len < mark.len || back > mark.len {
        return Ok(false);
    }
    let mut buf = vec![0; back as usize];
    read_exact_at(file, &mut buf, mark.len - back)?;
    Ok(buf == mark.tail)
}

/// What [`read_chunks`] hands over.
pub enum Piece<'a> {
    /// Bytes starting at the mark (file offset `mark.len`, after line
    /// `mark.lines`): the callee says how much of it it dealt with.
    Chunk(&'a [u8]),
    /// An overlong line or an oversize batch, skipped without being held.
    Skipped(Item<'static, 'static>),
}

/// Read `file` from `mark.len` up to `end` in chunks, hand each to `f`
/// (with the mark as it stands), and move `mark` past what `f` dealt with.
/// What is left past the mark at the end is a torn line or lines still
/// waiting for the rest of their batch (or their signature).
pub fn read_chunks(
    file: &mut File,
    end: u64,
    mark: &mut Mark,
    mut f: impl FnMut(&Mark, Piece<'_>) -> Consumed,
) -> io::Result<()> {
    let mut buf: Vec<u8> = Vec::new();
    let mut read_to = mark.len;
    // An overlong line being skipped: its line number and bytes so far.
    let mut skip: Option<(u64, u64)> = None;
    while read_to < end {
        let n = CHUNK.min((end - read_to) as usize);
        let old = buf.len();
        buf.resize(old + n, 0);
        read_exact_at(file, &mut buf[old..], read_to)?;
        read_to += n as u64;
        if let Some((line, bytes)) = skip {
            match memchr::memchr(b'\n', &buf) {
                None => {
                    mark.advance(&buf, 0);
                    skip = Some((line, bytes + buf.len() as u64));
                    buf.clear();
                    continue;
                }
                Some(i) => {
                    f(mark, Piece::Skipped(Item::Bad { line, error: LineError::TooLong(bytes + i as u64) }));
                    mark.advance(&buf[..=i], 1);
                    buf.drain(..=i);
                    skip = None;
                }
            }
        }
        let done = f(mark, Piece::Chunk(&buf));
        mark.advance(&buf[..done.bytes], done.lines);
        buf.drain(..done.bytes);
        // Left: whole lines waiting for more, then a part line.
        let whole = memchr::memrchr(b'\n', &buf).map_or(0, |i| i + 1);
        let part = buf.len() - whole;
        if whole > 0 && (part > MAX_LINE || buf.len() > MAX_PENDING) {
            let lines = memchr::memchr_iter(b'\n', &buf[..whole]).count() as u64;
            f(mark, Piece::Skipped(Item::Broken { line: mark.lines + 1, lines }));
            mark.advance(&buf[..whole], lines);
            buf.drain(..whole);
        }
        if buf.len() > MAX_LINE {
            skip = Some((mark.lines + 1, buf.len() as u64));
            mark.advance(&buf, 0);
            buf.clear();
        }
    }
    if let Some((line, bytes)) = skip {
        // The file ends inside an overlong line: it is reported now, and
        // what a later append adds to it is read as a damaged line.
        f(mark, Piece::Skipped(Item::Bad { line, error: LineError::TooLong(bytes) }));
        mark.lines += 1;
    }
    mark.seen = end;
    Ok(())
}
