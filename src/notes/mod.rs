//! The user's own notes: the notes folder, safe file names, the templates a note starts
//! from, creating a note, appending a line to today's note, and removing a new note the
//! editor left untouched. Reading notes (which are the user's, when one was written, what it
//! is about) is `content`'s; this module only writes, and only into the notes folder: never
//! into a pack, never over a file that exists, never rewriting a note.

mod names;
mod templates;
mod write;

use std::io;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveTime};

use crate::content::{LookupError, term_safe_inline};

pub use names::{file_name, slug};
pub use templates::{Template, default_template, find_template, template_names, templates};
pub use write::{
    Appended, Created, Finished, NewNote, append, create, daily_path, find_person, finish,
};

/// When a note is written: the day it is filed under (`ONRAMP_TODAY` where set) and the
/// local time of day, with its offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    pub date: NaiveDate,
    pub time: NaiveTime,
    pub offset: FixedOffset,
}

impl When {
    /// Now on the local clock, filed under `today`.
    pub fn now(today: NaiveDate) -> When {
        let now = Local::now();
        When {
            date: today,
            time: now.time(),
            offset: *now.offset(),
        }
    }

    /// `2026-03-10T14:03:12+01:00`: the `created` field.
    pub fn rfc3339(self) -> String {
        let time = self.time.format("%H:%M:%S");
        let at = format!("{}T{time}", self.date);
        match at
            .parse::<chrono::NaiveDateTime>()
            .ok()
            .and_then(|t| t.and_local_timezone(self.offset).single())
        {
            Some(t) => DateTime::<FixedOffset>::to_rfc3339(&t),
            None => at,
        }
    }
}

/// Why a note could not be written.
#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error("cannot make the notes folder {}: {source}", shown(.path))]
    Folder { path: PathBuf, source: io::Error },
    #[error("cannot write the note {}: {source}", shown(.path))]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot read the note {}: {source}", shown(.path))]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot lock {}: {source}", shown(.path))]
    Lock { path: PathBuf, source: io::Error },
    #[error("another onramp kept {} locked for too long; nothing was added", shown(.path))]
    Busy { path: PathBuf },
    #[error("no free name for a note called `{}` today in {}", term_safe_inline(.slug), shown(.dir))]
    NoFreeName { dir: PathBuf, slug: String },
    #[error(
        "the notes folder {} is inside the pack {}: notes never go into a pack",
        shown(.dir),
        term_safe_inline(.pack)
    )]
    InsidePack { dir: PathBuf, pack: String },
    #[error("no template named `{}`; there are: {}", term_safe_inline(.name), .known.join(", "))]
    UnknownTemplate { name: String, known: Vec<String> },
    #[error(
        "`{}` names a template in several packs; name one: {}",
        term_safe_inline(.name),
        .candidates.join(", ")
    )]
    AmbiguousTemplate {
        name: String,
        candidates: Vec<String>,
    },
    #[error("`{}` is a {kind} page, not a person", term_safe_inline(.id))]
    NotAPerson {
        id: String,
        kind: crate::content::Kind,
    },
    #[error(transparent)]
    Lookup(#[from] LookupError),
    #[error("there is nothing to add: the text is empty")]
    Empty,
}

fn shown(path: &std::path::Path) -> String {
    term_safe_inline(&path.display().to_string()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_is_rfc3339_with_the_local_offset() {
        let when = When {
            date: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
            time: NaiveTime::from_hms_opt(14, 3, 12).unwrap(),
            offset: FixedOffset::east_opt(3600).unwrap(),
        };
        assert_eq!(when.rfc3339(), "2026-03-10T14:03:12+01:00");
    }
}
