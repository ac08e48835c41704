//! The search screen: the query line, results with a kind badge, title and highlighted
//! snippet, and a preview of the selected page when the terminal is wide enough.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, StatefulWidget, Widget, Wrap};

use super::highlighted;
use crate::content::term_safe_inline;
use crate::tui::app::{App, SearchState};
use crate::tui::layout;

pub fn render(app: &App, state: &SearchState, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let parts = layout::search(area, !state.hits.is_empty());
    let query = parts.query;
    // A query shown selected is replaced by what is typed next.
    let input = term_safe_inline(&state.input).into_owned();
    let mut spans = vec![
        Span::styled("> ", theme.accent),
        if state.replace {
            Span::styled(input, theme.selected)
        } else {
            Span::raw(input)
        },
        Span::raw("▏"),
    ];
    if state.replace && !state.waiting {
        spans.push(Span::styled("  type to replace, → to edit", theme.dim));
    }
    if state.waiting {
        let doing = if app.indexing() {
            "  indexing…"
        } else {
            "  searching…"
        };
        spans.push(Span::styled(doing, theme.dim));
    }
    Paragraph::new(Line::from(spans))
        .block(Block::bordered().title(" Search "))
        .render(query, buf);
    let (list_area, preview_area) = (parts.results, parts.preview);
    if state.hits.is_empty() {
        empty_state(app, state, list_area, buf);
        return;
    }
    let width = usize::from(list_area.width.saturating_sub(4));
    let items: Vec<ListItem> = state
        .hits
        .iter()
        .map(|hit| {
            let title = Line::from(vec![
                Span::styled(format!("{:<10}", hit.kind.as_str()), theme.accent),
                Span::styled(term_safe_inline(&hit.title).into_owned(), theme.heading),
            ]);
            let pairs: Vec<(usize, usize)> = hit
                .snippet
                .highlights
                .iter()
                .map(|r| (r.start, r.end))
                .collect();
            let (text, marks) = cut_snippet(&hit.snippet.text, &pairs, width);

            let mut snippet = vec![Span::raw("  ")];
            snippet.extend(highlighted(&text, &marks, theme.dim, theme.highlight));
            ListItem::new(vec![title, Line::from(snippet)])
        })
        .collect();
    let title = format!(
        " {} ",
        crate::words::count(state.hits.len(), "result", "results")
    );
    let list = List::new(items)
        .block(Block::bordered().title(title))
        .highlight_style(theme.selected);
    let mut list_state = ListState::default().with_selected(Some(state.selected));
    StatefulWidget::render(list, list_area, buf, &mut list_state);
    if let (Some(p), Some(hit)) = (preview_area, state.hits.get(state.selected)) {
        preview(app, &hit.id, p, buf);
    }
}

/// Keeps the snippet to one row, with the highlight ranges that still fit.
fn cut_snippet(
    text: &str,
    marks: &[(usize, usize)],
    width: usize,
) -> (String, Vec<(usize, usize)>) {
    let mut end = 0;
    let mut cols = 0;
    for (i, c) in text.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if cols + w > width {
            break;
        }
        cols += w;
        end = i + c.len_utf8();
    }
    let kept = marks.iter().copied().filter(|&(_, b)| b <= end).collect();
    (text[..end].to_string(), kept)
}

fn empty_state(app: &App, state: &SearchState, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let mut lines = Vec::new();
    if state.input.trim().is_empty() {
        lines.push(Line::from(
            "Type to search guides, checklists, runbooks, people, tools, the glossary and notes.",
        ));
    } else if state.waiting && app.indexing() {
        lines.push(Line::from("Opening the search index…"));
    } else if state.waiting {
        lines.push(Line::from("Searching…"));
    } else if let Some(error) = &state.error {
        lines.push(Line::from(Span::styled(
            term_safe_inline(error).into_owned(),
            theme.error,
        )));
    } else {
        lines.push(Line::from(format!(
            "Nothing matches “{}”.",
            term_safe_inline(&state.input)
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Try:", theme.heading)));
    for example in [
        "failover          a word from any page",
        "kind:person db    only people, who know about databases",
        "kind:runbook      every runbook",
        "kind:term sla     a glossary entry",
    ] {
        lines.push(Line::from(format!("  {example}")));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::bordered())
        .render(area, buf);
}

/// The start of a page, for the preview pane.
fn preview(app: &App, id: &str, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let Some(doc) = app.library().get(id) else {
        return;
    };
    let mut lines = Vec::new();
    if let Some(d) = &doc.description {
        lines.push(Line::from(Span::styled(
            term_safe_inline(d).into_owned(),
            theme.accent,
        )));
        lines.push(Line::default());
    }
    // Only the start of the page is drawn, so only the start is rendered: a preview costs
    // the same for a huge page as for a short one. Task states come from progress, as in
    // the reader.
    let width = area.width.saturating_sub(2);
    let head_end = doc
        .body
        .match_indices('\n')
        .nth(usize::from(area.height) * 3)
        .map_or(doc.body.len(), |(i, _)| i);
    let marks = app.page_marks(id);
    let rendered = crate::render::parse(&doc.body[..head_end]).render(
        width,
        &crate::render::RenderContext {
            tasks: marks.as_ref().map(|m| m as &dyn crate::render::TaskInfo),
            theme: theme.page.clone(),
        },
    );
    lines.extend(rendered.lines.into_iter().take(usize::from(area.height)));

    Paragraph::new(lines)
        .block(Block::bordered().title(format!(" {} ", doc.display_title())))
        .render(area, buf);
}
