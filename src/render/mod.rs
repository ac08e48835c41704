//! Markdown to ratatui `Text` at a given width, and the same lines as plain text or ANSI for
//! `onramp show`. Owns parsing (pulldown-cmark), layout, wrapping and styling; never does IO.
//!
//! [`parse`] runs once per page and keeps a flat list of leaf blocks, each with the container
//! prefixes it sits in (quote bars, list markers, callouts); [`Layout::render`] wraps them to a
//! width, so a resize re-wraps without re-parsing. Every text from the page passes
//! `term_safe` after parsing (entities such as `&#27;` decode to controls), so no rendered
//! line holds a control character, and no rendered line is wider than the width asked for.
//!
//! Cost is linear in the page: a 1 MB page parses in about 20 ms and wraps in about 18 ms
//! (`cargo run --release --example render_bench`). The wrapper measures widths without
//! grapheme segmentation where that gives the same result (`width.rs`), builds each line in
//! one reused buffer, and a layout keeps its text in one buffer rather than a string per piece.
//!
//! Code blocks are not syntax-highlighted: highlighting costs megabytes of binary and tens of
//! milliseconds at first use, and runbooks read fine without it.

mod admonition;
mod build;
mod draw;
mod html;
mod model;
mod output;
mod theme;
mod width;
mod wrap;

use ratatui::text::Line;

pub use build::MAX_DRAWN_DEPTH;
pub use output::{to_ansi, to_plain};
pub use theme::Theme;

/// Where a checklist's item states and due dates come from (the progress store).
pub trait TaskInfo {
    /// The user's state of an item, or `None` to fall back to the `[x]` in the source.
    fn state(&self, item_id: &str) -> Option<TaskMark>;
    /// A due label such as "Mon 3 Mar" for an item, or `None` to show its offset ("week 2").
    fn due_label(&self, item_id: &str) -> Option<String>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskMark {
    Todo,
    Done,
    Skipped,
}

/// What a render needs besides the page: task states and the styles.
#[derive(Default)]
pub struct RenderContext<'a> {
    pub tasks: Option<&'a dyn TaskInfo>,
    pub theme: Theme,
}

/// A heading, for the table of contents: `line` indexes [`Rendered::lines`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingPos {
    pub level: u8,
    pub text: String,
    pub line: usize,
}

/// One on-screen fragment of a link (a link wrapped over two lines has two), by its reference
/// number: `[number]` is drawn after the link text, and `target` is as written in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPos {
    pub number: u32,
    pub target: String,
    pub line: usize,
    /// Columns `start_col..end_col` of the line, prefixes included.
    pub start_col: u16,
    pub end_col: u16,
}

/// A footnote reference drawn in the text (`[^label]`) and the line where its definition
/// starts (`None` when the page defines no such note), so a reader can jump there and back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnotePos {
    pub label: String,
    /// The note's number in order of first reference, from 0: references to one note share it.
    pub index: usize,
    pub line: usize,
    /// Columns `start_col..end_col` of the line, prefixes included.
    pub start_col: u16,
    pub end_col: u16,
    pub definition: Option<usize>,
}

/// A task item's checkbox line; `item_id` matches `content::checklist::items`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskPos {
    pub item_id: String,
    pub line: usize,
    pub checked: bool,
}

/// A code block: its lines in the rendered text, and its source text for copying (tabs kept,
/// controls already replaced by visible placeholders).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlockPos {
    pub lang: Option<String>,
    pub first_line: usize,
    pub last_line: usize,
    pub text: String,
}

/// A page wrapped to one width.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    pub headings: Vec<HeadingPos>,
    pub links: Vec<LinkPos>,
    pub tasks: Vec<TaskPos>,
    pub code_blocks: Vec<CodeBlockPos>,
    pub footnotes: Vec<FootnotePos>,
}

/// A parsed page, independent of width.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The text of every piece of every leaf, one after the other.
    text: String,
    leaves: Vec<model::Leaf>,
    links: Vec<String>,
    tasks: Vec<model::TaskRef>,
    /// Footnotes referenced in the page, by index: their labels as drawn.
    notes: Vec<String>,
    /// (note index, index of the leaf its definition starts with), in leaf order.
    note_defs: Vec<(usize, usize)>,
}

/// Parses a page body (without frontmatter; a stray metadata block is hidden anyway).
pub fn parse(markdown: &str) -> Layout {
    let built = build::build(markdown);
    Layout {
        text: built.text,
        leaves: built.leaves,
        links: built.links,
        tasks: built.tasks,
        notes: built.notes,
        note_defs: built.note_defs,
    }
}

impl Layout {
    /// Wraps the page to `width` columns (at least 1).
    pub fn render(&self, width: u16, ctx: &RenderContext) -> Rendered {
        draw::render(self, width, ctx)
    }

    /// Link and image targets in reference-number order: `[n]` is `link_targets()[n - 1]`.
    pub fn link_targets(&self) -> &[String] {
        &self.links
    }

    /// Ids of the task items, in page order.
    pub fn task_ids(&self) -> impl Iterator<Item = &str> {
        self.tasks.iter().map(|t| t.item_id.as_str())
    }
}
