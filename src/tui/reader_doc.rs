//! The page the reader shows, as wrapped terminal lines with the positions of its headings,
//! links, task items and code blocks. This is a plain-text stand-in with the shape of
//! `render::Rendered`: sanitised, tabs expanded, wrapped to the width, with `[text](target)`
//! links numbered and task items drawn with the user's marks. It never interprets anything
//! else of Markdown; the render module replaces [`layout`] and keeps the shape.

use std::fmt::Write as _;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::action::Mark;
use super::theme::Theme;
use crate::content::checklist;
use crate::content::{Document, term_safe};

/// A heading and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: usize,
}

/// A link, its number (1-based, as shown) and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub text: String,
    pub target: String,
    pub line: usize,
}

/// A task item and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRef {
    pub item: String,
    pub line: usize,
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
}

/// What the layout needs besides the page: marks of task items and the colours.
pub struct RenderContext<'a> {
    pub theme: &'a Theme,
    pub mark: &'a dyn Fn(&str) -> Option<Mark>,
}

/// Lays out `body` (the page's Markdown) at `width` columns.
pub fn layout(body: &str, width: u16, ctx: &RenderContext) -> Rendered {
    let width = usize::from(width.max(10));
    let safe = term_safe(body);
    let mut out = Rendered::default();
    let mut fence: Option<(String, usize)> = None;
    let mut code = String::new();
    let (items, _) = checklist::items(body);
    for (index, raw) in safe.lines().enumerate() {
        let line_no = index + 1;
        let expanded = expand_tabs(raw);
        let trimmed = expanded.trim_start();
        if let Some((marker, start)) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                out.code_blocks.push(CodeBlock {
                    start: *start,
                    end: out.lines.len(),
                    text: std::mem::take(&mut code),
                });
                fence = None;
                continue;
            }
            code.push_str(&expanded);
            code.push('\n');
            // Code is cut, not wrapped, so it keeps its shape; the reader scrolls it.
            let cut = cut_to_width(&format!("  {expanded}"), width);
            out.lines
                .push(Line::from(Span::styled(cut, ctx.theme.code)));
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed.chars().take(3).collect();
            fence = Some((marker, out.lines.len()));
            continue;
        }
        if let Some((level, text)) = heading(trimmed) {
            if !out.lines.is_empty() {
                out.lines.push(Line::default());
            }
            let text = plain_inline(text);
            out.headings.push(Heading {
                level,
                text: text.clone(),
                line: out.lines.len(),
            });
            let style = if level == 1 {
                ctx.theme.title
            } else {
                ctx.theme.heading
            };
            for piece in wrap(&text, width) {
                out.lines.push(Line::from(Span::styled(piece, style)));
            }
            continue;
        }
        let task = items.iter().find(|i| i.line == line_no);
        let (prefix, rest, style) = match task {
            Some(item) => {
                let indent = " ".repeat(item.depth * 2);
                let (box_, style) = match (ctx.mark)(&item.id) {
                    Some(Mark::Done) => ("[x] ", ctx.theme.done),
                    Some(Mark::Skipped) => ("[-] ", ctx.theme.dim),
                    None => ("[ ] ", Style::new()),
                };
                let mut text = item.text.clone();
                if let Some(due) = item.due {
                    let _ = write!(text, "  ({})", due.label());
                }
                out.tasks.push(TaskRef {
                    item: item.id.clone(),
                    line: out.lines.len(),
                });
                (
                    format!("{indent}{box_}"),
                    term_safe(&text).into_owned(),
                    style,
                )
            }
            None => match list_marker(&expanded) {
                Some((indent, rest)) => (format!("{indent}• "), rest.to_string(), Style::new()),
                None => (String::new(), expanded.clone(), Style::new()),
            },
        };
        let text = number_links(&rest, &mut out.links, out.lines.len());
        let hang = " ".repeat(prefix.width());
        for (i, piece) in wrap(&text, width.saturating_sub(hang.width()).max(8))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 { prefix.clone() } else { hang.clone() };
            out.lines
                .push(Line::from(Span::styled(format!("{lead}{piece}"), style)));
        }
    }
    out
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        Some((hashes as u8, line[hashes..].trim()))
    } else {
        None
    }
}

fn list_marker(line: &str) -> Option<(&str, &str)> {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    ["- ", "* ", "+ "]
        .iter()
        .find_map(|m| body.strip_prefix(m))
        .map(|rest| (indent, rest))
}

/// Replaces `[text](target)` with `text[n]`, recording each link, and drops emphasis marks.
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

fn cut_to_width(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
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
        assert_eq!(lines[r.tasks[0].line], "[x] Do it  (day 1)");
        assert_eq!(lines[r.tasks[1].line], "[ ] Later");
    }

    #[test]
    fn control_characters_are_visible_not_live() {
        let r = render("evil \x1b[2J text\tand \u{202E}", 80);
        let all = text(&r).join("\n");
        assert!(!all.contains('\x1b') && !all.contains('\t') && !all.contains('\u{202E}'));
        assert!(all.contains('\u{241B}'));
    }

    #[test]
    fn code_blocks_keep_their_shape() {
        let r = render("```\nfn main() {\n\tx();\n}\n```\n", 80);
        assert_eq!(r.code_blocks.len(), 1);
        assert_eq!(r.code_blocks[0].text, "fn main() {\n    x();\n}\n");
    }
}
