//! The built-in demo data: a Bình Sơn-like working group, so that a fresh
//! install opens on something to try.

use crate::assignments::{self, Assignments};

pub const NAME: &str = "demo.json";
pub const JSON: &str = include_str!("../assets/demo.json");

pub fn assignments() -> Assignments {
    assignments::load_sources(&[(NAME.to_owned(), JSON.as_bytes().to_vec())], crate::checklist::builtin()).assignments
}

#[cfg(test)]
mod tests {
    #[test]
    fn demo_data_is_valid() {
        let out = crate::assignments::load_sources(
            &[(super::NAME.into(), super::JSON.as_bytes().to_vec())],
            crate::checklist::builtin(),
        );
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        assert_eq!(out.assignments.groups[0].communes.len(), 5);
    }
}
