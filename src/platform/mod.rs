//! What differs on Windows: replacing files another program holds open,
//! the console's code page and fonts, key events as the console reports
//! them. Each piece compiles everywhere, so Linux tests reach the logic.

pub mod console;
pub mod keys;
pub mod machine;
pub mod rename;

#[cfg(windows)]
pub use machine::machine_guid;
pub use rename::rename;
