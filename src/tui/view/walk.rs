//! The visit screens: starting a visit, and the walk through the checklist.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::overlay::centered;
use crate::checklist::{Item, Unit};
use crate::findings::{Status, VisitField};
use crate::i18n::{Lang, walk as t};
use crate::text::{clean, number_in, truncate};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keys::Context;
use crate::tui::walk::form::{self, Field};
use crate::tui::walk::history::{self, Histories};
use crate::tui::walk::setup::Setup;
use crate::tui::walk::{FollowUpForm, Note, Walk};

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

fn focus_style(on: bool) -> Style {
    if on { Style::default().bg(Color::Cyan).fg(Color::Black).add_modifier(Modifier::BOLD) } else { Style::default() }
}

pub fn setup(frame: &mut Frame, area: Rect, footer: Rect, s: &Setup, app: &App) {
    let lang = app.shared.lang;
    let w = t(lang);
    let mut lines = vec![Line::styled(clean(&s.commune_name).into_owned(), bold())];
    let marker = |on: bool| if on { "▶ " } else { "  " };
    lines.push(Line::from(vec![
        Span::raw(format!("{}{}: ", marker(s.section == 0), w.date)),
        Span::styled(format!("{}{}", s.date, if s.section == 0 { "▏" } else { "" }), focus_style(s.section == 0)),
    ]));
    for (i, (title, rows)) in [(w.who_went, &s.members), (w.cells_attended, &s.cells)].into_iter().enumerate() {
        let section = i + 1;
        lines.push(Line::styled(format!("{}{title}", marker(s.section == section)), bold()));
        for (j, (_, name, on)) in rows.iter().enumerate() {
            let here = s.section == section && s.cursor == j;
            let tick = if *on { "[x]" } else { "[ ]" };
            lines.push(Line::styled(format!("    {tick} {}", clean(name)), focus_style(here)));
        }
    }
    if let Some(e) = &s.error {
        lines.push(Line::styled(clean(e).into_owned(), Style::default().fg(Color::Red)));
    }
    let block = Block::default().borders(Borders::ALL).title(w.setup_title);
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
    use crate::tui::keys::{Context, hint_of};
    let keys = [Action::Choose, Action::NextField, Action::Toggle, Action::Cancel];
    let hint = hint_of(&[Context::Setup], &keys, lang);
    frame.render_widget(Paragraph::new(super::lists::footer_line(app.shared.status.as_ref(), hint)), footer);
}

pub fn draw(frame: &mut Frame, area: Rect, footer: Rect, walk: &Walk, app: &App) {
    let lang = app.shared.lang;
    let w = t(lang);
    let checklist = crate::checklist::active();
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let members =
        app.shared.data.commune(&walk.commune).map(|(g, _)| g.member_names(&walk.state.members)).unwrap_or_default();
    let mut head_spans = vec![
        Span::styled(format!("{} · {}", clean(&walk.commune_name), walk.state.date), bold()),
        Span::raw(format!(" · {} · {}/{} {}", clean(&members), walk.assessed(), walk.items.len(), w.assessed)),
    ];
    if walk.state.finalized {
        head_spans.push(Span::styled(format!(" · {}", w.final_mark), Style::default().fg(Color::Green)));
    }
    frame.render_widget(Paragraph::new(Line::from(head_spans)), head);

    // The list grows with the terminal; below 60 columns the form takes
    // the whole width (its title names the item).
    let list_w = if body.width < 60 { 0 } else { (body.width / 3).clamp(20, 80) };
    let [left, right] = Layout::horizontal([Constraint::Length(list_w), Constraint::Min(10)]).areas(body);
    if list_w > 0 {
        item_list(frame, left, walk, lang);
    }
    if walk.review {
        review(frame, right, walk, lang);
    } else {
        item_form(frame, right, walk, app);
    }
    let foot = match (&walk.goto, &walk.note) {
        (Some(q), _) => {
            Line::from(vec![Span::styled(format!("{}: ", w.goto), bold()), Span::raw(format!("{}▏", clean(q)))])
        }
        (None, Some(Note::Saved(m))) => Line::styled(clean(m).into_owned(), Style::default().fg(Color::Green)),
        (None, Some(Note::Error(m))) => {
            Line::styled(clean(m).into_owned(), Style::default().fg(Color::Red).add_modifier(Modifier::BOLD))
        }
        (None, Some(Note::Info(m))) => Line::styled(clean(m).into_owned(), Style::default().fg(Color::Yellow)),
        (None, None) => Line::styled(walk_hint(walk, lang), dim()),
    };
    frame.render_widget(Paragraph::new(foot), footer);
    if let Some(editor) = &walk.editor {
        let popup = centered(body, body.width.saturating_sub(4).min(90), body.height.saturating_sub(2).min(14));
        frame.render_widget(Clear, popup);
        let label = clean(walk.item(checklist).map_or(walk.code(), |i| i.label.get(lang))).into_owned();
        let title = format!("{} — {} ({})", w.note, truncate(&label, 40), w.note_hint);
        let block = Block::default().borders(Borders::ALL).title(title);
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        frame.render_widget(editor, inner);
    }
    if let Some(f) = &walk.follow_up {
        follow_up_form(frame, body, f, lang);
    }
    if let Some(h) = &walk.histories {
        histories(frame, body, h, lang);
    }
}

