//! What a key asks the app to do.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    StartFilter,
    FilterType(char),
    FilterBack,
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
}
