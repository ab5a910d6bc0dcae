//! The visit walk: a commune's known weaknesses first, then the rest of
//! the checklist; one form per item; every committed field recorded as an
//! op (written and fsynced) at once.

mod edit;
pub(crate) mod flow;
mod follow_up;
pub mod form;
pub mod history;
pub mod resume;
pub(crate) mod setup;
mod words;

pub(crate) use words::words;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use ratatui_textarea::TextArea;
use serde_json::Value;

use crate::assignments::Assignments;
use crate::checklist::{Checklist, Item};
use crate::findings::{self, FollowUp, ItemFinding, Status, Visit};
use crate::store::{HistoryEntry, Store};
use crate::tui::keys::Context;
pub use follow_up::FollowUpForm;
use form::Field;

/// One change that `u` can take back.
#[derive(Debug, Clone, PartialEq)]
pub enum Undo {
    Field { entity: String, field: String, before: Option<Value> },
    Delete { entity: String },
}

/// A line for the user about the last thing done.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    Saved(String),
    Error(String),
    Info(String),
}

pub struct Walk {
    pub visit: String,
    pub commune: String,
    pub commune_name: String,
    /// Checklist item codes in walking order.
    pub items: Vec<String>,
    /// How many of `items` are the commune's known weaknesses (they come first).
    pub known: usize,
    pub current: usize,
    /// Index into the current item's fields.
    pub focus: usize,
    /// A number being typed, not yet committed.
    pub input: Option<String>,
    pub editor: Option<TextArea<'static>>,
    pub follow_up: Option<FollowUpForm>,
    pub goto: Option<String>,
    pub review: bool,
    /// This visit as folded now.
    pub state: Visit,
    /// Per item: the last earlier visit's status and the latest earlier
    /// numbers (or the assignments' baseline).
    pub prev: BTreeMap<String, ItemFinding>,
    pub prev_date: Option<String>,
    /// (item, number) whose "before" is the assignments' starting level.
    pub from_baseline: BTreeSet<(String, String)>,
    /// This commune's follow-ups, every visit.
    pub follow_ups: Vec<FollowUp>,
    pub undo: Vec<Undo>,
    /// History of the focused field, when it was changed more than once.
    pub history: Vec<HistoryEntry>,
    pub note: Option<Note>,
    pub drafts: Option<PathBuf>,
    /// The note editor holds text not yet written to its draft file.
    pub draft_dirty: bool,
    /// Items with a note draft on disk (a note being written when the
    /// program stopped), looked up once at opening: drawing does no I/O.
    pub drafted: BTreeSet<String>,
    /// The commune's cells and their member counts (assignments file): the
    /// cell meeting's choices and the count filled in for the one chosen.
    pub cells: Vec<(String, Option<u64>)>,
    /// This visit's fields with an open conflict, read with the visit.
    pub conflicted: BTreeSet<String>,
    /// This visit's fields stored as an explicit null (a value the user
    /// cleared): the form does not fill them in again.
    pub cleared: BTreeSet<String>,
    /// Fields an undo took back to no value: the store can only say that
    /// with a null, which here is not a clear (the value filled in shows
    /// again). Forgotten when the field is recorded again.
    undone_to_empty: BTreeSet<String>,
    pub today: String,
    /// My name, when I am one of the group's members: a new follow-up's owner.
    pub me: Option<String>,
    /// Where the user was when last written to the drafts folder.
    saved_place: Option<resume::Place>,
    /// The item's field histories (`h`), read when asked for.
    pub histories: Option<history::Histories>,
    /// The ops of an open conflict on the focused field.
    pub history_heads: Vec<crate::store::OpId>,
}

