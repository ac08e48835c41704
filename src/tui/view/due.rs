//! The Due screen: every item due now or soon, earliest first, with its date (a row too
//! wide drops the date's detail before it cuts a word); the header names the selected
//! item's checklist.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, StatefulWidget, Widget};

use super::fit;
use crate::content::lang::short_date;
use crate::content::term_safe_inline;
use crate::progress::DueStatus;
use crate::tui::app::{App, DueState};
use crate::tui::layout;

pub fn render(app: &App, state: &DueState, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let parts = layout::list(area, false);
    let rows = app.due_rows();
    let heading = if app.progress().start_date().is_some() {
        "Due now"
    } else {
        "Next up"
    };
    let overdue = rows.iter().filter(|d| d.due.is_overdue()).count();
    let mut counts = format!(
        " {} item{}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    if overdue > 0 {
        let _ = write!(counts, ", {overdue} overdue");
    }
    if let Some(d) = rows.get(state.selected) {
        let _ = write!(counts, " · {}", term_safe_inline(&d.checklist_title));
    }
    Paragraph::new(Line::from(vec![
        Span::styled(format!(" {heading} "), theme.title),
        Span::styled(counts, theme.dim),
    ]))
    .render(parts.header, buf);
    let inner = layout::inner(parts.list);
    let height = usize::from(inner.height).max(1);
    let width = usize::from(inner.width);
    let offset = layout::list_offset(state.selected, height);
    let items: Vec<ListItem> = rows
        .iter()
        .skip(offset)
        .take(height)
        .map(|d| {
            let date = |day| short_date(day, &d.lang, app.today());
            let (full, short) = match d.due {
                DueStatus::Overdue(day) => {
                    (format!("overdue since {}", date(day)), "overdue".into())
                }
                DueStatus::Today(_) => ("due today".to_string(), "today".to_string()),
                DueStatus::Upcoming(day) => (format!("due {}", date(day)), date(day)),
                DueStatus::Relative(due) => (due.label(), due.label()),
            };
            let tails = [format!("  {full}"), format!("  {short}")];
            let text = fit(&format!("[ ] {}", term_safe_inline(&d.text)), &tails, width);
            let style = if d.due.is_overdue() {
                theme.overdue
            } else {
                Style::new()
            };
            ListItem::new(Line::from(Span::styled(text, style)))
        })
        .collect();
    let empty = items.is_empty();
    let list = List::new(items)
        .block(Block::bordered())
        .highlight_style(theme.selected);
    let mut list_state =
        ListState::default().with_selected(Some(state.selected.saturating_sub(offset)));
    StatefulWidget::render(list, parts.list, buf, &mut list_state);
    if empty {
        let line = Rect {
            x: inner.x + 1,
            height: 1,
            width: inner.width.saturating_sub(2),
            ..inner
        };
        Paragraph::new("Nothing is due: well done.").render(line, buf);
    }
}
