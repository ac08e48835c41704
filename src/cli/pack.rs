//! `onramp pack add|update|list|remove`: one small function each over the packs module, then
//! the search index brought up to date by its one route (an update carries the index's
//! record of the old checkout over, so only the changed pages are read again).

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::{SubsecRound, Utc};
use serde::Serialize;

use super::{Cli, PackCommand, load_sources, warn};
use crate::content::{LoadOptions, Source, term_safe_inline, walk_source};
use crate::packs::{ChangeKind, DEFAULT_STALE_AFTER, PackStatus, Packs, Updated, age_words};
use crate::paths::Paths;
use crate::search::{Moved, OpenOptions, Route, SearchIndex, carry_over};

pub fn run(cli: &Cli, action: &PackCommand) -> Result<ExitCode> {
    let paths = Paths::from_env()?;
    let packs = Packs::new(&paths);
    match action {
        PackCommand::Add {
            source,
            name,
            reference,
        } => add(
            cli,
            &paths,
            &packs,
            source,
            name.as_deref(),
            reference.as_deref(),
        ),
        PackCommand::Update { names } => update(cli, &paths, &packs, names),
        PackCommand::List { json } => list(&paths, &packs, *json),
        PackCommand::Remove { name } => {
            let entry = packs.remove(name)?;
            let mut out = io::stdout().lock();
            writeln!(
                out,
                "removed pack `{}`; your progress on its checklists is kept",
                term_safe_inline(&entry.name)
            )
            .context("writing to stdout")?;
            refresh_index(cli, &paths, &[], &mut out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn short(commit: &str) -> &str {
    commit.get(..10).unwrap_or(commit)
}

fn pages_of(status_tree: &std::path::Path, name: &str) -> usize {
    walk_source(&Source::pack(name, status_tree), false)
        .files
        .len()
}

fn add(
    cli: &Cli,
    paths: &Paths,
    packs: &Packs,
    source: &str,
    name: Option<&str>,
    reference: Option<&str>,
) -> Result<ExitCode> {
    let entry = packs.add(source, name, reference, Utc::now().trunc_subsecs(0))?;
    let tree = packs
        .roots()?
        .into_iter()
        .find(|r| r.name == entry.name)
        .map(|r| r.tree);
    let pages = tree.as_deref().map_or(0, |t| pages_of(t, &entry.name));
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "added pack `{}` at {}{} with {}; its pages are `{}:ID`",
        term_safe_inline(&entry.name),
        short(&entry.commit),
        entry
            .reference
            .as_deref()
            .map(|r| format!(" ({})", term_safe_inline(r)))
            .unwrap_or_default(),
        crate::words::count(pages, "page", "pages"),
        term_safe_inline(&entry.name),
    )
    .context("writing to stdout")?;
    refresh_index(cli, paths, &[], &mut out)?;
    Ok(ExitCode::SUCCESS)
}

fn update(cli: &Cli, paths: &Paths, packs: &Packs, names: &[String]) -> Result<ExitCode> {
    let results = packs.update(names, Utc::now().trunc_subsecs(0))?;
    let mut out = io::stdout().lock();
    if results.is_empty() {
        writeln!(
            out,
            "no packs to update; add one with `onramp pack add SOURCE`"
        )
        .context("writing to stdout")?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut failed = false;
    let mut moved = Vec::new();
    for (name, result) in results {
        match result {
            Ok(u) => {
                print_update(&mut out, &u)?;
                if let Some(m) = u.moved {
                    moved.push(Moved {
                        from: m.from,
                        to: m.to,
                        changed: m.changed,
                    });
                }
            }
            Err(e) => {
                failed = true;
                warn(&format!(
                    "{name}: update failed, the pack stays as it was: {e}"
                ));
            }
        }
    }
    refresh_index(cli, paths, &moved, &mut out)?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_update(out: &mut impl Write, u: &Updated) -> Result<()> {
    let name = term_safe_inline(&u.name);
    if u.from == u.to {
        writeln!(out, "{name}: up to date at {}", short(&u.to)).context("writing to stdout")?;
        return Ok(());
    }
    let count = |k: ChangeKind| u.pages.iter().filter(|(kind, _)| *kind == k).count();
    writeln!(
        out,
        "{name}: {}..{}  pages: {} added, {} changed, {} removed",
        short(&u.from),
        short(&u.to),
        count(ChangeKind::Added),
        count(ChangeKind::Changed),
        count(ChangeKind::Removed)
    )
    .context("writing to stdout")?;
    for (kind, path) in u.pages.iter().take(50) {
        let word = match kind {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Removed => "removed",
        };
        writeln!(out, "  {word:<8} {}", term_safe_inline(path)).context("writing to stdout")?;
    }
    if u.pages.len() > 50 {
        writeln!(out, "  ... and {} more", u.pages.len() - 50).context("writing to stdout")?;
    }
    Ok(())
}

/// Brings the search index up to date after packs changed, by the route every search takes.
/// A failure here is reported, not fatal: the next search refreshes the index anyway.
fn refresh_index(cli: &Cli, paths: &Paths, moved: &[Moved], out: &mut impl Write) -> Result<()> {
    let sources = load_sources(cli)?.list();
    let index_dir = paths.index_dir();
    if !moved.is_empty() {
        carry_over(&index_dir, &sources, moved);
    }
    match SearchIndex::open_sources(
        Some(&index_dir),
        &sources,
        &LoadOptions::default(),
        OpenOptions::default(),
    ) {
        Ok(opened) => {
            for notice in &opened.notices {
                warn(&notice.to_string());
            }
            let r = opened.index.refresh();
            let read = match opened.route {
                Route::Unchanged => "no page read".to_string(),
                Route::Patched { read } => {
                    crate::words::count(read, "file read again", "files read again")
                }
                Route::Full => "every page read".to_string(),
            };
            writeln!(
                out,
                "search index: {} (added {}, updated {}, removed {}; {read})",
                crate::words::count(
                    usize::try_from(r.docs).unwrap_or(usize::MAX),
                    "page",
                    "pages"
                ),
                r.added,
                r.updated,
                r.removed
            )
            .context("writing to stdout")?;
        }
        Err(e) => warn(&format!("the search index was not refreshed: {e}")),
    }
    Ok(())
}

#[derive(Serialize)]
struct Row<'a> {
    name: &'a str,
    label: Option<&'a str>,
    source: &'a str,
    #[serde(rename = "ref")]
    reference: Option<&'a str>,
    commit: &'a str,
    fetched: String,
    age_seconds: u64,
    stale: bool,
    pages: usize,
    path: String,
}

fn list(paths: &Paths, packs: &Packs, json: bool) -> Result<ExitCode> {
    let config = super::load_config(paths);
    let stale_after = config.pack_stale_after.unwrap_or(DEFAULT_STALE_AFTER);
    let statuses = packs.statuses(Utc::now(), stale_after)?;
    let layouts: Vec<(PackStatus, Source, usize)> = statuses
        .into_iter()
        .map(|s| {
            let source = Source::pack(&s.entry.name, &s.tree);
            let pages = walk_source(&source, false).files.len();
            (s, source, pages)
        })
        .collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        let rows: Vec<Row> = layouts
            .iter()
            .map(|(s, source, pages)| Row {
                name: &s.entry.name,
                label: source.site.label.as_deref(),
                source: &s.entry.source,
                reference: s.entry.reference.as_deref(),
                commit: &s.entry.commit,
                fetched: s.entry.fetched.to_rfc3339(),
                age_seconds: s.age.as_secs(),
                stale: s.stale,
                pages: *pages,
                path: match &source.location {
                    crate::content::Location::Dir(p) => p.display().to_string(),
                    crate::content::Location::Embedded => String::new(),
                },
            })
            .collect();
        // serde_json escapes every control character, so the JSON is safe as is.
        serde_json::to_writer_pretty(&mut out, &rows).context("writing to stdout")?;
        writeln!(out).context("writing to stdout")?;
    } else if layouts.is_empty() {
        writeln!(
            out,
            "no packs yet; add one with `onramp pack add SOURCE [--name NAME]`"
        )
        .context("writing to stdout")?;
    } else {
        let width = layouts
            .iter()
            .map(|(s, ..)| super::text_width(&term_safe_inline(&s.entry.name)))
            .max()
            .unwrap_or(0);
        for (s, source, pages) in &layouts {
            let e = &s.entry;
            let unit = if *pages == 1 { "page " } else { "pages" };
            writeln!(
                out,
                "{} {}  {pages:>6} {unit}  fetched {}  {}{}",
                super::pad(&term_safe_inline(&e.name), width),
                short(&e.commit),
                if s.age.as_secs() < 120 {
                    "just now".to_string()
                } else {
                    format!("{} ago", age_words(s.age))
                },
                term_safe_inline(&e.source),
                e.reference
                    .as_deref()
                    .map(|r| format!(" ({})", term_safe_inline(r)))
                    .unwrap_or_default(),
            )
            .context("writing to stdout")?;
            if let Some(label) = &source.site.label {
                writeln!(out, "{:width$} {}", "", term_safe_inline(label))
                    .context("writing to stdout")?;
            }
            if s.stale {
                writeln!(
                    out,
                    "{:width$} out of date: not fetched for {}; `onramp pack update {}`",
                    "",
                    age_words(s.age),
                    term_safe_inline(&e.name)
                )
                .context("writing to stdout")?;
            }
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}
