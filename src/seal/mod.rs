//! Sealed sync folders: the files on the stick are encrypted, the local
//! store is not (README "Sealed folders").
//!
//! A sealed folder holds `sotay-seal.json` (the group key, sealed with the
//! group's passphrase) and pieces (`pieces.rs`) instead of plain segment
//! files. The store never sees any of it: before a sync, the pieces not
//! taken yet are opened into a private staging folder under the data
//! directory (`<data>/store/sealed/<folder id>/`), the store syncs with
//! that folder as with any other, and what it wrote there of ours is
//! sealed into new pieces. So signatures, the roster, held-aside files
//! and every check of a hostile folder work on sealed folders unchanged,
//! and the keystroke path has no cryptography at all.

pub mod crypt;
pub mod passphrase;
pub mod pieces;

use crate::i18n::Lang;
use crate::store::{Store, StoreError, SyncReport};
use crypt::{GroupKey, Unlock};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use crypt::GroupKey as Key;
pub use pieces::Unopened;

/// The key file in a sealed folder.
pub const KEY_FILE: &str = "sotay-seal.json";
/// Under the store directory: remembered group keys (`<id>.key`).
const KEYRING: &str = "seal";
/// In the keyring: the folders synced sealed (path to folder id).
const FOLDERS: &str = "folders.json";
/// Under the store directory: the staging folders.
const STAGE: &str = "sealed";
/// A new passphrase has at least this many characters.
pub const MIN_PASSPHRASE: usize = 8;

/// What a passphrase is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Sealing a folder: a new passphrase (typed twice at a terminal).
    New,
    /// Opening a sealed folder this laptop has not opened before.
    Existing,
}

/// Why a sealed folder could not be synced. Nothing was taken in and
/// nothing written to the folder.
#[derive(Debug)]
pub enum SealError {
    Store(StoreError),
    Io {
        path: PathBuf,
        error: io::Error,
    },
    WrongPassphrase {
        file: PathBuf,
    },
    BadKeyFile {
        file: PathBuf,
        reason: &'static str,
    },
    /// Sealed, its key not remembered here, and no way to ask.
    NeedPassphrase {
        dir: PathBuf,
    },
    /// Pieces but no key file.
    NoKeyFile {
        dir: PathBuf,
    },
    /// Synced sealed before from this laptop, now no key file and no piece.
    KeyFileGone {
        dir: PathBuf,
    },
    ShortPassphrase,
    Mismatch,
    Cancelled,
    /// `--passphrase-file` that cannot be used.
    PassphraseFile {
        path: PathBuf,
        reason: String,
    },
}

impl From<StoreError> for SealError {
    fn from(e: StoreError) -> SealError {
        SealError::Store(e)
    }
}

fn io_err(path: &Path) -> impl Fn(io::Error) -> SealError + '_ {
    move |error| SealError::Io { path: path.to_owned(), error }
}

/// A sync's report, with the pieces that did not open.
#[derive(Debug)]
pub struct Outcome {
    pub report: SyncReport,
    pub unopened: Vec<Unopened>,
    /// The folder is sealed.
    pub sealed: bool,
}

/// Is `dir` sealed? The key file, or any piece, says so.
fn looks_sealed(dir: &Path) -> io::Result<bool> {
    if fs::symlink_metadata(dir.join(KEY_FILE)).is_ok() {
        return Ok(true);
    }
    Ok(!pieces::list(dir)?.pieces.is_empty())
}

/// The key of folder `dir`: `None` for a plain folder (unless `seal`,
/// which seals it with a new key). A key this laptop opened before is
/// remembered in `<store>/seal/`; otherwise `ask` gives the passphrase.
/// A folder this laptop synced sealed is never taken for a plain one
/// because its key file went missing: someone who can write to the stick
/// must not be able to turn sealing off by deleting files.
pub fn folder_key(
    dir: &Path,
    store_dir: &Path,
    seal: bool,
    ask: &mut dyn FnMut(Ask) -> Result<String, SealError>,
) -> Result<Option<GroupKey>, SealError> {
    let keyring = store_dir.join(KEYRING);
    let name = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned()).to_string_lossy().into_owned();
    let mut folders = sealed_folders(&keyring);
    let key = match key_of(dir, &keyring, seal, ask)? {
        None if folders.contains_key(&name) => return Err(SealError::KeyFileGone { dir: dir.to_owned() }),
        None => return Ok(None),
        Some(k) => k,
    };
    if folders.get(&name) != Some(&key.id) {
        folders.insert(name, key.id.clone());
        let path = keyring.join(FOLDERS);
        let text = serde_json::to_string(&folders).unwrap_or_default() + "\n";
        crate::disk::write_atomic(&path, text.as_bytes()).map_err(io_err(&path))?;
    }
    Ok(Some(key))
}

