//! Working out what a change on disk means for the index: which files are new, gone or
//! edited, which ids appear or disappear, whose translation count moves, and the one commit
//! that brings the index along. Never walks folders or decides between the warm and the full
//! route; `None` from [`Plan::apply`] hands the decision back.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use tantivy::indexer::IndexWriter;
use tantivy::{IndexReader, TantivyDocument, Term};

use super::SearchError;
use super::document::{fingerprint, to_index_doc, translation_key};
use super::manifest::{FileRecord, Indexed, Manifest};
use super::schema::Fields;
use super::store::{self, Payload, UPDATE_BUDGET};
use super::warm::{is_racy, page_bytes};
use crate::content::{Document, LoadOptions, Source, Walk, Warning, load_file};

pub(super) type Loaded = Result<(Document, Vec<Warning>), Warning>;

/// The files as they are now, built from the manifest and the walk.
pub(super) struct Plan {
    /// Per source, in walk order: the old record, or a blank one for a new file.
    pub(super) files: Vec<Vec<FileRecord>>,
    /// Files to read: (source, index in `files`, is new).
    pub(super) read: Vec<(usize, usize, bool)>,
    /// Records of files that are gone: (source, record).
    pub(super) removed: Vec<(usize, FileRecord)>,
}

/// What the index must do.
#[derive(Default)]
pub(super) struct Changes {
    /// Ids to delete before adding.
    pub(super) delete: Vec<String>,
    /// Pages to (re)index: page, fingerprint, translations.
    pub(super) index: Vec<(Document, String, u64)>,
    /// Pages new to the index.
    pub(super) added: usize,
    /// Deleted ids that come back in `index` (a renamed file keeping its id).
    pub(super) replaced: usize,
    /// The manifest differs from the one on disk.
    pub(super) dirty: bool,
}

impl Plan {
    pub(super) fn new(sources: &[Source], walks: &[Walk], old: &Manifest) -> Plan {
        let mut plan = Plan {
            files: Vec::with_capacity(sources.len()),
            read: Vec::new(),
            removed: Vec::new(),
        };
        for (si, (walk, record)) in walks.iter().zip(&old.sources).enumerate() {
            let mut files = Vec::with_capacity(walk.files.len());
            let mut old_files = record.files.iter().peekable();
            for found in &walk.files {
                // Both lists are sorted by path: a merge finds new, gone and kept files.
                while let Some(gone) = old_files.next_if(|r| r.rel < found.rel) {
                    plan.removed.push((si, gone.clone()));
                }
                if let Some(rec) = old_files.next_if(|r| r.rel == found.rel) {
                    if rec.stat != found.stat || rec.racy {
                        plan.read.push((si, files.len(), false));
                    }
                    files.push(rec.clone());
                } else {
                    plan.read.push((si, files.len(), true));
                    files.push(FileRecord {
                        rel: found.rel.clone(),
                        stat: found.stat,
                        ..FileRecord::default()
                    });
                }
            }
            plan.removed
                .extend(old_files.map(|gone| (si, gone.clone())));
            plan.files.push(files);
        }
        plan
    }

