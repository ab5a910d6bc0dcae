//! Unknown devices (`A`): records held aside from devices not in the
//! roster, one row each ("3 bản ghi từ thiết bị lạ XXXX-XXXX-XXXX-XXXX —
//! chấp nhận hoặc bỏ qua"). Enter shows the device's fingerprint to
//! compare with the other laptop's screen and asks whose laptop it is;
//! Enter on a member admits it (a signed roster op, as `sotay device
//! admit`) and what it held aside is merged at once. `x` ignores it for
//! this session: its records stay aside, unread, costing nothing.
//!
//! State, keys and drawing together: the screen is small.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::i18n::{Lang, held_row};
use crate::store::Held;
use crate::text::{clean, truncate};
use crate::tui::action::Action;
use crate::tui::cursor::ListCursor;
use crate::tui::keys::{Context, hint};
use crate::tui::screens::Picked;
use crate::tui::shared::Shared;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strangers {
    /// Devices with records held aside, not ignored, when the screen opened.
    pub held: Vec<Held>,
    pub cursor: ListCursor,
    /// Admitting `held[i]`: whose laptop it is, among the group's members.
    pub member: Option<(usize, ListCursor)>,
}

impl Strangers {
    pub fn open(sh: &Shared) -> Strangers {
        Strangers { held: sh.strangers(), cursor: ListCursor::default(), member: None }
    }

    pub fn update(&mut self, sh: &mut Shared, action: Action, rows: usize) -> Option<Picked> {
        let len = match self.member {
            Some(_) => sh.current_group().map_or(0, |g| g.members.len()),
            None => self.held.len(),
        };
        let cursor = match &mut self.member {
            Some((_, c)) => c,
            None => &mut self.cursor,
        };
        match action {
            Action::Down => cursor.move_by(1, len, rows),
            Action::Up => cursor.move_by(-1, len, rows),
            Action::Cancel | Action::Dismiss if self.member.is_some() => self.member = None,
            Action::Cancel | Action::Dismiss => return Some(Picked::Closed),
            Action::Ignore if self.member.is_none() => {
                let h = self.held.get(self.cursor.selected)?.clone();
                sh.ignored.insert(h.device.clone());
                sh.status = Some(ignored_text(&h, sh.lang));
                self.held.remove(self.cursor.selected);
                self.cursor.select(self.cursor.selected, self.held.len(), rows);
            }
            Action::Choose => match self.member {
                None => {
                    let h = self.held.get(self.cursor.selected)?;
                    if h.fingerprint.is_none() {
                        sh.status = Some(crate::i18n::held_notice(h, sh.lang));
                        return None;
                    }
                    // The group's leader first selected: the usual case
                    // for a member's laptop.
                    self.member = Some((self.cursor.selected, ListCursor::default()));
                }
                Some((i, c)) => {
                    self.admit(sh, i, c.selected);
                    return self.held.is_empty().then_some(Picked::Closed);
                }
            },
            _ => {}
        }
        None
    }

    fn admit(&mut self, sh: &mut Shared, i: usize, m: usize) {
        let lang = sh.lang;
        let (Some(h), Some(g)) = (self.held.get(i).cloned(), sh.current_group()) else { return };
        let Some(member) = g.members.get(m) else { return };
        let leader = crate::report::paper::leader(g) == Some(member.name.as_str());
        let (id, name) = (member.id.clone(), member.name.clone());
        let Some(fp) = h.fingerprint.clone() else { return };
        let Some(store) = &mut sh.store else { return };
        sh.status = Some(match store.admit(&fp, &id, leader) {
            Ok((_, n)) => {
                self.held.remove(i);
                self.cursor.reset();
                self.member = None;
                admitted_text(&fp, &name, n, lang)
            }
            Err(e) => crate::i18n::admit_error(e, lang),
        });
        sh.held = store.held();
        sh.refresh_findings();
        sh.recount_conflicts();
    }
}

