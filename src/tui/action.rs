//! What a key asks the app to do.

use ratatui::crossterm::event::KeyEvent;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Give the terminal back to the shell until `fg` (Ctrl-Z).
    Suspend,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    StartFilter,
    /// A printable character typed into whatever takes text.
    Type(char),
    /// Delete one grapheme of what is being typed.
    Backspace,
    EndFilter,
    ClearFilter,
    NextGroup,
    PrevGroup,
    PickGroup,
    PickMe,
    DetailDown,
    DetailUp,
    ToggleLang,
    Help,
    Choose,
    Cancel,
    /// Close whatever overlay is open (any key on the help screen).
    Dismiss,
    NewVisit,
    OpenVisits,
    Conflicts,
    /// Records held aside from unknown devices: admit or ignore.
    Strangers,
    /// The warnings of this session's exchanges with the sync folder.
    Warnings,
    /// Leave an unknown device's records aside.
    Ignore,
    NextField,
    PrevField,
    /// Leave a field for the item's status.
    FocusStatus,
    /// Set the current item's status: index into `Status::ALL`.
    Status(u8),
    Toggle,
    /// Answer a yes/no field and go on.
    Answer(bool),
    /// Rate the cell meeting (index into `Rating::ALL`) and go on.
    Rate(u8),
    /// A yes/no key in a number field: say what the field takes.
    NotANumber,
    CycleNext,
    CyclePrev,
    AddFollowUp,
    MarkDone,
    Undo,
    GoTo,
    /// The histories of the item's fields.
    History,
    Review,
    Finalize,
    /// Write the open visit's minutes (a Word document).
    Minutes,
    Back,
    Left,
    Right,
    OpenDashboard,
    OpenTrends,
    OpenFollowUps,
    OpenPlan,
    /// Cycle the follow-up list's filter through the group's members.
    FilterMember,
    /// Cycle the follow-up list's filter through the group's communes.
    FilterCommune,
    /// A raw key for the note editor.
    Edit(KeyEvent),
}
