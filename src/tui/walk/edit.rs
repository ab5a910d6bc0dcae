//! What keys do in the walk: moving, typing, committing, undoing.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;
use serde_json::{Value, json};

use super::form::Field;
use super::{Note, Undo, Walk};
use crate::assignments::Assignments;
use crate::checklist::Checklist;
use crate::findings::{self, FollowUpField, Invalid, ItemField, Rating, Status, VisitField};
use crate::i18n::{Lang, walk as t};
use crate::store::Store;
use crate::tui::action::Action;

impl Walk {
    /// Applies an action; returns true when the walk is to be closed.
    pub fn update(&mut self, store: &mut Store, data: &Assignments, action: Action, lang: Lang) -> bool {
        let checklist = crate::checklist::active();
        if self.editor.is_some() {
            self.edit_note(store, action, lang);
            return false;
        }
        if self.follow_up.is_some() {
            self.edit_follow_up(store, action, lang);
            return false;
        }
        if self.goto.is_some() {
            self.edit_goto(action);
            return false;
        }
        if let Some(h) = &mut self.histories {
            match action {
                Action::Down => h.scroll += 1,
                Action::Up => h.scroll = h.scroll.saturating_sub(1),
                Action::Cancel | Action::History => self.histories = None,
                _ => {}
            }
            return false;
        }
        if self.review {
            match action {
                Action::Finalize if self.record(store, &VisitField::Final.name(), json!(true), lang) => {
                    self.note = Some(Note::Info(t(lang).finalized.into()));
                }
                Action::Cancel | Action::Review | Action::Back => self.review = false,
                _ => {}
            }
            return false;
        }
        // Leaving a number field (for another field, item or screen)
        // commits what was typed; a bad value keeps the user in the field.
        let leaves = matches!(
            action,
            Action::Up
                | Action::Down
                | Action::NextField
                | Action::PrevField
                | Action::FocusStatus
                | Action::Back
                | Action::Choose
                | Action::Review
                | Action::GoTo
                | Action::AddFollowUp
        );
        if leaves && self.input.is_some() && !self.commit_input(store, checklist, lang) {
            return false;
        }
        match action {
            Action::Down => self.move_item(store, 1),
            Action::Up => self.move_item(store, -1),
            Action::NextField => self.forward(store, checklist, lang),
            Action::PrevField => self.move_field(store, checklist, -1),
            Action::FocusStatus => {
                self.focus = 0;
                self.load_history(store);
            }
            Action::Status(n) => {
                let status = Status::ALL[n as usize % Status::ALL.len()];
                self.set_status(store, checklist, status, lang);
            }
            Action::Answer(yes) => {
                if let Field::Flag(flag) = self.focused(checklist)
                    && self.record(store, &ItemField::Flag(flag.to_owned()).of(self.code()), json!(yes), lang)
                {
                    self.forward(store, checklist, lang);
                }
            }
            Action::Rate(n) => {
                let rating = Rating::ALL[n as usize % Rating::ALL.len()];
                if self.focused(checklist) == Field::Rating
                    && self.record(store, &ItemField::Rating.of(self.code()), json!(rating.code()), lang)
                {
                    self.forward(store, checklist, lang);
                }
            }
            Action::NotANumber => self.field_keys(checklist, lang),
            Action::Type(c) => match self.focused(checklist) {
                Field::Number(_) if c.is_ascii_digit() || c == '.' || c == ',' => {
                    self.input.get_or_insert_with(String::new).push(c);
                }
                // A digit a yes/no or the rating does not take: say which do.
                field @ (Field::Flag(_) | Field::Rating) => {
                    self.note = Some(Note::Error(super::flow::choice_keys(&field, lang)));
                }
                _ => {}
            },
            Action::Backspace => {
                if let Some(s) = &mut self.input {
                    s.pop();
                } else if let Field::Number(_) = self.focused(checklist) {
                    // Backspace on a committed number starts editing it.
                    self.input = Some(String::new());
                }
            }
            Action::Choose => match self.focused(checklist) {
                Field::Status | Field::Note => self.open_editor(lang),
                Field::Cell => {
                    // Enter takes the cell shown (the visit's, until another is chosen).
                    let code = self.code().to_owned();
                    let shown = self.shown_cell(&code).filter(|(_, default)| *default).map(|(c, _)| c.to_owned());
                    if shown.is_none_or(|c| self.record(store, &ItemField::Cell.of(&code), json!(c), lang)) {
                        self.forward(store, checklist, lang);
                    }
                }
                _ => self.forward(store, checklist, lang),
            },
            Action::Toggle if matches!(self.focused(checklist), Field::Number(_)) => self.field_keys(checklist, lang),
            Action::Toggle => self.toggle(store, checklist, lang),
            Action::CycleNext => self.cycle(store, data, checklist, 1, lang),
            Action::CyclePrev => self.cycle(store, data, checklist, -1, lang),
            Action::AddFollowUp => self.open_follow_up(),
            Action::MarkDone => self.mark_done(store, lang),
            Action::Undo => self.undo(store, lang),
            Action::GoTo => self.goto = Some(String::new()),
            Action::History => self.open_histories(store, data, lang),
            Action::Review => self.review = true,
            Action::Back | Action::Cancel => return true,
            _ => {}
        }
        false
    }

