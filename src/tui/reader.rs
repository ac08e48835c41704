//! The reader: one page, scrolled, with its links, commands, headings, in-page find,
//! history, bookmarks, the link confirmation, and on a checklist the selected task. State and
//! its updates; the view is `view/reader.rs`, the geometry `layout.rs`.
//!
//! The marked link or command, link numbers and copying are `reader_focus.rs`.
//!
//! The task selection: on a checklist, `j`/`k` move from task to task, scrolling to reveal
//! the next one when it is near; far apart, they scroll half a page towards it so no text is
//! skipped unseen; `G` selects the last task, `g g` the first, a click the one clicked.
//! Whatever scrolls, the selection stays on a task in view. Space and `x` act on it only
//! while it is on screen.

use super::action::{Action, Effect, ProgressChange};
use super::app::{App, Screen};
use super::layout::{self, page_area};
use super::links;
use super::reader_doc::{self, Focus, Rendered};

pub use super::reader_find::{FindMatch, FindState};

/// One page in the reader, laid out for the current width.
#[derive(Debug, Clone)]
pub struct ReaderState {
    pub id: String,
    pub scroll: usize,
    pub rendered: Rendered,
    /// The marked link or command, an index into `rendered.focus`.
    pub focus: Option<usize>,
    /// A link number being typed, waiting for Enter.
    pub number: Option<usize>,
    /// On a checklist page, the selected task: an index into `rendered.tasks`.
    pub task: Option<usize>,
    /// The table of contents, open with its selected heading.
    pub toc: Option<usize>,
    pub find: Option<FindState>,
    /// Pages to go back to and forward to again: (id, scroll).
    pub back: Vec<(String, usize)>,
    pub forward: Vec<(String, usize)>,
}

impl ReaderState {
    /// The selected task while it is on screen (`height` rows from the scroll position).
    pub fn visible_task(&self, height: usize) -> Option<usize> {
        let t = self.task?;
        let line = self.rendered.tasks.get(t)?.line;
        (line >= self.scroll && line < self.scroll + height).then_some(t)
    }

    pub(super) fn max_scroll(&self, height: usize) -> usize {
        self.rendered.lines.len().saturating_sub(height)
    }

    /// Keeps the selected task in view after a scroll: the first task on screen when it
    /// left it (or the last one, when scrolling up took it off the bottom).
    pub(super) fn follow_scroll(&mut self, height: usize) {
        let Some(t) = self.task else { return };
        let tasks = &self.rendered.tasks;
        let Some(line) = tasks.get(t).map(|t| t.line) else {
            self.task = None;
            return;
        };
        let bottom = self.scroll + height;
        if line < self.scroll {
            if let Some(first) = tasks
                .iter()
                .position(|t| t.line >= self.scroll && t.line < bottom)
            {
                self.task = Some(first);
            }
        } else if line >= bottom
            && let Some(last) = tasks
                .iter()
                .rposition(|t| t.line >= self.scroll && t.line < bottom)
        {
            self.task = Some(last);
        }
    }

    /// `j` (`down`) or `k` on a page with a task selection.
    fn step_task(&mut self, down: bool, height: usize) {
        let max = self.max_scroll(height);
        let tasks = &self.rendered.tasks;
        let next = match (self.task, down) {
            (Some(t), true) => (t + 1 < tasks.len()).then_some(t + 1),
            (Some(t), false) => t.checked_sub(1),
            (None, _) => tasks.iter().position(|t| t.line >= self.scroll),
        };
        let reach = (height / 2).max(1);
        match next.map(|n| (n, tasks[n].line)) {
            Some((n, line)) if line >= self.scroll && line < self.scroll + height => {
                self.task = Some(n);
            }
            Some((n, line)) if down && line < self.scroll + height + reach => {
                self.task = Some(n);
                self.scroll = (line + 1).saturating_sub(height).min(max);
            }
            Some((n, line)) if !down && line + reach >= self.scroll => {
                self.task = Some(n);
                self.scroll = line.min(max);
            }
            Some(_) if down => {
                self.scroll = (self.scroll + reach).min(max);
                self.follow_scroll(height);
            }
            Some(_) => {
                self.scroll = self.scroll.saturating_sub(reach);
                self.follow_scroll(height);
            }
            // No task further on: the text beyond the last one is still read line by line.
            None if down => self.scroll = (self.scroll + 1).min(max),
            None => self.scroll = self.scroll.saturating_sub(1),
        }
    }

