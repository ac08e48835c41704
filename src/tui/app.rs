//! App state and the one place it changes: `App::update(Action) -> Option<Effect>`. No IO
//! happens here; anything that touches the world comes back as an [`Effect`]. Checklist state
//! is progress's own types, read from the store's latest snapshot: the app never keeps a copy
//! of its own, so what it draws is what is saved.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::KeyEvent;

use super::action::{Action, Effect, SearchResult, Shared};
use super::keymap::{Context, KeyInput, Keymap, Lookup};
use super::reader::ReaderState;
use super::theme::Theme;
use crate::content::{Kind, Library};
use crate::progress::{Checklists, ItemState, Progress};
use crate::search::Hit;

/// How many search results to ask for.
pub const SEARCH_LIMIT: usize = 50;

/// Everything the app needs from outside, fixed at start.
pub struct AppOptions {
    /// The user's name from the config, for the home screen.
    pub name: Option<String>,
    pub theme: Theme,
    pub keymap: Keymap,
    /// Problems with the user's keymap file, shown in the status line.
    pub keymap_problems: Vec<String>,
    /// Today's date (`ONRAMP_TODAY` when set, as the command line reads it).
    pub today: NaiveDate,
    /// The time now, for a person's local time in a page header; the loop moves it on.
    pub now: DateTime<Utc>,
    /// The user's own person page (`me` in config.toml), for "pages you own".
    pub me: Option<String>,
    /// Team packs not fetched for longer than the config allows: (name, how long ago).
    pub stale_packs: Vec<(String, String)>,
    /// Terminal size in cells.
    pub size: (u16, u16),
}

/// What the background thread is still doing: loading the pages, then opening the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warmup {
    Loading,
    Indexing,
    Ready,
}

/// A row of the home screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HomeRow {
    /// A phase of the first year with its bar; Enter lists its guides and checklists.
    Phase(u8),
    /// "N pages you own need review" (when the config names you); Enter lists them.
    Review(usize),
    Due(crate::progress::DueItem),
    /// "+N more": this many more are due; Enter opens the full list.
    MoreDue(usize),
    Recent(String),
    Bookmark(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HomeState {
    pub selected: usize,
}

/// The full list of what is due, opened from Home's "+N more".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DueState {
    pub selected: usize,
}

/// The last tick, untick or skip, kept so that `u` can put the item back as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    /// The checklist and item as progress keys them.
    pub checklist: String,
    pub item: String,
    /// The item's source text, saved with its state; `label` is its plain text.
    pub text: String,
    pub label: String,
    pub before: ItemState,
    pub after: ItemState,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchState {
    pub input: String,
    pub hits: Vec<Hit>,
    /// Why the last search has no hits, when it failed rather than matched nothing.
    pub error: Option<String>,
    pub selected: usize,
    /// The generation of the latest request; answers to older ones are dropped.
    pub generation: u64,
    /// True while the latest request has no answer yet.
    pub waiting: bool,
    /// The query is shown selected (search opened again): typing replaces it, Backspace
    /// clears it, an arrow keeps it for editing.
    pub replace: bool,
}

/// A row of the checklists screen: a checklist, or an item (checklist, item position).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecklistRow {
    Checklist(usize),
    Item(usize, usize),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChecklistsState {
    pub selected: usize,
    pub due_now: bool,
    pub not_done: bool,
}

/// People, tools, glossary and notes: a filterable list of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListState {
    pub kind: Kind,
    pub filter: String,
    pub filtering: bool,
    pub selected: usize,
    /// The latest search of the filter; answers to older ones are dropped.
    pub generation: u64,
    /// The pages the search module matched for the filter, best first, by id; `None` until
    /// the first answer (the whole list shows meanwhile).
    pub found: Option<Vec<String>>,
    /// True while the latest search of the filter has no answer yet.
    pub waiting: bool,
}