    /// Commits the number being typed, if any, before something that reads
    /// the visit (the minutes); false (and the field's error said) when
    /// it is refused.
    pub fn commit_typed(&mut self, store: &mut Store, lang: Lang) -> bool {
        self.input.is_none() || self.commit_input(store, crate::checklist::active(), lang)
    }

    /// Records one field of this visit; says "saved" once it is on disk.
    pub(super) fn record(&mut self, store: &mut Store, field: &str, value: Value, lang: Lang) -> bool {
        let entity = findings::visit_entity(&self.visit);
        self.record_on(store, &entity, field, value, lang)
    }

    fn record_on(&mut self, store: &mut Store, entity: &str, field: &str, value: Value, lang: Lang) -> bool {
        let before = store.get(entity, field).and_then(|v| v.value);
        if before.as_ref() == Some(&value) {
            return true;
        }
        match store.set(entity, field, value) {
            Ok(_) => {
                self.undone_to_empty.remove(field);
                self.undo.push(Undo::Field { entity: entity.to_owned(), field: field.to_owned(), before });
                self.note = Some(Note::Saved(t(lang).saved.into()));
                self.refresh_visit(store);
                true
            }
            Err(e) => {
                self.note = Some(Note::Error(e.message(lang)));
                false
            }
        }
    }

    pub(super) fn move_item(&mut self, store: &Store, delta: isize) {
        let n = self.items.len() as isize;
        self.current = (self.current as isize + delta).clamp(0, n - 1) as usize;
        self.focus = 0;
        self.input = None;
        self.load_history(store);
    }

    fn move_field(&mut self, store: &Store, checklist: &Checklist, delta: isize) {
        let n = self.fields(checklist).len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
        self.input = None;
        self.load_history(store);
    }

    /// Commits the number being typed; false (and a message) when refused.
    fn commit_input(&mut self, store: &mut Store, checklist: &Checklist, lang: Lang) -> bool {
        let (Some(typed), Field::Number(i), Some(item)) =
            (self.input.clone(), self.focused(checklist), self.item(checklist))
        else {
            self.input = None;
            return true;
        };
        let field = ItemField::Number(item.numbers[i].key.clone()).of(&item.code);
        if typed.trim().is_empty() {
            self.input = None;
            return self.record(store, &field, Value::Null, lang);
        }
        // Checked against what the form shows, the member count filled in included.
        let mut others = self.shown_numbers(item);
        others.remove(&item.numbers[i].key);
        match findings::check_number(item, i, &typed, &others) {
            Ok(v) => {
                if self.record(store, &field, findings::number_json(v), lang) {
                    self.input = None;
                    true
                } else {
                    false
                }
            }
            Err(why) => {
                self.note = Some(Note::Error(invalid_message(&why, lang)));
                false
            }
        }
    }

    fn toggle(&mut self, store: &mut Store, checklist: &Checklist, lang: Lang) {
        if let Field::Flag(flag) = self.focused(checklist) {
            let code = self.code().to_owned();
            let now = self.finding(&code).and_then(|f| f.flags.get(flag).copied()).unwrap_or(false);
            self.record(store, &ItemField::Flag(flag.to_owned()).of(&code), json!(!now), lang);
        }
    }

