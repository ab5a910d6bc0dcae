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
mod paste;
pub mod screens;
mod shared;
mod terminal;
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

/// Leaves the terminal's modes however the loop ends (a panic has its
/// hook, a signal its thread: see `terminal`).
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        terminal::leave();
    }
}

/// How often a running interface exchanges files with its sync folder.
const SYNC_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Runs the interface until the user quits. `apply` carries out the
/// effects (remembering settings); an error it returns is shown on screen.
pub fn run(app: &mut App, mut apply: impl FnMut(&Effect) -> Result<(), String>) -> std::io::Result<()> {
    let mut term = terminal::start()?;
    let _restore = Restore;
    #[cfg(unix)]
    let _signals = terminal::Watch::start()?;
    let mut busy = terminal::busy();
    app.sync_now();
    loop {
        if terminal::take_redraw() {
            // Back from a suspend on a blank screen: a blank frame makes
            // ratatui forget what it drew before, so the next one is drawn
            // whole. (`Terminal::clear` would ask the terminal where its
            // cursor is and wait for the answer.)
            term.draw(|_| {})?;
        }
        term.draw(|f| {
            render(f, app);
            glyphs::apply(f.buffer_mut());
        })?;
        if app.quit {
            // What was recorded reaches the sync folder before we go.
            app.sync_now();
            return Ok(());
        }
        // Waits for input; with a sync folder, wakes every few seconds to
        // exchange files. No busy loop: idle CPU stays at zero. A signal
        // is handled while waiting (see `terminal::busy`).
        drop(busy);
        let ready = app.shared.sync_dir.is_none() || event::poll(SYNC_EVERY)?;
        let first = if ready { Some(event::read()?) } else { None };
        busy = terminal::busy();
        let Some(first) = first else {
            app.sync_now();
            continue;
        };
        // A fast typist or a paste sent as keys leaves several events
        // waiting: take them all before drawing again, so input never
        // queues behind frames.
        let mut events = vec![first];
        while event::poll(std::time::Duration::ZERO)? {
            events.push(event::read()?);
        }
        for effect in feed_all(app, events) {
            if let Err(msg) = apply(&effect) {
                app.shared.status = Some(msg);
            }
        }
        if let Screen::Walk(walk) = &mut app.screen {
            walk.save_draft();
            walk.save_place();
        }
        if std::mem::take(&mut app.suspend)
            && let Err(msg) = terminal::suspend(app.shared.lang)
        {
            app.shared.status = Some(msg.to_owned());
        }
    }
}

/// Events read together, applied in order. A run of characters typed into
/// a text field is applied as one edit (`App::type_str`): a paste that a
/// terminal sends as keys is ranked once, not once per character. Stops at
/// a quit: what follows it is not acted on.
pub fn feed_all(app: &mut App, events: Vec<Event>) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut typed = String::new();
    for event in events {
        if app.quit {
            break;
        }
        // `Type` never changes where keys go, so the run can wait.
        if let Event::Key(ev) = event
            && let Some(Action::Type(c)) = crate::platform::keys::pressed(ev).and_then(|ev| action_for(app, &ev))
        {
            typed.push(c);
            continue;
        }
        if !typed.is_empty() {
            app.type_str(&std::mem::take(&mut typed));
        }
        effects.extend(feed(app, event));
    }
    if !typed.is_empty() {
        app.type_str(&typed);
    }
    effects
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
        Event::Paste(text) => {
            app.paste(&text);
            Vec::new()
        }
        _ => Vec::new(),
    }
}
