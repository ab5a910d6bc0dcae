//! The minutes key on an open visit: the same Word document as `sotay
//! minutes`, written to the papers folder under a name that says which
//! visit it is, never over an earlier copy (it may have been edited in
//! Word since).

use std::path::{Path, PathBuf};

use super::shared::Shared;
use super::walk::Note;
use crate::i18n::walk as t;
use crate::report::paper::Layout;

/// Writes the minutes of `visit`; the walk's message says where, or why not.
pub fn write(sh: &Shared, visit: &str) -> Note {
    let w = t(sh.lang);
    if sh.data.groups.is_empty() {
        return Note::Error(w.minutes_no_assignments.to_owned());
    }
    let failed = |path: &Path, reason: String| {
        Note::Error(format!("{} ({reason})", w.minutes_failed.replace("{}", &path.display().to_string())))
    };
    // Without a store or a folder (tests of the screens alone) nothing can be written.
    let (Some(store), Some(dir)) = (&sh.store, &sh.papers_dir) else {
        return failed(Path::new("-"), visit.to_owned());
    };
    let visits = crate::findings::visits(store);
    let Some(v) = visits.iter().find(|v| v.id == visit) else {
        return failed(dir, visit.to_owned());
    };
    let follow_ups = crate::findings::follow_ups(store);
    let bytes = match crate::report::minutes::document(&sh.data, &visits, &follow_ups, v, &sh.paper, Layout::Party) {
        Ok(b) => b,
        Err(reason) => return failed(dir, reason),
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return failed(dir, crate::jsondoc::io_reason(&e));
    }
    let commune = sh.data.commune(&v.commune).map_or(v.commune.as_str(), |(_, c)| c.name_for(&v.commune));
    let path = free_name(dir, &format!("bien-ban-{}-{}", slug(commune), v.date));
    match crate::disk::write_atomic(&path, &bytes) {
        Ok(()) => {
            let mut msg = w.minutes_written.replace("{}", &path.display().to_string());
            if !v.finalized {
                msg.push_str(w.minutes_unfinished);
            }
            Note::Saved(msg)
        }
        Err(e) => failed(&path, crate::jsondoc::io_reason(&e)),
    }
}

/// `xa-binh-thanh` for `Xã Bình Thanh`: a name every system and e-mail
/// keeps as it is.
fn slug(name: &str) -> String {
    let folded = crate::text::fold(name);
    let words: Vec<String> =
        folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect();
    if words.is_empty() { "xa".to_owned() } else { words.join("-") }
}

/// `stem.docx`, else `stem-2.docx`, `stem-3.docx`…: the first name free.
fn free_name(dir: &Path, stem: &str) -> PathBuf {
    let mut n = 1;
    loop {
        let name = if n == 1 { format!("{stem}.docx") } else { format!("{stem}-{n}.docx") };
        let path = dir.join(name);
        if !path.exists() {
            return path;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_are_plain_and_never_reuse_an_earlier_copy() {
        assert_eq!(super::slug("Xã Bình Thạnh"), "xa-binh-thanh");
        assert_eq!(super::slug("Phường Đông Hòa (cũ)"), "phuong-dong-hoa-cu");
        let dir = tempfile::tempdir().unwrap();
        let first = super::free_name(dir.path(), "bien-ban");
        assert_eq!(first.file_name().unwrap(), "bien-ban.docx");
        std::fs::write(&first, b"edited in Word").unwrap();
        assert_eq!(super::free_name(dir.path(), "bien-ban").file_name().unwrap(), "bien-ban-2.docx");
    }
}
