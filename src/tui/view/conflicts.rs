//! The conflicts screen over the whole window: each conflict's place, then
//! each value with who recorded it, on which laptop, when; the value every
//! screen shows now marked. Only the lines on screen are built.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::i18n::conflicts as t;
use crate::text::{clean, truncate, width};
use crate::tui::app::App;
use crate::tui::keys::{Context, hint};
use crate::tui::screens::conflicts::{ConflictList, Row};

/// The footer: what the last key did, or the screen's keys (from the key
/// table, so that they cannot drift from what the keys do).
pub fn footer(frame: &mut Frame, area: Rect, app: &App) {
    let line = match &app.shared.status {
        Some(msg) => Line::styled(clean(msg).into_owned(), Style::default().fg(Color::Yellow)),
        None => Line::styled(hint(&[Context::Conflicts], app.shared.lang), Style::default().fg(Color::DarkGray)),
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// Draws the screen in `area`; the lines a page holds.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, list: &ConflictList) -> Option<usize> {
    let lang = app.shared.lang;
    let w = t(lang);
    let dim = Style::default().fg(Color::DarkGray);
    let block = Block::default().borders(Borders::ALL).title(format!("{} ({})", w.title, list.entries.len()));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let room = inner.width as usize;
    if list.entries.is_empty() {
        frame.render_widget(Paragraph::new(Line::styled(w.none, dim)), inner);
        return Some(height);
    }
    let selected = list.current();
    let highlight = Style::default().bg(Color::Cyan).fg(Color::Black);
    let offset = list.window(height);
    let mut lines = Vec::with_capacity(height);
    for l in offset..(offset + height).min(list.lines()) {
        let Some(row) = list.row(l) else { break };
        lines.push(match row {
            Row::Visit(k) => Line::styled(
                truncate(list.entries[k].visit.as_deref().unwrap_or_default(), room).into_owned(),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Row::Field(k) => {
                // The field's name is never cut: the item gives way.
                let e = &list.entries[k];
                let field = match &e.item {
                    Some(_) => format!(" ({})", e.field),
                    None => e.field.clone(),
                };
                let item = e.item.as_deref().unwrap_or_default();
                let item_room = room.saturating_sub(width(&field));
                Line::styled(
                    truncate(&format!("{}{field}", truncate(item, item_room)), room).into_owned(),
                    Style::default().fg(Color::Yellow),
                )
            }
            Row::Value(k, j) => {
                let side = &list.entries[k].sides[j];
                let on = selected == Some((k, j));
                let marker = if on { "▶ " } else { "  " };
                let now = if j == 0 { format!("  {}", w.shown_now) } else { String::new() };
                let value_room = room.saturating_sub(width(marker) + width(&now));
                let style = if on { highlight.add_modifier(Modifier::BOLD) } else { Style::default() };
                let mut spans = vec![Span::styled(format!("{marker}{}", truncate(&side.value, value_room)), style)];
                if !now.is_empty() {
                    spans.push(Span::styled(now, Style::default().fg(Color::Green)));
                }
                Line::from(spans)
            }
            Row::Who(k, j) => {
                let side = &list.entries[k].sides[j];
                let text = format!("    {} · {} · {}", side.by, side.at, side.device);
                let style = if selected == Some((k, j)) { highlight } else { dim };
                Line::styled(truncate(&text, room).into_owned(), style)
            }
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
    Some(height)
}
