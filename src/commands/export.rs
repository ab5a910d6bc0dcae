//! `sotay export` and `sotay minutes`: check the arguments, gather the
//! findings of every device from the store, render the format, write it.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::exit::OK;
use crate::assignments::{self, Assignments};
use crate::home::{Config, Home};
use crate::i18n::Lang;
use crate::report::paper::Layout;
use crate::report::summary::Period;
use crate::report::{Format, Refusal, Report, Scope, render, shown, write};
use crate::store::{Store, StoreError};

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Args {
    pub format: Format,
    pub out: Option<PathBuf>,
    pub group: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub layout: Layout,
    pub number: Option<String>,
}

/// Runs the export; `Err` is the one sentence for stderr (exit 1).
pub fn export(home: &Home, config: &Config, args: &Args, lang: Lang) -> Result<i32, String> {
    let msg = |r: Refusal| r.message(lang);
    let period = period(args.from.as_deref(), args.to.as_deref()).map_err(msg)?;
    let out = match (&args.out, args.format) {
        (Some(p), _) => Some(check_out(p).map_err(msg)?),
        (None, Format::Csv) => return Err(msg(Refusal::NeedsOut { format: "csv" })),
        (None, Format::Xlsx) => return Err(msg(Refusal::NeedsOut { format: "xlsx" })),
        // A Word file may go down a pipe, never onto a terminal.
        (None, Format::Docx) if std::io::stdout().is_terminal() => {
            return Err(msg(Refusal::NeedsOut { format: "docx" }));
        }
        (None, _) => None,
    };
    let data = load_assignments(home, config, lang).map_err(msg)?;
    if data.groups.is_empty() {
        if args.format == Format::Docx {
            return Err(msg(Refusal::NoAssignments));
        }
        // Findings are labelled by their ids, never by the demo's names.
        eprintln!("{}", msg(Refusal::IdsOnly));
    }
    let store = open(&home.store_dir(), lang)?;
    let (visits, follow_ups, conflicts) = match &store {
        Some(s) => {
            let (visits, follow_ups) = (crate::findings::visits(s), crate::findings::follow_ups(s));
            let conflicts = crate::findings::locate(s.conflicts(), &visits, &follow_ups);
            (visits, follow_ups, conflicts)
        }
        None => Default::default(),
    };
    // The findings are folded out: the store's memory goes before the
    // export's is taken.
    drop(store);
    if let Some(g) = &args.group
        && data.group(g).is_none()
        && !visits.iter().any(|v| v.group == *g)
    {
        return Err(msg(Refusal::UnknownGroup(g.clone())));
    }
    // The Word report is one group's: the only one, or the one named.
    let group = match (&args.group, args.format) {
        (None, Format::Docx) if data.groups.len() > 1 => {
            return Err(msg(Refusal::ChooseGroup(data.groups.iter().map(|g| g.id.clone()).collect())));
        }
        (None, Format::Docx) => data.groups.first().map(|g| g.id.clone()),
        (g, _) => g.clone(),
    };
    let scope = Scope { group, period };
    let now = jiff::Zoned::now();
    let today = now.date().to_string();
    let exported_at = now.timestamp().to_string();
    let report =
        Report::new(&data, crate::checklist::active(), scope, visits, follow_ups, conflicts, today, exported_at, lang)
            .with_documents(config.documents.clone(), args.layout, args.number.clone());
    if args.format == Format::Docx && !report.conflicts.is_empty() {
        eprintln!("{}", msg(Refusal::ConflictsPending(report.conflicts.len())));
    }
    match out {
        Some(path) => {
            // Written as it is made; a reason from the writer comes back
            // through the io error it was wrapped in.
            let mut failed = None;
            let res = crate::disk::write_atomic_with(&path, |w| {
                write(&report, args.format, w).map_err(|reason| {
                    failed = Some(reason);
                    std::io::Error::other("export")
                })
            });
            if let Err(e) = res {
                let reason = failed.unwrap_or_else(|| crate::jsondoc::io_reason(&e));
                return Err(msg(Refusal::Unwritable { path: shown(&path), reason }));
            }
        }
        None if args.format == Format::Json => {
            // Streamed; a closed pipe (`| head`) is not the user's mistake.
            let mut o = std::io::BufWriter::new(std::io::stdout());
            let _ = write(&report, args.format, &mut o).map(|()| o.flush());
        }
        None => {
            let bytes = render(&report, args.format)
                .map_err(|reason| msg(Refusal::Unwritable { path: String::new(), reason }))?;
            // A closed pipe (`| head`) is not the user's mistake.
            let mut o = std::io::stdout().lock();
            let _ = o.write_all(&bytes).and_then(|_| o.flush());
        }
    }
    Ok(OK)
}

