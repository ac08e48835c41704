//! `onramp show`: one document, rendered for the terminal (ANSI styles), for a pipe (plain
//! text, no escape byte at all) or as its Markdown source (`--raw`).

use std::io::{self, IsTerminal, Write};

use anyhow::{Context, Result, bail};

use crate::content::{Kind, Library, checklist, term_safe, term_safe_inline};
use crate::paths::Paths;
use crate::progress::{Checklists, ItemState, Store};

use crate::render::{self, RenderContext, Theme};

/// A checklist's ticks and due dates from the progress store, for drawing its task items.
struct SavedTicks {
    store: Store,
    checklist: String,
    items: Vec<checklist::Item>,
}

impl render::TaskInfo for SavedTicks {
    fn state(&self, item_id: &str) -> Option<render::TaskMark> {
        let entry = self.store.entry(&self.checklist, item_id)?;
        Some(match entry.state {
            ItemState::Todo => render::TaskMark::Todo,
            ItemState::Done => render::TaskMark::Done,
            ItemState::Skipped { .. } => render::TaskMark::Skipped,
        })
    }

    fn due_label(&self, item_id: &str) -> Option<String> {
        let start = self.store.start_date()?;
        let due = self.items.iter().find(|i| i.id == item_id)?.due?;
        Some(
            crate::progress::due_date(start, due)?
                .format("%a %-d %b %Y")
                .to_string(),
        )
    }
}

/// The saved ticks for `doc` when it is a checklist and there is progress to read.
fn saved_ticks(
    library: &Library,
    doc: &crate::content::Document,
    paths: &Paths,
) -> Option<SavedTicks> {
    if doc.kind != Kind::Checklist {
        return None;
    }
    let store = Store::open(&paths.data.path).ok()?;
    let checklist = Checklists::from_library(library)
        .canonical_id(&doc.id)
        .to_string();
    Some(SavedTicks {
        store,
        checklist,
        items: checklist::items(&doc.body).0,
    })
}

pub fn run(
    library: &Library,
    paths: &Paths,
    id: &str,
    raw: bool,
    width: Option<u16>,
) -> Result<()> {
    let Some(doc) = library.get(id) else {
        let close = library.close_ids(id, 5);
        if close.is_empty() {
            bail!(
                "no document with id `{}`; `onramp list` shows them all",
                term_safe_inline(id)
            );
        }
        bail!(
            "no document with id `{}`; did you mean: {}",
            term_safe_inline(id),
            close.join(", ")
        );
    };
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
    let layout = render::parse(&doc.body);
    let ticks = saved_ticks(library, doc, paths);
    let ctx = RenderContext {
        tasks: ticks.as_ref().map(|t| t as &dyn render::TaskInfo),
        theme: if color {
            Theme::default()
        } else {
            Theme::plain()
        },
    };
    // A page without a heading of its own gets its title on top.
    let mut page = String::new();
    if crate::content::first_heading(&doc.body).is_none() {
        page = format!("# {}\n\n", doc.display_title().replace('\n', " "));
    }
    let rendered = if page.is_empty() {
        layout.render(width, &ctx)
    } else {
        let title = render::parse(&page).render(width, &ctx);
        let body = layout.render(width, &ctx);
        let mut lines = title.lines;
        lines.push(ratatui::text::Line::default());
        lines.extend(body.lines);
        render::Rendered { lines, ..body }
    };
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
