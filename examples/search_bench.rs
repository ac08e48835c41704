//! Search speed on real content: loading, a cold build on disk (time and peak memory), a warm
//! reopen, and per-keystroke latency (every prefix of each query, top ten with snippets).
//!
//! ```text
//! cargo run --release --example search_bench -- --root target/corpora/tldr \
//!     --root target/corpora/pagerduty-ir/docs --root target/corpora/18f-handbook/pages \
//!     --root target/corpora/prometheus-runbooks/content [--queries FILE] [--rounds N]
//! ```
//!
//! Without `--queries`, a built-in list of typical questions is typed. Peak memory is the
//! process's high-water mark (`VmHWM`), so run one measurement per process.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use onramp::content::{self, Layer, LoadOptions, Source};
use onramp::search::{SearchIndex, SearchOptions};

const TYPED: &[&str] = &[
    "extract a tar archive",
    "extrct tar",
    "who is on call",
    "incident commander",
    "parental leave",
    "permessi dei file",
    "disk full",
    "pod crash looping",
    "kubectl get pods",
    "git stash",
    "ssh key",
    "war room",
    "compress files",
    "find files by name",
    "expense report",
    "copiare una cartella",
];

fn high_water_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// CPU time this thread has run: unlike wall time, it does not count the time other
/// processes held the CPU, so it is the figure to trust on a busy machine.
fn thread_cpu() -> Option<Duration> {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Some(Duration::new(
        u64::try_from(t.tv_sec).ok()?,
        u32::try_from(t.tv_nsec).ok()?,
    ))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    ms(sorted[i])
}

fn main() {
    let mut roots = Vec::new();
    let mut queries: Option<PathBuf> = None;
    let mut rounds = 1usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--root" => roots.push(PathBuf::from(args.next().expect("--root DIR"))),
            "--queries" => queries = Some(args.next().expect("--queries FILE").into()),
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--rounds N");
            }
            other => panic!("unknown argument {other}"),
        }
    }
    assert!(!roots.is_empty(), "give at least one --root DIR");
    let typed: Vec<String> = match queries {
        Some(file) => std::fs::read_to_string(file)
            .expect("reading the queries")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split('\t').next().unwrap_or("").to_string())
            .collect(),
        None => TYPED.iter().map(|s| (*s).to_string()).collect(),
    };
    let sources: Vec<Source> = roots.iter().map(|r| Source::dir(Layer::Flag, r)).collect();

    let t = Instant::now();
    let library = content::load(&sources, &LoadOptions::default());
    let load = t.elapsed();
    println!("documents            {}", library.len());
    println!("load                 {:8.1} ms", ms(load));

    let cache = tempfile::tempdir().expect("a temporary folder");
    let dir = cache.path().join("index");
    let t = Instant::now();
    let (index, _) = SearchIndex::open(Some(&dir), &library).expect("cold build");
    let cold = t.elapsed();
    println!("cold build (disk)    {:8.1} ms", ms(cold));
    if let Some(mib) = high_water_mib() {
        println!("peak memory          {mib:8.1} MiB (load + build, whole process)");
    }
    drop(index);

    let t = Instant::now();
    let (index, _) = SearchIndex::open(Some(&dir), &library).expect("warm open");
    let warm = t.elapsed();
    println!("warm open (no change){:8.1} ms", ms(warm));

    let options = SearchOptions {
        limit: 10,
        kind: None,
    };
    // Warm the page cache and the lazily built automata once.
    for q in &typed {
        let _ = index.search(q, &options);
    }
    for (label, limit) in [("keystroke top-10   ", 10), ("keystroke top-1    ", 1)] {
        let options = SearchOptions { limit, kind: None };
        let mut times = Vec::new();
        let mut cpu = Vec::new();
        for _ in 0..rounds {
            // A fresh index each round: nothing of the typed words is remembered from the
            // warm-up, as when a person starts typing.
            let (index, _) = SearchIndex::open(Some(&dir), &library).expect("reopen");
            for q in &typed {
                let chars: Vec<char> = q.chars().collect();
                for end in 1..=chars.len() {
                    let prefix: String = chars[..end].iter().collect();
                    let c = thread_cpu();
                    let t = Instant::now();
                    let hits = index.search(&prefix, &options).expect("search");
                    times.push((t.elapsed(), prefix));
                    if let (Some(before), Some(after)) = (c, thread_cpu()) {
                        cpu.push(after.saturating_sub(before));
                    }
                    std::hint::black_box(hits);
                }
            }
        }
        times.sort();
        let slowest: Vec<String> = times
            .iter()
            .rev()
            .take(5)
            .map(|(d, q)| format!("{q:?} {:.1} ms", ms(*d)))
            .collect();
        let times: Vec<Duration> = times.into_iter().map(|(d, _)| d).collect();
        println!(
            "{label}  p50 {:6.2} ms  p90 {:6.2} ms  p99 {:6.2} ms  max {:6.2} ms  ({} searches)",
            percentile(&times, 0.50),
            percentile(&times, 0.90),
            percentile(&times, 0.99),
            ms(*times.last().unwrap_or(&Duration::ZERO)),
            times.len()
        );
        cpu.sort();
        if !cpu.is_empty() {
            println!(
                "  cpu time           p50 {:6.2} ms  p90 {:6.2} ms  p99 {:6.2} ms  max {:6.2} ms",
                percentile(&cpu, 0.50),
                percentile(&cpu, 0.90),
                percentile(&cpu, 0.99),
                ms(*cpu.last().unwrap_or(&Duration::ZERO)),
            );
        }
        println!("  slowest: {}", slowest.join(", "));
    }
}
