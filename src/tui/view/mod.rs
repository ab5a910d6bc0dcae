//! Drawing: reads the app state, never changes it, never does I/O.

pub mod board;
pub mod browser;
mod chrome;
mod lists;
mod overlay;
pub mod trends;
mod walk;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::app::{App, Overlay, Screen};
use crate::i18n::s;

pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Draws the whole screen. Takes `&mut App` only to record how many list
/// rows fit, which paging needs; nothing else is changed.
pub fn draw(frame: &mut Frame, app: &mut App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = Paragraph::new(Line::from(s(app.lang).too_small))
            .style(Style::default().add_modifier(Modifier::BOLD))
            .wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(msg, area);
        return;
    }
    let [title, body, footer] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
    chrome::title(frame, title, app);
    match &app.screen {
        Screen::Browse => {
            browser::draw(frame, body, app);
            chrome::footer(frame, footer, app);
        }
        Screen::Setup(setup) => walk::setup(frame, body, footer, setup, app.lang),
        Screen::Walk(w) => walk::draw(frame, body, footer, w, app),
        Screen::Dashboard => board::draw(frame, body, footer, app),
        Screen::Trends(t) => trends::draw(frame, body, footer, t, app),
        Screen::FollowUps(_) => lists::follow_ups(frame, body, footer, app),
        Screen::Plan(p) => lists::plan(frame, body, footer, p, app),
    }
    match app.overlay {
        Overlay::None => {}
        Overlay::Help => overlay::help(frame, body, app),
        Overlay::Me { selected } => overlay::pick_me(frame, body, app, selected),
        Overlay::Groups { selected } => overlay::pick_group(frame, body, app, selected),
        Overlay::Visits { selected } => overlay::visits(frame, body, app, selected),
        Overlay::Conflicts { selected } => overlay::conflicts(frame, body, app, selected),
    }
    if app.no_color {
        strip_colours(frame.buffer_mut());
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
