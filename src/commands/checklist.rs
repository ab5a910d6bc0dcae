//! The checklist a command line chooses (`--checklist FILE`,
//! `--checklist builtin`, or the remembered one), and remembering a new
//! choice once the command's input is accepted.

use std::path::{Path, PathBuf};

use super::cli::Cli;
use super::{io_message, open_store, report};
use crate::assignments::{self, Outcome};
use crate::home::{Config, Home};
use crate::i18n::{Lang, s};

/// The checklist a command line asks for.
pub(super) enum Choice {
    /// The remembered one (or the built-in one when none is).
    Remembered,
    /// `--checklist builtin`: back to the built-in checklist.
    Builtin,
    /// `--checklist FILE`, read and accepted: its bytes, to remember.
    File(Vec<u8>),
}

impl Choice {
    pub(super) fn changes(&self) -> bool {
        !matches!(self, Choice::Remembered)
    }
}

/// The word that names the built-in checklist in `--checklist builtin`.
const BUILTIN: &str = "builtin";

/// Loads a checklist template and makes it this run's; `None` (with every
/// problem printed) when the file is refused.
fn use_checklist(file: &Path, lang: Lang) -> Option<Vec<u8>> {
    let bytes = match crate::jsondoc::read_file(file) {
        Ok(b) => b,
        Err(p) => {
            eprintln!("{}", p.render(lang));
            return None;
        }
    };
    let name = file.display().to_string();
    match crate::checklist::load::load(&name, &bytes, crate::checklist::builtin()) {
        Ok((checklist, warnings)) => {
            for w in warnings {
                eprintln!("{}", w.render(lang));
            }
            crate::checklist::set_active(checklist);
            Some(bytes)
        }
        Err(problems) => {
            report(&Outcome { problems, ..Outcome::default() }, lang);
            None
        }
    }
}

/// This run's checklist; `None` when it cannot be had (problems printed).
/// Nothing is written here: a choice is remembered only once the
/// command's input is accepted and the store's lock is held.
pub(super) fn choose_checklist(cli: &Cli, home: Option<&Home>, config: &Config, lang: Lang) -> Option<Choice> {
    match &cli.checklist {
        Some(f) if f.as_os_str() == BUILTIN => Some(Choice::Builtin),
        Some(f) => use_checklist(f, lang).map(Choice::File),
        None => match (home, &config.checklist) {
            (Some(home), Some(_)) => match use_checklist(&home.checklist_path(), lang) {
                Some(_) => Some(Choice::Remembered),
                None => {
                    eprintln!("{}", s(lang).checklist_broken);
                    None
                }
            },
            _ => Some(Choice::Remembered),
        },
    }
}

/// Remembers a changed checklist choice. The caller holds the store's
/// lock and has checked the assignments that stay remembered against it.
pub(super) fn remember_checklist(home: &Home, config: &mut Config, choice: &Choice) -> Result<(), String> {
    match choice {
        Choice::Remembered => return Ok(()),
        Choice::Builtin => {
            config.checklist = None;
            home.save_config(config).map_err(|e| io_message(&home.config_path(), &e))?;
            match std::fs::remove_file(home.checklist_path()) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(io_message(&home.checklist_path(), &e));
                }
                _ => {}
            }
        }
        Choice::File(bytes) => {
            // A copy: the template survives the stick it came on.
            crate::disk::write_atomic(&home.checklist_path(), bytes)
                .map_err(|e| io_message(&home.checklist_path(), &e))?;
            config.checklist = Some(crate::home::CHECKLIST_FILE.into());
            home.save_config(config).map_err(|e| io_message(&home.config_path(), &e))?;
        }
    }
    Ok(())
}

/// The remembered assignments, loaded with this run's checklist.
pub(super) fn remembered(home: &Home, config: &Config) -> Outcome {
    let paths: Vec<PathBuf> = config.assignments.iter().map(|n| home.assignments_dir().join(n)).collect();
    assignments::load_files(&paths, crate::checklist::active())
}

/// For commands that do not themselves load the remembered assignments:
/// remembers a changed checklist if those still load with it. `Ok(false)`
/// (problems printed) when they do not; nothing is written then.
pub(super) fn adopt_checklist(home: &Home, config: &mut Config, choice: &Choice, lang: Lang) -> Result<bool, String> {
    if !choice.changes() {
        return Ok(true);
    }
    let _lock = open_store(&home.store_dir(), lang)?;
    if report(&remembered(home, config), lang) {
        eprintln!("{}", s(lang).checklist_unfit);
        return Ok(false);
    }
    remember_checklist(home, config, choice)?;
    Ok(true)
}
