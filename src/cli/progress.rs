//! `onramp checklist`, `check`, `uncheck`, `skip`, `start` and `progress`: thin commands over
//! the progress module. Everything a screen also needs lives there.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde::Serialize;

use super::{Cli, Loaded, warn};
use crate::content::{term_safe, term_safe_inline};
use crate::paths::Paths;
use crate::progress::{
    self, Checklist, Checklists, DueStatus, ItemRow, ItemState, Store, bar, parse_date,
};

fn today() -> Result<NaiveDate> {
    Ok(progress::today_from_env()?)
}

fn open_store(paths: &Paths) -> Result<Store> {
    let store = Store::open(&paths.data.path)?;
    for notice in store.notices() {
        warn(&notice.to_string());
    }
    Ok(store)
}

/// `onramp checklist [ID] [--json]`.
pub fn checklist(cli: &Cli, id: Option<&str>, json: bool) -> Result<ExitCode> {
    let ctx = Loaded::load(cli)?;
    let paths = Paths::from_env()?;
    let store = open_store(&paths)?;
    let today = today()?;
    let lists = Checklists::from_library(&ctx.library);
    let mut out = io::BufWriter::new(io::stdout().lock());
    match id {
        None => list_all(&mut out, &lists, &store, json)?,
        Some(id) => {
            let list = lists.resolve(id)?;
            show_one(&mut out, list, &store, today, json)?;
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct ListRow<'a> {
    id: &'a str,
    title: &'a str,
    phase: Option<u8>,
    done: usize,
    skipped: usize,
    total: usize,
    percent: u8,
}

fn list_all(out: &mut impl Write, lists: &Checklists, store: &Store, json: bool) -> Result<()> {
    let rows: Vec<ListRow> = lists
        .iter()
        .map(|c| {
            let n = c.counts(store.progress());
            ListRow {
                id: &c.id,
                title: &c.title,
                phase: c.phase,
                done: n.done,
                skipped: n.skipped,
                total: n.total,
                percent: n.percent(),
            }
        })
        .collect();
    if json {
        super::json::write(out, &rows)?;
        return Ok(());
    }
    if rows.is_empty() {
        writeln!(out, "No checklists.").context("writing to stdout")?;
    }
    let width = rows
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    for r in rows {
        writeln!(
            out,
            "{:<width$}  {} {:>3}%  {:>3}/{:<3}  {}",
            term_safe_inline(r.id),
            bar(r.percent, 10),
            r.percent,
            r.done + r.skipped,
            r.total,
            term_safe_inline(r.title)
        )
        .context("writing to stdout")?;
    }
    Ok(())
}

#[derive(Serialize)]
struct ItemJson<'a> {
    id: &'a str,
    text: &'a str,
    section: Option<&'a str>,
    state: &'static str,
    due: Option<NaiveDate>,
    due_offset: Option<String>,
    overdue: bool,
    done_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    depth: usize,
    parent: Option<&'a str>,
}

#[derive(Serialize)]
struct ChecklistJson<'a> {
    id: &'a str,
    title: &'a str,
    phase: Option<u8>,
    start: Option<NaiveDate>,
    today: NaiveDate,
    done: usize,
    skipped: usize,
    total: usize,
    percent: u8,
    items: Vec<ItemJson<'a>>,
}

fn item_json<'a>(row: &'a ItemRow<'a>) -> ItemJson<'a> {
    ItemJson {
        id: &row.item.id,
        text: &row.item.plain,
        section: row.item.section.as_deref(),
        state: row.state.as_str(),
        due: row.due.and_then(DueStatus::date),
        due_offset: row.item.due.map(|d| d.to_string()),
        overdue: row.due.is_some_and(DueStatus::is_overdue),
        done_at: row.entry.and_then(progress::Entry::done_at),
        reason: match &row.state {
            ItemState::Skipped { reason } => reason.as_deref(),
            _ => None,
        },
        depth: row.item.depth,
        parent: row.item.parent.as_deref(),
    }
}

fn show_one(
    out: &mut impl Write,
    list: &Checklist,
    store: &Store,
    today: NaiveDate,
    json: bool,
) -> Result<()> {
    let rows = list.rows(store.progress(), today);
    let counts = list.counts(store.progress());
    if json {
        let doc = ChecklistJson {
            id: &list.id,
            title: &list.title,
            phase: list.phase,
            start: store.start_date(),
            today,
            done: counts.done,
            skipped: counts.skipped,
            total: counts.total,
            percent: counts.percent(),
            items: rows.iter().map(item_json).collect(),
        };
        super::json::write(out, &doc)?;
        return Ok(());
    }
    // One line each: a title or a reason with line breaks must not break the layout.
    let mut text = format!(
        "{}  ({})\n{} {}%  {} of {} done",
        term_safe_inline(&list.title),
        term_safe_inline(&list.id),
        bar(counts.percent(), 20),
        counts.percent(),
        counts.done,
        counts.total
    );
    if counts.skipped > 0 {
        let _ = write!(text, ", {} skipped", counts.skipped);
    }
    match store.start_date() {
        Some(start) => {
            let _ = writeln!(text, "; start date {start}");
        }
        None => text.push_str("; no start date yet (`onramp start DATE`)\n"),
    }
    let mut section: Option<&str> = None;
    for row in &rows {
        if row.item.section.as_deref() != section {
            section = row.item.section.as_deref();
            if let Some(s) = section {
                let _ = write!(text, "\n{}\n", term_safe_inline(s));
            }
        }
        let mark = match row.state {
            ItemState::Todo => "[ ]",
            ItemState::Done => "[x]",
            ItemState::Skipped { .. } => "[-]",
        };
        let indent = "  ".repeat(row.item.depth + 1);
        let _ = write!(text, "{indent}{mark} {}", term_safe_inline(&row.item.plain));
        if let Some(due) = row.due {
            let _ = write!(text, "  · {}", due.label(&list.lang, today));
        }
        if let ItemState::Skipped {
            reason: Some(reason),
        } = &row.state
        {
            let _ = write!(text, "  · skipped: {}", term_safe_inline(reason));
        }
        let _ = writeln!(text, "  #{}", term_safe_inline(&row.item.id));
    }
    out.write_all(term_safe(&text).as_bytes())
        .context("writing to stdout")?;
    Ok(())
}

