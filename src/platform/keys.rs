//! Key events as Windows delivers them, made into the presses the
//! interface acts on.
//!
//! The Windows console reports every key twice, pressed and released;
//! Unikey types a composed letter as a backspace and the letter, each
//! pressed and released, with the letter carried by a `VK_PACKET` key
//! (a plain character to crossterm). AltGr, on the layouts that have it,
//! arrives as Ctrl+Alt held with the character it produced: that is typing,
//! not a Ctrl shortcut, or the character would be dropped.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The key event to act on, or `None` for one that only reports a release.
pub fn pressed(mut ev: KeyEvent) -> Option<KeyEvent> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
    if let KeyCode::Char(c) = ev.code
        && ev.modifiers.contains(altgr)
        && !c.is_ascii_alphanumeric()
        && !c.is_control()
    {
        ev.modifiers.remove(altgr);
    }
    Some(ev)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers, kind: KeyEventKind) -> KeyEvent {
        KeyEvent::new_with_kind(code, modifiers, kind)
    }

    #[test]
    fn releases_are_dropped() {
        let up = key(KeyCode::Char('a'), KeyModifiers::NONE, KeyEventKind::Release);
        assert_eq!(pressed(up), None);
        let bs = key(KeyCode::Backspace, KeyModifiers::NONE, KeyEventKind::Release);
        assert_eq!(pressed(bs), None);
        let down = key(KeyCode::Char('a'), KeyModifiers::NONE, KeyEventKind::Press);
        assert_eq!(pressed(down), Some(down));
    }

    #[test]
    fn altgr_characters_are_typed() {
        let ctrl_alt = KeyModifiers::CONTROL | KeyModifiers::ALT;
        for c in ['@', '€', 'ą', '{'] {
            let ev = pressed(key(KeyCode::Char(c), ctrl_alt, KeyEventKind::Press)).unwrap();
            assert_eq!((ev.code, ev.modifiers), (KeyCode::Char(c), KeyModifiers::NONE), "{c}");
        }
        // AltGr with Shift keeps the Shift.
        let ev = pressed(key(KeyCode::Char('Ą'), ctrl_alt | KeyModifiers::SHIFT, KeyEventKind::Press)).unwrap();
        assert_eq!(ev.modifiers, KeyModifiers::SHIFT);
        // Ctrl+Alt with a plain letter stays a chord (nothing is typed).
        let chord = key(KeyCode::Char('c'), ctrl_alt, KeyEventKind::Press);
        assert_eq!(pressed(chord), Some(chord));
        // Ctrl alone is untouched: Ctrl-C still quits.
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL, KeyEventKind::Press);
        assert_eq!(pressed(ctrl_c), Some(ctrl_c));
    }
}