    /// ←/→ on a choice field: the rating, or which cell's meeting.
    fn cycle(&mut self, store: &mut Store, data: &Assignments, checklist: &Checklist, delta: isize, lang: Lang) {
        let code = self.code().to_owned();
        let (field, choices): (String, Vec<Value>) = match self.focused(checklist) {
            Field::Rating => (ItemField::Rating.of(&code), Rating::ALL.iter().map(|r| json!(r.code())).collect()),
            Field::Cell => {
                let cells = data.commune(&self.commune).map(|(_, c)| c.cells.clone()).unwrap_or_default();
                (ItemField::Cell.of(&code), cells.iter().map(|c| json!(c.id)).collect())
            }
            _ => return,
        };
        if choices.is_empty() {
            return;
        }
        let current = store.get(&findings::visit_entity(&self.visit), &field).and_then(|v| v.value);
        // The cell picker starts from the cell shown: the visit's.
        let current = current.or_else(|| self.shown_cell(&code).map(|(c, _)| json!(c)));
        let pos = current.and_then(|c| choices.iter().position(|x| *x == c));
        let n = choices.len() as isize;
        let next = match pos {
            Some(p) => (p as isize + delta).rem_euclid(n) as usize,
            None if delta > 0 => 0,
            None => choices.len() - 1,
        };
        // The member count recorded came with the old cell (its count
        // filled in, or cleared because it had none), not typed: it
        // follows the new cell, or is cleared when that has none.
        let is_cell = field == ItemField::Cell.of(&code);
        let old_count = self.shown_cell(&code).and_then(|(c, _)| self.members_of(c));
        let total = ItemField::Number(findings::TOTAL.to_owned()).of(&code);
        let follows = is_cell
            && match store.get(&findings::visit_entity(&self.visit), &total).and_then(|v| v.value) {
                Some(Value::Null) => old_count.is_none(),
                Some(v) => v.as_f64().is_some_and(|t| Some(t) == old_count),
                None => false,
            };
        if self.record(store, &field, choices[next].clone(), lang) && follows {
            let new = self.shown_cell(&code).and_then(|(c, _)| self.members_of(c));
            self.record(store, &total, new.map_or(Value::Null, findings::number_json), lang);
        }
    }

    pub(super) fn open_editor(&mut self, lang: Lang) {
        let code = self.code().to_owned();
        let draft = self.draft_path(&code).and_then(|p| std::fs::read_to_string(p).ok());
        let text = match &draft {
            Some(d) => d.clone(),
            None => self.finding(&code).and_then(|f| f.note.clone()).unwrap_or_default(),
        };
        // The editor draws its text as it is: a note from another device
        // must not bring control, bidi or zero-width characters to the
        // terminal (they become U+FFFD, as everywhere else on screen).
        let text = crate::text::clean_lines(&text);
        let mut editor = TextArea::new(text.split('\n').map(str::to_owned).collect());
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        self.editor = Some(editor);
        self.focus = self.fields(crate::checklist::active()).len() - 1;
        if draft.is_some() {
            self.note = Some(Note::Info(t(lang).draft_restored.into()));
        }
    }

    fn edit_note(&mut self, store: &mut Store, action: Action, lang: Lang) {
        let Some(editor) = &mut self.editor else { return };
        match action {
            Action::Cancel => {
                let text = crate::text::nfc(editor.lines().join("\n").trim_end());
                let code = self.code().to_owned();
                // An empty note where there was none is no change: no op.
                let had = self.finding(&code).is_some_and(|f| f.note.is_some());
                if (text.is_empty() && !had) || self.record(store, &ItemField::Note.of(&code), json!(text), lang) {
                    self.editor = None;
                    if let Some(p) = self.draft_path(&code) {
                        let _ = std::fs::remove_file(p);
                    }
                    self.drafted.remove(&code);
                    // Back on the status, where the note was most likely
                    // opened from: the next digit sets it.
                    self.focus = 0;
                    self.load_history(store);
                }
            }
            // The editor would draw it raw (a zero-width joiner, a bidi
            // override pasted in): not taken.
            Action::Edit(KeyEvent { code: KeyCode::Char(c), .. }) if crate::text::unsafe_char(c) => {}
            Action::Edit(key) => {
                if key.code == KeyCode::Backspace || is_ctrl_h(&key) {
                    let ratatui_textarea::DataCursor(row, col) = editor.cursor();
                    let line = editor.lines().get(row).cloned().unwrap_or_default();
                    let n = crate::tui::input::grapheme_chars_before(&line, col).max(1);
                    for _ in 0..n {
                        editor.delete_char();
                    }
                } else {
                    editor.input(key);
                }
                // Written once per batch of keys (see `save_draft`), not per key.
                self.draft_dirty = true;
            }
            _ => {}
        }
    }

