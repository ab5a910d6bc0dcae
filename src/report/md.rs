//! The Markdown export: the group's monthly report, ready to paste. Per
//! commune: visits made, weaknesses fixed, weaknesses remaining and why,
//! numbers that moved (70% → 90%), follow-ups still open (overdue marked).

use std::fmt::Write;

use super::Report;
use super::summary::{self, Move, open_follow_ups, overdue};
use super::tables::value_text;
use super::words::{Words, words};
use crate::checklist::Unit;
use crate::findings::{ItemField, Located, Path, Visit, VisitField};
use crate::i18n::Lang;

pub fn render(r: &Report) -> String {
    let w = words(r.lang);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", w.title);
    if let Some(g) = &r.scope.group {
        let name = r.assignments.group(g).map_or(g.as_str(), |g| g.name.as_str());
        let _ = writeln!(out, "- {}: {}", w.group, text(name));
    }
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

    let mut quiet = Vec::new();
    for commune in communes(r) {
        if !section(&mut out, r, w, &commune) {
            quiet.push(text(r.commune_name(&commune)));
        }
    }
    if !quiet.is_empty() {
        let _ = writeln!(out, "## {}\n\n{}\n", w.not_visited, quiet.join(", "));
    }
    if !r.conflicts.is_empty() {
        let _ = writeln!(out, "## {}\n\n{} {}:\n", w.conflicts, r.conflicts.len(), w.conflicts_hint);
        for c in &r.conflicts {
            let values: Vec<String> = c.heads.iter().map(|h| text(&value_text(h.value.as_ref(), r.lang))).collect();
            let _ = writeln!(out, "- {}: {}", conflict_place(r, c), values.join(" / "));
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The communes to report on: the group's (or every group's) in the order
/// of the assignments, then any the visits name that they do not know.
fn communes(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = r
        .assignments
        .groups
        .iter()
        .filter(|g| r.scope.group.as_ref().is_none_or(|id| *id == g.id))
        .flat_map(|g| g.communes.iter().map(|c| c.id.clone()))
        .collect();
    let mut seen: std::collections::HashSet<String> = out.iter().cloned().collect();
    for v in &r.group_visits {
        let id = r.commune(&v.commune).map_or(v.commune.clone(), |c| c.id.clone());
        if seen.insert(id.clone()) {
            out.push(id);
        }
    }
    out
}

/// Writes a commune's section; false (and nothing written) when the period
/// holds neither a visit nor an open follow-up for it.
fn section(out: &mut String, r: &Report, w: &Words, id: &str) -> bool {
    // A merged commune's section holds the old communes' visits too.
    let ours = |c: &str| r.commune(c).map_or(c == id, |k| k.id == id);
    let all: Vec<&Visit> = r.group_visits.iter().filter(|v| ours(&v.commune)).collect();
    let inside: Vec<&Visit> = all.iter().copied().filter(|v| r.scope.period.contains(&v.date)).collect();
    let open = open_follow_ups(r.follow_ups.iter().filter(|f| ours(&f.commune) && r.still_relevant(f)), &r.today);
    if inside.is_empty() && open.is_empty() {
        return false;
    }
    let commune = r.commune(id);
    let _ = writeln!(out, "## {}\n", text(r.commune_name(id)));

    let _ = writeln!(out, "### {} ({})\n", w.visits_made, inside.len());
    if inside.is_empty() {
        let _ = writeln!(out, "{}", w.no_visits);
    }
    for v in &inside {
        let names: Vec<String> = v.members.iter().map(|m| text(r.member_name(v, m).unwrap_or(m))).collect();
        let cells: Vec<String> = v.cells.iter().map(|c| text(r.cell_name(id, c).unwrap_or(c))).collect();
        let mut line = format!("- {}: {}", date(&v.date, r.lang), names.join(", "));
        if v.commune != id {
            let _ = write!(line, " ({})", text(r.commune_name(&v.commune)));
        }
        if !cells.is_empty() {
            let _ = write!(line, " ({}: {})", w.cells.to_lowercase(), cells.join(", "));
        }
        let _ = writeln!(out, "{line}");
    }

    let (fixed, remaining) = summary::weaknesses(commune, &inside, r.checklist);
    let _ = writeln!(out, "\n### {}\n", w.fixed);
    list(out, w, fixed.iter().map(|s| with_note(r.item_label(&s.code), s.note.as_deref())));
    let _ = writeln!(out, "\n### {}\n", w.remaining);
    list(
        out,
        w,
        remaining.iter().map(|s| {
            let status = s.status.map_or(w.not_assessed_in_period, |st| st.label(r.lang));
            with_note(&format!("{} ({})", r.item_label(&s.code), status.to_lowercase()), s.note.as_deref())
        }),
    );
    let _ = writeln!(out, "\n### {}\n", w.moved);
    let moves = summary::moves(commune, &all, &r.scope.period, r.checklist);
    list(out, w, moves.iter().map(|m| moved(r, w, m)));
    let _ = writeln!(out, "\n### {}\n", w.open_follow_ups);
    list(
        out,
        w,
        open.iter().map(|f| {
            let due = f
                .due
                .as_deref()
                .map_or(w.no_due.to_owned(), |d| format!("{} {}", w.due.to_lowercase(), date(d, r.lang)));
            let late =
                if overdue(f, &r.today) { format!(" — **{}**", w.overdue.to_uppercase()) } else { String::new() };
            format!("{} — {} — {due}{late}", text(&f.what), text(&f.who))
        }),
    );
    out.push('\n');
    true
}

fn list(out: &mut String, w: &Words, lines: impl Iterator<Item = String>) {
    let mut any = false;
    for l in lines {
        any = true;
        let _ = writeln!(out, "- {l}");
    }
    if !any {
        let _ = writeln!(out, "{}", w.nothing);
    }
}

fn with_note(label: &str, note: Option<&str>) -> String {
    match note {
        Some(n) => format!("{}: {}", text(label), text(n)),
        None => text(label),
    }
}

/// `Giải quyết đơn thư… — Tỷ lệ giải quyết: 70% → 90%`.
fn moved(r: &Report, w: &Words, m: &Move) -> String {
    let pct = if m.unit == Unit::Percent { "%" } else { "" };
    let n = crate::text::number;
    let from_when = match &m.from_date {
        None => format!(" ({})", w.baseline),
        Some(_) => String::new(),
    };
    format!(
        "{} — {}: {}{pct}{from_when} → {}{pct}",
        text(r.item_label(&m.code)),
        text(r.number_label(&m.code, &m.key)),
        n(m.from),
        n(m.to)
    )
}

/// A date as the report's readers write it: 30/06/2025 in Vietnamese.
fn date(d: &str, lang: Lang) -> String {
    match (lang, d.split('-').collect::<Vec<_>>().as_slice()) {
        (Lang::Vi, [y, m, day]) => format!("{day}/{m}/{y}"),
        _ => text(d),
    }
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

/// Where a conflict is, for people: the visit's commune and date and the
/// item's label when known (`Xã Bình Thạnh, 20/05/2024 — Tranh chấp… (note)`),
/// else the stored entity and field.
fn conflict_place(r: &Report, c: &Located) -> String {
    match (&c.path, &c.commune, &c.date) {
        (Path::Visit { field, .. }, Some(commune), Some(day)) => {
            let at = format!("{}, {}", text(r.commune_name(commune)), date(day, r.lang));
            match field {
                VisitField::Item { code, field } => format!(
                    "{at} — {} ({})",
                    text(r.item_label(code)),
                    text(&field_word(r, code, field).to_lowercase())
                ),
                other => format!("{at} — {}", text(&other.name())),
            }
        }
        _ => format!("`{}` {}", code(&c.path.entity()), text(&c.path.field())),
    }
}

/// The name of an item's field (note, a number's label...) for people.
fn field_word(r: &Report, item: &str, field: &ItemField) -> String {
    let w = words(r.lang);
    match field {
        ItemField::Note => w.note.to_owned(),
        ItemField::Status => w.status.to_owned(),
        ItemField::Rating => w.rating.to_owned(),
        ItemField::Cell => w.cell.to_owned(),
        ItemField::Number(key) => r.number_label(item, key).to_owned(),
        ItemField::Flag(_) => field.to_string(),
    }
}

/// An id inside a code span: backquotes would end it.
fn code(s: &str) -> String {
    crate::text::clean(s).replace('`', "'")
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
    fn dates_read_the_vietnamese_way() {
        assert_eq!(super::date("2025-06-30", crate::i18n::Lang::Vi), "30/06/2025");
        assert_eq!(super::date("2025-06-30", crate::i18n::Lang::En), "2025-06-30");
    }
}
