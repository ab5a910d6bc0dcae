//! SIGKILL at random points of a scripted visit, typed into the real binary
//! in a pseudo-terminal; after every kill, what the screen had shown as
//! committed is on disk and every file folds without a damaged line.
//!
//! `SOTAY_KILL_POINTS` (default 50) sets the number of kills and
//! `SOTAY_KILL_SEED` replays a run (the seed is printed on every run).

mod common;
mod synth;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use common::Tui;
use sotay::findings::Status;
use sotay::store::{Store, Warning};
use synth::Rng;

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// The one visit in the store, read the way any other reader would: no
/// lock, no sealing. Returns its statuses by item code and the op count.
fn on_disk(store_dir: &Path) -> (String, BTreeMap<String, Status>, usize) {
    let store = Store::open_read_only(store_dir).expect("the store opens after a kill");
    for w in store.warnings() {
        // A torn last line is ignored by readers and sealed by the owner on
        // its next start: that is the only trace a kill may leave.
        assert!(matches!(w, Warning::SealedTail { .. }), "unexpected warning after a kill: {w:?}");
    }
    let visits = sotay::findings::visits(&store);
    assert_eq!(visits.len(), 1, "exactly the one visit: {visits:?}");
    let v = &visits[0];
    let statuses = v.items.iter().map(|(code, f)| (code.clone(), f.status)).collect();
    (v.id.clone(), statuses, store.op_count())
}

/// Fields the walk fills in on the demo visit and records with a status.
const FILLED_IN: [(&str, &str); 3] =
    [("meeting_quality", "cell"), ("meeting_quality", "total"), ("recruitment", "target")];

/// Which of [`FILLED_IN`] are recorded.
fn filled_in(store_dir: &Path) -> Vec<(&'static str, &'static str)> {
    let store = Store::open_read_only(store_dir).unwrap();
    let v = &sotay::findings::visits(&store)[0];
    FILLED_IN
        .into_iter()
        .filter(|(code, field)| {
            v.items
                .get(*code)
                .is_some_and(|f| if *field == "cell" { f.cell.is_some() } else { f.numbers.contains_key(*field) })
        })
        .collect()
}

/// Item codes in the walk's order, as the binary shows them.
fn walk_order(store_dir: &Path, visit: &str) -> Vec<String> {
    let store = Store::open_read_only(store_dir).unwrap();
    let w = sotay::tui::walk::Walk::open(&store, &sotay::demo::assignments(), sotay::checklist::builtin(), visit, None);
    w.items
}

/// The item's line in the left list (numbered as in the checklist) shows
/// this status mark.
fn shows(screen: &str, code: &str, status: Status) -> bool {
    let n = sotay::checklist::builtin().items.iter().position(|i| i.code == code).unwrap() + 1;
    let sym = status.symbol();
    screen.contains(&format!("{n:>2}!{sym} ")) || screen.contains(&format!("{n:>2} {sym} "))
}

/// The item has fields to fill besides its status and note.
fn has_fields(code: &str) -> bool {
    sotay::checklist::builtin().item(code).is_some_and(|i| sotay::tui::walk::form::fields(i).len() > 2)
}

fn status_key(s: Status) -> u8 {
    b'0' + Status::ALL.iter().position(|x| *x == s).unwrap() as u8
}

fn open_the_visit(tui: &mut Tui) {
    tui.wait_for("Tôi: Nguyễn Văn An");
    // Killed inside the visit last time, the program reopens it where it
    // was: leave it, to start from its first item as the script expects.
    tui.wait_until("the list or the reopened visit", |s| s.contains("Các xã được phân công") || s.contains("Mở lại"));
    if tui.screen().contains("Mở lại") {
        tui.send(b"q");
        tui.wait_for("Đã rời lần làm việc");
    }
    tui.send(b"\r");
    tui.wait_for("Các lần làm việc");
    tui.send(b"\r");
    tui.wait_for("/11 đã đánh giá");
}

