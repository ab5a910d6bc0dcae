//! The dashboard: the group's communes × checklist items, each cell the
//! latest status as a colour and a symbol (the symbol alone must read, for
//! `NO_COLOR` and colour-blind eyes), with open and overdue follow-ups and
//! the last visit date per commune.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::findings::Status;
use crate::i18n::{Lang, board};
use crate::text::{clean, truncate, width};
use crate::tui::app::App;

/// The colour of a status; the symbol says the same without it.
pub fn status_color(s: Status) -> Color {
    match s {
        Status::NotAssessed => Color::DarkGray,
        Status::NoChange => Color::Yellow,
        Status::Improving => Color::Cyan,
        Status::Resolved => Color::Green,
        Status::Worse => Color::Red,
    }
}

fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

fn selected() -> Style {
    Style::default().bg(Color::Cyan).fg(Color::Black).add_modifier(Modifier::BOLD)
}

/// `text` cut and padded to `w` cells, on the left or the right.
fn fit(text: &str, w: usize, right: bool) -> String {
    let t = truncate(text, w);
    let pad = " ".repeat(w.saturating_sub(width(&t)));
    if right { format!("{pad}{t}") } else { format!("{t}{pad}") }
}

/// The symbols and what they mean, in the order of the walk's keys.
pub fn legend(lang: Lang) -> Line<'static> {
    let mut spans = Vec::new();
    for s in [Status::Resolved, Status::Improving, Status::NoChange, Status::Worse, Status::NotAssessed] {
        spans.push(Span::styled(format!("{} ", s.symbol()), Style::default().fg(status_color(s))));
        spans.push(Span::raw(format!("{} ", s.label(lang))));
    }
    Line::from(spans)
}

/// Draws the dashboard; returns the commune rows that fit.
pub fn draw(frame: &mut Frame, area: Rect, footer: Rect, app: &App) -> usize {
    let sh = &app.shared;
    let t = board(sh.lang);
    let items = &crate::checklist::active().items;
    let (grid_area, legend_area) = if area.width >= 120 {
        let [g, l] = Layout::horizontal([Constraint::Min(60), Constraint::Length(44)]).areas(area);
        (g, Some(l))
    } else {
        (area, None)
    };
    let title =
        sh.current_group().map_or(t.dash_title.to_owned(), |g| format!("{} — {}", t.dash_title, clean(&g.name)));
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(grid_area);
    frame.render_widget(block, grid_area);
    // Header row above, the cursor's cell and the symbols below.
    let n = sh.current_group().map_or(0, |g| g.communes.len());
    let height = inner.height.saturating_sub(3) as usize;
    let offset = app.board.rows.window(n, height);
    let Some(group) = sh.current_group() else { return height };

    let w = inner.width as usize;
    let (open_w, late_w, last_w) = (width(t.col_open).max(3), width(t.col_overdue).max(3), 10);
    let need = |cw: usize, counts: bool, last: bool| {
        12 + items.len() * cw + if counts { open_w + late_w + 2 } else { 0 } + if last { last_w + 1 } else { 0 }
    };
    let show_last = need(3, true, true) <= w;
    let cw = if need(3, true, false) <= w { 3 } else { 2 };
    let show_counts = need(cw, true, false) <= w;
    let fixed = need(cw, show_counts, show_last) - 12;
    // Names wider than this are cut: the statuses stay next to the name
    // they belong to, and fewer padding cells are drawn on wide screens.
    let name_w = w.saturating_sub(fixed + 1).clamp(6, 30);
    let (row, col) = (app.board.row(), app.board.col);

    let mut lines: Vec<Line> = Vec::with_capacity(height + 3);
    let under = Style::default().add_modifier(Modifier::UNDERLINED);
    let mut header = vec![Span::styled(fit(crate::i18n::s(sh.lang).col_commune, name_w, false), under), Span::raw(" ")];
    for i in 0..items.len() {
        // Two cells a column leave room for one digit: 10 and 11 show as 0, 1.
        let label = if cw == 3 { (i + 1).to_string() } else { ((i + 1) % 10).to_string() };
        let n = fit(&label, cw - 1, true) + " ";
        header.push(Span::styled(n, if i == col { selected() } else { under }));
    }
    if show_counts {
        header.push(Span::styled(fit(t.col_open, open_w, true), under));
        header.push(Span::raw(" "));
        header.push(Span::styled(fit(t.col_overdue, late_w, true), under));
    }
    if show_last {
        header.push(Span::raw(" "));
        header.push(Span::styled(fit(t.col_last, last_w, false), under));
    }
    lines.push(Line::from(header));

    // Only the rows on screen are built: a group may hold many communes.
    // The status marks go straight into the buffer's cells: as spans they
    // went through grapheme segmentation one by one, most of the time of a
    // keystroke at 200x60.
    let buf = frame.buffer_mut();
    set_lines(buf, inner, &lines);
    let grid_x = inner.x + name_w as u16 + 1;
    let tail_x = grid_x + (items.len() * cw) as u16;
    let end = (offset + height).min(group.communes.len());
    for (y, (r, c)) in (inner.y + 1..).zip(group.communes.iter().enumerate().take(end).skip(offset)) {
        let data = sh.findings.rows.get(&c.id);
        let name_style = if r == row { selected() } else { Style::default() };
        buf.set_stringn(inner.x, y, fit(&clean(&c.name), name_w, false), name_w, name_style);
        for i in 0..items.len() {
            let status = data.and_then(|d| d.latest.get(i)?.as_ref()).map_or(Status::NotAssessed, |(s, _)| *s);
            let x = grid_x + (i * cw) as u16;
            // Direct writes must stay inside the frame (a panic otherwise).
            if x + cw as u16 > inner.right() {
                break;
            }
            if r == row && i == col {
                let on = Style::default().bg(status_color(status)).fg(Color::Black).add_modifier(Modifier::BOLD);
                buf.set_style(Rect::new(x, y, cw as u16 - 1 + u16::from(cw == 3), 1), on);
            } else {
                buf[(x + u16::from(cw == 3), y)].set_fg(status_color(status));
            }
            buf[(x + u16::from(cw == 3), y)].set_symbol(status.symbol());
            // A conflict on the item: a red mark before the status when
            // there is room, the status itself in red otherwise.
            if data.is_some_and(|d| d.conflicted.get(i) == Some(&true)) {
                if cw == 3 {
                    buf[(x, y)].set_symbol("⚠").set_fg(Color::Red);
                } else {
                    buf[(x, y)].set_fg(Color::Red).modifier.insert(Modifier::REVERSED);
                }
            }
        }
        let mut tail = Vec::new();
        if show_counts {
            let (open, late) = data.map_or((0, 0), |d| (d.open, d.overdue));
            tail.push(Span::raw(fit(&open.to_string(), open_w, true)));
            tail.push(Span::raw(" "));
            let late_style =
                if late > 0 { Style::default().fg(Color::Red).add_modifier(Modifier::BOLD) } else { dim() };
            let late_text = if late > 0 { format!("⚠{late}") } else { "0".to_owned() };
            tail.push(Span::styled(fit(&late_text, late_w, true), late_style));
        }
        if show_last {
            tail.push(Span::raw(" "));
            match data.and_then(|d| d.last_date.as_deref()) {
                Some(d) => tail.push(Span::raw(d.to_owned())),
                None => tail.push(Span::styled(truncate(t.no_visit, last_w).into_owned(), dim())),
            }
        }
        if tail_x < inner.right() {
            buf.set_line(tail_x, y, &Line::from(tail), inner.right() - tail_x);
        }
    }
    let bottom = inner.bottom().saturating_sub(2).max(inner.y);
    let foot_area = Rect::new(inner.x, bottom, inner.width, inner.bottom() - bottom);
    set_lines(buf, foot_area, &[cursor_line(app, sh.lang), legend(sh.lang)]);

    if let Some(area) = legend_area {
        item_legend(frame, area, col, sh.lang);
    }
    let foot = match &sh.status {
        Some(msg) => Line::styled(clean(msg).into_owned(), Style::default().fg(Color::Yellow)),
        None => Line::styled(t.dash_hint, dim()),
    };
    frame.render_widget(Paragraph::new(foot), footer);
    height
}

