//! `sotay convert FILE --out FILE` and `sotay template --out FILE`:
//! assignments between JSON, XLSX and CSV, and an empty workbook to fill.

use std::path::Path;

use super::exit::{BAD_INPUT, OK, USAGE};
use super::{io_message, report};
use crate::assignments;
use crate::i18n::Lang;

/// `sotay convert FILE --out FILE`: checked like `check`, then written in
/// the form the output's extension names.
pub fn convert(file: &Path, out: &Path, lang: Lang) -> Result<i32, String> {
    let Some(form) = assignments::sheets::Form::of(out) else {
        eprintln!("sotay: {}", assignments::sheets::words(lang).convert_forms);
        return Ok(USAGE);
    };
    let loaded = assignments::load_files(&[file], crate::checklist::active());
    if report(&loaded, lang) {
        return Ok(BAD_INPUT);
    }
    let bytes = form.write(&loaded.assignments, crate::checklist::active())?;
    crate::disk::write_atomic(out, &bytes).map_err(|e| io_message(out, &e))?;
    written(out, lang);
    Ok(OK)
}

/// `sotay template --out FILE`.
pub fn template(out: &Path, lang: Lang) -> Result<i32, String> {
    let bytes = assignments::sheets::template(crate::checklist::active())?;
    crate::disk::write_atomic(out, &bytes).map_err(|e| io_message(out, &e))?;
    written(out, lang);
    Ok(OK)
}

fn written(out: &Path, lang: Lang) {
    eprintln!("{}: {}", assignments::sheets::words(lang).written, crate::text::clean(&out.display().to_string()));
}