/// `onramp check`, `uncheck` and `skip`.
pub fn mark(cli: &Cli, checklist: &str, item: &str, state: ItemState) -> Result<ExitCode> {
    let ctx = Loaded::load(cli)?;
    let paths = Paths::from_env()?;
    let mut store = open_store(&paths)?;
    let lists = Checklists::from_library(&ctx.library);
    let list = match lists.resolve(checklist) {
        Ok(list) => list,
        Err(e) => {
            if let Some(doc) = ctx.library.get(checklist) {
                bail!(
                    "`{}` is a {}, not a checklist; `onramp checklist` lists them",
                    term_safe_inline(&doc.id),
                    doc.kind
                );
            }
            return Err(e.into());
        }
    };
    let item_id = list.resolve_item(item, store.progress())?.to_string();
    let text = list.item(&item_id).map(|i| i.text.clone());
    let plain = list.item(&item_id).map(|i| i.plain.clone());
    let label = plain.unwrap_or_else(|| item_id.clone());
    let mut out = io::stdout().lock();
    // What the item is now, by progress's one rule (an item written `[x]` is done); an item
    // only progress knows (it left the content) has its saved state.
    let current = list.item(&item_id).map_or_else(
        || store.state(&list.id, &item_id),
        |i| list.state_of(store.progress(), i),
    );
    if current == state {
        // Nothing changes: keep the first done time rather than moving it to now.
        writeln!(
            out,
            "already {}: {}",
            state.as_str(),
            term_safe_inline(&label)
        )
        .context("writing to stdout")?;
        return Ok(ExitCode::SUCCESS);
    }
    let name = state.as_str();
    store.set_state_with_text(&list.id, &item_id, state, text.as_deref())?;
    let counts = list.counts(store.progress());
    writeln!(
        out,
        "{}: {}  ({} {}/{})",
        name,
        term_safe_inline(&label),
        term_safe_inline(&list.id),
        counts.closed(),
        counts.total
    )
    .context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// `onramp start [DATE]`.
pub fn start(date: Option<&str>) -> Result<ExitCode> {
    let paths = Paths::from_env()?;
    let mut store = open_store(&paths)?;
    let today = today()?;
    let mut out = io::stdout().lock();
    let Some(date) = date else {
        match store.start_date() {
            Some(start) => {
                let day = progress::day_number(start, today).map_or_else(
                    || "not yet started".to_string(),
                    |d| format!("today is day {d}"),
                );
                writeln!(out, "{start} ({day})").context("writing to stdout")?;
            }
            None => writeln!(
                out,
                "not set; set it with `onramp start today` or `onramp start YYYY-MM-DD`"
            )
            .context("writing to stdout")?,
        }
        return Ok(ExitCode::SUCCESS);
    };
    let Some(parsed) = parse_date(date, today) else {
        bail!(
            "`{}` is not a date; use `today` or YYYY-MM-DD, e.g. 2026-11-02",
            term_safe_inline(date)
        );
    };
    store.set_start_date(Some(parsed))?;
    writeln!(out, "start date set to {parsed}").context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// `onramp progress [--json | --markdown] [--limit N]`.
pub fn report(cli: &Cli, json: bool, markdown: bool, limit: Option<usize>) -> Result<ExitCode> {
    let ctx = Loaded::load(cli)?;
    let paths = Paths::from_env()?;
    let store = open_store(&paths)?;
    let today = today()?;
    let lists = Checklists::from_library(&ctx.library);
    let report = progress::report(
        &lists,
        store.progress(),
        today,
        paths.notes_dir().is_dir().then(|| {
            ctx.library
                .own_notes()
                .into_iter()
                .map(|n| progress::WrittenNote {
                    id: n.id.clone(),
                    title: n.title.clone(),
                    created: n.created().map(|c| c.date()),
                })
                .collect()
        }),
    );
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        super::json::write(&mut out, &report)?;
    } else if markdown {
        out.write_all(term_safe(&report.to_markdown(limit)).as_bytes())
            .context("writing to stdout")?;
    } else {
        out.write_all(term_safe(&report.to_text(limit)).as_bytes())
            .context("writing to stdout")?;
    }
    out.flush().context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}
