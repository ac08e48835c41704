//! The home screen's state changes: its rows (what is due, "+N more", recent pages,
//! bookmarks), moving through them, opening, ticking and skipping, and setting the start
//! date. What is due is progress's answer ([`crate::progress::Checklists::due_soon`]); this
//! never decides it. How many due rows fit is the layout's ([`layout::home_plan`]). Recent
//! pages and bookmarks whose page is not loaded are left out while it is not (their source
//! folder is gone, a pack removed): progress keeps them, and they come back with the page.
//! The view is `view::home`.

use super::action::{Action, Effect, ProgressChange};
use super::app::{App, DueState, HomeRow, Screen, move_selection};
use super::layout;

/// How many recently read pages it lists.
pub const RECENT_ROWS: usize = 5;

impl App {
    /// The rows of the home screen: due items (and "+N more" when not all fit), then recent
    /// pages, then bookmarks, each of a page that is loaded.
    pub fn home_rows(&self) -> Vec<HomeRow> {
        let due = self.due_rows();
        let plan = self.home_plan(due.len());
        let more = due.len().saturating_sub(plan.due_rows);
        let mut rows: Vec<HomeRow> = Vec::new();
        if plan.phase_bars {
            rows.extend(self.phases().into_iter().map(HomeRow::Phase));
        }
        if let Some(n) = self.own_review().filter(|n| *n > 0) {
            rows.push(HomeRow::Review(n));
        }
        rows.extend(due.into_iter().take(plan.due_rows).map(HomeRow::Due));
        if more > 0 {
            rows.push(HomeRow::MoreDue(more));
        }
        let loaded = |id: &&str| self.library.get(id).is_some();
        rows.extend(
            self.progress
                .recent()
                .into_iter()
                .filter(loaded)
                .take(RECENT_ROWS)
                .map(|id| HomeRow::Recent(id.to_string())),
        );
        rows.extend(
            self.progress
                .bookmarks()
                .into_iter()
                .filter(loaded)
                .map(|id| HomeRow::Bookmark(id.to_string())),
        );
        rows
    }

    /// What the home screen has room for now, with `due` items due.
    pub fn home_plan(&self, due: usize) -> layout::HomePlan {
        let review = self.own_review().filter(|n| *n > 0).map_or(0, |_| 3);
        let packs = usize::from(!self.stale_packs.is_empty());
        layout::home_plan(self.size, self.phases().len(), due, review + packs)
    }

    /// The phases with checklists, in order.
    fn phases(&self) -> Vec<u8> {
        self.checklists
            .phases(&self.progress)
            .iter()
            .filter_map(|p| p.phase)
            .collect()
    }

    /// How many pages the user owns that need review, when the config names the user.
    pub fn own_review(&self) -> Option<usize> {
        let me = self.me.as_deref()?;
        Some(self.library.needs_review(self.today, Some(me)).len())
    }

    /// The first row of Home that is not a phase bar: where the selection starts.
    pub(super) fn first_home_item(&self) -> usize {
        self.home_rows()
            .iter()
            .position(|r| !matches!(r, HomeRow::Phase(_)))
            .unwrap_or(0)
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
            (Action::Open, Some(HomeRow::Due(d))) => self.open_doc_at_item(&d.checklist, &d.item),
            (Action::Open, Some(HomeRow::MoreDue(_))) => {
                // The full list starts at the first item Home could not show.
                let shown = rows.iter().filter(|r| matches!(r, HomeRow::Due(_))).count();
                self.push(Screen::Due(DueState { selected: shown }));
                None
            }
            (Action::Open, Some(HomeRow::Recent(id) | HomeRow::Bookmark(id))) => self.open_doc(&id),
            (Action::Open, Some(HomeRow::Phase(p))) => {
                self.open_browse(super::browse::Browse::Phase(p))
            }
            (Action::Open, Some(HomeRow::Review(_))) => {
                let me = self.me.clone();
                self.open_browse(super::browse::Browse::Review(me))
            }
            (Action::ToggleItem, Some(HomeRow::Due(d))) => self.mark(&d.checklist, &d.item, false),
            (Action::SkipItem, Some(HomeRow::Due(d))) => self.mark(&d.checklist, &d.item, true),
            (Action::StartToday, _) => {
                if self.progress.start_date().is_some() {
                    self.status = Some(
                        "Your start date is already set; `onramp start DATE` changes it.".into(),
                    );
                    return None;
                }
                let today = self.today;
                self.status = Some(format!("Day 1 is today, {today}: due dates count from it."));
                Some(Effect::Save(ProgressChange::StartDate(today)))
            }
            _ => None,
        }
    }
}