/// The item's fields with their histories (`h`), over the form.
fn histories(frame: &mut Frame, body: Rect, h: &Histories, lang: Lang) {
    let words = crate::tui::walk::words(lang);
    let popup = centered(body, body.width.saturating_sub(2).min(100), body.height.saturating_sub(1));
    frame.render_widget(Clear, popup);
    let mut lines = Vec::new();
    for (label, steps) in &h.rows {
        lines.push(Line::styled(label.clone(), bold()));
        for s in steps {
            let mark = if s.concurrent { "‖ " } else { "• " };
            let mut spans = vec![
                Span::raw(format!("  {mark}{}", s.value)),
                Span::styled(format!("  {}, {}", clean(&s.by), s.at), dim()),
            ];
            if s.concurrent {
                spans.push(Span::styled(format!("  ({})", words.concurrent), Style::default().fg(Color::Red)));
            }
            lines.push(Line::from(spans));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled(words.history_none, dim()));
    }
    let block = Block::default().borders(Borders::ALL).title(words.history_title);
    let scroll = h.scroll.min(lines.len().saturating_sub(1)) as u16;
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).scroll((scroll, 0)), popup);
}

/// The footer's keys where the user is, from the key table.
fn walk_hint(walk: &Walk, lang: Lang) -> String {
    use crate::tui::keys::hint_of;
    let contexts = walk.contexts();
    let keys: &[Action] = match contexts.first() {
        Some(Context::Note) => &[Action::Cancel],
        Some(Context::Form) => &[Action::Choose, Action::Cancel, Action::NextField, Action::PrevField],
        Some(Context::WalkNumber) => &[
            Action::Choose,
            Action::PrevField,
            Action::FocusStatus,
            Action::History,
            Action::AddFollowUp,
            Action::Help,
        ],
        Some(Context::WalkField) => &[
            Action::Choose,
            Action::CycleNext,
            Action::PrevField,
            Action::FocusStatus,
            Action::History,
            Action::AddFollowUp,
            Action::Help,
        ],
        Some(Context::WalkFlag | Context::WalkRating) => {
            &[Action::Choose, Action::PrevField, Action::FocusStatus, Action::AddFollowUp, Action::Help]
        }
        Some(Context::History) => &[Action::Cancel, Action::Down],
        _ => &[
            Action::Choose,
            Action::NextField,
            Action::AddFollowUp,
            Action::Undo,
            Action::History,
            Action::Review,
            Action::Help,
            Action::Back,
        ],
    };
    hint_of(&contexts, keys, lang)
}

