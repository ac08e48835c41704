//! The home screen: who you are, where you are in the year, what is due, what you read
//! recently, your bookmarks, and how to search.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::{bar, phase_name};
use crate::content::term_safe_inline;
use crate::tui::action::Action;
use crate::tui::app::{App, HomeRow, HomeState};
use crate::tui::keymap::Context;

/// The home screen's text, which line each row of [`App::home_rows`] is on, and how far the
/// text is scrolled to keep the selected row in view.
struct Layout<'a> {
    lines: Vec<Line<'a>>,
    row_lines: Vec<usize>,
    scroll: usize,
}

pub fn render(app: &App, state: &HomeState, area: Rect, buf: &mut Buffer) {
    let layout = layout(app, state, area);
    let block = Block::bordered().title(" onramp ");
    Paragraph::new(layout.lines)
        .block(block)
        .scroll((u16::try_from(layout.scroll).unwrap_or(u16::MAX), 0))
        .render(area, buf);
}

/// The home row drawn on screen row `row` (a mouse click), if any.
pub fn row_at(app: &App, state: &HomeState, row: u16) -> Option<usize> {
    let (w, h) = app.size();
    // The screen above the status line, as `view::draw` lays it out.
    let area = Rect::new(0, 0, w, h.saturating_sub(1));
    let layout = layout(app, state, area);
    let inner_top = area.y + 1;
    let inner_bottom = area.bottom().saturating_sub(1);
    if row < inner_top || row >= inner_bottom {
        return None;
    }
    let line = layout.scroll + usize::from(row - inner_top);
    layout.row_lines.iter().position(|&l| l == line)
}

fn layout<'a>(app: &'a App, state: &HomeState, area: Rect) -> Layout<'a> {
    let theme = app.theme();
    let checks = app.checks();
    let mut lines: Vec<Line> = Vec::new();
    let greeting = match app.name() {
        Some(name) => format!("Welcome, {}.", term_safe_inline(name)),
        None => "Welcome.".to_string(),
    };
    lines.push(Line::from(Span::styled(greeting, theme.title)));
    let phases = checks.phases();
    match checks.day_number() {
        Some(day) => {
            let current = current_phase(day);
            lines.push(Line::from(format!(
                "Day {day} of your first year · phase {current}: {}",
                phase_name(current)
            )));
        }
        None => lines.push(Line::from(Span::styled(
            "No start date yet: press S to make today day 1 (or `onramp start DATE`).",
            theme.dim,
        ))),
    }
    lines.push(Line::default());
    let bar_width = usize::from(area.width.saturating_sub(40)).clamp(4, 30);
    // On a short terminal one overall bar leaves room for what is due.
    let compact = area.height < 24;
    if compact && !phases.is_empty() {
        let done: usize = phases.iter().map(|p| p.1).sum();
        let total: usize = phases.iter().map(|p| p.2).sum();
        let (full, empty) = bar(done, total, bar_width);
        let pct = (done * 100).checked_div(total).unwrap_or(0);
        lines.push(Line::from(vec![
            Span::raw("Checklists "),
            Span::styled(full, theme.bar_done),
            Span::styled(empty, theme.bar_todo),
            Span::raw(format!(" {pct:>3}%")),
        ]));
    }
    for (phase, done, total) in phases.iter().filter(|_| !compact) {
        let (full, empty) = bar(*done, *total, bar_width);
        let pct = if *total == 0 { 0 } else { done * 100 / total };
        lines.push(Line::from(vec![
            Span::raw(format!("{phase} {:<21}", phase_name(*phase))),
            Span::styled(full, theme.bar_done),
            Span::styled(empty, theme.bar_todo),
            Span::raw(format!(" {pct:>3}%")),
        ]));
    }
    let rows = app.home_rows();
    let mut selected_line = 0;
    let mut row_lines = Vec::with_capacity(rows.len());
    let mut section = "";
    for (i, row) in rows.iter().enumerate() {
        let (title, text, style) = match row {
            HomeRow::Due(d) => {
                let when = match d.due {
                    Some(date) if d.overdue => format!("  overdue since {date}"),
                    Some(date) => format!("  due {date}"),
                    None => String::new(),
                };
                let heading = if checks.start.is_some() {
                    "Due now"
                } else {
                    "Next up"
                };
                let style = if d.overdue {
                    theme.overdue
                } else {
                    Style::new()
                };
                (
                    heading,
                    format!("[ ] {}{when}", term_safe_inline(&d.text)),
                    style,
                )
            }
            HomeRow::Recent(id) => ("Recently read", doc_title(app, id), Style::new()),
            HomeRow::Bookmark(id) => ("Bookmarks", doc_title(app, id), Style::new()),
        };
        if title != section {
            section = title;
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(title, theme.heading)));
        }
        if i == state.selected {
            selected_line = lines.len();
        }
        row_lines.push(lines.len());
        let style = if i == state.selected {
            style.patch(theme.selected)
        } else {
            style
        };
        lines.push(Line::from(Span::styled(format!("  {text}"), style)));
    }
    if rows.is_empty() && app.loading() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("Loading pages…", theme.dim)));
    } else if rows.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(
            "Nothing due. Read a guide, or pick a checklist with c.",
        ));
    }
    lines.push(Line::default());
    let search_key = app
        .keymap()
        .key_for(&[Context::Home, Context::Global], &Action::OpenSearch)
        .map_or_else(|| "/".to_string(), ToString::to_string);
    lines.push(Line::from(Span::styled(
        format!("press {search_key} to search"),
        theme.accent,
    )));
    let inner_height = usize::from(area.height.saturating_sub(2));
    let scroll = (selected_line + 2).saturating_sub(inner_height);
    Layout {
        lines,
        row_lines,
        scroll,
    }
}

fn doc_title(app: &App, id: &str) -> String {
    app.library().get(id).map_or_else(
        || term_safe_inline(id).into_owned(),
        |d| d.display_title().into_owned(),
    )
}

/// The phase a day of the year usually falls in (the welcome guide's timeline).
fn current_phase(day: i64) -> u8 {
    match day {
        ..=14 => 1,
        15..=30 => 2,
        31..=90 => 3,
        91..=120 => 4,
        121..=180 => 5,
        181..=330 => 6,
        _ => 7,
    }
}