/// `sotay minutes VISIT_ID --out FILE.docx`; `Err` is the sentence for
/// stderr (exit 1).
pub fn minutes(
    home: &Home,
    config: &Config,
    visit: &str,
    out: &Path,
    layout: Layout,
    lang: Lang,
) -> Result<i32, String> {
    let msg = |r: Refusal| r.message(lang);
    let out = check_out(out).map_err(msg)?;
    let data = load_assignments(home, config, lang).map_err(msg)?;
    if data.groups.is_empty() {
        return Err(msg(Refusal::NoAssignments));
    }
    let store = open(&home.store_dir(), lang)?;
    let visits = store.as_ref().map(crate::findings::visits).unwrap_or_default();
    let Some(v) = visits.iter().find(|v| v.id == visit) else {
        return Err(msg(Refusal::UnknownVisit(visit.to_owned())));
    };
    let follow_ups = store.as_ref().map(crate::findings::follow_ups).unwrap_or_default();
    let bytes = crate::report::minutes::document(&data, &visits, &follow_ups, v, &config.documents, layout)
        .map_err(|reason| msg(Refusal::Unwritable { path: shown(&out), reason }))?;
    crate::disk::write_atomic(&out, &bytes)
        .map_err(|e| msg(Refusal::Unwritable { path: shown(&out), reason: crate::jsondoc::io_reason(&e) }))?;
    if !v.finalized {
        eprintln!("{}", msg(Refusal::Unfinished(crate::report::paper::short_date(&v.date))));
    }
    Ok(OK)
}

/// A strict `YYYY-MM-DD` that names a real day.
pub fn date(flag: &'static str, value: &str) -> Result<String, Refusal> {
    let bad = || Refusal::BadDate { flag, value: value.to_owned() };
    let b = value.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !shape {
        return Err(bad());
    }
    value.parse::<jiff::civil::Date>().map_err(|_| bad())?;
    Ok(value.to_owned())
}

pub fn period(from: Option<&str>, to: Option<&str>) -> Result<Period, Refusal> {
    let from = from.map(|d| date("--from", d)).transpose()?;
    let to = to.map(|d| date("--to", d)).transpose()?;
    if let (Some(f), Some(t)) = (&from, &to)
        && f > t
    {
        return Err(Refusal::FromAfterTo { from: f.clone(), to: t.clone() });
    }
    Ok(Period { from, to })
}

/// The `--out` path must name a file in a folder that exists: writing
/// atomically would otherwise create the folders, hiding a typo.
fn check_out(path: &Path) -> Result<PathBuf, Refusal> {
    if path.is_dir() {
        return Err(Refusal::IsFolder(shown(path)));
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        return Err(Refusal::NoFolder(shown(path)));
    }
    Ok(path.to_path_buf())
}

/// The remembered assignments, for commune, member and cell names; none
/// when none were loaded (never the demo's: real findings must not carry
/// made-up names).
fn load_assignments(home: &Home, config: &Config, lang: Lang) -> Result<Assignments, Refusal> {
    if config.assignments.is_empty() {
        return Ok(Assignments::default());
    }
    let paths: Vec<PathBuf> = config.assignments.iter().map(|n| home.assignments_dir().join(n)).collect();
    let out = assignments::load_files(&paths, crate::checklist::active());
    if out.has_errors() {
        let mut err = std::io::stderr().lock();
        for p in out.problems.iter().filter(|p| !p.is_warning()) {
            let _ = writeln!(err, "{}", crate::text::clean(&p.render(lang)));
        }
        return Err(Refusal::Assignments);
    }
    Ok(out.assignments)
}

/// The store read without its lock, so that an export works while the TUI
/// is open; no store yet means nothing was recorded.
fn open(dir: &Path, lang: Lang) -> Result<Option<Store>, String> {
    match Store::open_read_only(dir) {
        Ok(s) => Ok(Some(s)),
        Err(StoreError::NoData { .. }) => Ok(None),
        Err(e) => Err(e.message(lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_and_strict() {
        assert_eq!(date("--from", "2024-02-29"), Ok("2024-02-29".to_owned()));
        for bad in ["2023-02-29", "2024-13-01", "2024-1-01", "01/02/2024", "2024-02-30", "20240101", "2024-01-01x"] {
            assert!(date("--from", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reversed_period_is_refused() {
        assert!(matches!(period(Some("2024-06-01"), Some("2024-05-01")), Err(Refusal::FromAfterTo { .. })));
        assert!(period(Some("2024-05-01"), Some("2024-05-01")).is_ok());
        assert_eq!(period(None, None), Ok(Period::default()));
    }

    #[test]
    fn out_needs_an_existing_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_out(&dir.path().join("r.csv")).is_ok());
        assert!(matches!(check_out(&dir.path().join("nope/r.csv")), Err(Refusal::NoFolder(_))));
        assert!(matches!(check_out(dir.path()), Err(Refusal::IsFolder(_))));
        assert!(check_out(Path::new("r.csv")).is_ok());
    }
}
