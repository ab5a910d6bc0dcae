//! The workbook's first sheet, *Tổng hợp*: commune × item from the shared
//! facts, so that a clerk reads `70% → 80% → 90%` without a pivot table:
//! per number the starting level, the last visit's value and the latest,
//! beside the item's latest status, that visit's note, and its open and
//! overdue follow-ups. Known weaknesses are marked apart from standard items.

use super::Report;
use super::facts::{Facts, ItemFacts};
use super::tables::{Cell, Emit, Table, heads};
use super::words::words;
use crate::i18n::Lang;

pub fn overview<'r>(r: &'r Report, facts: Facts<'r>) -> Table<'r> {
    let w = words(r.lang);
    let en = r.lang == Lang::En;
    let headers = heads(&[
        w.group,
        w.commune,
        w.item,
        if en { "Known weakness" } else { "Hạn chế đã chỉ ra" },
        w.status,
        if en { "Assessed on" } else { "Ngày đánh giá" },
        w.number,
        if en { "Starting level" } else { "Ban đầu" },
        if en { "Last visit" } else { "Lần trước" },
        if en { "Now" } else { "Hiện nay" },
        w.unit,
        if en { "Open follow-ups" } else { "Kiến nghị đang mở" },
        w.overdue,
        w.note,
    ]);
    let rows = move |emit: Emit| {
        for (g, c) in facts.communes() {
            let items = c.weaknesses.iter().map(|i| (i, true)).chain(c.others.iter().map(|i| (i, false)));
            for (i, known) in items {
                for row in item_rows(r, &g.name, &c.name, i, known) {
                    emit(&row);
                }
            }
        }
    };
    Table { name: if en { "Summary" } else { "Tổng hợp" }, headers, rows: Box::new(rows) }
}

/// One row per number of the item (one row when it has none). The note and
/// the follow-up counts sit on the first row only, so that a column sums
/// to the real count.
fn item_rows(r: &Report, group: &str, commune: &str, i: &ItemFacts, known: bool) -> Vec<Vec<Cell>> {
    let w = words(r.lang);
    let status = match &i.status {
        Some((s, _)) => Cell::Text(s.label(r.lang).to_owned()),
        None => Cell::Text(w.not_assessed_in_period.to_owned()),
    };
    let date = i.status.as_ref().map_or(Cell::Empty, |(_, d)| Cell::Date(d.clone()));
    let head = |first: bool| {
        let row = vec![
            Cell::Text(group.to_owned()),
            Cell::Text(commune.to_owned()),
            Cell::Text(i.label.clone()),
            Cell::Bool(known),
            status.clone(),
            date.clone(),
        ];
        let tail = if first {
            vec![Cell::Num(i.open as f64), Cell::Num(i.overdue as f64), i.note.clone().map_or(Cell::Empty, Cell::Text)]
        } else {
            vec![Cell::Empty, Cell::Empty, Cell::Empty]
        };
        (row, tail)
    };
    if i.numbers.is_empty() {
        let (mut row, tail) = head(true);
        row.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]);
        row.extend(tail);
        return vec![row];
    }
    i.numbers
        .iter()
        .enumerate()
        .map(|(k, n)| {
            let (mut row, tail) = head(k == 0);
            row.extend([
                Cell::Text(n.label.clone()),
                n.start.map_or(Cell::Empty, Cell::Num),
                n.last.map_or(Cell::Empty, Cell::Num),
                Cell::Num(n.now),
                if n.percent { Cell::Text("%".to_owned()) } else { Cell::Empty },
            ]);
            row.extend(tail);
            row
        })
        .collect()
}
