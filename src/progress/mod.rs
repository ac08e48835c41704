//! Ramp-up progress: checklist item states, the start date and due dates, recently read
//! documents and bookmarks; loaded, merged and saved atomically under a lock, with schema
//! versions and recovery from unreadable files; and the report for a 1:1. Never knows about
//! screens or the terminal.
//!
//! For the TUI:
//! - [`Store::open`] once, keep it; [`Store::notices`] holds what to tell the user (a file
//!   kept aside, read-only mode), [`Store::is_read_only`] is true for a file from a newer onramp.
//! - [`Store::set_state`] changes one item and saves at once (under the lock, merged with
//!   what other onramps saved); [`Store::has_unsaved`] after an error. What a tick or a skip
//!   leads to is [`ItemState::ticked`] / [`ItemState::skip_toggled`].
//! - [`Checklists::from_library`] parses the checklists once; then
//!   [`Checklists::state`] (the one rule for an item's state, source `[x]` included),
//!   [`Checklists::due_soon`], [`Checklists::phases`] (per-phase percentages) and
//!   [`Checklist::rows`] are cheap. [`due_now`] does both in one call.
//! - [`Store::note_read`], [`Store::recent`], [`Store::set_bookmark`], [`Store::bookmarks`].
//!
//! Dates: every function takes `today`; [`today_from_env`] honours `ONRAMP_TODAY`.

mod due;
mod fsio;
mod model;
mod report;
mod schema;
mod store;
mod view;

pub use due::{DueStatus, day_number, due_date};
pub use model::{Bookmark, Entry, ItemState, Progress, RECENT_LIMIT, StartDate};
pub use report::{Report, ReportItem, WrittenNote, bar, report};
pub use schema::{CURRENT_VERSION, Decoded, decode, encode};
pub use store::{FILE_NAME, Notice, ProgressError, Store};
pub use view::{
    Checklist, Checklists, Counts, DUE_SOON_DAYS, DoneItem, DueItem, ItemRow, Orphan, PHASES,
    PhaseProgress, UnknownId, close_matches, due_now, phase_name, phase_of_day, phase_title,
    translation_of,
};

use chrono::NaiveDate;

/// The variable that fixes "today" (`YYYY-MM-DD`), for tests and for looking ahead.
pub const TODAY_VAR: &str = "ONRAMP_TODAY";

/// `ONRAMP_TODAY` that is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("$ONRAMP_TODAY is `{0}`, not a date like 2026-11-02")]
pub struct BadToday(pub String);

/// Today's local date, or `$ONRAMP_TODAY` when set.
pub fn today_from_env() -> Result<NaiveDate, BadToday> {
    match std::env::var(TODAY_VAR) {
        Ok(v) if !v.trim().is_empty() => v.trim().parse().map_err(|_| BadToday(v.clone())),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// Parses a date the user typed: `today`, `yesterday`, `tomorrow` or `YYYY-MM-DD`.
pub fn parse_date(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    match s.trim().to_ascii_lowercase().as_str() {
        "today" => Some(today),
        "yesterday" => today.pred_opt(),
        "tomorrow" => today.succ_opt(),
        other => other.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("today", Some("2026-11-27"))]
    #[case(" Today ", Some("2026-11-27"))]
    #[case("yesterday", Some("2026-11-26"))]
    #[case("tomorrow", Some("2026-11-28"))]
    #[case("2028-02-29", Some("2028-02-29"))]
    #[case("2027-02-29", None)]
    #[case("next week", None)]
    #[case("", None)]
    fn dates_the_user_types(#[case] input: &str, #[case] expected: Option<&str>) {
        let today = "2026-11-27".parse().unwrap();
        assert_eq!(
            parse_date(input, today),
            expected.map(|d| d.parse().unwrap())
        );
    }
}
