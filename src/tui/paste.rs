//! Text that arrives in one piece: a paste the terminal marks as one
//! (bracketed paste), or a run of characters typed into a text field before
//! the next frame (a terminal that sends a paste as keys). Either is applied
//! as one edit: one insert, one search ranking, one draft write. A paste
//! never runs as commands; where nothing takes text (a list, an item's
//! status) it is dropped with a word.

use super::app::{App, Screen};
use super::screens::Overlay;
use super::walk::form::Field;
use super::walk::{Note, Walk};
use crate::i18n::Lang;
use crate::tui::action::Action;

/// Pasted text for a one-line field: line breaks and tabs become single
/// spaces (`Bình⏎n⏎3` is searched as `Bình n 3`), a trailing line break
/// goes, and nothing that must not reach the terminal is kept.
pub fn one_line(text: &str) -> String {
    let text = text.trim_end_matches(['\r', '\n']);
    let mut out = String::with_capacity(text.len());
    let mut brk = false;
    for c in text.chars() {
        if matches!(c, '\r' | '\n' | '\t') {
            brk = true;
            continue;
        }
        if brk {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            brk = false;
        }
        if !crate::text::unsafe_char(c) {
            out.push(c);
        }
    }
    out
}

/// Pasted text for the note: Windows and old Mac line ends as `\n`, tabs
/// as a space, other control, bidi and zero-width characters dropped (the
/// editor would draw them raw; typed, they are refused the same way).
pub fn lines(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if crate::text::unsafe_char(c) => None,
            c => Some(c),
        })
        .collect()
}

struct Words {
    ignored: &'static str,
    numbers_only: &'static str,
}

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Vi => &Words {
            ignored: "Đã bỏ qua nội dung dán: ở đây không có ô để gõ chữ. Dán vào ô tìm (/), ghi chú (Enter) hoặc ô số.",
            numbers_only: "Đã bỏ qua nội dung dán: ô này chỉ nhận một số.",
        },
        Lang::En => &Words {
            ignored: "Paste ignored: nothing here takes text. Paste into the search (/), a note (Enter) or a number field.",
            numbers_only: "Paste ignored: this field takes only a number.",
        },
    }
}

impl App {
    /// A paste: text for the field that has focus, never keys.
    pub fn paste(&mut self, text: &str) {
        self.shared.status = None;
        let lang = self.shared.lang;
        let group = self.shared.group;
        let taken = match (&self.overlay, &mut self.screen) {
            // Nothing is drawn but the "too small" notice: nothing takes text.
            _ if self.metrics.too_small => false,
            (Overlay::None, Screen::Browse) if self.browser.filtering => {
                self.browser.type_str(&one_line(text), group);
                true
            }
            (Overlay::None, Screen::Setup(setup)) if setup.section == 0 => {
                setup.date.push_str(&one_line(text));
                true
            }
            (Overlay::None, Screen::Walk(walk)) => {
                walk.paste(text, lang);
                true
            }
            _ => false,
        };
        if !taken {
            self.shared.status = Some(words(lang).ignored.to_owned());
        }
    }

    /// Characters typed into a text field in a row, applied as one edit:
    /// the same as one `Action::Type` each, with the search ranked once.
    pub fn type_str(&mut self, text: &str) {
        if self.overlay == Overlay::None && matches!(self.screen, Screen::Browse) && self.browser.filtering {
            self.shared.status = None;
            self.browser.type_str(text, self.shared.group);
            return;
        }
        for c in text.chars() {
            self.update(Action::Type(c));
        }
    }
}

impl Walk {
    /// A paste in the visit: into the note, the follow-up form, the "go to"
    /// prompt or a number field; anywhere else it is dropped with a word.
    pub fn paste(&mut self, text: &str, lang: Lang) {
        if let Some(editor) = &mut self.editor {
            let text = lines(text);
            if !text.is_empty() {
                editor.insert_str(text);
            }
            // Written once, before the next frame (see `save_draft`).
            self.draft_dirty = true;
            return;
        }
        if let Some(form) = &mut self.follow_up {
            form.leaving = false;
            form.text_mut().push_str(&one_line(text));
            return;
        }
        if let Some(query) = &mut self.goto {
            query.push_str(&one_line(text));
            return;
        }
        let number = !self.review && matches!(self.focused(crate::checklist::active()), Field::Number(_));
        let typed = one_line(text);
        let typed = typed.trim();
        if number && !typed.is_empty() && typed.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
            self.input.get_or_insert_with(String::new).push_str(typed);
            return;
        }
        let w = words(lang);
        self.note = Some(Note::Info(if number { w.numbers_only } else { w.ignored }.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_joins_lines_and_drops_what_must_not_be_drawn() {
        assert_eq!(one_line("Bình\nn\r\n3\n"), "Bình n 3");
        assert_eq!(one_line("a\t\tb"), "a b");
        assert_eq!(one_line("\u{202e}x\u{1b}[2Jy\u{9b}"), "x[2Jy");
        assert_eq!(lines("một\r\nhai\rba\u{202e}\tbốn"), "một\nhai\nba bốn");
    }
}