    /// Selects task `t` and scrolls it to a third of the way down the view.
    fn select_task(&mut self, t: usize, height: usize) {
        let Some(line) = self.rendered.tasks.get(t).map(|t| t.line) else {
            return;
        };
        self.task = Some(t);
        if line < self.scroll || line >= self.scroll + height {
            self.scroll = line.saturating_sub(height / 3).min(self.max_scroll(height));
        }
    }
}

/// More items changed at once than this (another onramp's ticks merged in) and the page is
/// laid out again instead of restamped line by line.
const RESTAMP_MAX: usize = 64;

impl App {
    /// Opens a page by id in the reader, on top of the current screen.
    pub(super) fn open_doc(&mut self, id: &str) -> Option<Effect> {
        let Some(doc) = self.library.get(id) else {
            self.status = Some(format!(
                "No page `{}`.",
                crate::content::term_safe_inline(id)
            ));
            return None;
        };
        let id = doc.id.clone();
        let rendered = self.layout_page(&id);
        let mut state = ReaderState {
            id: id.clone(),
            scroll: 0,
            rendered,
            focus: None,
            number: None,
            task: None,
            toc: None,
            find: None,
            back: Vec::new(),
            forward: Vec::new(),
        };
        state.task = self.first_task(&state);
        self.push(Screen::Reader(Box::new(state)));
        Some(opened(&id))
    }

    /// Opens search result `id` at its first match, every word of the query that the
    /// page matches marked; `query` is the search as typed, for the footer.
    pub(super) fn open_result(
        &mut self,
        id: &str,
        query: &str,
        terms: crate::search::Terms,
    ) -> Option<Effect> {
        let effect = self.open_doc(id);
        let (_, height) = page_area(self.size);
        if !terms.is_empty()
            && effect.is_some()
            && let Some(Screen::Reader(r)) = self.stack.last_mut()
        {
            r.find = Some(FindState::from_search(query, terms));
            r.run_find(height);
            if r.find.as_ref().is_some_and(|f| f.matches.is_empty()) {
                r.find = None;
            }
        }
        effect
    }

    /// Opens checklist page `id` with `item` selected and in view.
    pub(super) fn open_doc_at_item(&mut self, id: &str, item: &str) -> Option<Effect> {
        let effect = self.open_doc(id);
        let (_, height) = page_area(self.size);
        if let Some(Screen::Reader(r)) = self.stack.last_mut()
            && let Some(t) = r.rendered.tasks.iter().position(|t| t.item_id == item)
        {
            r.select_task(t, height);
        }
        effect
    }

    /// The first selectable task of a page: only checklist pages have a selection.
    fn first_task(&self, r: &ReaderState) -> Option<usize> {
        self.checklists.for_page(&r.id)?;
        (!r.rendered.tasks.is_empty()).then_some(0)
    }

    /// Lays out page `id` at the reader's width with its checklist states.
    pub(super) fn layout_page(&self, id: &str) -> Rendered {
        let Some(doc) = self.library.get(id) else {
            return Rendered::default();
        };
        // The header (owner, freshness, a person's or a tool's facts) is the one `show` draws.
        let body = crate::content::page_markdown(doc, &self.library, self.moment());
        let marks = self.page_marks(id);
        reader_doc::layout(
            &body,
            page_area(self.size).0,
            &self.theme,
            marks.as_ref().map(|m| m as &dyn crate::render::TaskInfo),
        )
    }

