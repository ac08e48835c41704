//! App state and the one place it changes: `App::update(Action) -> Option<Effect>`. No IO
//! happens here; anything that touches the world comes back as an [`Effect`].

use std::sync::Arc;

use chrono::NaiveDate;
use crossterm::event::KeyEvent;

use super::action::{Action, Effect, Mark};
use super::checks::{Checks, DueItem};
use super::keymap::{Context, KeyInput, Keymap, Lookup};
use super::reader::ReaderState;
use super::search_worker::Hit;
use super::theme::Theme;
use crate::content::{Kind, Library};

/// The smallest terminal the layout is drawn in; below it a message asks for more room.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

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
    pub today: NaiveDate,
    /// The user's start date, when known.
    pub start: Option<NaiveDate>,
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
    Due(DueItem),
    Recent(String),
    Bookmark(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HomeState {
    pub selected: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchState {
    pub input: String,
    pub hits: Vec<Hit>,
    pub selected: usize,
    /// The generation of the latest request; answers to older ones are dropped.
    pub generation: u64,
    /// True while the latest request has no answer yet.
    pub waiting: bool,
}

/// A row of the checklists screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckRow {
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
}

/// What fills the screen.
#[derive(Debug, Clone)]
pub enum Screen {
    Home(HomeState),
    Search(SearchState),
    Reader(Box<ReaderState>),
    Checklists(ChecklistsState),
    List(ListState),
}

impl Screen {
    pub fn name(&self) -> &'static str {
        match self {
            Screen::Home(_) => "Home",
            Screen::Search(_) => "Search",
            Screen::Reader(_) => "Reader",
            Screen::Checklists(_) => "Checklists",
            Screen::List(l) => l.kind.plural_title(),
        }
    }
}

pub struct App {
    pub(super) library: Arc<Library>,
    pub(super) name: Option<String>,
    pub(super) theme: Theme,
    pub(super) keymap: Keymap,
    pub(super) checks: Checks,
    pub(super) recent: Vec<String>,
    pub(super) bookmarks: Vec<String>,
    /// Screens, the current one last; the first is always Home.
    pub(super) stack: Vec<Screen>,
    pub(super) help: bool,
    /// The first line of the help shown, when it is taller than the screen.
    pub(super) help_scroll: usize,
    /// What the background thread is still doing before search works.
    pub(super) warmup: Warmup,
    /// Pages edited in this session, read again from disk, by id.
    pub(super) edited: std::collections::HashMap<String, crate::content::Document>,
    /// An external link waiting for the user's yes.
    pub(super) confirm: Option<super::links::Confirmation>,
    pub(super) status: Option<String>,
    pub(super) size: (u16, u16),
    pending_keys: Vec<KeyInput>,
    quit: bool,
}

impl App {
    pub fn new(library: Arc<Library>, options: AppOptions) -> App {
        let checks = Checks::new(&library, options.start, options.today);
        let status = (!options.keymap_problems.is_empty()).then(|| {
            format!(
                "keymap: {} (those entries are ignored)",
                options.keymap_problems.join("; ")
            )
        });
        App {
            library,
            name: options.name,
            theme: options.theme,
            keymap: options.keymap,
            checks,
            recent: Vec::new(),
            bookmarks: Vec::new(),
            stack: vec![Screen::Home(HomeState::default())],
            help: false,
            help_scroll: 0,
            warmup: Warmup::Ready,
            edited: std::collections::HashMap::new(),
            confirm: None,
            status,
            size: options.size,
            pending_keys: Vec::new(),
            quit: false,
        }
    }

    pub fn library(&self) -> &Library {
        &self.library
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

    pub fn checks(&self) -> &Checks {
        &self.checks
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    pub fn recent(&self) -> &[String] {
        &self.recent
    }

    pub fn bookmarks(&self) -> &[String] {
        &self.bookmarks
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
        self.stack
            .iter()
            .any(|s| matches!(s, Screen::Search(state) if state.waiting))
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

    /// Sets the saved marks, bookmarks and recent pages (from the progress store).
    pub fn restore_progress(
        &mut self,
        marks: impl IntoIterator<Item = (String, String, Mark)>,
        bookmarks: Vec<String>,
        recent: Vec<String>,
    ) {
        for (checklist, item, mark) in marks {
            self.checks.set(&checklist, &item, Some(mark));
        }
        self.bookmarks = bookmarks;
        self.recent = recent;
    }

    /// True while a text field has the keyboard: typed characters go into it.
    pub fn typing(&self) -> bool {
        if self.help || self.confirm.is_some() {
            return false;
        }
        match self.screen() {
            Screen::Search(_) => true,
            Screen::Reader(r) => r.find.as_ref().is_some_and(|f| f.typing),
            Screen::List(l) => l.filtering,
            Screen::Home(_) | Screen::Checklists(_) => false,
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
        let screen = match self.screen() {
            Screen::Home(_) => Context::Home,
            Screen::Search(_) => Context::Search,
            Screen::Reader(_) => Context::Reader,
            Screen::Checklists(_) => Context::Checklists,
            Screen::List(_) => Context::List,
        };
        match (self.typing(), self.screen()) {
            (true, Screen::Search(_)) => vec![Context::Search, Context::Input],
            (true, _) => vec![Context::Input],
            (false, _) => vec![screen, Context::Global],
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
                self.size = (w, h);
                self.relayout_reader();
                self.help_scroll = self.help_scroll.min(super::view::help::max_scroll(self));
                None
            }
            Action::Report(message) => {
                self.status = Some(message);
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
            Action::LibraryLoaded(library) => {
                self.library_loaded(library.0);
                None
            }
            Action::PageEdited { path, text } => {
                self.page_edited(&path, &text);
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
            Action::SearchDone { generation, hits } => {
                if let Some(Screen::Search(s)) = self.stack.last_mut()
                    && s.generation == generation
                {
                    s.hits = hits;
                    s.selected = 0;
                    s.waiting = false;
                }
                None
            }
            // The help covers the screen: movement scrolls it, anything else waits.
            other if self.help => {
                let max = super::view::help::max_scroll(self);
                let page = usize::from(self.size.1.saturating_sub(4)).max(1);
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
            Some(Screen::List(_)) => self.update_list(action),
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

    fn open_search(&mut self) -> Option<Effect> {
        // Reopening search keeps the last query and results, like a browser's find bar.
        if let Some(i) = self
            .stack
            .iter()
            .rposition(|s| matches!(s, Screen::Search(_)))
        {
            let search = self.stack.remove(i);
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
        }));
        None
    }

    /// Takes the pages loaded in the background: checklists are read again (the loop then
    /// hands over the saved ticks), open pages laid out again.
    fn library_loaded(&mut self, library: Arc<Library>) {
        // `Checks::new` always sets today; the default is never used.
        let today = self.checks.today.unwrap_or_default();
        self.checks = Checks::new(&library, self.checks.start, today);
        let problems = library.warnings.len();
        self.library = library;
        if self.warmup == Warmup::Loading {
            self.warmup = Warmup::Indexing;
        }
        self.relayout_reader();
        if problems > 0 && self.status.is_none() {
            self.status = Some(format!(
                "{problems} problem{} in the content; `onramp lint` lists them.",
                if problems == 1 { "" } else { "s" }
            ));
        }
    }
}

/// The first visible row of a list of `height` rows that shows `selected` (the same rule
/// ratatui's `List` follows from offset 0).
pub fn list_offset(selected: usize, height: usize) -> usize {
    if height == 0 {
        0
    } else {
        (selected + 1).saturating_sub(height)
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
