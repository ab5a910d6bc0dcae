//! A commune's numbers over its visits: a sparkline per number with the
//! values written out (resolution rate 70 → 78 → 90), and new members
//! admitted against the target as bars.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::assignments::Commune;
use crate::checklist::{NumberDef, Unit};
use crate::findings::Visit;
use crate::i18n::{Lang, board};
use crate::text::{clean, number_in, truncate, width};
use crate::tui::app::App;
use crate::tui::screens::Trends;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One bar per value, scaled between the smallest and the largest.
pub fn sparkline(values: &[f64]) -> String {
    let (lo, hi) = values.iter().fold((f64::MAX, f64::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    values
        .iter()
        .map(|&v| if hi > lo { BARS[(((v - lo) / (hi - lo)) * 7.0).round() as usize] } else { BARS[3] })
        .collect()
}

fn value(v: f64, unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Percent => format!("{}%", number_in(v, lang)),
        Unit::Count => number_in(v, lang),
    }
}

/// `a → b → c` in at most `room` cells, keeping the latest values when
/// not all fit.
pub fn labelled(values: &[String], room: usize) -> String {
    let all = values.join(" → ");
    if width(&all) <= room {
        return all;
    }
    let mut kept: Vec<&str> = Vec::new();
    for v in values.iter().rev() {
        let next = width(v) + 3 + kept.iter().map(|k| width(k) + 3).sum::<usize>() + 1;
        if next > room && !kept.is_empty() {
            break;
        }
        kept.insert(0, v);
    }
    truncate(&format!("… → {}", kept.join(" → ")), room).into_owned()
}

/// A number's points: the commune's baseline (when the assignments give
/// one) then each visit where it was typed or could be computed; and
/// whether the first point is the baseline.
fn points(commune: &Commune, visits: &[&Visit], code: &str, def: &NumberDef) -> (Vec<f64>, bool) {
    let base = commune.weaknesses.iter().find(|w| w.code == code).and_then(|w| w.baseline.get(&def.key));
    let series = crate::findings::series(visits, crate::checklist::active(), code, &def.key);
    (base.copied().into_iter().chain(series.into_iter().map(|(_, v)| v)).collect(), base.is_some())
}

fn heading(text: &str) -> Line<'static> {
    Line::styled(text.to_owned(), Style::default().add_modifier(Modifier::BOLD).fg(Color::Cyan))
}

pub fn lines(commune: &Commune, all: &[Visit], lang: Lang, w: usize) -> Vec<Line<'static>> {
    let t = board(lang);
    let visits = crate::findings::commune_visits(all, commune);
    let mut out = Vec::new();
    let span = match (visits.first(), visits.last()) {
        (Some(a), Some(b)) => format!(": {} – {}", a.date, b.date),
        _ => String::new(),
    };
    out.push(Line::styled(format!("{} {}{span}", visits.len(), t.visits), Style::default().fg(Color::DarkGray)));
    let recruitment = recruitment_lines(commune, &visits, lang, w);
    if !recruitment.is_empty() {
        out.push(heading(t.admitted_vs_target));
        out.extend(recruitment);
    }
    let label_w = (w / 3).clamp(12, 34);
    let mut any = false;
    for item in &crate::checklist::active().items {
        let mut rows = Vec::new();
        for def in &item.numbers {
            let (values, has_base) = points(commune, &visits, &item.code, def);
            if values.is_empty() {
                continue;
            }
            let spark = sparkline(&values);
            let room = w.saturating_sub(label_w + values.len() + 4);
            let mut texts: Vec<String> = values.iter().map(|&v| value(v, def.unit, lang)).collect();
            // The baseline is named, so that it does not read as a visit.
            if has_base {
                texts[0] = format!("{} {}", t.baseline, texts[0]);
            }
            let label = truncate(&clean(def.label.get(lang)), label_w).into_owned();
            let pad = " ".repeat(label_w.saturating_sub(width(&label)));
            rows.push(Line::from(vec![
                Span::raw(format!("  {label}{pad} ")),
                Span::styled(spark, Style::default().fg(Color::Cyan)),
                Span::raw(format!(" {}", labelled(&texts, room))),
            ]));
        }
        if !rows.is_empty() {
            any = true;
            out.push(heading(&clean(item.label.get(lang))));
            out.extend(rows);
        }
    }
    if !any && out.len() == 1 {
        out.push(Line::styled(t.no_numbers, Style::default().fg(Color::DarkGray)));
    }
    out
}

/// Admitted against target, one bar per visit where both are known
/// (baseline first): `3/7 ███░░░░ 43%`.
fn recruitment_lines(commune: &Commune, visits: &[&Visit], lang: Lang, w: usize) -> Vec<Line<'static>> {
    let rows = crate::findings::against_target(commune, visits, crate::checklist::active())
        .into_iter()
        .map(|r| (r.date.unwrap_or_else(|| board(lang).baseline.to_owned()), r.admitted, r.target));
    let bar_w = w.saturating_sub(34).clamp(5, 30);
    rows.map(|(label, a, t)| {
        let share = if t > 0.0 { (a / t).clamp(0.0, 1.0) } else { 0.0 };
        let full = (share * bar_w as f64).round() as usize;
        let pct = crate::findings::ratio(a, t).map_or(String::new(), |p| format!(" {}%", number_in(p, lang)));
        let done = a >= t && t > 0.0;
        let color = if done { Color::Green } else { Color::Yellow };
        Line::from(vec![
            Span::raw(format!("  {:<10} {:>3}/{:<3} ", truncate(&label, 10), number_in(a, lang), number_in(t, lang))),
            Span::styled("█".repeat(full), Style::default().fg(color)),
            Span::styled("░".repeat(bar_w - full), Style::default().fg(Color::DarkGray)),
            Span::raw(format!("{pct}{}", if done { " ✓" } else { "" })),
        ])
    })
    .collect()
}

pub fn draw(frame: &mut Frame, area: Rect, footer: Rect, trends: &Trends, app: &App) {
    let app = &app.shared;
    let t = board(app.lang);
    let commune = app.data.commune(&trends.commune).map(|(_, c)| c);
    let title = commune.map_or(t.trends_title.to_owned(), |c| format!("{} — {}", t.trends_title, clean(&c.name)));
    let block = Block::default().borders(Borders::ALL).title(title);
    let w = block.inner(area).width as usize;
    let lines = commune.map(|c| lines(c, &app.findings.visits, app.lang, w)).unwrap_or_default();
    frame.render_widget(Paragraph::new(lines).block(block).scroll((trends.scroll, 0)), area);
    frame.render_widget(Paragraph::new(super::lists::footer_line(app.status.as_ref(), t.trends_hint)), footer);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_scales_and_labels_keep_the_latest() {
        assert_eq!(sparkline(&[70.0, 78.0, 90.0]), "▁▄█");
        assert_eq!(sparkline(&[5.0, 5.0]), "▄▄");
        let v: Vec<String> = ["70%", "78%", "90%"].map(String::from).to_vec();
        assert_eq!(labelled(&v, 40), "70% → 78% → 90%");
        let cut = labelled(&v, 12);
        assert!(cut.ends_with("90%") && cut.starts_with('…') && width(&cut) <= 12, "{cut}");
    }
}