    /// Folds the re-read files into `files` and works out the index changes; `None` when
    /// the change touches the overlay (an id used by two files, before or after).
    pub(super) fn apply(
        &mut self,
        sources: &[Source],
        walks: &[Walk],
        load: &LoadOptions,
        old: &Manifest,
        loaded: Vec<Loaded>,
        started_ns: i64,
    ) -> Option<Changes> {
        let mut changes = Changes {
            dirty: !self.removed.is_empty(),
            ..Changes::default()
        };
        // Ids that appear or disappear; each must belong to one file only, before and after,
        // or the overlay (which file wins, its warnings) would change.
        let mut gone_ids: Vec<String> = Vec::new();
        let mut new_ids: Vec<String> = Vec::new();
        // Files whose page enters or leaves the index: their translation siblings recount.
        let mut moved: Vec<(usize, String)> = Vec::new();
        for (si, rec) in &self.removed {
            if let Some(id) = &rec.id {
                gone_ids.push(id.clone());
            }
            if rec.indexed.is_some() {
                moved.push((*si, rec.rel.clone()));
            }
        }
        let mut docs: HashMap<(usize, usize), Document> = HashMap::new();
        for (&(si, fi, is_new), result) in self.read.iter().zip(loaded) {
            let found = &walks[si].files[fi];
            let rec = &mut self.files[si][fi];
            let (doc, warnings) = match result {
                Ok((doc, w)) => (Some(doc), w),
                Err(w) => (None, vec![w]),
            };
            let racy = is_racy(&found.stat, started_ns);
            if is_new || rec.stat != found.stat || rec.racy != racy || rec.warnings != warnings {
                changes.dirty = true;
            }
            rec.stat = found.stat;
            rec.racy = racy;
            rec.warnings = warnings;
            let new_id = doc.as_ref().map(|d| d.id.clone());
            if new_id != rec.id {
                if let Some(id) = rec.id.take() {
                    gone_ids.push(id);
                }
                if rec.indexed.take().is_some() {
                    moved.push((si, rec.rel.clone()));
                }
                if let Some(id) = &new_id {
                    new_ids.push(id.clone());
                    // Unique (checked below), so this page is the one indexed for its id.
                    rec.indexed = Some(Indexed::default());
                    moved.push((si, rec.rel.clone()));
                }
                rec.id = new_id;
                changes.dirty = true;
            }
            let page = doc
                .as_ref()
                .filter(|_| rec.indexed.is_some())
                .map(page_bytes);
            if page != rec.page {
                rec.page = page;
                changes.dirty = true;
            }
            if let Some(doc) = doc {
                docs.insert((si, fi), doc);
            }
        }
        if !unique(&gone_ids, &new_ids, old, &self.files) {
            return None;
        }
        changes.delete.clone_from(&gone_ids);
        // Recount translations around every page that entered or left the index. Siblings
        // share the file name, so only files of that name are keyed.
        let mut recount: Vec<(usize, usize, u64)> = Vec::new();
        moved.sort();
        moved.dedup();
        let mut by_name: Option<(usize, HashMap<&str, Vec<usize>>)> = None;
        for (si, rel) in &moved {
            if by_name.as_ref().is_none_or(|(s, _)| s != si) {
                let mut map: HashMap<&str, Vec<usize>> = HashMap::new();
                for (fi, f) in self.files[*si].iter().enumerate() {
                    map.entry(file_name(&f.rel)).or_default().push(fi);
                }
                by_name = Some((*si, map));
            }
            let Some((_, map)) = &by_name else { continue };
            let name = sources[*si].name();
            let key = translation_key(&name, rel);
            let siblings: Vec<usize> = map
                .get(file_name(rel))
                .into_iter()
                .flatten()
                .copied()
                .filter(|&fi| {
                    let f = &self.files[*si][fi];
                    f.indexed.is_some() && translation_key(&name, &f.rel) == key
                })
                .collect();
            let n = siblings.len() as u64;
            recount.extend(siblings.into_iter().map(|fi| (*si, fi, n)));
        }
        drop(by_name);
        // Siblings that were not read this time are read now: reindexing needs the page.
        let missing: Vec<(usize, usize)> = recount
            .iter()
            .filter(|&&(si, fi, n)| {
                !docs.contains_key(&(si, fi))
                    && self.files[si][fi]
                        .indexed
                        .as_ref()
                        .is_some_and(|ix| ix.translations != n)
            })
            .map(|&(si, fi, _)| (si, fi))
            .collect();
        let extra: Vec<((usize, usize), Loaded)> = missing
            .par_iter()
            .map(|&(si, fi)| {
                (
                    (si, fi),
                    load_file(&walks[si].files[fi], &sources[si], load),
                )
            })
            .collect();
        for (at, result) in extra {
            let (doc, _) = result.ok()?;
            docs.insert(at, doc);
        }
        for (si, fi, n) in recount {
            if let Some(ix) = self.files[si][fi].indexed.as_mut() {
                ix.translations = n;
            }
        }
        // Every page read, or recounted, whose fingerprint moved is indexed again.
        let new_set: HashSet<&str> = new_ids.iter().map(String::as_str).collect();
        let mut pages: Vec<((usize, usize), Document)> = docs.into_iter().collect();
        pages.sort_unstable_by_key(|(at, _)| *at);
        for ((si, fi), doc) in pages {
            let Some(ix) = self.files[si][fi].indexed.as_mut() else {
                continue;
            };
            let fp = fingerprint(&doc, ix.translations);
            if fp == ix.fingerprint {
                continue;
            }
            ix.fingerprint.clone_from(&fp);
            changes.dirty = true;
            if new_set.contains(doc.id.as_str()) {
                if gone_ids.contains(&doc.id) {
                    changes.replaced += 1;
                } else {
                    changes.added += 1;
                }
            }
            let n = ix.translations;
            changes.index.push((doc, fp, n));
        }
        Some(changes)
    }
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// Whether every id that appears or disappears is used by at most one file, before and
/// after the change.
fn unique(gone: &[String], new: &[String], old: &Manifest, now: &[Vec<FileRecord>]) -> bool {
    if gone.is_empty() && new.is_empty() {
        return true;
    }
    let watched: HashSet<&str> = gone.iter().chain(new).map(String::as_str).collect();
    let at_most_one = |ids: &mut dyn Iterator<Item = &str>| {
        let mut seen: HashSet<&str> = HashSet::new();
        ids.filter(|id| watched.contains(id))
            .all(|id| seen.insert(id))
    };
    at_most_one(
        &mut old
            .sources
            .iter()
            .flat_map(|s| &s.files)
            .filter_map(|f| f.id.as_deref()),
    ) && at_most_one(&mut now.iter().flatten().filter_map(|f| f.id.as_deref()))
}

/// Replaces the given pages in one commit, with a single small writer: a few pages do not
/// need the build budget, and a one-thread writer starts faster.
pub(super) fn patch(
    index: &tantivy::Index,
    reader: &IndexReader,
    fields: &Fields,
    delete: &[String],
    docs: &[(Document, String, u64)],
    payload: &Payload,
) -> Result<(), SearchError> {
    let writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(1, UPDATE_BUDGET)
        .map_err(store::writer_error)?;
    for id in delete {
        writer.delete_term(Term::from_field_text(fields.id, id));
    }
    for (doc, fp, n) in docs {
        writer.delete_term(Term::from_field_text(fields.id, &doc.id));
        writer
            .add_document(to_index_doc(fields, doc, fp, *n))
            .map_err(SearchError::index("adding a page"))?;
    }
    store::commit(writer, payload)?;
    reader.reload().map_err(SearchError::index("reloading"))
}
