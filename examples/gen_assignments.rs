//! Writes a national-scale assignments file: 1,000 groups, 3,500 communes,
//! 100,000 cells (about 10 MB).
//!
//! cargo run --release --example gen_assignments -- OUT.json [GROUPS COMMUNES CELLS]

#[path = "../tests/synth/mod.rs"]
mod synth;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: gen_assignments OUT.json [GROUPS COMMUNES CELLS]");
        std::process::exit(2);
    };
    let n = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let text = synth::assignments(n(1, 1000), n(2, 3500), n(3, 100_000), 42);
    if let Err(e) = std::fs::write(out, &text) {
        eprintln!("{out}: {e}");
        std::process::exit(1);
    }
    eprintln!("{out}: {} bytes", text.len());
}
