//! Notes in the app: the new-note prompt (a title, the template that fits what is on screen,
//! Tab for another) and the capture line that adds to today's note without leaving the
//! screen; showing a note once it is written. Which template fits, the names and the writing
//! are the `notes` module's; the prompt is drawn in the status line (`view/notes.rs`).

use super::action::{Action, Effect};
use super::app::{App, Screen};
use super::keymap::Context;
use crate::content::Document;
use crate::notes::{self, NewNote};

/// A prompt in the status line, with the keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    NewNote(NotePrompt),
    /// The line to add to today's note, as typed so far.
    Capture(String),
}

/// The new-note prompt: the title typed so far and what the note will be about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotePrompt {
    pub title: String,
    /// The template names to choose from; the first, empty, is a plain note.
    pub templates: Vec<String>,
    /// The chosen one, an index into `templates`.
    pub template: usize,
    /// The person on screen, by id, and their name.
    pub person: Option<(String, String)>,
    /// The page on screen, by id, and its title.
    pub about: Option<(String, String)>,
}

impl NotePrompt {
    /// The chosen template's name; `None` for a plain note.
    pub fn template_name(&self) -> Option<&str> {
        self.templates
            .get(self.template)
            .map(String::as_str)
            .filter(|t| !t.is_empty())
    }
}

impl Prompt {
    /// The keymap contexts while it is open.
    pub fn contexts(&self) -> Vec<Context> {
        match self {
            Prompt::NewNote(_) => vec![Context::Note, Context::Input],
            Prompt::Capture(_) => vec![Context::Input],
        }
    }

    fn text(&mut self) -> &mut String {
        match self {
            Prompt::NewNote(p) => &mut p.title,
            Prompt::Capture(text) => text,
        }
    }
}

impl App {
    /// The prompt in the status line, while one is open.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// The page the user is looking at: the reader's page, or the person selected in the
    /// People list.
    fn page_on_screen(&self) -> Option<&Document> {
        match self.screen() {
            Screen::Reader(r) => self.library.get(&r.id),
            Screen::List(state) if state.kind == crate::content::Kind::Person => {
                let rows = self.list_rows(state);
                rows.get(state.selected).map(|&i| &self.library.docs()[i])
            }
            _ => None,
        }
    }

    /// Opens the new-note prompt, about the page on screen, with the template that fits it.
    pub(super) fn start_note(&mut self) {
        let page = self.page_on_screen();
        let mut templates = vec![String::new()];
        templates.extend(notes::template_names(&self.library));
        let fits = notes::default_template(&self.library, page).map(|t| t.name());
        let template = fits
            .and_then(|name| templates.iter().position(|t| *t == name))
            .unwrap_or(0);
        let named = |d: &Document| (d.id.clone(), d.title.clone());
        let person = page
            .filter(|p| p.kind == crate::content::Kind::Person)
            .map(named);
        let about = page.map(named);
        self.prompt = Some(Prompt::NewNote(NotePrompt {
            title: String::new(),
            templates,
            template,
            person,
            about,
        }));
    }

    /// Opens the capture line.
    pub(super) fn start_capture(&mut self) {
        self.prompt = Some(Prompt::Capture(String::new()));
    }

    /// What a key does while a prompt has the keyboard: Enter writes, Esc closes.
    pub(super) fn update_prompt(&mut self, action: Action) -> Option<Effect> {
        let prompt = self.prompt.as_mut()?;
        match action {
            Action::Input(c) => prompt.text().push(c),
            Action::Paste(text) => prompt
                .text()
                .extend(text.chars().map(|c| if c.is_control() { ' ' } else { c })),
            Action::DeleteChar => {
                prompt.text().pop();
            }
            Action::ClearInput => prompt.text().clear(),
            Action::NextTemplate | Action::PrevTemplate => {
                if let Prompt::NewNote(p) = prompt {
                    let n = p.templates.len().max(1);
                    p.template = if action == Action::NextTemplate {
                        (p.template + 1) % n
                    } else {
                        (p.template + n - 1) % n
                    };
                }
            }
            Action::Back => self.prompt = None,
            Action::Open => {
                return match self.prompt.take()? {
                    Prompt::NewNote(p) => Some(Effect::NewNote(NewNote {
                        title: p.title.trim().to_string(),
                        template: p.template_name().map(str::to_string),
                        people: p.person.iter().map(|(id, _)| id.clone()).collect(),
                        about: p.about.map(|(id, _)| id),
                    })),
                    Prompt::Capture(text) if text.trim().is_empty() => {
                        self.status = Some("Nothing to add: type a line first.".into());
                        None
                    }
                    Prompt::Capture(text) => Some(Effect::AppendNote(text)),
                };
            }
            _ => {}
        }
        None
    }

    /// Opens the note just written, once the pages that hold it have arrived.
    pub(super) fn open_written_note(&mut self) -> Option<Effect> {
        let id = self.open_when_loaded.take()?;
        if self.library.get(&id).is_none() {
            // Not in this load (read before the note was saved): wait for the next.
            self.open_when_loaded = Some(id);
            return None;
        }
        if matches!(self.screen(), Screen::Reader(r) if r.id == id) {
            return None;
        }
        self.open_doc(&id)
    }
}
