//! The checklists screen's state changes: its rows under the due-now and not-done filters,
//! moving, opening, ticking and skipping. States, due dates and "due now" are progress's; the
//! view is `view/checklists.rs`.

use super::action::{Action, Effect};
use super::app::{App, ChecklistRow, ChecklistsState, Screen, move_selection};
use super::layout;

impl App {
    /// The rows of the checklists screen under its filters.
    pub fn checklist_rows(&self, state: &ChecklistsState) -> Vec<ChecklistRow> {
        let mut rows = Vec::new();
        for (ci, c) in self.checklists.iter().enumerate() {
            let first = rows.len();
            rows.push(ChecklistRow::Checklist(ci));
            for (ii, item) in c.items.iter().enumerate() {
                let keep = (!state.not_done || !c.state_of(&self.progress, item).is_closed())
                    && (!state.due_now || c.is_due_soon(&self.progress, item, self.today));
                if keep {
                    rows.push(ChecklistRow::Item(ci, ii));
                }
            }
            if rows.len() == first + 1 && (state.due_now || state.not_done) {
                rows.truncate(first);
            }
        }
        rows
    }

    pub(super) fn update_checklists(&mut self, action: &Action) -> Option<Effect> {
        let Some(Screen::Checklists(state)) = self.stack.last() else {
            return None;
        };
        let rows = self.checklist_rows(state);
        let (top, height) = layout::list_rows(self.size);
        let no_start = self.progress.start_date().is_none();
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
                if state.due_now && no_start {
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
                let index = layout::list_offset(state.selected, height) + usize::from(*row - top);
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
            Action::Open => match rows.get(state.selected).copied() {
                Some(ChecklistRow::Checklist(ci)) => {
                    let id = self.checklists.at(ci)?.id.clone();
                    self.open_doc(&id)
                }
                Some(ChecklistRow::Item(ci, ii)) => {
                    let c = self.checklists.at(ci)?;
                    let (id, item) = (c.id.clone(), c.items.get(ii)?.id.clone());
                    self.open_doc_at_item(&id, &item)
                }
                None => None,
            },
            Action::ToggleItem | Action::SkipItem => {
                let Some(ChecklistRow::Item(ci, ii)) = rows.get(state.selected).copied() else {
                    self.status = Some("Select an item to tick it.".into());
                    return None;
                };
                let c = self.checklists.at(ci)?;
                let (id, item) = (c.id.clone(), c.items.get(ii)?.id.clone());
                self.mark(&id, &item, *action == Action::SkipItem)
            }
            _ => None,
        }
    }
}
