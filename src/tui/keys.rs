//! The key table: the one place that says which key does what. Both the
//! dispatcher and the help screen read it, so the help cannot lie.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::i18n::Lang;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Everywhere,
    Browse,
    Filter,
    Pick,
    /// The conflicts screen.
    Conflicts,
    /// Unknown devices (records held aside).
    Strangers,
    /// The sync warnings of this session.
    Warnings,
    Setup,
    /// Anywhere in the visit walk (under the more specific ones below).
    Walk,
    WalkStatus,
    WalkField,
    /// A number field (under `WalkField`).
    WalkNumber,
    /// A yes/no field (under `WalkField`).
    WalkFlag,
    /// The cell meeting's rating (under `WalkField`).
    WalkRating,
    Note,
    Form,
    Prompt,
    Review,
    /// The item's field histories (`h` in the walk).
    History,
    /// The help screen itself.
    Help,
    Dashboard,
    Trends,
    FollowUps,
    Plan,
}

/// A key, or a class of keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
    /// Any printable character (typing).
    Text,
    /// A digit, or the decimal point or comma (typing a number).
    Digits,
    /// Any key at all (the note editor takes them).
    Any,
}

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    pub vi: &'static str,
    pub en: &'static str,
}

use Context::*;
use Key::*;

const fn b(context: Context, keys: &'static [Key], action: Action, vi: &'static str, en: &'static str) -> Binding {
    Binding { context, keys, action, vi, en }
}

