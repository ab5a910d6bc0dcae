//! No input makes the assignments loader panic: it answers with problems.

mod synth;

use proptest::prelude::*;

const EXAMPLE: &[u8] = include_bytes!("data/binh-son.json");

fn load(bytes: Vec<u8>) -> sotay::assignments::Outcome {
    sotay::assignments::load_sources(&[("f.json".into(), bytes)], sotay::checklist::builtin())
}

proptest! {
    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let out = load(bytes);
        for p in &out.problems {
            let _ = p.render(sotay::i18n::Lang::Vi);
        }
    }

    #[test]
    fn mutated_example(cuts in proptest::collection::vec((0..EXAMPLE.len(), any::<u8>()), 1..6)) {
        let mut bytes = EXAMPLE.to_vec();
        for (at, b) in cuts {
            bytes[at] = b;
        }
        let out = load(bytes);
        for p in &out.problems {
            let line = p.render(sotay::i18n::Lang::En);
            prop_assert!(line.starts_with("f.json"));
        }
    }

    #[test]
    fn truncated_example(at in 0..EXAMPLE.len() - 1) {
        let out = load(EXAMPLE[..at].to_vec());
        prop_assert!(out.has_errors());
    }
}

/// The fast path (typed parse) and the full validator agree: whatever the
/// fast path accepts, the full check accepts with the same model.
fn agree(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    let sources = [("f.json".to_owned(), bytes)];
    let quick = sotay::assignments::load_sources(&sources, sotay::checklist::builtin());
    let full = sotay::assignments::full_check(&sources, sotay::checklist::builtin());
    prop_assert_eq!(quick.has_errors(), full.has_errors());
    if !full.has_errors() {
        prop_assert_eq!(quick.assignments, full.assignments);
    }
    Ok(())
}

proptest! {
    #[test]
    fn fast_and_full_paths_agree(cuts in proptest::collection::vec((0..EXAMPLE.len(), any::<u8>()), 0..3)) {
        let mut bytes = EXAMPLE.to_vec();
        for (at, b) in cuts {
            bytes[at] = b;
        }
        agree(bytes)?;
    }
}

#[test]
fn fast_and_full_paths_agree_on_generated_and_demo_data() {
    agree(synth::assignments(20, 70, 2000, 3).into_bytes()).unwrap();
    agree(sotay::demo::JSON.as_bytes().to_vec()).unwrap();
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd(sotay::demo::JSON).collect();
    agree(nfd.into_bytes()).unwrap();
}
