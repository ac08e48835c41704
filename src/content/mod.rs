//! The content model: documents, their frontmatter and kinds, checklist items, loading and
//! overlaying sources (bundled pack, team folders, user notes), and the sanitiser for text
//! from content. Never touches tantivy, ratatui or the terminal.

pub mod checklist;
mod document;
mod fields;
pub mod frontmatter;
pub mod lang;
mod load;
pub mod sanitize;
mod walk;

pub use document::{Document, Kind, Layer, PersonFields, ToolFields, UnknownKind};
pub use load::{
    BUNDLED_HASH, DEFAULT_MAX_FILE_BYTES, FileOutcome, Library, LoadOptions, LoadReport, Location,
    Source, Warning, first_heading, load, load_file, load_walked,
};
pub use sanitize::{term_safe, term_safe_inline};
pub use walk::{Found, Stat, Walk, walk_source};
