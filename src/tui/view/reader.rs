//! The reader: the page's lines from the scroll position, the focused link and task, find
//! matches, and the table of contents.

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
use crate::tui::reader::{ReaderState, page_area};

pub fn render(app: &App, state: &ReaderState, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let (_, height) = page_area(app.size());
    let lines = &state.rendered.lines;
    let scroll = state.scroll.min(lines.len().saturating_sub(1));
    let link_line = state
        .link
        .and_then(|i| state.rendered.links.get(i))
        .map(|l| l.line);
    let task_line = state
        .focused_task()
        .map(|t| state.rendered.tasks[t].line)
        .filter(|&l| l < scroll + height);
    let find_lines: &[usize] = state.find.as_ref().map_or(&[], |f| &f.matches);
    let visible: Vec<Line> = lines
        .iter()
        .enumerate()
        .skip(scroll)
        .take(height)
        .map(|(i, line)| {
            let mut line = line.clone();
            if Some(i) == link_line {
                line = line.patch_style(theme.link);
            }
            if find_lines.contains(&i) {
                line = line.patch_style(theme.highlight);
            }
            if Some(i) == task_line {
                line.spans.insert(0, Span::styled("›", theme.accent));
            } else if !state.rendered.tasks.is_empty() {
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
        let _ = write!(footer, "· {numbered} links ");
    }
    if let Some(l) = state.link.and_then(|i| state.rendered.links.get(i)) {
        footer = if l.note.is_some() {
            format!(" → {} {footer}", term_safe_inline(&l.text))
        } else {
            format!(
                " → [{}] {} {footer}",
                state.link.unwrap_or(0) + 1,
                term_safe_inline(&l.target)
            )
        };
    }
    if let Some(f) = state.find.as_ref().filter(|f| !f.typing) {
        let _ = write!(
            footer,
            "· “{}” {}/{} ",
            term_safe_inline(&f.query),
            if f.matches.is_empty() {
                0
            } else {
                f.current + 1
            },
            f.matches.len()
        );
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
