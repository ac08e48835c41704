//! The checklists screen: each checklist with its progress bar, its items with due dates
//! (overdue ones marked), and the due-now and not-done filters. States, counts and dates are
//! progress's; only the rows in view are drawn, so a checklist of 20,000 items draws as
//! fast as one of twenty.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, StatefulWidget, Widget};

use super::{bar, fit, fit_parts};
use crate::content::term_safe_inline;
use crate::progress::{DueStatus, ItemState};
use crate::tui::action::Action;
use crate::tui::app::{App, ChecklistRow, ChecklistsState};
use crate::tui::keymap::Context;
use crate::tui::layout;

pub fn render(app: &App, state: &ChecklistsState, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let checklists = app.checklists();
    let progress = app.progress();
    let parts = layout::list(area, false);
    let on = |b: bool| if b { "on" } else { "off" };
    let key = |action: &Action| {
        app.keymap()
            .key_for(&[Context::Checklists, Context::Global], action)
            .map(|k| format!(" ({k})"))
            .unwrap_or_default()
    };
    let filters = [
        format!(
            " due now{}: {} · not done{}: {}",
            key(&Action::FilterDueNow),
            on(state.due_now),
            key(&Action::FilterNotDone),
            on(state.not_done)
        ),
        format!(
            " due now: {} · not done: {}",
            on(state.due_now),
            on(state.not_done)
        ),
        format!(
            " due: {} · not done: {}",
            on(state.due_now),
            on(state.not_done)
        ),
        String::new(),
    ];
    let filters =
        fit(" Checklists ", &filters, usize::from(area.width)).split_off(" Checklists ".len());
    Paragraph::new(Line::from(vec![
        Span::styled(" Checklists ", theme.title),
        Span::styled(filters, theme.dim),
    ]))
    .render(parts.header, buf);
    let rows = app.checklist_rows(state);
    let height = usize::from(layout::inner(parts.list).height).max(1);
    let offset = layout::list_offset(state.selected, height);
    let bar_width = usize::from(area.width.saturating_sub(50)).clamp(4, 20);
    let width = usize::from(layout::inner(parts.list).width);
    let items: Vec<ListItem> = rows
        .iter()
        .skip(offset)
        .take(height)
        .filter_map(|row| match *row {
            ChecklistRow::Checklist(ci) => {
                let c = checklists.at(ci)?;
                let counts = c.counts(progress);
                let (full, empty) = bar(counts.closed(), counts.total, bar_width);
                let phase = c.phase.map(|p| format!("{p} ")).unwrap_or_default();
                Some(ListItem::new(Line::from(vec![
                    Span::styled(
                        format!("{phase}{} ", term_safe_inline(&c.title)),
                        theme.heading,
                    ),
                    Span::styled(full, theme.bar_done),
                    Span::styled(empty, theme.bar_todo),
                    Span::raw(format!(" {}/{}", counts.closed(), counts.total)),
                ])))
            }
            ChecklistRow::Item(ci, ii) => {
                let c = checklists.at(ci)?;
                let item = c.items.get(ii)?;
                let (box_, style) = match c.state_of(progress, item) {
                    ItemState::Done => ("[x]", theme.done),
                    ItemState::Skipped { .. } => ("[-]", theme.dim),
                    ItemState::Todo => ("[ ]", Style::new()),
                };
                let date = |d| crate::content::lang::short_date(d, &c.lang, app.today());
                // Fullest first: a narrow screen drops the date before a word of the item.
                let (tails, due_style): (Vec<String>, Style) =
                    match c.due_of(progress, item, app.today()) {
                        Some(DueStatus::Overdue(d)) => (
                            vec![format!("  overdue {}", date(d)), "  overdue".into()],
                            theme.overdue,
                        ),
                        Some(DueStatus::Today(_)) => (vec!["  due today".into()], theme.accent),
                        Some(DueStatus::Upcoming(d)) => {
                            (vec![format!("  due {}", date(d)), String::new()], theme.dim)
                        }
                        Some(DueStatus::Relative(due)) => {
                            (vec![format!("  {}", due.label()), String::new()], theme.dim)
                        }
                        None => (Vec::new(), Style::new()),
                    };
                let indent = "  ".repeat(item.depth + 1);
                let main = format!("{indent}{box_} {}", term_safe_inline(&item.plain));
                let (main, tail) = fit_parts(&main, &tails, width);
                Some(ListItem::new(Line::from(vec![
                    Span::styled(main, style),
                    Span::styled(tail.to_string(), due_style),
                ])))
            }
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
        let inner = layout::inner(parts.list);
        let line = Rect {
            x: inner.x + 1,
            height: 1,
            width: inner.width.saturating_sub(2),
            ..inner
        };
        Paragraph::new("Nothing here under these filters: d and o switch them off.")
            .render(line, buf);
    }
}
