//! Prints the key table as Markdown for the README:
//! cargo run --example keys_md

fn main() {
    print!("{}", sotay::tui::keydoc::markdown_table());
}