/// What fills the screen.
#[derive(Debug, Clone)]
pub enum Screen {
    Home(HomeState),
    Search(SearchState),
    Reader(Box<ReaderState>),
    Checklists(ChecklistsState),
    Due(DueState),
    List(ListState),
    Browse(super::browse::BrowseState),
}

impl Screen {
    pub fn name(&self) -> &'static str {
        match self {
            Screen::Home(_) => "Home",
            Screen::Search(_) => "Search",
            Screen::Reader(_) => "Reader",
            Screen::Checklists(_) => "Checklists",
            Screen::Due(_) => "Due",
            Screen::List(l) => l.kind.plural_title(),
            Screen::Browse(_) => "Browse",
        }
    }

    /// The keymap context of this screen.
    pub fn context(&self) -> Context {
        match self {
            Screen::Home(_) => Context::Home,
            Screen::Search(_) => Context::Search,
            Screen::Reader(_) => Context::Reader,
            Screen::Checklists(_) => Context::Checklists,
            Screen::Due(_) => Context::Due,
            Screen::List(_) => Context::List,
            Screen::Browse(_) => Context::Browse,
        }
    }
}

pub struct App {
    pub(super) library: Arc<Library>,
    /// The library's checklists, parsed once per load.
    pub(super) checklists: Arc<Checklists>,
    /// The progress store's latest snapshot; replaced after every save.
    pub(super) progress: Arc<Progress>,
    pub(super) today: NaiveDate,
    pub(super) now: DateTime<Utc>,
    pub(super) me: Option<String>,
    pub(super) stale_packs: Vec<(String, String)>,
    pub(super) name: Option<String>,
    pub(super) theme: Theme,
    pub(super) keymap: Keymap,
    /// Screens, the current one last; the first is always Home.
    pub(super) stack: Vec<Screen>,
    pub(super) help: bool,
    /// The first line of the help shown, when it is taller than the screen.
    pub(super) help_scroll: usize,
    /// What the background thread is still doing before search works.
    pub(super) warmup: Warmup,
    /// An external link waiting for the user's yes.
    pub(super) confirm: Option<super::links::Confirmation>,
    pub(super) status: Option<String>,
    pub(super) size: (u16, u16),
    /// The last change to an item, for undo.
    pub(super) last_change: Option<LastChange>,
    /// True while the app takes the mouse (the terminal's selection needs it off).
    pub(super) mouse: bool,
    /// The new-note or capture prompt in the status line, while it is open.
    pub(super) prompt: Option<super::notes::Prompt>,
    /// A note just written, opened once the pages that hold it arrive.
    pub(super) open_when_loaded: Option<String>,
    /// The generation of the latest search asked of the worker, whichever screen asked.
    pub(super) searches: u64,
    pending_keys: Vec<KeyInput>,
    quit: bool,
}

