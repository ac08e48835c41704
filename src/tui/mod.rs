//! The interactive app: state, actions, keymap, views, the event loop, and terminal setup
//! and restore. Never parses Markdown, a query or checklist state itself: pages come from
//! `content` through the worker, search from `search` (the query as typed), item states and
//! due dates from `progress`, drawing from `render`. See ARCHITECTURE.md for the life of a
//! keystroke and of a tick.

pub mod action;
pub mod app;
pub mod browse;
mod checklists;
pub mod clipboard;
mod due;
mod effects;
mod home;
pub mod keymap;
pub mod layout;
pub mod links;
mod lists;
pub mod notes;
pub mod reader;
pub mod reader_doc;
mod reader_find;
mod reader_focus;
mod search;
mod terminal;
pub mod theme;
mod ticks;
pub mod view;
pub mod worker;

pub use action::{Action, Effect, ProgressChange, SearchResult, Shared};
pub use app::{App, AppOptions, Screen};
pub use effects::edit as edit_file;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};

use crate::config::Config;
use crate::content::{Library, Sources};
use crate::paths::Paths;
use crate::progress::Store;

use keymap::Keymap;
use theme::Theme;
use worker::{Reply, Worker};

/// How the app ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) asked it to stop; the number.
    Signal(i32),
}

/// How often the app is told the time (a person's local time in a page header).
const CLOCK: Duration = Duration::from_secs(60);

/// How long the loop waits for input before checking signals and search results.
const TICK: Duration = Duration::from_millis(50);
/// The same while a search or the index is under way: results are drawn within this long
/// of arriving, well inside one 16 ms frame.
const BUSY_TICK: Duration = Duration::from_millis(4);

/// Builds the app's options from the config, the user's keymap file and today's date
/// (`ONRAMP_TODAY` when set, as the command line reads it).
pub fn options(config: &Config, paths: &Paths, size: (u16, u16)) -> Result<AppOptions> {
    let (keymap, keymap_problems) = Keymap::load(&paths.keymap_file());
    Ok(AppOptions {
        name: config.name.clone(),
        theme: Theme::pick(config.theme.as_deref(), Theme::no_color_from_env()),
        keymap,
        keymap_problems,
        today: crate::progress::today_from_env()?,
        now: chrono::Utc::now(),
        me: config.me.clone(),
        stale_packs: stale_packs(config, paths),
        size,
    })
}

/// Team packs fetched longer ago than the config allows, for Home: (name, how long ago). A
/// packs file that cannot be read only costs the line (`pack list` says why).
fn stale_packs(config: &Config, paths: &Paths) -> Vec<(String, String)> {
    let stale_after = config
        .pack_stale_after
        .unwrap_or(crate::packs::DEFAULT_STALE_AFTER);
    crate::packs::Packs::new(paths)
        .statuses(chrono::Utc::now(), stale_after)
        .map(|statuses| {
            statuses
                .into_iter()
                .filter(|s| s.stale)
                .map(|s| (s.entry.name, crate::packs::age_words(s.age)))
                .collect()
        })
        .unwrap_or_default()
}

/// How long the first frame waits for the pages, so a quick load (the bundled pack takes a
/// few milliseconds) draws complete rather than flashing "loading" first.
pub const FIRST_FRAME_WAIT: Duration = Duration::from_millis(40);

/// The app and what its loop drives, without the terminal: the background worker (pages,
/// index, search) and the progress store. Tests and benchmarks drive it as the loop does.
pub struct Session {
    pub app: App,
    pub worker: Worker,
    pub store: Store,
    /// The notes folder new notes go into (`None`: the sources have none).
    notes: Option<PathBuf>,
}

/// Everything `run` does before its first frame, apart from the terminal: opens the progress
/// file and starts the worker that loads the pages and then opens (or builds, or refreshes)
/// the search index, so the first frame waits for neither. Public so a benchmark times this
/// path.
pub fn start(
    sources: Sources,
    config: &Config,
    paths: &Paths,
    size: (u16, u16),
) -> Result<Session> {
    let store = Store::open(&paths.data.path)?;
    Session::new(
        sources,
        store,
        Some(paths.index_dir()),
        options(config, paths, size)?,
    )
}

impl Session {
    /// A session over `sources` with `store`, the index in `index_dir` (`None`: in memory).
    pub fn new(
        sources: Sources,
        store: Store,
        index_dir: Option<PathBuf>,
        options: AppOptions,
    ) -> Result<Session> {
        let notes = sources.notes_dir().map(PathBuf::from);
        let worker = Worker::spawn(sources, index_dir).context("starting the search thread")?;
        let mut app = App::new(Arc::new(Library::default()), options);
        app.warmup = app::Warmup::Loading;
        let mut session = Session {
            app,
            worker,
            store,
            notes,
        };
        session.hand_progress();
        if let Some(notice) = session.store.notices().last() {
            let message = notice.to_string();
            session.app.update(Action::Report(
                crate::content::term_safe_inline(&message).into_owned(),
            ));
        }
        Ok(session)
    }

