//! Drawing: reads the app state, never changes it, never does I/O.

pub mod browser;
mod chrome;
mod overlay;
mod walk;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
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
    }
    match app.overlay {
        Overlay::None => {}
        Overlay::Help => overlay::help(frame, body, app),
        Overlay::Me { selected } => overlay::pick_me(frame, body, app, selected),
        Overlay::Groups { selected } => overlay::pick_group(frame, body, app, selected),
        Overlay::Visits { selected } => overlay::visits(frame, body, app, selected),
        Overlay::Conflicts { selected } => overlay::conflicts(frame, body, app, selected),
    }
}