impl App {
    pub fn new(library: Arc<Library>, options: AppOptions) -> App {
        let status = (!options.keymap_problems.is_empty()).then(|| {
            format!(
                "keymap: {} (those entries are ignored)",
                options.keymap_problems.join("; ")
            )
        });
        App {
            checklists: Arc::new(Checklists::from_library(&library)),
            library,
            progress: Arc::new(Progress::default()),
            today: options.today,
            now: options.now,
            me: options.me,
            stale_packs: options.stale_packs,
            name: options.name,
            theme: options.theme,
            keymap: options.keymap,
            stack: vec![Screen::Home(HomeState::default())],
            help: false,
            help_scroll: 0,
            warmup: Warmup::Ready,
            confirm: None,
            status,
            size: options.size,
            last_change: None,
            mouse: true,
            prompt: None,
            open_when_loaded: None,
            searches: 0,
            pending_keys: Vec::new(),
            quit: false,
        }
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    /// The checklists of the loaded pages.
    pub fn checklists(&self) -> &Checklists {
        &self.checklists
    }

    /// The user's progress, as the store last saved or read it.
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// The moment page headers are drawn for.
    pub fn moment(&self) -> crate::content::Moment {
        crate::content::Moment {
            today: self.today,
            now: self.now,
        }
    }

    /// The user's own person page, when the config names it.
    pub fn me(&self) -> Option<&str> {
        self.me.as_deref()
    }

    /// Team packs out of date: (name, how long since they were fetched).
    pub fn stale_packs(&self) -> &[(String, String)] {
        &self.stale_packs
    }

    pub fn screen(&self) -> &Screen {
        self.stack.last().unwrap_or(&self.stack[0])
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Recently read pages, newest first, as progress keeps them.
    pub fn recent(&self) -> Vec<&str> {
        self.progress.recent()
    }

    /// Bookmarked pages, newest first.
    pub fn bookmarks(&self) -> Vec<&str> {
        self.progress.bookmarks()
    }

    pub fn help_open(&self) -> bool {
        self.help
    }

    /// The first line of the help overlay on screen.
    pub fn help_scroll(&self) -> usize {
        self.help_scroll
    }

    /// True while the search index opens in the background (or the pages load before it).
    pub fn indexing(&self) -> bool {
        self.warmup != Warmup::Ready
    }

    /// True until the pages, loading in the background, arrive.
    pub fn loading(&self) -> bool {
        self.warmup == Warmup::Loading
    }

    /// True while a search has no answer yet: the loop then looks for it more often.
    pub fn awaiting_results(&self) -> bool {
        self.stack.iter().any(|s| match s {
            Screen::Search(state) => state.waiting,
            Screen::List(state) => state.waiting,
            _ => false,
        })
    }

    /// The address of the external link waiting for the user's yes.
    pub fn confirming(&self) -> Option<&str> {
        self.confirm.as_ref().map(|c| c.url.as_str())
    }

    /// The external link waiting for the user's yes, with the host it really goes to.
    pub fn confirmation(&self) -> Option<&super::links::Confirmation> {
        self.confirm.as_ref()
    }

    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The change `u` would undo.
    pub fn last_change(&self) -> Option<&LastChange> {
        self.last_change.as_ref()
    }

    /// True while the app takes mouse clicks and the wheel.
    pub fn mouse_captured(&self) -> bool {
        self.mouse
    }

    /// True while a text field has the keyboard: typed characters go into it.
    pub fn typing(&self) -> bool {
        if self.help || self.confirm.is_some() {
            return false;
        }
        if self.prompt.is_some() {
            return true;
        }
        match self.screen() {
            Screen::Search(_) => true,
            Screen::Reader(r) => r.find.as_ref().is_some_and(|f| f.typing),
            Screen::List(l) => l.filtering,
            Screen::Home(_) | Screen::Checklists(_) | Screen::Due(_) | Screen::Browse(_) => false,
        }
    }

    /// The keymap contexts that apply now, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if self.help {
            return vec![Context::Help];
        }
        if self.confirm.is_some() {
            return vec![Context::Confirm];
        }
        if let Some(prompt) = &self.prompt {
            return prompt.contexts();
        }
        match (self.typing(), self.screen()) {
            (true, Screen::Search(_)) => vec![Context::Search, Context::Input],
            (true, _) => vec![Context::Input],
            (false, _) => {
                let mut contexts = self.screen_contexts();
                contexts.push(Context::Global);
                contexts
            }
        }
    }

    /// The current screen's own keymap contexts, most specific first: the reader's find
    /// comes before the reader while it has matches to step through. A search's marks are
    /// not a find: `n` and `N` keep their meaning on a page opened from search.
    pub fn screen_contexts(&self) -> Vec<Context> {
        match self.screen() {
            Screen::Reader(r)
                if r.find
                    .as_ref()
                    .is_some_and(|f| !f.typing && !f.from_a_search()) =>
            {
                vec![Context::Find, Context::Reader]
            }
            screen => vec![screen.context()],
        }
    }

