//! What signatures cost, on 1,000,000 ops in 1,000 device files.
//!
//! Data: `$SOTAY_BENCH_DIR` (default /tmp/sotay-bench-1m, as
//! `store_fold`) and a signed copy of it in `<that>-signed`: each device's
//! file with a signature line after every 100 ops (a sync every 100
//! records), made with one key per device. Measured in one run:
//! - the cold fold of the unsigned and of the signed files;
//! - checking every signature of the signed files (`trust::scan` as an
//!   admitted device's files are checked on the way in), alone and added
//!   to the signed cold fold: what a fold that checked everything would cost;
//! - a status key's signature work: none (signing happens at sync).

#[path = "../tests/synth/mod.rs"]
mod synth;

use criterion::{Criterion, criterion_group, criterion_main};
use sotay::store::Store;
use sotay::trust::{self, Gate, keys::DeviceKey, roster::Entry, sig};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const PER_SIG: usize = 100;

fn unsigned_dir() -> PathBuf {
    let dir = PathBuf::from(std::env::var("SOTAY_BENCH_DIR").unwrap_or_else(|_| "/tmp/sotay-bench-1m".into()));
    if !dir.join("ops").is_dir() {
        synth::ops::generate(&dir, 1_000_000, 1_000, 42).expect("generate data");
    }
    dir
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join("ops")).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

/// The signed copy, and each device's admitted key.
fn signed_dir(src: &Path) -> (PathBuf, Vec<(PathBuf, String, Entry)>) {
    let dst = PathBuf::from(format!("{}-signed", src.display()));
    let keys = dst.join("keys");
    let fresh = !dst.join("ops").is_dir();
    std::fs::create_dir_all(dst.join("ops")).unwrap();
    let mut out = Vec::new();
    for f in files(src) {
        let name = f.file_name().unwrap().to_str().unwrap().to_owned();
        let dev = name.split('.').next().unwrap().to_owned();
        let kd = keys.join(&dev);
        std::fs::create_dir_all(&kd).unwrap();
        let key = DeviceKey::load_or_create(&kd, &dev).unwrap();
        if fresh {
            let data = std::fs::read(&f).unwrap();
            let mut signed = Vec::with_capacity(data.len() + data.len() / 50);
            let mut batch_start = 0;
            let mut n = 0;
            for (i, nl) in memchr::memchr_iter(b'\n', &data).enumerate() {
                if (i + 1) % PER_SIG == 0 {
                    let from = signed.len() as u64;
                    signed.extend_from_slice(&data[batch_start..=nl]);
                    let batch = &signed[from as usize..];
                    let line = sig::sign(&key, &name, from, batch, i as u32 + 1);
                    signed.extend_from_slice(line.as_bytes());
                    batch_start = nl + 1;
                }
                n += 1;
            }
            let from = signed.len() as u64;
            signed.extend_from_slice(&data[batch_start..]);
            if batch_start < data.len() {
                let line = sig::sign(&key, &name, from, &signed[from as usize..], n);
                signed.extend_from_slice(line.as_bytes());
            }
            std::fs::write(dst.join("ops").join(&name), signed).unwrap();
        }
        let entry = Entry {
            key: *key.public().as_bytes(),
            member: String::new(),
            leader: false,
            removed_after: None,
            admitted_by: String::new(),
        };
        out.push((dst.join("ops").join(&name), dev, entry));
    }
    (dst, out)
}

fn cold_fold(dir: &Path) -> usize {
    let _ = std::fs::remove_file(dir.join("cache.bin"));
    Store::open_read_only(dir).unwrap().op_count()
}

/// Check every signature the way an admitted device's files are checked.
fn verify_all(signed: &[(PathBuf, String, Entry)]) -> usize {
    let mut taken = 0;
    for (path, dev, entry) in signed {
        let data = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let s = trust::scan(Gate::Admitted(entry), dev, name, 0, &data);
        assert!(s.refusals.is_empty());
        taken += s.verdicts.iter().filter(|v| **v == trust::Verdict::Take).count();
    }
    taken
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
    let plain = unsigned_dir();
    let (signed, entries) = signed_dir(&plain);
    let mut g = c.benchmark_group("trust");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("fold_cold_signed_1m", |b| b.iter(|| cold_fold(&signed)));
    g.bench_function("verify_all_1m", |b| b.iter(|| verify_all(&entries)));
    g.finish();

    let n = cold_fold(&plain);
    assert_eq!(cold_fold(&signed), n);
    assert_eq!(verify_all(&entries), n);
    let fold = median(|| assert!(cold_fold(&plain) > 0), 3);
    let fold_signed = median(|| assert!(cold_fold(&signed) > 0), 3);
    let verify = median(|| assert!(verify_all(&entries) > 0), 3);
    let ratio = |d: Duration| d.as_secs_f64() / fold.as_secs_f64();
    println!("cold fold, unsigned: {fold:?}; signed: {fold_signed:?} ({:.2}x)", ratio(fold_signed));
    println!(
        "checking every signature: {verify:?}; signed fold + full check: {:?} ({:.2}x of unsigned)",
        fold_signed + verify,
        ratio(fold_signed + verify)
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
