//! Lines grouped into units: a single op, or a batch of ops recorded
//! together (see `line.rs`). A unit is applied whole or not at all, so a
//! kill in the middle of writing a batch leaves nothing of it behind.

use super::line::{self, LineError, LineOp};

/// One decoded line of a unit.
pub struct Entry<'a> {
    /// Line number in its file, from 1.
    pub line: u64,
    /// Byte range of the line in the scanned data, newline included.
    pub start: usize,
    pub end: usize,
    pub op: LineOp<'a>,
}

/// What [`scan`] found, in file order.
pub enum Item<'a, 'b> {
    /// A complete unit: one op, or every line of a batch. The callee may
    /// take the entries (to apply them later without decoding again).
    Unit(&'b mut Vec<Entry<'a>>),
    /// A complete line that is not a valid op.
    Bad { line: u64, error: LineError },
    /// A batch interrupted by a line that does not continue it: none of its
    /// `lines` lines (starting at `line`) was applied.
    Broken { line: u64, lines: u64 },
}

/// How much of the scanned data was dealt with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Consumed {
    /// Bytes up to the end of the last complete unit (or bad or broken
    /// line): what follows is a torn line or a batch still missing lines,
    /// which a later read of a longer file may complete.
    pub bytes: usize,
    pub lines: u64,
}

/// Decode the complete lines of `data` (which starts after line
/// `first_line` of its file) and hand each unit to `f`.
pub fn scan<'a>(data: &'a [u8], first_line: u64, mut f: impl FnMut(Item<'a, '_>)) -> Consumed {
    let mut pending: Vec<Entry<'a>> = Vec::new();
    let mut done = Consumed { bytes: 0, lines: 0 };
    let mut start = 0;
    let mut lineno = first_line;
    for nl in memchr::memchr_iter(b'\n', data) {
        lineno += 1;
        let from = start;
        start = nl + 1;
        if crate::trust::sig::is_sig_line(&data[from..nl]) {
            // A signature line (checked by `trust::scan` where it matters)
            // ends any batch: a batch is always signed whole.
            if !pending.is_empty() {
                f(Item::Broken { line: pending[0].line, lines: pending.len() as u64 });
                pending.clear();
            }
            done = Consumed { bytes: start, lines: lineno - first_line };
            continue;
        }
        let decoded = if nl - from > line::MAX_LINE {
            Err(LineError::TooLong((nl - from) as u64))
        } else {
            line::decode(&data[from..nl])
        };
        let continues = match (&decoded, pending.last()) {
            (Ok(op), Some(last)) => {
                op.dev == last.op.dev && last.op.seq.checked_add(1) == Some(op.seq) && op.more + 1 == last.op.more
            }
            _ => true,
        };
        if !pending.is_empty() && (!continues || decoded.is_err()) {
            f(Item::Broken { line: pending[0].line, lines: pending.len() as u64 });
            pending.clear();
            done = Consumed { bytes: from, lines: lineno - 1 - first_line };
        }
        match decoded {
            Ok(op) => {
                let last = op.more == 0;
                pending.push(Entry { line: lineno, start: from, end: start, op });
                if last {
                    f(Item::Unit(&mut pending));
                    pending.clear();
                    done = Consumed { bytes: start, lines: lineno - first_line };
                }
            }
            Err(error) => {
                f(Item::Bad { line: lineno, error });
                done = Consumed { bytes: start, lines: lineno - first_line };
            }
        }
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::hlc::Hlc;
    use crate::store::line::encode_in_batch;
    use crate::store::op::{Body, Op};
    use serde_json::json;

    fn op(seq: u64) -> Op {
        Op {
            dev: "a1b2c3d4e5f60718".into(),
            seq,
            hlc: Hlc::new(1_763_850_000_000, seq as u32),
            by: String::new(),
            sup: Vec::new(),
            e: "visit/x".into(),
            body: Body::Set { f: format!("f{seq}"), val: json!(seq) },
        }
    }

    /// Units as (first seq, len), broken batches as -(first line), bad lines as 0.
    fn units(data: &[u8]) -> (Vec<i64>, Consumed) {
        let mut out = Vec::new();
        let c = scan(data, 0, |it| match it {
            Item::Unit(u) => out.push(i64::from(u[0].op.seq) * 100 + u.len() as i64),
            Item::Bad { .. } => out.push(0),
            Item::Broken { line, .. } => out.push(-(line as i64)),
        });
        (out, c)
    }

    #[test]
    fn batches_apply_whole_or_wait() {
        let text = [encode_in_batch(&op(1), 0), encode_in_batch(&op(2), 2), encode_in_batch(&op(3), 1)].concat();
        let (u, c) = units(text.as_bytes());
        assert_eq!(u, vec![101]);
        // The batch still misses its last line: not consumed.
        assert_eq!(c.lines, 1);
        let full = text.clone() + &encode_in_batch(&op(4), 0);
        let (u, c) = units(full.as_bytes());
        assert_eq!(u, vec![101, 203]);
        assert_eq!((c.bytes, c.lines), (full.len(), 4));
    }

    #[test]
    fn a_batch_cut_short_by_another_line_is_dropped() {
        let text = [encode_in_batch(&op(2), 1), "garbage\n".into(), encode_in_batch(&op(5), 0)].concat();
        let (u, c) = units(text.as_bytes());
        assert_eq!(u, vec![-1, 0, 501]);
        assert_eq!(c.lines, 3);
        // A line of another seq does not continue the batch.
        let text = [encode_in_batch(&op(2), 1), encode_in_batch(&op(4), 0)].concat();
        assert_eq!(units(text.as_bytes()).0, vec![-1, 401]);
    }
}
