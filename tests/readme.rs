//! The README stays in step with the program.

const README: &str = include_str!("../README.md");

#[test]
fn readme_key_table_is_the_key_table() {
    let start = README.find("<!-- keys -->\n").expect("README has a <!-- keys --> block") + "<!-- keys -->\n".len();
    let end = README.find("<!-- /keys -->").expect("README closes the keys block");
    assert_eq!(
        &README[start..end],
        sotay::tui::keydoc::markdown_table(),
        "regenerate the README key table with: cargo run --example keys_md"
    );
}

#[test]
fn readme_shows_the_test_command() {
    assert!(README.contains("cargo run --release") && README.contains("cargo test"));
}
