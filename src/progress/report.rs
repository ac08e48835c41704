//! The progress report a new hire brings to a 1:1: done this week, overdue, due next,
//! per-phase bars, notes written, and orphaned progress; as data (JSON), as Markdown to paste
//! into a shared doc, and as plain text. Builds strings only; the caller prints them.

use std::fmt::Write as _;

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;

use super::due::{DueStatus, day_number};
use super::model::Progress;
use super::view::{Checklists, Counts, DueItem, PhaseProgress};
use crate::content::{markdown_code, markdown_inline};

/// How many items "due next" lists.
pub const DUE_NEXT_LIMIT: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub today: NaiveDate,
    pub start: Option<NaiveDate>,
    /// Day number of today (the start date is day 1).
    pub day: Option<i64>,
    pub overall: Counts,
    pub percent: u8,
    pub done_this_week: Vec<ReportItem>,
    pub overdue: Vec<ReportItem>,
    pub due_today: Vec<ReportItem>,
    pub due_next: Vec<ReportItem>,
    pub phases: Vec<PhaseProgress>,
    pub checklists: Vec<ChecklistSummary>,
    /// The user's own notes; `None` when the notes folder does not exist.
    pub notes_written: Option<usize>,
    /// The notes written in the last seven days (today included), newest first.
    pub notes_this_week: Vec<WrittenNote>,
    pub orphaned: Vec<ReportItem>,
}

