//! The app on the bundled pack with a fixed date and the monochrome theme, driven by keys and
//! actions; searches are answered at once by the stand-in matcher.

#![allow(dead_code)]

use std::sync::Arc;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use onramp::content::{LoadOptions, Source, load};
use onramp::tui::keymap::Keymap;
use onramp::tui::search_worker::StandIn;
use onramp::tui::theme::Theme;
use onramp::tui::{Action, App, AppOptions, Effect, Screen, settle, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub struct Harness {
    pub app: App,
    pub searcher: StandIn,
}

/// The tests' fixed setting: monochrome, the default keymap, 10 March 2026, no name and no
/// start date.
pub fn options(size: (u16, u16)) -> AppOptions {
    AppOptions {
        name: None,
        theme: Theme::mono(),
        keymap: Keymap::defaults(),
        keymap_problems: Vec::new(),
        today: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
        start: None,
        size,
    }
}

pub fn harness(size: (u16, u16)) -> Harness {
    let library = Arc::new(load(&[Source::bundled()], &LoadOptions::default()));
    let app = App::new(
        Arc::clone(&library),
        AppOptions {
            name: Some("Ada".into()),
            start: NaiveDate::from_ymd_opt(2026, 3, 2),
            ..options(size)
        },
    );
    Harness {
        app,
        searcher: StandIn::new(library),
    }
}

impl Harness {
    pub fn act(&mut self, action: Action) -> Option<Effect> {
        let effect = self.app.update(action);
        settle(&mut self.app, &self.searcher, effect)
    }

    pub fn key(&mut self, code: KeyCode) -> Option<Effect> {
        self.key_mod(code, KeyModifiers::NONE)
    }

    pub fn key_mod(&mut self, code: KeyCode, modifiers: KeyModifiers) -> Option<Effect> {
        let effect = self.app.handle_key(KeyEvent::new(code, modifiers));
        settle(&mut self.app, &self.searcher, effect)
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn reader_id(&self) -> Option<&str> {
        match self.app.screen() {
            Screen::Reader(r) => Some(&r.id),
            _ => None,
        }
    }

    pub fn draw(&self) -> Terminal<TestBackend> {
        let (w, h) = self.app.size();
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| view::draw(&self.app, f)).unwrap();
        terminal
    }

    pub fn screen_text(&self) -> String {
        self.draw().backend().to_string()
    }
}

/// The app on one folder of pages written for the test, `(relative path, Markdown)`.
pub fn harness_with(size: (u16, u16), pages: &[(&str, &str)]) -> (Harness, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in pages {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let library = Arc::new(load(
        &[Source::dir(onramp::content::Layer::Flag, dir.path())],
        &LoadOptions::default(),
    ));
    let app = App::new(Arc::clone(&library), options(size));
    (
        Harness {
            app,
            searcher: StandIn::new(library),
        },
        dir,
    )
}

impl Harness {
    /// Opens the page with `id` through search, as a user would.
    pub fn open_page(&mut self, query: &str, id: &str) {
        self.app.update(Action::OpenSearch);
        self.act(Action::Paste(query.into()));
        let Screen::Search(s) = self.app.screen() else {
            panic!("not on search")
        };
        let index = s
            .hits
            .iter()
            .position(|h| h.id == id)
            .expect("the page is found");
        for _ in 0..index {
            self.act(Action::Down);
        }
        self.act(Action::Open);
        assert_eq!(self.reader_id(), Some(id));
    }
}
