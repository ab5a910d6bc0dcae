//! Open a data directory and report time and peak memory (VmHWM):
//! `cargo run --release --example store_mem -- DIR [cold|warm]`.
//! `cold` deletes the cache first (a fold from files); `warm` uses it.

use std::time::Instant;

fn vm_hwm() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM")).map(str::to_owned))
        .unwrap_or_else(|| "VmHWM: unknown".into())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: store_mem DIR [cold|warm]"));
    let mode = args.next().unwrap_or_else(|| "cold".into());
    if mode == "cold" {
        let _ = std::fs::remove_file(dir.join("cache.bin"));
    }
    let t = Instant::now();
    let s = sotay::store::Store::open(&dir).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1);
    });
    let open = t.elapsed();
    println!("{mode}: {} ops, {} conflicts, open {:?}; {}", s.op_count(), s.conflicts().len(), open, vm_hwm());
    let t = Instant::now();
    drop(s);
    println!("cache written in {:?}; {}", t.elapsed(), vm_hwm());
}
