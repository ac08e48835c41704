//! The catalogue of user intents (`Action`) and of the IO the loop performs for the app
//! (`Effect`). Actions a user may bind are plain serde variants; the ones only the loop
//! sends are `#[serde(skip)]` so a keymap cannot name them.

use serde::Deserialize;

use super::search_worker::Hit;
use crate::content::Kind;

/// What the user means to do. The keymap maps keys to these by name.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum Action {
    Quit,
    Back,
    ToggleHelp,
    Redraw,
    OpenHome,
    OpenSearch,
    OpenChecklists,
    OpenPeople,
    OpenTools,
    OpenGlossary,
    OpenNotes,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    ScrollUp,
    ScrollDown,
    Open,
    Confirm,
    NextLink,
    PrevLink,
    FollowLink(usize),
    HistoryBack,
    HistoryForward,
    StartFind,
    FindNext,
    FindPrev,
    StartFilter,
    ToggleToc,
    ToggleBookmark,
    ToggleItem,
    SkipItem,
    FilterDueNow,
    FilterNotDone,
    EditPage,
    CopyCode,
    StartToday,

    ClearInput,
    DeleteChar,
    /// A typed character while a text field has the focus.
    #[serde(skip)]
    Input(char),
    /// Pasted text (bracketed paste) while a text field has the focus.
    #[serde(skip)]
    Paste(String),
    /// The terminal's new size in cells.
    #[serde(skip)]
    Resize(u16, u16),
    /// A mouse click at a cell (column, row).
    #[serde(skip)]
    Click(u16, u16),
    /// Results of search number `generation`; older generations are dropped.
    #[serde(skip)]
    SearchDone {
        generation: u64,
        hits: Vec<Hit>,
    },
    /// The pages, loaded in the background after the first frame.
    #[serde(skip)]
    LibraryLoaded(LoadedLibrary),
    /// True while the search index is being opened or refreshed in the background; searches
    /// wait for it.
    #[serde(skip)]
    Indexing(bool),
    /// The file at `path` was edited and now reads `text`.
    #[serde(skip)]
    PageEdited {
        path: std::path::PathBuf,
        text: String,
    },
    /// The loop finished an effect and has something to tell the user.
    #[serde(skip)]
    Report(String),
}

/// A library loaded in the background. Compared by identity: it is the same load or not.
#[derive(Debug, Clone)]
pub struct LoadedLibrary(pub std::sync::Arc<crate::content::Library>);

impl PartialEq for LoadedLibrary {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A change to the user's saved state: checklist items, bookmarks, recently read pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressChange {
    SetItem {
        checklist: String,
        item: String,
        mark: Option<Mark>,
    },
    Bookmark {
        id: String,
        on: bool,
    },
    Opened {
        id: String,
    },
    /// The user's first day; due dates count from it.
    StartDate(chrono::NaiveDate),
}

/// The state of a checklist item the user has touched; untouched items have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Done,
    Skipped,
}

/// IO the event loop performs on the app's behalf.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Run a search in the background worker; only the latest generation is answered.
    Search {
        generation: u64,
        query: String,
        kind: Option<Kind>,
    },
    /// Save a change at once (the progress store's job).
    Save(ProgressChange),
    /// Open an `http`, `https` or `mailto` link in the system's handler (already confirmed).
    OpenUrl(String),
    /// Suspend the terminal and edit a file in `$VISUAL` / `$EDITOR`.
    Edit(std::path::PathBuf),
    /// Put text on the clipboard (already sanitised, no trailing newline).
    Copy(String),
}
