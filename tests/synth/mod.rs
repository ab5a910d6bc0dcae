//! Deterministic generated data at national scale, for benchmarks and
//! load tests: assignments files and a year of findings here, a store's
//! op files in `ops`. Not part of the program; benches take it in with
//! `#[path = "../tests/synth/mod.rs"] mod synth;`.

#![allow(dead_code)]

pub mod ops;

use std::fmt::Write;

use sotay::checklist::Unit;

/// A small deterministic generator, so runs are comparable.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

const SURNAMES: &[&str] = &["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"];
const MIDDLE: &[&str] = &["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc"];
const GIVEN: &[&str] =
    &["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Lan", "Long", "Mai", "Nam", "Phúc", "Sơn", "Thảo"];
const PLACES: &[&str] =
    &["Bình", "Tân", "Phú", "Thạnh", "Thanh", "Hòa", "Xuân", "Đông", "Tây", "Quế", "Lộc", "An", "Phước", "Long"];

fn pick<'a>(rng: &mut Rng, from: &[&'a str]) -> &'a str {
    from[rng.below(from.len() as u64) as usize]
}

fn person(rng: &mut Rng) -> String {
    format!("{} {} {}", pick(rng, SURNAMES), pick(rng, MIDDLE), pick(rng, GIVEN))
}

/// An assignments file with `groups` groups and about `communes` communes
/// and `cells` cells in all (1,000 / 3,500 / 100,000 is national scale,
/// about 10 MB).
pub fn assignments(groups: usize, communes: usize, cells: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(cells * 110);
    out.push_str("{\n  \"format\": \"sotay-assignments\",\n  \"version\": 1,\n");
    out.push_str("  \"issued_by\": \"Ban Tổ chức Trung ương (dữ liệu sinh)\",\n  \"issued_on\": \"2026-01-15\",\n");
    out.push_str("  \"groups\": [\n");
    let mut commune_no = 0;
    for g in 0..groups {
        let n_communes = (communes * (g + 1) / groups) - (communes * g / groups);
        let n_members = 8 + rng.below(5) as usize;
        let _ = write!(out, "    {{\"id\": \"g{g}\", \"name\": \"Tổ công tác số {}\", \"members\": [", g + 1);
        for m in 0..n_members {
            let sep = if m == 0 { "" } else { ", " };
            let role = if m == 0 { "Tổ trưởng" } else { "Thành viên" };
            let _ = write!(out, "{sep}{{\"id\": \"m{m}\", \"name\": \"{}\", \"role\": \"{role}\"}}", person(&mut rng));
        }
        out.push_str("],\n     \"communes\": [\n");
        for c in 0..n_communes {
            let id = commune_no;
            commune_no += 1;
            let n_cells = (cells * (id + 1) / communes) - (cells * id / communes);
            let name = format!("Xã {} {} {id}", pick(&mut rng, PLACES), pick(&mut rng, PLACES));
            let a = rng.below(n_members as u64);
            let _ = write!(
                out,
                "      {{\"id\": \"c{id}\", \"name\": \"{name}\", \"assigned\": [\"m{a}\"],\n       \"contacts\": [{{\"name\": \"{}\", \"role\": \"Bí thư Đảng ủy xã\", \"phone\": \"09{:08}\"}}],\n       \"cells\": [",
                person(&mut rng),
                rng.below(100_000_000)
            );
            for k in 0..n_cells {
                let sep = if k == 0 { "" } else { ",\n         " };
                let _ = write!(
                    out,
                    "{sep}{{\"id\": \"c{id}-{k}\", \"name\": \"Chi bộ thôn {} {k}\", \"members\": {}, \"assigned\": [\"m{}\"]}}",
                    pick(&mut rng, PLACES),
                    10 + rng.below(60),
                    rng.below(n_members as u64)
                );
            }
            out.push_str("],\n       \"weaknesses\": [");
            let codes = &sotay::checklist::builtin().items;
            let first = rng.below(codes.len() as u64) as usize;
            for w in 0..(1 + rng.below(3) as usize) {
                let sep = if w == 0 { "" } else { ", " };
                let item = &codes[(first + w) % codes.len()];
                let code = &item.code;
                // A baseline names a number of its own item (a value of
                // 50..90 suits a count and a percentage alike).
                let value = 50 + rng.below(40);
                let baseline = match item.numbers.iter().find(|n| n.unit == Unit::Percent).or(item.numbers.first()) {
                    Some(n) => format!("{{\"{}\": {value}}}", n.key),
                    None => "{}".to_owned(),
                };
                let _ = write!(
                    out,
                    "{sep}{{\"code\": \"{code}\", \"note\": \"Còn hạn chế cần khắc phục\", \"baseline\": {baseline}}}"
                );
            }
            let end = if c + 1 == n_communes { "]}\n" } else { "]},\n" };
            out.push_str(end);
        }
        let end = if g + 1 == groups { "    ]}\n" } else { "    ]},\n" };
        out.push_str(end);
    }
    out.push_str("  ]\n}\n");
    out
}

