//! What can be wrong with a JSON document from outside (assignments,
//! checklist template, config), each problem at a place in its file.
//! The sentences for people are in `i18n`.

/// One problem, found at a place in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line and column, where a place in the text is known.
    pub pos: Option<(usize, usize)>,
    /// JSON path such as `groups[0].communes[2].assigned[0]`; empty for
    /// problems with the file as a whole.
    pub path: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    NotFound,
    IsDirectory,
    /// A device, a pipe, a socket: not a file that has an end.
    NotAFile,
    TooLarge {
        bytes: u64,
        max: u64,
    },
    Unreadable(String),
    Empty,
    Utf16,
    NotUtf8,
    /// Zero bytes where text should be (a write cut short).
    NulBytes,
    Syntax(String),
    /// Arrays or objects nested deeper than this many levels.
    TooDeep(usize),
    /// A key written twice in one object; `first` is FILE:LINE:COLUMN.
    DuplicateKey {
        key: String,
        first: String,
    },
    WrongType(Expected),
    Missing(String),
    EmptyText,
    BadFormat(String),
    NewerVersion(u64),
    BadVersion,
    BadDate(String),
    Duplicate {
        what: IdKind,
        id: String,
        first: String,
    },
    NotMember {
        id: String,
        group: String,
    },
    NoMembers,
    NoGroups,
    /// A checklist template that would leave no item to walk through.
    NoItems,
    UnknownCode(String),
    /// A checklist number refers to a number its item does not have.
    UnknownNumber(String),
    /// A value outside a fixed set (given as a list for the message).
    BadChoice {
        found: String,
        allowed: String,
    },
    /// A code that is not lower-case letters, digits and `_`.
    BadCode(String),
    /// A warning, not a refusal.
    UnknownField(String),
    /// What only a spreadsheet can get wrong.
    Sheet(SheetProblem),
    /// config.json is not an object of settings.
    ConfigNotObject,
    /// A setting of config.json holding what it may not: the setting's
    /// path, what it may hold, and what is written (as written).
    BadSetting {
        key: String,
        allowed: Allowed,
        found: String,
    },
}

/// What a setting of config.json may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    Text,
    TextList,
    /// Names of files in the data folder.
    FileNames,
    Lang,
    WholeNumber,
    /// An object of settings (`documents`).
    Group,
    /// `me`: group ids to member ids.
    MemberMap,
}

/// What only a spreadsheet can get wrong. Sheets and columns are named as
/// the template names them, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetProblem {
    NotWorkbook(String),
    MissingSheet {
        vi: &'static str,
        en: &'static str,
    },
    NoHeader {
        vi: &'static str,
        en: &'static str,
    },
    MissingColumn {
        vi: &'static str,
        en: &'static str,
    },
    /// A row names a group, commune or weakness that no row defines.
    NoParent {
        what: IdKind,
        id: String,
    },
    ErrorCell(String),
    /// A sheet holding more than this many cells: reading stopped at the
    /// cell the problem is placed at.
    TooManyCells(usize),
    /// A part of the workbook larger than this many MiB once inflated.
    PartTooLarge {
        part: String,
        mib: u64,
    },
    /// A warning: a sheet that is none of the known ones.
    UnknownSheet(String),
}

impl SheetProblem {
    pub fn is_warning(&self) -> bool {
        matches!(self, SheetProblem::UnknownSheet(_))
    }
}

impl From<SheetProblem> for ProblemKind {
    fn from(p: SheetProblem) -> Self {
        ProblemKind::Sheet(p)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Object,
    Array,
    String,
    Integer,
    Number,
    /// A number from 0 to 100.
    Percent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Group,
    Commune,
    Member,
    Cell,
    Weakness,
    Item,
    Number,
}

impl Problem {
    pub fn is_warning(&self) -> bool {
        match &self.kind {
            ProblemKind::UnknownField(_) => true,
            ProblemKind::Sheet(p) => p.is_warning(),
            _ => false,
        }
    }
}
