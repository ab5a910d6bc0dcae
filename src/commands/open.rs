//! `sotay open FILE...`: validates assignments files and remembers copies
//! of them in the data directory.

use std::path::PathBuf;

use super::checklist::{Choice, remember_checklist};
use super::{io_message, open_store, report};
use crate::assignments::{self, Assignments};
use crate::home::{Config, Home};
use crate::i18n::{Lang, s};
use crate::store::Store;

/// Validates new files together with the remembered ones they do not
/// replace, then copies them into the data directory. A file replaces a
/// remembered one of the same name or one that defines any of its groups;
/// a remembered copy that is missing or broken is let go of (it could not
/// be loaded anyway, and keeping it would lock the user out). Nothing is
/// changed when anything is wrong. The store's lock is taken before the
/// first write (a second instance must not touch the copies or the config
/// the running one uses) and handed back with the assignments.
pub fn open(
    home: &Home,
    config: &mut Config,
    files: &[PathBuf],
    choice: &Choice,
    lang: Lang,
) -> Result<Option<(Assignments, Store)>, String> {
    let checklist = crate::checklist::active();
    let new = assignments::load_files(files, checklist);
    if report(&new, lang) {
        eprintln!("{}", s(lang).refused);
        return Ok(None);
    }
    let store = open_store(&home.store_dir(), lang)?;
    let names = copy_names(files);
    let new_groups: Vec<&str> = new.assignments.groups.iter().map(|g| g.id.as_str()).collect();
    let mut sources: Vec<(String, Vec<u8>)> = Vec::new();
    let mut kept = Vec::new();
    for name in &config.assignments {
        if names.contains(name) {
            continue;
        }
        let path = home.assignments_dir().join(name);
        let Ok(bytes) = crate::jsondoc::read_file(&path) else {
            eprintln!("{}: {name}", s(lang).copy_dropped);
            continue;
        };
        // Alone, and with the built-in checklist too: a copy that only a
        // dropped template made unreadable is not broken.
        let shown = path.display().to_string();
        let old = assignments::load_sources(&[(shown.clone(), bytes.clone())], checklist);
        let broken = old.has_errors()
            && assignments::load_sources(&[(shown.clone(), bytes.clone())], crate::checklist::builtin()).has_errors();
        if broken {
            eprintln!("{}: {name}", s(lang).copy_dropped);
            continue;
        }
        if old.assignments.groups.iter().any(|g| new_groups.contains(&g.id.as_str())) {
            continue;
        }
        kept.push(name.clone());
        sources.push((shown, bytes));
    }
    for file in files {
        let bytes = crate::jsondoc::read_file(file).map_err(|p| p.render(lang))?;
        sources.push((file.display().to_string(), bytes));
    }
    let all = assignments::load_sources(&sources, checklist);
    if report(&all, lang) {
        eprintln!("{}", s(lang).refused);
        return Ok(None);
    }
    remember_checklist(home, config, choice)?;
    let dir = home.assignments_dir();
    for (name, (_, bytes)) in names.iter().zip(&sources[kept.len()..]) {
        crate::disk::write_atomic(&dir.join(name), bytes).map_err(|e| io_message(&dir, &e))?;
    }
    config.assignments = kept.into_iter().chain(names).collect();
    home.save_config(config).map_err(|e| io_message(&home.config_path(), &e))?;
    let t = s(lang);
    for f in files {
        eprintln!("{}: {}", t.opened, crate::text::clean(&f.display().to_string()));
    }
    Ok(Some((all.assignments, store)))
}

/// File names for the copies, unique even when two files given share one.
fn copy_names(files: &[PathBuf]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for f in files {
        let base = f.file_name().map_or("assignments.json".into(), |n| n.to_string_lossy().into_owned());
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{n}-{base}");
            n += 1;
        }
        names.push(name);
    }
    names
}