/// The follow-up form: each field one line, its text scrolled so that the
/// end being typed stays in view.
fn follow_up_form(frame: &mut Frame, body: Rect, f: &FollowUpForm, lang: Lang) {
    let w = t(lang);
    let popup = centered(body, body.width.saturating_sub(2).min(72), 5);
    frame.render_widget(Clear, popup);
    let inner_w = popup.width.saturating_sub(2) as usize;
    let due_label = format!("{} (30/6, +30)", w.due);
    let rows = [(w.what, &f.what), (w.who, &f.who), (due_label.as_str(), &f.due)];
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let on = f.field == i;
            let label = format!("{label}: ");
            let room = inner_w.saturating_sub(crate::text::width(&label) + 1).max(1);
            let value = clean(value);
            let shown = tail(&value, room);
            Line::from(vec![
                Span::styled(label, bold()),
                Span::styled(format!("{shown}{}", if on { "▏" } else { "" }), focus_style(on)),
            ])
        })
        .collect();
    let block = Block::default().borders(Borders::ALL).title(w.new_follow_up);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// The end of `s` that fits `room` columns, `…` first when cut: a field
/// scrolls to the text being typed rather than running off its edge.
fn tail(s: &str, room: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if crate::text::width(s) <= room {
        return s.to_owned();
    }
    let mut kept = Vec::new();
    let mut used = 1;
    for g in s.graphemes(true).rev() {
        let gw = crate::text::width(g);
        if used + gw > room {
            break;
        }
        used += gw;
        kept.push(g);
    }
    kept.reverse();
    format!("…{}", kept.concat())
}

fn item_list(frame: &mut Frame, area: Rect, walk: &Walk, lang: Lang) {
    let checklist = crate::checklist::active();
    let block = Block::default().borders(Borders::ALL);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let offset = crate::tui::cursor::ListCursor::at(walk.current).window(walk.items.len(), height);
    let buf = frame.buffer_mut();
    for (row, (i, code)) in walk.items.iter().enumerate().skip(offset).take(height).enumerate() {
        let status = walk.status(code);
        let label = checklist.item(code).map_or(code.as_str(), |it| it.label.get(lang));
        let known = if i < walk.known { "!" } else { " " };
        // An item with a field in conflict: ⚠ before its label.
        let of_item = |f: &String| matches!(VisitField::parse(f), Some(VisitField::Item { code: c, .. }) if c == *code);
        let warn = if walk.conflicted.iter().any(of_item) { "⚠ " } else { "" };
        let text = format!("{:>2}{known}{} {warn}{}", walk.number_of(code), status.symbol(), clean(label));
        let style = if i == walk.current { focus_style(true) } else { status_style(status) };
        let line = Line::styled(truncate(&text, inner.width as usize).into_owned(), style);
        let y = inner.y + row as u16;
        buf.set_line(inner.x, y, &line, inner.width);
        if i == walk.current {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        }
    }
}

fn status_style(s: Status) -> Style {
    match s {
        Status::NotAssessed => Style::default(),
        Status::NoChange => Style::default().fg(Color::Yellow),
        Status::Improving => Style::default().fg(Color::Cyan),
        Status::Resolved => Style::default().fg(Color::Green),
        Status::Worse => Style::default().fg(Color::Red),
    }
}

