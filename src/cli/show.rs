//! `onramp show`: one document, rendered for the terminal (ANSI styles), for a pipe (plain
//! text, no escape byte at all) or as its Markdown source (`--raw`). The page opens with the
//! header the content module writes (owner, last review, facts of its kind), as in the app.
//! On a warm cache it reads the one page from the search manifest's catalog, not every page.

use std::io::{self, IsTerminal, Write};

use anyhow::{Context, Result};

use super::{Loaded, warn};
use crate::content::{
    Document, Kind, Library, LoadOptions, Lookup, Moment, Reach, Sources, Warning, term_safe,
    term_safe_inline,
};
use crate::paths::Paths;
use crate::progress::{Checklists, Progress, Store};
use crate::search::{Catalog, Proof};
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

/// Prints the page `id` names: from the search manifest's catalog when it proves every
/// page printed current (reading only the page itself), else from a full load of `sources`.
pub fn run(
    sources: &Sources,
    paths: &Paths,
    id: &str,
    raw: bool,
    width: Option<u16>,
) -> Result<()> {
    let load = LoadOptions::default();
    let list = sources.list();
    if let Some(catalog) = Catalog::open(&paths.index_dir(), &list, &load, Proof::Folders)
        && let Some((text, warnings)) = from_catalog(&catalog, paths, id, raw, width)?
    {
        for w in &warnings {
            warn(&w.to_string());
        }
        return write(&text);
    }
    let library = Loaded::of(sources).library;
    // A bare id used by several packs lists them; an unknown one suggests close ids.
    let doc = library.resolve(id)?;
    let (text, ..) = page(&library, doc, paths, raw, width)?;
    write(&text)
}

/// The page from the catalog, with the load's warnings, when the catalog has it and every
/// page the output names has the file the manifest recorded. Only the pages the names in
/// play may reach are decoded: first those the id may reach, then those the page's owner,
/// links and the notes may. A person's page lists every page they own, which any page's
/// `owner` may change, so it takes every page and every file's `stat`.
fn from_catalog(
    catalog: &Catalog,
    paths: &Paths,
    id: &str,
    raw: bool,
    width: Option<u16>,
) -> Result<Option<(String, Vec<Warning>)>> {
    let mut reach = Reach::default();
    reach.name(id);
    let Some(found) = catalog.library(&reach) else {
        return Ok(None);
    };
    let Lookup::Found(light) = found.lookup(id) else {
        return Ok(None);
    };
    let Some(doc) = catalog.read(light) else {
        return Ok(None);
    };
    if doc.kind == Kind::Person {
        reach = Reach::everything();
    } else if !raw {
        reach.extend([doc.owner.as_deref().unwrap_or_default()]);
        reach.extend(
            render::parse(&doc.body)
                .link_targets()
                .iter()
                .map(String::as_str),
        );
        for note in found.of_kind(Kind::Note) {
            reach.name(&note.id);
            reach.name_note(note);
        }
    }
    let Some(library) = catalog.library(&reach) else {
        return Ok(None);
    };
    let (text, named, targets) = page(&library, &doc, paths, raw, width)?;
    let proven = targets.iter().all(|t| reach.covers(t))
        && catalog.unchanged(&named)
        && (doc.kind != Kind::Person || catalog.every_file_unchanged());
    Ok(proven.then(|| (text, library.warnings.clone())))
}

fn write(text: &str) -> Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    out.write_all(text.as_bytes())
        .context("writing to stdout")?;
    out.flush().context("writing to stdout")?;
    Ok(())
}

/// What `show` prints for `doc`; the other pages whose fields it prints (the owner, the
/// pages links name, the pages of the appendix); the targets of the links it lists.
fn page<'a>(
    library: &'a Library,
    doc: &Document,
    paths: &Paths,
    raw: bool,
    width: Option<u16>,
) -> Result<(String, Vec<&'a Document>, Vec<String>)> {
    if raw {
        return Ok((term_safe(&doc.raw).into_owned(), Vec::new(), Vec::new()));
    }
    let terminal = io::stdout().is_terminal();
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
    let mut named: Vec<&Document> = Vec::new();
    named.extend(library.owner_of(doc));
    if doc.kind == Kind::Person {
        named.extend(library.owned_by(&doc.id));
    }
    named.extend(library.notes_about(doc));
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
    let mut out = if color {
        render::to_ansi(&rendered)
    } else {
        render::to_plain(&rendered)
    };
    let targets = layout.link_targets();
    if !targets.is_empty() {
        out.push('\n');
        for (i, target) in targets.iter().enumerate() {
            let found = library.resolve_link(doc, target);
            named.extend(found);
            let shown = found.map_or_else(|| target.clone(), |d| d.id.clone());
            let line = format!("[{}] {}", i + 1, term_safe_inline(&shown));
            let cut: String = line.chars().take(usize::from(width).max(1) * 4).collect();
            out.push_str(&cut);
            out.push('\n');
        }
    }
    Ok((out, named, targets.to_vec()))
}