/// Folders this laptop synced sealed: their path and folder id.
fn sealed_folders(keyring: &Path) -> BTreeMap<String, String> {
    fs::read_to_string(keyring.join(FOLDERS)).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

fn key_of(
    dir: &Path,
    keyring: &Path,
    seal: bool,
    ask: &mut dyn FnMut(Ask) -> Result<String, SealError>,
) -> Result<Option<GroupKey>, SealError> {
    let file = dir.join(KEY_FILE);
    let text = match crate::store::open_regular(&file) {
        Ok((mut f, len)) if len <= 4096 => {
            let mut t = String::new();
            io::Read::read_to_string(&mut f, &mut t)
                .map_err(|_| SealError::BadKeyFile { file: file.clone(), reason: "not a sotay-seal key file" })?;
            Some(t)
        }
        Ok(_) => return Err(SealError::BadKeyFile { file, reason: "not a sotay-seal key file" }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(SealError::Io { path: file, error: e }),
    };
    let Some(text) = text else {
        if looks_sealed(dir).map_err(io_err(dir))? {
            return Err(SealError::NoKeyFile { dir: dir.to_owned() });
        }
        if !seal {
            return Ok(None);
        }
        let pass = ask(Ask::New)?;
        let (key, body) = crypt::new_key(&pass).map_err(io_err(&file))?;
        remember(keyring, &key)?;
        create_new(&file, body.as_bytes())?;
        return Ok(Some(key));
    };
    let bad = |reason| SealError::BadKeyFile { file: file.clone(), reason };
    let id = crypt::key_file_id(&text).map_err(|e| match e {
        Unlock::Bad(r) => bad(r),
        Unlock::WrongPassphrase => bad("not a sotay-seal key file"),
    })?;
    if let Some(key) = remembered(keyring, &id) {
        return Ok(Some(key));
    }
    let pass = ask(Ask::Existing)?;
    let key = crypt::unlock(&text, &pass).map_err(|e| match e {
        Unlock::Bad(r) => bad(r),
        Unlock::WrongPassphrase => SealError::WrongPassphrase { file: file.clone() },
    })?;
    remember(keyring, &key)?;
    Ok(Some(key))
}

/// Write a file that must not exist yet (the key file: sealed once, so a
/// syncer never sees it change).
fn create_new(path: &Path, bytes: &[u8]) -> Result<(), SealError> {
    let res = (|| {
        let mut f = crate::disk::private(fs::OpenOptions::new().write(true).create_new(true)).open(path)?;
        io::Write::write_all(&mut f, bytes)?;
        f.sync_all()?;
        path.parent().map_or(Ok(()), crate::disk::sync_dir)
    })();
    res.map_err(io_err(path))
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Remembered {
    v: u32,
    id: String,
    key: String,
}

/// Keep an opened group key beside this laptop's own key (owner-only),
/// so the passphrase is asked once per laptop and folder.
fn remember(keyring: &Path, key: &GroupKey) -> Result<(), SealError> {
    let path = keyring.join(format!("{}.key", key.id));
    let body = Remembered { v: 1, id: key.id.clone(), key: key.key_hex() };
    let text = serde_json::to_string(&body).unwrap_or_default() + "\n";
    crate::disk::write_atomic(&path, text.as_bytes()).map_err(io_err(&path))
}

fn remembered(keyring: &Path, id: &str) -> Option<GroupKey> {
    let text = fs::read_to_string(keyring.join(format!("{id}.key"))).ok()?;
    let r: Remembered = serde_json::from_str(&text).ok()?;
    (r.id == id).then(|| GroupKey::from_parts(id, &r.key)).flatten()
}

/// Sync `store` with `dir`: as [`Store::sync`] for a plain folder, or
/// through the staging folder for a sealed one (`key`).
pub fn sync(store: &mut Store, dir: &Path, key: Option<&GroupKey>) -> Result<Outcome, SealError> {
    let Some(key) = key else {
        return Ok(Outcome { report: store.sync(dir)?, unopened: Vec::new(), sealed: false });
    };
    let stage = store.data_dir().join(STAGE).join(&key.id);
    crate::disk::create_private_dir(&stage).map_err(io_err(&stage))?;
    let have = pieces::list(dir).map_err(io_err(dir))?;
    let own = |dev: &str| store.is_own(dev);
    let unopened = pieces::unseal_new(dir, &have, &stage, key, own).map_err(io_err(&stage))?;
    let mut report = store.sync(&stage)?;
    // Plain files other devices wrote before the folder was sealed.
    if have.plain {
        let plain = store.import(dir)?;
        report.ops_in += plain.ops_in;
        report.warnings.extend(plain.warnings);
        report.devices_seen.extend(plain.devices_seen);
        report.devices_seen.sort();
        report.devices_seen.dedup();
        report.conflicts = plain.conflicts;
    }
    let own = |dev: &str| store.is_own(dev);
    match pieces::seal_new(dir, &have, &stage, key, own) {
        Ok(n) => report.ops_out = n,
        Err(error) => {
            report.copy_out_failed = true;
            report.ops_out = 0;
            report
                .warnings
                .push(crate::store::Warning::CopyOutFailed { file: dir.to_owned(), error: error.to_string() });
        }
    }
    report.dir = dir.to_owned();
    Ok(Outcome { report, unopened, sealed: true })
}

impl SealError {
    /// One sentence.
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            SealError::Store(e) => e.message(lang),
            SealError::Io { path, error } if vi => format!("{}: không đọc/ghi được ({error}).", path.display()),
            SealError::Io { path, error } => format!("{}: cannot read or write it ({error}).", path.display()),
            SealError::WrongPassphrase { file } if vi => format!(
                "{}: mật khẩu không đúng, không mở được thư mục đã niêm phong; không có gì được nhận hay ghi.",
                file.display()
            ),
            SealError::WrongPassphrase { file } => format!(
                "{}: wrong passphrase, the sealed folder does not open; nothing was taken in or written.",
                file.display()
            ),
            SealError::BadKeyFile { file, reason } if vi => {
                format!("{}: không phải tệp khóa của sotay ({reason}); không có gì được nhận hay ghi.", file.display())
            }
            SealError::BadKeyFile { file, reason } => {
                format!("{}: not a usable sotay key file ({reason}); nothing was taken in or written.", file.display())
            }
            SealError::NeedPassphrase { dir } if vi => format!(
                "{}: thư mục đã niêm phong; hãy cho mật khẩu của tổ bằng --passphrase-file TỆP hoặc biến SOTAY_PASSPHRASE, hoặc chạy sotay sync {} trong cửa sổ dòng lệnh.",
                dir.display(),
                dir.display()
            ),
            SealError::NeedPassphrase { dir } => format!(
                "{}: the folder is sealed; give the group's passphrase with --passphrase-file FILE or SOTAY_PASSPHRASE, or run sotay sync {} in a terminal.",
                dir.display(),
                dir.display()
            ),
            SealError::NoKeyFile { dir } if vi => format!(
                "{}: có tệp đã niêm phong nhưng thiếu {KEY_FILE}; hãy chép lại tệp đó từ thư mục của máy khác trong tổ.",
                dir.display()
            ),
            SealError::NoKeyFile { dir } => format!(
                "{}: it holds sealed files but no {KEY_FILE}; copy that file back from another member's folder.",
                dir.display()
            ),
            SealError::KeyFileGone { dir } if vi => format!(
                "{}: máy này đã đồng bộ thư mục này ở chế độ niêm phong nhưng {KEY_FILE} không còn; không ghi gì (chép lại tệp đó từ thư mục của máy khác, hoặc niêm phong lại bằng --seal).",
                dir.display()
            ),
            SealError::KeyFileGone { dir } => format!(
                "{}: this laptop synced it sealed before, but its {KEY_FILE} is gone; nothing was written (copy that file back from another member's folder, or seal it again with --seal).",
                dir.display()
            ),
            SealError::ShortPassphrase if vi => {
                format!("Mật khẩu mới phải có ít nhất {MIN_PASSPHRASE} ký tự; thư mục chưa được niêm phong.")
            }
            SealError::ShortPassphrase => {
                format!("A new passphrase needs at least {MIN_PASSPHRASE} characters; the folder was not sealed.")
            }
            SealError::Mismatch if vi => "Hai lần gõ mật khẩu không giống nhau; thư mục chưa được niêm phong.".into(),
            SealError::Mismatch => "The two passphrases typed differ; the folder was not sealed.".into(),
            SealError::Cancelled if vi => "Đã hủy; không có gì được nhận hay ghi.".into(),
            SealError::Cancelled => "Cancelled; nothing was taken in or written.".into(),
            SealError::PassphraseFile { path, reason } if vi => {
                format!("{}: không dùng được làm tệp mật khẩu ({reason}).", path.display())
            }
            SealError::PassphraseFile { path, reason } => {
                format!("{}: cannot be used as a passphrase file ({reason}).", path.display())
            }
        }
    }
}

impl Unopened {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Unopened::Key(p), Lang::Vi) => format!(
                "{}: không mở được bằng khóa của thư mục này (của tổ khác, bị đổi tên, bị sửa hoặc bị cắt); bỏ qua.",
                p.display()
            ),
            (Unopened::Key(p), Lang::En) => format!(
                "{}: does not open with this folder's key (another group's, renamed, changed or cut short); skipped.",
                p.display()
            ),
            (Unopened::Io(p, e), Lang::Vi) => format!("{}: không đọc được ({e}); bỏ qua.", p.display()),
            (Unopened::Io(p, e), Lang::En) => format!("{}: cannot be read ({e}); skipped.", p.display()),
        }
    }
}
