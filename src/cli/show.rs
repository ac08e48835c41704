//! `onramp show`: one document, rendered for the terminal (ANSI styles), for a pipe (plain
//! text, no escape byte at all) or as its Markdown source (`--raw`). The page opens with the
//! header the content module writes (owner, last review, facts of its kind), as in the app.

use std::io::{self, IsTerminal, Write};

use anyhow::{Context, Result};

use crate::content::{Kind, Library, Moment, term_safe, term_safe_inline};
use crate::paths::Paths;
use crate::progress::{Checklists, Progress, Store};
use crate::tui::reader_doc::ChecklistMarks;

use crate::render::{self, RenderContext, Theme};

/// The saved progress and the checklists, for drawing a checklist page's ticks and due
/// dates as the app does.
struct Saved {
    checklists: Checklists,
    progress: Progress,
    today: chrono::NaiveDate,
}

/// The saved ticks for `doc` when it is a checklist and there is progress to read.
fn saved(library: &Library, doc: &crate::content::Document, paths: &Paths) -> Option<Saved> {
    if doc.kind != Kind::Checklist {
        return None;
    }
    let store = Store::open(&paths.data.path).ok()?;
    Some(Saved {
        checklists: Checklists::from_library(library),
        progress: store.progress().clone(),
        today: crate::progress::today_from_env().ok()?,
    })
}

pub fn run(
    library: &Library,
    paths: &Paths,
    id: &str,
    raw: bool,
    width: Option<u16>,
) -> Result<()> {
    // A bare id used by several packs lists them; an unknown one suggests close ids.
    let doc = library.resolve(id)?;
    let stdout = io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = io::BufWriter::new(stdout.lock());
    if raw {
        out.write_all(term_safe(&doc.raw).as_bytes())
            .context("writing to stdout")?;
        out.flush().context("writing to stdout")?;
        return Ok(());
    }
    let color = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = width
        .or_else(|| {
            terminal
                .then(|| crossterm::terminal::size().ok().map(|(w, _)| w))
                .flatten()
        })
        .filter(|&w| w > 0)
        .unwrap_or(80);
    let at = Moment {
        today: crate::progress::today_from_env()?,
        now: chrono::Utc::now(),
    };
    let page = crate::content::page_markdown(doc, library, at);
    let layout = render::parse(&page);
    let saved = saved(library, doc, paths);
    let marks = saved.as_ref().and_then(|s| {
        Some(ChecklistMarks::new(
            s.checklists.for_page(&doc.id)?,
            &s.progress,
            s.today,
            &doc.lang,
        ))
    });
    let ctx = RenderContext {
        tasks: marks.as_ref().map(|m| m as &dyn render::TaskInfo),
        theme: if color {
            Theme::default()
        } else {
            Theme::plain()
        },
    };
    let rendered = layout.render(width, &ctx);
    let text = if color {
        render::to_ansi(&rendered)
    } else {
        render::to_plain(&rendered)
    };
    out.write_all(text.as_bytes())
        .context("writing to stdout")?;
    let targets = layout.link_targets();
    if !targets.is_empty() {
        writeln!(out).context("writing to stdout")?;
        for (i, target) in targets.iter().enumerate() {
            let shown = library
                .resolve_link(doc, target)
                .map_or_else(|| target.clone(), |d| d.id.clone());
            let line = format!("[{}] {}", i + 1, term_safe_inline(&shown));
            let cut: String = line.chars().take(usize::from(width).max(1) * 4).collect();
            writeln!(out, "{cut}").context("writing to stdout")?;
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(())
}
