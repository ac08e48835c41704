//! The page the reader shows, as wrapped terminal lines with the positions of its headings,
//! links, task items and code blocks, laid out by the render module with the user's marks.
//! Owns the cache of parsed pages, so a resize, a changed mark or a page opened again only
//! re-wraps; page parsing and wrapping stay in the render module.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;

use ratatui::text::Line;
use unicode_width::UnicodeWidthStr;

use super::action::Mark;
use super::theme::Theme;

use crate::content::Document;

/// A heading and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: usize,
}

/// A link, its number (1-based, as shown) and the line it is on. Footnote references with a
/// note come after the numbered links, so Tab reaches them and Enter jumps to the note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub text: String,
    pub target: String,
    pub line: usize,
    /// For a footnote reference, the line its note starts on: following it jumps there.
    pub note: Option<usize>,
}

/// A task item and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRef {
    pub item: String,
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

/// A fenced code block: its lines in the output and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A page laid out for one width.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub tasks: Vec<TaskRef>,
    pub code_blocks: Vec<CodeBlock>,
    pub footnotes: Vec<FootnoteRef>,
}

/// What the layout needs besides the page: marks and due labels of task items, the colours.
pub struct RenderContext<'a> {
    pub theme: &'a Theme,
    pub mark: &'a dyn Fn(&str) -> Option<Mark>,
    /// A due date to show for an item ("Tue 3 Mar"), when the start date is known.
    pub due: &'a dyn Fn(&str) -> Option<String>,
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
/// Parses only a page text not seen recently; otherwise it re-wraps the cached layout.
pub fn layout(body: &str, width: u16, ctx: &RenderContext) -> Rendered {
    let parsed = parsed(body);
    let marks = Marks(ctx);
    let render_ctx = crate::render::RenderContext {
        tasks: Some(&marks),
        theme: ctx.theme.page.clone(),
    };
    let r = parsed.render(width, &render_ctx);
    // The line each link is first drawn on, by number, in one pass: pages with thousands of
    // links would otherwise search the fragments once per link. With it, the text drawn for
    // each link, fragments joined when it wraps: the link confirmation compares it with the
    // real target.
    let mut first_line = vec![None; parsed.link_targets().len()];
    let mut drawn = vec![String::new(); parsed.link_targets().len()];
    for l in &r.links {
        let slot = (l.number as usize).wrapping_sub(1);
        if let Some(first) = first_line.get_mut(slot) {
            first.get_or_insert(l.line);
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
    let links = parsed
        .link_targets()
        .iter()
        .zip(first_line)
        .zip(drawn)
        .map(|((target, line), text)| LinkRef {
            text: if text.is_empty() {
                target.clone()
            } else {
                text
            },
            target: target.clone(),
            line: line.unwrap_or(0),
            note: None,
        })
        .chain(r.footnotes.iter().filter_map(|f| {
            f.definition.map(|definition| LinkRef {
                text: format!("note {}", f.label),
                target: format!("#^{}", f.label),
                line: f.line,
                note: Some(definition),
            })
        }))
        .collect();
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
                item: t.item_id,
                line: t.line,
            })
            .collect(),
        code_blocks: r
            .code_blocks
            .into_iter()
            .map(|c| CodeBlock {
                start: c.first_line,
                end: c.last_line,
                text: c.text,
            })
            .collect(),
        footnotes: r
            .footnotes
            .into_iter()
            .map(|f| FootnoteRef {
                label: f.label,
                line: f.line,
                definition: f.definition,
            })
            .collect(),
        lines: r.lines,
    }
}

/// The app's marks, as the render module asks for them.
struct Marks<'a, 'b>(&'a RenderContext<'b>);

impl crate::render::TaskInfo for Marks<'_, '_> {
    fn state(&self, item_id: &str) -> Option<crate::render::TaskMark> {
        Some(match (self.0.mark)(item_id) {
            Some(Mark::Done) => crate::render::TaskMark::Done,
            Some(Mark::Skipped) => crate::render::TaskMark::Skipped,
            None => crate::render::TaskMark::Todo,
        })
    }

    fn due_label(&self, item_id: &str) -> Option<String> {
        (self.0.due)(item_id)
    }
}

/// Replaces `[text](target)` with `text[n]`, recording each link, and drops emphasis marks.
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

