//! onramp: guides, checklists, runbooks, people and tools for a first year at a new job,
//! searchable in a keystroke, with ramp-up progress that is never lost.
//!
//! Layers (each arrow an allowed import): `cli -> tui -> {search, render} -> content`,
//! `tui -> {progress, notes, packs, lint} -> content`, and everything may use `config`,
//! `paths`, `words` and `codec`.

pub mod cli;
mod codec;
pub mod config;
pub mod content;
pub mod lint;
pub mod notes;
pub mod packs;
pub mod paths;
pub mod progress;
pub mod render;
pub mod search;
pub mod tui;
pub mod words;
