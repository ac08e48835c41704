//! The page the reader shows, as wrapped terminal lines with the positions of its headings,
//! links, task items and commands, laid out by the render module with the checklist's
//! states from progress ([`ChecklistMarks`], which `onramp show` draws with too). Owns the
//! cache of parsed pages, so a resize, a new tick or a page opened again only re-wraps; page
//! parsing and wrapping stay in the render module, and so does what a code block, a code
//! span standing as a command and a placeholder are.
//!
//! The focus ring ([`Rendered::focus`]) is every link and command in page order, as a
//! browser's Tab order: one list, so Tab and Shift-Tab, the marking and a click agree.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::NaiveDate;
use ratatui::text::Line;

use super::theme::Theme;

use crate::progress::{Checklist, ItemState, Progress};
use crate::render::{TaskInfo, TaskMark};

/// A heading and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: usize,
}

/// Where on a line part of a link or a command is drawn: columns `start..end` of line
/// `line`, prefixes included (as the render module records them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fragment {
    pub line: usize,
    pub start: u16,
    pub end: u16,
}

impl Fragment {
    fn contains(self, line: usize, col: u16) -> bool {
        self.line == line && (self.start..self.end).contains(&col)
    }
}

/// A link, its number (1-based, as shown) and where it is drawn. Footnote references with a
/// note come after the numbered links; Enter on one jumps to the note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub text: String,
    pub target: String,
    /// The line it starts on.
    pub line: usize,
    /// Its pieces on screen, in order; empty for a link that is not drawn.
    pub fragments: Vec<Fragment>,
    /// For a footnote reference, the line its note starts on: following it jumps there.
    pub note: Option<usize>,
}

/// Something the reader copies: a code block, or an inline code span that stands as a
/// command (the render module decides which do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The source text (controls already replaced by visible placeholders).
    pub text: String,
    /// `{{file}}`, `<account>`: what to fill in, as the render module found them.
    pub placeholders: Vec<String>,
    /// The lines it takes on screen (a block's text, without its frame).
    pub first_line: usize,
    pub last_line: usize,
    /// Where a span is drawn; empty for a block, which takes its lines whole.
    pub fragments: Vec<Fragment>,
}

impl Command {
    pub fn is_block(&self) -> bool {
        self.fragments.is_empty()
    }

    fn contains(&self, line: usize, col: u16) -> bool {
        if self.is_block() {
            (self.first_line..=self.last_line).contains(&line)
        } else {
            self.fragments.iter().any(|f| f.contains(line, col))
        }
    }
}

/// One stop of the focus ring: a link or a command, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// An index into [`Rendered::links`].
    Link(usize),
    /// An index into [`Rendered::commands`].
    Command(usize),
}

/// A task item and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRef {
    pub item_id: String,
    pub line: usize,
}

/// A footnote reference (`[^label]`), the line it is on and the line its definition starts
/// on, so the reader can jump to the note like it follows a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteRef {
    pub label: String,
    pub line: usize,
    pub definition: Option<usize>,
}

/// A page laid out for one width.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub tasks: Vec<TaskRef>,
    /// Code blocks and commands written as code spans, in page order.
    pub commands: Vec<Command>,
    /// Every link drawn and every command, in the order they are drawn (by line, then
    /// column): what Tab and Shift-Tab walk.
    pub focus: Vec<Focus>,
    pub footnotes: Vec<FootnoteRef>,
    /// (0-based source line, index in `lines`) where each block of the page starts.
    pub blocks: Vec<(usize, usize)>,
}

impl Rendered {
    /// The line where the block holding source line `src_line` starts (see
    /// [`crate::render::Rendered::line_of_source`]).
    pub fn line_of_source(&self, src_line: usize) -> Option<usize> {
        crate::render::block_line(&self.blocks, src_line)
    }
}

