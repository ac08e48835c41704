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
pub mod placeholder;
mod theme;
mod width;
mod wrap;

use ratatui::text::Line;

pub use build::MAX_DRAWN_DEPTH;
pub use model::CodeSpan;
pub use output::{to_ansi, to_plain};
pub use theme::Theme;

/// Where a checklist's item states and due dates come from (the progress store).
pub trait TaskInfo {
    /// The user's state of an item, or `None` to fall back to the `[x]` in the source.
    fn state(&self, item_id: &str) -> Option<TaskMark>;
    /// A due label such as "Mon 3 Mar" for an item, or `None` to show its offset ("week 2").
    fn due_label(&self, item_id: &str) -> Option<String>;
}

/// How a task is drawn: the renderer's view of a checklist item's state (which progress
/// owns; see `tui::reader_doc::ChecklistMarks` for the one bridge).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskMark {
    Todo,
    Done,
    Skipped,
}

impl TaskMark {
    const ALL: [TaskMark; 3] = [TaskMark::Todo, TaskMark::Done, TaskMark::Skipped];

    /// The glyph drawn before a task's text, with the space after it.
    pub fn glyph(self) -> &'static str {
        match self {
            TaskMark::Todo => "☐ ",
            TaskMark::Done => "☑ ",
            TaskMark::Skipped => "☒ ",
        }
    }

    /// The glyph's style in `theme`.
    pub fn style(self, theme: &Theme) -> ratatui::style::Style {
        match self {
            TaskMark::Todo => theme.task_todo,
            TaskMark::Done => theme.task_done,
            TaskMark::Skipped => theme.task_skipped,
        }
    }
}

/// Draws `mark` on a task's first line as [`Layout::render`] would, without laying the page
/// out again: only the glyph and its style depend on a task's state, so a tick in a list of
/// thousands costs one line. False when the line holds no task glyph.
pub fn restamp_task(line: &mut Line<'static>, mark: TaskMark, theme: &Theme) -> bool {
    let Some(span) = line
        .spans
        .iter_mut()
        .find(|s| TaskMark::ALL.iter().any(|m| s.content == m.glyph()))
    else {
        return false;
    };
    span.content = mark.glyph().into();
    span.style = mark.style(theme);
    true
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
    /// The placeholders drawn in it ([`placeholder::names`]), for telling a user what to fill
    /// in after copying; none in a block of markup.
    pub placeholders: Vec<String>,
}

/// One on-screen fragment of an inline code span outside a link (a span wrapped over two
/// lines has two), by the span's index in [`Layout::code_spans`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSpanPos {
    pub index: usize,
    pub line: usize,
    /// Columns `start_col..end_col` of the line, prefixes included.
    pub start_col: u16,
    pub end_col: u16,
}

/// A page wrapped to one width.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    pub headings: Vec<HeadingPos>,
    pub links: Vec<LinkPos>,
    pub tasks: Vec<TaskPos>,
    pub code_blocks: Vec<CodeBlockPos>,
    pub code_spans: Vec<CodeSpanPos>,
    pub footnotes: Vec<FootnotePos>,
    /// Where each block of the page (a paragraph, heading, list item, table ...) starts:
    /// (its 0-based line in the source, its index in `lines`), in drawing order. A place
    /// in the source, such as the line an anchor names, is found on screen through these.
    pub blocks: Vec<(usize, usize)>,
}

impl Rendered {
    /// The line of `lines` where the block holding source line `src_line` starts.
    pub fn line_of_source(&self, src_line: usize) -> Option<usize> {
        block_line(&self.blocks, src_line)
    }
}

/// Of `blocks` as [`Rendered::blocks`] holds them, the drawn line of the block that holds
/// source line `src_line`: the one starting nearest before or on it.
pub fn block_line(blocks: &[(usize, usize)], src_line: usize) -> Option<usize> {
    blocks
        .iter()
        .filter(|(src, _)| *src <= src_line)
        .max_by_key(|(src, line)| (*src, std::cmp::Reverse(*line)))
        .map(|(_, line)| *line)
}

