//! People, tools, glossary and notes: a filterable list of one kind, with the selected
//! entry's details beside it when the terminal is wide enough.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, StatefulWidget, Widget, Wrap};

use crate::content::{Document, Kind, term_safe_inline};
use crate::tui::app::{App, ListState as ListScreen};
use crate::tui::layout;

pub fn render(app: &App, state: &ListScreen, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let parts = layout::list(area, true);
    let header = parts.header;
    let rows = app.list_rows(state);
    let what = match state.kind {
        Kind::Person => "by name, role, team or what they know",
        _ => "by any word",
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
    let (list_area, detail_area) = (parts.list, parts.details);
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
        // Yours by the day you wrote them; the others are the pack's examples.
        Kind::Note if d.is_own_note() => d.created().map(|c| c.format("%Y-%m-%d").to_string()),
        Kind::Note => Some("example".to_string()),
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
    let library = app.library();
    let title_of = |id: &str| {
        library
            .resolve_link(d, id)
            .map_or_else(|| id.to_string(), |p| p.title.clone())
    };
    let named = |ids: Vec<&str>| {
        (!ids.is_empty()).then(|| ids.into_iter().map(title_of).collect::<Vec<_>>().join(", "))
    };
    let note = d.kind == Kind::Note;
    let fields: [(&str, Option<String>); 12] = [
        (
            "Written",
            d.created()
                .filter(|_| note)
                .map(|c| c.format("%Y-%m-%d %H:%M").to_string()),
        ),
        ("People", named(d.note_people()).filter(|_| note)),
        ("About", named(d.note_about()).filter(|_| note)),
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
