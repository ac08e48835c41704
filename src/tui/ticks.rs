//! Ticking, unticking and skipping an item, and undoing the last of these: what each asks
//! progress to save (`Effect::Save(SetItem)`, the rule for the next state is progress's
//! `ItemState::ticked`/`skip_toggled`), the message that names the item and the undo key,
//! and the one change kept for undo ([`LastChange`]). Undo is another change through the
//! same path, saved at once.

use super::action::{Action, Effect, ProgressChange};
use super::app::{App, LastChange};
use crate::progress::ItemState;

impl App {
    /// The change a tick (`skip` false) or a skip of `item` on checklist page `page` asks
    /// progress to save, or why nothing changes. The app's own view follows once the store
    /// has saved it ([`Action::ProgressLoaded`]).
    pub(super) fn mark(&mut self, page: &str, item: &str, skip: bool) -> Option<Effect> {
        let Some(list) = self.checklists.for_page(page) else {
            self.status = Some(
                "This is a list on a page, not a checklist: only checklist items are kept.".into(),
            );
            return None;
        };
        let Some(found) = list.item(item) else {
            self.status = Some("That item is no longer on the page.".into());
            return None;
        };
        let current = list.state_of(&self.progress, found);
        let next = if skip {
            let Some(next) = current.skip_toggled() else {
                self.status = Some("Done items are not skipped: Space unticks it first.".into());
                return None;
            };
            next
        } else {
            current.ticked()
        };
        let verb = match (&current, &next) {
            (_, ItemState::Done) => "Ticked",
            (ItemState::Done, _) => "Unticked",
            (_, ItemState::Skipped { .. }) => "Skipped",
            (ItemState::Skipped { .. }, _) => "Unskipped",
            _ => "Changed",
        };
        let change = LastChange {
            checklist: list.id.clone(),
            item: found.id.clone(),
            text: found.text.clone(),
            label: found.plain.clone(),
            before: current,
            after: next.clone(),
        };
        let undo = self
            .key_hint(&Action::Undo)
            .map(|k| format!(" · {k} undoes"))
            .unwrap_or_default();
        self.status = Some(format!("{verb} “{}”{undo}", short_label(&change.label)));
        let effect = Effect::Save(ProgressChange::SetItem {
            checklist: change.checklist.clone(),
            item: change.item.clone(),
            state: next,
            text: change.text.clone(),
        });
        self.last_change = Some(change);
        Some(effect)
    }

    /// Puts the item of the last tick, untick or skip back as it was, saved at once like
    /// the change itself. Refused when the item changed since (another onramp ticked it).
    pub(super) fn undo(&mut self) -> Option<Effect> {
        let Some(last) = self.last_change.take() else {
            self.status =
                Some("Nothing to undo: undo puts back the last tick, untick or skip.".into());
            return None;
        };
        let now = self
            .checklists
            .get(&last.checklist)
            .and_then(|c| Some(c.state_of(&self.progress, c.item(&last.item)?)))
            .or_else(|| {
                self.progress
                    .entry(&last.checklist, &last.item)
                    .map(|e| e.state.clone())
            });
        let label = short_label(&last.label);
        if now.as_ref() != Some(&last.after) {
            self.status = Some(format!(
                "“{label}” has changed since (in another onramp?): nothing undone."
            ));
            return None;
        }
        self.status = Some(format!(
            "Undone: “{label}” is {} again.",
            last.before.as_str()
        ));
        Some(Effect::Save(ProgressChange::SetItem {
            checklist: last.checklist,
            item: last.item,
            state: last.before,
            text: last.text,
        }))
    }
}

/// An item's text cut for a one-line message.
fn short_label(label: &str) -> String {
    const MAX: usize = 48;
    if label.chars().count() <= MAX {
        return label.to_string();
    }
    let mut cut: String = label.chars().take(MAX - 1).collect();
    cut.push('…');
    cut
}
