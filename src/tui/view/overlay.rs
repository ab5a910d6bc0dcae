//! Screens drawn over the browser: help and pick lists.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::i18n::s;
use crate::text::{clean, truncate, width};
use crate::tui::app::App;
use crate::tui::keys::{Context, help_rows};

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))]).flex(Flex::Center).areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))]).flex(Flex::Center).areas(v);
    r
}

pub fn help(frame: &mut Frame, area: Rect, app: &App) {
    let t = s(app.lang);
    let contexts = [Context::Everywhere, Context::Browse, Context::Filter, Context::Pick];
    let rows = help_rows(&contexts, app.lang);
    let key_w = rows.iter().map(|(_, k, _)| width(k)).max().unwrap_or(0);
    let mut lines = Vec::new();
    let mut last = None;
    for (ctx, keys, what) in rows {
        if last != Some(ctx) {
            let name = match ctx {
                Context::Everywhere => t.ctx_everywhere,
                Context::Browse => t.ctx_browse,
                Context::Filter => t.ctx_filter,
                Context::Pick => t.ctx_pick,
            };
            lines.push(Line::styled(name, Style::default().add_modifier(Modifier::BOLD).fg(Color::Cyan)));
            last = Some(ctx);
        }
        let pad = " ".repeat(key_w - width(&keys));
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys}{pad}  "), Style::default().fg(Color::Yellow)),
            Span::raw(what),
        ]));
    }
    lines.push(Line::styled(t.help_close, Style::default().fg(Color::DarkGray)));
    let popup = centered(area, 64, lines.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::default().borders(Borders::ALL).title(t.help_title))
            .wrap(Wrap { trim: false }),
        popup,
    );
}

fn pick_list(frame: &mut Frame, area: Rect, title: &str, hint: &str, items: Vec<String>, selected: usize) {
    let h = (items.len() as u16 + 3).min(area.height);
    let popup = centered(area, 50, h);
    let inner_w = popup.width.saturating_sub(4) as usize;
    let visible = h.saturating_sub(3) as usize;
    let offset = selected.saturating_sub(visible.saturating_sub(1));
    let mut lines: Vec<Line> = vec![Line::styled(hint.to_owned(), Style::default().fg(Color::DarkGray))];
    for (i, item) in items.iter().enumerate().skip(offset).take(visible) {
        let style = if i == selected {
            Style::default().bg(Color::Cyan).fg(Color::Black).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        lines.push(Line::styled(format!(" {}", truncate(item, inner_w)), style));
    }
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title.to_owned())),
        popup,
    );
}

pub fn pick_me(frame: &mut Frame, area: Rect, app: &App, selected: usize) {
    let t = s(app.lang);
    let Some(g) = app.current_group() else { return };
    let items = g
        .members
        .iter()
        .map(|m| match &m.role {
            Some(r) => format!("{} — {}", clean(&m.name), clean(r)),
            None => clean(&m.name).into_owned(),
        })
        .collect();
    let title = format!("{} {}", t.who_title, clean(&g.name));
    pick_list(frame, area, &title, t.who_hint, items, selected);
}

pub fn pick_group(frame: &mut Frame, area: Rect, app: &App, selected: usize) {
    let t = s(app.lang);
    let items = app.data.groups.iter().map(|g| format!("{} ({})", clean(&g.name), g.communes.len())).collect();
    pick_list(frame, area, t.groups_title, "", items, selected);
}
