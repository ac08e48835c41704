//! The checklists screen: each checklist with its progress bar, its items with due dates
//! (overdue ones marked), and the due-now and not-done filters.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, StatefulWidget, Widget};

use super::bar;
use crate::content::term_safe_inline;
use crate::tui::action::Mark;
use crate::tui::app::{App, CheckRow, ChecklistsState};
use crate::tui::reader_doc::plain_inline;

/// The first screen row of the list (inside its border).
pub fn list_top(_size: (u16, u16)) -> u16 {
    2
}

pub fn list_height(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(1 + 1 + 2))
}

pub fn render(app: &App, state: &ChecklistsState, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let checks = app.checks();
    let [header, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let on = |b: bool| if b { "on" } else { "off" };
    Paragraph::new(Line::from(vec![
        Span::styled(" Checklists ", theme.title),
        Span::styled(
            format!(
                " due now: {} · not done: {}",
                on(state.due_now),
                on(state.not_done)
            ),
            theme.dim,
        ),
    ]))
    .render(header, buf);
    let rows = app.checklist_rows(state);
    let bar_width = usize::from(area.width.saturating_sub(50)).clamp(4, 20);
    let items: Vec<ListItem> = rows
        .iter()
        .map(|row| match *row {
            CheckRow::Checklist(ci) => {
                let c = &checks.checklists[ci];
                let (done, total) = checks.counts(c);
                let (full, empty) = bar(done, total, bar_width);
                let phase = c.phase.map(|p| format!("{p} ")).unwrap_or_default();
                ListItem::new(Line::from(vec![
                    Span::styled(
                        format!("{phase}{} ", term_safe_inline(&c.title)),
                        theme.heading,
                    ),
                    Span::styled(full, theme.bar_done),
                    Span::styled(empty, theme.bar_todo),
                    Span::raw(format!(" {done}/{total}")),
                ]))
            }
            CheckRow::Item(ci, ii) => {
                let c = &checks.checklists[ci];
                let item = &c.items[ii];
                let mark = checks.mark(&c.id, item);
                let (box_, style) = match mark {
                    Some(Mark::Done) => ("[x]", theme.done),
                    Some(Mark::Skipped) => ("[-]", theme.dim),
                    None => ("[ ]", Style::new()),
                };
                let due_date = item.due.and_then(|d| checks.due_date(d));
                let overdue = mark.is_none()
                    && matches!((due_date, checks.today), (Some(d), Some(t)) if d < t);
                let due = match (due_date, item.due) {
                    (Some(date), _) if overdue => {
                        Span::styled(format!("  overdue {date}"), theme.overdue)
                    }
                    (Some(date), _) => Span::styled(format!("  due {date}"), theme.dim),
                    (None, Some(due)) => Span::styled(format!("  {}", due.label()), theme.dim),
                    (None, None) => Span::raw(""),
                };
                let indent = "  ".repeat(item.depth + 1);
                ListItem::new(Line::from(vec![
                    Span::styled(
                        format!(
                            "{indent}{box_} {}",
                            term_safe_inline(&plain_inline(&item.text))
                        ),
                        style,
                    ),
                    due,
                ]))
            }
        })
        .collect();
    let empty = items.is_empty();
    let list = List::new(items)
        .block(Block::bordered())
        .highlight_style(theme.selected);
    let mut list_state = ListState::default().with_selected(Some(state.selected));
    StatefulWidget::render(list, body, buf, &mut list_state);
    if empty {
        let inner = Rect {
            x: body.x + 2,
            y: body.y + 1,
            width: body.width.saturating_sub(4),
            height: 1,
        };
        Paragraph::new("Nothing here under these filters: d and u switch them off.")
            .render(inner, buf);
    }
}
