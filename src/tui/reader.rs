//! The reader: one page, scrolled, with its links, headings, task items, in-page find,
//! history, bookmarks and the link confirmation. State and its updates; the view is
//! `view/reader.rs`.

use super::action::{Action, Effect, Mark, ProgressChange};
use super::app::{App, Screen};
use super::links;
use super::reader_doc::{self, RenderContext, Rendered};

/// In-page find: the query and the lines that match it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindState {
    pub query: String,
    pub typing: bool,
    pub matches: Vec<usize>,
    pub current: usize,
}

/// One page in the reader, laid out for the current width.
#[derive(Debug, Clone)]
pub struct ReaderState {
    pub id: String,
    pub scroll: usize,
    pub rendered: Rendered,
    /// The focused link, an index into `rendered.links`.
    pub link: Option<usize>,
    /// The table of contents, open with its selected heading.
    pub toc: Option<usize>,
    pub find: Option<FindState>,
    /// Pages to go back to and forward to again: (id, scroll).
    pub back: Vec<(String, usize)>,
    pub forward: Vec<(String, usize)>,
}

impl ReaderState {
    /// The task the cursor is on: the first one at or below the top of the view.
    pub fn focused_task(&self) -> Option<usize> {
        self.rendered
            .tasks
            .iter()
            .position(|t| t.line >= self.scroll)
    }
}

/// The reader's page area: (width of the text, height of the view), from the terminal size.
pub fn page_area(size: (u16, u16)) -> (u16, usize) {
    // Borders, one column of padding each side and the task cursor's gutter.
    let width = size.0.saturating_sub(5).max(10);
    let height = usize::from(size.1.saturating_sub(3));
    (width, height.max(1))
}

impl App {
    /// Opens a page by id in the reader, on top of the current screen.
    pub(super) fn open_doc(&mut self, id: &str) -> Option<Effect> {
        let Some(doc) = self.library.get(id) else {
            self.status = Some(format!("No page `{id}`."));
            return None;
        };
        let id = doc.id.clone();
        let rendered = self.layout_page(&id);
        self.push(Screen::Reader(Box::new(ReaderState {
            id: id.clone(),
            scroll: 0,
            rendered,
            link: None,
            toc: None,
            find: None,
            back: Vec::new(),
            forward: Vec::new(),
        })));
        Some(self.note_opened(&id))
    }

    fn note_opened(&mut self, id: &str) -> Effect {
        self.recent.retain(|r| r != id);
        self.recent.insert(0, id.to_string());
        self.recent.truncate(20);
        Effect::Save(ProgressChange::Opened { id: id.to_string() })
    }

    /// Lays out page `id` at the reader's width with the current marks.
    pub(super) fn layout_page(&self, id: &str) -> Rendered {
        let Some(doc) = self.page(id) else {
            return Rendered::default();
        };
        let body = reader_doc::page_body(doc, &self.library);
        let mark = |item: &str| {
            self.checks.get(id).and_then(|c| {
                c.items
                    .iter()
                    .find(|i| i.id == item)
                    .and_then(|i| self.checks.mark(id, i))
            })
        };
        let due = |item: &str| {
            let item = self.checks.get(id)?.items.iter().find(|i| i.id == item)?;
            let date = self.checks.due_date(item.due?)?;
            Some(date.format("%a %-d %b").to_string())
        };
        let ctx = RenderContext {
            theme: &self.theme,
            mark: &mark,
            due: &due,
        };

        reader_doc::layout(&body, page_area(self.size).0, &ctx)
    }

