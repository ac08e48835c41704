//! `onramp index`: build or refresh the search index and say what it holds and how long it
//! took.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};

use super::{Cli, Loaded, warn};
use crate::paths::Paths;
use crate::search::{OpenOptions, SearchIndex};

pub fn run(cli: &Cli, rebuild: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let ctx = Loaded::load(cli)?;
    let loaded = started.elapsed();
    let paths = Paths::from_env()?;
    let started = Instant::now();
    let (index, notices) = SearchIndex::open_with(
        Some(&paths.index_dir()),
        &ctx.library,
        OpenOptions { rebuild },
    )
    .context("opening the search index")?;
    let indexed = started.elapsed();
    for notice in &notices {
        warn(&notice.to_string());
    }
    let r = index.refresh();
    let mut out = io::stdout().lock();
    let place = r.dir.as_ref().map_or_else(
        || "in memory (not saved)".to_string(),
        |d| d.display().to_string(),
    );
    let state = match (r.rebuilt, r.read_only) {
        (true, _) => "built from scratch",
        (false, true) => "read-only (not updated)",
        (false, false) if r.added + r.updated + r.removed == 0 => "up to date",
        (false, false) => "refreshed",
    };
    writeln!(out, "index    {place}").context("writing to stdout")?;
    writeln!(out, "state    {state}").context("writing to stdout")?;
    writeln!(
        out,
        "pages    {} (added {}, updated {}, removed {}, unchanged {})",
        r.docs, r.added, r.updated, r.removed, r.unchanged
    )
    .context("writing to stdout")?;
    writeln!(
        out,
        "took     loading {} ms, indexing {} ms",
        loaded.as_millis(),
        indexed.as_millis()
    )
    .context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}
