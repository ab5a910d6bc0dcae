//! What the interface's exchanges with the sync folder warned about (`W`):
//! torn or forged lines, forks, gaps, links and pipes refused, values
//! outside the checklist… the sentences `sotay sync` prints. Each is said
//! once in the message line when it first appears and kept for the
//! session, newest first; the title bar counts the unread ones.
//!
//! State, keys and drawing together: the screen is small.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::i18n::Lang;
use crate::seal::Unopened;
use crate::store::Warning;
use crate::text::{clean, truncate};
use crate::tui::action::Action;
use crate::tui::keys::{Context, hint};
use crate::tui::screens::Picked;
use crate::tui::shared::Shared;

/// One warning of an exchange: the store's, or a sealed piece that did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Store(Warning),
    Seal(Unopened),
}

impl Entry {
    /// The sentence `sotay sync` prints for it.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Entry::Store(w) => w.message(lang),
            Entry::Seal(u) => u.message(lang),
        }
    }

    /// What makes it the same warning as one said before. A value outside
    /// the checklist is named by its first line; how many others share
    /// its problem grows as ops come in without making it news.
    fn key(&self) -> String {
        match self {
            Entry::Store(Warning::BadValue { file, line, field, problem, got, kept: true, .. }) => {
                format!("{:?}", (file, line, field, problem, got))
            }
            other => format!("{other:?}"),
        }
    }
}

/// The session's warnings, oldest first (shown newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warnings {
    entries: Vec<Entry>,
    /// Entry by [`Entry::key`].
    seen: HashMap<String, usize>,
    /// Not yet seen in the list: counted in the title bar.
    pub unread: usize,
}

impl Warnings {
    /// Takes an exchange's warnings in; the message line for those not
    /// seen before this session, if any. One said before only has its
    /// count of like values brought up to date.
    pub fn take(&mut self, batch: impl IntoIterator<Item = Entry>, lang: Lang) -> Option<String> {
        let mut fresh = Vec::new();
        for entry in batch {
            let key = entry.key();
            match self.seen.get(&key) {
                Some(&i) => self.entries[i] = entry,
                None => {
                    self.seen.insert(key, self.entries.len());
                    fresh.push(self.entries.len());
                    self.entries.push(entry);
                }
            }
        }
        self.unread += fresh.len();
        let first = self.entries.get(*fresh.first()?)?.message(lang);
        // The key and the count first: a long path may run past the edge.
        Some(match (fresh.len() - 1, lang) {
            (0, Lang::Vi) => format!("Cảnh báo (phím W): {first}"),
            (0, Lang::En) => format!("Warning (key W): {first}"),
            (more, Lang::Vi) => format!("Cảnh báo (và {more} cảnh báo khác, phím W): {first}"),
            (more, Lang::En) => format!("Warning (and {more} more, key W): {first}"),
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().rev()
    }

    /// For the title bar while some are unread: `⚠ 3 cảnh báo (W)`.
    pub fn indicator(&self, lang: Lang) -> Option<String> {
        match (self.unread, lang) {
            (0, _) => None,
            (n, Lang::Vi) => Some(format!("⚠ {n} cảnh báo (W)")),
            (1, Lang::En) => Some("⚠ 1 warning (W)".to_owned()),
            (n, Lang::En) => Some(format!("⚠ {n} warnings (W)")),
        }
    }
}

/// The list on screen: which warning is at its top.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarningList {
    pub top: usize,
}

impl WarningList {
    /// Opening the list marks every warning read.
    pub fn open(sh: &mut Shared) -> WarningList {
        sh.warnings.unread = 0;
        WarningList::default()
    }

    pub fn update(&mut self, sh: &Shared, action: Action, rows: usize) -> Option<Picked> {
        let last = sh.warnings.len().saturating_sub(1);
        // Warnings wrap to about two rows each.
        let page = (rows / 2).max(1);
        self.top = match action {
            Action::Down => self.top + 1,
            Action::Up => self.top.saturating_sub(1),
            Action::PageDown => self.top + page,
            Action::PageUp => self.top.saturating_sub(page),
            Action::First => 0,
            Action::Last => last,
            Action::Cancel | Action::Dismiss => return Some(Picked::Closed),
            _ => self.top,
        }
        .min(last);
        None
    }
}

/// Draws the list over `area`, wrapped, from the warning at its top; the
/// rows a page holds.
pub fn draw(frame: &mut Frame, area: Rect, sh: &Shared, list: &WarningList) -> usize {
    let lang = sh.lang;
    let vi = lang == Lang::Vi;
    let n = sh.warnings.len();
    let title = match (n, vi) {
        (0, true) => " Cảnh báo khi đồng bộ ".to_owned(),
        (0, false) => " Sync warnings ".to_owned(),
        (n, true) => format!(" Cảnh báo khi đồng bộ ({}/{n}, mới nhất trước) ", list.top.min(n - 1) + 1),
        (n, false) => format!(" Sync warnings ({}/{n}, newest first) ", list.top.min(n - 1) + 1),
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let dim = Style::default().fg(Color::DarkGray);
    let mut lines = vec![Line::styled(
        if vi {
            "Những gì thư mục đồng bộ có mà máy này không nhận hoặc cần bạn biết, trong phiên làm việc này."
        } else {
            "What the sync folder held that this laptop refused or you should know, this session."
        },
        dim,
    )];
    if n == 0 {
        lines.push(Line::raw(if vi { "Chưa có cảnh báo nào." } else { "No warning yet." }));
    }
    // Only what fits is turned into sentences: a long list costs nothing
    // more to draw.
    let body_rows = inner.height.saturating_sub(1);
    for entry in sh.warnings.newest_first().skip(list.top).take(body_rows as usize) {
        lines.push(Line::raw(format!("• {}", clean(&entry.message(lang)))));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), Rect { height: body_rows, ..inner });
    let foot = Rect { y: inner.y + body_rows, height: 1.min(inner.height), ..inner };
    let keys = hint(&[Context::Warnings], lang);
    frame.render_widget(Paragraph::new(Line::styled(truncate(&keys, inner.width as usize), dim)), foot);
    (body_rows as usize).saturating_sub(1).max(1)
}
