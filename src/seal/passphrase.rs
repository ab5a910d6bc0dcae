//! Where a passphrase comes from: `--passphrase-file FILE`, the
//! `SOTAY_PASSPHRASE` variable (scripts, tests), or typed at the terminal
//! without echo.

use super::{Ask, MIN_PASSPHRASE, SealError};
use crate::i18n::Lang;
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use std::io::{IsTerminal, Read, Write};
use std::path::Path;

pub const ENV: &str = "SOTAY_PASSPHRASE";
/// A passphrase file longer than this is not one.
const MAX_FILE: u64 = 4096;

/// The first line of `path`, without its line end.
pub fn from_file(path: &Path) -> Result<String, SealError> {
    let bad = |reason: &str| SealError::PassphraseFile { path: path.to_owned(), reason: reason.to_owned() };
    let (f, len) = crate::store::open_regular(path).map_err(|e| bad(&e.to_string()))?;
    if len > MAX_FILE {
        return Err(bad("over 4096 bytes"));
    }
    let mut text = String::new();
    f.take(MAX_FILE).read_to_string(&mut text).map_err(|_| bad("not UTF-8 text"))?;
    let line = text.lines().next().unwrap_or_default().trim_start_matches('\u{feff}');
    if line.is_empty() {
        return Err(bad("its first line is empty"));
    }
    Ok(line.to_owned())
}

/// The passphrase from the given file, the environment, or the terminal
/// (when standard input is one), in that order.
/// `dir` is the folder it is for (named when there is no way to ask).
pub fn obtain(dir: &Path, file: Option<&Path>, ask: Ask, lang: Lang) -> Result<String, SealError> {
    let pass = match file {
        Some(p) => from_file(p)?,
        None => match std::env::var(ENV) {
            Ok(p) if !p.is_empty() => p,
            _ if std::io::stdin().is_terminal() => return prompt_twice(ask, lang),
            _ => return Err(SealError::NeedPassphrase { dir: dir.to_owned() }),
        },
    };
    check_new(ask, pass)
}

fn check_new(ask: Ask, pass: String) -> Result<String, SealError> {
    if ask == Ask::New && pass.chars().count() < MIN_PASSPHRASE {
        return Err(SealError::ShortPassphrase);
    }
    Ok(pass)
}

fn prompt_twice(ask: Ask, lang: Lang) -> Result<String, SealError> {
    let vi = lang == Lang::Vi;
    let first = match (ask, vi) {
        (Ask::New, true) => "Mật khẩu mới để niêm phong thư mục (không hiện khi gõ): ",
        (Ask::New, false) => "New passphrase to seal the folder (not shown as typed): ",
        (Ask::Existing, true) => "Mật khẩu của thư mục đã niêm phong (không hiện khi gõ): ",
        (Ask::Existing, false) => "Passphrase of the sealed folder (not shown as typed): ",
    };
    let pass = check_new(ask, prompt(first)?)?;
    if ask == Ask::New {
        let again = if vi { "Gõ lại mật khẩu: " } else { "Type it again: " };
        if prompt(again)? != pass {
            return Err(SealError::Mismatch);
        }
    }
    Ok(pass)
}

/// Read one line from the terminal with echo off (raw mode, so nothing
/// typed is shown), on stderr's side so stdout stays the report.
fn prompt(text: &str) -> Result<String, SealError> {
    let mut err = std::io::stderr();
    let _ = write!(err, "{text}");
    let _ = err.flush();
    crossterm::terminal::enable_raw_mode().map_err(|_| SealError::Cancelled)?;
    let read = read_line();
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = writeln!(err);
    read
}

fn read_line() -> Result<String, SealError> {
    let mut line = String::new();
    loop {
        let Ok(ev) = event::read() else { return Err(SealError::Cancelled) };
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Enter => return Ok(line),
                KeyCode::Esc => return Err(SealError::Cancelled),
                KeyCode::Char('c' | 'd') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Err(SealError::Cancelled);
                }
                KeyCode::Backspace => {
                    line.pop();
                }
                KeyCode::Char(c) => line.push(c),
                _ => {}
            },
            Event::Paste(p) => line.push_str(p.trim_end_matches(['\r', '\n'])),
            _ => {}
        }
    }
}
