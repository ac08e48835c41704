//! The help overlay, generated from the keymap's descriptions for the current screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::centered;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Context;

/// How far the help can scroll: its lines past what fits on the screen.
pub fn max_scroll(app: &App) -> usize {
    let room = crate::tui::layout::help_rows(app.size());
    lines(app).len().saturating_sub(room)
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let lines = lines(app);
    let popup = centered(
        area,
        64,
        u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .saturating_add(2),
    );
    let room = usize::from(popup.height.saturating_sub(2));
    let scroll = app.help_scroll().min(lines.len().saturating_sub(room));
    let mut block = Block::bordered().title(" Keys (? closes) ");
    if lines.len() > room {
        let last = (scroll + room).min(lines.len());
        block = block.title_bottom(
            Line::from(format!(
                " {}-{last} of {} · j/k scroll ",
                scroll + 1,
                lines.len()
            ))
            .right_aligned(),
        );
    }
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(block)
        .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0))
        .render(popup, buf);
}

/// The help's lines for the current screen: its own keys, then the ones that work everywhere,
/// each key listed once with the meaning it has on this screen.
fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = app.theme();
    let mut contexts = app.screen_contexts();
    let mut sections: Vec<(Context, &str)> = contexts
        .iter()
        .map(|&c| match c {
            Context::Find => (c, "Finding in the page"),
            _ => (c, app.screen().name()),
        })
        .collect();
    contexts.push(Context::Global);
    sections.push((Context::Global, "Everywhere"));
    let mut lines = Vec::new();
    let effective = app.keymap().effective(&contexts);
    for (context, title) in sections {
        // (action, keys, description), with every key of one action on one line.
        let mut section: Vec<(Action, Vec<String>, String)> = Vec::new();
        for (_, b) in effective.iter().filter(|(c, _)| *c == context) {
            // Numbered link keys read better as one line.
            if matches!(b.action, Action::FollowLink(n) if n > 1)
                || matches!(b.action, Action::LinkNumber(n) if n != 1)
            {
                continue;
            }
            let keys = b.keys.iter().map(ToString::to_string);
            if let Some(entry) = section.iter_mut().find(|(a, _, _)| *a == b.action) {
                entry.1.extend(keys);
                continue;
            }
            let (keys, desc) = match b.action {
                Action::FollowLink(_) => {
                    (keys.collect(), "Follow link 1-9 by its number".to_string())
                }
                Action::LinkNumber(_) => (
                    vec!["0-9".to_string()],
                    "Follow link N: its digits (then Enter on a page of 10 or more links)"
                        .to_string(),
                ),
                _ => (keys.collect(), b.desc.clone()),
            };
            section.push((b.action.clone(), keys, desc));
        }
        if section.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(title.to_string(), theme.heading)));
        for (_, keys, desc) in section {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<16}", keys.join(", ")), theme.accent),
                Span::raw(desc),
            ]));
        }
    }
    lines
}
