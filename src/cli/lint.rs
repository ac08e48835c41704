//! `onramp lint [DIR | bundled]... [--json] [--strict]`: the lint's rows, compiler-style or
//! as JSON, and an exit code a CI job can use: 0 clean (warnings allowed unless `--strict`),
//! 1 when there is something to fix, 2 when the lint could not run.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::Cli;
use crate::content::{LoadOptions, Location, Sources, term_safe_inline};
use crate::lint;
use crate::paths::Paths;

/// What the command line asked for.
pub struct Args<'a> {
    pub targets: &'a [String],
    pub json: bool,
    pub strict: bool,
}

/// A folder or source named on the command line.
enum Target {
    Dir(PathBuf),
    Bundled,
}

pub fn run(cli: &Cli, args: &Args) -> Result<ExitCode> {
    let targets = args
        .targets
        .iter()
        .map(|t| target(t))
        .collect::<Result<Vec<_>>>()?;
    let paths = Paths::from_env()?;
    let config = super::load_config(&paths);
    let today = crate::progress::today_from_env()?;
    // Folders to check that no other setting loads come last, as `--content` folders.
    let mut flags = cli.content.clone();
    let loaded = Sources::new(&config, &paths, &cli.content, !cli.no_bundled)?;
    for t in &targets {
        if let Target::Dir(dir) = t
            && find_dir(&loaded, dir).is_none()
            && !flags.iter().any(|f| same_dir(f, dir))
        {
            flags.push(dir.clone());
        }
    }
    let sources = Sources::new(&config, &paths, &flags, !cli.no_bundled)?;
    let snapshot = sources.snapshot(&LoadOptions::default());
    let selected: Vec<usize> = if targets.is_empty() {
        (0..snapshot.sources.len()).collect()
    } else {
        let mut selected = Vec::new();
        for t in &targets {
            let found = match t {
                Target::Bundled => snapshot
                    .sources
                    .iter()
                    .position(|s| s.location == Location::Embedded),
                Target::Dir(dir) => find_dir(&sources, dir),
            };
            match found {
                Some(i) => selected.push(i),
                None => bail!("the bundled pack is not loaded (`--no-bundled` was given)"),
            }
        }
        selected
    };
    let report = lint::lint(&snapshot, &selected, today);
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        // serde_json escapes control characters; row texts were made safe when built.
        serde_json::to_writer_pretty(&mut out, &report.rows).context("writing to stdout")?;
        writeln!(out).context("writing to stdout")?;
    } else {
        for row in &report.rows {
            writeln!(out, "{row}").context("writing to stdout")?;
        }
        writeln!(out, "{}", report.summary()).context("writing to stdout")?;
    }
    out.flush().context("writing to stdout")?;
    let failed = report.errors() > 0 || (args.strict && report.warnings() > 0);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn target(arg: &str) -> Result<Target> {
    let path = Path::new(arg);
    if path.is_dir() {
        return Ok(Target::Dir(path.to_path_buf()));
    }
    if arg == "bundled" {
        return Ok(Target::Bundled);
    }
    if path.exists() {
        bail!(
            "{} is not a folder; `onramp lint` checks folders of Markdown",
            term_safe_inline(arg)
        );
    }
    bail!(
        "no folder named {} (give a content folder, or `bundled` for the bundled pack)",
        term_safe_inline(arg)
    )
}

/// The index of the source that is folder `dir`, if one is.
fn find_dir(sources: &Sources, dir: &Path) -> Option<usize> {
    sources
        .list()
        .iter()
        .position(|s| matches!(&s.location, Location::Dir(p) if same_dir(p, dir)))
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
