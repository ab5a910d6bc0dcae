//! Shared test helpers: running the built binary in a real pseudo-terminal
//! and reading its screen through a terminal emulator (vt100); `drive`
//! runs the interface in memory.

#![allow(dead_code)]

pub mod drive;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// The complete example assignments file (a copy of shared/examples).
pub const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/binh-son.json");

/// The example assignments file's text.
pub fn example_text() -> String {
    std::fs::read_to_string(EXAMPLE).unwrap()
}

/// Writes `bytes` as `dir/name`; the path as text, for a command line.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

/// Runs `sotay --home HOME ARGS…` to the end, without a terminal.
pub fn sotay(home: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sotay"))
        .arg("--home")
        .arg(home)
        .args(args)
        .env_remove("SOTAY_HOME")
        .output()
        .expect("run sotay")
}

/// What a run printed to stderr, as text.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `sotay --home HOME sync DIR --remember`: the running interface of that
/// home then exchanges files with DIR. Fails the test if the command does.
pub fn remember_sync_folder(home: &Path, dir: &Path) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sotay"))
        .arg("--home")
        .arg(home)
        .args(["sync", "--remember"])
        .arg(dir)
        .output()
        .expect("run sotay sync");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Copies a folder tree, leaving out `lock` files (a lock belongs to the
/// process holding it, not to the data).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &t);
        } else if e.file_name() != "lock" {
            std::fs::copy(e.path(), t).unwrap();
        }
    }
}

/// The fastest of three runs (the machine is shared; the minimum is the
/// least disturbed).
pub fn best_of_three(mut f: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// Complexity, not speed: eight times the input must cost well under
/// sixty-four times the work (what quadratic growth gives); linear gives
/// eight.
pub fn assert_linear(what: &str, small: Duration, large: Duration) {
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-4);
    assert!(ratio < 24.0, "{what}: 8x the input took {ratio:.1}x the time ({small:?} -> {large:?})");
}

pub struct Tui {
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote to the terminal, as written.
    pub raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
}

impl Tui {
    pub fn start(home: &Path, args: &[&str], cols: u16, rows: u16) -> Tui {
        let pty = native_pty_system();
        let pair = pty.openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sotay"));
        cmd.arg("--home");
        cmd.arg(home);
        for a in args {
            cmd.arg(a);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("SOTAY_HOME");
        let child = pair.slave.spawn_command(cmd).expect("start sotay");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let p = parser.clone();
        let raw = Arc::new(Mutex::new(Vec::new()));
        let r = raw.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                r.lock().unwrap().extend_from_slice(&buf[..n]);
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Tui { parser, raw, writer, child, master: pair.master }
    }

    /// The bytes written to the terminal from `from` on.
    pub fn raw_since(&self, from: usize) -> Vec<u8> {
        self.raw.lock().unwrap().get(from..).unwrap_or_default().to_vec()
    }

    pub fn raw_len(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    /// Sends a paste as a terminal with bracketed paste on does.
    pub fn paste(&mut self, text: &str) {
        let mut bytes = b"\x1b[200~".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        bytes.extend_from_slice(b"\x1b[201~");
        self.send(&bytes);
    }

    /// The terminal's line discipline as the program left it, read from
    /// the master side: (canonical input, echo) both on when not raw.
    #[cfg(unix)]
    pub fn cooked(&self) -> bool {
        let fd = self.master.as_raw_fd().expect("the pty's master fd");
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0, "tcgetattr on the pty");
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    /// Resizes the terminal as a window would (the program gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("resize the pty");
        self.parser.lock().unwrap().screen_mut().set_size(rows, cols);
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn type_text(&mut self, text: &str) {
        self.send(text.as_bytes());
    }

    /// Sends `keys`, then waits (bounded) until the screen holds `then`.
    pub fn key(&mut self, keys: &[u8], then: &str) {
        self.send(keys);
        self.wait_for(then);
    }

    /// Answers "who are you?" with `keys` (Enter: the first member) and
    /// waits for the title bar to name `name`.
    pub fn i_am(&mut self, keys: &[u8], name: &str) {
        self.wait_for("Bạn là ai?");
        self.key(keys, &format!("Tôi: {name}"));
    }

    /// From the commune list: starts a visit to the highlighted commune
    /// with the start form's defaults.
    pub fn start_visit(&mut self) {
        self.key(b"n", "Lần làm việc mới");
        self.key(b"\r", "0/11 đã đánh giá");
    }

    /// On a fresh demo home: answers "who are you" with the first member
    /// and starts a visit to the first commune with the defaults.
    pub fn start_demo_visit(&mut self) {
        self.i_am(b"\r", "Nguyễn Văn An");
        self.start_visit();
    }

    /// From the commune list: opens the highlighted commune's visits and
    /// the first of them.
    pub fn open_first_visit(&mut self) {
        self.key(b"\r", "Các lần làm việc");
        self.key(b"\r", "/11 đã đánh giá");
    }

    /// From a visit: back to the commune list, then quits; the exit must
    /// be clean.
    pub fn quit_from_visit(&mut self) {
        self.key(b"q", "Đã rời lần làm việc");
        self.wait_for("Các xã được phân công");
        self.send(b"q");
        assert_eq!(self.wait_exit(), 0);
    }

    /// Waits (bounded) until the screen holds `text`; fails with the screen.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(text, |s| s.contains(text));
    }

    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let s = self.screen();
            if ok(&s) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what:?}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGKILL: the process gets no chance to clean up; returns once it
    /// has ended.
    pub fn kill9(&mut self) {
        let pid = self.child.process_id().expect("pid");
        let ok = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status().unwrap();
        assert!(ok.success(), "kill -9 {pid}");
        self.wait_exit();
    }

    /// Waits (bounded) for the process to end and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("sotay did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