/// A note of the user's own, as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WrittenNote {
    pub id: String,
    pub title: String,
    /// The day it was written, when the note says.
    pub created: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportItem {
    pub checklist: String,
    pub checklist_title: String,
    pub id: String,
    pub text: String,
    pub state: &'static str,
    /// ISO date, when a start date is set.
    pub due: Option<NaiveDate>,
    /// "day 3" before a start date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_offset: Option<String>,
    pub done_at: Option<DateTime<Utc>>,
    /// The checklist's language: the text and Markdown reports write its dates in it.
    #[serde(skip)]
    pub lang: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistSummary {
    pub id: String,
    pub title: String,
    pub phase: Option<u8>,
    #[serde(flatten)]
    pub counts: Counts,
    pub percent: u8,
}

impl From<&DueItem> for ReportItem {
    fn from(d: &DueItem) -> Self {
        ReportItem {
            checklist: d.checklist.clone(),
            checklist_title: d.checklist_title.clone(),
            id: d.item.clone(),
            text: d.text.clone(),
            state: "todo",
            due: d.due.date(),
            due_offset: match d.due {
                DueStatus::Relative(due) => Some(due.to_string()),
                _ => None,
            },
            done_at: None,
            lang: d.lang.clone(),
        }
    }
}

/// Builds the report for `today`; `notes` are the user's own notes, newest first (`None`
/// when there is no notes folder).
pub fn report(
    checklists: &Checklists,
    progress: &Progress,
    today: NaiveDate,
    notes: Option<Vec<WrittenNote>>,
) -> Report {
    let start = progress.start_date();
    let overall = checklists.overall(progress);
    let week_start = today.checked_sub_days(Days::new(6)).unwrap_or(today);
    let notes_written = notes.as_ref().map(Vec::len);
    let notes_this_week = notes
        .unwrap_or_default()
        .into_iter()
        .filter(|n| n.created.is_some_and(|d| d >= week_start && d <= today))
        .collect();
    let done_this_week = checklists
        .done_between(progress, week_start, today)
        .into_iter()
        .map(|d| ReportItem {
            checklist: d.checklist,
            checklist_title: d.checklist_title,
            id: d.item,
            text: d.text,
            state: "done",
            due: None,
            due_offset: None,
            done_at: Some(d.done_at),
            lang: d.lang,
        })
        .collect();
    let (overdue, due_today): (Vec<_>, Vec<_>) = checklists
        .due_now(progress, today)
        .iter()
        .map(|d| (d.due.is_overdue(), ReportItem::from(d)))
        .partition(|(late, _)| *late);
    let orphaned = checklists
        .orphans(progress)
        .into_iter()
        .map(|o| ReportItem {
            checklist: o.checklist.to_string(),
            checklist_title: checklists
                .get(o.checklist)
                .map_or_else(|| o.checklist.to_string(), |c| c.title.clone()),
            id: o.item.to_string(),
            text: o
                .entry
                .text
                .as_deref()
                .map_or_else(|| o.item.to_string(), crate::content::plain::inline),
            state: o.entry.state.as_str(),
            due: None,
            due_offset: None,
            done_at: o.entry.done_at(),
            lang: checklists
                .get(o.checklist)
                .map_or_else(|| "en".to_string(), |c| c.lang.clone()),
        })
        .collect();
    Report {
        today,
        start,
        day: start.and_then(|s| day_number(s, today)),
        overall,
        percent: overall.percent(),
        done_this_week,
        overdue: overdue.into_iter().map(|(_, i)| i).collect(),
        due_today: due_today.into_iter().map(|(_, i)| i).collect(),
        due_next: checklists
            .due_next(progress, today, DUE_NEXT_LIMIT)
            .iter()
            .map(ReportItem::from)
            .collect(),
        phases: checklists.phases(progress),
        checklists: checklists
            .iter()
            .map(|c| {
                let counts = c.counts(progress);
                ChecklistSummary {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    phase: c.phase,
                    counts,
                    percent: counts.percent(),
                }
            })
            .collect(),
        notes_written,
        notes_this_week,
        orphaned,
    }
}

/// A bar of `width` cells, `percent` of them full.
pub fn bar(percent: u8, width: usize) -> String {
    let full = (usize::from(percent.min(100)) * width + 50) / 100;
    let full = if percent > 0 && full == 0 { 1 } else { full };
    format!("{}{}", "█".repeat(full), "░".repeat(width - full))
}

impl Report {
    fn headline(&self) -> String {
        let mut s = format!(
            "{} of {} done",
            self.overall.done,
            crate::words::count(self.overall.total, "item", "items")
        );
        if self.overall.skipped > 0 {
            let _ = write!(s, ", {} skipped", self.overall.skipped);
        }
        let _ = write!(s, " ({}%)", self.percent);
        s
    }

    fn started(&self) -> String {
        match (self.start, self.day) {
            (Some(start), Some(day)) => format!("Started {start}, today is day {day}."),
            (Some(start), None) => format!("Starts {start}."),
            (None, _) => {
                "No start date set (`onramp start DATE`): due dates are relative.".to_string()
            }
        }
    }

    /// The report as Markdown, to paste into a 1:1 document: every item of each list, or the
    /// first `limit` and a count of the rest. Text from content reads as written except link
    /// targets, which point into the pack and mean nothing elsewhere; it is escaped, so a
    /// title or an item cannot add a heading, a link or HTML of its own. An item is one line,
    /// its checklist and date after a dash: the item's own words may end in a parenthesis.
    pub fn to_markdown(&self, limit: Option<usize>) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# Ramp-up progress, {}\n", self.today);
        let _ = writeln!(md, "{}\n", self.started());
        let _ = writeln!(md, "**Overall:** {}\n", self.headline());
        let sections: [(&str, &[ReportItem], bool); 4] = [
            ("Done this week", &self.done_this_week, true),
            ("Overdue", &self.overdue, false),
            ("Due today", &self.due_today, false),
            ("Due next", &self.due_next, false),
        ];
        for (title, items, done) in sections {
            if items.is_empty() && title == "Due today" {
                continue;
            }
            let _ = writeln!(md, "## {title}\n");
            if items.is_empty() {
                md.push_str("Nothing.\n\n");
                continue;
            }
            let shown = limit.unwrap_or(usize::MAX);
            for item in items.iter().take(shown) {
                let mark = if done { "x" } else { " " };
                let _ = writeln!(
                    md,
                    "- [{mark}] {} — {}{}",
                    markdown_inline(&item.text),
                    markdown_inline(&item.checklist_title),
                    when(item, self.today)
                );
            }
            if items.len() > shown {
                let _ = writeln!(md, "- and {} more", items.len() - shown);
            }
            md.push('\n');
        }
        md.push_str("## By phase\n\n| Phase | Done | Skipped | Items | Progress |\n| --- | ---: | ---: | ---: | --- |\n");
        for p in &self.phases {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} {}% |",
                phase_label(p),
                p.counts.done,
                p.counts.skipped,
                p.counts.total,
                bar(p.percent, 10),
                p.percent
            );
        }
        md.push('\n');
        if let Some(n) = self.notes_written {
            let _ = writeln!(md, "**Notes written:** {n}\n");
        }
        if !self.notes_this_week.is_empty() {
            md.push_str("## Notes written this week\n\n");
            for note in &self.notes_this_week {
                let day = note.created.map(|d| format!(", {d}")).unwrap_or_default();
                let _ = writeln!(
                    md,
                    "- {} ({}){day}",
                    markdown_inline(&note.title),
                    markdown_code(&note.id)
                );
            }
            md.push('\n');
        }
        if !self.orphaned.is_empty() {
            md.push_str("## No longer in the checklists\n\n");
            for item in &self.orphaned {
                let text = orphan_text(item);
                let _ = writeln!(
                    md,
                    "- {}{} in {} ({})",
                    if text.is_empty() {
                        String::new()
                    } else {
                        format!("{} ", markdown_inline(text.trim_end()))
                    },
                    markdown_code(&item.id),
                    markdown_code(&item.checklist),
                    item.state
                );
            }
            md.push('\n');
        }
        md
    }

    /// The report as plain text for a terminal: every item, or the first `limit` of each
    /// list and a count of the rest. The caller sanitises it.
    pub fn to_text(&self, limit: Option<usize>) -> String {
        let mut t = String::new();
        let _ = writeln!(t, "Ramp-up progress, {}", self.today);
        let _ = writeln!(t, "{}", self.started());
        let _ = writeln!(t, "Overall  {} {}", bar(self.percent, 20), self.headline());
        let sections: [(&str, &[ReportItem]); 4] = [
            ("Done this week", &self.done_this_week),
            ("Overdue", &self.overdue),
            ("Due today", &self.due_today),
            ("Due next", &self.due_next),
        ];
        for (title, items) in sections {
            if items.is_empty() && title == "Due today" {
                continue;
            }
            let _ = writeln!(t, "\n{title}");
            if items.is_empty() {
                t.push_str("  nothing\n");
            }
            let shown = limit.unwrap_or(usize::MAX);
            for item in items.iter().take(shown) {
                let _ = writeln!(
                    t,
                    "  {}  {}{}",
                    item.checklist.rsplit('/').next().unwrap_or(&item.checklist),
                    item.text,
                    when(item, self.today)
                );
            }
            if items.len() > shown {
                let _ = writeln!(t, "  ... and {} more", items.len() - shown);
            }
        }
        t.push_str("\nBy phase\n");
        for p in &self.phases {
            let _ = writeln!(
                t,
                "  {:<26} {} {:>3}%  {}/{}",
                phase_label(p),
                bar(p.percent, 20),
                p.percent,
                p.counts.closed(),
                p.counts.total
            );
        }
        if let Some(n) = self.notes_written {
            let _ = writeln!(
                t,
                "\nNotes written: {n} ({} this week)",
                self.notes_this_week.len()
            );
            for note in &self.notes_this_week {
                let day = note.created.map(|d| d.to_string()).unwrap_or_default();
                let _ = writeln!(t, "  {day}  {}", note.title);
            }
        }
        if !self.orphaned.is_empty() {
            t.push_str("\nOrphaned (no longer in the checklists, kept)\n");
            for item in &self.orphaned {
                let _ = writeln!(
                    t,
                    "  {}{} in {} ({})",
                    orphan_text(item),
                    item.id,
                    item.checklist,
                    item.state
                );
            }
        }
        t
    }
}

