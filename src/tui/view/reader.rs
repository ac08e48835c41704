//! The reader: the page's lines from the scroll position, the marked link or command (its
//! columns, or a code block's lines, drawn reversed), the selected task, find matches, and
//! the table of contents.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Clear, List, ListItem, ListState, Padding, Paragraph, StatefulWidget, Widget,
};

use std::fmt::Write as _;

use super::centered;
use crate::content::term_safe_inline;
use crate::tui::app::App;
use crate::tui::layout::page_area;
use crate::tui::reader::ReaderState;
use crate::tui::reader_doc::Focus;

pub fn render(app: &App, state: &ReaderState, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let (_, height) = page_area(app.size());
    let lines = &state.rendered.lines;
    let scroll = state.scroll.min(lines.len().saturating_sub(1));
    let marked = state
        .focus
        .map(|f| state.rendered.focus_fragments(f))
        .unwrap_or_default();
    let task_line = state
        .visible_task(height)
        .map(|t| state.rendered.tasks[t].line);
    let gutter = state.task.is_some();
    let (found, current) = state
        .find
        .as_ref()
        .filter(|f| !f.typing)
        .map_or((&[][..], None), |f| {
            // A search's marks are all alike: there is no current one to step from.
            let current = f.current_match().filter(|_| !f.from_a_search());
            (&f.matches[..], current)
        });
    let visible: Vec<Line> = lines
        .iter()
        .enumerate()
        .skip(scroll)
        .take(height)
        .map(|(i, line)| {
            let mut line = line.clone();
            for (_, columns) in marked.iter().filter(|(l, _)| *l == i) {
                match *columns {
                    Some((start, end)) => patch_columns(&mut line, start, end, theme.selected),
                    None => line = line.patch_style(theme.selected),
                }
            }
            // Matches are few per line; the page's matches are in line order.
            let from = found.partition_point(|m| m.line < i);
            for m in found[from..].iter().take_while(|m| m.line == i) {
                let style = if Some(*m) == current {
                    theme.current
                } else {
                    theme.highlight
                };
                patch_columns(&mut line, m.start, m.end, style);
            }
            if Some(i) == task_line {
                line.spans.insert(0, Span::styled("›", theme.accent));
            } else if gutter {
                line.spans.insert(0, Span::raw(" "));
            }
            line
        })
        .collect();
    let title = app
        .library()
        .get(&state.id)
        .map(|d| d.display_title().into_owned())
        .unwrap_or_default();
    let position = if lines.len() <= height {
        "all".to_string()
    } else {
        format!(
            "{}%",
            (scroll + height).min(lines.len()) * 100 / lines.len()
        )
    };
    let mut footer = format!(" {position} ");
    let numbered = state
        .rendered
        .links
        .iter()
        .filter(|l| l.note.is_none())
        .count();
    if numbered > 0 {
        let _ = write!(
            footer,
            "· {} ",
            crate::words::count(numbered, "link", "links")
        );
    }
    let commands = state.rendered.commands.len();
    if commands > 0 {
        let _ = write!(
            footer,
            "· {commands} command{} ",
            if commands == 1 { "" } else { "s" }
        );
    }
    match state.focus.and_then(|f| state.rendered.focus.get(f)) {
        Some(&Focus::Link(i)) => {
            let l = &state.rendered.links[i];
            footer = if l.note.is_some() {
                format!(" → {} {footer}", term_safe_inline(&l.text))
            } else {
                format!(" → [{}] {} {footer}", i + 1, term_safe_inline(&l.target))
            };
        }
        Some(&Focus::Command(c)) => {
            let first = state.rendered.commands[c].text.lines().next().unwrap_or("");
            let first: String = first.trim().chars().take(30).collect();
            footer = format!(" → {} · y copies {footer}", term_safe_inline(&first));
        }
        None => {}
    }
    if let Some(n) = state.number {
        footer = format!(" link {n}… {footer}");
    }
    if let Some(f) = state.find.as_ref().filter(|f| !f.typing) {
        let _ = if f.matches.is_empty() {
            write!(footer, "· “{}” not found ", term_safe_inline(&f.query))
        } else if f.from_a_search() {
            write!(
                footer,
                "· “{}” {} ",
                term_safe_inline(&f.query),
                crate::words::count(f.matches.len(), "match", "matches")
            )
        } else {
            write!(
                footer,
                "· “{}” {} of {} ",
                term_safe_inline(&f.query),
                f.current + 1,
                crate::words::count(f.matches.len(), "match", "matches")
            )
        };
    }
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} "), theme.title))
        .title_bottom(Line::from(footer).right_aligned())
        .padding(Padding::horizontal(1));
    Paragraph::new(visible).block(block).render(area, buf);
    if let Some(selected) = state.toc {
        toc(app, state, selected, area, buf);
    }
}

/// Patches `style` onto columns `start..end` of `line`, splitting spans where needed.
fn patch_columns(line: &mut Line<'static>, start: u16, end: u16, style: ratatui::style::Style) {
    use unicode_width::UnicodeWidthChar;
    let (start, end) = (usize::from(start), usize::from(end));
    let mut spans = Vec::with_capacity(line.spans.len() + 2);
    let mut col = 0usize;
    for span in line.spans.drain(..) {
        // Split the span into its parts before, inside and after the columns.
        let mut parts: [String; 3] = Default::default();
        for c in span.content.chars() {
            let part = if col < start {
                0
            } else if col < end {
                1
            } else {
                2
            };
            parts[part].push(c);
            col += c.width().unwrap_or(0);
        }
        for (i, text) in parts.into_iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let s = if i == 1 {
                span.style.patch(style)
            } else {
                span.style
            };
            spans.push(Span::styled(text, s));
        }
    }
    line.spans = spans;
}

fn toc(app: &App, state: &ReaderState, selected: usize, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let headings = &state.rendered.headings;
    let popup = centered(area, 60, (headings.len() as u16).saturating_add(2));
    Clear.render(popup, buf);
    let items: Vec<ListItem> = headings
        .iter()
        .map(|h| {
            let indent = "  ".repeat(usize::from(h.level.saturating_sub(1)));
            ListItem::new(Line::from(format!("{indent}{}", term_safe_inline(&h.text))))
        })
        .collect();
    let list = List::new(items)
        .block(Block::bordered().title(" Contents "))
        .highlight_style(theme.selected);
    let mut list_state = ListState::default().with_selected(Some(selected));
    StatefulWidget::render(list, popup, buf, &mut list_state);
}
