//! Drawing: reads the app state, never changes it, never does I/O, never
//! folds the store. What the next key needs to know of the layout (rows in
//! a page) is returned as [`Metrics`].

mod board;
mod browser;
mod chrome;
mod conflicts;
mod lists;
mod overlay;
mod trends;
mod walk;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::app::{App, Screen};
use super::cursor::Metrics;
use crate::i18n::s;

pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Draws the whole screen; returns how many rows the lists shown hold.
pub fn draw(frame: &mut Frame, app: &App) -> Metrics {
    let mut metrics = app.metrics;
    let area = frame.area();
    metrics.too_small = area.width < MIN_WIDTH || area.height < MIN_HEIGHT;
    if metrics.too_small {
        let msg = Paragraph::new(Line::from(s(app.shared.lang).too_small))
            .style(Style::default().add_modifier(Modifier::BOLD))
            .wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(msg, area);
        return metrics;
    }
    let [title, body, footer] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
    chrome::title(frame, title, app);
    match &app.screen {
        Screen::Browse => {
            metrics.browser_rows = browser::draw(frame, body, app);
            chrome::footer(frame, footer, app);
        }
        Screen::Setup(setup) => walk::setup(frame, body, footer, setup, app),
        Screen::Walk(w) => walk::draw(frame, body, footer, w, app),
        Screen::Dashboard => metrics.board_rows = board::draw(frame, body, footer, app),
        Screen::Trends(t) => trends::draw(frame, body, footer, t, app),
        Screen::FollowUps(list) => metrics.follow_up_rows = lists::follow_ups(frame, body, footer, list, app),
        Screen::Plan(p) => lists::plan(frame, body, footer, p, app),
    }
    if let Some(rows) = overlay::draw(frame, body, app) {
        metrics.pick_rows = rows;
    }
    if let super::Overlay::Conflicts(_) = app.overlay {
        // The screen covers the body: its keys, not the screen's beneath.
        frame.render_widget(ratatui::widgets::Clear, footer);
        conflicts::footer(frame, footer, app);
    }
    if app.shared.no_color {
        strip_colours(frame.buffer_mut());
    }
    scrub(frame.buffer_mut());
    metrics
}

/// The last word on what reaches the terminal, whatever a screen or a
/// widget drew: no cell keeps a control, bidi or zero-width character
/// (ratatui adds a zero-width one to the cell before it, where a
/// per-string check cannot see it). A cell that held nothing else shows
/// U+FFFD, as [`crate::text::clean`] does.
pub fn scrub(buf: &mut Buffer) {
    for cell in &mut buf.content {
        let symbol = cell.symbol();
        if symbol.chars().any(crate::text::unsafe_char) {
            let kept: String = symbol.chars().filter(|c| !crate::text::unsafe_char(*c)).collect();
            cell.set_symbol(if kept.is_empty() { "\u{FFFD}" } else { &kept });
        }
    }
}

/// `NO_COLOR`: every colour goes, in one place rather than in each screen.
/// What was marked by a background (the cursor, the title bar) is shown
/// reversed instead, so it still stands out; statuses keep their symbols.
pub fn strip_colours(buf: &mut Buffer) {
    for cell in &mut buf.content {
        if cell.bg != Color::Reset {
            cell.modifier.insert(Modifier::REVERSED);
        }
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
    }
}
