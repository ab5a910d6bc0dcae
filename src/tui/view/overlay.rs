//! Screens drawn over the browser: help and pick lists.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::findings::Visit;
use crate::i18n::s;
use crate::text::{clean, truncate, width};
use crate::tui::app::App;
use crate::tui::cursor::ListCursor;
use crate::tui::keys::{Context, help_rows};
use crate::tui::screens::Overlay;

/// Draws what is open over the screen; the rows its list holds, if any.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) -> Option<usize> {
    match &app.overlay {
        Overlay::None => None,
        Overlay::Help { scroll } => {
            help(frame, area, app, *scroll);
            None
        }
        Overlay::Me(cursor) => pick_me(frame, area, app, cursor),
        Overlay::Groups(cursor) => pick_group(frame, area, app, cursor),
        Overlay::Visits { visits: v, cursor } => visits(frame, area, app, v, cursor),
        Overlay::Conflicts(list) => super::conflicts::draw(frame, area, app, list),
        Overlay::Strangers(s) => Some(crate::tui::screens::strangers::draw(frame, area, &app.shared, s)),
        Overlay::Warnings(list) => Some(crate::tui::screens::warnings::draw(frame, area, &app.shared, list)),
    }
}

pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))]).flex(Flex::Center).areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))]).flex(Flex::Center).areas(v);
    r
}

fn context_name(ctx: Context, lang: crate::i18n::Lang) -> &'static str {
    let t = s(lang);
    let (vi, en) = match ctx {
        Context::Everywhere => return t.ctx_everywhere,
        Context::Browse => return t.ctx_browse,
        Context::Filter => return t.ctx_filter,
        Context::Pick => return t.ctx_pick,
        Context::Dashboard => return crate::i18n::board(lang).ctx_dashboard,
        Context::Trends => return crate::i18n::board(lang).ctx_trends,
        Context::FollowUps => return crate::i18n::board(lang).ctx_follow_ups,
        Context::Plan => return crate::i18n::board(lang).ctx_plan,
        Context::Conflicts => ("Ở màn xung đột", "On the conflicts screen"),
        Context::Strangers => ("Ở màn thiết bị lạ", "On the unknown devices screen"),
        Context::Warnings => ("Ở màn cảnh báo khi đồng bộ", "On the sync warnings screen"),
        Context::Setup => ("Lần làm việc mới", "New visit"),
        Context::Walk => ("Khi làm việc", "During a visit"),
        Context::WalkStatus => ("Ở ô tình trạng", "On the status"),
        Context::WalkField => ("Ở ô số liệu, lựa chọn", "On a number or choice"),
        Context::WalkNumber => ("Ở ô số", "On a number"),
        Context::WalkFlag => ("Ở ô có/không", "On a yes/no field"),
        Context::WalkRating => ("Ở ô xếp loại", "On the rating"),
        Context::Note => ("Khi viết ghi chú", "Writing a note"),
        Context::Form => ("Khi thêm kiến nghị", "Adding a follow-up"),
        Context::Prompt => ("Khi tìm mục", "Going to an item"),
        Context::Review => ("Khi rà soát", "Reviewing"),
        Context::History => ("Khi xem lịch sử các ô", "Reading the fields' histories"),
        Context::Help => ("Trong trợ giúp", "In this help"),
    };
    if lang == crate::i18n::Lang::Vi { vi } else { en }
}

fn help(frame: &mut Frame, area: Rect, app: &App, scroll: u16) {
    let lang = app.shared.lang;
    let t = s(lang);
    let rows = help_rows(&app.help_contexts(), lang);
    let key_w = rows.iter().map(|(_, k, _)| width(k)).max().unwrap_or(0);
    let mut lines = Vec::new();
    let mut last = None;
    for (ctx, keys, what) in rows {
        if last != Some(ctx) {
            let name = context_name(ctx, lang);
            lines.push(Line::styled(name, Style::default().add_modifier(Modifier::BOLD).fg(Color::Cyan)));
            last = Some(ctx);
        }
        let pad = " ".repeat(key_w - width(&keys));
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys}{pad}  "), Style::default().fg(Color::Yellow)),
            Span::raw(what),
        ]));
    }
    let popup = centered(area, 72, lines.len() as u16 + 2);
    // More rows than fit: j/k scroll, and the footer says there is more.
    let max_scroll = (lines.len() as u16).saturating_sub(popup.height.saturating_sub(2));
    let scroll = scroll.min(max_scroll);
    let more = if scroll < max_scroll { " ↓ j" } else { "" };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(t.help_title)
        .title_bottom(Line::styled(format!("{}{more}", t.help_close), Style::default().fg(Color::DarkGray)));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), popup);
}

/// A list in a box; returns the rows that fit.
fn pick_list(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    hint: &str,
    items: Vec<String>,
    cursor: &ListCursor,
    width: u16,
) -> Option<usize> {
    let selected = cursor.selected;
    let h = (items.len() as u16 + 3).min(area.height);
    let popup = centered(area, width, h);
    let inner_w = popup.width.saturating_sub(4) as usize;
    let visible = h.saturating_sub(3) as usize;
    let offset = cursor.window(items.len(), visible);
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
    // A page is what the area could show, not the few rows a short list takes.
    Some(area.height.saturating_sub(3) as usize)
}

fn pick_me(frame: &mut Frame, area: Rect, app: &App, cursor: &ListCursor) -> Option<usize> {
    let t = s(app.shared.lang);
    let g = app.shared.current_group()?;
    let items = g
        .members
        .iter()
        .map(|m| match &m.role {
            Some(r) => format!("{} — {}", clean(&m.name), clean(r)),
            None => clean(&m.name).into_owned(),
        })
        .collect();
    let title = format!("{} {}", t.who_title, clean(&g.name));
    pick_list(frame, area, &title, t.who_hint, items, cursor, 50)
}

fn pick_group(frame: &mut Frame, area: Rect, app: &App, cursor: &ListCursor) -> Option<usize> {
    let t = s(app.shared.lang);
    let items = app.shared.data.groups.iter().map(|g| format!("{} ({})", clean(&g.name), g.communes.len())).collect();
    pick_list(frame, area, t.groups_title, "", items, cursor, 50)
}

fn visits(frame: &mut Frame, area: Rect, app: &App, visits: &[Visit], cursor: &ListCursor) -> Option<usize> {
    let w = crate::i18n::walk(app.shared.lang);
    let mut items = vec![w.new_visit.to_owned()];
    for v in visits {
        let assessed = v.items.values().filter(|f| f.status != crate::findings::Status::NotAssessed).count();
        let members = app.shared.current_group().map(|g| g.member_names(&v.members)).unwrap_or_default();
        // Right after the date: what a cut keeps is whether it is finished,
        // the members' names (of any length) go last.
        let fin = if v.finalized { format!("{} · ", w.final_mark) } else { String::new() };
        // A visit made before a merger is labelled with the old commune.
        let old = match app.selected_commune() {
            Some(c) if c.id != v.commune => format!(" · {}", clean(c.name_for(&v.commune))),
            _ => String::new(),
        };
        items.push(format!("{} · {fin}{assessed} {} · {}{old}", v.date, w.assessed, clean(&members)));
    }
    let title = app
        .selected_commune()
        .map_or(w.visits_title.to_owned(), |c| format!("{} — {}", w.visits_title, clean(&c.name)));
    // Wider than the other lists: a row holds a date, a count and names.
    pick_list(frame, area, &title, "", items, cursor, 72)
}
