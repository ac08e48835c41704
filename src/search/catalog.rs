//! The pages as the manifest last recorded them: a library of light pages (no body, save
//! the kinds whose body the library's rules read) for `show` and `list`, which then read
//! only the files they print. Owns the proof that the record is current; never writes the
//! manifest or the index (the search's refresh does) and never decides what a page holds
//! (`content` does, and its codec is the one the manifest stores).
//!
//! Two proofs, each a `stat` comparison against what the last refresh saw:
//! * [`Proof::EveryFile`]: every folder is walked and every page `stat`ed, as a search does.
//!   Nothing the catalog returns can be stale.
//! * [`Proof::Folders`]: only the folders are `stat`ed. A folder's times move whenever a
//!   name in it comes, goes or is renamed, so the same files are there with the same ids
//!   (an id is its path unless the page says otherwise). A page edited in place is not seen
//!   this way, so the caller proves each page it prints with [`Catalog::read`] or
//!   [`Catalog::unchanged`].
//!
//! Folders recorded within a clock tick of their walk are not trusted, as for files; a
//! manifest of another version, other sources or other settings is not used at all.

use std::fs;
use std::path::Path;

use rayon::prelude::*;

use super::manifest;
use super::schema::FORMAT;
use super::warm::{catalog_bytes_at, is_racy, key_at, manifest_bytes_at, page_bytes};
use crate::content::{
    Document, Library, LoadOptions, Location, Reach, Source, Stat, decode_page, load_path,
    needs_body, peek_page, stat_path, walk_source,
};

/// How much of the disk to look at before the record is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    /// Every folder and every page: what `list` prints is every page.
    EveryFile,
    /// Only the folders: the caller proves the pages it prints.
    Folders,
}

/// The manifest's pages, proven current as asked.
#[derive(Debug)]
pub struct Catalog {
    /// The manifest's bytes and its catalog file's (the pages), checked once.
    bytes: Vec<u8>,
    pages: Vec<u8>,
    sources: Vec<Source>,
    load: LoadOptions,
}

impl Catalog {
    /// The record the manifest beside `index_dir` keeps of `sources`, when `proof` shows
    /// it current; `None` sends the caller to the full load.
    pub fn open(
        index_dir: &Path,
        sources: &[Source],
        load: &LoadOptions,
        proof: Proof,
    ) -> Option<Catalog> {
        let dir = if fs::symlink_metadata(index_dir).is_ok_and(|m| m.file_type().is_symlink()) {
            fs::canonicalize(index_dir).ok()?
        } else {
            index_dir.to_path_buf()
        };
        let bytes = manifest_bytes_at(&dir)?;
        let q = manifest::quick(&bytes)?;
        if q.app != env!("CARGO_PKG_VERSION")
            || q.format != FORMAT
            || q.max_file_bytes != load.max_file_bytes
            || q.keys.len() != sources.len()
        {
            return None;
        }
        for ((source, key), dirs) in sources.iter().zip(&q.keys).zip(&q.dirs) {
            let root = match &source.location {
                Location::Dir(root) => Some(root),
                Location::Embedded => None,
            };
            let canonical = root
                .and_then(|r| fs::canonicalize(r).ok())
                .filter(|p| p.is_dir());
            if *key != key_at(source, canonical.as_deref()) {
                return None;
            }
            let Some(root) = root else { continue };
            if canonical.is_some() && dirs.is_empty() {
                return None;
            }
            let same = |&(rel, stat): &(&str, Stat)| {
                !is_racy(&stat, q.walked_at_ns) && stat_path(&root.join(rel)) == Some(stat)
            };
            if proof == Proof::Folders && !dirs.iter().all(same) {
                return None;
            }
        }
        if proof == Proof::EveryFile && !every_file_as_recorded(sources, &q) {
            return None;
        }
        // Checked once here; later reads of these bytes skip the checksums.
        let pages = catalog_bytes_at(&dir)?;
        q.catalog(&pages)?;
        drop(q);
        Some(Catalog {
            bytes,
            pages,
            sources: sources.to_vec(),
            load: load.clone(),
        })
    }

