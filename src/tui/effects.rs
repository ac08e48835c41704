//! Running the app's effects for the event loop: saving progress, opening links, copying,
//! and editing a page with the terminal handed to the editor. The only IO the app asks for;
//! it never changes app state except through `App::update`.

use std::process::Command;

use anyhow::{Context as _, Result};

use super::action::{Action, Effect, Mark, ProgressChange};
use super::app::{self, App};
use super::search_worker::{SearchOptions, SearchWorker};
use super::{checks, clipboard, links, terminal};
use crate::progress::{ItemState, ProgressError, Store};

pub(super) fn run_effect(
    app: &mut App,
    guard: &mut terminal::TerminalGuard,
    worker: &SearchWorker,
    store: &mut Store,
    effect: Effect,
) {
    match effect {
        Effect::Search {
            generation,
            query,
            kind,
        } => worker.request(
            generation,
            query,
            SearchOptions {
                limit: app::SEARCH_LIMIT,
                kind,
            },
        ),
        Effect::Save(change) => {
            if let Err(e) = save(store, &app.checks, &change) {
                let message = format!("Not saved: {e}");
                app.update(Action::Report(
                    crate::content::term_safe_inline(&message).into_owned(),
                ));
            }
        }
        Effect::OpenUrl(url) => {
            let message = match links::launch(&url) {
                Ok(()) => format!("Opening {}", crate::content::term_safe_inline(&url)),
                Err(e) => format!(
                    "Could not open a browser ({e}); the address is {}",
                    crate::content::term_safe_inline(&url)
                ),
            };
            app.update(Action::Report(message));
        }
        Effect::Copy(text) => {
            let message = match clipboard::copy(&text) {
                Ok(clipboard::Copied::System(program)) => {
                    format!("Copied {} lines ({program}).", text.lines().count())
                }
                Ok(clipboard::Copied::Terminal) => format!(
                    "Copied {} lines through the terminal (OSC 52; some terminals ignore it).",
                    text.lines().count()
                ),
                Err(e) => format!("Could not copy: {e}"),
            };
            app.update(Action::Report(message));
        }
        Effect::Edit(path) => {
            let result = guard.suspended(|| edit(&path));
            let message = match result.map(|edited| edited.and_then(|()| read_page(&path))) {
                Ok(Ok(text)) => {
                    app.update(Action::PageEdited { path, text });
                    return;
                }
                Ok(Err(e)) | Err(e) => format!("Editor: {e}"),
            };
            app.update(Action::Report(
                crate::content::term_safe_inline(&message).into_owned(),
            ));
        }
    }
}

/// Hands the saved ticks, bookmarks and recent pages to the app, and any notice about the
/// progress file (kept aside, read-only) to its status line.
pub(super) fn restore(app: &mut App, store: &Store) {
    let progress = store.progress();
    let marks: Vec<(String, String, Mark)> = progress
        .checklists
        .iter()
        .flat_map(|(checklist, items)| {
            items.iter().filter_map(move |(item, entry)| {
                let mark = match entry.state {
                    ItemState::Todo => return None,
                    ItemState::Done => Mark::Done,
                    ItemState::Skipped { .. } => Mark::Skipped,
                };
                Some((checklist.clone(), item.clone(), mark))
            })
        })
        .collect();
    let bookmarks = store.bookmarks().into_iter().map(String::from).collect();
    let recent = store.recent().into_iter().map(String::from).collect();
    app.restore_progress(marks, bookmarks, recent);
    if let Some(notice) = store.notices().last() {
        let message = notice.to_string();
        app.update(Action::Report(
            crate::content::term_safe_inline(&message).into_owned(),
        ));
    }
}

/// Saves one change at once: the store merges with what is on disk, under its lock.
fn save(
    store: &mut Store,
    checks: &checks::Checks,
    change: &ProgressChange,
) -> Result<(), ProgressError> {
    match change {
        ProgressChange::SetItem {
            checklist,
            item,
            mark,
        } => {
            let state = match mark {
                None => ItemState::Todo,
                Some(Mark::Done) => ItemState::Done,
                Some(Mark::Skipped) => ItemState::Skipped { reason: None },
            };
            store.set_state(checks.canonical(checklist), item, state)
        }
        ProgressChange::Bookmark { id, on } => store.set_bookmark(id, *on),
        ProgressChange::Opened { id } => store.note_read(id),
        ProgressChange::StartDate(date) => store.set_start_date(Some(*date)),
    }
}

/// Reads a page again after it was edited, with the loader's size cap; bytes that are not
/// UTF-8 are replaced, as the loader does.
fn read_page(path: &std::path::Path) -> Result<String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot read {} again", path.display()))?;
    let mut bytes = Vec::new();
    file.take(crate::content::DEFAULT_MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {} again", path.display()))?;
    if bytes.len() as u64 > crate::content::DEFAULT_MAX_FILE_BYTES {
        anyhow::bail!("{} is now too large to show", path.display());
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Runs `$VISUAL` or `$EDITOR` (else `vi`) on `path`: the command's words as an argument
/// list, never through a shell.
fn edit(path: &std::path::Path) -> Result<()> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = Command::new(program)
        .args(words)
        .arg(path)
        .status()
        .with_context(|| format!("cannot run `{program}`"))?;
    if !status.success() {
        anyhow::bail!("`{program}` exited with {status}");
    }
    Ok(())
}
