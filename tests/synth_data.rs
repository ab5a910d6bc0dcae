//! The generated data the benchmarks and load tests measure is what it
//! says: valid assignments of the asked size, a year of findings.

mod synth;

#[test]
fn generated_file_is_valid() {
    let text = synth::assignments(5, 17, 300, 1);
    let out = sotay::assignments::load_sources(&[("gen.json".into(), text.into_bytes())], sotay::checklist::builtin());
    assert!(out.problems.is_empty(), "{:?}", &out.problems[..out.problems.len().min(3)]);
    let communes: usize = out.assignments.groups.iter().map(|g| g.communes.len()).sum();
    let cells: usize = out.assignments.groups.iter().flat_map(|g| &g.communes).map(|c| c.cells.len()).sum();
    assert_eq!((out.assignments.groups.len(), communes, cells), (5, 17, 300));
}

#[test]
fn a_year_of_findings_for_every_commune() {
    let text = synth::assignments(4, 10, 40, 3);
    let a = sotay::assignments::load_sources(&[("g.json".into(), text.into_bytes())], sotay::checklist::builtin())
        .assignments;
    let (visits, fus) = synth::findings(&a, 12, 9);
    assert_eq!(visits.len(), 120);
    assert!(visits.windows(2).all(|w| w[0].date <= w[1].date));
    let items = sotay::checklist::builtin().items.len();
    assert!(visits.iter().all(|v| v.items.len() == items && v.date.starts_with("2025-")));
    assert!(!fus.is_empty() && fus.iter().all(|f| visits.iter().any(|v| v.id == f.visit)));
    let rate = &visits[0].items["petition_backlog"].numbers;
    assert!(rate["resolved"] <= rate["received"] && !rate.contains_key("resolution_rate"));
}
