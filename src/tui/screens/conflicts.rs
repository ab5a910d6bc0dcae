//! The conflicts screen (`C`): every open conflict in words, each value
//! with who recorded it, on which laptop and when, the value shown now
//! marked; Enter keeps the highlighted value and says which.
//!
//! Everything shown is worked out once when the screen opens (and after a
//! pick), so that a key and a frame only touch the rows on screen, even
//! with a thousand conflicts.

use serde_json::Value;

use crate::assignments::Assignments;
use crate::findings::{self, FollowUp, Visit};
use crate::i18n::{Lang, conflicts as t};
use crate::report::paper::short_date;
use crate::report::pending::{local_time, pending, zone};
use crate::report::{Report, Scope};
use crate::store::{Conflict, Resolution};
use crate::text::clean;
use crate::tui::action::Action;
use crate::tui::screens::Picked;
use crate::tui::shared::Shared;

/// One value of a conflict, as the screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// The value as people read it, on one line.
    pub value: String,
    /// The member's name.
    pub by: String,
    /// `máy này` or `máy 3fa2c1…`.
    pub device: String,
    /// Local time of the edit.
    pub at: String,
    /// What keeping this side writes.
    keep: Option<Value>,
}

/// One open conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// `Xã Bình Thạnh, 20/05/2024 — Tranh chấp… (ghi chú)`, for messages.
    pub place: String,
    /// `Xã Bình Thạnh, 20/05/2024`: a line of its own when the entry
    /// before was at another commune or visit.
    pub visit: Option<String>,
    /// `Tranh chấp…`, when the field is an item's or a follow-up's.
    pub item: Option<String>,
    /// `ghi chú`.
    pub field: String,
    /// The provisional winner (shown now) first.
    pub sides: Vec<Side>,
    entity: String,
    stored: String,
}

/// Where a line of the screen belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The commune and visit date of the conflicts that follow.
    Visit(usize),
    /// The item and the field.
    Field(usize),
    /// A side's value.
    Value(usize, usize),
    /// Who recorded a side, where and when.
    Who(usize, usize),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConflictList {
    pub entries: Vec<Entry>,
    /// Every side that can be kept, as (entry, side), in screen order.
    pub values: Vec<(usize, usize)>,
    /// Index into `values` of the highlighted side.
    pub selected: usize,
    /// First line on screen, as the keys left it.
    pub offset: usize,
    /// First line of each entry (its place).
    starts: Vec<usize>,
    lines: usize,
}

impl ConflictList {
    /// The store's open conflicts, read when the screen opens.
    pub fn open(sh: &Shared) -> ConflictList {
        let Some(store) = &sh.store else { return ConflictList::default() };
        let (visits, follow_ups) = (findings::visits(store), findings::follow_ups(store));
        let tz = zone();
        ConflictList::build(&sh.data, store.conflicts(), visits, follow_ups, store.device_id(), &tz, sh.lang)
    }

    /// Puts the conflicts in words: the place and each side as the export's
    /// list of pending conflicts names them, with the laptop and the time.
    #[allow(clippy::too_many_arguments)]
    pub fn build(
        data: &Assignments,
        conflicts: Vec<Conflict>,
        visits: Vec<Visit>,
        follow_ups: Vec<FollowUp>,
        this_device: &str,
        tz: &jiff::tz::TimeZone,
        lang: Lang,
    ) -> ConflictList {
        let w = t(lang);
        let located = findings::locate(conflicts, &visits, &follow_ups);
        let checklist = crate::checklist::active();
        let report = Report::new(
            data,
            checklist,
            Scope::default(),
            visits,
            follow_ups,
            located,
            String::new(),
            String::new(),
            lang,
        );
        let words = pending(&report);
        let mut entries: Vec<(String, Option<String>, Entry)> = report
            .conflicts
            .iter()
            .zip(words)
            .map(|(c, p)| {
                let sides = c
                    .heads
                    .iter()
                    .zip(&p.sides)
                    .map(|(h, s)| Side {
                        value: one_line(&s.value),
                        // A follow-up names no visit's group: any group's member.
                        by: clean(
                            (s.by == h.by)
                                .then(|| data.groups.iter().find_map(|g| g.member(&h.by)))
                                .flatten()
                                .map_or(&s.by, |m| &m.name),
                        )
                        .into_owned(),
                        device: if h.op.dev == this_device {
                            w.this_device.to_owned()
                        } else {
                            format!("{} {}", w.device, short_device(&h.op.dev))
                        },
                        at: local_time(h.hlc.ms, tz, lang),
                        keep: h.value.clone(),
                    })
                    .collect();
                let place = clean(&p.place(lang)).into_owned();
                let mut visit = p.commune.clone();
                if let Some(d) = &p.date {
                    visit = format!("{visit}, {}", if lang == Lang::Vi { short_date(d) } else { d.to_string() });
                }
                let entry = Entry {
                    place,
                    visit: Some(clean(&visit).into_owned()),
                    item: p.item.as_deref().map(|i| clean(i).into_owned()),
                    field: clean(&p.field).into_owned(),
                    sides,
                    entity: c.path.entity(),
                    stored: c.path.field(),
                };
                (p.commune, p.date, entry)
            })
            .collect();
        // Grouped as a person looks for them: by commune, then visit date.
        entries.sort_by(|a, b| (&a.0, &a.1, &a.2.place).cmp(&(&b.0, &b.1, &b.2.place)));
        let mut entries: Vec<Entry> = entries.into_iter().map(|(_, _, e)| e).collect();
        // The commune and date once for the conflicts of one visit.
        for k in (1..entries.len()).rev() {
            if entries[k].visit == entries[k - 1].visit {
                entries[k].visit = None;
            }
        }
        let mut list = ConflictList { entries, ..ConflictList::default() };
        for (k, e) in list.entries.iter().enumerate() {
            list.starts.push(list.lines);
            list.lines += usize::from(e.visit.is_some()) + 1 + 2 * e.sides.len();
            list.values.extend((0..e.sides.len()).map(|j| (k, j)));
        }
        list
    }