    /// Lays out every open reader again (after a resize or a change of marks).
    pub(super) fn relayout_reader(&mut self) {
        let ids: Vec<(usize, String)> = self
            .stack
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                Screen::Reader(r) => Some((i, r.id.clone())),
                _ => None,
            })
            .collect();
        for (i, id) in ids {
            let rendered = self.layout_page(&id);
            if let Screen::Reader(r) = &mut self.stack[i] {
                r.rendered = rendered;
                r.scroll = r.scroll.min(max_scroll(r, self.size));
            }
        }
    }

    pub(super) fn update_reader(&mut self, action: Action) -> Option<Effect> {
        let size = self.size;
        let Some(Screen::Reader(r)) = self.stack.last_mut() else {
            return None;
        };
        let (_, height) = page_area(size);
        if let Some(find) = r.find.as_mut().filter(|f| f.typing) {
            match action {
                Action::Input(c) => find.query.push(c),
                Action::Paste(text) => find.query.extend(text.chars().filter(|c| !c.is_control())),
                Action::DeleteChar => {
                    find.query.pop();
                }
                Action::ClearInput => find.query.clear(),
                Action::Back => r.find = None,
                Action::Open => {
                    find.typing = false;
                    run_find(r);
                }
                _ => {}
            }
            return None;
        }
        if let Some(selected) = r.toc.as_mut() {
            let len = r.rendered.headings.len();
            match action {
                Action::Open => {
                    if let Some(h) = r.rendered.headings.get(*selected) {
                        r.scroll = h.line.min(max_scroll(r, size));
                    }
                    r.toc = None;
                }
                Action::Back | Action::ToggleToc => r.toc = None,
                other => super::app::move_selection(selected, len, &other, height),
            }
            return None;
        }
        let max = max_scroll(r, size);
        match action {
            Action::Up | Action::ScrollUp => r.scroll = r.scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => r.scroll = (r.scroll + 1).min(max),
            Action::PageUp => r.scroll = r.scroll.saturating_sub(height.saturating_sub(1).max(1)),
            Action::PageDown => r.scroll = (r.scroll + height.saturating_sub(1).max(1)).min(max),
            Action::Top => r.scroll = 0,
            Action::Bottom => r.scroll = max,
            Action::NextLink | Action::PrevLink => {
                let n = r.rendered.links.len();
                if n == 0 {
                    self.status = Some("This page has no links.".into());
                    return None;
                }
                let next = match (r.link, action == Action::NextLink) {
                    (None, true) => r
                        .rendered
                        .links
                        .iter()
                        .position(|l| l.line >= r.scroll)
                        .unwrap_or(0),
                    (None, false) => n - 1,
                    (Some(i), true) => (i + 1) % n,
                    (Some(i), false) => (i + n - 1) % n,
                };
                r.link = Some(next);
                let line = r.rendered.links[next].line;
                if line < r.scroll || line >= r.scroll + height {
                    r.scroll = line.saturating_sub(height / 3).min(max);
                }
            }
            Action::Open => {
                if let Some(i) = r.link {
                    return self.follow_link(i);
                }
                self.status = Some("Tab picks a link; Enter follows it.".into());
            }
            Action::FollowLink(n) => {
                // Numbers name the numbered links only; footnote references come after them.
                let numbered = r.rendered.links.iter().filter(|l| l.note.is_none()).count();
                if n == 0 || n > numbered {
                    self.status = Some(format!("This page has no link {n}."));
                    return None;
                }
                return self.follow_link(n - 1);
            }
            Action::HistoryBack => return self.history_back(),
            Action::HistoryForward => return self.history_forward(),
            Action::Back => {
                if r.find.is_some() {
                    r.find = None;
                } else if !r.back.is_empty() {
                    return self.history_back();
                } else {
                    self.pop();
                }
            }
            Action::StartFind => {
                r.find = Some(FindState {
                    typing: true,
                    ..FindState::default()
                });
            }
            Action::FindNext | Action::FindPrev => match r.find.as_mut() {
                Some(f) if !f.matches.is_empty() => {
                    let n = f.matches.len();
                    f.current = if action == Action::FindNext {
                        (f.current + 1) % n
                    } else {
                        (f.current + n - 1) % n
                    };
                    r.scroll = f.matches[f.current].min(max);
                }
                _ => self.status = Some("Nothing to find: press / to search this page.".into()),
            },
            Action::ToggleToc => {
                if r.rendered.headings.is_empty() {
                    self.status = Some("This page has no headings.".into());
                } else {
                    let current = r
                        .rendered
                        .headings
                        .iter()
                        .rposition(|h| h.line <= r.scroll)
                        .unwrap_or(0);
                    r.toc = Some(current);
                }
            }
            Action::ToggleBookmark => {
                let id = r.id.clone();
                let on = !self.bookmarks.contains(&id);
                if on {
                    self.bookmarks.push(id.clone());
                    self.status = Some("Bookmarked: it is on the home screen.".into());
                } else {
                    self.bookmarks.retain(|b| b != &id);
                    self.status = Some("Bookmark removed.".into());
                }
                return Some(Effect::Save(ProgressChange::Bookmark { id, on }));
            }
            Action::ToggleItem | Action::SkipItem => {
                let Some(t) = r.focused_task() else {
                    self.status = Some("No task item on this part of the page.".into());
                    return None;
                };
                let (id, item) = (r.id.clone(), r.rendered.tasks[t].item.clone());
                let mark = if action == Action::SkipItem {
                    Mark::Skipped
                } else {
                    Mark::Done
                };
                return Some(self.toggle_mark(&id, &item, mark));
            }
            Action::CopyCode => {
                let block = r.rendered.code_blocks.iter().find(|b| b.end >= r.scroll);
                let Some(block) = block else {
                    self.status = Some("No code block on this part of the page.".into());
                    return None;
                };
                return Some(Effect::Copy(super::clipboard::clean_for_paste(&block.text)));
            }
            Action::EditPage => {
                let id = r.id.clone();
                let file = self.page(&id).and_then(|d| d.file.clone());
                match file {
                    Some(path) => return Some(Effect::Edit(path)),
                    None => {
                        self.status = Some(
                            "This page is built into onramp; copy it into a content folder to edit it."
                                .into(),
                        );
                    }
                }
            }
            _ => {}
        }
        None
    }

    /// Follows link `index` of the current page: another page in the app, a heading of this
    /// one, or (after confirmation) an allowed external address.
    fn follow_link(&mut self, index: usize) -> Option<Effect> {
        let size = self.size;
        let Some(Screen::Reader(r)) = self.stack.last_mut() else {
            return None;
        };
        let Some(link) = r.rendered.links.get(index).cloned() else {
            self.status = Some(format!("This page has no link {}.", index + 1));
            return None;
        };
        r.link = Some(index);
        if let Some(note) = link.note {
            // Back returns to the reference, as it returns from a followed page.
            r.back.push((r.id.clone(), r.scroll));
            r.forward.clear();
            r.scroll = note.min(max_scroll(r, size));
            return None;
        }
        if let Some(anchor) = link.target.strip_prefix('#') {
            let found = r
                .rendered
                .headings
                .iter()
                .find(|h| crate::content::checklist::slug(&h.text) == anchor)
                .map(|h| h.line);
            match found {
                Some(heading_line) => r.scroll = heading_line.min(max_scroll(r, size)),
                None => self.status = Some(format!("No heading `{anchor}` on this page.")),
            }
            return None;
        }
        if links::is_external(&link.target) {
            match links::external_target(&link.target) {
                Ok(url) => {
                    self.confirm = Some(links::Confirmation::new(url, Some(&link.text)));
                }
                Err(why) => {
                    self.status = Some(format!(
                        "Not opened: {why}: {}",
                        crate::content::term_safe_inline(&link.target)
                    ));
                }
            }
            return None;
        }
        let from = r.id.clone();
        let target = self
            .library
            .get(&from)
            .and_then(|doc| self.library.resolve_link(doc, &link.target))
            .map(|d| d.id.clone());
        if let Some(id) = target {
            return self.navigate(&id);
        }
        self.status = Some(format!(
            "Link not found in the content: {}",
            crate::content::term_safe_inline(&link.target)
        ));
        None
    }

    /// Shows page `id` in the current reader, remembering where we were.
    fn navigate(&mut self, id: &str) -> Option<Effect> {
        let rendered = self.layout_page(id);
        let Some(Screen::Reader(r)) = self.stack.last_mut() else {
            return None;
        };
        r.back.push((r.id.clone(), r.scroll));
        r.forward.clear();
        show(r, id, 0, rendered);
        Some(self.note_opened(id))
    }

    fn history_back(&mut self) -> Option<Effect> {
        self.history_step(true)
    }

    fn history_forward(&mut self) -> Option<Effect> {
        self.history_step(false)
    }

    fn history_step(&mut self, back: bool) -> Option<Effect> {
        let Some(Screen::Reader(r)) = self.stack.last_mut() else {
            return None;
        };
        let (from, to) = if back {
            (&mut r.back, &mut r.forward)
        } else {
            (&mut r.forward, &mut r.back)
        };
        let Some((id, scroll)) = from.pop() else {
            self.status = Some(if back {
                "No earlier page.".into()
            } else {
                "No later page.".into()
            });
            return None;
        };
        to.push((r.id.clone(), r.scroll));
        let rendered = self.layout_page(&id);
        if let Some(Screen::Reader(r)) = self.stack.last_mut() {
            show(r, &id, scroll, rendered);
        }
        None
    }
}

fn show(r: &mut ReaderState, id: &str, scroll: usize, rendered: Rendered) {
    r.id = id.to_string();
    r.rendered = rendered;
    r.scroll = scroll;
    r.link = None;
    r.toc = None;
    r.find = None;
}

fn max_scroll(r: &ReaderState, size: (u16, u16)) -> usize {
    r.rendered.lines.len().saturating_sub(page_area(size).1)
}

fn run_find(r: &mut ReaderState) {
    let Some(f) = r.find.as_mut() else { return };
    let needle = f.query.to_lowercase();
    f.matches = if needle.is_empty() {
        Vec::new()
    } else {
        r.rendered
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.to_string().to_lowercase().contains(&needle))
            .map(|(i, _)| i)
            .collect()
    };
    f.current = f.matches.iter().position(|&m| m >= r.scroll).unwrap_or(0);
    if let Some(&line) = f.matches.get(f.current) {
        r.scroll = line.min(r.rendered.lines.len().saturating_sub(1));
    }
}
