//! What sealing costs `sotay sync`: a folder of 1,000 device files
//! (100,000 ops), plain and sealed (one piece per file), taken in by a
//! fresh laptop; and a sync with nothing new (what the running interface
//! does every 5 s with a remembered folder). The passphrase's scrypt is
//! paid once per laptop and folder, so the key is opened before timing.
//!
//! Data: `$SOTAY_BENCH_SEAL_DIR` (default /tmp/sotay-bench-seal): `ops/`
//! (plain) and `sealed/` (the same files sealed).

#[path = "../tests/synth/mod.rs"]
mod synth;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use sotay::seal::{self, crypt};
use sotay::store::Store;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const OPS: usize = 100_000;

const FILES: usize = 1_000;

fn data() -> (PathBuf, PathBuf, seal::Key) {
    let dir = PathBuf::from(std::env::var("SOTAY_BENCH_SEAL_DIR").unwrap_or_else(|_| "/tmp/sotay-bench-seal".into()));
    if !dir.join("ops").is_dir() {
        synth::ops::generate(&dir, OPS, FILES, 7).expect("generate data");
    }
    let sealed = dir.join("sealed");
    let _ = std::fs::remove_dir_all(&sealed);
    std::fs::create_dir_all(&sealed).unwrap();
    let (key, text) = crypt::new_key("bench passphrase").unwrap();
    std::fs::write(sealed.join(seal::KEY_FILE), text).unwrap();
    // Every file sealed as its writer would, one piece each.
    let empty = seal::pieces::Listing::default();
    seal::pieces::seal_new(&sealed, &empty, &dir.join("ops"), &key, |_| true).unwrap();
    (dir.join("ops"), sealed, key)
}

fn fresh() -> (tempfile::TempDir, Store) {
    let home = tempfile::tempdir().unwrap();
    let store = Store::open(&home.path().join("store")).unwrap();
    (home, store)
}

fn sync(store: &mut Store, dir: &Path, key: Option<&seal::Key>) -> usize {
    seal::sync(store, dir, key).unwrap().report.ops_in
}

fn median(mut f: impl FnMut() -> Duration, runs: usize) -> Duration {
    let mut v: Vec<Duration> = (0..runs).map(|_| f()).collect();
    v.sort();
    v[runs / 2]
}

fn bench(c: &mut Criterion) {
    let (plain, sealed, key) = data();
    let mut g = c.benchmark_group("seal");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    for (name, dir, k) in [("sync_new_laptop_plain", &plain, None), ("sync_new_laptop_sealed", &sealed, Some(&key))] {
        g.bench_function(name, |b| {
            b.iter_batched(
                fresh,
                |(home, mut store)| {
                    assert!(sync(&mut store, dir, k) > 0);
                    (home, store)
                },
                BatchSize::PerIteration,
            )
        });
    }
    for (name, dir, k) in [("sync_nothing_new_plain", &plain, None), ("sync_nothing_new_sealed", &sealed, Some(&key))] {
        let (_home, mut store) = fresh();
        sync(&mut store, dir, k);
        g.bench_function(name, |b| b.iter(|| assert_eq!(sync(&mut store, dir, k), 0)));
    }
    g.finish();

    // The two side by side in one run, for the README.
    let first = |dir: &Path, k: Option<&seal::Key>| {
        let (_home, mut store) = fresh();
        let t = Instant::now();
        assert!(sync(&mut store, dir, k) > 0);
        t.elapsed()
    };
    let p = median(|| first(&plain, None), 5);
    let s = median(|| first(&sealed, Some(&key)), 5);
    println!(
        "sync of 1,000 files on a new laptop: plain {p:?}, sealed {s:?} ({:.2}x)",
        s.as_secs_f64() / p.as_secs_f64()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
