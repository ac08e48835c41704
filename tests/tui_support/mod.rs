//! The app as `onramp` runs it (a `Session`: the real worker, the real search index, the real
//! progress store), on pages written for the tests, with every folder in a temporary
//! directory, a fixed date and the monochrome theme; driven by keys and actions, and drawn
//! to a `TestBackend`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use onramp::content::{Layer, Source, Sources};
use onramp::progress::Store;
use onramp::tui::keymap::Keymap;
use onramp::tui::reader::ReaderState;
use onramp::tui::theme::Theme;
use onramp::tui::{Action, App, AppOptions, Effect, Screen, Session, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The pack the TUI tests run on.
pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tui");

/// The tests' today: Tuesday 10 March 2026.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
}

/// A start date that makes today day 9.
pub fn start_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

/// Longest a test waits for the worker (the pages, the index, a search); never a timing
/// check, only a bound so a broken worker fails the test instead of hanging it.
const WAIT: Duration = Duration::from_secs(120);

/// The tests' fixed setting: monochrome, the default keymap, [`today`], no name.
pub fn options(size: (u16, u16)) -> AppOptions {
    AppOptions {
        name: None,
        theme: Theme::mono(),
        keymap: Keymap::defaults(),
        keymap_problems: Vec::new(),
        today: today(),
        // Noon on the tests' day: a person's local time in a header reads the same every run.
        now: today().and_hms_opt(12, 0, 0).unwrap().and_utc(),
        me: None,
        stale_packs: Vec::new(),
        size,
    }
}

pub struct Harness {
    pub session: Session,
    /// `content/` (the pages), `data/` (progress), `cache/` (the index).
    pub dir: tempfile::TempDir,
}

/// Copies the fixture pack into `to`.
pub fn copy_fixture(to: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    copy(Path::new(FIXTURE), to);
}

impl Harness {
    /// The fixture pack, no start date.
    pub fn new(size: (u16, u16)) -> Harness {
        Harness::build(size, None, copy_fixture, options(size))
    }

    /// The fixture pack with a start date that makes today day 9.
    pub fn started(size: (u16, u16)) -> Harness {
        Harness::build(size, Some(start_date()), copy_fixture, options(size))
    }

    /// The fixture pack with the start date `start`.
    pub fn started_on(size: (u16, u16), start: NaiveDate) -> Harness {
        Harness::build(size, Some(start), copy_fixture, options(size))
    }

    /// One folder of pages written for the test, `(relative path, Markdown)`.
    pub fn with_pages(size: (u16, u16), pages: &[(&str, &str)]) -> Harness {
        Harness::with_pages_from(size, None, pages)
    }

    /// Pages written for the test, with the start date `start`.
    pub fn with_pages_from(
        size: (u16, u16),
        start: Option<NaiveDate>,
        pages: &[(&str, &str)],
    ) -> Harness {
        let pages: Vec<(String, String)> = pages
            .iter()
            .map(|(p, t)| ((*p).to_string(), (*t).to_string()))
            .collect();
        Harness::build(
            size,
            start,
            move |content| {
                std::fs::create_dir_all(content).unwrap();
                for (path, text) in &pages {
                    let file = content.join(path);
                    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                    std::fs::write(file, text).unwrap();
                }
            },
            options(size),
        )
    }

    /// The fixture pack with other options (a keymap, a name).
    pub fn with_options(options: AppOptions) -> Harness {
        let size = options.size;
        Harness::build(size, None, copy_fixture, options)
    }

    /// The fixture pack, with `prepare` run on the progress store first (bookmarks, recent
    /// pages, ticks saved before the app starts).
    pub fn prepared(size: (u16, u16), prepare: impl FnOnce(&mut Store)) -> Harness {
        Harness::build_with(size, None, copy_fixture, options(size), prepare)
    }

