//! Write a synthetic data directory for benchmarks:
//! `cargo run --release --example gen_ops -- DIR [OPS] [DEVICES]`
//! (default 1,000,000 ops across 1,000 device files), and
//! `DIR/assignments.json` naming the communes those ops visit (one group),
//! for the exports that need names (`docx`).

#[path = "../tests/synth/mod.rs"]
mod synth;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: gen_ops DIR [OPS] [DEVICES]");
        std::process::exit(2);
    };
    let ops: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let devices: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000);
    match synth::ops::generate(std::path::Path::new(&dir), ops, devices, 42) {
        Ok(bytes) => println!("{ops} ops, {devices} files, {bytes} bytes in {dir}/ops"),
        Err(e) => {
            eprintln!("cannot write {dir}: {e}");
            std::process::exit(1);
        }
    }
    let names = std::path::Path::new(&dir).join("assignments.json");
    match std::fs::write(&names, synth::ops::assignments()) {
        Ok(()) => println!("assignments in {}", names.display()),
        Err(e) => {
            eprintln!("cannot write {}: {e}", names.display());
            std::process::exit(1);
        }
    }
}
