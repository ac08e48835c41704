//! Running the app's effects for the event loop: saving progress, opening links, copying,
//! and editing a page or a new note with the terminal handed to the editor. The only IO the app asks for;
//! it never changes app state except through `App::update`.

use std::fmt::Write as _;
use std::process::Command;

use anyhow::{Context as _, Result};

use super::action::{Action, Effect, ProgressChange};
use super::{Session, clipboard, links, terminal};
use crate::progress::{ProgressError, Store};

/// Runs one effect for the event loop: the ones that need the terminal here (the editor
/// takes it over; opening links and copying report on it), the rest through the session.
pub(super) fn run_effect(
    session: &mut Session,
    guard: &mut terminal::TerminalGuard,
    effect: Effect,
) {
    let Some(effect) = session.run(effect) else {
        return;
    };
    let app = &mut session.app;
    match effect {
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
        Effect::Copy { text, placeholders } => {
            let message = copied_message(&text, &placeholders, clipboard::copy(&text));
            app.update(Action::Report(message));
        }
        Effect::MouseCapture(on) => {
            if let Err(e) = guard.set_mouse(on) {
                app.update(Action::Report(format!("Could not switch the mouse: {e}")));
            }
        }
        Effect::Edit(path) => {
            let message = match guard.suspended(|| edit(&path)) {
                Ok(Ok(())) => {
                    // Every screen and search see the edit once the sources are read again.
                    session.reload();
                    format!(
                        "Edited {}; reading the pages again.",
                        crate::content::term_safe_inline(&path.display().to_string())
                    )
                }
                Ok(Err(e)) | Err(e) => format!("Editor: {e}"),
            };
            session.app.update(Action::Report(
                crate::content::term_safe_inline(&message).into_owned(),
            ));
        }
        Effect::EditNote(created) => {
            let edited = guard.suspended(|| edit(&created.path));
            // Even when the editor failed, a note left as it was goes again.
            session.note_edited(&created);
            if let Ok(Err(e)) | Err(e) = edited {
                let message = format!("Editor: {e}");
                session.app.update(Action::Report(
                    crate::content::term_safe_inline(&message).into_owned(),
                ));
            }
        }
        Effect::Search { .. } | Effect::Save(_) | Effect::NewNote(_) | Effect::AppendNote(_) => {}
    }
}

/// The longest start of a copied command the status line repeats: the command is marked on
/// screen, so the room goes to the placeholders to fill in.
const PREVIEW_CHARS: usize = 24;
/// How many placeholders the status line names after a copy.
const NAMED_PLACEHOLDERS: usize = 3;

/// What the status line says after a copy: how many lines, how the first one starts, what
/// to fill in before running it, and where it went ("Copied 1 line: tar xf {{file}} ·
/// replace {{file}} (through the terminal)").
fn copied_message(
    text: &str,
    placeholders: &[String],
    copied: std::io::Result<clipboard::Copied>,
) -> String {
    let to = match copied {
        Ok(clipboard::Copied::System(program)) => format!("({program})"),
        Ok(clipboard::Copied::Terminal) => "(through the terminal)".to_string(),
        Err(e) => return format!("Could not copy: {e}"),
    };
    let lines = text.lines().count().max(1);
    let first = text.lines().next().unwrap_or_default().trim();
    let mut preview: String = first.chars().take(PREVIEW_CHARS).collect();
    if first.chars().count() > PREVIEW_CHARS || lines > 1 {
        preview = preview.trim_end().to_string();
        preview.push('…');
    }
    let count = crate::words::count(lines, "line", "lines");
    let mut message = format!("Copied {count}: {preview}");
    if !placeholders.is_empty() {
        let named: Vec<&str> = placeholders
            .iter()
            .take(NAMED_PLACEHOLDERS)
            .map(String::as_str)
            .collect();
        message.push_str(" · replace ");
        message.push_str(&named.join(", "));
        if placeholders.len() > NAMED_PLACEHOLDERS {
            let _ = write!(
                message,
                " and {} more",
                placeholders.len() - NAMED_PLACEHOLDERS
            );
        }
    }
    message.push(' ');
    message.push_str(&to);
    message
}

/// Saves one change at once: the store merges with what is on disk, under its lock.
pub(super) fn save(store: &mut Store, change: &ProgressChange) -> Result<(), ProgressError> {
    match change {
        ProgressChange::SetItem {
            checklist,
            item,
            state,
            text,
        } => store.set_state_with_text(checklist, item, state.clone(), Some(text)),
        ProgressChange::Bookmark { id, on } => store.set_bookmark(id, *on),
        ProgressChange::Opened { id } => store.note_read(id),
        ProgressChange::StartDate(date) => store.set_start_date(Some(*date)),
    }
}

/// Runs `$VISUAL` or `$EDITOR` (else `vi`) on `path` and waits for it: the command's words
/// as an argument list, never through a shell. The command line calls it as it is; the app
/// hands the terminal over first.
pub fn edit(path: &std::path::Path) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use clipboard::Copied;

    #[test]
    fn a_copy_says_what_was_copied_and_what_to_fill_in() {
        let m = copied_message(
            "tar xf {{file.tar}}",
            &["{{file.tar}}".into()],
            Ok(Copied::Terminal),
        );
        assert_eq!(
            m,
            "Copied 1 line: tar xf {{file.tar}} · replace {{file.tar}} (through the terminal)"
        );
        let m = copied_message("a\nb\nc", &[], Ok(Copied::System("xclip")));
        assert_eq!(m, "Copied 3 lines: a… (xclip)");
        let long = "x".repeat(60);
        let names: Vec<String> = (1..=5).map(|i| format!("<p{i}>")).collect();
        let m = copied_message(&long, &names, Ok(Copied::Terminal));
        assert!(
            m.starts_with(&format!("Copied 1 line: {}… ·", "x".repeat(PREVIEW_CHARS))),
            "{m}"
        );
        assert!(m.contains("replace <p1>, <p2>, <p3> and 2 more"), "{m}");
        let m = copied_message("x", &[], Err(std::io::Error::other("too big")));
        assert_eq!(m, "Could not copy: too big");
    }
}