impl Walk {
    pub fn open(
        store: &Store,
        data: &Assignments,
        checklist: &Checklist,
        visit: &str,
        drafts: Option<PathBuf>,
    ) -> Walk {
        let state = findings::visit(store, &findings::visit_entity(visit));
        let commune = data.commune(&state.commune).map(|(_, c)| c);
        let mut items: Vec<String> = commune
            .map(|c| c.weaknesses.iter().map(|w| w.code.clone()).filter(|c| checklist.knows(c)).collect())
            .unwrap_or_default();
        let known = items.len();
        for item in &checklist.items {
            if !items.contains(&item.code) {
                items.push(item.code.clone());
            }
        }
        let mut w = Walk {
            visit: visit.to_owned(),
            commune: state.commune.clone(),
            commune_name: commune.map_or(state.commune.clone(), |c| c.name.clone()),
            items,
            known,
            current: 0,
            focus: 0,
            input: None,
            editor: None,
            follow_up: None,
            goto: None,
            review: false,
            state,
            prev: BTreeMap::new(),
            prev_date: None,
            from_baseline: BTreeSet::new(),
            follow_ups: Vec::new(),
            undo: Vec::new(),
            history: Vec::new(),
            note: None,
            drafts,
            draft_dirty: false,
            drafted: BTreeSet::new(),
            cells: Vec::new(),
            conflicted: BTreeSet::new(),
            cleared: BTreeSet::new(),
            undone_to_empty: BTreeSet::new(),
            today: today(),
            me: None,
            saved_place: None,
            histories: None,
            history_heads: Vec::new(),
        };
        w.drafted = w.items.iter().filter(|c| w.draft_path(c).is_some_and(|p| p.exists())).cloned().collect();
        w.refresh_all(store, data);
        w
    }

    /// Re-reads everything the walk shows from the store: after opening
    /// and after other devices' ops came in.
    pub fn refresh_all(&mut self, store: &Store, data: &Assignments) {
        self.refresh_visit(store);
        self.cells = data
            .commune(&self.commune)
            .map(|(_, c)| c.cells.iter().map(|x| (x.id.clone(), x.members)).collect())
            .unwrap_or_default();
        let all = findings::visits(store);
        let key = |v: &Visit| (v.date.clone(), v.id.clone());
        let this = key(&self.state);
        // Earlier visits include those to communes merged into this one.
        let ours = |id: &str| data.commune(&self.commune).map_or(id == self.commune, |(_, c)| c.covers(id));
        let earlier: Vec<&Visit> = all.iter().filter(|v| ours(&v.commune) && key(v) < this).collect();
        self.prev_date = earlier.last().map(|v| v.date.clone());
        // "Before" is the last visit that has the number, typed or
        // computed; the starting level from the assignments until one has.
        let mut prev: BTreeMap<String, ItemFinding> = BTreeMap::new();
        self.from_baseline.clear();
        if let Some((_, c)) = data.commune(&self.commune) {
            for w in &c.weaknesses {
                prev.entry(w.code.clone()).or_default().numbers.extend(w.baseline.clone());
                self.from_baseline.extend(w.baseline.keys().map(|k| (w.code.clone(), k.clone())));
            }
        }
        let checklist = crate::checklist::active();
        for v in &earlier {
            for (code, f) in &v.items {
                let p = prev.entry(code.clone()).or_default();
                if f.status != Status::NotAssessed {
                    p.status = f.status;
                }
                for (k, n) in findings::numbers(checklist.item(code), &f.numbers) {
                    self.from_baseline.remove(&(code.clone(), k.clone()));
                    p.numbers.insert(k, n.value);
                }
            }
        }
        self.prev = prev;
        self.follow_ups = findings::follow_ups(store).into_iter().filter(|f| f.commune == self.commune).collect();
        self.load_history(store);
    }

    /// Only this visit is folded again after a commit: cheap at any scale.
    pub fn refresh_visit(&mut self, store: &Store) {
        let entity = findings::visit_entity(&self.visit);
        self.state = findings::visit(store, &entity);
        let fields = store.fields(&entity);
        self.conflicted = fields.iter().filter(|(_, v)| v.in_conflict()).map(|(f, _)| (*f).to_owned()).collect();
        self.cleared = fields
            .iter()
            .filter(|(f, v)| v.value.as_ref().is_some_and(Value::is_null) && !self.undone_to_empty.contains(*f))
            .map(|(f, _)| (*f).to_owned())
            .collect();
        self.load_history(store);
    }

