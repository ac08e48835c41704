//! Drawing: every function here reads the app and writes cells, never changes state. One
//! file per screen; this one lays out the frame, the status bar and the overlays.

pub mod browse;
pub mod checklists;
pub mod due;
pub mod help;
pub mod home;
pub mod lists;
pub mod notes;
pub mod reader;
pub mod search;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::app::{App, Screen};
use super::keymap::Context;
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use super::links::Confirmation;
use crate::content::term_safe_inline;

/// Draws the whole app into the frame.
pub fn draw(app: &App, frame: &mut Frame) {
    frame.render_widget(app, frame.area());
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(area, buf);
            return;
        }
        let layout::Frame { main, status } = layout::frame(area);
        match self.screen() {
            Screen::Home(state) => home::render(self, state, main, buf),
            Screen::Search(state) => search::render(self, state, main, buf),
            Screen::Reader(state) => reader::render(self, state, main, buf),
            Screen::Checklists(state) => checklists::render(self, state, main, buf),
            Screen::Due(state) => due::render(self, state, main, buf),
            Screen::List(state) => lists::render(self, state, main, buf),
            Screen::Browse(state) => browse::render(self, state, main, buf),
        }
        status_bar(self, status, buf);
        if let Some(confirmation) = self.confirmation() {
            confirm(self, confirmation, main, buf);
        }
        if self.help_open() {
            help::render(self, main, buf);
        }
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let text = vec![
        Line::from("Terminal too small"),
        Line::from(format!(
            "need {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}",
            area.width, area.height
        )),
    ];
    let top = area.height.saturating_sub(2) / 2;
    let inner = Rect {
        y: area.y + top,
        height: area.height.saturating_sub(top),
        ..area
    };
    Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

/// The bottom line: a message when there is one, else the keys that matter here, as many
/// whole hints as fit (a hint is never cut in the middle).
fn status_bar(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    // A prompt that has the keyboard shows over any message: the user is typing into it.
    let line = if let Some(prompt) = app.prompt() {
        Line::from(Span::raw(notes::prompt_line(prompt)))
    } else if let Some(message) = app.status() {
        Line::from(Span::raw(format!(" {}", term_safe_inline(message))))
    } else if let Some(prompt) = input_prompt(app) {
        Line::from(Span::raw(prompt))
    } else {
        let mut spans = vec![Span::raw(format!(" {} ", app.screen().name()))];
        let mut used = spans[0].width();
        for (keys, desc) in hints(app) {
            let hint = format!("│ {keys} {desc} ");
            let width = unicode_width::UnicodeWidthStr::width(hint.as_str());
            if used + width > usize::from(area.width) {
                continue;
            }
            used += width;
            spans.push(Span::raw(hint));
        }
        Line::from(spans)
    };
    Paragraph::new(line).style(theme.status).render(area, buf);
}

fn input_prompt(app: &App) -> Option<String> {
    match app.screen() {
        Screen::Reader(r) => r.find.as_ref().filter(|f| f.typing).map(|f| {
            format!(
                " Find in page: {}▏  (Enter to find, Esc to cancel)",
                term_safe_inline(&f.query)
            )
        }),
        Screen::List(l) if l.filtering => Some(format!(
            " Filter: {}▏  (Enter to keep, Esc to stop)",
            term_safe_inline(&l.filter)
        )),
        _ => None,
    }
}

/// The keymap entries marked as hints for the current contexts, each key with the one
/// meaning it has here: (keys, description).
pub fn hints(app: &App) -> Vec<(String, String)> {
    let mut contexts = app.contexts();
    // While typing, letters go into the text, so global letter keys are not hints there.
    if !contexts.contains(&Context::Global)
        && !app.typing()
        && !app.help_open()
        && app.confirming().is_none()
    {
        contexts.push(Context::Global);
    }
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (_, b) in app.keymap().effective(&contexts) {
        if !b.hint || seen.contains(&b.action) {
            continue;
        }
        seen.push(b.action.clone());
        let keys = b.keys.first().map(ToString::to_string).unwrap_or_default();
        out.push((keys, short(&b.desc)));
    }
    out
}

