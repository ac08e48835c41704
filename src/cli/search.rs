//! `onramp search`: the best pages for a query, as a list or as JSON; exits 0 with hits and 1
//! without, as grep does (the caller makes a failure 2).

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
    let sources = load_sources(cli)?.list();
    let paths = Paths::from_env()?;
    let index_dir = paths.index_dir();
    let open = |options| {
        SearchIndex::open_sources(Some(&index_dir), &sources, &LoadOptions::default(), options)
    };
    let opened = open(OpenOptions::default()).context("opening the search index")?;
    for w in &opened.warnings {
        warn(&w.to_string());
    }
    for notice in &opened.notices {
        warn(&notice.to_string());
    }
    let mut index = opened.index;
    let query = query.join(" ");
    for warning in crate::search::parse(&query).warnings {
        warn(&warning);
    }
    let (hits, notices) = index.search_or_repair(&query, &SearchOptions { limit, kind }, |o| {
        open(o).map(|reopened| (reopened.index, reopened.notices))
    });
    for notice in &notices {
        warn(&notice.to_string());
    }
    let hits = hits.context("searching")?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        let rows: Vec<Row> = hits.iter().map(row).collect();
        super::json::write(&mut out, &rows)?;
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
    // grep's and ripgrep's convention: 1 says "nothing matched" to a script.
    Ok(if hits.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
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
        // As written, like the title: the JSON writer escapes what a terminal must not see.
        snippet: hit.snippet.marked_as_written(MARK_OPEN, MARK_CLOSE),
    }
}