/// An orphan's remembered text followed by a space, or nothing when only its id is known.
fn orphan_text(item: &ReportItem) -> String {
    if item.text == item.id {
        String::new()
    } else {
        format!("{} ", item.text)
    }
}

fn phase_label(p: &PhaseProgress) -> String {
    match p.phase {
        Some(n) => format!("{n} {}", p.name),
        None => p.name.to_string(),
    }
}

/// When an item was done or is due (", due Fri 20 Nov"), in the item's language.
fn when(item: &ReportItem, today: NaiveDate) -> String {
    let date = |d| crate::content::lang::short_date(d, &item.lang, today);
    if let Some(at) = item.done_at {
        return format!(
            ", done {}",
            date(at.with_timezone(&chrono::Local).date_naive())
        );
    }
    match (item.due, &item.due_offset) {
        (Some(d), _) => format!(", due {}", date(d)),
        (None, Some(offset)) => offset
            .parse::<crate::content::checklist::Due>()
            .map(|d| format!(", {}", d.label()))
            .unwrap_or_default(),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(0, "░░░░░░░░░░")]
    #[case(1, "█░░░░░░░░░")]
    #[case(50, "█████░░░░░")]
    #[case(100, "██████████")]
    fn bars(#[case] percent: u8, #[case] expected: &str) {
        assert_eq!(bar(percent, 10), expected);
    }
}
