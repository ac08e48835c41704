//! The list screens (people, tools, glossary, notes): their rows under the filter, and how
//! actions change them. The view is `view/lists.rs`.

use super::action::{Action, Effect};
use super::app::{App, ListState, Screen, move_selection};
use super::layout;
use crate::content::Kind;

impl App {
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
