//! Browsing without a query: the Library (sources, then their folders and pages as a tree,
//! with counts), a phase's guides and checklists, and the pages due for review. Each is a
//! list of rows taken from `content::Library` when the screen opens (and again when the
//! pages are loaded anew); entering a source or folder opens the next level on top, so Esc
//! walks back up. The view is `view/browse.rs`.

use super::action::{Action, Effect};
use super::app::{App, Screen, move_selection};
use super::layout;
use crate::content::{Folder, Kind, Library};
use crate::progress::phase_title;

/// What a browse screen lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Browse {
    /// The Library: every source (an empty path), or one folder of a source: its name, then
    /// folder names.
    Library(Vec<String>),
    /// The guides and checklists of one phase of the first year.
    Phase(u8),
    /// Pages due for review, longest overdue first: every one, or the ones a person owns.
    Review(Option<String>),
}

/// One row of a browse screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowseRow {
    Source {
        name: String,
        label: String,
        about: String,
        pages: usize,
    },
    Folder {
        name: String,
        title: String,
        pages: usize,
    },
    Page {
        id: String,
        title: String,
        /// What the row says besides the title: the kind, a due date for review.
        note: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowseState {
    pub what: Browse,
    pub rows: Vec<BrowseRow>,
    pub selected: usize,
}

impl Browse {
    /// The screen's title.
    pub fn title(&self) -> String {
        match self {
            Browse::Library(path) if path.is_empty() => "Library".to_string(),
            Browse::Library(path) => format!("Library › {}", path.join(" › ")),
            Browse::Phase(p) => format!("Phase {p}: {}", phase_title(*p)),
            Browse::Review(None) => "Needs review".to_string(),
            Browse::Review(Some(_)) => "Your pages that need review".to_string(),
        }
    }

    fn rows(&self, library: &Library, today: chrono::NaiveDate) -> Vec<BrowseRow> {
        match self {
            Browse::Library(path) => library_rows(library, path),
            Browse::Phase(phase) => {
                let mut docs: Vec<_> = library
                    .docs()
                    .iter()
                    .filter(|d| d.phase == Some(*phase))
                    .filter(|d| matches!(d.kind, Kind::Guide | Kind::Checklist))
                    .collect();
                docs.sort_by(|a, b| {
                    (a.order.is_none(), a.order, a.kind != Kind::Guide, &a.title).cmp(&(
                        b.order.is_none(),
                        b.order,
                        b.kind != Kind::Guide,
                        &b.title,
                    ))
                });
                docs.into_iter()
                    .map(|d| page_row(d, d.kind.as_str().to_string()))
                    .collect()
            }
            Browse::Review(owner) => library
                .needs_review(today, owner.as_deref())
                .into_iter()
                .map(|d| {
                    let due = d
                        .review_due()
                        .map(|date| format!("due since {}", crate::content::display_date(date)))
                        .unwrap_or_default();
                    let owner = d
                        .owner
                        .as_deref()
                        .map(|o| format!(" · {o}"))
                        .unwrap_or_default();
                    page_row(d, format!("{due}{owner}"))
                })
                .collect(),
        }
    }
}

fn page_row(doc: &crate::content::Document, note: String) -> BrowseRow {
    BrowseRow::Page {
        id: doc.id.clone(),
        title: doc.display_title().into_owned(),
        note,
    }
}

fn library_rows(library: &Library, path: &[String]) -> Vec<BrowseRow> {
    let Some((source, folders)) = path.split_first() else {
        return library
            .sources()
            .iter()
            .filter(|s| s.pages > 0)
            .map(|s| BrowseRow::Source {
                name: s.name.clone(),
                label: s.label.clone(),
                about: s.description.clone().unwrap_or_else(|| {
                    match s.layer {
                        crate::content::Layer::Bundled => "built into onramp",
                        crate::content::Layer::Config => "a folder from config.toml",
                        crate::content::Layer::Flag => "a --content folder",
                        crate::content::Layer::Notes => "your notes",
                        crate::content::Layer::Pack => "a team pack",
                    }
                    .to_string()
                }),
                pages: s.pages,
            })
            .collect();
    };
    let Some(tree) = library.tree(source) else {
        return Vec::new();
    };
    let mut folder: &Folder<'_> = &tree;
    for name in folders {
        match folder.folders.iter().find(|f| &f.name == name) {
            Some(f) => folder = f,
            None => return Vec::new(),
        }
    }
    folder
        .folders
        .iter()
        .map(|f| BrowseRow::Folder {
            name: f.name.clone(),
            title: f.title.clone(),
            pages: f.count,
        })
        .chain(
            folder
                .pages
                .iter()
                .map(|d| page_row(d, d.kind.as_str().to_string())),
        )
        .collect()
}

impl App {
    pub(super) fn open_browse(&mut self, what: Browse) -> Option<Effect> {
        let rows = what.rows(&self.library, self.today);
        if rows.is_empty() && matches!(what, Browse::Review(_)) {
            self.status = Some("No page is due for review.".into());
            return None;
        }
        self.push(Screen::Browse(BrowseState {
            what,
            rows,
            selected: 0,
        }));
        None
    }

    /// Takes the rows of every browse screen again from the library (after a reload).
    pub(super) fn refresh_browse(&mut self) {
        let (library, today) = (std::sync::Arc::clone(&self.library), self.today);
        for screen in &mut self.stack {
            if let Screen::Browse(state) = screen {
                state.rows = state.what.rows(&library, today);
                state.selected = state.selected.min(state.rows.len().saturating_sub(1));
            }
        }
    }

    pub(super) fn update_browse(&mut self, action: &Action) -> Option<Effect> {
        let (top, height) = layout::list_rows(self.size);
        let Some(Screen::Browse(state)) = self.stack.last_mut() else {
            return None;
        };
        move_selection(&mut state.selected, state.rows.len(), action, height);
        match action {
            Action::Back => {
                self.pop();
                None
            }
            Action::Click(_, row) if *row >= top => {
                let index = layout::list_offset(state.selected, height) + usize::from(*row - top);
                if index >= state.rows.len() {
                    return None;
                }
                let open = index == state.selected;
                state.selected = index;
                if open {
                    return self.update_browse(&Action::Open);
                }
                None
            }
            Action::Open => {
                let row = state.rows.get(state.selected)?.clone();
                let next = match (&state.what, row) {
                    (_, BrowseRow::Page { id, .. }) => return self.open_doc(&id),
                    (Browse::Library(_), BrowseRow::Source { name, .. }) => vec![name],
                    (Browse::Library(path), BrowseRow::Folder { name, .. }) => {
                        let mut path = path.clone();
                        path.push(name);
                        path
                    }
                    _ => return None,
                };
                self.open_browse(Browse::Library(next))
            }
            _ => None,
        }
    }
}
