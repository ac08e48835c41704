//! Checklists from the library joined with the user's progress: item rows with states and due
//! dates, counts per checklist and per phase, what is due now, and orphaned progress. Parses
//! checklist bodies once ([`Checklists::from_library`]); every question after that is cheap.

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;

use crate::content::checklist::{self, Item};
use crate::content::{Kind, Library};

use super::due::DueStatus;
use super::model::{Entry, ItemState, Progress};

/// The phases of the first year, by number.
pub const PHASES: [&str; 7] = [
    "lost",
    "training",
    "ramp-up",
    "first customer",
    "first event",
    "personal development",
    "retrospective",
];

/// A phase's name, `None` outside 1..=7.
pub fn phase_name(phase: u8) -> Option<&'static str> {
    PHASES.get(usize::from(phase).checked_sub(1)?).copied()
}

/// A phase's title as the app shows it ("Lost (in a good way)"); "Later" outside 1..=7.
pub fn phase_title(phase: u8) -> &'static str {
    const TITLES: [&str; 7] = [
        "Lost (in a good way)",
        "Training",
        "Ramp-up",
        "First customer",
        "First event",
        "Personal development",
        "Retrospective",
    ];
    usize::from(phase)
        .checked_sub(1)
        .and_then(|i| TITLES.get(i))
        .copied()
        .unwrap_or("Later")
}

/// The phase a day of the first year usually falls in (day 1 is the start date), after the
/// welcome guide's timeline.
pub fn phase_of_day(day: i64) -> u8 {
    match day {
        ..=14 => 1,
        15..=30 => 2,
        31..=90 => 3,
        91..=120 => 4,
        121..=180 => 5,
        181..=330 => 6,
        _ => 7,
    }
}

/// How many days ahead the home screen's "due now" looks: what is overdue, due today or due
/// within the coming week.
pub const DUE_SOON_DAYS: u64 = 7;

/// One checklist document with its items.
#[derive(Debug, Clone)]
pub struct Checklist {
    pub id: String,
    pub title: String,
    /// The page's language: its dates are written in it.
    pub lang: String,
    pub phase: Option<u8>,
    pub order: Option<i64>,
    pub items: Vec<Item>,
    /// Item id -> position in `items`, so a lookup costs the same in a list of 20,000.
    positions: std::collections::HashMap<String, usize>,
}

/// Done, skipped and total items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub done: usize,
    pub skipped: usize,
    pub total: usize,
}

impl Counts {
    /// Done plus skipped: what counts as progress.
    pub fn closed(self) -> usize {
        self.done + self.skipped
    }

    /// Whole percent closed; 0 for an empty list.
    pub fn percent(self) -> u8 {
        (self.closed() * 100).checked_div(self.total).unwrap_or(0) as u8
    }

    fn add(&mut self, other: Counts) {
        self.done += other.done;
        self.skipped += other.skipped;
        self.total += other.total;
    }
}

/// An item with the user's state and its due date.
#[derive(Debug, Clone)]
pub struct ItemRow<'a> {
    pub item: &'a Item,
    pub state: ItemState,
    pub entry: Option<&'a Entry>,
    pub due: Option<DueStatus>,
}

/// An item somewhere in the checklists, for lists that mix checklists (due now, done lately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub checklist: String,
    pub checklist_title: String,
    /// The checklist's language, for writing the due date.
    pub lang: String,
    pub item: String,
    pub text: String,
    pub due: DueStatus,
}

/// An item that was done, with when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneItem {
    pub checklist: String,
    pub checklist_title: String,
    pub lang: String,
    pub item: String,
    pub text: String,
    pub done_at: DateTime<Utc>,
}

/// Progress of one phase of the first year (`phase` is `None` for checklists without one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseProgress {
    pub phase: Option<u8>,
    pub name: &'static str,
    #[serde(flatten)]
    pub counts: Counts,
    pub percent: u8,
}

/// Progress kept for an item no longer in the content (its checklist or the item was removed
/// or renamed). Kept, never dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orphan<'a> {
    pub checklist: &'a str,
    pub item: &'a str,
    pub entry: &'a Entry,
}

/// An id the user typed that matches nothing, with the close ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct UnknownId {
    /// "checklist" or "item".
    pub what: &'static str,
    pub id: String,
    /// The checklist an unknown item was looked for in.
    pub within: Option<String>,
    pub close: Vec<String>,
}

