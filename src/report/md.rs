//! The Markdown export: the groups' report for the period, ready to paste,
//! laid out from the same facts as the Word report. Per group and commune:
//! visits made (unfinished ones marked), known weaknesses fixed and
//! remaining (with that visit's note), other items, numbers from the
//! starting level (`70% → 80% → 90%`), cell meetings, open follow-ups
//! (overdue marked). Conflicts come last, apart, to settle before sending.

use std::fmt::Write;

use super::Report;
use super::facts::{CommuneFacts, Facts, ItemFacts};
use super::pending::{local_time, pending, zone, zone_name};
use super::summary::overdue;
use super::words::{Words, words};
use crate::i18n::Lang;

pub fn render(r: &Report) -> String {
    let w = words(r.lang);
    let facts = Facts::new(r);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", w.title);
    let p = &r.scope.period;
    let period = match (&p.from, &p.to) {
        (None, None) => w.whole_period.to_owned(),
        (from, to) => format!(
            "{} – {}",
            from.as_deref().map_or(String::from("…"), |d| date(d, r.lang)),
            to.as_deref().map_or(String::from("…"), |d| date(d, r.lang))
        ),
    };
    let _ = writeln!(out, "- {}: {period}", w.period);
    let _ = writeln!(out, "- {}: {}\n", w.made_on, date(&r.today, r.lang));

    for g in &facts.groups {
        let _ = writeln!(out, "## {}\n", text(&g.name));
        if g.communes.is_empty() {
            let _ = writeln!(out, "{}\n", w.no_visits);
        }
        for c in &g.communes {
            commune(&mut out, r, w, c);
        }
        if !g.quiet.is_empty() {
            let names: Vec<String> = g.quiet.iter().map(|n| text(n)).collect();
            let _ = writeln!(out, "### {}\n\n{}\n", w.not_visited, names.join(", "));
        }
    }
    let pending = pending(r);
    if !pending.is_empty() {
        let tz = zone();
        let _ = writeln!(out, "---\n\n## {}\n\n{} {}:\n", w.conflicts, pending.len(), w.conflicts_hint);
        for c in &pending {
            let sides: Vec<String> = c
                .sides
                .iter()
                .map(|s| format!("«{}» ({}, {})", text(&s.value), text(&s.by), local_time(s.at, &tz, r.lang)))
                .collect();
            let _ = writeln!(out, "- {}: {}", text(&c.place(r.lang)), sides.join(" / "));
        }
        let _ = writeln!(out, "\n{}: {}", w.times_in, zone_name(&tz));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn commune(out: &mut String, r: &Report, w: &Words, c: &CommuneFacts) {
    let _ = writeln!(out, "### {}\n", text(&c.name));
    let _ = writeln!(out, "#### {} ({})\n", w.visits_made, c.visits.len());
    if c.visits.is_empty() {
        let _ = writeln!(out, "{}", w.no_visits);
    }
    for v in &c.visits {
        let names: Vec<String> = v.members.iter().map(|m| text(m)).collect();
        let mut line = format!("- {}: {}", date(&v.visit.date, r.lang), names.join(", "));
        if let Some(old) = &v.old_commune {
            let _ = write!(line, " ({})", text(old));
        }
        if !v.cells.is_empty() {
            let cells: Vec<String> = v.cells.iter().map(|m| text(m)).collect();
            let _ = write!(line, " ({}: {})", w.cells.to_lowercase(), cells.join(", "));
        }
        if !v.visit.finalized {
            let _ = write!(line, " — *{}*", w.unfinished);
        }
        let _ = writeln!(out, "{line}");
    }
    let status = |i: &ItemFacts| i.status.as_ref().map_or(w.not_assessed_in_period, |(s, _)| s.label(r.lang));
    let _ = writeln!(out, "\n#### {}\n", w.fixed);
    list(out, w, c.weaknesses.iter().filter(|i| i.fixed()).map(|i| with_note(&i.label, i.note.as_deref())));
    let _ = writeln!(out, "\n#### {}\n", w.remaining);
    list(
        out,
        w,
        c.weaknesses.iter().filter(|i| !i.fixed()).map(|i| {
            let mut s = with_note(&format!("{} ({})", i.label, status(i).to_lowercase()), i.note.as_deref());
            if let Some(known) = &i.weakness {
                let _ = write!(s, "  \n  *{}: {}*", w.weakness_was, lines(known));
            }
            s
        }),
    );
    if !c.others.is_empty() {
        let _ = writeln!(out, "\n#### {}\n", w.other_items);
        list(
            out,
            w,
            c.others
                .iter()
                .map(|i| with_note(&format!("{} ({})", i.label, status(i).to_lowercase()), i.note.as_deref())),
        );
    }
    let _ = writeln!(out, "\n#### {}\n", w.moved);
    list(
        out,
        w,
        c.weaknesses.iter().chain(&c.others).flat_map(|i| {
            i.numbers.iter().map(move |n| {
                let first = if n.first { format!(" ({})", w.first_value) } else { String::new() };
                format!("{} — {}: {}{first}", text(&i.label), text(&n.label), n.chain(r.lang))
            })
        }),
    );
    if !c.meetings.is_empty() {
        let _ = writeln!(out, "\n#### {}\n", w.meetings);
        list(out, w, c.meetings.iter().map(|m| text(&m.text(r.lang))));
    }
    let _ = writeln!(out, "\n#### {}\n", w.open_follow_ups);
    list(
        out,
        w,
        c.open.iter().map(|f| {
            let due = f
                .due
                .as_deref()
                .map_or(w.no_due.to_owned(), |d| format!("{} {}", w.due.to_lowercase(), date(d, r.lang)));
            let late =
                if overdue(f, &r.today) { format!(" — **{}**", w.overdue.to_uppercase()) } else { String::new() };
            format!("{} — {} — {due}{late}", lines(&f.what), text(&f.who))
        }),
    );
    out.push('\n');
}

fn list(out: &mut String, w: &Words, items: impl Iterator<Item = String>) {
    let mut any = false;
    for l in items {
        any = true;
        let _ = writeln!(out, "- {l}");
    }
    if !any {
        let _ = writeln!(out, "{}", w.nothing);
    }
}

fn with_note(label: &str, note: Option<&str>) -> String {
    match note {
        Some(n) => format!("{}: {}", text(label), lines(n)),
        None => text(label),
    }
}

/// A date as the report's readers write it: 30/06/2025 in Vietnamese.
fn date(d: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => text(&super::paper::short_date(d)),
        Lang::En => text(d),
    }
}

/// Text of several lines inside a list item: each line kept, as a hard
/// break (two spaces) and an indent that keeps it in the item.
fn lines(s: &str) -> String {
    s.lines().map(text).filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join("  \n  ")
}

/// Data text made safe for Markdown and for a terminal: controls replaced
/// (line breaks become spaces), Markdown's active characters escaped.
fn text(s: &str) -> String {
    let clean = crate::text::clean(s);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_text_is_escaped_and_cleaned() {
        assert_eq!(super::text("Xã *Bình* Thanh"), "Xã \\*Bình\\* Thanh");
        assert_eq!(super::text("a\nb\u{1b}[2J"), "a b\u{FFFD}\\[2J");
        assert_eq!(super::text("Tỷ lệ 70%"), "Tỷ lệ 70%");
    }

    #[test]
    fn notes_keep_their_lines() {
        assert_eq!(super::lines("Dòng 1\nDòng *2*\r\n\nDòng 3"), "Dòng 1  \n  Dòng \\*2\\*  \n  Dòng 3");
    }

    #[test]
    fn dates_read_the_vietnamese_way() {
        assert_eq!(super::date("2025-06-30", crate::i18n::Lang::Vi), "30/06/2025");
        assert_eq!(super::date("2025-06-30", crate::i18n::Lang::En), "2025-06-30");
    }
}