    fn build(
        size: (u16, u16),
        start: Option<NaiveDate>,
        write: impl FnOnce(&Path),
        options: AppOptions,
    ) -> Harness {
        Harness::build_with(size, start, write, options, |_| {})
    }

    fn build_with(
        _size: (u16, u16),
        start: Option<NaiveDate>,
        write: impl FnOnce(&Path),
        options: AppOptions,
        prepare: impl FnOnce(&mut Store),
    ) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("content"));
        let mut store = Store::open(&dir.path().join("data")).unwrap();
        if let Some(start) = start {
            store.set_start_date(Some(start)).unwrap();
        }
        prepare(&mut store);
        let sources =
            Sources::from_list(vec![Source::dir(Layer::Flag, dir.path().join("content"))])
                .with_notes_dir(dir.path().join("data").join("notes"));
        let session = Session::new(
            sources,
            store,
            Some(dir.path().join("cache").join("index")),
            options,
        )
        .unwrap();
        let mut h = Harness { session, dir };
        h.settle();
        h
    }

    pub fn app(&self) -> &App {
        &self.session.app
    }

    pub fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The notes folder (made by the first note).
    pub fn notes(&self) -> PathBuf {
        self.data().join("notes")
    }

    /// Waits for whatever the worker still owes the app.
    pub fn settle(&mut self) {
        self.session.settle(WAIT);
    }

    /// Applies an action as the loop does (searches answered, saves made) and returns the
    /// effect the loop would run outside (editing, opening a link, copying).
    pub fn act(&mut self, action: Action) -> Option<Effect> {
        let effect = self.session.act(action);
        self.settle();
        effect
    }

    pub fn key(&mut self, code: KeyCode) -> Option<Effect> {
        self.key_mod(code, KeyModifiers::NONE)
    }

    pub fn key_mod(&mut self, code: KeyCode, modifiers: KeyModifiers) -> Option<Effect> {
        let effect = self
            .session
            .app
            .handle_key(KeyEvent::new(code, modifiers))
            .and_then(|e| self.session.run(e));
        self.settle();
        effect
    }

    pub fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let modifiers = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            self.key_mod(KeyCode::Char(c), modifiers);
        }
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn reader_id(&self) -> Option<&str> {
        match self.app().screen() {
            Screen::Reader(r) => Some(&r.id),
            _ => None,
        }
    }

    pub fn reader(&self) -> &ReaderState {
        match self.app().screen() {
            Screen::Reader(r) => r,
            other => panic!("not in the reader: {}", other.name()),
        }
    }

    /// The selected task's item id in the reader.
    pub fn selected_item(&self) -> Option<String> {
        let r = self.reader();
        r.task.map(|t| r.rendered.tasks[t].item_id.clone())
    }

    /// The line the reader draws for item `id`.
    pub fn task_line(&self, id: &str) -> String {
        let r = self.reader();
        let t = r
            .rendered
            .tasks
            .iter()
            .find(|t| t.item_id == id)
            .expect("the task is on the page");
        r.rendered.lines[t.line].to_string()
    }

    pub fn draw(&self) -> Terminal<TestBackend> {
        let (w, h) = self.app().size();
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| view::draw(self.app(), f)).unwrap();
        terminal
    }

    pub fn screen_text(&self) -> String {
        self.draw().backend().to_string()
    }

    /// Opens the page with `id` through search, as a user would.
    pub fn open_page(&mut self, query: &str, id: &str) {
        self.act(Action::OpenHome);
        self.act(Action::OpenSearch);
        self.act(Action::ClearInput);
        self.act(Action::Paste(query.into()));
        let Screen::Search(s) = self.app().screen() else {
            panic!("not on search")
        };
        let index = s
            .hits
            .iter()
            .position(|h| h.id == id)
            .unwrap_or_else(|| panic!("{id} is found by {query:?}: {:?}", s.hits));
        for _ in 0..index {
            self.act(Action::Down);
        }
        self.act(Action::Open);
        assert_eq!(self.reader_id(), Some(id));
    }
}