impl Rendered {
    /// The lines focus stop `i` takes, first and last.
    pub fn focus_lines(&self, i: usize) -> Option<(usize, usize)> {
        match *self.focus.get(i)? {
            Focus::Link(l) => {
                let link = self.links.get(l)?;
                let last = link.fragments.last().map_or(link.line, |f| f.line);
                Some((link.line, last))
            }
            Focus::Command(c) => {
                let c = self.commands.get(c)?;
                Some((c.first_line, c.last_line))
            }
        }
    }

    /// Where focus stop `i` is drawn: its fragments, or a block's lines whole (`None` columns).
    pub fn focus_fragments(&self, i: usize) -> Vec<(usize, Option<(u16, u16)>)> {
        let fragments = |f: &[Fragment]| -> Vec<(usize, Option<(u16, u16)>)> {
            f.iter().map(|f| (f.line, Some((f.start, f.end)))).collect()
        };
        match self.focus.get(i) {
            Some(Focus::Link(l)) => self
                .links
                .get(*l)
                .map_or_else(Vec::new, |l| fragments(&l.fragments)),
            Some(Focus::Command(c)) => match self.commands.get(*c) {
                Some(c) if c.is_block() => {
                    (c.first_line..=c.last_line).map(|l| (l, None)).collect()
                }
                Some(c) => fragments(&c.fragments),
                None => Vec::new(),
            },
            None => Vec::new(),
        }
    }

    /// The focus stop drawn at column `col` of line `line` (a click), if any.
    pub fn focus_at(&self, line: usize, col: u16) -> Option<usize> {
        self.focus.iter().position(|f| match *f {
            Focus::Link(l) => self.links[l]
                .fragments
                .iter()
                .any(|f| f.contains(line, col)),
            Focus::Command(c) => self.commands[c].contains(line, col),
        })
    }

    /// The focus stop of command `c`.
    pub fn focus_of_command(&self, c: usize) -> Option<usize> {
        self.focus.iter().position(|f| *f == Focus::Command(c))
    }

    /// The focus stop of link `l`.
    pub fn focus_of_link(&self, l: usize) -> Option<usize> {
        self.focus.iter().position(|f| *f == Focus::Link(l))
    }
}

/// A checklist's item states and due dates as progress has them, for drawing its tasks: the
/// one bridge between progress's states and the renderer's marks, for the reader, the search
/// preview and `onramp show` alike.
pub struct ChecklistMarks<'a> {
    checklist: &'a Checklist,
    progress: &'a Progress,
    today: NaiveDate,
    /// The language of the page drawn (a translation's, not its original's).
    lang: &'a str,
}

impl<'a> ChecklistMarks<'a> {
    /// The marks of `checklist`'s items on a page written in `lang`.
    pub fn new(
        checklist: &'a Checklist,
        progress: &'a Progress,
        today: NaiveDate,
        lang: &'a str,
    ) -> Self {
        ChecklistMarks {
            checklist,
            progress,
            today,
            lang,
        }
    }
}

impl TaskInfo for ChecklistMarks<'_> {
    fn state(&self, item_id: &str) -> Option<TaskMark> {
        let item = self.checklist.item(item_id)?;
        Some(match self.checklist.state_of(self.progress, item) {
            ItemState::Todo => TaskMark::Todo,
            ItemState::Done => TaskMark::Done,
            ItemState::Skipped { .. } => TaskMark::Skipped,
        })
    }

    fn due_label(&self, item_id: &str) -> Option<String> {
        let item = self.checklist.item(item_id)?;
        let date = self
            .checklist
            .due_of(self.progress, item, self.today)?
            .date()?;
        Some(crate::content::lang::short_date(
            date, self.lang, self.today,
        ))
    }
}

/// Pages parsed most recently, newest last. A page's layout does not depend on the width or
/// the marks, so it is parsed once and only wrapped again; the key is the page text itself,
/// so an edited page is parsed afresh.
const CACHED_PAGES: usize = 4;

