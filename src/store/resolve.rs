//! Settling a conflict. Keeping an edit against a delete brings the whole
//! entity back: the delete cleared every field it saw, so the resolving
//! batch also sets each field left empty by it back to the value the
//! delete superseded. That is ordinary set ops, so every reader folds the
//! same result and the line format does not change.

use super::fold::DEL;
use super::op::OpId;
use super::{Resolution, Store, StoreError, line};
use serde_json::Value;
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom};

impl Store {
    /// Settle a field: a new op superseding all its heads. Keeping a value
    /// against a delete of the entity also restores every field the delete
    /// emptied, in the same batch.
    pub fn resolve(&mut self, entity: &str, field: &str, choice: Resolution) -> Result<OpId, StoreError> {
        match choice {
            Resolution::Value(v) => {
                let restored = self.cleared_by_delete(entity, field);
                let mut changes: Vec<(&str, &str, Value)> = vec![(entity, field, v)];
                changes.extend(restored.iter().map(|(f, v)| (entity, f.as_str(), v.clone())));
                let mut ids = self.set_many(&changes)?;
                Ok(ids.remove(0))
            }
            Resolution::Delete => self.delete(entity),
        }
    }

    /// Fields of `entity` (other than `keep`) that a delete among the
    /// heads of (`entity`, `keep`) left without a value, with the value
    /// each had when the delete was written (the highest stamp, then
    /// device, if it had several).
    fn cleared_by_delete(&self, entity: &str, keep: &str) -> Vec<(String, Value)> {
        let dels = self.state.delete_heads(entity);
        if dels.is_empty() {
            return Vec::new();
        }
        // What the deletes superseded, read back from their lines.
        let mut sup: HashSet<OpId> = HashSet::new();
        for (file, off) in dels {
            if let Some(ids) = self.read_sup(file, off) {
                sup.extend(ids);
            }
        }
        let mut out = Vec::new();
        for f in self.state.empty_fields(entity) {
            if f == keep {
                continue;
            }
            let best = self
                .history(entity, &f)
                .into_iter()
                .filter(|h| h.value.is_some() && sup.contains(&h.op))
                .max_by(|a, b| (a.hlc, &a.op.dev).cmp(&(b.hlc, &b.op.dev)));
            if let Some(h) = best.and_then(|h| h.value) {
                out.push((f, h));
            }
        }
        out
    }

    /// The `sup` list of the op whose line is at `off` in local file `fi`.
    fn read_sup(&self, fi: u32, off: u64) -> Option<Vec<OpId>> {
        let path = self.ops_dir.join(&self.files.get(fi as usize)?.name);
        let mut r = BufReader::new(File::open(path).ok()?);
        r.seek(SeekFrom::Start(off)).ok()?;
        let mut buf = Vec::new();
        r.read_until(b'\n', &mut buf).ok()?;
        let op = line::decode(buf.strip_suffix(b"\n").unwrap_or(&buf)).ok()?;
        Some(op.sup.iter().map(|(d, s)| OpId::new(d, u64::from(*s))).collect())
    }
}

impl super::fold::State {
    /// (file, offset) of each delete of `entity` among its heads.
    pub(super) fn delete_heads(&self, entity: &str) -> Vec<(u32, u64)> {
        let Some(e) = self.ent_names.get(entity) else { return Vec::new() };
        self.ents[e as usize]
            .dels
            .iter()
            .map(|h| self.ops[h.op as usize])
            .filter(|rec| rec.loc & DEL != 0)
            .map(|rec| (rec.file, rec.off))
            .collect()
    }

    /// Names of the fields of `entity` that hold no value of their own.
    pub(super) fn empty_fields(&self, entity: &str) -> Vec<String> {
        let Some(e) = self.ent_names.get(entity) else { return Vec::new() };
        self.ents[e as usize]
            .regs
            .iter()
            .filter(|&&(_, r)| self.regs[r as usize].heads.is_empty())
            .map(|&(f, _)| self.fields.name(f).to_owned())
            .collect()
    }
}
