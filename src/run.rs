//! Carrying out a command line: the commands, their messages, exit codes.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Parser;

use crate::assignments::{self, Assignments, Outcome};
use crate::cli::{Cli, Command, LangArg};
use crate::home::{Config, Home};
use crate::i18n::{Lang, s};
use crate::store::Store;
use crate::tui::{App, Effect};

/// Exit codes (CONTRACT.md §2).
pub const OK: i32 = 0;
pub const BAD_INPUT: i32 = 1;
pub const USAGE: i32 = 2;

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

/// The checklist a command line asks for.
enum Choice {
    /// The remembered one (or the built-in one when none is).
    Remembered,
    /// `--checklist builtin`: back to the built-in checklist.
    Builtin,
    /// `--checklist FILE`, read and accepted: its bytes, to remember.
    File(Vec<u8>),
}

impl Choice {
    fn changes(&self) -> bool {
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
fn choose_checklist(cli: &Cli, home: Option<&Home>, config: &Config, lang: Lang) -> Option<Choice> {
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
fn remember_checklist(home: &Home, config: &mut Config, choice: &Choice) -> Result<(), String> {
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
            crate::home::write_atomic(&home.checklist_path(), bytes)
                .map_err(|e| io_message(&home.checklist_path(), &e))?;
            config.checklist = Some("checklist.json".into());
            home.save_config(config).map_err(|e| io_message(&home.config_path(), &e))?;
        }
    }
    Ok(())
}

/// The remembered assignments, loaded with this run's checklist.
fn remembered(home: &Home, config: &Config) -> Outcome {
    let paths: Vec<PathBuf> = config.assignments.iter().map(|n| home.assignments_dir().join(n)).collect();
    assignments::load_files(&paths, crate::checklist::active())
}

/// For commands that do not themselves load the remembered assignments:
/// remembers a changed checklist if those still load with it. `Ok(false)`
/// (problems printed) when they do not; nothing is written then.
fn adopt_checklist(home: &Home, config: &mut Config, choice: &Choice, lang: Lang) -> Result<bool, String> {
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
    let mut config = home.load_config()?;
    let lang = arg_lang.or_else(|| config.lang.as_deref().and_then(Lang::from_code)).unwrap_or_default();
    let Some(choice) = choose_checklist(&cli, Some(&home), &config, lang) else {
        return Ok(BAD_INPUT);
    };
    match cli.command {
        Some(Command::Check { files }) => {
            let code = check(&files, lang);
            if code != OK || !adopt_checklist(&home, &mut config, &choice, lang)? {
                return Ok(BAD_INPUT);
            }
            Ok(code)
        }
        // These use a chosen checklist for this run only.
        Some(Command::Convert { file, out }) => convert(&file, &out, lang),
        Some(Command::Template { out }) => {
            let bytes = assignments::sheets::template(crate::checklist::active())?;
            crate::home::write_atomic(&out, &bytes).map_err(|e| io_message(&out, &e))?;
            eprintln!(
                "{}: {}",
                assignments::sheets::words(lang).written,
                crate::text::clean(&out.display().to_string())
            );
            Ok(OK)
        }
        Some(Command::Device { action }) => crate::trust::command::device(&home, &config, action, lang),
        Some(Command::Sync { dir, remember, forget }) => {
            if !adopt_checklist(&home, &mut config, &choice, lang)? {
                return Ok(BAD_INPUT);
            }
            let code = sync(&home, &dir, lang)?;
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
            crate::report::command::export(
                &home,
                &config,
                &crate::report::command::Args {
                    format,
                    out,
                    group,
                    from,
                    to,
                    layout: layout.unwrap_or_default(),
                    number,
                },
                lang,
            )
        }
        Some(Command::Minutes { visit, out, layout }) => {
            crate::report::command::minutes(&home, &config, &visit, &out, layout.unwrap_or_default(), lang)
        }
        Some(Command::Open { files }) => {
            let Some((data, store)) = open(&home, &mut config, &files, &choice, lang)? else {
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
fn report(out: &Outcome, lang: Lang) -> bool {
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

fn check(files: &[PathBuf], lang: Lang) -> i32 {
    let out = assignments::load_files(files, crate::checklist::active());
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

/// `sotay convert FILE --out FILE`: checked like `check`, then written in
/// the form the output's extension names.
fn convert(file: &Path, out: &Path, lang: Lang) -> Result<i32, String> {
    let Some(form) = assignments::sheets::Form::of(out) else {
        eprintln!("sotay: {}", assignments::sheets::words(lang).convert_forms);
        return Ok(USAGE);
    };
    let loaded = assignments::load_files(&[file], crate::checklist::active());
    if report(&loaded, lang) {
        return Ok(BAD_INPUT);
    }
    let bytes = form.write(&loaded.assignments, crate::checklist::active())?;
    crate::home::write_atomic(out, &bytes).map_err(|e| io_message(out, &e))?;
    eprintln!("{}: {}", assignments::sheets::words(lang).written, crate::text::clean(&out.display().to_string()));
    Ok(OK)
}

/// Validates new files together with the remembered ones they do not
/// replace, then copies them into the data directory. A file replaces a
/// remembered one of the same name or one that defines any of its groups;
/// a remembered copy that is missing or broken is let go of (it could not
/// be loaded anyway, and keeping it would lock the user out). Nothing is
/// changed when anything is wrong. The store's lock is taken before the
/// first write (a second instance must not touch the copies or the config
/// the running one uses) and handed back with the assignments.
fn open(
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
        crate::home::write_atomic(&dir.join(name), bytes).map_err(|e| io_message(&dir, &e))?;
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

fn io_message(path: &Path, e: &std::io::Error) -> String {
    format!("{}: {}", path.display(), crate::jsondoc::io_reason(e))
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
    let _ = write!(std::io::stdout(), "{}", crate::text::clean_lines(&crate::trust::command::held_lines(&store, lang)));
    // Everything is stored here, but the folder did not get our ops.
    Ok(if report.copy_out_failed { 1 } else { OK })
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
    let result = interface(&home, Config::default(), crate::demo::assignments(), None, lang);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Runs the interface on `data`: the user's own, with the store the caller
/// opened (and so locked), or with `None` the demo data and its own store.
fn interface(
    home: &Home,
    mut config: Config,
    data: Assignments,
    store: Option<Store>,
    lang: Lang,
) -> Result<i32, String> {
    let me: BTreeMap<String, String> = config.me.clone();
    let demo = store.is_none();
    // Findings on the demo data never mix with real ones.
    let (store, drafts) = match store {
        Some(store) => (store, home.data_dir.join("drafts")),
        None => (open_store(&home.demo_store_dir(), lang)?, home.data_dir.join("demo-drafts")),
    };
    let mut app = App::new(data, lang, demo, me, config.group.as_deref()).with_store(store, Some(drafts));
    // The demo never exchanges files with a real sync folder.
    app.shared.sync_dir = if demo { None } else { config.sync_dir.clone() };
    app.shared.max_cells = config.max_cells_per_member.unwrap_or(crate::report::plan::DEFAULT_LIMIT);
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
    if let Some(store) = &mut app.shared.store {
        let _ = store.save_cache();
    }
    result.map_err(|e| format!("{}: {}", terminal_word(lang), crate::jsondoc::io_reason(&e)))?;
    Ok(OK)
}

fn terminal_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "không mở được giao diện trên cửa sổ dòng lệnh này",
        Lang::En => "cannot run the interface in this terminal",
    }
}
