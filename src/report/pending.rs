//! Unresolved conflicts in words, to settle before a report is sent:
//! where (commune, the visit's date, the item, the field, named as the
//! screens name them), each side's value as people read it (a status's
//! label, a member's name, a date, `có`/`không`), who recorded it and
//! when, in local time with the zone named. Never ids or codes.

use serde_json::Value;

use super::Report;
use super::paper::short_date;
use crate::findings::{FollowUpField, ItemField, Located, Path, Rating, Status, VisitField};
use crate::i18n::Lang;

/// One conflict for people.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub commune: String,
    /// The visit's date (`YYYY-MM-DD`), when known.
    pub date: Option<String>,
    /// The item's label, when the field is an item's or a follow-up's.
    pub item: Option<String>,
    /// What the field is: `ghi chú`, `tình trạng`, `Tỷ lệ giải quyết`…
    pub field: String,
    pub sides: Vec<Side>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    pub value: String,
    /// The member's name, or the id the device recorded.
    pub by: String,
    /// Milliseconds since the Unix epoch.
    pub at: u64,
}

impl Pending {
    /// `Xã Bình Thạnh, 20/05/2024 — Tranh chấp… (ghi chú)`.
    pub fn place(&self, lang: Lang) -> String {
        let mut out = self.commune.clone();
        if let Some(d) = &self.date {
            out.push_str(", ");
            out.push_str(&date(d, lang));
        }
        match &self.item {
            Some(item) => out.push_str(&format!(" — {item} ({})", self.field)),
            None => out.push_str(&format!(" — {}", self.field)),
        }
        out
    }
}

fn date(d: &str, lang: Lang) -> String {
    if lang == Lang::Vi { short_date(d) } else { d.to_owned() }
}

/// The time zone local times are given in: the IANA name when known.
pub fn zone() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::system()
}

pub fn zone_name(tz: &jiff::tz::TimeZone) -> String {
    tz.iana_name().map_or_else(|| "UTC".to_owned(), str::to_owned)
}

/// `20/05/2024 14:03` (Vietnamese) or `2024-05-20 14:03`, local time.
pub fn local_time(ms: u64, tz: &jiff::tz::TimeZone, lang: Lang) -> String {
    let Ok(t) = jiff::Timestamp::from_millisecond(ms as i64) else { return ms.to_string() };
    let z = t.to_zoned(tz.clone());
    match lang {
        Lang::Vi => z.strftime("%d/%m/%Y %H:%M").to_string(),
        Lang::En => z.strftime("%Y-%m-%d %H:%M").to_string(),
    }
}

/// The report's conflicts, in words.
pub fn pending(r: &Report) -> Vec<Pending> {
    r.conflicts.iter().map(|c| one(r, c)).collect()
}

fn one(r: &Report, c: &Located) -> Pending {
    let vi = r.lang == Lang::Vi;
    let commune = c.commune.as_deref().map_or_else(
        || if vi { "(không rõ xã)".to_owned() } else { "(unknown commune)".to_owned() },
        |id| r.commune_name(id).to_owned(),
    );
    let item = c.item.as_deref().map(|code| r.item_label(code).to_owned());
    let code = c.item.as_deref().unwrap_or_default();
    let visit = match &c.path {
        Path::Visit { visit, .. } => r.visit(visit),
        _ => None,
    };
    let field = field_words(r, &c.path, code);
    let sides = c
        .heads
        .iter()
        .map(|h| Side {
            value: value_words(r, &c.path, c.commune.as_deref(), h.value.as_ref()),
            by: match visit.and_then(|v| r.member_name(v, &h.by)).unwrap_or(&h.by) {
                // A device not yet tied to a member records no one.
                "" if vi => "không rõ người ghi".to_owned(),
                "" => "unknown member".to_owned(),
                by => by.to_owned(),
            },
            at: h.hlc.ms,
        })
        .collect();
    Pending { commune, date: c.date.clone(), item, field, sides }
}

