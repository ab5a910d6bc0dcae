//! `sotay open FILE...`: validates assignments files and remembers copies
//! of them in the data directory.

use std::path::PathBuf;

use super::{io_message, known_code, report};
use crate::assignments::{self, Assignments};
use crate::home::{Config, Home};
use crate::i18n::{Lang, s};

/// Validates new files together with the remembered ones they do not
/// replace, then copies them into the data directory. A file replaces a
/// remembered one of the same name or one that defines any of its groups.
/// Nothing is changed when anything is wrong.
pub fn open(home: &Home, config: &mut Config, files: &[PathBuf], lang: Lang) -> Result<Option<Assignments>, String> {
    let new = assignments::load_files(files, &known_code);
    if report(&new, lang) {
        eprintln!("{}", s(lang).refused);
        return Ok(None);
    }
    let names = copy_names(files);
    let new_groups: Vec<&str> = new.assignments.groups.iter().map(|g| g.id.as_str()).collect();
    let mut kept = Vec::new();
    for name in &config.assignments {
        if names.contains(name) {
            continue;
        }
        let old = assignments::load_files(&[home.assignments_dir().join(name)], &known_code);
        if old.assignments.groups.iter().any(|g| new_groups.contains(&g.id.as_str())) {
            continue;
        }
        kept.push(name.clone());
    }
    let mut sources: Vec<(String, Vec<u8>)> = Vec::new();
    for name in &kept {
        let path = home.assignments_dir().join(name);
        let bytes = assignments::read_file(&path).map_err(|p| p.render(lang))?;
        sources.push((path.display().to_string(), bytes));
    }
    for file in files {
        let bytes = assignments::read_file(file).map_err(|p| p.render(lang))?;
        sources.push((file.display().to_string(), bytes));
    }
    let all = assignments::load_sources(&sources, &known_code);
    if report(&all, lang) {
        eprintln!("{}", s(lang).refused);
        return Ok(None);
    }
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
    Ok(Some(all.assignments))
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