    /// Turns a key press into an action through the keymap and applies it. Keys that start
    /// a longer binding (`g` of `g g`) wait for the next key.
    pub fn handle_key(&mut self, event: KeyEvent) -> Option<Effect> {
        let key = KeyInput::from_event(event);
        let contexts = self.contexts();
        self.pending_keys.push(key);
        let lookup = self.keymap.lookup(&contexts, &self.pending_keys);
        let action = match lookup {
            Lookup::Pending => return None,
            Lookup::Action(a) => Some(a),
            Lookup::None if self.pending_keys.len() > 1 => {
                // A sequence that went nowhere: try the last key on its own.
                self.pending_keys = vec![key];
                match self.keymap.lookup(&contexts, &self.pending_keys) {
                    Lookup::Action(a) => Some(a),
                    Lookup::Pending => return None,
                    Lookup::None => None,
                }
            }
            Lookup::None => None,
        };
        self.pending_keys.clear();
        let action = match action {
            Some(a) => a,
            None if self.typing() && key.is_text() => match key.code {
                crossterm::event::KeyCode::Char(c) => Action::Input(c),
                _ => return None,
            },
            None if self.typing() => match self.keymap.lookup(&[Context::Global], &[key]) {
                // Outside the text, global keys like Ctrl-C still work while typing.
                Lookup::Action(a) if !key.is_text() => a,
                _ => return None,
            },
            None => return None,
        };
        self.update(action)
    }