fn field_words(r: &Report, path: &Path, code: &str) -> String {
    let vi = r.lang == Lang::Vi;
    let pick = |a: &str, b: &str| if vi { a.to_owned() } else { b.to_owned() };
    match path {
        Path::Visit { field, .. } => match field {
            VisitField::Commune => pick("xã", "commune"),
            VisitField::Group => pick("tổ công tác", "working group"),
            VisitField::Date => pick("ngày làm việc", "visit date"),
            VisitField::Members => pick("thành viên dự", "members present"),
            VisitField::Cells => pick("chi bộ dự", "cells attended"),
            VisitField::Final => pick("hoàn tất", "finalized"),
            VisitField::Item { field, .. } => match field {
                ItemField::Status => pick("tình trạng", "status"),
                ItemField::Note => pick("ghi chú", "note"),
                ItemField::Rating => pick("xếp loại", "rating"),
                ItemField::Cell => pick("chi bộ", "cell"),
                ItemField::Number(key) => r.number_label(code, key).to_owned(),
                ItemField::Flag(flag) => crate::findings::meeting_flag_label(flag, r.lang).to_lowercase(),
            },
        },
        Path::FollowUp { field, .. } => match field {
            FollowUpField::Visit => pick("kiến nghị: lần làm việc", "follow-up: visit"),
            FollowUpField::Commune => pick("kiến nghị: xã", "follow-up: commune"),
            FollowUpField::Item => pick("kiến nghị: nội dung", "follow-up: item"),
            FollowUpField::What => pick("nội dung kiến nghị", "follow-up"),
            FollowUpField::Who => pick("người chịu trách nhiệm", "responsible"),
            FollowUpField::Due => pick("hạn kiến nghị", "follow-up deadline"),
            FollowUpField::Done => pick("kiến nghị đã thực hiện", "follow-up done"),
        },
        Path::Other { field, .. } => field.clone(),
    }
}

fn value_words(r: &Report, path: &Path, commune: Option<&str>, v: Option<&Value>) -> String {
    let vi = r.lang == Lang::Vi;
    let Some(v) = v else { return super::words::words(r.lang).deleted.to_owned() };
    let yes_no = |b: bool| match (b, vi) {
        (true, true) => "có",
        (false, true) => "không",
        (true, false) => "yes",
        (false, false) => "no",
    };
    let cell = |id: &str| commune.and_then(|c| r.cell_name(c, id)).unwrap_or(id).to_owned();
    let names = |v: &Value, f: &dyn Fn(&str) -> String| {
        v.as_array().map(|a| a.iter().filter_map(Value::as_str).map(f).collect::<Vec<_>>().join(", "))
    };
    let visit = match path {
        Path::Visit { visit, .. } => r.visit(visit),
        _ => None,
    };
    let out = match (path, v) {
        (_, Value::Bool(b)) => Some(yes_no(*b).to_owned()),
        (_, Value::Number(n)) => n.as_f64().map(|x| crate::text::number_in(x, r.lang)),
        (Path::Visit { field: VisitField::Item { field: ItemField::Status, .. }, .. }, Value::String(s)) => {
            Status::from_code(s).map(|x| x.label(r.lang).to_owned())
        }
        (Path::Visit { field: VisitField::Item { field: ItemField::Rating, .. }, .. }, Value::String(s)) => {
            Rating::from_code(s).map(|x| x.label(r.lang).to_owned())
        }
        (Path::Visit { field: VisitField::Item { field: ItemField::Cell, .. }, .. }, Value::String(s)) => Some(cell(s)),
        (Path::Visit { field: VisitField::Cells, .. }, v) => names(v, &cell),
        (Path::Visit { field: VisitField::Members, .. }, v) => {
            names(v, &|m: &str| visit.and_then(|x| r.member_name(x, m)).unwrap_or(m).to_owned())
        }
        (Path::Visit { field: VisitField::Commune, .. }, Value::String(s)) => Some(r.commune_name(s).to_owned()),
        (Path::Visit { field: VisitField::Date, .. }, Value::String(s))
        | (Path::FollowUp { field: FollowUpField::Due, .. }, Value::String(s)) => Some(date(s, r.lang)),
        (Path::FollowUp { field: FollowUpField::Item, .. }, Value::String(s)) => Some(r.item_label(s).to_owned()),
        (_, Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    out.unwrap_or_else(|| v.to_string())
}