thread_local! {
    static PARSED: RefCell<Vec<(Rc<str>, Rc<crate::render::Layout>)>> =
        const { RefCell::new(Vec::new()) };
    #[cfg(test)]
    static PARSES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The parsed layout of `body`, from the cache when this page text was parsed before.
fn parsed(body: &str) -> Rc<crate::render::Layout> {
    PARSED.with_borrow_mut(|cache| {
        if let Some(i) = cache.iter().position(|(text, _)| **text == *body) {
            let entry = cache.remove(i);
            let layout = Rc::clone(&entry.1);
            cache.push(entry);
            return layout;
        }
        #[cfg(test)]
        PARSES.set(PARSES.get() + 1);
        let layout = Rc::new(crate::render::parse(body));
        if cache.len() >= CACHED_PAGES {
            cache.remove(0);
        }
        cache.push((body.into(), Rc::clone(&layout)));
        layout
    })
}

/// Lays out `body` (the page's Markdown) at `width` columns with the render module, and
/// keeps what the reader needs: one link per reference number, so link `n` is `links[n-1]`.
/// `tasks` gives a checklist's states; without it tasks show as written. Parses only a page
/// text not seen recently; otherwise it re-wraps the cached layout.
pub fn layout(body: &str, width: u16, theme: &Theme, tasks: Option<&dyn TaskInfo>) -> Rendered {
    let parsed = parsed(body);
    let render_ctx = crate::render::RenderContext {
        tasks,
        theme: theme.page.clone(),
    };
    let r = parsed.render(width, &render_ctx);
    // Where each link is drawn, by number, in one pass: pages with thousands of links would
    // otherwise search the fragments once per link. With it, the text drawn for each link,
    // fragments joined when it wraps: the link confirmation compares it with the real target.
    let mut fragments: Vec<Vec<Fragment>> = vec![Vec::new(); parsed.link_targets().len()];
    let mut drawn = vec![String::new(); parsed.link_targets().len()];
    for l in &r.links {
        let slot = (l.number as usize).wrapping_sub(1);
        if let Some(f) = fragments.get_mut(slot) {
            f.push(Fragment {
                line: l.line,
                start: l.start_col,
                end: l.end_col,
            });
        }
        if let (Some(text), Some(line)) = (drawn.get_mut(slot), r.lines.get(l.line)) {
            let piece = columns(line, l.start_col, l.end_col);
            let marker = format!("[{}]", l.number);
            let piece = piece.trim();
            let piece = piece.strip_suffix(marker.as_str()).unwrap_or(piece);
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(piece);
        }
    }
    let links: Vec<LinkRef> = parsed
        .link_targets()
        .iter()
        .zip(fragments)
        .zip(drawn)
        .map(|((target, fragments), text)| LinkRef {
            text: if text.is_empty() {
                target.clone()
            } else {
                text
            },
            target: target.clone(),
            line: fragments.first().map_or(0, |f| f.line),
            fragments,
            note: None,
        })
        .chain(r.footnotes.iter().filter_map(|f| {
            f.definition.map(|definition| LinkRef {
                text: format!("note {}", f.label),
                target: format!("#^{}", f.label),
                line: f.line,
                fragments: vec![Fragment {
                    line: f.line,
                    start: f.start_col,
                    end: f.end_col,
                }],
                note: Some(definition),
            })
        }))
        .collect();
    let commands = commands(&parsed, &r);
    let focus = focus_ring(&links, &commands);
    Rendered {
        headings: r
            .headings
            .into_iter()
            .map(|h| Heading {
                level: h.level,
                text: h.text,
                line: h.line,
            })
            .collect(),
        links,
        tasks: r
            .tasks
            .into_iter()
            .map(|t| TaskRef {
                item_id: t.item_id,
                line: t.line,
            })
            .collect(),
        commands,
        focus,
        footnotes: r
            .footnotes
            .into_iter()
            .map(|f| FootnoteRef {
                label: f.label,
                line: f.line,
                definition: f.definition,
            })
            .collect(),
        blocks: r.blocks,
        lines: r.lines,
    }
}

/// The page's commands in the order they are drawn: its code blocks, and the code spans the
/// render module found standing as commands, each with where it is drawn.
fn commands(parsed: &crate::render::Layout, r: &crate::render::Rendered) -> Vec<Command> {
    let spans = parsed.code_spans();
    let mut by_span: Vec<Option<Command>> = vec![None; spans.len()];
    for f in &r.code_spans {
        let Some(span) = spans.get(f.index).filter(|s| s.command) else {
            continue;
        };
        let fragment = Fragment {
            line: f.line,
            start: f.start_col,
            end: f.end_col,
        };
        let command = by_span[f.index].get_or_insert_with(|| Command {
            text: span.text.clone(),
            placeholders: crate::render::placeholder::names(&span.text),
            first_line: f.line,
            last_line: f.line,
            fragments: Vec::new(),
        });
        command.last_line = f.line;
        command.fragments.push(fragment);
    }
    let mut out: Vec<Command> = r
        .code_blocks
        .iter()
        .map(|b| Command {
            text: b.text.clone(),
            placeholders: b.placeholders.clone(),
            first_line: b.first_line,
            last_line: b.last_line,
            fragments: Vec::new(),
        })
        .chain(by_span.into_iter().flatten())
        .collect();
    out.sort_by_key(|c| (c.first_line, c.fragments.first().map_or(0, |f| f.start)));
    out
}

/// Links and commands in the order they are drawn, by line and then column.
fn focus_ring(links: &[LinkRef], commands: &[Command]) -> Vec<Focus> {
    let mut ring: Vec<(usize, u16, Focus)> = links
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let first = l.fragments.first()?;
            Some((first.line, first.start, Focus::Link(i)))
        })
        .chain(commands.iter().enumerate().map(|(i, c)| {
            let col = c.fragments.first().map_or(0, |f| f.start);
            (c.first_line, col, Focus::Command(i))
        }))
        .collect();
    ring.sort_by_key(|&(line, col, _)| (line, col));
    ring.into_iter().map(|(_, _, f)| f).collect()
}