impl UnknownId {
    fn message(&self) -> String {
        let id = crate::content::term_safe_inline(&self.id);
        let within = self.within.as_deref().map_or_else(String::new, |c| {
            format!(" in checklist `{}`", crate::content::term_safe_inline(c))
        });
        if self.close.is_empty() {
            format!("no {} `{id}`{within}", self.what)
        } else {
            format!(
                "no {} `{id}`{within}; did you mean: {}",
                self.what,
                self.close
                    .iter()
                    .map(|c| crate::content::term_safe_inline(c).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }
}

/// All checklist documents of a library, parsed once, in phase and order.
#[derive(Debug, Clone, Default)]
pub struct Checklists {
    lists: Vec<Checklist>,
    /// A translated checklist (frontmatter `translation_of: <id>`) shares its original's
    /// items and ticks: translation id → original id. Translations are not counted twice.
    translations: std::collections::HashMap<String, String>,
}

impl Checklists {
    pub fn from_library(library: &Library) -> Checklists {
        let translations: std::collections::HashMap<String, String> = library
            .of_kind(Kind::Checklist)
            .filter_map(|doc| Some((doc.id.clone(), library.original_of(doc)?.id.clone())))
            .collect();
        let mut lists: Vec<Checklist> = library
            .of_kind(Kind::Checklist)
            .filter(|doc| !translations.contains_key(&doc.id))
            .map(|doc| Checklist::new(doc, checklist::items(&doc.body).0))
            .collect();
        lists.sort_by(|a, b| {
            (
                a.phase.is_none(),
                a.phase,
                a.order.is_none(),
                a.order,
                &a.id,
            )
                .cmp(&(
                    b.phase.is_none(),
                    b.phase,
                    b.order.is_none(),
                    b.order,
                    &b.id,
                ))
        });
        Checklists {
            lists,
            translations,
        }
    }

    /// The checklist whose ticks `id` shares: its original when `id` is a translation.
    pub fn canonical_id<'a>(&'a self, id: &'a str) -> &'a str {
        self.translations.get(id).map_or(id, String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Checklist> {
        self.lists.iter()
    }

    pub fn len(&self) -> usize {
        self.lists.len()
    }

    /// The checklist at `index` of [`Checklists::iter`]'s order.
    pub fn at(&self, index: usize) -> Option<&Checklist> {
        self.lists.get(index)
    }

    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Checklist> {
        self.lists.iter().find(|c| c.id == id)
    }

    /// The checklist whose items page `id` shows: itself, or its original when it is a
    /// translation. `None` for a page that is not a checklist (a runbook's task list).
    pub fn for_page(&self, id: &str) -> Option<&Checklist> {
        self.get(self.canonical_id(id))
    }

    /// The state of item `item` of the checklist page `page`, as every screen shows it (see
    /// [`Checklist::state_of`]); `None` when the page is not a checklist or has no such item.
    pub fn state(&self, progress: &Progress, page: &str, item: &str) -> Option<ItemState> {
        let c = self.for_page(page)?;
        Some(c.state_of(progress, c.item(item)?))
    }

    /// Open items due soon ([`Checklist::is_due_soon`]), most overdue first; before a start
    /// date is set, the first open items by their offset. What the home screen lists.
    pub fn due_soon(&self, progress: &Progress, today: NaiveDate, limit: usize) -> Vec<DueItem> {
        if progress.start_date().is_none() {
            return self.due_next(progress, today, limit);
        }
        let mut out: Vec<DueItem> = Vec::new();
        for c in &self.lists {
            for item in &c.items {
                if c.is_due_soon(progress, item, today)
                    && let Some(due) = c.due_of(progress, item, today)
                {
                    out.push(due_item(c, item, due));
                }
            }
        }
        out.sort_by_key(|d| d.due.date());
        out.truncate(limit);
        out
    }

    /// Finds a checklist by id, by its id inside its pack (`checklists/week` for
    /// `team:checklists/week`), or by its last path part, when that is unambiguous
    /// (`first-week` for `checklists/first-week`).
    pub fn resolve(&self, query: &str) -> Result<&Checklist, UnknownId> {
        if let Some(c) = self.get(self.canonical_id(query)) {
            return Ok(c);
        }
        let in_pack = |id: &str| id.split_once(':').is_some_and(|(_, local)| local == query);
        let mut locals = self.lists.iter().filter(|c| in_pack(&c.id));
        if let (Some(c), None) = (locals.next(), locals.next()) {
            return Ok(c);
        }
        let mut tails = self
            .lists
            .iter()
            .filter(|c| c.id.rsplit(['/', ':']).next() == Some(query));
        if let (Some(c), None) = (tails.next(), tails.next()) {
            return Ok(c);
        }
        let mut translated = self
            .translations
            .iter()
            .filter(|(t, _)| t.rsplit('/').next() == Some(query));
        if let (Some((_, original)), None) = (translated.next(), translated.next())
            && let Some(c) = self.get(original)
        {
            return Ok(c);
        }

        Err(UnknownId {
            what: "checklist",
            id: query.to_string(),
            within: None,
            close: close_matches(query, self.lists.iter().map(|c| c.id.as_str())),
        })
    }

    /// Counts over every checklist.
    pub fn overall(&self, progress: &Progress) -> Counts {
        let mut total = Counts::default();
        for c in &self.lists {
            total.add(c.counts(progress));
        }
        total
    }

    /// Counts per phase, phases in order, checklists without a phase last.
    pub fn phases(&self, progress: &Progress) -> Vec<PhaseProgress> {
        let mut out: Vec<PhaseProgress> = Vec::new();
        for c in &self.lists {
            let counts = c.counts(progress);
            match out.iter_mut().find(|p| p.phase == c.phase) {
                Some(p) => p.counts.add(counts),
                None => out.push(PhaseProgress {
                    phase: c.phase,
                    name: c.phase.and_then(phase_name).unwrap_or("other"),
                    counts,
                    percent: 0,
                }),
            }
        }
        out.sort_by_key(|p| (p.phase.is_none(), p.phase));
        for p in &mut out {
            p.percent = p.counts.percent();
        }
        out
    }

    /// Open items due today or earlier, most overdue first. Empty until a start date is set.
    pub fn due_now(&self, progress: &Progress, today: NaiveDate) -> Vec<DueItem> {
        let mut out: Vec<DueItem> = self
            .open_items(progress, today)
            .filter(|d| d.due.date().is_some_and(|date| date <= today))
            .collect();
        out.sort_by_key(|d| d.due.date());
        out
    }

    /// Open items not yet due, soonest first, at most `limit`. Before a start date is set,
    /// the earliest by their offset ("day 3").
    pub fn due_next(&self, progress: &Progress, today: NaiveDate, limit: usize) -> Vec<DueItem> {
        let mut out: Vec<DueItem> = self
            .open_items(progress, today)
            .filter(|d| d.due.date().is_none_or(|date| date > today))
            .collect();
        out.sort_by_key(|d| match d.due {
            DueStatus::Relative(due) => (None, due.approx_day()),
            other => (other.date(), 0),
        });
        out.truncate(limit);
        out
    }

    /// Items done between `from` and `to` (inclusive, local dates), latest first.
    pub fn done_between(
        &self,
        progress: &Progress,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<DoneItem> {
        let mut out = Vec::new();
        for c in &self.lists {
            for item in &c.items {
                let Some(at) = progress.entry(&c.id, &item.id).and_then(Entry::done_at) else {
                    continue;
                };
                let day = at.with_timezone(&Local).date_naive();
                if (from..=to).contains(&day) {
                    out.push(DoneItem {
                        checklist: c.id.clone(),
                        checklist_title: c.title.clone(),
                        lang: c.lang.clone(),
                        item: item.id.clone(),
                        text: item.plain.clone(),
                        done_at: at,
                    });
                }
            }
        }
        out.sort_by(|a, b| b.done_at.cmp(&a.done_at).then(a.item.cmp(&b.item)));
        out
    }

    /// Progress kept for items that are no longer in the content, done or skipped ones only
    /// (a todo entry carries nothing worth showing).
    pub fn orphans<'a>(&self, progress: &'a Progress) -> Vec<Orphan<'a>> {
        let mut out = Vec::new();
        for (checklist, items) in &progress.checklists {
            let known = self.get(checklist);
            for (item, entry) in items {
                let present = known.is_some_and(|c| c.item(item).is_some());
                if !present && entry.state.is_closed() {
                    out.push(Orphan {
                        checklist,
                        item,
                        entry,
                    });
                }
            }
        }
        out
    }

    fn open_items<'s>(
        &'s self,
        progress: &'s Progress,
        today: NaiveDate,
    ) -> impl Iterator<Item = DueItem> + 's {
        self.lists.iter().flat_map(move |c| {
            c.rows(progress, today)
                .into_iter()
                .filter(|r| !r.state.is_closed())
                .filter_map(|r| Some(due_item(c, r.item, r.due?)))
                .collect::<Vec<_>>()
        })
    }
}

fn due_item(c: &Checklist, item: &Item, due: DueStatus) -> DueItem {
    DueItem {
        checklist: c.id.clone(),
        checklist_title: c.title.clone(),
        lang: c.lang.clone(),
        item: item.id.clone(),
        text: item.plain.clone(),
        due,
    }
}

impl Checklist {
    /// A checklist of `doc` with `items` (as `checklist::items` reads them).
    pub fn new(doc: &crate::content::Document, items: Vec<Item>) -> Checklist {
        let positions = items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.id.clone(), i))
            .collect();
        Checklist {
            id: doc.id.clone(),
            title: doc.title.clone(),
            lang: doc.lang.clone(),
            phase: doc.phase,
            order: doc.order,
            items,
            positions,
        }
    }

