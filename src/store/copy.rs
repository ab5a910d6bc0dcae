//! Local copies of what a sync folder brought: each local file opened once
//! per folder file and fsynced once, when its copy is complete, on a second
//! thread while the next folder file is read and decoded. The caller waits
//! for every fsync ([`Copies::finish`]) before it moves any mark or reports
//! anything as taken in, so a power cut still loses nothing that was
//! reported; only the waiting overlaps with the work.

use super::files;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;

/// A failed write or fsync, and the file it was for.
pub(super) type Failure = (PathBuf, io::Error);

/// One local file being appended to.
pub(super) struct Local {
    pub fi: u32,
    path: PathBuf,
    file: File,
    /// The file's length so far: where the next bytes go, and where a
    /// failed write is cut back to.
    len: u64,
}

impl Local {
    /// Append `bytes`; on failure cut back so no half line stays behind.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        if let Err(e) = self.file.write_all(bytes) {
            let _ = self.file.set_len(self.len);
            return Err((self.path.clone(), e));
        }
        self.len += bytes.len() as u64;
        Ok(())
    }
}

/// The local files written during one import and the thread syncing them.
pub(super) struct Copies {
    dir: PathBuf,
    tx: Option<mpsc::Sender<(PathBuf, File)>>,
    worker: Option<JoinHandle<Option<Failure>>>,
    started: bool,
    /// The first failure of a sync done here, when no thread could be had.
    failed: Option<Failure>,
    /// A file was created: the directory entry must be made durable too.
    created: bool,
}

impl Copies {
    /// For local files in `dir`. The thread is started by the first copy:
    /// a sync with nothing new (the running interface, every few seconds)
    /// starts none.
    pub fn new(dir: &Path) -> Copies {
        Copies { dir: dir.to_owned(), tx: None, worker: None, started: false, failed: None, created: false }
    }

    /// The channel to the syncing thread, started on first use; `None`
    /// when no thread could be had.
    fn sender(&mut self) -> Option<&mpsc::Sender<(PathBuf, File)>> {
        if !self.started {
            self.started = true;
            let (tx, rx) = mpsc::channel::<(PathBuf, File)>();
            self.worker = std::thread::Builder::new()
                .name("sotay-fsync".into())
                .spawn(move || {
                    let mut first = None;
                    for (path, file) in rx {
                        if let Err(e) = file.sync_data()
                            && first.is_none()
                        {
                            first = Some((path, e));
                        }
                    }
                    first
                })
                .ok();
            self.tx = self.worker.as_ref().map(|_| tx);
        }
        self.tx.as_ref()
    }

    /// Open local file `fi` (`name`, now `len` bytes long) to append.
    pub fn open(&mut self, fi: u32, name: &str, len: u64) -> Result<Local, Failure> {
        let path = self.dir.join(name);
        match files::open_append(&path, len) {
            Ok((file, created)) => {
                self.created |= created;
                Ok(Local { fi, path, file, len })
            }
            Err(e) => Err((path, e)),
        }
    }

    /// The copy into `local` is complete: make it durable.
    pub fn done(&mut self, local: Local) {
        let Local { path, file, .. } = local;
        let unsent = match self.sender() {
            Some(tx) => tx.send((path, file)).err().map(|e| e.0),
            None => Some((path, file)),
        };
        // No thread (or it is gone): sync here.
        if let Some((path, file)) = unsent
            && let Err(e) = file.sync_data()
            && self.failed.is_none()
        {
            self.failed = Some((path, e));
        }
    }

    /// Wait until every copy is on disk, directory entries included.
    pub fn finish(mut self) -> Result<(), Failure> {
        if let Some(f) = self.wait() {
            return Err(f);
        }
        if self.created {
            crate::disk::sync_dir(&self.dir).map_err(|e| (self.dir.clone(), e))?;
        }
        Ok(())
    }

    fn wait(&mut self) -> Option<Failure> {
        self.tx = None;
        let from_thread = self.worker.take().and_then(|w| w.join().ok().flatten());
        self.failed.take().or(from_thread)
    }
}

impl Drop for Copies {
    fn drop(&mut self) {
        // An import that failed half-way: nothing is reported as taken in,
        // but the thread is not left running.
        let _ = self.wait();
    }
}
