//! The home screen's state changes: its rows (due items, recent pages, bookmarks), moving
//! through them, opening and ticking, and setting the start date. Never draws; the view is
//! `view::home`.

use super::action::{Action, Effect, Mark};
use super::app::{App, HomeRow, Screen, move_selection};

impl App {
    /// The rows of the home screen: due items, then recent pages, then bookmarks.
    pub fn home_rows(&self) -> Vec<HomeRow> {
        let mut rows: Vec<HomeRow> = self
            .checks
            .due_now(8)
            .into_iter()
            .map(HomeRow::Due)
            .collect();
        rows.extend(self.recent.iter().take(5).cloned().map(HomeRow::Recent));
        rows.extend(self.bookmarks.iter().cloned().map(HomeRow::Bookmark));
        rows
    }

    pub(super) fn update_home(&mut self, action: Action) -> Option<Effect> {
        let rows = self.home_rows();
        if let Action::Click(_, y) = action {
            let Some(Screen::Home(state)) = self.stack.last() else {
                return None;
            };
            let index = super::view::home::row_at(self, state, y)?;
            let already = index == state.selected;
            if let Some(Screen::Home(state)) = self.stack.last_mut() {
                state.selected = index;
            }
            // A click on the selected row opens it, as Enter would.
            return if already {
                self.update_home(Action::Open)
            } else {
                None
            };
        }
        let Some(Screen::Home(state)) = self.stack.last_mut() else {
            return None;
        };
        move_selection(&mut state.selected, rows.len(), &action, 10);
        let row = rows.get(state.selected).cloned();
        match (action, row) {
            (Action::Open, Some(HomeRow::Due(d))) => self.open_doc(&d.checklist),
            (Action::Open, Some(HomeRow::Recent(id) | HomeRow::Bookmark(id))) => self.open_doc(&id),
            (Action::ToggleItem, Some(HomeRow::Due(d))) => {
                Some(self.toggle_mark(&d.checklist, &d.item, Mark::Done))
            }
            (Action::StartToday, _) => {
                if self.checks.start.is_some() {
                    self.status = Some(
                        "Your start date is already set; `onramp start DATE` changes it.".into(),
                    );
                    return None;
                }
                let today = self.checks.today?;
                self.checks.start = Some(today);
                self.status = Some(format!("Day 1 is today, {today}: due dates count from it."));
                Some(Effect::Save(super::action::ProgressChange::StartDate(
                    today,
                )))
            }
            _ => None,
        }
    }
}