/// A description cut to its first few words for the status bar.
fn short(desc: &str) -> String {
    desc.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn confirm(app: &App, c: &Confirmation, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let safe = |text: &str| term_safe_inline(text).into_owned();
    let mut text = vec![
        Line::from("Open this address outside onramp?"),
        Line::default(),
        Line::from(Span::styled(safe(&c.url), theme.link)),
        Line::default(),
    ];
    match (&c.host, &c.ascii_host) {
        (Some(host), Some(ascii)) => {
            text.push(Line::from(vec![
                Span::raw("Goes to "),
                Span::styled(safe(ascii), theme.heading),
            ]));
            text.push(Line::from(Span::styled(
                format!(
                    "“{}” is an international name: check it is the site you expect.",
                    safe(host)
                ),
                theme.overdue,
            )));
        }
        (Some(host), None) => text.push(Line::from(vec![
            Span::raw("Goes to "),
            Span::styled(safe(host), theme.heading),
        ])),
        (None, _) => {}
    }
    if let Some(user) = &c.userinfo {
        text.push(Line::from(Span::styled(
            format!("“{}@” is a user name, not the site.", safe(user)),
            theme.overdue,
        )));
    }
    if let Some(said) = &c.misleading_text {
        text.push(Line::from(Span::styled(
            format!(
                "The link text says “{}”, but it goes elsewhere.",
                safe(said)
            ),
            theme.overdue,
        )));
    }
    text.push(Line::default());
    text.push(Line::from(Span::styled("y open · n cancel", theme.dim)));
    let width = area.width.min(70);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    // Wrapped height: each line takes its width over the inner width, at least one row.
    let rows: usize = text.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let popup = centered(area, width, u16::try_from(rows + 2).unwrap_or(u16::MAX));
    Clear.render(popup, buf);
    Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(" Open link "))
        .render(popup, buf);
}

/// A rectangle of at most `width` x `height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// `main` and then the first of `tails` (fullest first) that fits in `width` columns, so a
/// row drops detail rather than being cut mid-word; when even the last tail leaves too
/// little room, `main` ends after its last whole word that fits, with "…".
pub fn fit(main: &str, tails: &[String], width: usize) -> String {
    let (main, tail) = fit_parts(main, tails, width);
    format!("{main}{tail}")
}

/// [`fit`] as its two parts, `main` (maybe cut) and the tail kept, to style them apart.
pub fn fit_parts<'t>(main: &str, tails: &'t [String], width: usize) -> (String, &'t str) {
    use unicode_width::UnicodeWidthStr;
    if let Some(tail) = tails.iter().find(|t| main.width() + t.width() <= width) {
        return (main.to_string(), tail);
    }
    let tail = tails.last().map_or("", String::as_str);
    (cut_words(main, width.saturating_sub(tail.width())), tail)
}

/// `text` when it fits in `width` columns; else its longest start of whole words that fits
/// with "…" after it (a first word wider than that is cut between characters).
pub fn cut_words(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= width {
        return text.to_string();
    }
    let budget = width.saturating_sub(1);
    let mut used = 0;
    let mut whole = None;
    let mut chars = 0;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() && used <= budget && !text[..i].trim().is_empty() {
            whole = Some(i);
        }
        used += c.width().unwrap_or(0);
        if used <= budget {
            chars = i + c.len_utf8();
        }
    }
    let end = whole.unwrap_or(chars);
    format!("{}…", text[..end].trim_end())
}

/// A progress bar of `width` cells: done in full blocks, the rest in light shade.
pub fn bar(done: usize, total: usize, width: usize) -> (String, String) {
    let filled = (done * width).checked_div(total).unwrap_or(0).min(width);
    ("█".repeat(filled), "░".repeat(width - filled))
}

/// Splits `text` at the byte ranges in `marks` into plain and highlighted spans, each
/// sanitised on its own so the ranges stay right.
pub fn highlighted(
    text: &str,
    marks: &[(usize, usize)],
    plain: ratatui::style::Style,
    mark: ratatui::style::Style,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for &(a, b) in marks {
        if a < at || b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        if a > at {
            spans.push(Span::styled(
                term_safe_inline(&text[at..a]).into_owned(),
                plain,
            ));
        }
        spans.push(Span::styled(
            term_safe_inline(&text[a..b]).into_owned(),
            mark,
        ));
        at = b;
    }
    if at < text.len() {
        spans.push(Span::styled(
            term_safe_inline(&text[at..]).into_owned(),
            plain,
        ));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_drops_detail_before_it_cuts_a_word() {
        let tails = [
            "  overdue since Mon 23 Nov".to_string(),
            "  overdue".to_string(),
        ];
        let main = "  [ ] Join the week-one channels listed on the Parley page";
        assert_eq!(
            fit(main, &tails, 90),
            format!("{main}  overdue since Mon 23 Nov")
        );
        assert_eq!(fit(main, &tails, 70), format!("{main}  overdue"));
        assert_eq!(
            fit(main, &tails, 50),
            "  [ ] Join the week-one channels listed…  overdue"
        );
        assert_eq!(cut_words("Supercalifragilistic", 8), "Superca…");
        assert_eq!(cut_words("short", 8), "short");
    }
}
