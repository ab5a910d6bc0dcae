//! No input makes the assignments loader panic: it answers with problems.

use proptest::prelude::*;

const EXAMPLE: &[u8] = include_bytes!("data/binh-son.json");

fn load(bytes: Vec<u8>) -> sotay::assignments::Outcome {
    sotay::assignments::load_sources(&[("f.json".into(), bytes)], &|c| c != "bad")
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