    /// Waits up to `budget` for the pages, so a quick load makes a complete first frame.
    pub fn wait_for_pages(&mut self, budget: Duration) {
        self.wait_while(budget, App::loading);
    }

    /// Waits up to `budget` until the worker has answered everything the app waits for:
    /// the pages, the index and the latest search. For tests and benchmarks; the loop
    /// never blocks.
    pub fn settle(&mut self, budget: Duration) {
        self.wait_while(budget, |app| {
            app.loading() || app.indexing() || app.awaiting_results()
        });
    }

    /// Applies the worker's replies while `waiting` holds, for at most `budget`.
    fn wait_while(&mut self, budget: Duration, waiting: impl Fn(&App) -> bool) {
        let until = Instant::now() + budget;
        while waiting(&self.app) {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            match self.worker.recv_timeout(left) {
                Some(reply) => self.apply(reply),
                None => return,
            }
        }
    }

    /// Hands the worker's replies to the app; true when there were any (the frame is stale).
    pub fn receive(&mut self) -> bool {
        let mut any = false;
        while let Some(reply) = self.worker.try_recv() {
            any = true;
            self.apply(reply);
        }
        any
    }

    /// Hands one reply of the worker to the app.
    pub fn apply(&mut self, reply: Reply) {
        match reply {
            Reply::Loaded(library) => {
                // A note just written opens now: the effect is its "recently read" save.
                if let Some(effect) = self.app.update(Action::LibraryLoaded(Shared(library))) {
                    self.run(effect);
                }
            }
            Reply::Ready { notice } => {
                self.app.update(Action::Indexing(false));
                if let Some(notice) = notice {
                    self.app.update(Action::Report(
                        crate::content::term_safe_inline(&notice).into_owned(),
                    ));
                }
            }
            Reply::Results { generation, result } => {
                let result =
                    result.map_err(|why| crate::content::term_safe_inline(&why).into_owned());
                self.app.update(Action::SearchDone { generation, result });
            }
            Reply::Notice(notice) => {
                self.app.update(Action::Report(
                    crate::content::term_safe_inline(&notice).into_owned(),
                ));
            }
        }
    }

    /// Applies an action and runs what it asks for, as the loop does; returns the effects
    /// that need a terminal or the world outside (editing, opening a link, copying).
    pub fn act(&mut self, action: Action) -> Option<Effect> {
        let effect = self.app.update(action)?;
        self.run(effect)
    }

    /// Runs an effect that needs no terminal: searches go to the worker, changes to the
    /// progress store, after which the app gets what the store now holds. Returns the
    /// others.
    pub fn run(&mut self, effect: Effect) -> Option<Effect> {
        match effect {
            Effect::Search {
                generation,
                query,
                kind,
            } => {
                // A list's filter shows every match; the search screen its best.
                let limit = if kind.is_some() {
                    crate::search::MAX_LIMIT
                } else {
                    app::SEARCH_LIMIT
                };
                self.worker.search(generation, query, kind, limit);
                None
            }
            Effect::Save(change) => {
                if let Err(e) = effects::save(&mut self.store, &change) {
                    let message = format!("Not saved: {e}");
                    self.app.update(Action::Report(
                        crate::content::term_safe_inline(&message).into_owned(),
                    ));
                }
                self.hand_progress();
                None
            }
            Effect::NewNote(request) => match self.write_note(&request) {
                Ok(created) => Some(Effect::EditNote(created)),
                Err(message) => {
                    self.report(&message);
                    None
                }
            },
            Effect::AppendNote(text) => {
                let message = match self.append_note(&text) {
                    Ok(appended) => {
                        self.reload();
                        format!("Added to today's note, {}.", appended.id)
                    }
                    Err(message) => message,
                };
                self.report(&message);
                None
            }
            other => Some(other),
        }
    }

    /// Writes the note `request` asks for in the notes folder, filed under the app's today.
    fn write_note(&self, request: &crate::notes::NewNote) -> Result<crate::notes::Created, String> {
        let dir = self
            .notes
            .as_deref()
            .ok_or("There is no notes folder to write in.")?;
        let when = crate::notes::When::now(self.app.today());
        crate::notes::create(dir, self.app.library(), request, when)
            .map_err(|e| format!("No note written: {e}"))
    }

    fn append_note(&self, text: &str) -> Result<crate::notes::Appended, String> {
        let dir = self
            .notes
            .as_deref()
            .ok_or("There is no notes folder to write in.")?;
        let when = crate::notes::When::now(self.app.today());
        crate::notes::append(dir, self.app.library(), text, when)
            .map_err(|e| format!("Not added: {e}"))
    }

    /// After the editor closed on a note just written: one left as it was is removed again;
    /// one written in stays, the sources are read again, and the app shows it.
    pub fn note_edited(&mut self, created: &crate::notes::Created) {
        let message = match crate::notes::finish(created) {
            Ok(crate::notes::Finished::Kept) => {
                self.app.update(Action::NoteWritten(created.id.clone()));
                self.reload();
                format!("Saved {}.", created.id)
            }
            Ok(crate::notes::Finished::Removed) => {
                "Nothing was written, so the note was removed again.".to_string()
            }
            Ok(crate::notes::Finished::Gone) => "The editor removed the note.".to_string(),
            Err(e) => e.to_string(),
        };
        self.report(&message);
    }