    /// The user's state of `item`: the last change saved, else the source's mark (an item
    /// written `[x]` is done until the user unticks it). The one rule every screen, report and
    /// command reads.
    pub fn state_of(&self, progress: &Progress, item: &Item) -> ItemState {
        match progress.entry(&self.id, &item.id) {
            Some(e) => e.state.clone(),
            None if item.checked_in_source => ItemState::Done,
            None => ItemState::Todo,
        }
    }

    /// `item`'s due date as it stands on `today`, when it has a due offset.
    pub fn due_of(&self, progress: &Progress, item: &Item, today: NaiveDate) -> Option<DueStatus> {
        let open = !self.state_of(progress, item).is_closed();
        item.due
            .map(|d| DueStatus::of(d, progress.start_date(), today, open))
    }

    /// True when `item` is still open and due on or before [`DUE_SOON_DAYS`] from `today`
    /// (overdue included): what "due now" means on the home and checklists screens.
    pub fn is_due_soon(&self, progress: &Progress, item: &Item, today: NaiveDate) -> bool {
        let until = today
            .checked_add_days(chrono::Days::new(DUE_SOON_DAYS))
            .unwrap_or(today);
        !self.state_of(progress, item).is_closed()
            && self
                .due_of(progress, item, today)
                .and_then(DueStatus::date)
                .is_some_and(|date| date <= until)
    }

