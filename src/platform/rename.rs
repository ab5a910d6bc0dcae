//! Replacing a file by renaming over it, when another program may hold the
//! target open.
//!
//! On Windows a rename over a file fails while any other program has it
//! open without `FILE_SHARE_DELETE`: Syncthing while it hashes or sends a
//! file, an antivirus scanner right after every write, Excel. Those holds
//! last milliseconds to a second or two, so the rename is retried with a
//! growing pause. The temporary file keeps the new content meanwhile; if
//! the target stays held, the caller gets [`HeldOpen`] to say so, and
//! nothing the user recorded is lost (ops live in the local append-only
//! files, which are not renamed).

use std::io;
use std::path::Path;
use std::time::Duration;

use crate::lang::Lang;

/// Pauses between attempts: about 2.5 s in all, doubling from 10 ms.
pub const BACKOFF: [Duration; 8] = [
    Duration::from_millis(10),
    Duration::from_millis(20),
    Duration::from_millis(40),
    Duration::from_millis(80),
    Duration::from_millis(160),
    Duration::from_millis(320),
    Duration::from_millis(640),
    Duration::from_millis(1280),
];

/// The target stayed held open by another program through every retry.
#[derive(Debug)]
pub struct HeldOpen {
    pub attempts: usize,
    pub waited: Duration,
    pub last: io::Error,
}

impl std::fmt::Display for HeldOpen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for HeldOpen {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.last)
    }
}

impl HeldOpen {
    pub fn message(&self, lang: Lang) -> String {
        let secs = format!("{:.1}", self.waited.as_secs_f32());
        match lang {
            Lang::Vi => format!(
                "tệp đang bị một chương trình khác giữ (Syncthing, phần mềm diệt virus?); đã thử {} lần trong {} giây, hãy thử lại sau",
                self.attempts,
                secs.replace('.', ",")
            ),
            Lang::En => format!(
                "the file is held open by another program (Syncthing, an antivirus scanner?); tried {} times over {secs:.1} s, try again later",
                self.attempts
            ),
        }
    }
}

/// The error text for a user, in their language when it is one of ours.
pub fn describe(e: &io::Error, lang: Lang) -> String {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<HeldOpen>()) {
        Some(held) => held.message(lang),
        None => e.to_string(),
    }
}

/// Is this the error of a rename blocked by another program's open handle?
/// Windows: access denied (5), sharing violation (32), lock violation (33).
pub fn is_held_open(e: &io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

/// `std::fs::rename`, retried while the target is held open.
pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    retry(|| std::fs::rename(from, to), is_held_open, std::thread::sleep)
}

/// Runs `op` until it succeeds, fails for a reason `transient` does not
/// accept, or [`BACKOFF`] is used up (then the error is a [`HeldOpen`]).
pub fn retry(
    mut op: impl FnMut() -> io::Result<()>,
    transient: impl Fn(&io::Error) -> bool,
    mut sleep: impl FnMut(Duration),
) -> io::Result<()> {
    let mut waited = Duration::ZERO;
    let mut attempts = 0;
    let mut pauses = BACKOFF.iter();
    loop {
        attempts += 1;
        let e = match op() {
            Ok(()) => return Ok(()),
            Err(e) if transient(&e) => e,
            Err(e) => return Err(e),
        };
        match pauses.next() {
            Some(&pause) => {
                sleep(pause);
                waited += pause;
            }
            None => {
                let kind = e.kind();
                return Err(io::Error::new(kind, HeldOpen { attempts, waited, last: e }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sharing_violation() -> io::Error {
        io::Error::from_raw_os_error(32)
    }

    #[test]
    fn a_short_hold_is_waited_out() {
        let mut left = 3;
        let mut slept = Vec::new();
        let res = retry(
            || {
                if left == 0 {
                    return Ok(());
                }
                left -= 1;
                Err(sharing_violation())
            },
            |e| e.raw_os_error() == Some(32),
            |d| slept.push(d),
        );
        assert!(res.is_ok());
        assert_eq!(slept, BACKOFF[..3], "pauses grow from the shortest");
    }

    #[test]
    fn a_long_hold_is_reported_in_words() {
        let mut tries = 0;
        let e = retry(
            || {
                tries += 1;
                Err(sharing_violation())
            },
            |_| true,
            |_| {},
        )
        .unwrap_err();
        assert_eq!(tries, BACKOFF.len() + 1);
        let vi = describe(&e, Lang::Vi);
        assert!(vi.starts_with("tệp đang bị một chương trình khác giữ"), "{vi}");
        assert!(vi.contains(&format!("đã thử {tries} lần trong 2,5 giây")), "{vi}");
        assert!(describe(&e, Lang::En).contains("held open by another program"));
    }

    #[test]
    fn other_errors_are_not_retried() {
        let mut tries = 0;
        let e = retry(
            || {
                tries += 1;
                Err(io::Error::from(io::ErrorKind::NotFound))
            },
            |e| e.raw_os_error() == Some(32),
            |_| panic!("no pause for an error that will not pass"),
        )
        .unwrap_err();
        assert_eq!(tries, 1);
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        assert!(!describe(&e, Lang::Vi).contains("chương trình khác"));
    }

    #[test]
    fn renames_over_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "new").unwrap();
        std::fs::write(&b, "old").unwrap();
        rename(&a, &b).unwrap();
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new");
        assert!(!a.exists());
    }

    /// Windows semantics, run where the tests run on Windows (or under
    /// Wine): a reader that does not share deletion blocks the rename
    /// until it lets go.
    #[cfg(windows)]
    #[test]
    fn waits_for_a_reader_that_blocks_replacing() {
        use std::os::windows::fs::OpenOptionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "new").unwrap();
        std::fs::write(&b, "old").unwrap();
        // FILE_SHARE_READ | FILE_SHARE_WRITE, no FILE_SHARE_DELETE: as Syncthing opens.
        let held = std::fs::OpenOptions::new().read(true).share_mode(1 | 2).open(&b).unwrap();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(150));
            drop(held);
        });
        rename(&a, &b).unwrap();
        t.join().unwrap();
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new");
    }
}
