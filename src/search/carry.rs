//! Carrying the manifest over when a source moves to another folder holding the same files
//! but a known few: a pack update checks the new commit out beside the old one and switches
//! folders, so every file has a new `stat` although git wrote only the changed ones. The
//! manifest's record of the old folder becomes the record of the new one, with the new
//! `stat` of every file the caller says is unchanged; the next refresh then reads only the
//! changed files. Never touches the index itself.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::manifest;
use super::warm::{full_manifest, key_of, lock_file, manifest_path};
use crate::content::{Location, Source, walk_source};

/// A source that moved: it was read from `from` and is now read from `to`, where every file
/// is byte for byte what it was in `from` except those in `changed` (paths relative to the
/// content root, `/` separators; added, changed and removed files alike).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub from: PathBuf,
    pub to: PathBuf,
    pub changed: Vec<String>,
}

/// What [`carry_over`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Carried {
    /// Sources whose record now names their new folder.
    pub sources: usize,
    /// Files whose record was kept, with their new `stat`.
    pub files: usize,
}

/// Rewrites the manifest beside the index in `index_dir` so that each of `moved` is known by
/// its new folder (`sources` is the list of sources as they stand now). Does nothing for a
/// move it cannot prove harmless: no manifest, another process writing, the old folder not
/// in the manifest, or settings that read pages differently; the next refresh then loads
/// everything, as it would have.
pub fn carry_over(index_dir: &Path, sources: &[Source], moved: &[Moved]) -> Carried {
    let mut carried = Carried::default();
    let Ok(lock) = lock_file(index_dir) else {
        return carried;
    };
    let path = manifest_path(index_dir);
    let Some(mut m) = std::fs::read(&path)
        .ok()
        .and_then(|bytes| manifest::quick(&bytes).and_then(|q| full_manifest(index_dir, &q)))
    else {
        return carried;
    };
    for mv in moved {
        let Some(source) = sources
            .iter()
            .find(|s| s.location == Location::Dir(mv.to.clone()))
        else {
            continue;
        };
        let from = mv.from.display().to_string();
        let Some(record) = m.sources.iter_mut().find(|r| r.key.location == from) else {
            continue;
        };
        let walk = walk_source(source, true);
        let key = key_of(source, &walk);
        if record.key.layer != key.layer
            || record.key.settings != key.settings
            || record.key.lang != key.lang
        {
            continue;
        }
        let changed: HashSet<&str> = mv.changed.iter().map(String::as_str).collect();
        let mut found = walk.files.iter().peekable();
        for rec in &mut record.files {
            // Both lists are sorted by path.
            while found.next_if(|f| f.rel < rec.rel).is_some() {}
            let Some(now) = found.next_if(|f| f.rel == rec.rel) else {
                continue;
            };
            if changed.contains(rec.rel.as_str()) || now.stat.size != rec.stat.size {
                continue;
            }
            rec.stat = now.stat;
            // Written by the checkout and never again: the new times are final.
            rec.racy = false;
            carried.files += 1;
        }
        record.key = key;
        carried.sources += 1;
    }
    if carried.sources > 0 && manifest::write(&path, &m).is_err() {
        carried = Carried::default();
    }
    drop(lock);
    carried
}
