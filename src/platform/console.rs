//! The console a command prints to, and what it can draw.

/// Symbols drawn in the interface: the Unicode ones, or plain ASCII for the
/// old Windows console host (conhost), whose fonts draw ▲ ↗ ✓ ✗ · and the
/// like at the wrong width or as boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Symbols {
    /// Plain symbols in the old Windows console, Unicode elsewhere.
    #[default]
    Auto,
    Unicode,
    Ascii,
}

/// Whether to draw plain symbols. `Auto` can only tell on Windows: Windows
/// Terminal sets `WT_SESSION` in the programs it runs, and terminals such
/// as VS Code's or WezTerm set `TERM_PROGRAM`; without either, the program
/// runs in conhost.
pub fn plain_symbols(choice: Symbols, windows: bool, has_env: impl Fn(&str) -> bool) -> bool {
    match choice {
        Symbols::Ascii => true,
        Symbols::Unicode => false,
        Symbols::Auto => windows && !has_env("WT_SESSION") && !has_env("TERM_PROGRAM"),
    }
}

/// Sets the console's output code page to UTF-8 while alive and puts the
/// old one back when dropped. Rust writes Unicode to a console window
/// directly, but a program reading our output through a pipe (`more`,
/// `findstr`, PowerShell) decodes it with the console's code page: with
/// the OEM default (437, 1258) Vietnamese comes out as mojibake.
pub struct Utf8Output {
    #[cfg(windows)]
    old: u32,
}

#[cfg(windows)]
mod ffi {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        pub fn GetConsoleOutputCP() -> u32;
        pub fn SetConsoleOutputCP(code_page: u32) -> i32;
    }
}

/// Windows' code page number for UTF-8.
#[cfg(any(windows, test))]
const CP_UTF8: u32 = 65001;

impl Utf8Output {
    pub fn set() -> Utf8Output {
        #[cfg(windows)]
        {
            // SAFETY: plain Win32 calls without pointers; with no console
            // attached they fail (0) and nothing changes.
            let old = unsafe { ffi::GetConsoleOutputCP() };
            if old != 0 && old != CP_UTF8 {
                unsafe { ffi::SetConsoleOutputCP(CP_UTF8) };
            }
            Utf8Output { old }
        }
        #[cfg(not(windows))]
        Utf8Output {}
    }

    /// The output code page now, where there is such a thing.
    #[cfg(test)]
    fn current() -> Option<u32> {
        #[cfg(windows)]
        {
            // SAFETY: as in `set`.
            let cp = unsafe { ffi::GetConsoleOutputCP() };
            (cp != 0).then_some(cp)
        }
        #[cfg(not(windows))]
        None
    }
}

impl Drop for Utf8Output {
    fn drop(&mut self) {
        #[cfg(windows)]
        if self.old != 0 && self.old != CP_UTF8 {
            // SAFETY: as in `set`.
            unsafe { ffi::SetConsoleOutputCP(self.old) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conhost_gets_plain_symbols_windows_terminal_does_not() {
        let none = |_: &str| false;
        let wt = |k: &str| k == "WT_SESSION";
        let vscode = |k: &str| k == "TERM_PROGRAM";
        assert!(plain_symbols(Symbols::Auto, true, none), "conhost");
        assert!(!plain_symbols(Symbols::Auto, true, wt), "Windows Terminal");
        assert!(!plain_symbols(Symbols::Auto, true, vscode), "VS Code");
        assert!(!plain_symbols(Symbols::Auto, false, none), "Linux terminals draw them");
        assert!(plain_symbols(Symbols::Ascii, false, none), "the flag wins");
        assert!(!plain_symbols(Symbols::Unicode, true, none), "the flag wins");
    }

    #[test]
    fn code_page_is_utf8_while_held() {
        let before = Utf8Output::current();
        {
            let _g = Utf8Output::set();
            // No console under `cargo test` on Linux (nor through a pipe):
            // nothing to check there; on Windows with a console, UTF-8.
            if let Some(cp) = Utf8Output::current() {
                assert_eq!(cp, CP_UTF8);
            }
        }
        assert_eq!(Utf8Output::current(), before);
    }
}
