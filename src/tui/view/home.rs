//! The home screen: who you are, where you are in the year, what is due, what you read
//! recently, your bookmarks, and how to search. A row too wide for the screen drops its
//! detail (the date, then the word "since") before its text loses whole words; nothing is
//! cut mid-word.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::{bar, cut_words, fit};
use crate::content::lang::short_date;
use crate::content::term_safe_inline;
use crate::progress::{DueStatus, day_number, phase_of_day, phase_title};
use crate::tui::action::Action;
use crate::tui::app::{App, HomeRow, HomeState};
use crate::tui::keymap::Context;
use crate::tui::layout;

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
    let area = layout::home(layout::frame_of(app.size()).main);
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
    let progress = app.progress();
    let width = usize::from(area.width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    let greeting = match app.name() {
        Some(name) => format!("Welcome, {}.", term_safe_inline(name)),
        None => "Welcome.".to_string(),
    };
    lines.push(Line::from(Span::styled(
        cut_words(&greeting, width),
        theme.title,
    )));
    let phases: Vec<_> = app
        .checklists()
        .phases(progress)
        .into_iter()
        .filter_map(|p| Some((p.phase?, p.counts.closed(), p.counts.total)))
        .collect();
    match progress.start_date() {
        Some(start) => match day_number(start, app.today()) {
            Some(day) => {
                let current = phase_of_day(day);
                lines.push(Line::from(fit(
                    &format!("Day {day} of your first year"),
                    &[
                        format!(" · phase {current}: {}", phase_title(current)),
                        format!(" · phase {current}"),
                        String::new(),
                    ],
                    width,
                )));
            }
            None => lines.push(Line::from(format!(
                "You start on {start}: {} to go.",
                crate::words::count(
                    usize::try_from((start - app.today()).num_days()).unwrap_or(0),
                    "day",
                    "days"
                )
            ))),
        },
        None => lines.push(Line::from(Span::styled(
            fit(
                "No start date yet",
                &[
                    ": press S to make today day 1 (or `onramp start DATE`).".to_string(),
                    ": press S to make today day 1.".to_string(),
                    ": press S.".to_string(),
                    ".".to_string(),
                ],
                width,
            ),
            theme.dim,
        ))),
    }
    if let Some((name, age)) = app.stale_packs().first() {
        let others = app.stale_packs().len() - 1;
        let head = if others == 0 {
            format!("Pack {} was fetched {age} ago", term_safe_inline(name))
        } else {
            format!(
                "Pack {} and {others} more were fetched long ago",
                term_safe_inline(name)
            )
        };
        lines.push(Line::from(Span::styled(
            fit(
                &head,
                &[
                    ": `onramp pack update` brings them up to date.".into(),
                    ".".into(),
                ],
                width,
            ),
            theme.overdue,
        )));
    }
    lines.push(Line::default());
    let bar_width = usize::from(area.width.saturating_sub(40)).clamp(4, 30);
    let rows = app.home_rows();
    let due = rows
        .iter()
        .filter(|r| matches!(r, HomeRow::Due(_) | HomeRow::MoreDue(_)))
        .count();
    // When the bars would push what is due off a short screen, one bar stands for all.
    let compact = !app.home_plan(due).phase_bars;
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
    let mut selected_line = 0;
    let mut row_lines = Vec::with_capacity(rows.len());
    let mut section = "";
    for (i, row) in rows.iter().enumerate() {
        let (title, spans) = match row {
            HomeRow::Phase(phase) => {
                let (done, total) = phases
                    .iter()
                    .find(|p| p.0 == *phase)
                    .map_or((0, 0), |p| (p.1, p.2));
                let (full, empty) = bar(done, total, bar_width);
                let pct = (done * 100).checked_div(total).unwrap_or(0);
                let mut spans = vec![
                    Span::raw(format!("{phase} {:<21}", phase_title(*phase))),
                    Span::styled(full, theme.bar_done),
                    Span::styled(empty, theme.bar_todo),
                    Span::raw(format!(" {pct:>3}%")),
                ];
                if i == state.selected {
                    for s in &mut spans {
                        s.style = s.style.patch(theme.selected);
                    }
                }
                ("", spans)
            }
            other => {
                let (title, text, style) = row_text(app, other, width);
                let style = if i == state.selected {
                    style.patch(theme.selected)
                } else {
                    style
                };
                (title, vec![Span::styled(text, style)])
            }
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
        lines.push(Line::from(spans));
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
        .map_or_else(|| "/".to_string(), |k| k.to_string());
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

/// The heading of the due list: what is due once there is a start date, else what is next.
fn due_heading(app: &App) -> &'static str {
    if app.progress().start_date().is_some() {
        "Due now"
    } else {
        "Next up"
    }
}

fn doc_title(app: &App, id: &str) -> String {
    app.library().get(id).map_or_else(
        || term_safe_inline(id).into_owned(),
        |d| d.display_title().into_owned(),
    )
}

/// A row's section heading, text and style: what is due, recently read, bookmarks.
fn row_text(app: &App, row: &HomeRow, width: usize) -> (&'static str, String, Style) {
    let theme = app.theme();
    match row {
        HomeRow::Due(d) => {
            let date = |day| short_date(day, &d.lang, app.today());
            // Fullest first: a narrow screen drops the date before any word of the item.
            let tails = match d.due {
                DueStatus::Overdue(day) => {
                    vec![format!("  overdue since {}", date(day)), "  overdue".into()]
                }
                DueStatus::Today(_) => vec!["  due today".into(), "  today".into()],
                DueStatus::Upcoming(day) => vec![format!("  due {}", date(day))],
                DueStatus::Relative(due) => vec![format!("  {}", due.label())],
            };
            let style = if d.due.is_overdue() {
                theme.overdue
            } else {
                Style::new()
            };
            let text = format!("  [ ] {}", term_safe_inline(&d.text));
            (due_heading(app), fit(&text, &tails, width), style)
        }
        HomeRow::MoreDue(n) => (
            due_heading(app),
            fit(
                &format!("  +{n} more"),
                &[": Enter lists everything due".into(), String::new()],
                width,
            ),
            theme.accent,
        ),
        HomeRow::Recent(id) => (
            "Recently read",
            cut_words(&format!("  {}", doc_title(app, id)), width),
            Style::new(),
        ),
        HomeRow::Bookmark(id) => (
            "Bookmarks",
            cut_words(&format!("  {}", doc_title(app, id)), width),
            Style::new(),
        ),
        HomeRow::Review(n) => (
            "Needs review",
            fit(
                &format!(
                    "  {n} page{} you own need{} review",
                    if *n == 1 { "" } else { "s" },
                    if *n == 1 { "s" } else { "" }
                ),
                &[": Enter lists them".into(), String::new()],
                width,
            ),
            theme.overdue,
        ),
        HomeRow::Phase(_) => ("", String::new(), Style::new()),
    }
}
