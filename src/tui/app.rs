//! App state and the one place it changes: `App::update(Action) -> Option<Effect>`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::content::{Document, Kind, Library};

/// What the user means to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Back,
    Quit,
    Redraw,
}

/// IO the event loop performs on the app's behalf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {}

/// Which screen is showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// The documents by kind, with the selected row.
    Browse,
    /// One document, scrolled to a line.
    Reader { index: usize, scroll: usize },
}

/// A row of the browse list: a kind heading or a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Heading(Kind),
    Doc(usize),
}

pub struct App {
    library: Library,
    rows: Vec<Row>,
    selected: usize,
    screen: Screen,
    quit: bool,
}

impl App {
    pub fn new(library: Library) -> App {
        let mut rows = Vec::new();
        for kind in Kind::ALL {
            let mut docs: Vec<(usize, &Document)> = library
                .docs()
                .iter()
                .enumerate()
                .filter(|(_, d)| d.kind == kind)
                .collect();
            if docs.is_empty() {
                continue;
            }
            docs.sort_by(|a, b| {
                (a.1.phase, a.1.order, &a.1.title).cmp(&(b.1.phase, b.1.order, &b.1.title))
            });
            rows.push(Row::Heading(kind));
            rows.extend(docs.into_iter().map(|(i, _)| Row::Doc(i)));
        }
        let selected = rows
            .iter()
            .position(|r| matches!(r, Row::Doc(_)))
            .unwrap_or(0);
        App {
            library,
            rows,
            selected,
            screen: Screen::Browse,
            quit: false,
        }
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn update(&mut self, action: Action) -> Option<Effect> {
        match (&mut self.screen, action) {
            (_, Action::Quit) => self.quit = true,
            (_, Action::Redraw) | (Screen::Browse, Action::Back) => {}
            (Screen::Browse, Action::Up) => self.select_by(-1),
            (Screen::Browse, Action::Down) => self.select_by(1),
            (Screen::Browse, Action::PageUp) => self.select_by(-10),
            (Screen::Browse, Action::PageDown) => self.select_by(10),
            (Screen::Browse, Action::Top) => self.select_by(isize::MIN / 2),
            (Screen::Browse, Action::Bottom) => self.select_by(isize::MAX / 2),
            (Screen::Browse, Action::Open) => {
                if let Some(Row::Doc(index)) = self.rows.get(self.selected) {
                    self.screen = Screen::Reader {
                        index: *index,
                        scroll: 0,
                    };
                }
            }
            (Screen::Reader { .. }, Action::Back) => self.screen = Screen::Browse,
            (Screen::Reader { scroll, .. }, a) => {
                *scroll = match a {
                    Action::Up => scroll.saturating_sub(1),
                    Action::Down => scroll.saturating_add(1),
                    Action::PageUp => scroll.saturating_sub(20),
                    Action::PageDown => scroll.saturating_add(20),
                    Action::Top => 0,
                    Action::Bottom => usize::MAX / 2,
                    _ => *scroll,
                };
            }
        }
        None
    }

    /// Moves the selection by `delta` documents, skipping kind headings.
    fn select_by(&mut self, delta: isize) {
        let docs: Vec<usize> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, Row::Doc(_)))
            .map(|(i, _)| i)
            .collect();
        let Some(current) = docs.iter().position(|&i| i == self.selected) else {
            return;
        };
        let target = (current as isize)
            .saturating_add(delta)
            .clamp(0, docs.len() as isize - 1);
        self.selected = docs[target as usize];
    }
}

/// The default key bindings.
pub fn action_for_key(_app: &App, key: KeyEvent) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    Some(match key.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown | KeyCode::Char(' ') => Action::PageDown,
        KeyCode::Home | KeyCode::Char('g') => Action::Top,
        KeyCode::End | KeyCode::Char('G') => Action::Bottom,
        KeyCode::Enter | KeyCode::Right | KeyCode::Char('l') => Action::Open,
        KeyCode::Esc | KeyCode::Left | KeyCode::Backspace | KeyCode::Char('h') => Action::Back,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{LoadOptions, Source, load};

    fn app() -> App {
        App::new(load(&[Source::bundled()], &LoadOptions::default()))
    }

    #[test]
    fn open_and_back() {
        let mut app = app();
        assert_eq!(app.screen(), &Screen::Browse);
        app.update(Action::Down);
        app.update(Action::Open);
        assert!(matches!(app.screen(), Screen::Reader { scroll: 0, .. }));
        app.update(Action::Down);
        assert!(matches!(app.screen(), Screen::Reader { scroll: 1, .. }));
        app.update(Action::Back);
        assert_eq!(app.screen(), &Screen::Browse);
        app.update(Action::Quit);
        assert!(app.should_quit());
    }

    #[test]
    fn selection_skips_headings_and_stays_in_bounds() {
        let mut app = app();
        app.update(Action::Top);
        app.update(Action::Up);
        assert!(matches!(app.rows()[app.selected()], Row::Doc(_)));
        app.update(Action::Bottom);
        app.update(Action::Down);
        assert_eq!(app.selected(), app.rows().len() - 1);
    }
}
