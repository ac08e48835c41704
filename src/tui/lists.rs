//! The list screens (people, tools, glossary, notes): their rows under the filter, and how
//! actions change them. The filter is a search of the list's kind, answered by the worker:
//! matching and order are the search module's (typos, titles first), never a rule here.
//! The view is `view/lists.rs`.

use super::action::{Action, Effect};
use super::app::{App, ListState, Screen, move_selection};
use super::layout;
use crate::content::Kind;

impl App {
    /// Indexes (into `library().docs()`) of the list's documents under its filter: with a
    /// filter, the pages the search module matched for it, best first (typos forgiven, an
    /// exact title first); without, every page of the kind by title (notes: the user's own
    /// first, newest first).
    pub fn list_rows(&self, state: &ListState) -> Vec<usize> {
        let docs = self.library.docs();
        if let Some(found) = state.found.as_ref().filter(|_| has_filter(state)) {
            // Documents are sorted by id.
            return found
                .iter()
                .filter_map(|id| docs.binary_search_by(|d| d.id.as_str().cmp(id)).ok())
                .filter(|&i| docs[i].kind == state.kind)
                .collect();
        }
        let mut rows: Vec<usize> = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.kind == state.kind)
            .map(|(i, _)| i)
            .collect();
        if state.kind == Kind::Note {
            // The user's own notes first, newest first, then the pack's examples.
            rows.sort_by(|&a, &b| docs[a].cmp_as_note(&docs[b]));
            return rows;
        }
        rows.sort_by(|&a, &b| {
            docs[a]
                .title
                .to_lowercase()
                .cmp(&docs[b].title.to_lowercase())
        });
        rows
    }

    /// Asks the search module for the pages the list's filter matches, of the list's kind
    /// only; an empty filter lists everything again.
    fn search_filter(&mut self) -> Option<Effect> {
        self.searches += 1;
        let generation = self.searches;
        let Some(Screen::List(state)) = self.stack.last_mut() else {
            return None;
        };
        state.generation = generation;
        state.selected = 0;
        if !has_filter(state) {
            state.found = None;
            state.waiting = false;
            return None;
        }
        state.waiting = true;
        Some(Effect::Search {
            generation,
            query: state.filter.clone(),
            kind: Some(state.kind),
        })
    }

    pub(super) fn update_list(&mut self, action: Action) -> Option<Effect> {
        let Some(Screen::List(state)) = self.stack.last() else {
            return None;
        };
        let rows = self.list_rows(state);
        let (top, height) = layout::list_rows(self.size);
        let Some(Screen::List(state)) = self.stack.last_mut() else {
            return None;
        };
        if state.filtering {
            match action {
                Action::Input(c) => state.filter.push(c),
                Action::Paste(text) => state
                    .filter
                    .extend(text.chars().filter(|c| !c.is_control())),
                Action::DeleteChar => {
                    // Nothing left to delete: nothing to search again.
                    state.filter.pop()?;
                }
                Action::ClearInput => state.filter.clear(),
                Action::Open | Action::Back => {
                    state.filtering = false;
                    return None;
                }
                other => {
                    move_selection(&mut state.selected, rows.len(), &other, height);
                    return None;
                }
            }
            return self.search_filter();
        }
        move_selection(&mut state.selected, rows.len(), &action, height);
        match action {
            Action::StartFilter => {
                state.filtering = true;
                None
            }
            Action::Back if !state.filter.is_empty() => {
                state.filter.clear();
                self.search_filter()
            }
            Action::Back => {
                self.pop();
                None
            }
            Action::Click(_, row) if row >= top => {
                let index = layout::list_offset(state.selected, height) + usize::from(row - top);
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

/// True when the filter holds more than spaces.
fn has_filter(state: &ListState) -> bool {
    !state.filter.trim().is_empty()
}