fn ignored_text(h: &Held, lang: Lang) -> String {
    let who = h.fingerprint.as_deref().unwrap_or(&h.device);
    match lang {
        Lang::Vi => format!("Đã bỏ qua thiết bị {who}: {} bản ghi vẫn được giữ riêng, không gộp.", h.records),
        Lang::En => format!("Ignored device {who}: its {} records stay aside, not merged.", h.records),
    }
}

fn admitted_text(fp: &str, name: &str, n: usize, lang: Lang) -> String {
    let name = clean(name);
    match lang {
        Lang::Vi => format!("Đã nhận thiết bị {fp} là máy của {name}; {n} bản ghi được gộp vào."),
        Lang::En => format!("Admitted device {fp} as {name}'s laptop; {n} records merged."),
    }
}

/// Draws the screen over `area`; the rows its list holds.
pub fn draw(frame: &mut Frame, area: Rect, sh: &Shared, s: &Strangers) -> usize {
    let lang = sh.lang;
    let vi = lang == Lang::Vi;
    let title = if vi { " Thiết bị lạ " } else { " Unknown devices " };
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let room = inner.width as usize;
    let dim = Style::default().fg(Color::DarkGray);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines: Vec<Line> = Vec::new();
    let mut rows: Vec<(String, bool)> = Vec::new();
    match s.member.and_then(|(i, c)| Some((s.held.get(i)?, c))) {
        None => {
            lines.push(Line::styled(
                if vi {
                    "Bản ghi từ thiết bị chưa được nhận vào tổ được giữ riêng: không gộp, không xuất."
                } else {
                    "Records from devices not admitted to the group are held aside: not merged, not exported."
                },
                dim,
            ));
            if s.held.is_empty() {
                lines.push(Line::raw(if vi { "Không có thiết bị lạ nào." } else { "No unknown device." }));
            }
            for (i, h) in s.held.iter().enumerate() {
                rows.push((held_row(h, lang), i == s.cursor.selected));
            }
        }
        Some((h, c)) => {
            let fp = h.fingerprint.as_deref().unwrap_or_default();
            lines.push(Line::styled(format!("{} {fp}", if vi { "Dấu vân tay:" } else { "Fingerprint:" }), bold));
            lines.push(Line::raw(if vi {
                "Người dùng máy kia chạy `sotay device` và đọc to dấu vân tay; chỉ nhận khi khớp từng ký tự."
            } else {
                "The other laptop's user runs `sotay device` and reads its fingerprint aloud; admit only if every character matches."
            }));
            lines.push(Line::styled(if vi { "Máy này của ai?" } else { "Whose laptop is it?" }, bold));
            if let Some(g) = sh.current_group() {
                let leader = crate::report::paper::leader(g);
                for (i, m) in g.members.iter().enumerate() {
                    let role = if leader == Some(m.name.as_str()) {
                        if vi { " (tổ trưởng)" } else { " (group leader)" }
                    } else {
                        ""
                    };
                    rows.push((format!("{}{role}", clean(&m.name)), i == c.selected));
                }
            }
        }
    }
    let offset = match s.member {
        Some((_, c)) => c.offset,
        None => s.cursor.offset,
    };
    let fixed = lines.len() + 2;
    let height = (inner.height as usize).saturating_sub(fixed);
    for (text, selected) in rows.into_iter().skip(offset).take(height) {
        let mark = if selected { "> " } else { "  " };
        let style = if selected { Style::default().add_modifier(Modifier::REVERSED) } else { Style::default() };
        let row = format!("{mark}{}", clean(&text));
        lines.push(Line::styled(truncate(&row, room).into_owned(), style));
    }
    let keys = hint(&[Context::Strangers], lang);
    let body_rows = inner.height.saturating_sub(1);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), Rect { height: body_rows, ..inner });
    let foot = Rect { y: inner.y + body_rows, height: 1.min(inner.height), ..inner };
    frame.render_widget(Paragraph::new(Line::styled(truncate(&keys, room), dim)), foot);
    height.max(1)
}
