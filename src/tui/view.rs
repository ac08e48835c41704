//! Drawing: reads the app state, never changes it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::app::{App, Row, Screen};
use crate::content::{term_safe, term_safe_inline};

pub fn draw(app: &App, frame: &mut Frame) {
    let [main, status] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(frame.area());
    match app.screen() {
        Screen::Browse => draw_browse(app, frame, main),
        Screen::Reader { index, scroll } => draw_reader(app, *index, *scroll, frame, main),
    }
    let hint = match app.screen() {
        Screen::Browse => " ↑/↓ move · Enter open · q quit",
        Screen::Reader { .. } => " ↑/↓ scroll · Esc back · q quit",
    };
    frame.render_widget(Paragraph::new(hint).style(Style::new().reversed()), status);
}

fn draw_browse(app: &App, frame: &mut Frame, area: ratatui::layout::Rect) {
    let docs = app.library().docs();
    let items: Vec<ListItem> = app
        .rows()
        .iter()
        .map(|row| match row {
            Row::Heading(kind) => ListItem::new(Line::from(kind.plural_title()).bold()),
            Row::Doc(i) => ListItem::new(Line::from(format!(
                "  {}",
                term_safe_inline(&docs[*i].title)
            ))),
        })
        .collect();
    let list = List::new(items)
        .block(Block::bordered().title(" onramp "))
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = ListState::default().with_selected(Some(app.selected()));
    frame.render_stateful_widget(list, area, &mut state);
}

fn draw_reader(
    app: &App,
    index: usize,
    scroll: usize,
    frame: &mut Frame,
    area: ratatui::layout::Rect,
) {
    let doc = &app.library().docs()[index];
    let body = expand_tabs(&term_safe(&doc.body));
    let text = Text::from(
        body.lines()
            .map(|l| Line::from(Span::raw(l.to_string())))
            .collect::<Vec<_>>(),
    );
    let lines = text.lines.len();
    let scroll = scroll.min(lines.saturating_sub(1)) as u16;
    let paragraph = Paragraph::new(text)
        .block(Block::bordered().title(format!(" {} ", doc.display_title())))
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(paragraph, area);
}

/// ratatui drops tab characters, so code would lose its indentation.
fn expand_tabs(text: &str) -> String {
    text.replace('\t', "    ")
}
