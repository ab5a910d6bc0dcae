//! Exports of a year of a province's findings (issue 5): 100 communes,
//! 12 visits each with every checklist item and its numbers, some
//! follow-ups. Target: each format under 1 s, the Word report included
//! (one group holding all 100 communes, its worst case); the minutes of
//! one visit under 50 ms.

#[path = "../tests/synth/mod.rs"]
mod synth;

use criterion::{Criterion, criterion_group, criterion_main};
use sotay::report::{Format, render};

fn province(c: &mut Criterion) {
    let text = synth::assignments(10, 100, 1_000, 5);
    let out =
        sotay::assignments::load_sources(&[("province.json".into(), text.into_bytes())], sotay::checklist::builtin());
    assert!(!out.has_errors());
    let data = out.assignments;
    let (visits, follow_ups) = synth::findings(&data, 12, 11);
    assert_eq!(visits.len(), 1_200);
    let report = |visits, follow_ups| synth::report(&data, visits, follow_ups);
    let mut g = c.benchmark_group("export_province_year");
    g.sample_size(10);
    for (name, format) in [("json", Format::Json), ("csv", Format::Csv), ("md", Format::Md), ("xlsx", Format::Xlsx)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                // Narrowing to the scope is part of every export.
                let r = report(visits.clone(), follow_ups.clone());
                render(&r, format).unwrap()
            })
        });
    }
    // The Word report is one group's: a group holding the 100 communes.
    let text = synth::assignments(1, 100, 1_000, 5);
    let out =
        sotay::assignments::load_sources(&[("group.json".into(), text.into_bytes())], sotay::checklist::builtin());
    assert!(!out.has_errors());
    let one = out.assignments;
    let (group_visits, group_fus) = synth::findings(&one, 12, 11);
    assert_eq!(group_visits.len(), 1_200);
    let group_report = |visits, follow_ups| synth::report(&one, visits, follow_ups);
    g.bench_function("docx", |b| {
        b.iter(|| render(&group_report(group_visits.clone(), group_fus.clone()), Format::Docx).unwrap())
    });
    let docx = render(&group_report(group_visits.clone(), group_fus.clone()), Format::Docx).unwrap();
    eprintln!("docx: {} KB", docx.len() / 1024);
    // The minutes of the last visit, from every visit and follow-up.
    let last = group_visits.last().unwrap();
    let settings = sotay::report::paper::Settings::default();
    g.bench_function("minutes", |b| {
        b.iter(|| {
            sotay::report::minutes::document(
                &one,
                &group_visits,
                &group_fus,
                last,
                &settings,
                sotay::report::paper::Layout::Party,
            )
            .unwrap()
        })
    });

    let sizes: Vec<String> = [Format::Json, Format::Csv, Format::Md, Format::Xlsx]
        .into_iter()
        .map(|f| format!("{f:?} {} KB", render(&report(visits.clone(), follow_ups.clone()), f).unwrap().len() / 1024))
        .collect();
    eprintln!("sizes: {}", sizes.join(", "));
    g.finish();
}

criterion_group!(benches, province);
criterion_main!(benches);
