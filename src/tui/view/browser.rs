//! The commune browser: the group's communes and the selected one's details.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::assignments::{Commune, Group};
use crate::checklist;
use crate::i18n::{Lang, s};
use crate::text::{clean, truncate};
use crate::tui::app::App;

/// Draws the list and the details; returns the list rows that fit.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) -> usize {
    let (list_area, detail_area) = if area.width >= 80 {
        let [l, d] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
        (l, d)
    } else {
        let list_h = (app.browser.visible.len() as u16 + 3).clamp(4, area.height / 2);
        let [l, d] = Layout::vertical([Constraint::Length(list_h), Constraint::Min(1)]).areas(area);
        (l, d)
    };
    let rows = list(frame, list_area, app);
    detail(frame, detail_area, app);
    rows
}

fn list(frame: &mut Frame, area: Rect, app: &App) -> usize {
    let t = s(app.shared.lang);
    let b = &app.browser;
    let block = Block::default().borders(Borders::ALL).title(t.communes);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Header row takes one line.
    let height = inner.height.saturating_sub(1) as usize;
    let Some(group) = app.shared.current_group() else {
        return height;
    };
    if b.visible.is_empty() {
        let msg = Paragraph::new(Line::styled(t.no_match, Style::default().fg(Color::DarkGray)));
        frame.render_widget(msg, inner);
        return height;
    }
    // The last visit and the open follow-ups first: what a group plans by.
    // Counts of weaknesses and cells, then who is in charge, as room allows
    // (the details beside the list hold them all).
    let w = |h: &str, min: usize| crate::text::width(h).max(min) as u16;
    let mut cols = vec![(w(t.col_last, 10), false), (w(t.col_open, 3), true)];
    let counts = inner.width >= 55;
    let assigned = inner.width >= 75;
    if counts {
        cols.extend([(w(t.col_weaknesses, 3), true), (w(t.col_cells, 3), true)]);
    }
    if assigned {
        cols.insert(0, (16, false));
    }
    let fixed: u16 = cols.iter().map(|(w, _)| w + 1).sum();
    let mut widths = vec![(inner.width.saturating_sub(fixed), false)];
    widths.extend(cols);
    let mut header = vec![t.col_commune.to_owned()];
    if assigned {
        header.push(t.col_assigned.to_owned());
    }
    header.extend([t.col_last.to_owned(), t.col_open.to_owned()]);
    if counts {
        header.extend([t.col_weaknesses.to_owned(), t.col_cells.to_owned()]);
    }
    let mut lines = vec![Line::styled(columns(&header, &widths), Style::default().add_modifier(Modifier::UNDERLINED))];
    // Only the rows on screen are built: a group may hold thousands. Rows
    // are plain lines: ratatui's Table costs more than the 1 ms a
    // keystroke may take at 200x60. The findings were folded when the
    // store changed; a row only looks its commune up.
    let offset = b.cursor.window(b.visible.len(), height);
    for (pos, &i) in b.visible.iter().enumerate().skip(offset).take(height) {
        let c = &group.communes[i];
        let row = app.shared.findings.rows.get(&c.id);
        let mut cells = vec![clean(&c.name).into_owned()];
        if assigned {
            cells.push(clean(&group.member_names(&c.assigned)).into_owned());
        }
        cells.push(row.and_then(|r| r.last_date.clone()).unwrap_or_else(|| "—".to_owned()));
        cells.push(row.map_or(0, |r| r.open).to_string());
        if counts {
            cells.extend([c.weaknesses.len().to_string(), c.cells.len().to_string()]);
        }
        let style = if pos == b.cursor.selected {
            Style::default().bg(Color::Cyan).fg(Color::Black).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        lines.push(Line::styled(columns(&cells, &widths), style));
    }
    let buf = frame.buffer_mut();
    for (y, line) in (inner.y..inner.bottom()).zip(&lines) {
        buf.set_line(inner.x, y, line, inner.width);
        if let Some(style) = line.style.bg.map(|_| line.style) {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        }
    }
    height
}

/// Cells laid out in columns of the given widths (right-aligned where
/// asked), cut by grapheme, one space apart.
fn columns(cells: &[String], widths: &[(u16, bool)]) -> String {
    let mut out = String::new();
    for (i, (cell, &(w, right))) in cells.iter().zip(widths).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let text = truncate(cell, w as usize);
        let pad = " ".repeat((w as usize).saturating_sub(crate::text::width(&text)));
        if right {
            out.push_str(&pad);
            out.push_str(&text);
        } else {
            out.push_str(&text);
            out.push_str(&pad);
        }
    }
    out
}