pub const TABLE: &[Binding] = &[
    b(Everywhere, &[Ctrl('c')], Action::Quit, "Thoát ngay", "Quit now"),
    b(Everywhere, &[Ctrl('z')], Action::Suspend, "Tạm dừng (gõ fg để quay lại)", "Suspend (type fg to come back)"),
    b(Browse, &[Char('j'), Code(KeyCode::Down)], Action::Down, "Xuống", "Down"),
    b(Browse, &[Char('k'), Code(KeyCode::Up)], Action::Up, "Lên", "Up"),
    b(Browse, &[Code(KeyCode::PageDown), Ctrl('d')], Action::PageDown, "Xuống một trang", "Page down"),
    b(Browse, &[Code(KeyCode::PageUp), Ctrl('u')], Action::PageUp, "Lên một trang", "Page up"),
    b(Browse, &[Code(KeyCode::Home)], Action::First, "Về đầu danh sách", "First in the list"),
    b(Browse, &[Code(KeyCode::End)], Action::Last, "Về cuối danh sách", "Last in the list"),
    b(Browse, &[Char('n')], Action::NewVisit, "Bắt đầu lần làm việc mới với xã", "Start a new visit to the commune"),
    b(
        Browse,
        &[Code(KeyCode::Enter)],
        Action::OpenVisits,
        "Các lần làm việc với xã (mở lại)",
        "Visits to the commune (reopen)",
    ),
    b(Browse, &[Char('C')], Action::Conflicts, "Xung đột cần chọn giá trị", "Conflicts to settle"),
    b(
        Browse,
        &[Char('A')],
        Action::Strangers,
        "Thiết bị lạ: chấp nhận hoặc bỏ qua",
        "Unknown devices: admit or ignore",
    ),
    b(
        Browse,
        &[Char('W')],
        Action::Warnings,
        "Cảnh báo khi đồng bộ (tệp hỏng, giả)",
        "Sync warnings (damaged, forged files)",
    ),
    b(
        Browse,
        &[Char('d')],
        Action::OpenDashboard,
        "Bảng theo dõi: tình trạng các mục của mọi xã",
        "Dashboard: every commune's items at a glance",
    ),
    b(Browse, &[Char('T')], Action::OpenTrends, "Xu hướng số liệu của xã", "Trends of the commune's numbers"),
    b(Browse, &[Char('f')], Action::OpenFollowUps, "Kiến nghị chưa xong của tổ", "The group's open follow-ups"),
    b(Browse, &[Char('p')], Action::OpenPlan, "Kế hoạch dự sinh hoạt chi bộ", "Cell meeting plan"),
    b(Browse, &[Char('/')], Action::StartFilter, "Tìm xã (không cần dấu)", "Search communes (accents optional)"),
    b(Browse, &[Code(KeyCode::Esc)], Action::ClearFilter, "Bỏ lọc", "Clear the search"),
    b(Browse, &[Char(']')], Action::NextGroup, "Tổ công tác kế tiếp", "Next working group"),
    b(Browse, &[Char('[')], Action::PrevGroup, "Tổ công tác trước", "Previous working group"),
    b(Browse, &[Char('t')], Action::PickGroup, "Chọn tổ công tác", "Pick a working group"),
    b(Browse, &[Char('i')], Action::PickMe, "Đổi người dùng (tôi là ai)", "Change who I am"),
    b(Browse, &[Char('J')], Action::DetailDown, "Cuộn chi tiết xuống", "Scroll details down"),
    b(Browse, &[Char('K')], Action::DetailUp, "Cuộn chi tiết lên", "Scroll details up"),
    b(Browse, &[Char('L')], Action::ToggleLang, "Đổi ngôn ngữ Việt/Anh", "Switch Vietnamese/English"),
    b(Browse, &[Char('?'), Code(KeyCode::F(1))], Action::Help, "Trợ giúp phím", "Key help"),
    b(Browse, &[Char('q')], Action::Quit, "Thoát", "Quit"),
    b(Filter, &[Text], Action::Type(' '), "Gõ chữ để lọc", "Type to filter"),
    b(Filter, &[Code(KeyCode::Backspace), Ctrl('h')], Action::Backspace, "Xóa một chữ", "Delete a letter"),
    b(Filter, &[Code(KeyCode::Down)], Action::Down, "Xuống", "Down"),
    b(Filter, &[Code(KeyCode::Up)], Action::Up, "Lên", "Up"),
    b(Filter, &[Code(KeyCode::Enter)], Action::EndFilter, "Giữ kết quả lọc", "Keep the filter"),
    b(Filter, &[Code(KeyCode::Esc)], Action::ClearFilter, "Bỏ lọc", "Clear the search"),
    b(Pick, &[Char('j'), Code(KeyCode::Down)], Action::Down, "Xuống", "Down"),
    b(Pick, &[Char('k'), Code(KeyCode::Up)], Action::Up, "Lên", "Up"),
    b(Pick, &[Code(KeyCode::Enter)], Action::Choose, "Chọn", "Choose"),
    b(Pick, &[Code(KeyCode::Esc)], Action::Cancel, "Đóng", "Close"),
    // Enter first: the footer shows these in this order, and may be cut.
    b(Conflicts, &[Code(KeyCode::Enter)], Action::Choose, "Giữ giá trị đang chọn", "Keep the highlighted value"),
    b(Conflicts, &[Char('j'), Code(KeyCode::Down)], Action::Down, "Giá trị sau", "Next value"),
    b(Conflicts, &[Char('k'), Code(KeyCode::Up)], Action::Up, "Giá trị trước", "Previous value"),
    b(Conflicts, &[Code(KeyCode::Esc)], Action::Cancel, "Đóng", "Close"),
    b(Conflicts, &[Code(KeyCode::PageDown)], Action::PageDown, "Trang sau", "Page down"),
    b(Conflicts, &[Code(KeyCode::PageUp)], Action::PageUp, "Trang trước", "Page up"),
    b(
        Strangers,
        &[Code(KeyCode::Enter)],
        Action::Choose,
        "Chấp nhận (so dấu vân tay)",
        "Admit (compare the fingerprint)",
    ),
    b(Strangers, &[Char('x')], Action::Ignore, "Bỏ qua (vẫn giữ riêng)", "Ignore (kept aside)"),
    b(Strangers, &[Code(KeyCode::Esc)], Action::Cancel, "Quay lại", "Back"),
    b(Strangers, &[Char('j'), Code(KeyCode::Down)], Action::Down, "Xuống", "Down"),
    b(Strangers, &[Char('k'), Code(KeyCode::Up)], Action::Up, "Lên", "Up"),
    b(Warnings, &[Code(KeyCode::Esc)], Action::Cancel, "Quay lại", "Back"),
    b(Warnings, &[Char('j'), Code(KeyCode::Down)], Action::Down, "Cảnh báo sau", "Next warning"),
    b(Warnings, &[Char('k'), Code(KeyCode::Up)], Action::Up, "Cảnh báo trước", "Previous warning"),
    b(Warnings, &[Code(KeyCode::PageDown)], Action::PageDown, "Trang sau", "Page down"),
    b(Warnings, &[Code(KeyCode::PageUp)], Action::PageUp, "Trang trước", "Page up"),
    b(Setup, &[Code(KeyCode::Enter)], Action::Choose, "Bắt đầu (lần làm việc)", "Start (the visit)"),
    b(
        Setup,
        &[Code(KeyCode::Tab)],
        Action::NextField,
        "Sang phần sau (ngày, người đi, chi bộ)",
        "Next part (date, members, cells)",
    ),
    b(Setup, &[Code(KeyCode::BackTab)], Action::PrevField, "Về phần trước", "Previous part"),
    b(Setup, &[Code(KeyCode::Down)], Action::Down, "Xuống", "Down"),
    b(Setup, &[Code(KeyCode::Up)], Action::Up, "Lên", "Up"),
    b(Setup, &[Char(' ')], Action::Toggle, "Chọn/bỏ", "Tick/untick"),
    b(Setup, &[Code(KeyCode::Backspace), Ctrl('h')], Action::Backspace, "Xóa một chữ", "Delete a letter"),
    b(Setup, &[Text], Action::Type(' '), "Gõ ngày (NĂM-THÁNG-NGÀY)", "Type the date (YYYY-MM-DD)"),
    b(Setup, &[Code(KeyCode::Esc)], Action::Cancel, "Hủy", "Cancel"),
    b(
        WalkStatus,
        &[Char('1')],
        Action::Status(1),
        "Chưa chuyển biến, sang ô cần điền (không còn thì mục sau)",
        "No change, on to the first empty field (or the next item)",
    ),
    b(
        WalkStatus,
        &[Char('2')],
        Action::Status(2),
        "Có chuyển biến, sang ô cần điền (không còn thì mục sau)",
        "Improving, on to the first empty field (or the next item)",
    ),
    b(
        WalkStatus,
        &[Char('3')],
        Action::Status(3),
        "Đã khắc phục, sang ô cần điền (không còn thì mục sau)",
        "Resolved, on to the first empty field (or the next item)",
    ),
    b(
        WalkStatus,
        &[Char('4')],
        Action::Status(4),
        "Xấu đi, sang ô cần điền (không còn thì mục sau)",
        "Worse, on to the first empty field (or the next item)",
    ),
    b(WalkStatus, &[Char('0')], Action::Status(0), "Chưa đánh giá, sang mục sau", "Not assessed, next item"),
    b(WalkStatus, &[Code(KeyCode::Enter)], Action::Choose, "Viết ghi chú", "Write a note"),
    b(WalkFlag, &[Char('c'), Char('y'), Char('1')], Action::Answer(true), "Có, sang ô sau", "Yes, next field"),
    b(
        WalkFlag,
        &[Char('k'), Char('n'), Char('0')],
        Action::Answer(false),
        "Không, sang ô sau (ở đây k là «không», không phải mục trước)",
        "No, next field (here k is \"no\", not the previous item)",
    ),
    b(WalkRating, &[Char('1')], Action::Rate(0), "Xếp loại Tốt, sang ô sau", "Rated good, next field"),
    b(WalkRating, &[Char('2')], Action::Rate(1), "Xếp loại Khá, sang ô sau", "Rated fair, next field"),
    b(WalkRating, &[Char('3')], Action::Rate(2), "Xếp loại Trung bình, sang ô sau", "Rated average, next field"),
    b(WalkRating, &[Char('4')], Action::Rate(3), "Xếp loại Kém, sang ô sau", "Rated poor, next field"),
    b(
        WalkNumber,
        &[Char('c'), Char('k'), Char('y'), Char('n'), Char(' '), Char('j')],
        Action::NotANumber,
        "(ô số) Nhắc: ô này ghi số, không phải có/không",
        "(number field) Says the field takes a number, not yes/no",
    ),
    b(
        WalkField,
        &[Char('j'), Char('k')],
        Action::NotANumber,
        "Không di chuyển trong ô (↑↓, Tab, Enter di chuyển): nhắc phím của ô",
        "Do not move inside a field (↑↓, Tab, Enter do): says the field's keys",
    ),
    b(WalkField, &[Digits], Action::Type(' '), "Gõ số vào ô", "Type a number into the field"),
    b(WalkField, &[Code(KeyCode::Backspace), Ctrl('h')], Action::Backspace, "Xóa một chữ số", "Delete a digit"),
    b(
        WalkField,
        &[Code(KeyCode::Enter)],
        Action::Choose,
        "Ghi và sang ô cần điền sau (hết thì mục sau)",
        "Save, on to the next field to fill (then the next item)",
    ),
    b(WalkField, &[Char(' ')], Action::Toggle, "Có / không (đổi)", "Yes / no (switch)"),
    b(
        WalkField,
        &[Code(KeyCode::Right)],
        Action::CycleNext,
        "Lựa chọn sau (xếp loại, chi bộ)",
        "Next choice (rating, cell)",
    ),
    b(WalkField, &[Code(KeyCode::Left)], Action::CyclePrev, "Lựa chọn trước", "Previous choice"),
    b(WalkField, &[Code(KeyCode::Esc)], Action::FocusStatus, "Về ô tình trạng", "Back to the status"),
    b(
        Walk,
        &[Char('j'), Code(KeyCode::Down)],
        Action::Down,
        "Mục sau (j ở ô tình trạng; trong ô chỉ ↓)",
        "Next item (j on the status; in a field only ↓)",
    ),
    b(
        Walk,
        &[Char('k'), Code(KeyCode::Up)],
        Action::Up,
        "Mục trước (k ở ô tình trạng; trong ô chỉ ↑)",
        "Previous item (k on the status; in a field only ↑)",
    ),
    b(
        Walk,
        &[Code(KeyCode::Tab)],
        Action::NextField,
        "Ô cần điền sau (hết thì mục sau)",
        "Next field to fill (then the next item)",
    ),
    b(
        Walk,
        &[Code(KeyCode::BackTab)],
        Action::PrevField,
        "Ô trước (mọi ô, cả ô tự tính và điền sẵn)",
        "Previous field (every field, computed and filled-in ones too)",
    ),
    b(Walk, &[Char('a')], Action::AddFollowUp, "Kiến nghị (thêm)", "Follow-up (add)"),
    b(Walk, &[Char('x')], Action::MarkDone, "Đánh dấu kiến nghị đã xong", "Mark a follow-up done"),
    b(Walk, &[Char('u')], Action::Undo, "Hoàn tác (thay đổi vừa rồi)", "Undo (the last change)"),
    b(Walk, &[Char('g')], Action::GoTo, "Đến mục (số hoặc tên)", "Go to an item (number or name)"),
    b(Walk, &[Char('h')], Action::History, "Lịch sử (các ô của mục)", "History (of the item's fields)"),
    b(Walk, &[Char('r')], Action::Review, "Rà soát (và hoàn tất)", "Review (and finalize)"),
    b(
        Walk,
        &[Char('b')],
        Action::Minutes,
        "Viết biên bản làm việc (tệp Word) của lần này",
        "Write this visit's minutes (a Word file)",
    ),
    b(Walk, &[Char('?'), Code(KeyCode::F(1))], Action::Help, "Trợ giúp phím", "Key help"),
    b(Walk, &[Code(KeyCode::Esc), Char('q')], Action::Back, "Về (danh sách xã)", "Back (to the communes)"),
    b(Note, &[Code(KeyCode::Esc)], Action::Cancel, "Lưu ghi chú và đóng", "Save the note and close"),
    b(Note, &[Any], Action::Type(' '), "Gõ ghi chú (Enter xuống dòng)", "Type the note (Enter for a new line)"),
    b(Form, &[Code(KeyCode::Enter)], Action::Choose, "Sang ô sau, ở ô hạn thì lưu", "Next field, on the due date save"),
    b(Form, &[Code(KeyCode::Tab), Code(KeyCode::Down)], Action::NextField, "Ô sau", "Next field"),
    b(Form, &[Code(KeyCode::BackTab), Code(KeyCode::Up)], Action::PrevField, "Ô trước", "Previous field"),
    b(Form, &[Code(KeyCode::Backspace), Ctrl('h')], Action::Backspace, "Xóa một chữ", "Delete a letter"),
    b(Form, &[Text], Action::Type(' '), "Gõ nội dung", "Type"),
    b(Form, &[Code(KeyCode::Esc)], Action::Cancel, "Đóng (hỏi nếu đã gõ)", "Close (asks if typed)"),
    b(Prompt, &[Code(KeyCode::Enter)], Action::Choose, "Đến mục", "Go"),
    b(Prompt, &[Code(KeyCode::Backspace), Ctrl('h')], Action::Backspace, "Xóa một chữ", "Delete a letter"),
    b(Prompt, &[Text], Action::Type(' '), "Gõ số thứ tự hoặc tên mục", "Type an item number or name"),
    b(Prompt, &[Code(KeyCode::Esc)], Action::Cancel, "Hủy", "Cancel"),
    b(Help, &[Char('j'), Code(KeyCode::Down)], Action::DetailDown, "Cuộn trợ giúp xuống", "Scroll the help down"),
    b(Help, &[Char('k'), Code(KeyCode::Up)], Action::DetailUp, "Cuộn trợ giúp lên", "Scroll the help up"),
    b(History, &[Char('j'), Code(KeyCode::Down)], Action::Down, "Cuộn xuống", "Scroll down"),
    b(History, &[Char('k'), Code(KeyCode::Up)], Action::Up, "Cuộn lên", "Scroll up"),
    b(History, &[Code(KeyCode::Esc), Char('h')], Action::Cancel, "Đóng", "Close"),
    b(Review, &[Char('F')], Action::Finalize, "Hoàn tất lần làm việc", "Finalize the visit"),
    b(Review, &[Code(KeyCode::Esc), Char('r')], Action::Cancel, "Quay lại", "Back"),
    b(Dashboard, &[Char('j'), Code(KeyCode::Down)], Action::Down, "Xã dưới", "Next commune"),
    b(Dashboard, &[Char('k'), Code(KeyCode::Up)], Action::Up, "Xã trên", "Previous commune"),
    b(Dashboard, &[Char('l'), Code(KeyCode::Right)], Action::Right, "Mục bên phải", "Next item"),
    b(Dashboard, &[Char('h'), Code(KeyCode::Left)], Action::Left, "Mục bên trái", "Previous item"),
    b(Dashboard, &[Code(KeyCode::PageDown), Ctrl('d')], Action::PageDown, "Xuống một trang", "Page down"),
    b(Dashboard, &[Code(KeyCode::PageUp), Ctrl('u')], Action::PageUp, "Lên một trang", "Page up"),
    b(Dashboard, &[Code(KeyCode::Home)], Action::First, "Mục đầu tiên", "First item"),
    b(Dashboard, &[Code(KeyCode::End)], Action::Last, "Mục cuối cùng", "Last item"),
    b(
        Dashboard,
        &[Code(KeyCode::Enter)],
        Action::Choose,
        "Mở lần làm việc gần nhất ở mục này (hoặc bắt đầu lần mới)",
        "Open the latest visit at this item (or start one)",
    ),
    b(Dashboard, &[Char('T')], Action::OpenTrends, "Xu hướng số liệu của xã", "Trends of the commune's numbers"),
    b(Dashboard, &[Char('f')], Action::OpenFollowUps, "Kiến nghị chưa xong của tổ", "The group's open follow-ups"),
    b(Dashboard, &[Char('p')], Action::OpenPlan, "Kế hoạch dự sinh hoạt chi bộ", "Cell meeting plan"),
    b(Dashboard, &[Char('?'), Code(KeyCode::F(1))], Action::Help, "Trợ giúp phím", "Key help"),
    b(Dashboard, &[Code(KeyCode::Esc), Char('q')], Action::Back, "Về danh sách xã", "Back to the communes"),
    b(Trends, &[Char('j'), Code(KeyCode::Down)], Action::Down, "Cuộn xuống", "Scroll down"),
    b(Trends, &[Char('k'), Code(KeyCode::Up)], Action::Up, "Cuộn lên", "Scroll up"),
    b(Trends, &[Code(KeyCode::PageDown), Ctrl('d')], Action::PageDown, "Xuống một trang", "Page down"),
    b(Trends, &[Code(KeyCode::PageUp), Ctrl('u')], Action::PageUp, "Lên một trang", "Page up"),
    b(Trends, &[Char('?'), Code(KeyCode::F(1))], Action::Help, "Trợ giúp phím", "Key help"),
    b(Trends, &[Code(KeyCode::Esc), Char('q')], Action::Back, "Quay lại", "Back"),
    b(FollowUps, &[Char('j'), Code(KeyCode::Down)], Action::Down, "Xuống", "Down"),
    b(FollowUps, &[Char('k'), Code(KeyCode::Up)], Action::Up, "Lên", "Up"),
    b(FollowUps, &[Code(KeyCode::PageDown), Ctrl('d')], Action::PageDown, "Xuống một trang", "Page down"),
    b(FollowUps, &[Code(KeyCode::PageUp), Ctrl('u')], Action::PageUp, "Lên một trang", "Page up"),
    b(
        FollowUps,
        &[Char('x')],
        Action::MarkDone,
        "Đánh dấu kiến nghị đã xong (ghi ngay)",
        "Mark the follow-up done (saved at once)",
    ),
    b(
        FollowUps,
        &[Char('m')],
        Action::FilterMember,
        "Lọc theo thành viên (lần lượt từng người, rồi tất cả)",
        "Filter by member (each in turn, then all)",
    ),
    b(
        FollowUps,
        &[Char('c')],
        Action::FilterCommune,
        "Lọc theo xã (lần lượt từng xã, rồi tất cả)",
        "Filter by commune (each in turn, then all)",
    ),
    b(FollowUps, &[Char('?'), Code(KeyCode::F(1))], Action::Help, "Trợ giúp phím", "Key help"),
    b(FollowUps, &[Code(KeyCode::Esc), Char('q')], Action::Back, "Quay lại", "Back"),
    b(Plan, &[Char('l'), Code(KeyCode::Right)], Action::Right, "Tháng sau", "Next month"),
    b(Plan, &[Char('h'), Code(KeyCode::Left)], Action::Left, "Tháng trước", "Previous month"),
    b(Plan, &[Char('j'), Code(KeyCode::Down)], Action::Down, "Cuộn xuống", "Scroll down"),
    b(Plan, &[Char('k'), Code(KeyCode::Up)], Action::Up, "Cuộn lên", "Scroll up"),
    b(Plan, &[Char('?'), Code(KeyCode::F(1))], Action::Help, "Trợ giúp phím", "Key help"),
    b(Plan, &[Code(KeyCode::Esc), Char('q')], Action::Back, "Quay lại", "Back"),
];

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match self {
            Char(c) => !ctrl && !ev.modifiers.contains(KeyModifiers::ALT) && ev.code == KeyCode::Char(c),
            Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            Code(code) => ev.code == code,
            Text => !ctrl && matches!(ev.code, KeyCode::Char(_)),
            Digits => !ctrl && matches!(ev.code, KeyCode::Char(c) if c.is_ascii_digit() || c == '.' || c == ','),
            Any => true,
        }
    }

    pub fn label(self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            // Keys are named as printed on the keyboard (Enter, Esc, Tab).
            Char(' ') => "Space".into(),
            Char(c) => c.to_string(),
            Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Text => if vi { "chữ" } else { "letters" }.into(),
            Digits => "0-9".into(),
            Any => if vi { "phím khác" } else { "other keys" }.into(),
            Code(code) => match code {
                KeyCode::Down => "↓".into(),
                KeyCode::Up => "↑".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift-Tab".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::F(n) => format!("F{n}"),
                other => other.to_string(),
            },
        }
    }
}

