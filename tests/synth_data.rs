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

/// The store generator's assignments name the communes its visits go to,
/// so that the Word report of its one group has every such visit in it.
#[test]
fn the_store_generators_assignments_name_its_communes() {
    let dir = tempfile::tempdir().unwrap();
    synth::ops::generate(dir.path(), 20_000, 10, 5).unwrap();
    let text = synth::ops::assignments();
    let out = sotay::assignments::load_sources(&[("a.json".into(), text.into_bytes())], sotay::checklist::builtin());
    assert!(out.problems.is_empty(), "{:?}", &out.problems[..out.problems.len().min(3)]);
    let store = sotay::store::Store::open(dir.path()).unwrap();
    let visits = sotay::findings::visits(&store);
    let named = visits.iter().filter(|v| out.assignments.groups[0].communes.iter().any(|c| c.id == v.commune));
    let with_commune = visits.iter().filter(|v| !v.commune.is_empty()).count();
    assert!(with_commune > 100, "{with_commune} of {} visits name a commune", visits.len());
    assert_eq!(named.count(), with_commune);
}