    /// Applies one action. The only place state changes.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if !matches!(
            action,
            Action::SearchDone { .. }
                | Action::Resize(..)
                | Action::Indexing(_)
                | Action::LibraryLoaded(_)
                | Action::ProgressLoaded(_)
                | Action::Clock(_)
        ) {
            self.status = None;
        }
        match action {
            Action::Quit => {
                self.quit = true;
                None
            }
            Action::Redraw => None,
            Action::Resize(w, h) => {
                // Bars come and go with the height: keep Home's selection on the same row.
                let bars = |app: &App| {
                    app.home_rows()
                        .iter()
                        .filter(|r| matches!(r, HomeRow::Phase(_)))
                        .count()
                };
                let before = bars(self);
                self.size = (w, h);
                let after = bars(self);
                if let Some(Screen::Home(state)) = self.stack.first_mut() {
                    state.selected = (state.selected + after).saturating_sub(before);
                }
                self.relayout_reader();
                self.help_scroll = self.help_scroll.min(super::view::help::max_scroll(self));
                None
            }
            Action::Report(message) => {
                self.status = Some(message);
                None
            }
            Action::Clock(now) => {
                self.now = now;
                // Only a person's header shows the time; other pages stay as drawn.
                let person_open = self.stack.iter().any(|s| {
                    matches!(s, Screen::Reader(r)
                        if self.library.get(&r.id).is_some_and(|d| d.kind == Kind::Person))
                });
                if person_open {
                    self.relayout_reader();
                }
                None
            }
            Action::Indexing(on) => {
                self.warmup = match (on, self.warmup) {
                    (false, _) => Warmup::Ready,
                    (true, Warmup::Loading) => Warmup::Loading,
                    (true, _) => Warmup::Indexing,
                };
                None
            }
            Action::LibraryLoaded(Shared(library)) => {
                self.library_loaded(library);
                self.open_written_note()
            }
            Action::ProgressLoaded(Shared(progress)) => {
                let old = std::mem::replace(&mut self.progress, progress);
                self.restamp_readers(&old);
                self.clamp_selections();
                None
            }
            Action::ToggleHelp => {
                self.help = !self.help;
                self.help_scroll = 0;
                None
            }
            Action::Back if self.help => {
                self.help = false;
                None
            }
            Action::Back if self.confirm.is_some() => {
                self.confirm = None;
                None
            }
            Action::Confirm => self.confirm.take().map(|c| Effect::OpenUrl(c.url)),
            Action::OpenHome => {
                self.stack.truncate(1);
                None
            }
            Action::OpenSearch => self.open_search(),
            Action::OpenChecklists => {
                self.push(Screen::Checklists(ChecklistsState::default()));
                None
            }
            Action::OpenPeople => self.open_list(Kind::Person),
            Action::OpenTools => self.open_list(Kind::Tool),
            Action::OpenGlossary => self.open_list(Kind::Term),
            Action::OpenNotes => self.open_list(Kind::Note),
            Action::OpenGuides => self.open_list(Kind::Guide),
            Action::OpenRunbooks => self.open_list(Kind::Runbook),
            Action::OpenLibrary => self.open_browse(super::browse::Browse::Library(Vec::new())),
            Action::OpenReview => self.open_browse(super::browse::Browse::Review(None)),
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                let key = self.key_hint(&Action::ToggleMouse);
                self.status = Some(if self.mouse {
                    "Mouse on: clicks and the wheel go to onramp.".to_string()
                } else {
                    format!(
                        "Mouse off: the terminal selects and copies text; {key}turns it back on.",
                        key = key.map(|k| format!("{k} ")).unwrap_or_default()
                    )
                });
                Some(Effect::MouseCapture(self.mouse))
            }
            Action::Undo => self.undo(),
            Action::SearchDone { generation, result } => {
                self.search_done(generation, result);
                None
            }
            Action::NoteWritten(id) => {
                self.open_when_loaded = Some(id);
                None
            }
            other if self.prompt.is_some() => self.update_prompt(other),
            Action::NewNote => {
                self.start_note();
                None
            }
            Action::Capture => {
                self.start_capture();
                None
            }
            // The help covers the screen: movement scrolls it, anything else waits.
            other if self.help => {
                let max = super::view::help::max_scroll(self);
                let page = super::layout::help_rows(self.size).max(1);
                let mut at = self.help_scroll.min(max);
                scroll_by(&mut at, max, &other, page);
                self.help_scroll = at;
                None
            }
            other => self.update_screen(other),
        }
    }

    fn update_screen(&mut self, action: Action) -> Option<Effect> {
        match self.stack.last() {
            Some(Screen::Home(_)) => self.update_home(action),
            Some(Screen::Search(_)) => self.update_search(action),
            Some(Screen::Reader(_)) => self.update_reader(action),
            Some(Screen::Checklists(_)) => self.update_checklists(&action),
            Some(Screen::Due(_)) => self.update_due(&action),
            Some(Screen::List(_)) => self.update_list(action),
            Some(Screen::Browse(_)) => self.update_browse(&action),
            None => None,
        }
    }

    pub(super) fn push(&mut self, screen: Screen) {
        self.stack.push(screen);
    }

    /// Leaves the current screen; Home stays.
    pub(super) fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    fn search_done(&mut self, generation: u64, result: SearchResult) {
        if let Some(Screen::List(list)) = self.stack.last_mut()
            && list.generation == generation
        {
            let ids = match result {
                Ok(hits) => hits.into_iter().map(|h| h.id).collect(),
                Err(why) => {
                    self.status = Some(why);
                    Vec::new()
                }
            };
            list.found = Some(ids);
            list.selected = 0;
            list.waiting = false;
            return;
        }
        if let Some(Screen::Search(s)) = self.stack.last_mut()
            && s.generation == generation
        {
            match result {
                Ok(hits) => {
                    s.hits = hits;
                    s.error = None;
                }
                Err(why) => {
                    s.hits.clear();
                    s.error = Some(why);
                }
            }
            s.selected = 0;
            s.waiting = false;
        }
    }

    fn open_search(&mut self) -> Option<Effect> {
        // Reopening search keeps the last query and results, like a browser's find bar.
        if let Some(i) = self
            .stack
            .iter()
            .rposition(|s| matches!(s, Screen::Search(_)))
        {
            let mut search = self.stack.remove(i);
            // A fresh query starts here: the last one is shown selected, so typing replaces it.
            if let Screen::Search(state) = &mut search {
                state.replace = !state.input.is_empty();
            }
            self.stack.push(search);
            return None;
        }
        self.push(Screen::Search(SearchState::default()));
        None
    }

    fn open_list(&mut self, kind: Kind) -> Option<Effect> {
        self.push(Screen::List(ListState {
            kind,
            filter: String::new(),
            filtering: false,
            selected: 0,
            generation: 0,
            found: None,
            waiting: false,
        }));
        None
    }

    /// The state of item `item` of the checklist page `page` (progress's rule), `None` when
    /// the page is not a checklist.
    pub fn item_state(&self, page: &str, item: &str) -> Option<ItemState> {
        self.checklists.state(&self.progress, page, item)
    }

    /// The first key that runs `action` on the current screen, for a message to name.
    pub(super) fn key_hint(&self, action: &Action) -> Option<String> {
        let contexts = match self.stack.last() {
            Some(screen) => vec![screen.context(), Context::Global],
            None => vec![Context::Global],
        };
        self.keymap
            .key_for(&contexts, action)
            .map(|k| k.to_string())
    }

    /// Takes newly loaded pages: checklists are parsed again, open pages laid out again, and
    /// selections kept within what is there now.
    fn library_loaded(&mut self, library: Arc<Library>) {
        self.checklists = Arc::new(Checklists::from_library(&library));
        let problems = library.warnings.len();
        self.library = library;
        if self.warmup == Warmup::Loading {
            self.warmup = Warmup::Indexing;
            // The first pages: Home's selection starts on what is due, below the bars.
            let first = self.first_home_item();
            if let Some(Screen::Home(state)) = self.stack.first_mut() {
                state.selected = first;
            }
        }
        self.relayout_reader();
        self.refresh_browse();
        self.clamp_selections();
        if problems > 0 && self.status.is_none() {
            self.status = Some(format!(
                "{problems} problem{} in the content; `onramp lint` lists them.",
                if problems == 1 { "" } else { "s" }
            ));
        }
    }

    /// Keeps the current screen's selection on a row that exists after its rows changed (a
    /// ticked item leaves Home's list). Screens below it clamp when they are back on top.
    fn clamp_selections(&mut self) {
        let len = match self.stack.last() {
            Some(Screen::Home(_)) => self.home_rows().len(),
            Some(Screen::Checklists(state)) => self.checklist_rows(state).len(),
            Some(Screen::Due(_)) => self.due_rows().len(),
            _ => return,
        };
        if let Some(
            Screen::Home(HomeState { selected })
            | Screen::Checklists(ChecklistsState { selected, .. })
            | Screen::Due(DueState { selected }),
        ) = self.stack.last_mut()
        {
            *selected = (*selected).min(len.saturating_sub(1));
        }
    }
}

/// Moves a scroll position within `0..=max` for the movement actions.
pub(super) fn scroll_by(at: &mut usize, max: usize, action: &Action, page: usize) {
    *at = match action {
        Action::Up | Action::ScrollUp => at.saturating_sub(1),
        Action::Down | Action::ScrollDown => (*at + 1).min(max),
        Action::PageUp => at.saturating_sub(page),
        Action::PageDown => (*at + page).min(max),
        Action::Top => 0,
        Action::Bottom => max,
        _ => *at,
    };
}

/// Moves a list selection for the movement actions; other actions leave it alone.
pub(super) fn move_selection(selected: &mut usize, len: usize, action: &Action, page: usize) {
    let last = len.saturating_sub(1);
    let page = page.max(1);
    *selected = match action {
        Action::Up | Action::ScrollUp => selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => (*selected + 1).min(last),
        Action::PageUp => selected.saturating_sub(page),
        Action::PageDown => (*selected + page).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => (*selected).min(last),
    };
}