/// The action for a key press in the active contexts (most specific
/// first), if any. Bindings that apply everywhere are tried first.
pub fn dispatch(contexts: &[Context], ev: &KeyEvent) -> Option<Action> {
    std::iter::once(Everywhere).chain(contexts.iter().copied()).find_map(|ctx| {
        TABLE.iter().filter(|b| b.context == ctx).find_map(|b| {
            let key = b.keys.iter().find(|k| k.matches(ev))?;
            Some(match (key, ev.code) {
                (Text | Digits, KeyCode::Char(c)) => Action::Type(c),
                (Any, _) => Action::Edit(*ev),
                _ => b.action,
            })
        })
    })
}

/// The keys of `contexts` on one line, from the key table, for a footer:
/// `↓ giá trị sau · ↑ giá trị trước · Enter giữ giá trị đang chọn`. A
/// named key (an arrow) is shown rather than its letter twin.
pub fn hint(contexts: &[Context], lang: Lang) -> String {
    hint_line(TABLE.iter().filter(|b| contexts.contains(&b.context)), lang)
}

fn hint_line<'a>(bindings: impl Iterator<Item = &'a Binding>, lang: Lang) -> String {
    bindings
        .filter_map(|b| {
            let key = b.keys.iter().find(|k| matches!(k, Code(_))).or(b.keys.first())?;
            let what = if lang == Lang::Vi { b.vi } else { b.en };
            let mut chars = what.chars();
            let first = chars.next().map(|c| c.to_lowercase().collect::<String>()).unwrap_or_default();
            Some(format!("{} {first}{}", key.label(lang), chars.as_str()))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Like [`hint`], only the bindings of `actions`, in that order: a
/// footer with the few keys that matter where the user is.
pub fn hint_of(contexts: &[Context], actions: &[Action], lang: Lang) -> String {
    actions
        .iter()
        .filter_map(|a| {
            let ctx = contexts.iter().find(|c| TABLE.iter().any(|b| b.context == **c && b.action == *a))?;
            let line = hint_line(TABLE.iter().filter(|b| b.context == *ctx && b.action == *a), lang);
            // A footer has no room for the help's explanations in brackets.
            Some(match line.find(" (") {
                Some(i) if line.ends_with(')') => line[..i].to_owned(),
                _ => line,
            })
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The help rows for the contexts that can be active now.
pub fn help_rows(contexts: &[Context], lang: Lang) -> Vec<(Context, String, &'static str)> {
    TABLE
        .iter()
        .filter(|b| contexts.contains(&b.context))
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label(lang)).collect();
            let what = if lang == Lang::Vi { b.vi } else { b.en };
            (b.context, keys.join(" "), what)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn dispatch_reads_the_table() {
        assert_eq!(dispatch(&[Browse], &key(KeyCode::Char('j'))), Some(Action::Down));
        assert_eq!(dispatch(&[Browse], &key(KeyCode::Char('q'))), Some(Action::Quit));
        assert_eq!(dispatch(&[Filter], &key(KeyCode::Char('q'))), Some(Action::Type('q')));
        let ctrl_h = KeyEvent::new(KeyCode::Char('h'), KeyModifiers::CONTROL);
        assert_eq!(dispatch(&[Filter], &ctrl_h), Some(Action::Backspace));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(dispatch(&[Pick], &ctrl_c), Some(Action::Quit));
        assert_eq!(dispatch(&[Browse], &key(KeyCode::Char('z'))), None);
        assert_eq!(dispatch(&[WalkStatus, Walk], &key(KeyCode::Char('3'))), Some(Action::Status(3)));
        assert_eq!(dispatch(&[WalkField, Walk], &key(KeyCode::Char('3'))), Some(Action::Type('3')));
        // Inside an item's fields j/k do not move: ↑/↓ do.
        assert_eq!(dispatch(&[WalkField, Walk], &key(KeyCode::Char('j'))), Some(Action::NotANumber));
        assert_eq!(dispatch(&[WalkField, Walk], &key(KeyCode::Down)), Some(Action::Down));
        assert_eq!(dispatch(&[WalkStatus, Walk], &key(KeyCode::Char('j'))), Some(Action::Down));
        let flag = [WalkFlag, WalkField, Walk];
        assert_eq!(dispatch(&flag, &key(KeyCode::Char('k'))), Some(Action::Answer(false)));
        assert_eq!(dispatch(&flag, &key(KeyCode::Char('j'))), Some(Action::NotANumber));
        assert_eq!(dispatch(&flag, &key(KeyCode::Char('1'))), Some(Action::Answer(true)));
        assert_eq!(dispatch(&[WalkRating, WalkField, Walk], &key(KeyCode::Char('2'))), Some(Action::Rate(1)));
        let number = [WalkNumber, WalkField, Walk];
        assert_eq!(dispatch(&number, &key(KeyCode::Char(' '))), Some(Action::NotANumber));
        assert_eq!(dispatch(&number, &key(KeyCode::Char('0'))), Some(Action::Type('0')));
        let j = key(KeyCode::Char('j'));
        assert_eq!(dispatch(&[Note], &j), Some(Action::Edit(j)));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let mut seen = std::collections::HashSet::new();
        for b in TABLE {
            for k in b.keys {
                assert!(seen.insert((b.context as u8, format!("{k:?}"))), "{k:?} twice in {:?}", b.context);
            }
        }
    }
}
