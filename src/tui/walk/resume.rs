//! Where the user is in an open visit, kept on disk while the walk is
//! open: the visit, the item, the field and a number typed but not yet
//! left. A crash (a kill, a power cut) leaves the file behind and the next
//! start reopens the visit there and says what it restored; leaving the
//! visit removes it.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{Note, Walk};
use crate::i18n::Lang;

/// The file's content. Small, written whole (fsynced, renamed over).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub visit: String,
    pub item: String,
    pub focus: usize,
    /// A number typed into the focused field, not yet committed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typed: Option<String>,
    /// The note editor was open (its text is in the note's own draft).
    #[serde(default)]
    pub note_open: bool,
}

const FILE: &str = "open-visit.json";

/// The place file under a drafts folder.
pub fn path(drafts: &std::path::Path) -> PathBuf {
    drafts.join(FILE)
}

/// The place left by a run that did not leave its visit, if any. A file
/// that does not parse is ignored: it holds no typed text of its own
/// worth more than a clean start.
pub fn left_behind(drafts: &std::path::Path) -> Option<Place> {
    let bytes = std::fs::read(path(drafts)).ok()?;
    if bytes.len() > 64 * 1024 {
        return None;
    }
    serde_json::from_slice(&bytes).ok()
}

impl Walk {
    fn place(&self) -> Place {
        Place {
            visit: self.visit.clone(),
            item: self.code().to_owned(),
            focus: self.focus,
            typed: self.input.clone(),
            note_open: self.editor.is_some(),
        }
    }

    /// Writes where the user is when it changed since the last write.
    /// Called after each batch of keys, before drawing (with the note's
    /// draft): a number typed is on disk before the screen shows it.
    pub fn save_place(&mut self) {
        let Some(dir) = self.drafts.clone() else { return };
        let place = self.place();
        if self.saved_place.as_ref() == Some(&place) {
            return;
        }
        let bytes = serde_json::to_vec(&place).unwrap_or_default();
        match crate::disk::write_atomic(&path(&dir), &bytes) {
            Ok(()) => self.saved_place = Some(place),
            Err(e) => {
                self.note = Some(Note::Error(format!("{}: {}", path(&dir).display(), crate::jsondoc::io_reason(&e))));
            }
        }
    }

    /// The visit is left the ordinary way: nothing to reopen next time.
    pub fn forget_place(&mut self) {
        if let Some(dir) = &self.drafts {
            let _ = std::fs::remove_file(path(dir));
        }
        self.saved_place = None;
    }

    /// Puts the walk back where `place` says, and says so in one line.
    pub fn restore(&mut self, place: &Place, lang: Lang) {
        let Some(i) = self.items.iter().position(|c| *c == place.item) else { return };
        self.current = i;
        let n = self.fields(crate::checklist::active()).len();
        self.focus = place.focus.min(n.saturating_sub(1));
        let w = super::words::words(lang);
        let item = self.item_words(lang);
        let mut said = w.reopened.replace("{item}", &item);
        let digits = |t: &&String| t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',');
        if let Some(typed) = place.typed.as_ref().filter(digits)
            && let super::form::Field::Number(k) = self.focused(crate::checklist::active())
            && let Some(def) = self.item(crate::checklist::active()).and_then(|it| it.numbers.get(k))
        {
            self.input = Some(typed.clone());
            said = w
                .restored_number
                .replace("{value}", typed)
                .replace("{item}", &item)
                .replace("{field}", &crate::text::clean(def.label.get(lang)));
        }
        if place.note_open {
            self.open_editor(lang);
            if matches!(self.note, Some(Note::Info(_))) {
                said = format!("{said} · {}", crate::i18n::walk(lang).draft_restored);
            }
        }
        self.note = Some(Note::Info(said));
        self.saved_place = Some(self.place());
    }

    /// "5 (Phát triển đảng viên)": the item as the user knows it.
    fn item_words(&self, lang: Lang) -> String {
        let checklist = crate::checklist::active();
        let label = self.item(checklist).map_or(self.code().to_owned(), |i| i.label.get(lang).to_owned());
        format!("{} ({})", self.number_of(self.code()), crate::text::truncate(&crate::text::clean(&label), 24))
    }
}