    /// The items with the user's states and due dates.
    pub fn rows<'a>(&'a self, progress: &'a Progress, today: NaiveDate) -> Vec<ItemRow<'a>> {
        let start = progress.start_date();
        self.items
            .iter()
            .map(|item| {
                let entry = progress.entry(&self.id, &item.id);
                let state = self.state_of(progress, item);
                let due = item
                    .due
                    .map(|d| DueStatus::of(d, start, today, !state.is_closed()));
                ItemRow {
                    item,
                    state,
                    entry,
                    due,
                }
            })
            .collect()
    }

    pub fn counts(&self, progress: &Progress) -> Counts {
        let mut counts = Counts {
            total: self.items.len(),
            ..Counts::default()
        };
        for item in &self.items {
            match self.state_of(progress, item) {
                ItemState::Done => counts.done += 1,
                ItemState::Skipped { .. } => counts.skipped += 1,
                ItemState::Todo => {}
            }
        }
        counts
    }

    /// Finds an item by id, also accepting an id that only has progress (an orphan, so it
    /// can still be changed). Unknown ids list the close ones.
    pub fn resolve_item<'a>(
        &'a self,
        query: &'a str,
        progress: &Progress,
    ) -> Result<&'a str, UnknownId> {
        if let Some(item) = self.item(query) {
            return Ok(&item.id);
        }
        if progress.entry(&self.id, query).is_some() {
            return Ok(query);
        }
        // `#phone`, as the page's attribute block and `onramp checklist` write it.
        if let Some(bare) = query.strip_prefix('#') {
            if let Some(item) = self.item(bare) {
                return Ok(&item.id);
            }
            if progress.entry(&self.id, bare).is_some() {
                return Ok(bare);
            }
        }
        // The text of an item typed out is as good as its id.
        let slug = checklist::slug(query);
        if let Some(item) = self.items.iter().find(|i| checklist::slug(&i.text) == slug) {
            return Ok(&item.id);
        }
        Err(UnknownId {
            what: "item",
            id: query.to_string(),
            within: Some(self.id.clone()),
            close: close_matches(query, self.items.iter().map(|i| i.id.as_str())),
        })
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.positions.get(id).map(|&i| &self.items[i])
    }

    /// Where item `id` is in [`Checklist::items`].
    pub fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }
}

/// Candidates close to `query`, best first, at most five.
pub fn close_matches<'a>(query: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let q = query.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|c| {
            let tail = c.rsplit('/').next().unwrap_or(c);
            let mut score = strsim::jaro_winkler(&q, c).max(strsim::jaro_winkler(&q, tail));
            // Jaro-Winkler is harsh on short ids (`w3` against `w1`): one edit in three
            // characters is close too.
            let edits = strsim::levenshtein(&q, tail);
            if edits <= (q.chars().count().max(tail.chars().count()) / 3).max(1) {
                score = score.max(0.75 + score * 0.2);
            }
            if !q.is_empty() && c.contains(q.as_str()) {
                score = score.max(0.9);
            }
            (score, c)
        })
        .filter(|(s, _)| *s >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(5)
        .map(|(_, c)| c.to_string())
        .collect()
}

/// Open items due now, as the home screen asks: see [`Checklists::due_now`].
pub fn due_now(library: &Library, progress: &Progress, today: NaiveDate) -> Vec<DueItem> {
    Checklists::from_library(library).due_now(progress, today)
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;

/// The id in a checklist's `translation_of` frontmatter field, if any (the content module
/// reads it: [`crate::content::Library::original_of`] says whether it names a checklist).
pub fn translation_of(doc: &crate::content::Document) -> Option<&str> {
    doc.translation_of()
}
