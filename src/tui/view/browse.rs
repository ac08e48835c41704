//! A browse screen: the Library's sources, folders and pages with their counts, a phase's
//! pages, or the pages due for review. Only the rows in view are drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, StatefulWidget, Widget};

use crate::content::term_safe_inline;
use crate::tui::app::App;
use crate::tui::browse::{BrowseRow, BrowseState};
use crate::tui::layout;

pub fn render(app: &App, state: &BrowseState, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let parts = layout::list(area, false);
    Paragraph::new(Line::from(vec![
        Span::styled(
            format!(" {} ", term_safe_inline(&state.what.title())),
            theme.title,
        ),
        Span::styled(
            format!(" {}", count(state.rows.len(), "entry", "entries")),
            theme.dim,
        ),
    ]))
    .render(parts.header, buf);
    let height = usize::from(layout::inner(parts.list).height).max(1);
    let offset = layout::list_offset(state.selected, height);
    let items: Vec<ListItem> = state
        .rows
        .iter()
        .skip(offset)
        .take(height)
        .map(|row| {
            let (name, note) = match row {
                BrowseRow::Source {
                    label,
                    about,
                    pages,
                    ..
                } => (
                    format!("{label}/"),
                    format!("{} · {about}", count(*pages, "page", "pages")),
                ),
                BrowseRow::Folder { title, pages, .. } => {
                    (format!("{title}/"), count(*pages, "page", "pages"))
                }
                BrowseRow::Page { title, note, .. } => (title.clone(), note.clone()),
            };
            let style = if matches!(row, BrowseRow::Page { .. }) {
                ratatui::style::Style::new()
            } else {
                theme.heading
            };
            ListItem::new(Line::from(vec![
                Span::styled(term_safe_inline(&name).into_owned(), style),
                Span::styled(format!("  {}", term_safe_inline(&note)), theme.dim),
            ]))
        })
        .collect();
    let list = List::new(items)
        .block(Block::bordered())
        .highlight_style(theme.selected);
    let mut list_state =
        ListState::default().with_selected(Some(state.selected.saturating_sub(offset)));
    StatefulWidget::render(list, parts.list, buf, &mut list_state);
}

/// "1 page", "12 pages".
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
