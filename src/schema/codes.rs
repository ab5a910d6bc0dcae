//! The closed sets of codes a finding may hold: an item's status and a
//! cell meeting's rating. A leaf, so the store can check values against
//! them at ingest without importing the fold of findings.

use serde::Serialize;

use crate::lang::Lang;

/// Where a checklist item stands at a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    NotAssessed,
    NoChange,
    Improving,
    Resolved,
    Worse,
}

impl Status {
    pub const ALL: [Status; 5] =
        [Status::NotAssessed, Status::NoChange, Status::Improving, Status::Resolved, Status::Worse];

    pub fn code(self) -> &'static str {
        match self {
            Status::NotAssessed => "not_assessed",
            Status::NoChange => "no_change",
            Status::Improving => "improving",
            Status::Resolved => "resolved",
            Status::Worse => "worse",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::NotAssessed, Lang::Vi) => "Chưa đánh giá",
            (Status::NoChange, Lang::Vi) => "Chưa chuyển biến",
            (Status::Improving, Lang::Vi) => "Có chuyển biến",
            (Status::Resolved, Lang::Vi) => "Đã khắc phục",
            (Status::Worse, Lang::Vi) => "Xấu đi",
            (Status::NotAssessed, Lang::En) => "Not assessed",
            (Status::NoChange, Lang::En) => "No change",
            (Status::Improving, Lang::En) => "Improving",
            (Status::Resolved, Lang::En) => "Resolved",
            (Status::Worse, Lang::En) => "Worse",
        }
    }

    /// A mark that reads without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::NotAssessed => "·",
            Status::NoChange => "=",
            Status::Improving => "↗",
            Status::Resolved => "✓",
            Status::Worse => "✗",
        }
    }
}

/// Overall rating of a cell meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Good,
    Fair,
    Average,
    Poor,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Good, Rating::Fair, Rating::Average, Rating::Poor];

    pub fn code(self) -> &'static str {
        match self {
            Rating::Good => "good",
            Rating::Fair => "fair",
            Rating::Average => "average",
            Rating::Poor => "poor",
        }
    }

    pub fn from_code(code: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Rating::Good, Lang::Vi) => "Tốt",
            (Rating::Fair, Lang::Vi) => "Khá",
            (Rating::Average, Lang::Vi) => "Trung bình",
            (Rating::Poor, Lang::Vi) => "Kém",
            (Rating::Good, Lang::En) => "Good",
            (Rating::Fair, Lang::En) => "Fair",
            (Rating::Average, Lang::En) => "Average",
            (Rating::Poor, Lang::En) => "Poor",
        }
    }
}