#[test]
fn sigkill_at_random_points_loses_nothing_committed() {
    let points = env_u64("SOTAY_KILL_POINTS").unwrap_or(50);
    let seed = env_u64("SOTAY_KILL_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    });
    println!("kill test: {points} points, SOTAY_KILL_SEED={seed}");
    let mut rng = Rng::new(seed);
    let home = tempfile::tempdir().unwrap();
    let store_dir = home.path().join("data/demo-store");
    let (cols, rows) = (110, 30);

    // The visit every kill reuses.
    let mut tui = Tui::start(home.path(), &[], cols, rows);
    tui.start_demo_visit();
    tui.quit_from_visit();
    let (visit, _, _) = on_disk(&store_dir);
    let order = walk_order(&store_dir, &visit);
    assert_eq!(order.len(), 11);

    let (mut torn, mut in_flight_landed, mut confirmed_total) = (0, 0, 0);
    for point in 0..points {
        let (_, before, ops_before) = on_disk(&store_dir);
        let filled_before = filled_in(&store_dir);
        let mut model = before.clone();
        let status_of =
            |m: &BTreeMap<String, Status>, i: usize| m.get(&order[i]).copied().unwrap_or(Status::NotAssessed);
        let steps = 1 + rng.below(6) as usize;
        // Step 0 is the start itself: a kill while the store opens, seals
        // and folds.
        let kill_at = rng.below(steps as u64 + 1) as usize;
        let delay = Duration::from_micros(rng.below(25_000));
        let mut tui = Tui::start(home.path(), &[], cols, rows);
        let mut in_flight: Option<(usize, Status)> = None;
        let mut confirmed = 0;
        if kill_at == 0 {
            std::thread::sleep(delay);
        } else {
            open_the_visit(&mut tui);
            let mut at = 0usize;
            for step in 1..=steps {
                for _ in 0..rng.below(3) {
                    if rng.below(2) == 0 {
                        tui.send(b"j");
                        at = (at + 1).min(order.len() - 1);
                    } else {
                        tui.send(b"k");
                        at = at.saturating_sub(1);
                    }
                }
                let now = status_of(&model, at);
                let choices: Vec<Status> = Status::ALL.into_iter().filter(|s| *s != now).collect();
                let s = choices[rng.below(choices.len() as u64) as usize];
                tui.send(&[status_key(s)]);
                if step == kill_at {
                    in_flight = Some((at, s));
                    std::thread::sleep(delay);
                    break;
                }
                // Committed once the list shows it: the op is fsynced by then.
                tui.wait_until(&format!("{} shows {s:?}", order[at]), |scr| shows(scr, &order[at], s));
                model.insert(order[at].clone(), s);
                confirmed += 1;
                // A status 1-4 on an item with fields goes on to its first
                // (empty) field: ↓ to the next item, as a status-only visit does
                // (j does not move inside a field).
                if s != Status::NotAssessed && has_fields(&order[at]) {
                    tui.send(b"\x1b[B");
                } else if at == order.len() - 1 {
                    // The last item's status ends the checklist: the review
                    // opens (so the next digit cannot overwrite it); Esc back.
                    tui.wait_for("Rà soát trước khi hoàn tất");
                    tui.send(b"\x1b");
                    tui.wait_until("the review closed", |scr| !scr.contains("Rà soát trước khi hoàn tất"));
                }
                at = (at + 1).min(order.len() - 1);
            }
        }
        tui.kill9();
        drop(tui);
        if std::fs::read_dir(store_dir.join("ops"))
            .unwrap()
            .flatten()
            .any(|e| sotay::store::parse_name(&e.file_name().to_string_lossy()).is_some() && ends_torn(&e.path()))
        {
            torn += 1;
        }

        let (_, after, ops_after) = on_disk(&store_dir);
        // A first status 1-4 on the meeting or recruitment also writes what
        // the form filled in (cell, member count, target), just before it.
        let new_filled = filled_in(&store_dir).len() - filled_before.len();
        for (code, field) in FILLED_IN {
            if status_of(&after, order.iter().position(|c| c == code).unwrap()) != Status::NotAssessed {
                assert!(
                    filled_in(&store_dir).contains(&(code, field)),
                    "kill point {point} (seed {seed}): {code} has a status without its filled-in {field}"
                );
            }
        }
        let mut landed = false;
        for (i, code) in order.iter().enumerate() {
            let want = status_of(&model, i);
            let got = status_of(&after, i);
            match in_flight {
                Some((j, s)) if j == i && got == s && got != want => landed = true,
                _ => assert_eq!(
                    got,
                    want,
                    "kill point {point} (seed {seed}): item {} ({code}) lost its committed status",
                    i + 1
                ),
            }
        }
        let extra = usize::from(landed);
        assert_eq!(
            ops_after,
            ops_before + confirmed + extra + new_filled,
            "kill point {point} (seed {seed}): {ops_before} ops before, {confirmed} confirmed, {ops_after} after"
        );
        in_flight_landed += extra;
        confirmed_total += confirmed;
    }
    println!(
        "kill test: {points} kills, {confirmed_total} confirmed statuses all present, \
         {in_flight_landed} in-flight writes landed, {torn} kills left a torn tail"
    );

    // The owner starts again, seals any torn tail, and records as before.
    let mut tui = Tui::start(home.path(), &[], cols, rows);
    open_the_visit(&mut tui);
    tui.quit_from_visit();
    let store = Store::open(&store_dir).unwrap();
    assert!(store.warnings().iter().all(|w| matches!(w, Warning::SealedTail { .. })), "{:?}", store.warnings());
}

fn ends_torn(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| b.last().is_some_and(|c| *c != b'\n'))
}
