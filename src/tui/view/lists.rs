//! The group's open follow-ups and the month's meeting plan.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::i18n::board;
use crate::report::summary;
use crate::text::{clean, truncate, width};
use crate::tui::app::App;
use crate::tui::screens::{FollowUpList, PlanView};

fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

fn fit(text: &str, w: usize) -> String {
    let t = truncate(text, w);
    let pad = " ".repeat(w.saturating_sub(width(&t)));
    format!("{t}{pad}")
}

/// The footer: the last message when there is one, else the keys' hint.
pub(super) fn footer_line(status: Option<&String>, hint: impl Into<String>) -> Line<'static> {
    match status {
        Some(msg) => Line::styled(clean(msg).into_owned(), Style::default().fg(Color::Yellow)),
        None => Line::styled(hint.into(), dim()),
    }
}

/// Draws the follow-up list; returns the rows that fit.
pub fn follow_ups(frame: &mut Frame, area: Rect, footer: Rect, list: &FollowUpList, app: &App) -> usize {
    let t = board(app.shared.lang);
    let block = Block::default().borders(Borders::ALL).title(format!("{} ({})", t.fu_title, list.rows.len()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The filter line and the header take two rows.
    let height = inner.height.saturating_sub(2) as usize;
    let offset = list.cursor.window(list.rows.len(), height);
    let Some(g) = app.shared.current_group() else { return height };
    let member = list.member.and_then(|i| g.members.get(i)).map_or(t.all.to_owned(), |m| clean(&m.name).into_owned());
    let commune =
        list.commune.and_then(|i| g.communes.get(i)).map_or(t.all.to_owned(), |c| clean(&c.name).into_owned());
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{}: ", t.member), bold()),
        Span::raw(format!("{member} · ")),
        Span::styled(format!("{}: ", t.commune), bold()),
        Span::raw(commune),
    ])];
    let total = inner.width as usize;
    let wide = total >= 70;
    let (due_w, commune_w, item_w, who_w) = (10, if wide { 14 } else { 10 }, 14, 14);
    let fixed = 2 + due_w + 1 + commune_w + 1 + if wide { item_w + 1 + who_w + 1 } else { 0 };
    let what_w = total.saturating_sub(fixed).max(4);
    let mut head = format!("  {} {} ", fit(t.col_due, due_w), fit(t.commune, commune_w));
    if wide {
        head.push_str(&format!("{} ", fit(t.col_item, item_w)));
    }
    head.push_str(&fit(t.col_what, what_w));
    if wide {
        head.push_str(&format!(" {}", fit(t.col_who, who_w)));
    }
    lines.push(Line::styled(head, Style::default().add_modifier(Modifier::UNDERLINED)));
    if list.rows.is_empty() {
        lines.push(Line::styled(format!("  {}", t.none_open), dim()));
    }
    let checklist = crate::checklist::active();
    for (i, f) in list.rows.iter().enumerate().skip(offset).take(height) {
        let late = summary::overdue(f, &app.shared.today);
        let cname = g.communes.iter().find(|c| c.id == f.commune).map_or(f.commune.as_str(), |c| c.name.as_str());
        let mut row = format!(
            "{} {} {} ",
            if late { "⚠" } else { " " },
            fit(f.due.as_deref().unwrap_or(t.no_due), due_w),
            fit(&clean(cname), commune_w)
        );
        if wide {
            let item = checklist.item(&f.item).map_or(f.item.as_str(), |it| it.label.get(app.shared.lang));
            row.push_str(&format!("{} ", fit(&clean(item), item_w)));
        }
        row.push_str(&fit(&clean(&f.what), what_w));
        if wide {
            row.push_str(&format!(" {}", fit(&clean(&f.who), who_w)));
        }
        let style = if i == list.cursor.selected {
            Style::default().bg(Color::Cyan).fg(Color::Black).add_modifier(Modifier::BOLD)
        } else if late {
            Style::default().fg(Color::Red)
        } else {
            Style::default()
        };
        lines.push(Line::styled(row, style));
    }
    let buf = frame.buffer_mut();
    for (y, line) in (inner.y..inner.bottom()).zip(&lines) {
        buf.set_line(inner.x, y, line, inner.width);
    }
    frame.render_widget(Paragraph::new(footer_line(app.shared.status.as_ref(), t.fu_hint)), footer);
    height
}

pub fn plan(frame: &mut Frame, area: Rect, footer: Rect, view: &PlanView, app: &App) {
    let t = board(app.shared.lang);
    let block = Block::default().borders(Borders::ALL).title(format!("{} — {} {}", t.plan_title, t.month, view.month));
    let (Some(g), Some(p)) = (app.shared.current_group(), app.shared.month_plan(&view.month)) else {
        frame.render_widget(block, area);
        return;
    };
    let name = |id: &str| g.member(id).map_or(id.to_owned(), |m| clean(&m.name).into_owned());
    let warn = Style::default().fg(Color::Red).add_modifier(Modifier::BOLD);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("⚠ {} {}", p.overlaps(), t.overlap), if p.overlaps() > 0 { warn } else { dim() }),
        Span::raw(" · "),
        Span::styled(format!("✗ {} {}", p.uncovered(), t.uncovered), if p.uncovered() > 0 { warn } else { dim() }),
        Span::raw(" · "),
        Span::styled(format!("▲ {} {}", p.overloaded(), t.overloaded), if p.overloaded() > 0 { warn } else { dim() }),
        Span::styled(format!(" ({} {} {})", t.limit, p.limit, t.cells), dim()),
    ])];
    let cell_w = (area.width as usize / 3).clamp(12, 30);
    let mut last_commune = "";
    for cp in &p.cells {
        let Some(c) = g.communes.iter().find(|c| c.id == cp.commune) else { continue };
        if cp.commune != last_commune {
            lines.push(Line::styled(clean(&c.name).into_owned(), bold().fg(Color::Cyan)));
            last_commune = &cp.commune;
        }
        let cell_name = c.cells.iter().find(|x| x.id == cp.cell).map_or(cp.cell.as_str(), |x| x.name.as_str());
        let (mark, flag, style) = if cp.uncovered() {
            ("✗", format!("({})", t.uncovered), warn)
        } else if cp.overlap() {
            ("⚠", format!(" ({})", t.overlap), warn)
        } else {
            (" ", String::new(), Style::default())
        };
        let people: Vec<String> = cp
            .people()
            .into_iter()
            .map(|m| if cp.attended.iter().any(|a| a == m) { format!("{} ✓", name(m)) } else { name(m) })
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!(" {mark} "), style),
            Span::raw(format!("{} ", fit(&clean(cell_name), cell_w))),
            Span::raw(people.join(", ")),
            Span::styled(flag, style),
        ]));
    }
    lines.push(Line::styled(format!("{} (✓ = {})", t.members, t.went), bold().fg(Color::Cyan)));
    for load in &p.members {
        let over = if load.over { format!("  ▲ {}", t.overloaded) } else { String::new() };
        lines.push(Line::from(vec![
            Span::raw(format!("   {} {} {}", fit(&name(&load.member), cell_w), load.cells, t.cells)),
            Span::styled(over, warn),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).block(block).scroll((view.scroll, 0)), area);
    frame.render_widget(Paragraph::new(footer_line(app.shared.status.as_ref(), t.plan_hint)), footer);
}