    /// Lines the whole list takes.
    pub fn lines(&self) -> usize {
        self.lines
    }

    /// What line `l` shows.
    pub fn row(&self, l: usize) -> Option<Row> {
        if l >= self.lines {
            return None;
        }
        let k = self.starts.partition_point(|&s| s <= l) - 1;
        let head = usize::from(self.entries[k].visit.is_some());
        Some(match l - self.starts[k] {
            0 if head == 1 => Row::Visit(k),
            r if r == head => Row::Field(k),
            r if (r - head) % 2 == 1 => Row::Value(k, (r - head - 1) / 2),
            r => Row::Who(k, (r - head - 1) / 2),
        })
    }

    /// The highlighted side, as (entry, side).
    pub fn current(&self) -> Option<(usize, usize)> {
        self.values.get(self.selected).copied()
    }

    /// The first line to show in `height` lines: the kept offset, moved
    /// just enough to show the highlighted side whole, with its place when
    /// it is the conflict's first side. Pure: drawing never moves it.
    pub fn window(&self, height: usize) -> usize {
        let h = height.max(1);
        let mut offset = self.offset.min(self.lines.saturating_sub(h));
        if let Some((k, j)) = self.current() {
            let value = self.starts[k] + usize::from(self.entries[k].visit.is_some()) + 1 + 2 * j;
            let top = if j == 0 { self.starts[k] } else { value };
            let bottom = value + 1;
            if bottom >= offset + h {
                offset = bottom + 1 - h.min(bottom + 1);
            }
            if top < offset {
                offset = top;
            }
        }
        offset
    }

    fn move_by(&mut self, d: isize, height: usize) {
        let last = self.values.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize).saturating_add(d).clamp(0, last.max(0)) as usize;
        self.offset = self.window(height);
    }

    /// Handles a key; `rows` is the lines the last frame showed.
    pub fn update(&mut self, sh: &mut Shared, action: Action, rows: usize) -> Option<Picked> {
        // A side takes two lines, a place one more.
        let page = (rows / 3).max(1) as isize;
        match action {
            Action::Down => self.move_by(1, rows),
            Action::Up => self.move_by(-1, rows),
            Action::PageDown => self.move_by(page, rows),
            Action::PageUp => self.move_by(-page, rows),
            Action::First => self.move_by(isize::MIN, rows),
            Action::Last => self.move_by(isize::MAX, rows),
            Action::Choose => return self.keep(sh, rows),
            Action::Cancel | Action::Dismiss => return Some(Picked::Closed),
            _ => {}
        }
        None
    }

    /// Keeps the highlighted side; the message names it. The list is read
    /// again, the highlight on the conflict that took this one's place.
    fn keep(&mut self, sh: &mut Shared, rows: usize) -> Option<Picked> {
        let (k, j) = self.current()?;
        let entry = &self.entries[k];
        let side = &entry.sides[j];
        let store = sh.store.as_mut()?;
        let choice = side.keep.clone().map_or(Resolution::Delete, Resolution::Value);
        if let Err(e) = store.resolve(&entry.entity, &entry.stored, choice) {
            sh.status = Some(e.message(sh.lang));
            return None;
        }
        sh.status = Some(
            t(sh.lang).kept.replace("{value}", &side.value).replace("{by}", &side.by).replace("{place}", &entry.place),
        );
        sh.recount_conflicts();
        sh.refresh_findings();
        *self = ConflictList::open(sh);
        if self.values.is_empty() {
            return Some(Picked::Closed);
        }
        let k = k.min(self.entries.len() - 1);
        self.selected = self.values.iter().position(|v| v.0 == k).unwrap_or(0);
        self.offset = self.window(rows);
        None
    }
}

/// A value on one line: a note's line breaks become ` ⏎ `.
fn one_line(s: &str) -> String {
    s.lines().map(|l| clean(l).into_owned()).collect::<Vec<_>>().join(" ⏎ ")
}

/// Enough of a device id to tell two laptops apart.
fn short_device(dev: &str) -> String {
    let short: String = dev.chars().take(6).collect();
    if short.len() < dev.len() { format!("{short}…") } else { short }
}
