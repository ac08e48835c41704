//! `onramp index`: build or refresh the search index and say what it holds and how long it
//! took.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};

use super::{Cli, load_sources, warn};
use crate::content::{LoadOptions, term_safe_inline};
use crate::paths::Paths;
use crate::search::{OpenOptions, Route, SearchIndex};

pub fn run(cli: &Cli, rebuild: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let sources = load_sources(cli)?.list();
    let paths = Paths::from_env()?;
    let opened = SearchIndex::open_sources(
        Some(&paths.index_dir()),
        &sources,
        &LoadOptions::default(),
        // Asked for by name, so it may take the time to read every file of the index.
        OpenOptions {
            rebuild,
            verify: true,
        },
    )
    .context("opening the search index")?;
    let took = started.elapsed();
    for w in &opened.warnings {
        warn(&w.to_string());
    }
    for notice in &opened.notices {
        warn(&notice.to_string());
    }
    let index = opened.index;
    let r = index.refresh();
    let mut out = io::stdout().lock();
    let place = r.dir.as_ref().map_or_else(
        || "in memory (not saved)".to_string(),
        |d| term_safe_inline(&d.display().to_string()).into_owned(),
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
    let read = match opened.route {
        Route::Unchanged => "none read: unchanged since the last refresh".to_string(),
        Route::Patched { read } => format!("{read} read again: the rest unchanged"),
        Route::Full => "all read".to_string(),
    };
    writeln!(out, "files    {} ({read})", opened.files).context("writing to stdout")?;
    writeln!(out, "took     {} ms", took.as_millis()).context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}
