//! Fold speed on 1,000,000 ops in 1,000 device files.
//!
//! Data: `$SOTAY_BENCH_DIR` (default /tmp/sotay-bench-1m), generated on
//! first use (same as `cargo run --release --example gen_ops -- DIR`).
//! Compares a cold fold with serde_json parsing the same lines into
//! borrowed structs, and with `jq -c .` (skipped if jq is absent), and
//! times a restart from the cache. Peak memory: `examples/store_mem.rs`.
//!
//! Also `sotay sync` in process: the same files as a sync folder taken
//! into a fresh home (every line decoded, copied in and fsynced, the cache
//! written), and a sync with nothing new on a home holding them all (the
//! cache read, each local file checked against it).

#[path = "../tests/synth/mod.rs"]
mod synth;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use serde::Deserialize;
use serde_json::value::RawValue;
use sotay::store::Store;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn data_dir() -> PathBuf {
    let dir = PathBuf::from(std::env::var("SOTAY_BENCH_DIR").unwrap_or_else(|_| "/tmp/sotay-bench-1m".into()));
    if !dir.join("ops").is_dir() {
        synth::ops::generate(&dir, 1_000_000, 1_000, 42).expect("generate data");
    }
    dir
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Borrowed<'a> {
    v: u64,
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    dev: Cow<'a, str>,
    seq: u64,
    hlc: (u64, u32),
    #[serde(borrow)]
    by: Cow<'a, str>,
    #[serde(borrow)]
    sup: Vec<Cow<'a, str>>,
    #[serde(borrow)]
    e: Cow<'a, str>,
    #[serde(borrow)]
    f: Option<Cow<'a, str>>,
    #[serde(borrow)]
    val: Option<&'a RawValue>,
    #[serde(default)]
    del: bool,
    #[serde(borrow)]
    crc: Cow<'a, str>,
}

fn op_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join("ops")).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

/// The baseline: read every file and parse every line into a borrowed struct.
fn serde_parse(files: &[PathBuf]) -> usize {
    let mut n = 0;
    for f in files {
        let data = std::fs::read(f).unwrap();
        for line in data.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let op: Borrowed<'_> = serde_json::from_slice(line).unwrap();
            n += usize::from(op.v >= 1);
        }
    }
    n
}

fn cold_fold(dir: &Path) -> usize {
    let _ = std::fs::remove_file(dir.join("cache.bin"));
    Store::open_read_only(dir).unwrap().op_count()
}

fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v[runs / 2]
}

fn bench(c: &mut Criterion) {
    let dir = data_dir();
    let files = op_files(&dir);
    let mut g = c.benchmark_group("store");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("fold_cold_1m", |b| b.iter(|| cold_fold(&dir)));
    g.bench_function("serde_borrowed_1m", |b| b.iter(|| serde_parse(&files)));
    // Write the cache once (a writable open, dropped), then restart from it.
    drop(Store::open(&dir).unwrap());
    g.bench_function("restart_with_cache_1m", |b| b.iter(|| Store::open_read_only(&dir).unwrap().op_count()));
    g.finish();

    // Ratios from one run, side by side.
    let fold = median(|| assert!(cold_fold(&dir) > 0), 3);
    let serde = median(|| assert!(serde_parse(&files) > 0), 3);
    drop(Store::open(&dir).unwrap());
    let warm = median(|| drop(Store::open_read_only(&dir).unwrap()), 5);
    println!(
        "fold cold: {fold:?}; serde_json borrowed: {serde:?}; fold throughput = {:.0}% of serde_json",
        100.0 * serde.as_secs_f64() / fold.as_secs_f64()
    );
    println!("restart with cache, no new ops: {warm:?}");
    let jq = std::process::Command::new("jq").arg("--version").output();
    if jq.is_ok_and(|o| o.status.success()) {
        let t = Instant::now();
        let st = std::process::Command::new("jq")
            .arg("-c")
            .arg(".")
            .args(&files)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        let jq = t.elapsed();
        assert!(st.success());
        println!("jq -c . : {jq:?}; fold is {:.1}x faster", jq.as_secs_f64() / fold.as_secs_f64());
    } else {
        println!("jq not installed: jq comparison skipped");
    }
}

/// A fresh home takes in the whole folder: a `sotay sync FOLDER`.
fn import_fresh(folder: &Path) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let mut s = Store::open(home.path()).unwrap();
    let r = s.sync(folder).unwrap();
    assert_eq!(r.ops_in, 1_000_000);
    drop(s);
    home
}

fn bench_sync(c: &mut Criterion) {
    let folder = data_dir().join("ops");
    let empty = tempfile::tempdir().unwrap();
    let mut g = c.benchmark_group("store_sync");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    // The home is removed outside the timing.
    g.bench_function("import_fresh_home_1m", |b| {
        b.iter_batched(|| (), |()| import_fresh(&folder), BatchSize::PerIteration)
    });
    let home = import_fresh(&folder);
    g.bench_function("sync_nothing_new_1m", |b| {
        b.iter(|| {
            let mut s = Store::open(home.path()).unwrap();
            assert_eq!(s.sync(empty.path()).unwrap().ops_in, 0);
        })
    });
    g.finish();
}

criterion_group!(benches, bench, bench_sync);
criterion_main!(benches);