    /// Tells the user `message` in the status line.
    fn report(&mut self, message: &str) {
        self.app.update(Action::Report(
            crate::content::term_safe_inline(message).into_owned(),
        ));
    }

    /// Loads the sources again (after an edit): every screen and search follow.
    pub fn reload(&mut self) {
        self.app.update(Action::Indexing(true));
        self.worker.reload();
    }

    /// Gives the app what the store holds now: what it draws is what is saved.
    fn hand_progress(&mut self) {
        let progress = Arc::new(self.store.progress().clone());
        self.app.update(Action::ProgressLoaded(Shared(progress)));
    }
}

/// Runs the app until the user quits or a signal asks it to stop. The terminal is restored
/// on every way out: return, error, panic, SIGINT, SIGTERM, SIGHUP, SIGQUIT.
///
/// The pages come from `sources`, loaded on a background thread after the first frame.
pub fn run(sources: Sources, config: &Config, paths: &Paths) -> Result<Exit> {
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGQUIT,
    ] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)
            .context("listening for signals")?;
    }
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    // Before the terminal is taken over, so a problem with the progress file or the date is
    // printed where the user can read it.
    let mut session = start(sources, config, paths, size)?;
    watchdog(Arc::clone(&signal));
    let mut guard = terminal::TerminalGuard::enter()?;
    session.wait_for_pages(FIRST_FRAME_WAIT);
    let mut dirty = true;
    let mut clock = Instant::now();
    loop {
        if dirty {
            guard
                .terminal()
                .draw(|frame| view::draw(&session.app, frame))?;
        }
        let sig = signal.load(Ordering::SeqCst);
        if sig != 0 {
            return Ok(Exit::Signal(sig as i32));
        }
        if session.app.should_quit() {
            return Ok(Exit::Quit);
        }
        // Poll rather than block, so signals and search results are noticed; while pages,
        // the index or a search are under way, poll often, so what they bring is drawn within
        // a frame of arriving. An error here means the terminal went away: return, and the
        // guard restores what it can.
        let app = &session.app;
        let tick = if app.awaiting_results() || app.indexing() || app.loading() {
            BUSY_TICK
        } else {
            TICK
        };
        dirty = false;
        if event::poll(tick).context("reading the terminal")? {
            dirty = true;
            let event = event::read().context("reading the terminal")?;
            if let Some(effect) = handle_event(&mut session.app, event) {
                effects::run_effect(&mut session, &mut guard, effect);
            }
            // Drain whatever else is queued before drawing again, so a burst of keys (a
            // paste, key repeat) costs one frame.
            while event::poll(Duration::ZERO).context("reading the terminal")? {
                let event = event::read().context("reading the terminal")?;
                if let Some(effect) = handle_event(&mut session.app, event) {
                    effects::run_effect(&mut session, &mut guard, effect);
                }
                if session.app.should_quit() {
                    break;
                }
            }
        }
        dirty |= session.receive();
        if clock.elapsed() >= CLOCK {
            clock = Instant::now();
            session.app.update(Action::Clock(chrono::Utc::now()));
            dirty = true;
        }
    }
}

/// When the terminal goes away, crossterm's poll can spin on a tty that only returns errors
/// and never come back to the loop that checks for signals. After a signal the loop has one
/// second to end the app the normal way; then this thread restores what it can and exits,
/// so a closed window never leaves a process burning a core.
fn watchdog(signal: Arc<AtomicUsize>) {
    let tty = || {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .is_ok()
    };
    // Only a terminal that was there at the start can be seen going away.
    let watch_tty = tty();
    let spawned = std::thread::Builder::new()
        .name("onramp-watchdog".into())
        .spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(250));
                if watch_tty && !tty() {
                    // Hung up: nothing to restore on a terminal that no longer exists.
                    std::process::exit(129);
                }
                let sig = signal.load(Ordering::SeqCst);

                if sig != 0 {
                    std::thread::sleep(Duration::from_secs(1));
                    // Every mode the app set up, not only raw mode and the alternate screen.
                    terminal::restore();
                    std::process::exit(128 + i32::try_from(sig).unwrap_or(0));
                }
            }
        });
    // Without the thread the app still runs; it only loses this safety net.
    drop(spawned);
}

/// Turns one terminal event into an action for the app.
pub fn handle_event(app: &mut App, event: Event) -> Option<Effect> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(key),
        Event::Resize(w, h) => app.update(Action::Resize(w, h)),
        Event::Paste(text) if app.typing() => app.update(Action::Paste(text)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollUp => app.update(Action::ScrollUp),
            MouseEventKind::ScrollDown => app.update(Action::ScrollDown),
            MouseEventKind::Down(MouseButton::Left) => app.update(Action::Click(m.column, m.row)),
            _ => None,
        },
        _ => None,
    }
}
