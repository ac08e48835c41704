//! The content model: documents, their frontmatter and kinds, checklist items, loading and
//! overlaying sources (bundled pack, team packs, team folders, user notes), reading handbooks
//! written for static-site generators as their sites show them, finding pages by id, link or
//! folder, how pages refer to each other (links, anchors, owners, translations), freshness
//! (when a page is due for review), the page header readers open with, Markdown as plain text,
//! and the sanitiser for text from content. Never touches tantivy, ratatui or the terminal,
//! and never runs git.

pub mod anchors;
pub mod checklist;
mod document;
mod fields;
mod freshness;
pub mod frontmatter;
pub mod lang;
mod library;
mod load;
mod meta;
mod note;
mod page;
pub mod plain;
mod reach;
pub mod regular;
mod relations;
pub mod sanitize;
pub mod site;
mod sources;
pub mod templates;
#[cfg(test)]
mod test_files;
mod walk;

pub use anchors::markdown_options;
pub use document::{Document, Kind, Layer, PersonFields, ToolFields, UnknownKind};
pub use freshness::{
    BadInterval, Freshness, IntervalUnit, ReviewInterval, display_date, parse_date,
};
pub use library::{Folder, Library, Lookup, LookupError, SourceInfo};
pub use load::{
    BUNDLED_HASH, DEFAULT_MAX_FILE_BYTES, FileOutcome, LoadOptions, LoadReport, Location, Source,
    Warning, WarningKind, first_heading, load, load_file, load_path, load_walked,
};
pub use meta::{decode_page, encode_page, needs_body, peek_page};
pub use note::{NOTE_ID_PREFIX, note_id};
pub use page::{
    Fact, Moment, Owner, PageHeader, is_known_time_zone, local_time, page_appendix, page_body,
    page_markdown,
};
pub use reach::{Reach, page_keys};
pub use relations::is_external_link;
pub use sanitize::{JsonSafe, markdown_code, markdown_inline, term_safe, term_safe_inline};
pub use sources::{MissingFolder, PackRoot, Snapshot, Sources, clock_ns};
pub use walk::{Found, Stat, Walk, restat_source, stat_path, walk_source};
