//! The interactive app: state, actions, keymap, views, the event loop, and terminal setup
//! and restore. Never parses Markdown or queries the index itself: pages come through
//! `reader_doc`, search through `search_worker`, checklist state through `checks`.

pub mod action;
pub mod app;
pub mod checks;
pub mod clipboard;
mod edits;
mod effects;
mod home;
pub mod keymap;
pub mod links;
mod lists;
pub mod punycode;
pub mod reader;
pub mod reader_doc;
mod search_screen;
pub mod search_worker;
mod terminal;
pub mod theme;
pub mod view;

pub use action::{Action, Effect, LoadedLibrary, Mark, ProgressChange};
pub use app::{App, AppOptions, Screen};

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result};
use crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};

use crate::config::Config;
use crate::content::Library;
use crate::paths::Paths;
use crate::progress::Store;

use keymap::Keymap;
use search_worker::{Reply, SearchOptions, SearchWorker, StandIn};
use theme::Theme;

/// How the app ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A signal (SIGINT, SIGTERM, SIGHUP) asked it to stop; the number.
    Signal(i32),
}

/// How long the loop waits for input before checking signals and search results.
const TICK: Duration = Duration::from_millis(50);
/// The same while a search or the index is under way: results are drawn within this long
/// of arriving, well inside one 16 ms frame.
const BUSY_TICK: Duration = Duration::from_millis(4);

/// Builds the app's options from the config and the user's keymap file.
pub fn options(config: &Config, paths: &Paths, size: (u16, u16)) -> AppOptions {
    let (keymap, keymap_problems) = Keymap::load(&paths.keymap_file());
    AppOptions {
        name: config.name.clone(),
        theme: Theme::pick(config.theme.as_deref(), Theme::no_color_from_env()),
        keymap,
        keymap_problems,
        today: chrono::Local::now().date_naive(),
        start: None,
        size,
    }
}

/// How long the first frame waits for the pages, so a quick load (the bundled pack takes a
/// few milliseconds) draws complete rather than flashing "loading" first.
pub const FIRST_FRAME_WAIT: Duration = Duration::from_millis(40);

/// The app and what its loop drives, set up without touching the terminal.
pub struct Started {
    pub app: App,
    pub worker: SearchWorker,
    pub store: Store,
}

/// Everything `run` does before its first frame, apart from the terminal: opens the progress
/// file and starts the background thread that loads the pages with `load`, then opens (or
/// builds, or refreshes) the search index, so the first frame waits for neither. Public so a
/// benchmark times this path.
pub fn start(
    load: impl FnOnce() -> Library + Send + 'static,
    config: &Config,
    paths: &Paths,
    size: (u16, u16),
) -> Result<Started> {
    let store = Store::open(&paths.data.path)?;
    let worker = SearchWorker::spawn_loading(load, Some(paths.index_dir()))
        .context("starting the search thread")?;
    let mut opts = options(config, paths, size);
    opts.start = store.start_date();
    let mut app = App::new(Arc::new(Library::default()), opts);
    app.warmup = app::Warmup::Loading;
    effects::restore(&mut app, &store);
    Ok(Started { app, worker, store })
}

impl Started {
    /// Waits up to `budget` for the pages, so a quick load makes a complete first frame.
    pub fn wait_for_pages(&mut self, budget: Duration) {
        let until = std::time::Instant::now() + budget;
        while self.app.loading() {
            let left = until.saturating_duration_since(std::time::Instant::now());
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

    /// Hands one reply to the app; the saved ticks follow newly loaded pages.
    pub fn apply(&mut self, reply: Reply) {
        let loaded = matches!(reply, Reply::Loaded(_));
        apply_reply(&mut self.app, reply);
        if loaded {
            effects::restore(&mut self.app, &self.store);
        }
    }
}

/// Hands one reply of the worker to the app (without the saved ticks: see
/// [`Started::apply`]).
pub fn apply_reply(app: &mut App, reply: Reply) {
    match reply {
        Reply::Loaded(library) => {
            app.update(Action::LibraryLoaded(LoadedLibrary(library)));
        }
        Reply::Ready { notice } => {
            app.update(Action::Indexing(false));
            if let Some(notice) = notice {
                app.update(Action::Report(
                    crate::content::term_safe_inline(&notice).into_owned(),
                ));
            }
        }
        Reply::Results(response) => {
            app.update(Action::SearchDone {
                generation: response.generation,
                hits: response.hits,
            });
        }
    }
}

/// Runs the app until the user quits or a signal asks it to stop. The terminal is restored
/// on every way out: return, error, panic, SIGINT, SIGTERM, SIGHUP.
///
/// The pages come from `load`, which runs on a background thread after the first frame.
pub fn run(
    load: impl FnOnce() -> Library + Send + 'static,
    config: &Config,
    paths: &Paths,
) -> Result<Exit> {
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)
            .context("listening for signals")?;
    }
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    // Before the terminal is taken over, so a problem with the progress file is printed
    // where the user can read it after quitting too.
    let mut started = start(load, config, paths, size)?;
    watchdog(Arc::clone(&signal));
    let mut guard = terminal::TerminalGuard::enter()?;
    started.wait_for_pages(FIRST_FRAME_WAIT);
    let mut dirty = true;
    loop {
        if dirty {
            guard
                .terminal()
                .draw(|frame| view::draw(&started.app, frame))?;
        }
        let sig = signal.load(Ordering::SeqCst);
        if sig != 0 {
            return Ok(Exit::Signal(sig as i32));
        }
        if started.app.should_quit() {
            return Ok(Exit::Quit);
        }
        // Poll rather than block, so signals and search results are noticed; while pages,
        // the index or a search are under way, poll often, so what they bring is drawn within
        // a frame of arriving. An error here means the terminal went away: return, and the
        // guard restores what it can.
        let app = &started.app;
        let tick = if app.awaiting_results() || app.indexing() || app.loading() {
            BUSY_TICK
        } else {
            TICK
        };
        dirty = false;
        if event::poll(tick).context("reading the terminal")? {
            dirty = true;
            let Started { app, worker, store } = &mut started;
            let event = event::read().context("reading the terminal")?;
            if let Some(effect) = handle_event(app, event) {
                effects::run_effect(app, &mut guard, worker, store, effect);
            }
            // Drain whatever else is queued before drawing again, so a burst of keys (a
            // paste, key repeat) costs one frame.
            while event::poll(Duration::ZERO).context("reading the terminal")? {
                let event = event::read().context("reading the terminal")?;
                if let Some(effect) = handle_event(app, event) {
                    effects::run_effect(app, &mut guard, worker, store, effect);
                }
                if app.should_quit() {
                    break;
                }
            }
        }
        dirty |= started.receive();
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
                    ratatui::restore();
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

/// Runs the effects that need no terminal, for tests and benchmarks: searches are answered
/// at once by the stand-in matcher; other effects are returned.
pub fn settle(app: &mut App, searcher: &StandIn, effect: Option<Effect>) -> Option<Effect> {
    match effect {
        Some(Effect::Search {
            generation,
            query,
            kind,
        }) => {
            let hits = searcher.search(
                &query,
                &SearchOptions {
                    limit: app::SEARCH_LIMIT,
                    kind,
                },
            );
            app.update(Action::SearchDone { generation, hits })
        }
        other => other,
    }
}
