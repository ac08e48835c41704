//! `onramp search`: the best pages for a query, as a list or as JSON.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde::Serialize;

use super::{Cli, load_sources, warn};
use crate::content::{Kind, LoadOptions, term_safe_inline};
use crate::paths::Paths;
use crate::search::{Hit, OpenOptions, SearchIndex, SearchOptions};

/// How matched words are marked in `--json` snippets and in output that is not a terminal.
pub const MARK_OPEN: &str = "«";
pub const MARK_CLOSE: &str = "»";

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    kind: Kind,
    path: &'a str,
    source: &'a str,
    lang: &'a str,
    score: f32,
    /// The snippet with matched words between `«` and `»`.
    snippet: String,
}

pub fn run(
    cli: &Cli,
    query: &[String],
    kind: Option<Kind>,
    limit: usize,
    json: bool,
) -> Result<ExitCode> {
    // No `Library`: hits carry every field they print, so an unchanged set of pages is
    // searched without reading a single one (see `SearchIndex::open_sources`).
    let sources = load_sources(cli)?;
    let paths = Paths::from_env()?;
    let opened = SearchIndex::open_sources(
        Some(&paths.index_dir()),
        &sources,
        &LoadOptions::default(),
        OpenOptions::default(),
    )
    .context("opening the search index")?;
    for w in &opened.warnings {
        warn(&w.to_string());
    }
    for notice in &opened.notices {
        warn(&notice.to_string());
    }
    let index = opened.index;
    let query = query.join(" ");
    let hits = index
        .search(&query, &SearchOptions { limit, kind })
        .context("searching")?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        let rows: Vec<Row> = hits.iter().map(row).collect();
        // serde_json escapes every control character, so the JSON is safe as is.
        serde_json::to_writer_pretty(&mut out, &rows).context("writing to stdout")?;
        writeln!(out).context("writing to stdout")?;
    } else if hits.is_empty() {
        writeln!(out, "No pages match “{}”.", term_safe_inline(query.trim()))
            .context("writing to stdout")?;
    } else {
        let styled = io::stdout().is_terminal();
        let (open, close) = if styled {
            ("\x1b[1m", "\x1b[0m")
        } else {
            (MARK_OPEN, MARK_CLOSE)
        };
        for (rank, hit) in hits.iter().enumerate() {
            writeln!(
                out,
                "{:>2}. {}  [{}] {}",
                rank + 1,
                term_safe_inline(&hit.title),
                hit.kind,
                term_safe_inline(&hit.id)
            )
            .context("writing to stdout")?;
            if !hit.snippet.text.is_empty() {
                // The snippet text is already sanitised; only the markers are added here.
                writeln!(out, "    {}", hit.snippet.marked(open, close))
                    .context("writing to stdout")?;
            }
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}

fn row(hit: &Hit) -> Row<'_> {
    Row {
        id: &hit.id,
        title: &hit.title,
        kind: hit.kind,
        path: &hit.path,
        source: &hit.source,
        lang: &hit.lang,
        score: hit.score,
        snippet: hit.snippet.marked(MARK_OPEN, MARK_CLOSE),
    }
}