/// A year of findings for every commune of `assignments`: `visits` visits
/// each (one a month from January 2025), every checklist item assessed
/// with its numbers typed (ratios left to compute), a note on about a
/// third of the items and 0-2 follow-ups per visit. Built in memory (the
/// store's own benchmarks cover reading ops), for the export benchmarks.
pub fn findings(
    assignments: &sotay::assignments::Assignments,
    visits: usize,
    seed: u64,
) -> (Vec<sotay::findings::Visit>, Vec<sotay::findings::FollowUp>) {
    use sotay::findings::{FollowUp, ItemFinding, Status, Visit};
    const NOTES: &[&str] = &[
        "Đã có kế hoạch khắc phục, đang triển khai",
        "Còn chậm, cần đôn đốc thêm",
        "Chi bộ sinh hoạt đều, nội dung thiết thực hơn",
        "Một số đảng viên vắng không có lý do",
        "Đơn thư mới phát sinh liên quan đất đai",
    ];
    let mut rng = Rng::new(seed);
    let checklist = sotay::checklist::builtin();
    let (mut out, mut fus) = (Vec::new(), Vec::new());
    for g in &assignments.groups {
        for c in &g.communes {
            for k in 0..visits {
                let id = format!("{}-{k}", c.id);
                let mut v = Visit {
                    id: id.clone(),
                    commune: c.id.clone(),
                    group: g.id.clone(),
                    date: format!("{}-{:02}-{:02}", 2025 + k / 12, k % 12 + 1, 1 + rng.below(28)),
                    members: c.assigned.clone(),
                    cells: c.cells.iter().take(2).map(|x| x.id.clone()).collect(),
                    finalized: k + 1 < visits,
                    items: Default::default(),
                };
                for item in &checklist.items {
                    let mut f = ItemFinding { status: Status::ALL[rng.below(5) as usize], ..Default::default() };
                    let base = (10 + rng.below(40)) as f64;
                    for n in item.numbers.iter().filter(|n| n.ratio.is_none()) {
                        let value = if n.max.is_some() { base - rng.below(10) as f64 } else { base };
                        f.numbers.insert(n.key.clone(), value);
                    }
                    if rng.below(3) == 0 {
                        f.note = Some(pick(&mut rng, NOTES).to_owned());
                    }
                    v.items.insert(item.code.clone(), f);
                }
                for n in 0..rng.below(3) {
                    let item = &checklist.items[rng.below(checklist.items.len() as u64) as usize];
                    fus.push(FollowUp {
                        id: format!("{id}-{n}"),
                        visit: id.clone(),
                        commune: c.id.clone(),
                        item: item.code.clone(),
                        what: format!("Khắc phục: {}", item.label.vi),
                        who: person(&mut rng),
                        due: Some(format!("2025-{:02}-28", (k % 12) + 1)),
                        done: rng.below(2) == 0,
                    });
                }
                out.push(v);
            }
        }
    }
    out.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
    (out, fus)
}

/// The report over all of `findings`' visits, as exported on 2025-12-31
/// in Vietnamese: what the export benchmarks and memory tests write.
pub fn report(
    assignments: &sotay::assignments::Assignments,
    visits: Vec<sotay::findings::Visit>,
    follow_ups: Vec<sotay::findings::FollowUp>,
) -> sotay::report::Report<'_> {
    sotay::report::Report::new(
        assignments,
        sotay::checklist::builtin(),
        sotay::report::Scope::default(),
        visits,
        follow_ups,
        Vec::new(),
        "2025-12-31".into(),
        "2025-12-31T00:00:00Z".into(),
        sotay::i18n::Lang::Vi,
    )
}