    /// The states and due dates progress gives the tasks of page `id`, when it is a checklist.
    pub fn page_marks(&self, id: &str) -> Option<reader_doc::ChecklistMarks<'_>> {
        let checklist = self.checklists.for_page(id)?;
        let lang = self.library.get(id).map_or("en", |d| d.lang.as_str());
        Some(reader_doc::ChecklistMarks::new(
            checklist,
            &self.progress,
            self.today,
            lang,
        ))
    }

    /// Brings open readers up to date with new progress after `old`: a page whose items only
    /// changed state gets just those tasks drawn again (a tick in a list of 20,000 costs one
    /// line); a new start date moves every due label, so the page is laid out again.
    pub(super) fn restamp_readers(&mut self, old: &crate::progress::Progress) {
        if old.start_date() != self.progress.start_date() {
            self.relayout_reader();
            return;
        }
        let theme = self.theme.page.clone();
        let mut relayout = false;
        for screen in &mut self.stack {
            let Screen::Reader(r) = screen else { continue };
            let Some(list) = self.checklists.for_page(&r.id) else {
                continue;
            };
            let (Some(now), before) = (
                self.progress.checklists.get(&list.id),
                old.checklists.get(&list.id),
            ) else {
                continue;
            };
            let changed: Vec<&String> = now
                .iter()
                .filter(|(item, entry)| before.and_then(|b| b.get(*item)) != Some(*entry))
                .map(|(item, _)| item)
                .collect();
            if changed.len() > RESTAMP_MAX {
                relayout = true;
                continue;
            }
            let lang = self.library.get(&r.id).map_or("en", |d| d.lang.as_str());
            let marks = reader_doc::ChecklistMarks::new(list, &self.progress, self.today, lang);
            for item_id in changed {
                let Some(mark) = crate::render::TaskInfo::state(&marks, item_id) else {
                    continue;
                };
                for task in r.rendered.tasks.iter().filter(|t| &t.item_id == item_id) {
                    if let Some(line) = r.rendered.lines.get_mut(task.line) {
                        crate::render::restamp_task(line, mark, &theme);
                    }
                }
            }
        }
        if relayout {
            self.relayout_reader();
        }
    }

    /// Lays out every open reader again (after a resize, a new load or new states), keeping
    /// each selection on the same item.
    pub(super) fn relayout_reader(&mut self) {
        let (_, height) = page_area(self.size);
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
            let selectable = self.checklists.for_page(&id).is_some();
            if let Screen::Reader(r) = &mut self.stack[i] {
                let item = r
                    .task
                    .and_then(|t| r.rendered.tasks.get(t))
                    .map(|t| t.item_id.clone());
                // Links and commands keep their order at every width: the same one stays marked.
                let focused = r.focus.and_then(|f| r.rendered.focus.get(f).copied());
                r.rendered = rendered;
                r.focus = focused.and_then(|f| r.rendered.focus.iter().position(|&g| g == f));
                r.scroll = r.scroll.min(r.max_scroll(height));
                r.refind();
                r.task = match item {
                    _ if !selectable || r.rendered.tasks.is_empty() => None,
                    Some(item) => r
                        .rendered
                        .tasks
                        .iter()
                        .position(|t| t.item_id == item)
                        .or(Some(0)),
                    None => Some(0),
                };
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
                    r.run_find(height);
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
                        r.scroll = h.line.min(r.max_scroll(height));
                        r.follow_scroll(height);
                    }
                    r.toc = None;
                }
                Action::Back | Action::ToggleToc => r.toc = None,
                other => super::app::move_selection(selected, len, &other, height),
            }
            return None;
        }
        let max = r.max_scroll(height);
        let page = height.saturating_sub(1).max(1);
        // A number being typed ends with Enter; any other key drops it.
        let number = r.number.take();
        match action {
            Action::LinkNumber(digit) => return self.type_link_number(number, digit),
            Action::Open if number.is_some() => {
                return self.update_reader(Action::FollowLink(number.unwrap_or(0)));
            }
            Action::Back if number.is_some() => return None,
            _ => {}
        }
        let Some(Screen::Reader(r)) = self.stack.last_mut() else {
            return None;
        };
        match action {
            Action::Up | Action::Down if r.task.is_some() => {
                r.step_task(action == Action::Down, height);
            }
            Action::Up | Action::ScrollUp => {
                r.scroll = r.scroll.saturating_sub(1);
                r.follow_scroll(height);
            }
            Action::Down | Action::ScrollDown => {
                r.scroll = (r.scroll + 1).min(max);
                r.follow_scroll(height);
            }
            Action::PageUp => {
                r.scroll = r.scroll.saturating_sub(page);
                r.follow_scroll(height);
            }
            Action::PageDown => {
                r.scroll = (r.scroll + page).min(max);
                r.follow_scroll(height);
            }
            Action::Top => {
                r.scroll = 0;
                if r.task.is_some() {
                    r.task = Some(0);
                }
            }
            Action::Bottom => {
                r.scroll = max;
                if r.task.is_some() {
                    r.task = r.rendered.tasks.len().checked_sub(1);
                }
            }
            Action::Click(col, row) => {
                let text = layout::reader(layout::frame_of(size).main).text;
                if row >= text.y && row < text.y + text.height {
                    let line = r.scroll + usize::from(row - text.y);
                    let column = col
                        .checked_sub(text.x + r.gutter())
                        .and_then(|c| r.rendered.focus_at(line, c));
                    match column.map(|f| (f, r.rendered.focus[f])) {
                        Some((_, Focus::Link(l))) => return self.follow_link(l),
                        Some((f, Focus::Command(_))) => r.focus = Some(f),
                        None => {}
                    }
                    if r.task.is_some()
                        && let Some(t) = r.rendered.tasks.iter().position(|t| t.line == line)
                    {
                        r.task = Some(t);
                    }
                }
            }
            Action::NextLink | Action::PrevLink => {
                let marked = r.step_focus(action == Action::NextLink, height);
                if !marked {
                    self.status = Some("This page has no links and no commands.".into());
                }
            }
            Action::Open => match r.focus.and_then(|f| r.rendered.focus.get(f).copied()) {
                Some(Focus::Link(l)) => return self.follow_link(l),
                Some(Focus::Command(c)) => return self.copy_command(c),
                None => {
                    self.status =
                        Some("Tab marks a link or a command; Enter follows or copies it.".into());
                }
            },
            Action::FollowLink(n) => {
                // Numbers name the numbered links only; footnote references come after them.
                if n == 0 || n > r.numbered_links() {
                    self.status = Some(format!("This page has no link {n}."));
                    return None;
                }
                return self.follow_link(n - 1);
            }
            Action::HistoryBack => return self.history_back(),
            Action::HistoryForward => return self.history_forward(),
            Action::Back => {
                if r.find.as_ref().is_some_and(FindState::from_a_search) {
                    // Marks from search go with the page: Esc returns to the results.
                    self.pop();
                } else if r.find.is_some() {
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
            Action::FindNext | Action::FindPrev
                if !r.step_find(action == Action::FindNext, height) =>
            {
                self.status = Some("Nothing to find: press / to search this page.".into());
            }
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
                let on = !self.progress.bookmarks().contains(&id.as_str());
                self.status = Some(if on {
                    "Bookmarked: it is on the home screen.".into()
                } else {
                    "Bookmark removed.".into()
                });
                return Some(Effect::Save(ProgressChange::Bookmark { id, on }));
            }
            Action::ToggleItem | Action::SkipItem => {
                let page = r.id.clone();
                let Some(t) = r.visible_task(height) else {
                    self.status = Some(if r.rendered.tasks.is_empty() {
                        "This page has no task items.".into()
                    } else if r.task.is_none() {
                        "This is a list on a page, not a checklist: only checklist items are kept."
                            .into()
                    } else {
                        "No task selected on this part of the page: j and k move to one.".into()
                    });
                    return None;
                };
                let item = r.rendered.tasks[t].item_id.clone();
                return self.mark(&page, &item, action == Action::SkipItem);
            }
            Action::CopyCode => return self.copy_marked(height),
            Action::EditPage => {
                let file = self.library.get(&r.id).and_then(|d| d.file.clone());
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
        let (_, height) = page_area(size);
        let Some(Screen::Reader(r)) = self.stack.last_mut() else {
            return None;
        };
        let Some(link) = r.rendered.links.get(index).cloned() else {
            self.status = Some(format!("This page has no link {}.", index + 1));
            return None;
        };
        r.focus = r.rendered.focus_of_link(index);
        if let Some(note) = link.note {
            // Back returns to the reference, as it returns from a followed page.
            r.back.push((r.id.clone(), r.scroll));
            r.forward.clear();
            r.scroll = note.min(r.max_scroll(height));
            r.follow_scroll(height);
            return None;
        }
        if let Some(anchor) = link.target.strip_prefix('#') {
            let id = r.id.clone();
            self.scroll_to_anchor(&id, anchor);
            return None;
        }
        // The library first: a team pack's `PACK:ID` reads like a scheme.
        let from = r.id.clone();
        let target = self
            .library
            .get(&from)
            .and_then(|doc| self.library.resolve_link(doc, &link.target))
            .map(|d| d.id.clone());
        if let Some(id) = target {
            let effect = self.navigate(&id);
            if let Some((_, anchor)) = link.target.split_once('#')
                && !anchor.is_empty()
            {
                self.scroll_to_anchor(&id, anchor);
            }
            return effect;
        }
        if crate::content::is_external_link(&link.target) {
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
        self.status = Some(format!(
            "Link not found in the content: {}",
            crate::content::term_safe_inline(&link.target)
        ));
        None
    }

    /// Scrolls the reader showing page `id` to the heading or anchor `anchor` names, found by
    /// the content module's anchor rule (GitHub's, `MkDocs`' and the others it knows).
    fn scroll_to_anchor(&mut self, id: &str, anchor: &str) {
        let (_, height) = page_area(self.size);
        let src_line = self
            .library
            .get(id)
            .and_then(|doc| self.library.anchor_line(doc, anchor));
        let Some(Screen::Reader(r)) = self.stack.last_mut() else {
            return;
        };
        match src_line.and_then(|src| r.rendered.line_of_source(src)) {
            Some(line) => {
                r.scroll = line.min(r.max_scroll(height));
                r.follow_scroll(height);
            }
            None => {
                self.status = Some(format!(
                    "No heading `#{}` on this page.",
                    crate::content::term_safe_inline(anchor)
                ));
            }
        }
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
        self.reselect_task();
        Some(opened(id))
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
        self.reselect_task();
        None
    }

    /// After the reader shows another page: its first task in view is selected, when it is
    /// a checklist.
    fn reselect_task(&mut self) {
        let (_, height) = page_area(self.size);
        let selectable = matches!(self.stack.last(), Some(Screen::Reader(r)) if self.checklists.for_page(&r.id).is_some());
        if let Some(Screen::Reader(r)) = self.stack.last_mut() {
            r.task = (selectable && !r.rendered.tasks.is_empty()).then_some(0);
            r.follow_scroll(height);
        }
    }
}

/// What opening page `id` saves: it is the most recently read.
fn opened(id: &str) -> Effect {
    Effect::Save(ProgressChange::Opened { id: id.to_string() })
}

fn show(r: &mut ReaderState, id: &str, scroll: usize, rendered: Rendered) {
    r.id = id.to_string();
    r.rendered = rendered;
    r.scroll = scroll;
    r.focus = None;
    r.number = None;
    r.task = None;
    r.toc = None;
    r.find = None;
}
