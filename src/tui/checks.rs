//! The checklist state the screens show: each checklist's items (from content) and the marks
//! the user set, in memory. The progress store replaces the marks' home (load, atomic save);
//! this keeps the shape the screens read: per-item marks, due-now, per-phase percentages.

use std::collections::HashMap;

use chrono::{Days, Months, NaiveDate};

use super::action::Mark;
use crate::content::checklist::{self, Due, DueUnit, Item};
use crate::content::{Kind, Library};

/// One checklist page and its items.
#[derive(Debug, Clone)]
pub struct Checklist {
    pub id: String,
    pub title: String,
    pub phase: Option<u8>,
    pub items: Vec<Item>,
}

/// An item that is due (or overdue) and not done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub checklist: String,
    pub item: String,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
}

/// Every checklist with the user's marks.
#[derive(Debug, Clone, Default)]
pub struct Checks {
    pub checklists: Vec<Checklist>,
    /// Translated checklist id → the original it shares ticks with; translations are read
    /// in the reader but not listed or counted twice.
    translations: HashMap<String, String>,
    marks: HashMap<(String, String), Mark>,
    pub start: Option<NaiveDate>,
    pub today: Option<NaiveDate>,
}

impl Checks {
    /// Reads the checklists of `library`, ordered by phase, then order, then title.
    pub fn new(library: &Library, start: Option<NaiveDate>, today: NaiveDate) -> Checks {
        let mut docs: Vec<_> = library.of_kind(Kind::Checklist).collect();
        docs.sort_by(|a, b| {
            (a.phase.unwrap_or(u8::MAX), a.order, &a.title).cmp(&(
                b.phase.unwrap_or(u8::MAX),
                b.order,
                &b.title,
            ))
        });
        let translations: HashMap<String, String> = docs
            .iter()
            .filter_map(|d| {
                let original = crate::progress::translation_of(d)?;
                library.get(original)?;
                Some((d.id.clone(), original.to_string()))
            })
            .collect();
        let checklists = docs
            .into_iter()
            .filter(|d| !translations.contains_key(&d.id))
            .map(|d| Checklist {
                id: d.id.clone(),
                title: d.title.clone(),
                phase: d.phase,
                items: checklist::items(&d.body).0,
            })
            .collect();
        Checks {
            checklists,
            translations,
            marks: HashMap::new(),
            start,
            today: Some(today),
        }
    }

    pub fn get(&self, checklist: &str) -> Option<&Checklist> {
        let id = self.canonical(checklist);
        self.checklists.iter().find(|c| c.id == id)
    }

    /// The checklist whose ticks `checklist` shares: its original for a translation.
    pub fn canonical<'a>(&'a self, checklist: &'a str) -> &'a str {
        self.translations
            .get(checklist)
            .map_or(checklist, String::as_str)
    }

    /// The user's mark, else `Done` for items written `[x]`.
    pub fn mark(&self, checklist: &str, item: &Item) -> Option<Mark> {
        let checklist = self.canonical(checklist);
        match self.marks.get(&(checklist.to_string(), item.id.clone())) {
            Some(m) => Some(*m),
            None if item.checked_in_source => Some(Mark::Done),
            None => None,
        }
    }

    pub fn set(&mut self, checklist: &str, item: &str, mark: Option<Mark>) {
        let key = (self.canonical(checklist).to_string(), item.to_string());

        match mark {
            Some(m) => {
                self.marks.insert(key, m);
            }
            None => {
                self.marks.remove(&key);
            }
        }
    }

    /// (done or skipped, total) for one checklist.
    pub fn counts(&self, checklist: &Checklist) -> (usize, usize) {
        let done = checklist
            .items
            .iter()
            .filter(|i| self.mark(&checklist.id, i).is_some())
            .count();
        (done, checklist.items.len())
    }

    /// (phase, done, total) for every phase that has items.
    pub fn phases(&self) -> Vec<(u8, usize, usize)> {
        let mut out: Vec<(u8, usize, usize)> = Vec::new();
        for c in &self.checklists {
            let Some(phase) = c.phase else { continue };
            let (done, total) = self.counts(c);
            match out.iter_mut().find(|(p, _, _)| *p == phase) {
                Some(entry) => {
                    entry.1 += done;
                    entry.2 += total;
                }
                None => out.push((phase, done, total)),
            }
        }
        out.sort_unstable();
        out
    }

    /// The date an item is due, when the start date is known.
    pub fn due_date(&self, due: Due) -> Option<NaiveDate> {
        let start = self.start?;
        match due.unit {
            DueUnit::Day => start.checked_add_days(Days::new(u64::from(due.n) - 1)),
            DueUnit::Week => start.checked_add_days(Days::new(u64::from(due.n) * 7 - 1)),
            DueUnit::Month => start
                .checked_add_months(Months::new(due.n))
                .and_then(|d| d.checked_sub_days(Days::new(1))),
        }
    }

    /// Days since the start date (day 1 is the start date).
    pub fn day_number(&self) -> Option<i64> {
        Some((self.today? - self.start?).num_days() + 1)
    }

    /// True when the item is not done and due within the coming week (or overdue).
    pub fn is_due_now(&self, checklist: &str, item: &Item) -> bool {
        if self.mark(checklist, item).is_some() {
            return false;
        }
        match (item.due.and_then(|d| self.due_date(d)), self.today) {
            (Some(due), Some(today)) => due <= today + Days::new(7),
            _ => false,
        }
    }

    /// Not-done items due within a week, overdue first; without a start date, the first
    /// open items of the earliest phase, so the home screen always says what to do next.
    pub fn due_now(&self, limit: usize) -> Vec<DueItem> {
        let mut out = Vec::new();
        for c in &self.checklists {
            for item in &c.items {
                if self.start.is_some() && !self.is_due_now(&c.id, item) {
                    continue;
                }
                if self.mark(&c.id, item).is_some() {
                    continue;
                }
                let due = item.due.and_then(|d| self.due_date(d));
                out.push(DueItem {
                    checklist: c.id.clone(),
                    item: item.id.clone(),
                    text: super::reader_doc::plain_inline(&item.text),
                    due,
                    overdue: matches!((due, self.today), (Some(d), Some(t)) if d < t),
                });
            }
            if self.start.is_none() && out.len() >= limit {
                break;
            }
        }
        if self.start.is_some() {
            out.sort_by_key(|d| d.due);
        }
        out.truncate(limit);
        out
    }
}