    /// The library of the recorded pages `reach` admits, and of every page whose body the
    /// library's rules read (read in full, and checked against the record); with the
    /// warnings a full load gives. `None` when a page does not match its record.
    pub fn library(&self, reach: &Reach) -> Option<Library> {
        let q = manifest::quick_checked(&self.bytes)?;
        let catalog = q.catalog(&self.pages)?;
        let replay = q.file_warnings()?;
        let mut warnings = Vec::new();
        for (walked, files) in catalog.walk_warnings.into_iter().zip(replay.per_source) {
            warnings.extend(walked);
            warnings.extend(files.into_iter().flat_map(|(_, ws)| ws));
        }
        warnings.extend(replay.overlay);
        let sources = &self.sources;
        let names: Vec<String> = sources.iter().map(Source::name).collect();
        // The admitted pages in id order, so each is decoded straight into its place: a
        // page is several hundred bytes, and memory first touched is what costs most here.
        let ids = q.ids()?;
        let mut order: Vec<(&str, usize, &str, &[u8])> = Vec::with_capacity(ids.len());
        let files = q
            .files
            .iter()
            .enumerate()
            .flat_map(|(si, files)| files.iter().map(move |&(rel, ..)| (si, rel)));
        for (((si, rel), id), page) in files.zip(&ids).zip(&catalog.pages) {
            let Some(page) = page else { continue };
            let id = (*id)?;
            let (kind, more) = peek_page(page)?;
            if needs_body(kind) || reach.admits(id, rel, more) {
                order.push((id, si, rel, page));
            }
        }
        order.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let decode = |&(id, si, rel, bytes): &(&str, usize, &str, &[u8])| {
            let light = decode_page(bytes, rel, &sources[si], &names[si])?;
            if light.id != id {
                return None;
            }
            if !needs_body(light.kind) {
                return Some(light);
            }
            let (full, _) = load_path(&sources[si], rel, &self.load).ok()?;
            (page_bytes(&full) == bytes).then_some(full)
        };
        // A handful of pages is decoded faster than threads start.
        let decoded: Vec<Option<Document>> = if order.len() < 512 {
            order.iter().map(decode).collect()
        } else {
            order.par_iter().map(decode).collect()
        };
        let pages: Vec<Document> = decoded.into_iter().collect::<Option<_>>()?;
        Some(Library::from_pages(sources, pages, warnings))
    }

    /// `doc` (a page of this catalog) read again from its file, body and all, when the file
    /// still holds the page recorded; `None` when it changed or cannot be read.
    pub fn read(&self, doc: &Document) -> Option<Document> {
        if needs_body(doc.kind) {
            // Read in full when the catalog was opened.
            return Some(doc.clone());
        }
        let source = self.source_of(doc)?;
        let (full, _) = load_path(source, &doc.path, &self.load).ok()?;
        (page_bytes(&full) == page_bytes(doc)).then_some(full)
    }

    /// True when the file of each of `docs` (pages of this catalog) has the `stat` the
    /// manifest recorded: the title, id and fields the catalog gave for it are current.
    pub fn unchanged(&self, docs: &[&Document]) -> bool {
        let Some(q) = manifest::quick_checked(&self.bytes) else {
            return false;
        };
        docs.iter().all(|doc| {
            let Some(si) = self.sources.iter().position(|s| s.name() == doc.source) else {
                return false;
            };
            let Location::Dir(root) = &self.sources[si].location else {
                // The bundled pack is part of the program, and the record names its build.
                return true;
            };
            let files = &q.files[si];
            let Ok(i) = files.binary_search_by(|(rel, ..)| (*rel).cmp(doc.path.as_str())) else {
                return false;
            };
            let (_, stat, racy) = files[i];
            !racy && stat_path(&root.join(&doc.path)) == Some(stat)
        })
    }

    /// True when every page of every source has the `stat` the manifest recorded (the
    /// proof of [`Proof::EveryFile`], for a caller that opened with less).
    pub fn every_file_unchanged(&self) -> bool {
        manifest::quick_checked(&self.bytes)
            .is_some_and(|q| every_file_as_recorded(&self.sources, &q))
    }

    fn source_of(&self, doc: &Document) -> Option<&Source> {
        self.sources.iter().find(|s| s.name() == doc.source)
    }
}

/// Walks every source, `stat`ing every page, and compares with the record.
fn every_file_as_recorded(sources: &[Source], q: &manifest::Quick<'_>) -> bool {
    let walks: Vec<_> = sources.par_iter().map(|s| walk_source(s, true)).collect();
    walks.iter().zip(&q.files).all(|(walk, files)| {
        walk.files.len() == files.len()
            && walk
                .files
                .iter()
                .zip(files)
                .all(|(found, &(rel, stat, racy))| found.rel == rel && found.stat == stat && !racy)
    })
}