fn item_form(frame: &mut Frame, area: Rect, walk: &Walk, app: &App) {
    let lang = app.shared.lang;
    let w = t(lang);
    let checklist = crate::checklist::active();
    let Some(item) = walk.item(checklist) else { return };
    let code = item.code.as_str();
    let finding = walk.finding(code).cloned().unwrap_or_default();
    let prev = walk.prev.get(code).cloned().unwrap_or_default();
    let fields = form::fields(item);
    let focused = fields.get(walk.focus).cloned().unwrap_or(Field::Status);
    let mut lines = Vec::new();
    if walk.current < walk.known {
        let note = app
            .shared
            .data
            .commune(&walk.commune)
            .and_then(|(_, c)| c.weaknesses.iter().find(|x| x.code == code).and_then(|x| x.note.clone()));
        let mut spans = vec![Span::styled(format!("! {}", w.known_weakness), Style::default().fg(Color::Magenta))];
        if let Some(n) = note {
            spans.push(Span::raw(format!(": {}", clean(&n))));
        }
        lines.push(Line::from(spans));
    }
    let marker = |f: &Field| if *f == focused { "▶ " } else { "  " };
    let mut status_line = vec![
        Span::raw(format!("{}{}: ", marker(&Field::Status), w.status)),
        Span::styled(
            format!("{} {}", finding.status.symbol(), finding.status.label(lang)),
            status_style(finding.status).add_modifier(Modifier::BOLD),
        ),
    ];
    if prev.status != Status::NotAssessed {
        let date = walk.prev_date.as_deref().unwrap_or("");
        status_line.push(Span::styled(format!("   {} {date}: {}", w.last_visit, prev.status.label(lang)), dim()));
    }
    if walk.conflicted.contains(&crate::findings::ItemField::Status.of(code)) {
        status_line.push(Span::styled(
            format!("  {}", w.conflict_mark),
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        ));
    }
    // The focused field's line: the form scrolls to keep it in view.
    let mut focus_line = lines.len();
    lines.push(Line::from(status_line));
    if focused == Field::Status {
        lines.push(Line::styled(format!("  {}", w.status_keys), dim()));
    }
    for field in &fields[1..] {
        if *field == focused {
            focus_line = lines.len();
        }
        lines.push(field_line(field, marker(field), *field == focused, walk, item, &finding, &prev, app));
        // The keys of a focused choice under it, as under the status.
        if *field == focused && matches!(field, Field::Flag(_) | Field::Rating) {
            lines.push(Line::styled(format!("  {}", crate::tui::walk::flow::choice_keys(field, lang)), dim()));
        }
    }
    let follow_ups: Vec<_> = walk.follow_ups.iter().filter(|f| f.item == code).collect();
    if !follow_ups.is_empty() {
        lines.push(Line::styled(w.follow_ups, bold()));
        for f in follow_ups {
            let mut spans = vec![Span::raw(format!("  {} {}", if f.done { "✓" } else { "•" }, clean(&f.what)))];
            if !f.who.is_empty() {
                spans.push(Span::styled(format!(" — {}", clean(&f.who)), dim()));
            }
            if let Some(due) = &f.due {
                spans.push(Span::raw(format!(" — {} {due}", w.due)));
            }
            if walk.is_overdue(f) {
                spans.push(Span::styled(
                    format!(" {}", w.overdue),
                    Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
                ));
            } else if f.done {
                spans.push(Span::styled(format!(" ({})", w.done), dim()));
            }
            lines.push(Line::from(spans));
        }
    }
    if !walk.history.is_empty() {
        let steps =
            history::steps(&walk.history, &walk.history_heads, &focused, Some(item), walk, &app.shared.data, lang);
        lines.push(Line::styled(format!("{}: {}", w.history, history::one_line(&steps, lang)), dim()));
    }
    let title = format!("{}. {}", walk.number_of(code), clean(item.label.get(lang)));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(truncate(&title, area.width.saturating_sub(2) as usize).into_owned());
    // A status, yes/no or rating has its keys on the line under it.
    let keys_under = matches!(focused, Field::Status | Field::Flag(_) | Field::Rating);
    let scroll = scroll_to(&lines, focus_line, usize::from(keys_under), block.inner(area));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).scroll((scroll, 0)), area);
}