/// The characters of `line` drawn in columns `start..end`.
fn columns(line: &Line<'_>, start: u16, end: u16) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut col = 0usize;
    for c in line.spans.iter().flat_map(|s| s.content.chars()) {
        if col >= usize::from(end) {
            break;
        }
        if col >= usize::from(start) {
            out.push(c);
        }
        col += c.width().unwrap_or(0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Item `done` is done, the rest as written.
    struct DoneOne;

    impl TaskInfo for DoneOne {
        fn state(&self, item_id: &str) -> Option<TaskMark> {
            (item_id == "done").then_some(TaskMark::Done)
        }

        fn due_label(&self, _: &str) -> Option<String> {
            None
        }
    }

    fn render(body: &str, width: u16) -> Rendered {
        layout(body, width, &Theme::mono(), Some(&DoneOne))
    }

    fn text(r: &Rendered) -> Vec<String> {
        r.lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_link_keeps_the_text_drawn_for_it_even_when_it_wraps() {
        let r = render(
            "Ask [the on-call lead for the payments team](https://pay.example/lead) or [me](x.md).",
            30,
        );
        let texts: Vec<&str> = r.links.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            ["the on-call lead for the payments team", "me"],
            "{:?}",
            text(&r)
        );
        assert_eq!(r.links[0].target, "https://pay.example/lead");
    }

    #[test]
    fn links_headings_and_tasks_are_recorded() {
        let r = render(
            "# Title\n\nSee [the guide](../guides/x.md) and [Bob](people/bob).\n\n## Tasks\n- [ ] Do it {#done due=D1}\n- [ ] Later {#later}\n",
            40,
        );
        assert_eq!(r.headings.len(), 2);
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[1].target, "people/bob");
        assert_eq!(r.tasks.len(), 2);
        let lines = text(&r);
        assert!(
            lines.iter().any(|l| l.contains("the guide[1]")),
            "{lines:?}"
        );
        assert_eq!(lines[r.tasks[0].line], "☑ Do it (day 1)");
        assert_eq!(lines[r.tasks[1].line], "☐ Later");
    }

    #[test]
    fn control_characters_are_visible_not_live() {
        let r = render("evil \x1b[2J text\tand \u{202E}", 80);
        let all = text(&r).join("\n");
        assert!(!all.contains('\x1b') && !all.contains('\t') && !all.contains('\u{202E}'));
        assert!(all.contains('\u{241B}'));
    }

    #[test]
    fn resizing_and_marking_rewrap_the_cached_layout_without_parsing_again() {
        let body = "# Resize\n\nA paragraph long enough to wrap differently at each width.\n\n- [ ] Do it {#done}\n";
        let before = PARSES.get();
        let wide = render(body, 80);
        let narrow = render(body, 20);
        let unmarked = layout(body, 20, &Theme::mono(), None);
        assert_eq!(PARSES.get(), before + 1);
        assert!(narrow.lines.len() > wide.lines.len());
        assert_eq!(text(&narrow)[narrow.tasks[0].line], "☑ Do it");
        assert_eq!(text(&unmarked)[unmarked.tasks[0].line], "☐ Do it");
        render("# Edited\n", 80);
        assert_eq!(PARSES.get(), before + 2);
    }

    #[test]
    fn the_cache_keeps_only_the_recent_pages() {
        for i in 0..CACHED_PAGES + 3 {
            render(&format!("page {i}"), 40);
        }
        assert_eq!(PARSED.with_borrow(Vec::len), CACHED_PAGES);
        let before = PARSES.get();
        render(&format!("page {}", CACHED_PAGES + 2), 30);
        render("page 0", 30);
        assert_eq!(PARSES.get(), before + 1);
    }

    #[test]
    fn footnote_references_know_where_their_note_is() {
        let r = render("Claim[^1].\n\n[^1]: The note.\n", 40);
        assert_eq!(r.footnotes.len(), 1);
        let note = &r.footnotes[0];
        assert_eq!((note.label.as_str(), note.line), ("1", 0));
        assert_eq!(text(&r)[note.definition.unwrap()], "[^1] The note.");
    }

    #[test]
    fn code_blocks_keep_their_shape() {
        let r = render("```\nfn main() {\n\tx();\n}\n```\n", 80);
        assert_eq!(r.commands.len(), 1);
        assert_eq!(r.commands[0].text, "fn main() {\n\tx();\n}");
        assert!(r.commands[0].is_block());
    }

    /// What each stop of the focus ring is: a link's target or a command's text.
    fn ring(r: &Rendered) -> Vec<String> {
        r.focus
            .iter()
            .map(|f| match *f {
                Focus::Link(l) => format!("link {}", r.links[l].target),
                Focus::Command(c) => format!("command {}", r.commands[c].text),
            })
            .collect()
    }

    #[test]
    fn the_focus_ring_is_every_link_and_command_in_the_order_drawn() {
        let r = render(
            "# tar\n\n> More information: <https://example.org/tar>.\n\n\
             - Create an archive:\n\n`tar cf {{target.tar}} {{file}}`\n\n\
             - Extract it, see [the guide](guide.md) and `man tar`:\n\n`tar xf {{source.tar}}`\n\n\
             ```sh\nls -la\n```\n",
            80,
        );
        assert_eq!(
            ring(&r),
            [
                "link https://example.org/tar",
                "command tar cf {{target.tar}} {{file}}",
                "link guide.md",
                "command tar xf {{source.tar}}",
                "command ls -la",
            ]
        );
        assert_eq!(r.commands[0].placeholders, ["{{target.tar}}", "{{file}}"]);
        let text = text(&r);
        // A click on a command's text finds it; on the prose around it, nothing.
        let line = text.iter().position(|l| l.starts_with("tar cf")).unwrap();
        assert_eq!(r.focus_at(line, 2), Some(1));
        assert_eq!(r.focus_at(line + 1, 2), None);
        let (first, last) = r.focus_lines(4).unwrap();
        assert_eq!(text[first], "│ ls -la");
        assert_eq!(first, last);
    }
}
