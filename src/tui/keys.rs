//! The key table: the one place that says which key does what. Both the
//! dispatcher and the help screen read it, so the help cannot lie.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::i18n::Lang;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Everywhere,
    Browse,
    Filter,
    Pick,
}

/// A key, or a class of keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
    /// Any printable character (typing).
    Text,
}

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    pub vi: &'static str,
    pub en: &'static str,
}

use Context::*;
use Key::*;

pub const TABLE: &[Binding] = &[
    Binding { context: Everywhere, keys: &[Ctrl('c')], action: Action::Quit, vi: "Thoát ngay", en: "Quit now" },
    Binding {
        context: Browse, keys: &[Char('j'), Code(KeyCode::Down)], action: Action::Down, vi: "Xuống", en: "Down"
    },
    Binding { context: Browse, keys: &[Char('k'), Code(KeyCode::Up)], action: Action::Up, vi: "Lên", en: "Up" },
    Binding {
        context: Browse,
        keys: &[Code(KeyCode::PageDown), Ctrl('d')],
        action: Action::PageDown,
        vi: "Xuống một trang",
        en: "Page down",
    },
    Binding {
        context: Browse,
        keys: &[Code(KeyCode::PageUp), Ctrl('u')],
        action: Action::PageUp,
        vi: "Lên một trang",
        en: "Page up",
    },
    Binding {
        context: Browse,
        keys: &[Code(KeyCode::Home)],
        action: Action::First,
        vi: "Về đầu danh sách",
        en: "First in the list",
    },
    Binding {
        context: Browse,
        keys: &[Code(KeyCode::End)],
        action: Action::Last,
        vi: "Về cuối danh sách",
        en: "Last in the list",
    },
    Binding {
        context: Browse,
        keys: &[Char('/')],
        action: Action::StartFilter,
        vi: "Tìm xã (không cần dấu)",
        en: "Search communes (accents optional)",
    },
    Binding {
        context: Browse,
        keys: &[Code(KeyCode::Esc)],
        action: Action::ClearFilter,
        vi: "Bỏ lọc",
        en: "Clear the search",
    },
    Binding {
        context: Browse,
        keys: &[Char(']')],
        action: Action::NextGroup,
        vi: "Tổ công tác kế tiếp",
        en: "Next working group",
    },
    Binding {
        context: Browse,
        keys: &[Char('[')],
        action: Action::PrevGroup,
        vi: "Tổ công tác trước",
        en: "Previous working group",
    },
    Binding {
        context: Browse,
        keys: &[Char('t')],
        action: Action::PickGroup,
        vi: "Chọn tổ công tác",
        en: "Pick a working group",
    },
    Binding {
        context: Browse,
        keys: &[Char('i')],
        action: Action::PickMe,
        vi: "Đổi người dùng (tôi là ai)",
        en: "Change who I am",
    },
    Binding {
        context: Browse,
        keys: &[Char('J')],
        action: Action::DetailDown,
        vi: "Cuộn chi tiết xuống",
        en: "Scroll details down",
    },
    Binding {
        context: Browse,
        keys: &[Char('K')],
        action: Action::DetailUp,
        vi: "Cuộn chi tiết lên",
        en: "Scroll details up",
    },
    Binding {
        context: Browse,
        keys: &[Char('L')],
        action: Action::ToggleLang,
        vi: "Đổi ngôn ngữ Việt/Anh",
        en: "Switch Vietnamese/English",
    },
    Binding {
        context: Browse,
        keys: &[Char('?'), Code(KeyCode::F(1))],
        action: Action::Help,
        vi: "Trợ giúp phím",
        en: "Key help",
    },
    Binding { context: Browse, keys: &[Char('q')], action: Action::Quit, vi: "Thoát", en: "Quit" },
    Binding {
        context: Filter,
        keys: &[Text],
        action: Action::FilterType(' '),
        vi: "Gõ chữ để lọc",
        en: "Type to filter",
    },
    Binding {
        context: Filter,
        keys: &[Code(KeyCode::Backspace), Ctrl('h')],
        action: Action::FilterBack,
        vi: "Xóa một chữ",
        en: "Delete a letter",
    },
    Binding { context: Filter, keys: &[Code(KeyCode::Down)], action: Action::Down, vi: "Xuống", en: "Down" },
    Binding { context: Filter, keys: &[Code(KeyCode::Up)], action: Action::Up, vi: "Lên", en: "Up" },
    Binding {
        context: Filter,
        keys: &[Code(KeyCode::Enter)],
        action: Action::EndFilter,
        vi: "Giữ kết quả lọc",
        en: "Keep the filter",
    },
    Binding {
        context: Filter,
        keys: &[Code(KeyCode::Esc)],
        action: Action::ClearFilter,
        vi: "Bỏ lọc",
        en: "Clear the search",
    },
    Binding { context: Pick, keys: &[Char('j'), Code(KeyCode::Down)], action: Action::Down, vi: "Xuống", en: "Down" },
    Binding { context: Pick, keys: &[Char('k'), Code(KeyCode::Up)], action: Action::Up, vi: "Lên", en: "Up" },
    Binding { context: Pick, keys: &[Code(KeyCode::Enter)], action: Action::Choose, vi: "Chọn", en: "Choose" },
    Binding { context: Pick, keys: &[Code(KeyCode::Esc)], action: Action::Cancel, vi: "Đóng", en: "Close" },
];

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match self {
            Char(c) => !ctrl && !ev.modifiers.contains(KeyModifiers::ALT) && ev.code == KeyCode::Char(c),
            Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            Code(code) => ev.code == code,
            Text => !ctrl && matches!(ev.code, KeyCode::Char(_)),
        }
    }

    pub fn label(self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            Char(' ') => if vi { "Cách" } else { "Space" }.into(),
            Char(c) => c.to_string(),
            Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Text => if vi { "chữ" } else { "letters" }.into(),
            Code(code) => match code {
                KeyCode::Down => "↓".into(),
                KeyCode::Up => "↑".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift-Tab".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::F(n) => format!("F{n}"),
                other => other.to_string(),
            },
        }
    }
}