/// Rows to scroll a wrapped form by so that line `focus` is in view, and
/// the `after` lines under it (its keys) when there is room.
fn scroll_to(lines: &[Line], focus: usize, after: usize, inner: Rect) -> u16 {
    let rows = |ls: &[Line]| Paragraph::new(ls.to_vec()).wrap(Wrap { trim: false }).line_count(inner.width) as u16;
    let before = rows(&lines[..focus.min(lines.len())]);
    let end = rows(&lines[..(focus + 1 + after).min(lines.len())]);
    end.saturating_sub(inner.height).min(before)
}

#[allow(clippy::too_many_arguments)]
fn field_line(
    field: &Field,
    marker: &str,
    focused: bool,
    walk: &Walk,
    item: &Item,
    finding: &crate::findings::ItemFinding,
    prev: &crate::findings::ItemFinding,
    app: &App,
) -> Line<'static> {
    let lang = app.shared.lang;
    let w = t(lang);
    let conflict = |name: String| walk.conflicted.contains(&name);
    let mut spans = Vec::new();
    match field {
        Field::Number(i) => {
            let def = &item.numbers[*i];
            let pct = if def.unit == Unit::Percent { "%" } else { "" };
            spans.push(Span::raw(format!("{marker}{}: ", clean(def.label.get(lang)))));
            // What the form shows: typed, filled in (the cell's member
            // count) or computed from those.
            let shown = crate::findings::shown_number(item, *i, &walk.shown_numbers(item));
            let text = match (&walk.input, focused) {
                (Some(typed), true) => format!("{typed}▏"),
                _ => shown.map_or("—".into(), |v| format!("{}{pct}", number_in(v, lang))),
            };
            spans.push(Span::styled(text, focus_style(focused)));
            let words = crate::tui::walk::words(lang);
            if walk.is_computed(item, *i) {
                spans.push(Span::styled(format!(" ({})", words.computed), dim()));
            } else if !finding.numbers.contains_key(&def.key) && walk.is_default_number(item, *i) {
                spans.push(Span::styled(format!(" ({})", words.filled_in), dim()));
            }
            let before = prev.numbers.get(&def.key).copied();
            if let Some(b) = before {
                let from_base = walk.from_baseline.contains(&(item.code.clone(), def.key.clone()));
                let label = if from_base { w.baseline } else { w.last_visit };
                let mut s = format!("   {label}: {}{pct}", number_in(b, lang));
                if let Some(now) = shown {
                    // Rounded as shown: 91.7 - 70 is not 21.700000000000003.
                    let d = ((now - b) * 1e6).round() / 1e6;
                    if d != 0.0 {
                        s.push_str(&format!(
                            " → {}{pct} {}{}",
                            number_in(now, lang),
                            if d > 0.0 { "▲" } else { "▼" },
                            number_in(d.abs(), lang)
                        ));
                    }
                }
                spans.push(Span::styled(s, dim()));
            }
            if item.code == crate::findings::MEETING_ITEM
                && def.key == crate::findings::PRESENT
                && let Some(absent) = crate::findings::absent(&finding.numbers)
            {
                spans.push(Span::styled(
                    format!("  {} {}", w.absent, number_in(absent, lang)),
                    Style::default().fg(Color::Red),
                ));
            }
        }
        Field::Cell => {
            let shown = walk.shown_cell(&item.code);
            let cell = shown.and_then(|(id, _)| {
                app.shared
                    .data
                    .commune(&walk.commune)
                    .and_then(|(_, c)| c.cells.iter().find(|x| x.id == id))
                    .map(|c| c.name.clone())
            });
            spans.push(Span::raw(format!("{marker}{}: ", w.cell)));
            spans.push(Span::styled(
                format!("◀ {} ▶", clean(&cell.unwrap_or_else(|| "—".into()))),
                focus_style(focused),
            ));
            if shown.is_some_and(|(_, default)| default) {
                spans.push(Span::styled(format!(" ({})", crate::tui::walk::words(lang).filled_in), dim()));
            }
        }
        Field::Flag(flag) => {
            let v = finding.flags.get(*flag).map_or("—", |b| if *b { w.yes } else { w.no });
            spans.push(Span::raw(format!("{marker}{}: ", form::flag_label(flag, lang))));
            spans.push(Span::styled(v.to_owned(), focus_style(focused)));
        }
        Field::Rating => {
            let v = finding.rating.map_or("—", |r| r.label(lang));
            spans.push(Span::raw(format!("{marker}{}: ", w.rating)));
            spans.push(Span::styled(format!("◀ {v} ▶"), focus_style(focused)));
        }
        Field::Note => {
            spans.push(Span::raw(format!("{marker}{}: ", w.note)));
            let text = finding.note.clone().unwrap_or_default();
            let first = text.lines().next().unwrap_or("").to_owned();
            let more = if text.lines().count() > 1 { " …" } else { "" };
            spans.push(Span::styled(format!("{}{more}", clean(&first)), focus_style(focused)));
            if walk.has_draft(&item.code) {
                spans.push(Span::styled(format!("  ({})", w.draft_waiting), Style::default().fg(Color::Yellow)));
            }
        }
        Field::Status => {}
    }
    if let Some(name) = field.stored(Some(item)).map(|f| f.of(&item.code))
        && conflict(name)
    {
        spans.push(Span::styled(
            format!("  {}", w.conflict_mark),
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        ));
    }
    Line::from(spans)
}

