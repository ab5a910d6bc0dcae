//! Writing files so that what is saved stays saved: owner-only files and
//! folders, whole-file replacement that a crash leaves old or new (never a
//! mix, never a stray temporary file), and directory fsyncs. The store, the
//! config and the exports all write through here.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Sets owner-only permissions (0600) on a file about to be created.
pub fn private(o: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(o, 0o600);
    o
}

/// Creates a directory (and parents) readable by the owner alone.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

/// Makes a rename or a new file in `dir` durable (a no-op where the
/// platform cannot open directories).
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Replaces a whole file so that a crash leaves the old or the new
/// content: a temporary file, fsynced, renamed over, directory fsynced.
/// The folder is created when missing.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace(path, bytes, true)
}

/// Like [`write_atomic`] without the fsyncs: for files that may be lost
/// in a power cut (a cache), never half-written.
pub fn write_atomic_fast(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace(path, bytes, false)
}

/// Like [`write_atomic`], the content written by `write` as it is made, so
/// a large export is never held whole in memory.
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&mut (dyn Write + Send)) -> io::Result<()>) -> io::Result<()> {
    replace_with(path, true, write)
}

fn replace(path: &Path, bytes: &[u8], durable: bool) -> io::Result<()> {
    replace_with(path, durable, |f| f.write_all(bytes))
}

fn replace_with(
    path: &Path,
    durable: bool,
    write: impl FnOnce(&mut (dyn Write + Send)) -> io::Result<()>,
) -> io::Result<()> {
    // A bare file name has the parent "", which cannot be opened to fsync.
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    // A leading dot keeps readers (ours and syncers') away from it.
    let tmp = dir.join(format!(".{name}.tmp"));
    let _ = fs::remove_file(&tmp);
    let res = (|| {
        let f = private(OpenOptions::new().write(true).create_new(true)).open(&tmp)?;
        let mut w = io::BufWriter::with_capacity(1 << 16, f);
        write(&mut w)?;
        let f = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        if durable {
            f.sync_all()?;
        }
        drop(f);
        // Retried while Syncthing or a scanner holds the target (Windows).
        crate::platform::rename(&tmp, path)?;
        if durable { sync_dir(dir) } else { Ok(()) }
    })();
    if res.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new/config.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let names: Vec<_> = fs::read_dir(dir.path().join("new")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["config.json"]);
    }

    #[test]
    fn a_failed_replace_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // A folder in the way: the rename fails after the temporary file
        // was written.
        let path = dir.path().join("report.md");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("keep"), b"x").unwrap();
        for write in [write_atomic, write_atomic_fast] {
            assert!(write(&path, b"text").is_err());
            let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
            assert_eq!(names, ["report.md"], "only the folder that was there");
        }
    }
}
