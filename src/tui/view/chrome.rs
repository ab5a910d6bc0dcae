//! The title bar and the footer.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::s;
use crate::text::{clean, truncate, width};
use crate::tui::app::App;

pub fn title(frame: &mut Frame, area: Rect, app: &App) {
    let app = &app.shared;
    let t = s(app.lang);
    let bar = Style::default().bg(Color::Blue).fg(Color::White);
    let mut spans = vec![Span::styled(format!(" {} ", t.app), bar.add_modifier(Modifier::BOLD))];
    if app.demo {
        spans.push(Span::styled(
            format!(" {} ", t.demo),
            Style::default().bg(Color::Yellow).fg(Color::Black).add_modifier(Modifier::BOLD),
        ));
    }
    let mut parts: Vec<String> = Vec::new();
    let mut issuer = None;
    if let Some(g) = app.current_group() {
        issuer = app.data.sources.get(g.source).and_then(|src| src.issued_by.as_deref());
        let n = app.data.groups.len();
        if n > 1 {
            parts.push(format!("{} ({}/{n})", clean(&g.name), app.group + 1));
        } else {
            parts.push(clean(&g.name).into_owned());
        }
    }
    let me = app.me_in_group().map_or("?".into(), |m| clean(&m.name).into_owned());
    parts.push(format!("{}: {me}", t.me));
    // Unread sync warnings before the exchange's time and devices: a
    // narrow bar keeps them.
    if let Some(w) = app.warnings.indicator(app.lang) {
        parts.push(w);
    }
    if let Some(sync) = &app.sync_state {
        parts.push(clean(sync).into_owned());
    }
    if app.conflict_count > 0 {
        parts.push(format!("⚠ {} {}", app.conflict_count, crate::i18n::walk(app.lang).conflicts_short));
    }
    parts.push(app.lang.code().to_uppercase());
    // The issuing body comes first but is the first to go when space is short.
    let used: usize = spans.iter().map(|s| s.width()).sum();
    if let Some(by) = issuer {
        let rest = parts.iter().map(|p| width(p) + 3).sum::<usize>() + used + 1;
        let room = (area.width as usize).saturating_sub(rest);
        if room >= 12 {
            parts.insert(0, truncate(&clean(by), room).into_owned());
        }
    }
    spans.push(Span::styled(format!(" {}", parts.join(" · ")), bar));
    frame.render_widget(Paragraph::new(Line::from(spans)).style(bar), area);
}

pub fn footer(frame: &mut Frame, area: Rect, app: &App) {
    let b = &app.browser;
    let app = &app.shared;
    let t = s(app.lang);
    let line = if b.filtering || !b.filter.is_empty() {
        let hint = if b.filtering { t.hint_filter } else { t.hint_browse };
        let cursor = if b.filtering { "▏" } else { "" };
        Line::from(vec![
            Span::styled(format!("{}: ", t.search), Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(format!("{}{cursor}", clean(&b.filter))),
            Span::styled(format!("  {hint}"), Style::default().fg(Color::DarkGray)),
        ])
    } else if let Some(msg) = &app.status {
        Line::from(Span::styled(clean(msg).into_owned(), Style::default().fg(Color::Yellow)))
    } else {
        Line::from(Span::styled(t.hint_browse, Style::default().fg(Color::DarkGray)))
    };
    frame.render_widget(Paragraph::new(line), area);
}
