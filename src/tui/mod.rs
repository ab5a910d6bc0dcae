//! The terminal interface: a key becomes an [`Action`] (`keys`), the
//! [`App`] hands it to the screen shown (`screens/`, `walk/`), and
//! `view::draw` shows the result from `&App`.

pub mod action;
mod app;
mod cursor;
mod folded;
pub mod glyphs;
mod input;
pub mod keydoc;
pub mod keys;
mod minutes;
mod screens;
mod shared;
mod view;
pub mod walk;

use ratatui::crossterm::event::{self, Event, KeyEvent};

pub use action::Action;
pub use app::{App, Effect, Screen};
pub use screens::Overlay;

/// Turns a key press into an action for the app's current context.
pub fn action_for(app: &App, ev: &KeyEvent) -> Option<Action> {
    if app.metrics.too_small {
        // Only what works everywhere (Ctrl-C): nothing acts unseen.
        return keys::dispatch(&[], ev);
    }
    if let Overlay::Help { .. } = app.overlay {
        // Any key but scrolling closes the help; Ctrl-C still quits.
        return Some(keys::dispatch(&[keys::Context::Help], ev).unwrap_or(Action::Dismiss));
    }
    keys::dispatch(&app.contexts(), ev)
}

/// Draws a frame from `&App` and keeps the layout facts the next key
/// needs (rows in a page).
pub fn render(frame: &mut ratatui::Frame, app: &mut App) {
    app.metrics = view::draw(frame, app);
}

/// Restores the terminal however the loop ends (ratatui's panic hook
/// covers panics).
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// How often a running interface exchanges files with its sync folder.
const SYNC_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Runs the interface until the user quits. `apply` carries out the
/// effects (remembering settings); an error it returns is shown on screen.
pub fn run(app: &mut App, mut apply: impl FnMut(&Effect) -> Result<(), String>) -> std::io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    app.sync_now();
    loop {
        terminal.draw(|f| {
            render(f, app);
            glyphs::apply(f.buffer_mut());
        })?;
        if app.quit {
            // What was recorded reaches the sync folder before we go.
            app.sync_now();
            return Ok(());
        }
        // Waits for input; with a sync folder, wakes every few seconds to
        // exchange files. No busy loop: idle CPU stays at zero.
        if app.shared.sync_dir.is_some() && !event::poll(SYNC_EVERY)? {
            app.sync_now();
            continue;
        }
        handle(app, event::read()?, &mut apply);
        // A paste or a fast typist leaves several keys waiting: take them
        // all before drawing again, so input never queues behind frames.
        while !app.quit && event::poll(std::time::Duration::ZERO)? {
            handle(app, event::read()?, &mut apply);
        }
        if let Screen::Walk(walk) = &mut app.screen {
            walk.save_draft();
        }
    }
}

fn handle(app: &mut App, event: Event, apply: &mut impl FnMut(&Effect) -> Result<(), String>) {
    for effect in feed(app, event) {
        if let Err(msg) = apply(&effect) {
            app.shared.status = Some(msg);
        }
    }
}

/// An input event as the terminal delivers it, applied to the app; returns
/// the effects to carry out. Windows' key releases and AltGr are sorted out
/// first (`platform::keys`).
pub fn feed(app: &mut App, event: Event) -> Vec<Effect> {
    match event {
        Event::Key(ev) => match crate::platform::keys::pressed(ev).and_then(|ev| action_for(app, &ev)) {
            Some(action) => app.update(action),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}
