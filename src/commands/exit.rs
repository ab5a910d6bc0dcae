//! Exit codes (CONTRACT.md §2): the only place they are written. Clap
//! exits with its own usage errors (2) before a command runs.

/// Done.
pub const OK: i32 = 0;
/// The input was wrong: the message on stderr says what.
pub const BAD_INPUT: i32 = 1;
/// The command line asks for what cannot be done (clap's usage errors use
/// the same code).
pub const USAGE: i32 = 2;
