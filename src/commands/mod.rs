//! Carrying out a command line: the commands, their messages, exit codes.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Parser;

use crate::assignments::{self, Assignments, Outcome};
use crate::cli::{Cli, Command, LangArg};
use crate::home::{Config, Home};
use crate::i18n::{Lang, s};
use crate::tui::{App, Effect};

/// Exit codes (CONTRACT.md §2).
pub const OK: i32 = 0;
pub const BAD_INPUT: i32 = 1;

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("sotay: {}", crate::text::clean(&msg));
            BAD_INPUT
        }
    }
}

fn known_code(code: &str) -> bool {
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
            crate::home::write_atomic(&home.checklist_path(), &bytes)
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
        Some(Command::Check { files }) => Ok(check(&files, lang)),
        Some(Command::Sync { dir, remember, forget }) => {
            let code = sync(&home, &dir, lang)?;
            if remember || forget {
                config.sync_dir = remember.then(|| std::path::absolute(&dir).unwrap_or(dir));
                home.save_config(&config).map_err(|e| io_message(&home.config_path(), &e))?;
            }
            Ok(code)
        }
        Some(Command::Export { format, out, group, from, to }) => crate::report::command::export(
            &home,
            &config,
            &crate::report::command::Args { format, out, group, from, to },
            lang,
        ),
        Some(Command::Open { files }) => {
            let Some(data) = open(&home, &mut config, &files, lang)? else {
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
fn report(out: &Outcome, lang: Lang) -> bool {
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

fn check(files: &[PathBuf], lang: Lang) -> i32 {
    let out = assignments::load_files(files, &known_code);
    if report(&out, lang) {
        return BAD_INPUT;
    }
    let t = s(lang);
    for (i, src) in out.assignments.sources.iter().enumerate() {
        let groups: Vec<_> = out.assignments.groups.iter().filter(|g| g.source == i).collect();
        let communes: usize = groups.iter().map(|g| g.communes.len()).sum();
        let cells: usize = groups.iter().flat_map(|g| &g.communes).map(|c| c.cells.len()).sum();
        let counts = match lang {
            Lang::Vi => format!("{} tổ, {communes} xã, {cells} chi bộ", groups.len()),
            Lang::En => format!("{} groups, {communes} communes, {cells} cells", groups.len()),
        };
        // A closed pipe (`| head`) is not worth a panic.
        let _ = writeln!(std::io::stdout(), "{}: {} ({counts})", crate::text::clean(&src.name), t.check_ok);
    }
    OK
}

/// Validates new files together with the remembered ones they do not
/// replace, then copies them into the data directory. A file replaces a
/// remembered one of the same name or one that defines any of its groups.
/// Nothing is changed when anything is wrong.
fn open(home: &Home, config: &mut Config, files: &[PathBuf], lang: Lang) -> Result<Option<Assignments>, String> {
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
        crate::home::write_atomic(&dir.join(name), bytes).map_err(|e| io_message(&dir, &e))?;
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

fn io_message(path: &Path, e: &std::io::Error) -> String {
    format!("{}: {}", path.display(), assignments::io_reason(e))
}

/// `sotay sync DIR`: our new ops out, everyone else's in, and a summary.
fn sync(home: &Home, dir: &Path, lang: Lang) -> Result<i32, String> {
    if !dir.is_dir() {
        return Err(match lang {
            Lang::Vi => format!("{}: không có thư mục này (hãy cắm USB hoặc kiểm tra đường dẫn)", dir.display()),
            Lang::En => format!("{}: no such folder (plug in the stick or check the path)", dir.display()),
        });
    }
    let mut store = open_store(&home.store_dir(), lang)?;
    let report = store.sync(dir).map_err(|e| e.message(lang))?;
    let _ = write!(std::io::stdout(), "{}", crate::text::clean_lines(&report.render(lang)));
    Ok(OK)
}

/// Opens the findings store, saying clearly when another sotay holds it.
pub fn open_store(dir: &Path, lang: Lang) -> Result<crate::store::Store, String> {
    crate::store::Store::open(dir).map_err(|e| e.message(lang))
}

/// `--demo`: the demo data in a throw-away home removed at exit.
fn run_demo(lang: Lang) -> Result<i32, String> {
    let mut suffix = [0u8; 8];
    getrandom::fill(&mut suffix).map_err(|e| e.to_string())?;
    let hex: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
    let dir = std::env::temp_dir().join(format!("sotay-demo-{hex}"));
    let home = Home::new(Some(&dir))?;
    let result = interface(&home, Config::default(), crate::demo::assignments(), true, lang);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn interface(home: &Home, mut config: Config, data: Assignments, demo: bool, lang: Lang) -> Result<i32, String> {
    let me: BTreeMap<String, String> = config.me.clone();
    // Findings on the demo data never mix with real ones.
    let (store_dir, drafts) = if demo {
        (home.demo_store_dir(), home.data_dir.join("demo-drafts"))
    } else {
        (home.store_dir(), home.data_dir.join("drafts"))
    };
    let store = open_store(&store_dir, lang)?;
    let mut app = App::new(data, lang, demo, me, config.group.as_deref()).with_store(store, Some(drafts));
    // The demo never exchanges files with a real sync folder.
    app.sync_dir = if demo { None } else { config.sync_dir.clone() };
    app.max_cells = config.max_cells_per_member.unwrap_or(crate::report::plan::DEFAULT_LIMIT);
    let result = crate::tui::run(&mut app, |effect| {
        match effect {
            Effect::SetMe { group, member } => {
                config.me.insert(group.clone(), member.clone());
            }
            Effect::SetGroup(id) => config.group = Some(id.clone()),
            Effect::SetLang(l) => config.lang = Some(l.code().to_owned()),
        }
        home.save_config(&config).map_err(|e| io_message(&home.config_path(), &e))
    });
    // The cache only speeds up the next start; every op is already on disk.
    if let Some(store) = &mut app.store {
        let _ = store.save_cache();
    }
    result.map_err(|e| format!("{}: {}", terminal_word(lang), assignments::io_reason(&e)))?;
    Ok(OK)
}

fn terminal_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "không mở được giao diện trên cửa sổ dòng lệnh này",
        Lang::En => "cannot run the interface in this terminal",
    }
}
