//! The checklists screen and the list screens (people, tools, glossary, notes): their rows
//! under the filters, and how actions change them. The views are `view/checklists.rs` and
//! `view/lists.rs`.

use super::action::{Action, Effect, Mark, ProgressChange};
use super::app::{App, CheckRow, ChecklistsState, ListState, Screen, list_offset, move_selection};

impl App {
    // ---- Checklists --------------------------------------------------------------------

    /// The rows of the checklists screen under its filters.
    pub fn checklist_rows(&self, state: &ChecklistsState) -> Vec<CheckRow> {
        let mut rows = Vec::new();
        for (ci, c) in self.checks.checklists.iter().enumerate() {
            let items: Vec<usize> = c
                .items
                .iter()
                .enumerate()
                .filter(|(_, item)| {
                    (!state.not_done || self.checks.mark(&c.id, item).is_none())
                        && (!state.due_now || self.checks.is_due_now(&c.id, item))
                })
                .map(|(i, _)| i)
                .collect();
            if items.is_empty() && (state.due_now || state.not_done) {
                continue;
            }
            rows.push(CheckRow::Checklist(ci));
            rows.extend(items.into_iter().map(|i| CheckRow::Item(ci, i)));
        }
        rows
    }

    pub(super) fn update_checklists(&mut self, action: &Action) -> Option<Effect> {
        let Some(Screen::Checklists(state)) = self.stack.last() else {
            return None;
        };
        let rows = self.checklist_rows(state);
        let height = super::view::checklists::list_height(self.size);
        let top = super::view::checklists::list_top(self.size);
        let Some(Screen::Checklists(state)) = self.stack.last_mut() else {
            return None;
        };
        move_selection(&mut state.selected, rows.len(), action, height);
        match action {
            Action::Back => {
                self.pop();
                None
            }
            Action::FilterDueNow => {
                state.due_now = !state.due_now;
                state.selected = 0;
                if state.due_now && self.checks.start.is_none() {
                    self.status = Some(
                        "No start date yet: `onramp start` sets it, and due dates follow.".into(),
                    );
                }
                None
            }
            Action::FilterNotDone => {
                state.not_done = !state.not_done;
                state.selected = 0;
                None
            }
            Action::Click(_, row) if *row >= top => {
                let index = list_offset(state.selected, height) + usize::from(*row - top);
                if index >= rows.len() {
                    return None;
                }
                // A click on the selected row opens it, as Enter would.
                let open = index == state.selected;
                state.selected = index;
                if open {
                    return self.update_checklists(&Action::Open);
                }
                None
            }
            Action::Open => match rows.get(state.selected) {
                Some(CheckRow::Checklist(ci) | CheckRow::Item(ci, _)) => {
                    let id = self.checks.checklists[*ci].id.clone();
                    self.open_doc(&id)
                }
                None => None,
            },
            Action::ToggleItem | Action::SkipItem => {
                let mark = if *action == Action::SkipItem {
                    Mark::Skipped
                } else {
                    Mark::Done
                };
                match rows.get(state.selected) {
                    Some(CheckRow::Item(ci, ii)) => {
                        let c = &self.checks.checklists[*ci];
                        let (cid, iid) = (c.id.clone(), c.items[*ii].id.clone());
                        Some(self.toggle_mark(&cid, &iid, mark))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Sets `mark` on an item, or clears it when the item already has it.
    pub(super) fn toggle_mark(&mut self, checklist: &str, item: &str, mark: Mark) -> Effect {
        let current = self.checks.get(checklist).and_then(|c| {
            c.items
                .iter()
                .find(|i| i.id == item)
                .and_then(|i| self.checks.mark(checklist, i))
        });
        let next = if current == Some(mark) {
            None
        } else {
            Some(mark)
        };
        self.checks.set(checklist, item, next);
        self.relayout_reader();
        Effect::Save(ProgressChange::SetItem {
            checklist: checklist.to_string(),
            item: item.to_string(),
            mark: next,
        })
    }

    // ---- Lists: people, tools, glossary, notes -----------------------------------------

    /// Indexes (into `library().docs()`) of the list's documents under its filter.
    pub fn list_rows(&self, state: &ListState) -> Vec<usize> {
        let needle = state.filter.to_lowercase();
        let mut rows: Vec<usize> = self
            .library
            .docs()
            .iter()
            .enumerate()
            .filter(|(_, d)| d.kind == state.kind)
            .filter(|(_, d)| {
                needle.is_empty() || {
                    let p = &d.person;
                    [
                        Some(&d.title),
                        p.role.as_ref(),
                        p.team.as_ref(),
                        d.expansion.as_ref(),
                        d.description.as_ref(),
                    ]
                    .into_iter()
                    .flatten()
                    .chain(p.ask_me_about.iter())
                    .chain(d.aliases.iter())
                    .chain(d.tags.iter())
                    .any(|s| s.to_lowercase().contains(&needle))
                }
            })
            .map(|(i, _)| i)
            .collect();
        let docs = self.library.docs();
        rows.sort_by(|&a, &b| {
            docs[a]
                .title
                .to_lowercase()
                .cmp(&docs[b].title.to_lowercase())
        });
        rows
    }

    pub(super) fn update_list(&mut self, action: Action) -> Option<Effect> {
        let Some(Screen::List(state)) = self.stack.last() else {
            return None;
        };
        let rows = self.list_rows(state);
        let height = super::view::lists::list_height(self.size);
        let top = super::view::lists::list_top(self.size);
        let Some(Screen::List(state)) = self.stack.last_mut() else {
            return None;
        };
        if state.filtering {
            match action {
                Action::Input(c) => {
                    state.filter.push(c);
                    state.selected = 0;
                }
                Action::Paste(text) => {
                    state
                        .filter
                        .extend(text.chars().filter(|c| !c.is_control()));
                    state.selected = 0;
                }
                Action::DeleteChar => {
                    state.filter.pop();
                    state.selected = 0;
                }
                Action::ClearInput => state.filter.clear(),
                Action::Open | Action::Back => state.filtering = false,
                other => move_selection(&mut state.selected, rows.len(), &other, height),
            }
            return None;
        }
        move_selection(&mut state.selected, rows.len(), &action, height);
        match action {
            Action::StartFilter => {
                state.filtering = true;
                None
            }
            Action::Back if !state.filter.is_empty() => {
                state.filter.clear();
                state.selected = 0;
                None
            }
            Action::Back => {
                self.pop();
                None
            }
            Action::Click(_, row) if row >= top => {
                let index = list_offset(state.selected, height) + usize::from(row - top);
                if index >= rows.len() {
                    return None;
                }
                // A click on the selected row opens it, as Enter would.
                let open = index == state.selected;
                state.selected = index;
                if open {
                    return self.update_list(Action::Open);
                }
                None
            }
            Action::Open => {
                let id = rows
                    .get(state.selected)
                    .map(|&i| self.library.docs()[i].id.clone());
                id.and_then(|id| self.open_doc(&id))
            }
            _ => None,
        }
    }
}