fn number_links(text: &str, links: &mut Vec<LinkRef>, line: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let parsed = after.find("](").and_then(|close| {
            let target_part = &after[close + 2..];
            target_part.find(')').map(|end| {
                (
                    &after[..close],
                    &target_part[..end],
                    &target_part[end + 1..],
                )
            })
        });
        match parsed {
            Some((label, target, tail)) if !label.contains('[') => {
                out.push_str(&strip_marks(&rest[..open]));
                links.push(LinkRef {
                    text: strip_marks(label),
                    target: target.trim().to_string(),
                    line,
                    note: None,
                });
                out.push_str(&strip_marks(label));
                let _ = write!(out, "[{}]", links.len());
                rest = tail;
            }
            _ => {
                out.push_str(&strip_marks(&rest[..=open]));
                rest = after;
            }
        }
    }
    out.push_str(&strip_marks(rest));
    out
}

fn strip_marks(text: &str) -> String {
    text.replace("**", "").replace('`', "")
}

/// Inline Markdown as plain text: link text without its target, no emphasis marks.
pub fn plain_inline(text: &str) -> String {
    let mut sink = Vec::new();
    let numbered = number_links(text, &mut sink, 0);
    // Drop the `[n]` markers again: plain text has no links to follow.
    let mut out = numbered;
    for n in (1..=sink.len()).rev() {
        out = out.replacen(&format!("[{n}]"), "", 1);
    }
    out
}

/// Tabs to spaces at 4-column stops: terminals and ratatui drop tab characters.
pub fn expand_tabs(text: &str) -> String {
    if !text.contains('\t') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut col = 0;
    for c in text.chars() {
        if c == '\t' {
            let n = 4 - col % 4;
            out.push_str(&" ".repeat(n));
            col += n;
        } else {
            out.push(c);
            col += UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str);
        }
    }
    out
}

/// Greedy word wrap by display width; words longer than the width are split.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut used = 0;
    for word in text.split(' ') {
        let w = word.width();
        if used > 0 && used + 1 + w > width {
            lines.push(std::mem::take(&mut current));
            used = 0;
        }
        if used > 0 {
            current.push(' ');
            used += 1;
        }
        if w > width {
            for c in word.chars() {
                let cw = UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str);
                if used + cw > width {
                    lines.push(std::mem::take(&mut current));
                    used = 0;
                }
                current.push(c);
                used += cw;
            }
        } else {
            current.push_str(word);
            used += w;
        }
    }
    lines.push(current);
    lines
}

/// The page body the reader lays out: the document's own, and for a person, the pages they
/// own and the notes that mention them, as links the reader can follow.
pub fn page_body(doc: &Document, library: &crate::content::Library) -> String {
    let mut body = doc.body.clone();
    if doc.kind != crate::content::Kind::Person {
        return body;
    }
    let owned: Vec<_> = library
        .docs()
        .iter()
        .filter(|d| d.owner.as_deref() == Some(doc.id.as_str()))
        .collect();
    let first_name = doc.title.split_whitespace().next().unwrap_or(&doc.title);
    let file = doc.path.rsplit('/').next().unwrap_or(&doc.path);
    let mentions: Vec<_> = library
        .of_kind(crate::content::Kind::Note)
        .filter(|n| n.body.contains(file) || n.body.contains(doc.title.as_str()))
        .collect();
    if !owned.is_empty() {
        let _ = writeln!(body, "\n\n## Pages {first_name} owns");
        for d in owned {
            let _ = writeln!(body, "- [{}]({})", d.title, d.id);
        }
    }
    if !mentions.is_empty() {
        let _ = writeln!(body, "\n\n## Notes that mention {first_name}");
        for d in mentions {
            let _ = writeln!(body, "- [{}]({})", d.title, d.id);
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn render(body: &str, width: u16) -> Rendered {
        let theme = Theme::mono();
        let ctx = RenderContext {
            theme: &theme,
            mark: &|id| (id == "done").then_some(Mark::Done),
            due: &|_| None,
        };
        layout(body, width, &ctx)
    }

    fn text(r: &Rendered) -> Vec<String> {
        r.lines.iter().map(ToString::to_string).collect()
    }

    #[rstest]
    #[case("a\tb", "a   b")]
    #[case("\tx", "    x")]
    #[case("abcd\te", "abcd    e")]
    fn tabs_expand_to_stops(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(expand_tabs(input), expected);
    }

    #[rstest]
    #[case("one two three", 7, vec!["one two", "three"])]
    #[case("abcdefghij", 4, vec!["abcd", "efgh", "ij"])]
    #[case("", 5, vec![""])]
    fn wraps_by_width(#[case] input: &str, #[case] width: usize, #[case] expected: Vec<&str>) {
        assert_eq!(wrap(input, width), expected);
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
        let theme = Theme::mono();
        let unmarked = layout(
            body,
            20,
            &RenderContext {
                theme: &theme,
                mark: &|_| None,
                due: &|_| None,
            },
        );
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
        assert_eq!(r.code_blocks.len(), 1);
        assert_eq!(r.code_blocks[0].text, "fn main() {\n\tx();\n}");
    }
}
