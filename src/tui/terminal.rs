//! The terminal's modes while the interface runs (raw input, the alternate
//! screen, bracketed paste) and getting the shell's back however it ends:
//! the loop returning, a panic, SIGTERM, SIGHUP or SIGINT; and leaving them
//! for a suspend (Ctrl-Z, SIGTSTP) until `fg`.

use std::io::stdout;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};

/// Held by the loop while it applies keys, saves drafts and draws; let go
/// while it waits for input. A signal is handled between frames, never in
/// the middle of one, and never before the keys already read are saved.
static BUSY: Mutex<()> = Mutex::new(());

/// Set when the screen was left (a suspend): the next frame is drawn whole.
static REDRAW: AtomicBool = AtomicBool::new(false);

pub type Term = ratatui::DefaultTerminal;

/// Enters the interface's modes and returns the terminal to draw on. A
/// panic leaves them first, then reports.
pub fn start() -> std::io::Result<Term> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        hook(info);
    }));
    enter()?;
    ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(stdout()))
}

fn enter() -> std::io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen)?;
    // Where it cannot be had (Windows' console), a paste comes as keys.
    let _ = execute!(stdout(), EnableBracketedPaste);
    Ok(())
}

/// The shell's modes back: line input with echo, the main screen, the
/// cursor shown, pastes as plain text. Safe to call more than once.
pub fn leave() {
    // Raw mode first: it has the most effect if the rest cannot be written.
    let _ = terminal::disable_raw_mode();
    let _ = execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show);
}

/// The loop is busy (see [`BUSY`]). A poisoned lock (a panic while held)
/// still works: what it guards is the terminal, not data.
pub fn busy() -> MutexGuard<'static, ()> {
    BUSY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether the screen must be drawn whole (after a suspend); clears it.
pub fn take_redraw() -> bool {
    REDRAW.swap(false, Ordering::SeqCst)
}

/// Ctrl-Z: the shell's modes back, the process stopped as SIGTSTP would;
/// after `fg`, the interface's modes again and a whole new frame.
#[cfg(unix)]
pub fn suspend(_lang: crate::i18n::Lang) -> Result<(), &'static str> {
    leave();
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
    let _ = enter();
    REDRAW.store(true, Ordering::SeqCst);
    Ok(())
}

/// Windows has no job control: nothing to come back to with `fg`.
#[cfg(not(unix))]
pub fn suspend(lang: crate::i18n::Lang) -> Result<(), &'static str> {
    Err(match lang {
        crate::i18n::Lang::Vi => "Windows không tạm dừng được chương trình (Ctrl-Z). Mọi thứ đã lưu; thoát bằng q.",
        crate::i18n::Lang::En => "Windows cannot suspend a program (Ctrl-Z). Everything is saved; quit with q.",
    })
}

#[cfg(unix)]
pub use signals::Watch;

#[cfg(unix)]
mod signals {
    use std::time::{Duration, Instant};

    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP, SIGWINCH};
    use signal_hook::iterator::{Handle, Signals};
    use signal_hook::low_level::{emulate_default_handler, raise};

    /// Signals handled while the interface runs, on a thread of their own
    /// (the loop may be waiting for a key); stops watching when dropped.
    pub struct Watch {
        handle: Handle,
        thread: Option<std::thread::JoinHandle<()>>,
    }

    impl Watch {
        pub fn start() -> std::io::Result<Watch> {
            let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP])?;
            let handle = signals.handle();
            let thread = std::thread::spawn(move || {
                for signal in signals.forever() {
                    on_signal(signal);
                }
            });
            Ok(Watch { handle, thread: Some(thread) })
        }
    }

    impl Drop for Watch {
        fn drop(&mut self) {
            self.handle.close();
            if let Some(t) = self.thread.take() {
                let _ = t.join();
            }
        }
    }

    /// Waits for the loop to finish the frame it is on; not forever (a
    /// stuck write must not keep the terminal raw).
    fn between_frames() -> Option<std::sync::MutexGuard<'static, ()>> {
        let deadline = Instant::now() + Duration::from_secs(3);
        loop {
            match super::BUSY.try_lock() {
                Ok(g) => return Some(g),
                Err(std::sync::TryLockError::Poisoned(e)) => return Some(e.into_inner()),
                Err(std::sync::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(_) => return None,
            }
        }
    }

    fn on_signal(signal: i32) {
        let busy = between_frames();
        super::leave();
        if signal == SIGTSTP {
            // Stopped here until SIGCONT (`fg`).
            let _ = emulate_default_handler(SIGTSTP);
            let _ = super::enter();
            super::REDRAW.store(true, std::sync::atomic::Ordering::SeqCst);
            drop(busy);
            // Wakes the loop from its wait for a key (crossterm reads
            // SIGWINCH as a resize), so the new frame comes at once.
            let _ = raise(SIGWINCH);
            return;
        }
        // Ends the process as the signal would have: every recorded value
        // and the note draft are already on disk (saved before each frame).
        let _ = emulate_default_handler(signal);
        std::process::exit(128 + signal);
    }
}
