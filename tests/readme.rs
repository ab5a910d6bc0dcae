//! The README's key list stays in step with the key table.

#[test]
fn readme_names_every_binding() {
    let readme = include_str!("../README.md");
    for b in sotay::tui::keys::TABLE {
        assert!(readme.contains(b.en), "README.md does not describe {:?} ({})", b.action, b.en);
    }
}

#[test]
fn readme_shows_the_test_command() {
    let readme = include_str!("../README.md");
    assert!(readme.contains("cargo run --release") && readme.contains("cargo test"));
}
