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

pub struct Tui {
    pub parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
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
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Tui { parser, writer, child, _master: pair.master }
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

    /// On a fresh demo home: answers "who are you" with the first member
    /// and starts a visit to the first commune with the defaults.
    pub fn start_demo_visit(&mut self) {
        self.wait_for("Bạn là ai?");
        self.send(b"\r");
        self.wait_for("Tôi: Nguyễn Văn An");
        self.send(b"n");
        self.wait_for("Lần làm việc mới");
        self.send(b"\r");
        self.wait_for("0/11 đã đánh giá");
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
