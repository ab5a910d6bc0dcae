//! `sotay sync DIR`: exchanges sync files with a folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::exit::{BAD_INPUT, OK};
use super::open_store;
use crate::home::Home;
use crate::i18n::Lang;
use crate::seal;

/// `--seal` and `--passphrase-file`.
pub struct Sealing {
    pub seal: bool,
    pub passphrase_file: Option<PathBuf>,
}

/// `sotay sync DIR`: our new ops out, everyone else's in, and a summary.
pub fn sync(home: &Home, dir: &Path, sealing: &Sealing, lang: Lang) -> Result<i32, String> {
    if !dir.is_dir() {
        return Err(match lang {
            Lang::Vi => format!("{}: không có thư mục này (hãy cắm USB hoặc kiểm tra đường dẫn)", dir.display()),
            Lang::En => format!("{}: no such folder (plug in the stick or check the path)", dir.display()),
        });
    }
    // The passphrase first: a wrong one changes nothing, here or there.
    let file = sealing.passphrase_file.as_deref();
    let mut ask = |a| seal::passphrase::obtain(dir, file, a, lang);
    let key = seal::folder_key(dir, &home.store_dir(), sealing.seal, &mut ask).map_err(|e| e.message(lang))?;
    let mut store = open_store(&home.store_dir(), lang)?;
    let mut out = seal::sync(&mut store, dir, key.as_ref()).map_err(|e| e.message(lang))?;
    // Values this laptop's checklist would not take: kept, and named
    // whenever something came in (a sync with nothing new stays quick).
    if out.report.ops_in > 0 {
        out.report.warnings.extend(crate::findings::off_checklist(&store, crate::checklist::active()));
    }
    let mut text = out.report.render(lang);
    if out.sealed {
        text.push_str(match lang {
            Lang::Vi => "Niêm phong: có (tệp trong thư mục được mã hóa bằng khóa của tổ)\n",
            Lang::En => "Sealed: yes (the folder's files are encrypted with the group's key)\n",
        });
    }
    for u in &out.unopened {
        text.push_str(&u.message(lang));
        text.push('\n');
    }
    let _ = write!(std::io::stdout(), "{}", crate::text::clean_lines(&text));
    let _ = write!(std::io::stdout(), "{}", crate::text::clean_lines(&crate::i18n::held_lines(&store, lang)));
    store.leave_at_exit();
    // Everything is stored here, but the folder did not get our ops.
    Ok(if out.report.copy_out_failed { BAD_INPUT } else { OK })
}