/// A parsed page, independent of width.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The text of every piece of every leaf, one after the other.
    text: String,
    leaves: Vec<model::Leaf>,
    links: Vec<String>,
    code_spans: Vec<model::CodeSpan>,
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
        code_spans: built.code_spans,
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

    /// The inline code spans outside links, in page order: [`CodeSpanPos::index`] indexes it.
    pub fn code_spans(&self) -> &[CodeSpan] {
        &self.code_spans
    }

    /// Ids of the task items, in page order.
    pub fn task_ids(&self) -> impl Iterator<Item = &str> {
        self.tasks.iter().map(|t| t.item_id.as_str())
    }

    /// The text a reader sees outside code (code blocks and inline code left out), one leaf
    /// per line: what a check for template syntax left in a page looks at.
    pub fn prose_text(&self) -> String {
        let mut out = String::new();
        let mut push = |pieces: &[model::Piece]| {
            for p in pieces.iter().filter(|p| !p.sty.contains(model::Sty::CODE)) {
                out.push_str(p.str(&self.text).unwrap_or(" "));
            }
            out.push('\n');
        };
        for leaf in &self.leaves {
            match &leaf.body {
                model::Body::Para(p) | model::Body::Heading(_, p) | model::Body::Title(p) => {
                    push(p);
                }
                model::Body::Table { rows, .. } => {
                    for cell in rows.iter().flatten() {
                        push(cell);
                    }
                }
                model::Body::Code { .. } | model::Body::Rule => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct All(TaskMark);

    impl TaskInfo for All {
        fn state(&self, _: &str) -> Option<TaskMark> {
            Some(self.0)
        }

        fn due_label(&self, _: &str) -> Option<String> {
            Some("Mon 2 Mar".into())
        }
    }

    fn commands(markdown: &str) -> Vec<(String, bool)> {
        parse(markdown)
            .code_spans()
            .iter()
            .map(|s| (s.text.clone(), s.command))
            .collect()
    }

    #[test]
    fn a_code_span_alone_on_its_line_or_item_stands_as_a_command() {
        let page = "- List archive contents:\n\n`tar tf {{file.tar}}`\n\n\
                    1. `kubectl get pods`\n2. Then run `make` to build.\n\n\
                    Restart it:\n`systemctl restart web`\n\n\
                    A [`linked`](x.md) span, `one` and `two`, and:\n\n`a` `b`\n\n\
                    | `in a table` |\n| --- |\n| x |\n";
        assert_eq!(
            commands(page),
            [
                ("tar tf {{file.tar}}".into(), true),
                ("kubectl get pods".into(), true),
                ("make".into(), false),
                ("systemctl restart web".into(), true),
                ("one".into(), false),
                ("two".into(), false),
                ("a".into(), false),
                ("b".into(), false),
                ("in a table".into(), false),
            ]
        );
    }

    #[test]
    fn code_spans_are_found_where_drawn_even_when_they_wrap() {
        let page = parse("Run `alpha beta gamma delta` now.\n");
        let r = page.render(16, &RenderContext::default());
        let text: Vec<String> = r.lines.iter().map(ToString::to_string).collect();
        let drawn: Vec<String> = r
            .code_spans
            .iter()
            .map(|f| {
                let line: String = text[f.line].chars().collect();
                line.chars()
                    .skip(f.start_col.into())
                    .take(usize::from(f.end_col - f.start_col))
                    .collect()
            })
            .collect();
        assert_eq!(
            drawn.join(" ").split_whitespace().collect::<Vec<_>>(),
            ["alpha", "beta", "gamma", "delta"]
        );
        assert!(r.code_spans.len() > 1, "{text:?}");
        assert!(r.code_spans.iter().all(|f| f.index == 0));
    }

    #[test]
    fn placeholders_in_code_have_their_own_style() {
        let theme = Theme::default();
        let ctx = RenderContext {
            tasks: None,
            theme: theme.clone(),
        };
        let r =
            parse("`cp {{src}} <dest>`\n\n```sh\nssh <user>@host\n```\n\n```html\n<div>\n```\n")
                .render(40, &ctx);
        let styled: Vec<String> = r
            .lines
            .iter()
            .flat_map(|l| l.spans.iter())
            .filter(|s| {
                s.style
                    .add_modifier
                    .contains(ratatui::style::Modifier::ITALIC)
            })
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(styled, ["{{src}}", "<dest>", "<user>"]);
        assert_eq!(r.code_blocks[0].placeholders, ["<user>"]);
        assert!(r.code_blocks[1].placeholders.is_empty(), "markup has tags");
    }

    #[test]
    fn a_restamped_task_line_is_the_line_a_render_draws() {
        let page = parse(
            "- [ ] Top item {#a due=D1}\n  - [x] Nested, long enough to wrap onto a second line of text {#b}\n> - [ ] In a quote {#c}\n",
        );
        for theme in [Theme::default(), Theme::plain()] {
            for (from, to) in [
                (TaskMark::Todo, TaskMark::Done),
                (TaskMark::Done, TaskMark::Skipped),
                (TaskMark::Skipped, TaskMark::Todo),
            ] {
                let render = |mark| {
                    page.render(
                        30,
                        &RenderContext {
                            tasks: Some(&All(mark)),
                            theme: theme.clone(),
                        },
                    )
                };
                let mut before = render(from);
                let after = render(to);
                for task in &before.tasks.clone() {
                    assert!(restamp_task(&mut before.lines[task.line], to, &theme));
                }
                assert_eq!(before.lines, after.lines);
            }
        }
        let mut plain = Line::from("no task here");
        assert!(!restamp_task(&mut plain, TaskMark::Done, &Theme::default()));
    }
}
