//! Reading ops back from the local files where the fold left them: a
//! field's history, and where an op stands (file and line) for a message.

use super::line;
use super::op::{Body, OpId};
use super::{HistoryEntry, Store};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::PathBuf;

impl Store {
    /// Every field name some op has set, in no particular order.
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.state.fields.list.iter().map(|f| &**f)
    }

    /// The raw JSON value of each head (a value, not a delete) of the
    /// `fields` in entities starting with `prefix`, with the field's index
    /// in `fields` and the head's op id, in no particular order. One pass
    /// over the registers whatever the number of fields (one pass per field
    /// was a tenth of an import of a million ops): no view is built.
    pub fn each_value(&self, prefix: &str, fields: &[&str], mut f: impl FnMut(usize, OpId, &str)) {
        let st = &self.state;
        let mut wanted: Vec<Option<usize>> = vec![None; st.fields.list.len()];
        for (i, name) in fields.iter().enumerate() {
            if let Some(fid) = st.fields.get(name) {
                wanted[fid as usize] = Some(i);
            }
        }
        for r in &st.regs {
            let Some(i) = wanted.get(r.field as usize).copied().flatten() else { continue };
            if !st.ent_names.name(r.ent).starts_with(prefix) {
                continue;
            }
            for h in r.heads.iter() {
                if let Some(v) = st.val(h) {
                    f(i, st.head_id(h), v);
                }
            }
        }
    }

    /// Every op ever applied to a field (deletes of the entity included),
    /// oldest first. Values are read back from the local files.
    pub fn history(&self, entity: &str, field: &str) -> Vec<HistoryEntry> {
        let mut locs = self.state.history_locs(entity, field);
        locs.sort_unstable();
        let mut out = Vec::new();
        let mut reader: Option<(u32, BufReader<File>)> = None;
        let mut buf = Vec::new();
        for (fi, off) in locs {
            if reader.as_ref().is_none_or(|(i, _)| *i != fi) {
                let path = self.ops_dir.join(&self.files[fi as usize].name);
                let Ok(f) = File::open(path) else { continue };
                reader = Some((fi, BufReader::new(f)));
            }
            let Some((_, r)) = reader.as_mut() else {
                continue;
            };
            buf.clear();
            if r.seek(SeekFrom::Start(off)).is_err() || r.read_until(b'\n', &mut buf).is_err() {
                continue;
            }
            let Ok(op) = line::decode(buf.strip_suffix(b"\n").unwrap_or(&buf)) else {
                continue;
            };
            let op = op.to_op();
            out.push(HistoryEntry {
                op: op.id(),
                by: op.by,
                hlc: op.hlc,
                value: match op.body {
                    Body::Set { val, .. } => Some(val),
                    Body::Del => None,
                },
            });
        }
        // Forks share an id (and maybe a stamp): their values order them,
        // so the history reads the same on every laptop.
        let text = |h: &HistoryEntry| h.value.as_ref().map(ToString::to_string);
        out.sort_by(|a, b| (a.hlc, &a.op).cmp(&(b.hlc, &b.op)).then_with(|| text(a).cmp(&text(b))));
        out
    }

    /// The local file and line number (from 1) of each op, `None` for an
    /// op not known here. Each file is read once, up to its last op asked
    /// for, to count lines: this is for messages, not for a hot path.
    pub fn locate(&self, ops: &[OpId]) -> Vec<Option<(PathBuf, u64)>> {
        let mut out = vec![None; ops.len()];
        // file -> (offset, which asked)
        let mut want: BTreeMap<u32, Vec<(u64, usize)>> = BTreeMap::new();
        for (i, id) in ops.iter().enumerate() {
            let Ok(seq) = u32::try_from(id.seq) else { continue };
            if let Some(rec) = self.state.op_rec(&id.dev, seq) {
                want.entry(rec.file).or_default().push((rec.off, i));
            }
        }
        for (fi, mut offs) in want {
            offs.sort_unstable();
            let path = self.ops_dir.join(&self.files[fi as usize].name);
            let Ok(f) = File::open(&path) else { continue };
            let mut r = BufReader::new(f);
            let (mut at, mut line) = (0u64, 1u64);
            let mut buf = [0u8; 64 * 1024];
            for (off, i) in offs {
                while at < off {
                    let n = ((off - at) as usize).min(buf.len());
                    if r.read_exact(&mut buf[..n]).is_err() {
                        break;
                    }
                    line += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
                    at += n as u64;
                }
                if at == off {
                    out[i] = Some((path.clone(), line));
                }
            }
        }
        out
    }
}