    /// Keeps the note being typed on disk, so a crash loses nothing of it.
    /// The loop calls it after each batch of keys, before drawing: a paste
    /// of thousands of letters writes the draft once, not once a letter.
    pub fn save_draft(&mut self) {
        if !std::mem::take(&mut self.draft_dirty) {
            return;
        }
        let code = self.code().to_owned();
        let (Some(editor), Some(path)) = (&self.editor, self.draft_path(&code)) else { return };
        let text = editor.lines().join("\n");
        // Whole and fsynced: a power cut leaves the old draft or the new.
        match crate::disk::write_atomic(&path, text.as_bytes()) {
            Ok(()) => {
                self.drafted.insert(code);
            }
            Err(e) => {
                self.note = Some(Note::Error(format!("{}: {}", path.display(), crate::jsondoc::io_reason(&e))));
            }
        }
    }

    fn edit_goto(&mut self, action: Action) {
        let Some(query) = &mut self.goto else { return };
        match action {
            Action::Type(c) => query.push(c),
            Action::Backspace => crate::tui::input::backspace(query),
            Action::Cancel => self.goto = None,
            Action::Choose => {
                let q = query.trim().to_owned();
                self.goto = None;
                let target = match q.parse::<usize>() {
                    Ok(n) => self.items.iter().position(|c| self.number_of(c) == n),
                    _ => {
                        let key = crate::text::SearchKey::new(&q);
                        let checklist = crate::checklist::active();
                        self.items.iter().position(|code| {
                            let label = checklist.item(code).map_or(code.as_str(), |i| i.label.vi.as_str());
                            crate::text::SearchKey::new(label).rank(&key).is_some()
                                || checklist
                                    .item(code)
                                    .is_some_and(|i| crate::text::SearchKey::new(&i.label.en).rank(&key).is_some())
                        })
                    }
                };
                if let Some(i) = target {
                    self.current = i;
                    self.focus = 0;
                }
            }
            _ => {}
        }
    }

    fn mark_done(&mut self, store: &mut Store, lang: Lang) {
        let Some(f) = self.open_follow_ups().first().map(|f| (*f).clone()) else {
            self.note = Some(Note::Info(t(lang).no_open_follow_up.into()));
            return;
        };
        let entity = findings::follow_up_entity(&f.id);
        if self.record_on(store, &entity, FollowUpField::Done.name(), json!(true), lang) {
            if let Some(x) = self.follow_ups.iter_mut().find(|x| x.id == f.id) {
                x.done = true;
            }
            self.note = Some(Note::Saved(format!("{}: {}", t(lang).marked_done, f.what)));
        }
    }

    fn undo(&mut self, store: &mut Store, lang: Lang) {
        let Some(step) = self.undo.pop() else {
            self.note = Some(Note::Info(t(lang).nothing_to_undo.into()));
            return;
        };
        let result = match &step {
            Undo::Field { entity, field, before } => store.set(entity, field, before.clone().unwrap_or(Value::Null)),
            Undo::Delete { entity } => store.delete(entity),
        };
        match result {
            Ok(_) => {
                if let Undo::Field { field, before: None, .. } = &step {
                    self.undone_to_empty.insert(field.clone());
                }
                self.note = Some(Note::Saved(t(lang).undone.into()));
                self.refresh_visit(store);
                self.follow_ups =
                    findings::follow_ups(store).into_iter().filter(|f| f.commune == self.commune).collect();
            }
            Err(e) => {
                self.undo.push(step);
                self.note = Some(Note::Error(e.message(lang)));
            }
        }
    }
}

fn is_ctrl_h(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('h') && key.modifiers.contains(ratatui::crossterm::event::KeyModifiers::CONTROL)
}

fn invalid_message(why: &Invalid, lang: Lang) -> String {
    let s = t(lang);
    match why {
        Invalid::NotNumber => s.not_number.into(),
        Invalid::NotWhole => s.not_whole.into(),
        Invalid::Percent => s.percent.into(),
        Invalid::Above { other, max } => {
            s.above.replace("{other}", other).replace("{max}", &crate::text::number_in(*max, lang))
        }
    }
}
