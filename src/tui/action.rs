//! The catalogue of user intents (`Action`) and of the IO the loop performs for the app
//! (`Effect`). Actions a user may bind are plain serde variants; the ones only the loop
//! sends are `#[serde(skip)]` so a keymap cannot name them.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumMessage, IntoStaticStr};

use crate::content::Library;
use crate::progress::{ItemState, Progress};
use crate::search::Hit;

/// What the user means to do. The keymap maps keys to these by name; each bindable one's
/// doc comment is its description in `onramp keys` (so keep it one short sentence).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, EnumIter, EnumMessage, IntoStaticStr)]
pub enum Action {
    /// Quit onramp.
    Quit,
    /// Go back: close what is open, or return to the previous screen.
    Back,
    /// Show or hide the help with every key of the screen.
    ToggleHelp,
    /// Draw the whole screen again.
    Redraw,
    /// Go to the home screen.
    OpenHome,
    /// Search every page.
    OpenSearch,
    /// Open the checklists.
    OpenChecklists,
    /// Open the people directory: who to ask.
    OpenPeople,
    /// Open the tools directory.
    OpenTools,
    /// Open the glossary.
    OpenGlossary,
    /// Open your notes.
    OpenNotes,
    /// Open the guides.
    OpenGuides,
    /// Open the runbooks.
    OpenRunbooks,
    /// Open the library: every source, by folder.
    OpenLibrary,
    /// Open the pages due for review.
    OpenReview,
    /// Move the selection (or the page) up one line.
    Up,
    /// Move the selection (or the page) down one line.
    Down,
    /// Move up a page.
    PageUp,
    /// Move down a page.
    PageDown,
    /// Go to the top.
    Top,
    /// Go to the bottom.
    Bottom,
    /// Scroll up one line (the mouse wheel).
    ScrollUp,
    /// Scroll down one line (the mouse wheel).
    ScrollDown,
    /// Open the selected page, result, item or link.
    Open,
    /// Say yes to the question asked (open the link shown).
    Confirm,
    /// Select the next link of the page.
    NextLink,
    /// Select the previous link of the page.
    PrevLink,
    /// Follow link number N of the page at once: `run = { FollowLink = 3 }`.
    FollowLink(usize),
    /// Type a digit of a link's number (links 1 to 99 and on): `run = { LinkNumber = 1 }`.
    LinkNumber(u8),
    /// Back to the page read before.
    HistoryBack,
    /// Forward again to the page left with `HistoryBack`.
    HistoryForward,
    /// Find words in the page.
    StartFind,
    /// Go to the next match of the find.
    FindNext,
    /// Go to the previous match of the find.
    FindPrev,
    /// Type a filter for the list.
    StartFilter,
    /// Show or hide the page's table of contents.
    ToggleToc,
    /// Bookmark the page, or remove its bookmark.
    ToggleBookmark,
    /// Tick or untick the selected checklist item.
    ToggleItem,
    /// Mark the selected checklist item as not applying to you, or undo that.
    SkipItem,
    /// Show only the checklist items due now.
    FilterDueNow,
    /// Show only the checklist items not done.
    FilterNotDone,
    /// Edit the page's file in $VISUAL or $EDITOR.
    EditPage,
    /// Copy the code block under the cursor.
    CopyCode,
    /// Make today your first day: due dates count from it.
    StartToday,
    /// Put the last ticked, unticked or skipped item back as it was.
    Undo,
    /// Turn mouse capture on or off: off, the terminal selects and copies text itself.
    ToggleMouse,
    /// Ask for a title and write a new note about what is on screen.
    NewNote,
    /// Ask for a line to add to today's note.
    Capture,
    /// In the new-note prompt: the next template.
    NextTemplate,
    /// In the new-note prompt: the previous template.
    PrevTemplate,
    /// Clear the text field.
    ClearInput,
    /// Delete the character before the cursor in the text field.
    DeleteChar,
    /// Keep the query shown selected for editing, instead of typing over it.
    EditQuery,
    /// A typed character while a text field has the focus.
    #[serde(skip)]
    #[strum(disabled)]
    Input(char),
    /// Pasted text (bracketed paste) while a text field has the focus.
    #[serde(skip)]
    #[strum(disabled)]
    Paste(String),
    /// The terminal's new size in cells.
    #[serde(skip)]
    #[strum(disabled)]
    Resize(u16, u16),
    /// A mouse click at a cell (column, row).
    #[serde(skip)]
    #[strum(disabled)]
    Click(u16, u16),
    /// The answer to search number `generation`; older generations are dropped.
    #[serde(skip)]
    #[strum(disabled)]
    SearchDone {
        generation: u64,
        result: SearchResult,
    },
    /// The pages, loaded in the background (after the first frame, and again after a reload).
    #[serde(skip)]
    #[strum(disabled)]
    LibraryLoaded(Shared<Library>),
    /// The user's progress as the store has it now (after opening it and after every save).
    #[serde(skip)]
    #[strum(disabled)]
    ProgressLoaded(Shared<Progress>),
    /// True while the search index is being opened or refreshed in the background; searches
    /// wait for it.
    #[serde(skip)]
    #[strum(disabled)]
    Indexing(bool),
    /// The loop finished an effect and has something to tell the user.
    #[serde(skip)]
    #[strum(disabled)]
    Report(String),
    /// The time now (the loop sends it every minute), for a person's local time.
    #[serde(skip)]
    Clock(chrono::DateTime<chrono::Utc>),
    /// A note was written with this id: it is shown once the pages are read again.
    #[serde(skip)]
    NoteWritten(String),
}

/// What a search gave: hits, or why there are none (a damaged index is not "no match").
pub type SearchResult = Result<Vec<Hit>, String>;

/// Shared state handed to the app, compared by identity: it is the same load or not.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A change to the user's saved state: checklist items, bookmarks, recently read pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressChange {
    /// Item `item` of checklist `checklist` (the id progress keys it by: a translation's
    /// original) is now `state`; `text` is kept so the item can be shown if it leaves the
    /// content.
    SetItem {
        checklist: String,
        item: String,
        state: ItemState,
        text: String,
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

/// IO the event loop performs on the app's behalf.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Run a search in the background worker; only the latest generation is answered. The
    /// query goes as typed: its syntax is the search module's.
    /// With `kind`, only pages of that kind, every match (a list's filter).
    Search {
        generation: u64,
        query: String,
        kind: Option<crate::content::Kind>,
    },
    /// Save a change at once through the progress store, then hand the app what the store
    /// holds.
    Save(ProgressChange),
    /// Open an `http`, `https` or `mailto` link in the system's handler (already confirmed).
    OpenUrl(String),
    /// Suspend the terminal and edit a file in `$VISUAL` / `$EDITOR`, then load the sources
    /// again so every screen and search see the edit.
    Edit(std::path::PathBuf),
    /// Put text on the clipboard (already sanitised, no trailing newline); `placeholders`
    /// are what the user must fill in (`{{file}}`), named in the message after the copy.
    Copy {
        text: String,
        placeholders: Vec<String>,
    },
    /// Turn the terminal's mouse reporting on or off.
    MouseCapture(bool),
    /// Write a new note in the notes folder; the loop then edits it ([`Effect::EditNote`]).
    NewNote(crate::notes::NewNote),
    /// Suspend the terminal and edit a note just written; one left as it was is removed
    /// again, one written in is shown once the sources are read again.
    EditNote(crate::notes::Created),
    /// Append a line to today's note, then read the sources again.
    AppendNote(String),
}
