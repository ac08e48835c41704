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

use super::schema::FORMAT;
use super::warm::{catalog_path_at, folders_as_recorded, key_at, page_bytes};
use crate::content::{
    Document, Library, LoadOptions, Location, Reach, Source, decode_page, load_path, needs_body,
    stat_path, walk_source,
};

pub(super) mod file;

use file::{Head, Shelf};

/// How much of the disk to look at before the record is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    /// Every folder and every page: what `list` prints is every page.
    EveryFile,
    /// Only the folders: the caller proves the pages it prints.
    Folders,
}

/// The catalog's pages, proven current as asked.
#[derive(Debug)]
pub struct Catalog {
    /// The catalog file, its head checked once.
    shelf: Shelf,
    sources: Vec<Source>,
    load: LoadOptions,
}

impl Catalog {
    /// The record the catalog beside `index_dir` keeps of `sources`, when `proof` shows it
    /// current; `None` sends the caller to the full load. With [`Proof::Folders`] only the
    /// catalog's head is read here, and each page later as it is asked for.
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
        let path = catalog_path_at(&dir);
        let shelf = match proof {
            Proof::EveryFile => Shelf::read_all(&path)?,
            Proof::Folders => Shelf::open(&path)?,
        };
        let head = shelf.head()?;
        if head.app != env!("CARGO_PKG_VERSION")
            || head.format != FORMAT
            || head.max_file_bytes != load.max_file_bytes
            || head.keys.len() != sources.len()
        {
            return None;
        }
        for ((source, key), dirs) in sources.iter().zip(&head.keys).zip(&head.dirs) {
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
            if proof == Proof::Folders && !folders_as_recorded(root, dirs, head.walked_at_ns) {
                return None;
            }
        }
        drop(head);
        let catalog = Catalog {
            shelf,
            sources: sources.to_vec(),
            load: load.clone(),
        };
        if proof == Proof::EveryFile && !catalog.every_file_unchanged() {
            return None;
        }
        Some(catalog)
    }

    /// The library of the recorded pages `reach` admits, and of every page whose body the
    /// library's rules read (read in full, and checked against the record); with the
    /// warnings a full load gives. `None` when a page does not match its record. Only the
    /// records of those pages are read.
    pub fn library(&self, reach: &Reach) -> Option<Library> {
        let head = self.shelf.head()?;
        let warnings = head.load_warnings();
        let sources = &self.sources;
        let names: Vec<String> = sources.iter().map(Source::name).collect();
        let admitted = head.admitted(reach)?;
        if admitted.len() > head.files() / 8 && !self.shelf.read_records(&head) {
            return None;
        }
        let decode = |&i: &usize| -> Option<Option<Document>> {
            let si = head.source_of(i)?;
            let bytes = self.shelf.record(&head, i)?;
            let record = bytes.decode()?;
            let Some(page) = record.page else {
                return Some(None);
            };
            let light = decode_page(page, record.rel, &sources[si], &names[si])?;
            if !needs_body(light.kind) {
                return Some(Some(light));
            }
            let (full, _) = load_path(&sources[si], record.rel, &self.load).ok()?;
            (page_bytes(&full) == page).then_some(Some(full))
        };
        // A handful of pages is decoded faster than threads start.
        let decoded: Vec<Option<Option<Document>>> = if admitted.len() < 512 {
            admitted.iter().map(decode).collect()
        } else {
            admitted.par_iter().map(decode).collect()
        };
        let pages: Vec<Document> = decoded
            .into_iter()
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect();
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
    /// catalog recorded: the title, id and fields the catalog gave for it are current.
    pub fn unchanged(&self, docs: &[&Document]) -> bool {
        let Some(head) = self.shelf.head() else {
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
            let first: usize = head.counts[..si].iter().sum();
            let Some((stat, racy)) = self.find(&head, first, head.counts[si], &doc.path) else {
                return false;
            };
            !racy && stat_path(&root.join(&doc.path)) == Some(stat)
        })
    }

    /// The recorded `stat` and racy flag of the file `rel` among the `n` files from `first`
    /// (one source's, sorted by path): a binary search reading a record per step.
    fn find(
        &self,
        head: &Head<'_>,
        first: usize,
        n: usize,
        rel: &str,
    ) -> Option<(crate::content::Stat, bool)> {
        let (mut lo, mut hi) = (first, first + n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let bytes = self.shelf.record(head, mid)?;
            let record = bytes.decode()?;
            match record.rel.cmp(rel) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some((record.stat, record.racy)),
            }
        }
        None
    }

    /// True when every page of every source has the `stat` the catalog recorded (the proof
    /// of [`Proof::EveryFile`], for a caller that opened with less).
    pub fn every_file_unchanged(&self) -> bool {
        let Some(head) = self.shelf.head() else {
            return false;
        };
        if !self.shelf.read_records(&head) {
            return false;
        }
        let walks: Vec<_> = self
            .sources
            .par_iter()
            .map(|s| walk_source(s, true))
            .collect();
        let mut i = 0;
        walks.iter().zip(&head.counts).all(|(walk, &n)| {
            let first = i;
            i += n;
            walk.files.len() == n
                && walk.files.iter().enumerate().all(|(k, found)| {
                    self.shelf
                        .record(&head, first + k)
                        .and_then(|b| {
                            let r = b.decode()?;
                            Some(found.rel == r.rel && found.stat == r.stat && !r.racy)
                        })
                        .unwrap_or(false)
                })
        })
    }

    fn source_of(&self, doc: &Document) -> Option<&Source> {
        self.sources.iter().find(|s| s.name() == doc.source)
    }
}
