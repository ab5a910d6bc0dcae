//! `sotay sync DIR`: exchanges sync files with a folder.

use std::io::Write;
use std::path::Path;

use super::exit::{BAD_INPUT, OK};
use super::open_store;
use crate::home::Home;
use crate::i18n::Lang;

/// `sotay sync DIR`: our new ops out, everyone else's in, and a summary.
pub fn sync(home: &Home, dir: &Path, lang: Lang) -> Result<i32, String> {
    if !dir.is_dir() {
        return Err(match lang {
            Lang::Vi => format!("{}: không có thư mục này (hãy cắm USB hoặc kiểm tra đường dẫn)", dir.display()),
            Lang::En => format!("{}: no such folder (plug in the stick or check the path)", dir.display()),
        });
    }
    let mut store = open_store(&home.store_dir(), lang)?;
    let mut report = store.sync(dir).map_err(|e| e.message(lang))?;
    // Values this laptop's checklist would not take: kept, and named
    // whenever something came in (a sync with nothing new stays quick).
    if report.ops_in > 0 {
        report.warnings.extend(crate::findings::off_checklist(&store, crate::checklist::active()));
    }
    let _ = write!(std::io::stdout(), "{}", crate::text::clean_lines(&report.render(lang)));
    let _ = write!(std::io::stdout(), "{}", crate::text::clean_lines(&crate::i18n::held_lines(&store, lang)));
    // Everything is stored here, but the folder did not get our ops.
    Ok(if report.copy_out_failed { BAD_INPUT } else { OK })
}