fn detail(frame: &mut Frame, area: Rect, app: &App) {
    let block = Block::default().borders(Borders::ALL);
    let (Some(group), Some(c)) = (app.shared.current_group(), app.selected_commune()) else {
        frame.render_widget(block, area);
        return;
    };
    let block = block.title(clean(&c.name).into_owned());
    let lines = commune_lines(group, c, app.shared.lang);
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).scroll((app.browser.detail_scroll, 0)),
        area,
    );
}

fn heading(text: &str) -> Line<'static> {
    Line::styled(text.to_owned(), Style::default().add_modifier(Modifier::BOLD).fg(Color::Cyan))
}

fn dim(text: String) -> Span<'static> {
    Span::styled(text, Style::default().fg(Color::DarkGray))
}

/// The details of a commune as lines, every data string cleaned.
pub fn commune_lines(group: &Group, c: &Commune, lang: Lang) -> Vec<Line<'static>> {
    let t = s(lang);
    let mut lines = Vec::new();
    let assigned =
        if c.assigned.is_empty() { t.none.to_owned() } else { clean(&group.member_names(&c.assigned)).into_owned() };
    lines.push(Line::from(vec![
        Span::styled(format!("{}: ", t.col_assigned), Style::default().add_modifier(Modifier::BOLD)),
        Span::raw(assigned),
    ]));

    lines.push(heading(t.weaknesses));
    if c.weaknesses.is_empty() {
        lines.push(Line::from(dim(format!("  {}", t.none))));
    }
    let checklist = checklist::active();
    for w in &c.weaknesses {
        let item = checklist.item(&w.code);
        let label = item.map_or(w.code.as_str(), |i| i.label.get(lang));
        lines.push(Line::from(format!("• {}", clean(label))));
        if let Some(note) = &w.note {
            lines.push(Line::from(dim(format!("  {}", clean(note)))));
        }
        if !w.baseline.is_empty() {
            let values: Vec<String> = w
                .baseline
                .iter()
                .map(|(k, v)| {
                    let def = item.and_then(|i| i.numbers.iter().find(|n| &n.key == k));
                    let name = def.map_or(k.as_str(), |d| d.label.get(lang));
                    let unit = match def.map(|d| d.unit) {
                        Some(checklist::Unit::Percent) => "%",
                        _ => "",
                    };
                    format!("{} {}{unit}", clean(name), crate::text::number_in(*v, lang))
                })
                .collect();
            lines.push(Line::from(format!("  {}: {}", t.baseline, values.join(", "))));
        }
    }

    lines.push(heading(t.cells));
    if c.cells.is_empty() {
        lines.push(Line::from(dim(format!("  {}", t.none))));
    }
    for cell in &c.cells {
        let mut text = format!("• {}", clean(&cell.name));
        if let Some(n) = cell.members {
            text.push_str(&format!(" — {n} {}", t.party_members));
        }
        if !cell.assigned.is_empty() {
            text.push_str(&format!(" — {}: {}", t.in_charge, clean(&group.member_names(&cell.assigned))));
        }
        lines.push(Line::from(text));
    }

    lines.push(heading(t.contacts));
    if c.contacts.is_empty() {
        lines.push(Line::from(dim(format!("  {}", t.none))));
    }
    for contact in &c.contacts {
        let mut text = format!("• {}", clean(&contact.name));
        for extra in [&contact.role, &contact.phone].into_iter().flatten() {
            text.push_str(&format!(" — {}", clean(extra)));
        }
        lines.push(Line::from(text));
    }
    lines
}
