//! Carrying out a command line: parsing it (`cli`), one file per command,
//! the exit codes (`exit`), and what the commands share (the checklist a
//! command line chooses, printing problems, opening the store).

mod check;
mod checklist;
mod cli;
mod convert;
mod device;
mod exit;
mod export;
mod interface;
mod open;
mod sync;

use std::io::Write;
use std::path::Path;

use clap::Parser;

use crate::assignments::Outcome;
use crate::home::{Config, Home};
use crate::i18n::{Lang, s};
use checklist::{adopt_checklist, choose_checklist, remember_checklist, remembered};
use cli::{Cli, Command, LangArg};
use exit::{BAD_INPUT, OK};
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

fn run(cli: Cli) -> Result<i32, String> {
    let arg_lang = cli.lang.map(|l| match l {
        LangArg::Vi => Lang::Vi,
        LangArg::En => Lang::En,
    });
    if cli.demo {
        let lang = arg_lang.unwrap_or_default();
        if choose_checklist(&cli, None, &Config::default(), lang).is_none() {
            return Ok(BAD_INPUT);
        }
        return run_demo(lang);
    }
    let home = Home::new(cli.home.as_deref())?;
    let mut config = match home.load_config() {
        Ok(c) => c,
        Err(problems) => {
            // The language setting itself may be what is broken.
            let lang = arg_lang.unwrap_or_default();
            for p in problems {
                eprintln!("{}", p.render(lang));
            }
            return Ok(BAD_INPUT);
        }
    };
    let lang = arg_lang.or_else(|| config.lang.as_deref().and_then(Lang::from_code)).unwrap_or_default();
    let Some(choice) = choose_checklist(&cli, Some(&home), &config, lang) else {
        return Ok(BAD_INPUT);
    };
    match cli.command {
        Some(Command::Check { files }) => {
            let code = check::check(&files, lang);
            if code != OK || !adopt_checklist(&home, &mut config, &choice, lang)? {
                return Ok(BAD_INPUT);
            }
            Ok(code)
        }
        // These use a chosen checklist for this run only.
        Some(Command::Convert { file, out }) => convert::convert(&file, &out, lang),
        Some(Command::Template { out }) => convert::template(&out, lang),
        Some(Command::Device { action }) => device::device(&home, &config, action, lang),
        Some(Command::Sync { dir, remember, forget, seal, passphrase_file }) => {
            if !adopt_checklist(&home, &mut config, &choice, lang)? {
                return Ok(BAD_INPUT);
            }
            let code = sync::sync(&home, &dir, &sync::Sealing { seal, passphrase_file }, lang)?;
            if remember || forget {
                config.sync_dir = remember.then(|| std::path::absolute(&dir).unwrap_or(dir));
                home.save_config(&config).map_err(|e| io_message(&home.config_path(), &e))?;
            }
            Ok(code)
        }
        Some(Command::Export { format, out, group, from, to, layout, number }) => {
            if !adopt_checklist(&home, &mut config, &choice, lang)? {
                return Ok(BAD_INPUT);
            }
            export::export(
                &home,
                &config,
                &export::Args { format, out, group, from, to, layout: layout.unwrap_or_default(), number },
                lang,
            )
        }
        Some(Command::Minutes { visit, out, layout }) => {
            export::minutes(&home, &config, &visit, &out, layout.unwrap_or_default(), lang)
        }
        Some(Command::Open { files }) => {
            let Some((data, store)) = open::open(&home, &mut config, &files, &choice, lang)? else {
                return Ok(BAD_INPUT);
            };
            interface(&home, config, data, Some(store), lang)
        }
        None => {
            if config.assignments.is_empty() {
                if choice.changes() {
                    let _lock = open_store(&home.store_dir(), lang)?;
                    remember_checklist(&home, &mut config, &choice)?;
                }
                return interface(&home, config, crate::demo::assignments(), None, lang);
            }
            let store = open_store(&home.store_dir(), lang)?;
            let out = remembered(&home, &config);
            if report(&out, lang) {
                let t = s(lang);
                eprintln!("{}", if choice.changes() { t.checklist_unfit } else { t.copy_broken });
                return Ok(BAD_INPUT);
            }
            remember_checklist(&home, &mut config, &choice)?;
            interface(&home, config, out.assignments, Some(store), lang)
        }
    }
}

/// Prints every problem to stderr; true when any is an error.
pub(super) fn report(out: &Outcome, lang: Lang) -> bool {
    // Buffered: stderr writes each piece at once, and a file with every
    // reference broken has a hundred thousand lines to say.
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for p in &out.problems {
        let _ = writeln!(err, "{}", p.render(lang));
    }
    let errors = out.problems.iter().filter(|p| !p.is_warning()).count();
    if errors > 0 {
        let warnings = out.problems.len() - errors;
        let _ = writeln!(err, "{}", crate::i18n::problem_counts(errors, warnings, lang));
    }
    let _ = err.flush();
    errors > 0
}

pub(super) fn io_message(path: &Path, e: &std::io::Error) -> String {
    format!("{}: {}", path.display(), crate::jsondoc::io_reason(e))
}

/// Opens the findings store, saying clearly when another sotay holds it.
pub fn open_store(dir: &Path, lang: Lang) -> Result<crate::store::Store, String> {
    crate::store::Store::open(dir).map_err(|e| e.message(lang))
}
