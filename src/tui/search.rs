//! The search screen's state changes: editing the query (a query shown selected when search
//! opens again is replaced by what is typed), asking the worker for results (latest query
//! wins), moving through and opening results (at the first match, the query's words
//! marked). Never reads the query: it goes to the search module as typed, which owns its
//! syntax (`kind:runbook` and the rest).

use super::action::{Action, Effect};
use super::app::{App, Screen, move_selection};
use super::layout;

impl App {
    pub(super) fn update_search(&mut self, action: Action) -> Option<Effect> {
        let Some(Screen::Search(state)) = self.stack.last_mut() else {
            return None;
        };
        // A query shown selected goes at the first edit, or stays for editing at any
        // other key.
        let replace = std::mem::take(&mut state.replace);
        if replace && matches!(action, Action::Input(_) | Action::Paste(_)) {
            state.input.clear();
        }
        let changed = match action {
            Action::Input(c) => {
                state.input.push(c);
                true
            }
            Action::Paste(text) => {
                state.input.extend(text.chars().filter(|c| !c.is_control()));
                true
            }
            Action::DeleteChar if replace => {
                state.input.clear();
                true
            }
            Action::DeleteChar => state.input.pop().is_some(),
            Action::EditQuery => false,
            Action::ClearInput => {
                let had = !state.input.is_empty();
                state.input.clear();
                had
            }
            Action::Back => {
                self.pop();
                return None;
            }
            Action::Open => {
                let hit = state.hits.get(state.selected);
                let (id, terms) = hit.map(|h| (h.id.clone(), h.terms.clone()))?;
                let query = state.input.clone();
                return self.open_result(&id, &query, terms);
            }
            Action::Click(_, row) => {
                let frame = layout::frame_of(self.size);
                let top = layout::inner(layout::search(frame.main, false).results).y;
                if let Some(Screen::Search(state)) = self.stack.last_mut()
                    && row >= top
                {
                    let height = layout::results_visible(self.size);
                    let offset = layout::list_offset(state.selected, height);
                    let index = offset + usize::from((row - top) / layout::RESULT_ROWS);
                    if index < state.hits.len() {
                        // A click on the selected result opens it, as Enter would.
                        let open = index == state.selected;
                        state.selected = index;
                        if open {
                            return self.update_search(Action::Open);
                        }
                    }
                }
                return None;
            }
            other => {
                let height = layout::results_visible(self.size);
                move_selection(&mut state.selected, state.hits.len(), &other, height);
                false
            }
        };
        if !changed {
            return None;
        }
        self.searches += 1;
        state.generation = self.searches;
        if state.input.trim().is_empty() {
            state.hits.clear();
            state.error = None;
            state.waiting = false;
            return None;
        }
        state.waiting = true;
        Some(Effect::Search {
            generation: state.generation,
            query: state.input.clone(),
            kind: None,
        })
    }
}
