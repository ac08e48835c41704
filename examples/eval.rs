//! Search quality on a set of questions: loads the given content roots (without the bundled
//! pack), runs each question as typed, and prints hit@3 and MRR@10 per class and overall.
//! Exits non-zero when a figure is below the thresholds given.
//!
//! ```text
//! cargo run --release --example eval -- --root target/corpora/tldr \
//!     --root target/corpora/pagerduty-ir/docs --queries ../shared/eval/dev-queries.tsv \
//!     --min-hit3 0.90 --min-mrr 0.80 --min-class-hit3 0.70 [--index DIR] [--verbose]
//! ```
//!
//! The question file is tab-separated: query, relevant paths (comma-separated, any one
//! counts, matched as a suffix of a hit's path), class. Lines starting with `#` are skipped.
//! `--verbose` lists every question whose answer is not first, with the top five hits.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use onramp::content::{self, Layer, LoadOptions, Source};
use onramp::search::{SearchIndex, SearchOptions};

struct Args {
    roots: Vec<PathBuf>,
    queries: PathBuf,
    index: Option<PathBuf>,
    min_hit3: f64,
    min_mrr: f64,
    min_class_hit3: f64,
    verbose: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        roots: Vec::new(),
        queries: PathBuf::new(),
        index: None,
        min_hit3: 0.0,
        min_mrr: 0.0,
        min_class_hit3: 0.0,
        verbose: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| v.parse::<f64>().map_err(|e| format!("{v}: {e}"));
        match flag.as_str() {
            "--root" => args.roots.push(value()?.into()),
            "--queries" => args.queries = value()?.into(),
            "--index" => args.index = Some(value()?.into()),
            "--min-hit3" => args.min_hit3 = number(value()?)?,
            "--min-mrr" => args.min_mrr = number(value()?)?,
            "--min-class-hit3" => args.min_class_hit3 = number(value()?)?,
            "--verbose" | "-v" => args.verbose = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.roots.is_empty() || args.queries.as_os_str().is_empty() {
        return Err(
            "usage: eval --root DIR [--root DIR]... --queries FILE [--index DIR] \
                    [--min-hit3 X] [--min-mrr X] [--min-class-hit3 X] [--verbose]"
                .into(),
        );
    }
    Ok(args)
}

#[derive(Default)]
struct Score {
    n: usize,
    hit3: usize,
    rr: f64,
}

impl Score {
    fn add(&mut self, rank: Option<usize>) {
        self.n += 1;
        if let Some(r) = rank {
            if r <= 3 {
                self.hit3 += 1;
            }
            if r <= 10 {
                self.rr += 1.0 / r as f64;
            }
        }
    }
    fn hit3(&self) -> f64 {
        self.hit3 as f64 / self.n.max(1) as f64
    }
    fn mrr(&self) -> f64 {
        self.rr / self.n.max(1) as f64
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("eval: {e}");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(&args.queries) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("eval: {}: {e}", args.queries.display());
            return ExitCode::from(2);
        }
    };
    let sources: Vec<Source> = args
        .roots
        .iter()
        .map(|r| Source::dir(Layer::Flag, r))
        .collect();
    let library = content::load(&sources, &LoadOptions::default());
    let (index, notices) = match SearchIndex::open(args.index.as_deref(), &library) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("eval: {e}");
            return ExitCode::FAILURE;
        }
    };
    for n in notices {
        eprintln!("eval: {n}");
    }
    let mut classes: BTreeMap<String, Score> = BTreeMap::new();
    let mut all = Score::default();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            eprintln!("eval: skipping malformed line: {line}");
            continue;
        }
        let (query, relevant, class) = (cols[0], cols[1], cols[2].trim());
        let relevant: Vec<&str> = relevant.split(',').map(str::trim).collect();
        let hits = match index.search(
            query,
            &SearchOptions {
                limit: 10,
                kind: None,
            },
        ) {
            Ok(h) => h,
            Err(e) => {
                eprintln!("eval: {query}: {e}");
                Vec::new()
            }
        };
        let rank = hits
            .iter()
            .position(|h| {
                relevant
                    .iter()
                    .any(|r| h.path == *r || h.path.ends_with(&format!("/{r}")))
            })
            .map(|i| i + 1);
        if args.verbose && rank.is_none_or(|r| r > 1) {
            let what = if rank.is_some_and(|r| r <= 3) {
                "low "
            } else {
                "miss"
            };
            println!(
                "{what} ({}) {query}",
                rank.map_or("-".into(), |r| r.to_string())
            );
            for h in hits.iter().take(5) {
                println!("      {:7.3} {}", h.score, h.path);
            }
        }
        classes.entry(class.to_string()).or_default().add(rank);
        all.add(rank);
    }
    println!("{:<10} {:>4} {:>6} {:>7}", "class", "n", "hit@3", "MRR@10");
    let mut ok = true;
    for (class, s) in &classes {
        println!("{class:<10} {:>4} {:>6.3} {:>7.3}", s.n, s.hit3(), s.mrr());
        if s.hit3() < args.min_class_hit3 {
            ok = false;
        }
    }
    println!(
        "{:<10} {:>4} {:>6.3} {:>7.3}",
        "overall",
        all.n,
        all.hit3(),
        all.mrr()
    );
    if all.hit3() < args.min_hit3 || all.mrr() < args.min_mrr {
        ok = false;
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "eval: below the thresholds (hit@3 {}, MRR@10 {}, per class hit@3 {})",
            args.min_hit3, args.min_mrr, args.min_class_hit3
        );
        ExitCode::FAILURE
    }
}