fn review(frame: &mut Frame, area: Rect, walk: &Walk, lang: Lang) {
    let w = t(lang);
    let checklist = crate::checklist::active();
    let mut lines = vec![Line::styled(w.not_assessed, bold())];
    let label = |code: &str| clean(checklist.item(code).map_or(code, |i| i.label.get(lang))).into_owned();
    let missing: Vec<&String> = walk.items.iter().filter(|c| walk.status(c) == Status::NotAssessed).collect();
    if missing.is_empty() {
        lines.push(Line::styled(format!("  {}", w.all_done), dim()));
    }
    for code in missing {
        lines.push(Line::from(format!("  • {}", label(code))));
    }
    lines.push(Line::styled(w.numbers_missing, bold()));
    let mut any = false;
    for code in &walk.items {
        let Some(item) = checklist.item(code) else { continue };
        // Only what is stored counts: a value filled in is recorded with a
        // status given here, not with one synced or given before; it is
        // named as filled in, not counted.
        let stored = walk.finding(code).map(|f| f.numbers.clone()).unwrap_or_default();
        let filled = walk.default_numbers(item);
        let gaps: Vec<String> = (0..item.numbers.len())
            .filter(|&i| crate::findings::shown_number(item, i, &stored).is_none())
            .map(|i| {
                let label = clean(item.numbers[i].label.get(lang));
                let words = crate::tui::walk::words(lang);
                match filled.contains_key(&item.numbers[i].key) {
                    true => format!("{label} ({}, {})", words.filled_in, words.not_recorded),
                    false => label.into_owned(),
                }
            })
            .collect();
        if !gaps.is_empty() {
            any = true;
            lines.push(Line::from(format!("  • {}: {}", label(code), gaps.join(", "))));
        }
    }
    if !any {
        lines.push(Line::styled(format!("  {}", w.all_done), dim()));
    }
    lines.push(Line::styled(w.open_follow_ups, bold()));
    let open: Vec<_> = walk.follow_ups.iter().filter(|f| !f.done).collect();
    if open.is_empty() {
        lines.push(Line::styled(format!("  {}", w.all_done), dim()));
    }
    for f in open {
        let due = f.due.as_deref().map(|d| format!(" — {} {d}", w.due)).unwrap_or_default();
        let overdue = if walk.is_overdue(f) { format!(" {}", w.overdue) } else { String::new() };
        lines.push(Line::from(format!("  • {}: {}{due}{overdue}", label(&f.item), clean(&f.what))));
    }
    lines.push(Line::styled(w.review_hint, dim()));
    let block = Block::default().borders(Borders::ALL).title(w.review_title);
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}