    /// The key contexts in force, most specific first: one table says what
    /// a key does here, and `update` follows the same order.
    pub fn contexts(&self) -> Vec<Context> {
        if self.editor.is_some() {
            vec![Context::Note]
        } else if self.histories.is_some() {
            vec![Context::History]
        } else if self.follow_up.is_some() {
            vec![Context::Form]
        } else if self.goto.is_some() {
            vec![Context::Prompt]
        } else if self.review {
            vec![Context::Review]
        } else {
            match self.focused(crate::checklist::active()) {
                Field::Status => vec![Context::WalkStatus, Context::Walk],
                Field::Number(_) => vec![Context::WalkNumber, Context::WalkField, Context::Walk],
                Field::Flag(_) => vec![Context::WalkFlag, Context::WalkField, Context::Walk],
                Field::Rating => vec![Context::WalkRating, Context::WalkField, Context::Walk],
                Field::Cell | Field::Note => vec![Context::WalkField, Context::Walk],
            }
        }
    }

    /// An item's number: its place in the checklist, as the dashboard and
    /// the reports number it, whatever order the walk takes.
    pub fn number_of(&self, code: &str) -> usize {
        let items = &crate::checklist::active().items;
        items.iter().position(|i| i.code == code).map_or(0, |i| i + 1)
    }

    pub fn code(&self) -> &str {
        &self.items[self.current]
    }

    pub fn item<'c>(&self, checklist: &'c Checklist) -> Option<&'c Item> {
        checklist.item(self.code())
    }

    pub fn fields(&self, checklist: &Checklist) -> Vec<Field> {
        self.item(checklist).map(form::fields).unwrap_or_else(|| vec![Field::Status])
    }

    pub fn focused(&self, checklist: &Checklist) -> Field {
        let fields = self.fields(checklist);
        fields.get(self.focus).cloned().unwrap_or(Field::Status)
    }

    pub fn finding(&self, code: &str) -> Option<&ItemFinding> {
        self.state.items.get(code)
    }

    pub fn status(&self, code: &str) -> Status {
        self.finding(code).map_or(Status::NotAssessed, |f| f.status)
    }

    /// Items with a status other than "not assessed".
    pub fn assessed(&self) -> usize {
        self.items.iter().filter(|c| self.status(c) != Status::NotAssessed).count()
    }

    /// The store field behind the focused form field, if any.
    pub fn focused_field_name(&self, checklist: &Checklist) -> Option<String> {
        Some(self.focused(checklist).stored(self.item(checklist))?.of(self.code()))
    }

    fn load_history(&mut self, store: &Store) {
        let checklist = crate::checklist::active();
        self.history = match self.focused_field_name(checklist) {
            Some(f) => {
                let entity = findings::visit_entity(&self.visit);
                self.history_heads = Self::heads(store, &entity, &f);
                let h = store.history(&entity, &f);
                if h.len() > 1 { h } else { Vec::new() }
            }
            None => Vec::new(),
        };
    }

    /// Open follow-ups of the current item (any visit of this commune).
    pub fn open_follow_ups(&self) -> Vec<&FollowUp> {
        let code = self.code();
        self.follow_ups.iter().filter(|f| f.item == code && !f.done).collect()
    }

    pub fn is_overdue(&self, f: &FollowUp) -> bool {
        !f.done && f.due.as_deref().is_some_and(|d| d < self.today.as_str())
    }

    pub fn draft_path(&self, code: &str) -> Option<PathBuf> {
        self.drafts.as_ref().map(|d| d.join(format!("{}.{code}.txt", self.visit)))
    }

    pub fn has_draft(&self, code: &str) -> bool {
        self.drafted.contains(code)
    }
}

/// Today's date where the laptop is, YYYY-MM-DD.
pub fn today() -> String {
    jiff::Zoned::now().date().to_string()
}
