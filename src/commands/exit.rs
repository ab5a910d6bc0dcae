//! Exit codes (CONTRACT.md §2): the only place they are written. Usage
//! errors (2) are clap's own, with its message.

/// Done.
pub const OK: i32 = 0;
/// The input was wrong: the message on stderr says what.
pub const BAD_INPUT: i32 = 1;
