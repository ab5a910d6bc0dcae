//! Carrying out a command line: parsing it (`cli`), one file per command,
//! the exit codes (`exit`), and what the commands share (loading a
//! checklist, printing problems).

mod check;
pub mod cli;
mod convert;
mod device;
pub mod exit;
mod export;
mod interface;
mod open;
mod sync;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Parser;

use crate::assignments::{self, Outcome};
use crate::home::Home;
use crate::i18n::Lang;
use cli::{Cli, Command, LangArg};
use exit::BAD_INPUT;
use interface::{interface, run_demo};

pub fn main() -> i32 {
    // Before anything is printed, clap's help included.
    let _utf8 = crate::platform::console::Utf8Output::set();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    crate::tui::glyphs::set_plain(crate::platform::console::plain_symbols(cli.symbols, cfg!(windows), |k| {
        std::env::var_os(k).is_some()
    }));
    match run(cli) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("sotay: {}", crate::text::clean(&msg));
            BAD_INPUT
        }
    }
}

pub(super) fn known_code(code: &str) -> bool {
    crate::checklist::active().knows(code)
}

/// Loads a checklist template and makes it this run's; false (with every
/// problem printed) when the file is refused.
fn use_checklist(file: &Path, lang: Lang) -> Result<bool, String> {
    let bytes = match assignments::read_file(file) {
        Ok(b) => b,
        Err(p) => {
            eprintln!("{}", p.render(lang));
            return Ok(false);
        }
    };
    let name = file.display().to_string();
    match crate::checklist::load::load(&name, &bytes, crate::checklist::builtin()) {
        Ok((checklist, warnings)) => {
            for w in warnings {
                eprintln!("{}", w.render(lang));
            }
            crate::checklist::set_active(checklist);
            Ok(true)
        }
        Err(problems) => {
            report(&Outcome { problems, ..Outcome::default() }, lang);
            Ok(false)
        }
    }
}

fn run(cli: Cli) -> Result<i32, String> {
    let arg_lang = cli.lang.map(|l| match l {
        LangArg::Vi => Lang::Vi,
        LangArg::En => Lang::En,
    });
    if cli.demo {
        let lang = arg_lang.unwrap_or_default();
        if let Some(file) = &cli.checklist
            && !use_checklist(file, lang)?
        {
            return Ok(BAD_INPUT);
        }
        return run_demo(lang);
    }
    let home = Home::new(cli.home.as_deref())?;
    let mut config = home.load_config()?;
    let lang = arg_lang.or_else(|| config.lang.as_deref().and_then(Lang::from_code)).unwrap_or_default();
    match &cli.checklist {
        Some(file) => {
            if !use_checklist(file, lang)? {
                return Ok(BAD_INPUT);
            }
            // Remembered, like assignments: a copy survives the stick.
            let bytes = assignments::read_file(file).map_err(|p| p.render(lang))?;
            crate::disk::write_atomic(&home.checklist_path(), &bytes)
                .map_err(|e| io_message(&home.checklist_path(), &e))?;
            config.checklist = Some("checklist.json".into());
            home.save_config(&config).map_err(|e| io_message(&home.config_path(), &e))?;
        }
        None if config.checklist.is_some() && !use_checklist(&home.checklist_path(), lang)? => {
            return Ok(BAD_INPUT);
        }
        None => {}
    }
    match cli.command {
        Some(Command::Check { files }) => Ok(check::check(&files, lang)),
        Some(Command::Convert { file, out }) => convert::convert(&file, &out, lang),
        Some(Command::Template { out }) => convert::template(&out, lang),
        Some(Command::Device { action }) => device::device(&home, &config, action, lang),
        Some(Command::Sync { dir, remember, forget }) => {
            let code = sync::sync(&home, &dir, lang)?;
            if remember || forget {
                config.sync_dir = remember.then(|| std::path::absolute(&dir).unwrap_or(dir));
                home.save_config(&config).map_err(|e| io_message(&home.config_path(), &e))?;
            }
            Ok(code)
        }
        Some(Command::Export { format, out, group, from, to }) => {
            export::export(&home, &config, &export::Args { format, out, group, from, to }, lang)
        }
        Some(Command::Open { files }) => {
            let Some(data) = open::open(&home, &mut config, &files, lang)? else {
                return Ok(BAD_INPUT);
            };
            interface(&home, config, data, false, lang)
        }
        None => {
            if config.assignments.is_empty() {
                return interface(&home, config, crate::demo::assignments(), true, lang);
            }
            let paths: Vec<PathBuf> = config.assignments.iter().map(|n| home.assignments_dir().join(n)).collect();
            let out = assignments::load_files(&paths, &known_code);
            if report(&out, lang) {
                return Ok(BAD_INPUT);
            }
            interface(&home, config, out.assignments, false, lang)
        }
    }
}

/// Prints every problem to stderr; true when any is an error.
pub(super) fn report(out: &Outcome, lang: Lang) -> bool {
    let mut err = std::io::stderr().lock();
    for p in &out.problems {
        let _ = writeln!(err, "{}", p.render(lang));
    }
    let errors = out.problems.iter().filter(|p| !p.is_warning()).count();
    if errors > 0 {
        let warnings = out.problems.len() - errors;
        let _ = writeln!(err, "{}", crate::i18n::problem_counts(errors, warnings, lang));
    }
    errors > 0
}

pub(super) fn io_message(path: &Path, e: &std::io::Error) -> String {
    format!("{}: {}", path.display(), assignments::io_reason(e))
}