/// Lines written straight into the buffer: a Paragraph re-wraps and
/// re-measures every span, which the 1 ms keystroke budget cannot afford
/// at 200x60.
fn set_lines(buf: &mut Buffer, area: Rect, lines: &[Line]) {
    for (y, line) in (area.y..area.bottom()).zip(lines) {
        buf.set_line(area.x, y, line, area.width);
    }
}

/// What the cursor is on, in words: the legend of the numbered columns.
fn cursor_line(app: &App, lang: Lang) -> Line<'static> {
    let t = board(lang);
    let items = &crate::checklist::active().items;
    let (Some(g), Some(item)) = (app.shared.current_group(), items.get(app.board.col)) else { return Line::raw("") };
    let Some(c) = g.communes.get(app.board.row()) else { return Line::raw("") };
    let row = app.shared.findings.rows.get(&c.id);
    let found = row.and_then(|d| d.latest.get(app.board.col)?.clone());
    let conflicted = row.is_some_and(|d| d.conflicted.get(app.board.col) == Some(&true));
    // The status first: the item's label is what gets cut on narrow screens.
    let mut spans = vec![Span::styled(format!("{} {}: ", t.item, app.board.col + 1), bold())];
    match found {
        Some((s, date)) => {
            spans.push(Span::styled(format!("{} {}", s.symbol(), s.label(lang)), Style::default().fg(status_color(s))));
            spans.push(Span::raw(format!(" ({date})")));
        }
        None => spans.push(Span::styled(t.not_assessed_yet, dim())),
    }
    if conflicted {
        let mark = crate::i18n::walk(lang).conflict_mark;
        spans.push(Span::styled(format!(" {mark}"), Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)));
    }
    spans.push(Span::styled(format!(" · {}", clean(item.label.get(lang))), bold()));
    Line::from(spans)
}

/// The numbered items in full, on wide screens.
fn item_legend(frame: &mut Frame, area: Rect, col: usize, lang: Lang) {
    let t = board(lang);
    let block = Block::default().borders(Borders::ALL).title(t.items);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let lines: Vec<Line> = crate::checklist::active()
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let text = fit(&format!("{:>2} {}", i + 1, clean(item.label.get(lang))), w, false);
            Line::styled(text, if i == col { selected() } else { Style::default() })
        })
        .collect();
    set_lines(frame.buffer_mut(), inner, &lines);
}