/// The action for a key press in a context, if any. Bindings that apply
/// everywhere are tried first.
pub fn dispatch(context: Context, ev: &KeyEvent) -> Option<Action> {
    TABLE.iter().filter(|b| b.context == Everywhere).chain(TABLE.iter().filter(|b| b.context == context)).find_map(
        |b| {
            let key = b.keys.iter().find(|k| k.matches(ev))?;
            Some(match (key, ev.code) {
                (Text, KeyCode::Char(c)) => Action::FilterType(c),
                _ => b.action,
            })
        },
    )
}

/// The help rows for the contexts that can be active now.
pub fn help_rows(contexts: &[Context], lang: Lang) -> Vec<(Context, String, &'static str)> {
    TABLE
        .iter()
        .filter(|b| contexts.contains(&b.context))
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label(lang)).collect();
            let what = if lang == Lang::Vi { b.vi } else { b.en };
            (b.context, keys.join(" "), what)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn dispatch_reads_the_table() {
        assert_eq!(dispatch(Browse, &key(KeyCode::Char('j'))), Some(Action::Down));
        assert_eq!(dispatch(Browse, &key(KeyCode::Char('q'))), Some(Action::Quit));
        assert_eq!(dispatch(Filter, &key(KeyCode::Char('q'))), Some(Action::FilterType('q')));
        assert_eq!(
            dispatch(Filter, &KeyEvent::new(KeyCode::Char('h'), KeyModifiers::CONTROL)),
            Some(Action::FilterBack)
        );
        assert_eq!(dispatch(Pick, &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
        assert_eq!(dispatch(Browse, &key(KeyCode::Char('z'))), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let mut seen = std::collections::HashSet::new();
        for b in TABLE {
            for k in b.keys {
                assert!(seen.insert((b.context as u8, format!("{k:?}"))), "{k:?} twice in {:?}", b.context);
            }
        }
    }
}
