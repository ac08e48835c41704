//! People, tools, glossary and notes: a filterable list of one kind, with the selected
//! entry's details beside it when the terminal is wide enough.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, StatefulWidget, Widget, Wrap};

use crate::content::{Document, Kind, term_safe_inline};
use crate::tui::app::{App, ListState as ListScreen};

pub fn list_top(_size: (u16, u16)) -> u16 {
    2
}

pub fn list_height(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(1 + 1 + 2))
}

pub fn render(app: &App, state: &ListScreen, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let [header, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let rows = app.list_rows(state);
    let what = match state.kind {
        Kind::Person => "by name, role, team or what they know",
        _ => "by name",
    };
    let filter = if state.filter.is_empty() {
        Span::styled(format!(" f filters {what}"), theme.dim)
    } else {
        Span::styled(
            format!(" filter: {}", term_safe_inline(&state.filter)),
            theme.accent,
        )
    };
    Paragraph::new(Line::from(vec![
        Span::styled(
            format!(" {} ({}) ", state.kind.plural_title(), rows.len()),
            theme.title,
        ),
        filter,
    ]))
    .render(header, buf);
    let (list_area, detail_area) = if area.width >= 100 {
        let [l, d] = Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
            .areas(body);
        (l, Some(d))
    } else {
        (body, None)
    };
    let docs = app.library().docs();
    let items: Vec<ListItem> = rows
        .iter()
        .map(|&i| {
            let d = &docs[i];
            let extra = second_column(d);
            ListItem::new(Line::from(vec![
                Span::raw(d.display_title().into_owned()),
                Span::styled(
                    extra
                        .map(|e| format!("  {}", term_safe_inline(&e)))
                        .unwrap_or_default(),
                    theme.dim,
                ),
            ]))
        })
        .collect();
    let list = List::new(items)
        .block(Block::bordered())
        .highlight_style(theme.selected);
    let mut list_state = ListState::default().with_selected(Some(state.selected));
    StatefulWidget::render(list, list_area, buf, &mut list_state);
    if let (Some(area), Some(&i)) = (detail_area, rows.get(state.selected)) {
        details(app, &docs[i], area, buf);
    }
}

fn second_column(d: &Document) -> Option<String> {
    match d.kind {
        Kind::Person => d.person.role.clone(),
        Kind::Term => d.expansion.clone(),
        _ => None,
    }
}

fn details(app: &App, d: &Document, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let mut lines = Vec::new();
    if let Some(desc) = &d.description {
        lines.push(Line::from(term_safe_inline(desc).into_owned()));
        lines.push(Line::default());
    }
    let p = &d.person;
    let t = &d.tool;
    let fields: [(&str, Option<String>); 9] = [
        ("Role", p.role.clone()),
        ("Team", p.team.clone()),
        ("Time zone", p.timezone.clone()),
        ("Contact", p.contact.clone()),
        (
            "Ask about",
            (!p.ask_me_about.is_empty()).then(|| p.ask_me_about.join(", ")),
        ),
        ("Stands for", d.expansion.clone()),
        ("Address", t.url.clone()),
        ("Access", t.access.clone()),
        ("Channel", t.channel.clone()),
    ];
    for (name, value) in fields {
        if let Some(v) = value {
            lines.push(Line::from(vec![
                Span::styled(format!("{name:<11}"), theme.heading),
                Span::raw(term_safe_inline(&v).into_owned()),
            ]));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Enter opens the page.", theme.dim)));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(format!(" {} ", d.display_title())))
        .render(area, buf);
}
