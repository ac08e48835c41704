//! The full list of what is due, opened from Home's "+N more": every open item due now or
//! within the week, overdue first, by date, as progress gives it
//! ([`crate::progress::Checklists::due_soon`]; before a start date, what comes next). Moving,
//! opening an item in its checklist, ticking and skipping it; the view is `view/due.rs`.

use super::action::{Action, Effect};
use super::app::{App, Screen, move_selection};
use super::layout;
use crate::progress::DueItem;

impl App {
    /// Every item due now or soon, earliest first: the Due screen's rows, whose first rows
    /// Home shows.
    pub fn due_rows(&self) -> Vec<DueItem> {
        self.checklists
            .due_soon(&self.progress, self.today, usize::MAX)
    }

    pub(super) fn update_due(&mut self, action: &Action) -> Option<Effect> {
        let rows = self.due_rows();
        let (top, height) = layout::list_rows(self.size);
        let Some(Screen::Due(state)) = self.stack.last_mut() else {
            return None;
        };
        move_selection(&mut state.selected, rows.len(), action, height);
        let selected = rows.get(state.selected);
        match action {
            Action::Back => {
                self.pop();
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
                    return self.update_due(&Action::Open);
                }
                None
            }
            Action::Open => {
                let d = selected?.clone();
                self.open_doc_at_item(&d.checklist, &d.item)
            }
            Action::ToggleItem | Action::SkipItem => {
                let Some(d) = selected.cloned() else {
                    self.status = Some("Nothing is due.".into());
                    return None;
                };
                self.mark(&d.checklist, &d.item, *action == Action::SkipItem)
            }
            _ => None,
        }
    }
}
