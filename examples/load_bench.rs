//! Times loading content roots in process: `cargo run --release --example load_bench -- DIR...`.
//! Prints the document count, warnings, and the minimum and median of several runs.

use std::time::{Duration, Instant};

use onramp::content::{Layer, LoadOptions, Source, load};

fn main() {
    let roots: Vec<String> = std::env::args().skip(1).collect();
    if roots.is_empty() {
        eprintln!("usage: load_bench DIR...");
        std::process::exit(2);
    }
    let sources: Vec<Source> = roots.iter().map(|r| Source::dir(Layer::Flag, r)).collect();
    let mut times: Vec<Duration> = Vec::new();
    let mut docs = 0;
    let mut warnings = 0;
    for _ in 0..7 {
        let started = Instant::now();
        let lib = load(&sources, &LoadOptions::default());
        times.push(started.elapsed());
        docs = lib.len();
        warnings = lib.warnings.len();
    }
    times.sort();
    println!(
        "{docs} documents, {warnings} warnings: min {:.1} ms, median {:.1} ms over {} runs",
        times[0].as_secs_f64() * 1e3,
        times[times.len() / 2].as_secs_f64() * 1e3,
        times.len()
    );
}
