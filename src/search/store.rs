//! Keeping the index on disk current: the freshness record in the commit payload, the lock
//! that lets one process write while others read, incremental refresh by page fingerprint,
//! fresh builds swapped in by rename (and the half-built folders of builds that died cleaned
//! up), corrupt indexes moved aside, and the in-memory fallback. Nothing in the cache is
//! opened unless it is a regular file: a FIFO or a link to a device there cannot hang or
//! flood a search.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::directory::error::LockError;
use tantivy::indexer::IndexWriter;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, TantivyError, Term};

use super::document::{ENTRY_SEP, fingerprint, to_index_doc, translation_key};
use super::schema::{FORMAT, Fields, register};
use super::{Notice, OpenOptions, Refresh, SearchError, SearchIndex, guard};
use crate::content::Library;
use crate::content::regular::{open_lock_file, special_kind};

/// Writer memory for a full build: two threads of 25 MB on a 2-core machine.
const BUILD_BUDGET: usize = 50_000_000;
/// Writer memory for a few changed pages: one thread at tantivy's minimum.
pub(super) const UPDATE_BUDGET: usize = 15_000_000;

/// What the index must hold, computed from the library.
pub(super) struct Wanted {
    /// (id, fingerprint), sorted by id.
    pub(super) entries: Vec<(String, String)>,
    /// Translations of each page, in the same order.
    pub(super) translations: Vec<u64>,
    pub(super) payload: Payload,
}

/// The freshness record stored with each commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Payload {
    pub(super) format: u32,
    pub(super) app: String,
    /// Names of the content sources, sorted.
    pub(super) sources: Vec<String>,
    /// blake3 over every (id, fingerprint).
    pub(super) content: String,
}

impl Payload {
    /// Same format and program: the index can be refreshed in place. A source added or
    /// removed (a pack) only adds or deletes its pages, which the refresh does by id.
    fn compatible(&self, other: &Payload) -> bool {
        self.format == other.format && self.app == other.app
    }
}

impl Wanted {
    fn of(library: &Library) -> Wanted {
        let keys: Vec<String> = library
            .docs()
            .par_iter()
            .map(|d| translation_key(&d.source, &d.path))
            .collect();
        let mut counts: HashMap<&str, u64> = HashMap::new();
        for k in &keys {
            *counts.entry(k.as_str()).or_default() += 1;
        }
        let translations: Vec<u64> = keys.iter().map(|k| counts[k.as_str()]).collect();
        let entries: Vec<(String, String)> = library
            .docs()
            .par_iter()
            .zip(translations.par_iter())
            .map(|(d, n)| (d.id.clone(), fingerprint(d, *n)))
            .collect();
        let content = content_hash(entries.iter().map(|(id, fp)| (id.as_str(), fp.as_str())));
        let mut sources: Vec<String> = library.docs().iter().map(|d| d.source.clone()).collect();
        sources.sort();
        sources.dedup();
        Wanted {
            entries,
            translations,
            payload: Payload {
                format: FORMAT,
                app: env!("CARGO_PKG_VERSION").to_string(),
                sources,
                content,
            },
        }
    }
}

/// blake3 over every (id, fingerprint), in id order: the `content` of the payload.
pub(super) fn content_hash<'a>(entries: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut h = blake3::Hasher::new();
    for (id, fp) in entries {
        h.update(id.as_bytes());
        h.update(&[0]);
        h.update(fp.as_bytes());
        h.update(&[0]);
    }
    h.finalize().to_hex().to_string()
}

pub fn open(
    dir: Option<&Path>,
    library: &Library,
    options: OpenOptions,
) -> Result<(SearchIndex, Vec<Notice>), SearchError> {
    open_reporting(dir, library, options).map(|(index, notices, _)| (index, notices))
}

/// [`open`], also giving what the index was brought to: when the index is on disk and not
/// read-only, its commit holds exactly `Wanted::payload`.
pub(super) fn open_reporting(
    dir: Option<&Path>,
    library: &Library,
    options: OpenOptions,
) -> Result<(SearchIndex, Vec<Notice>, Wanted), SearchError> {
    let wanted = Wanted::of(library);
    let fields = Fields::build();
    let mut notices = Vec::new();
    let Some(dir) = dir else {
        let index = in_memory(&fields, library, &wanted)?;
        return Ok((index, notices, wanted));
    };
    let dir = &resolve_dir(dir, &mut notices);
    match on_disk(dir, &fields, library, &wanted, options, &mut notices) {
        Ok(index) => Ok((index, notices, wanted)),
        Err(e) => {
            notices.push(Notice::new(format!(
                "the search index in {} cannot be used ({e}); searching a copy in memory",
                dir.display()
            )));
            let index = in_memory(&fields, library, &wanted)?;
            Ok((index, notices, wanted))
        }
    }
}

/// The folder the index is kept in: `dir`, or what a symbolic link there names, so that an
/// index kept on another disk stays there. A link to a place whose parent folder is gone
/// cannot be built through: it is removed (the cache is safe to delete) and the index built
/// in its place, with a notice.
pub(super) fn resolve_dir(dir: &Path, notices: &mut Vec<Notice>) -> PathBuf {
    let is_link = fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return dir.to_path_buf();
    }
    if let Ok(real) = fs::canonicalize(dir) {
        return real;
    }
    let parent = dir.parent().unwrap_or(Path::new("."));
    if let Ok(named) = fs::read_link(dir) {
        let target = parent.join(&named);
        if target
            .parent()
            .and_then(|p| fs::canonicalize(p).ok())
            .is_some_and(|p| p.is_dir())
        {
            return target;
        }
        if fs::remove_file(dir).is_ok() {
            notices.push(Notice::new(format!(
                "{} was a link to {}, which cannot be reached; the link was removed and the \
                 index is kept in the cache folder",
                dir.display(),
                named.display()
            )));
        }
    }
    dir.to_path_buf()
}

pub(super) fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!("{name}.{suffix}"))
}

fn on_disk(
    dir: &Path,
    fields: &Fields,
    library: &Library,
    wanted: &Wanted,
    options: OpenOptions,
    notices: &mut Vec<Notice>,
) -> Result<SearchIndex, SearchError> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    let lock_path = sibling(dir, "lock");
    let lock = fs::create_dir_all(parent).and_then(|()| open_lock_file(&lock_path));
    let lock = match lock {
        Ok(file) => file,
        Err(e) => {
            let reason = format!("{}: {e}", lock_path.display());
            return read_only(dir, fields, library, wanted, notices, &reason);
        }
    };
    match lock.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => return busy(dir, fields, library, wanted, notices),
        Err(fs::TryLockError::Error(e)) => {
            return read_only(dir, fields, library, wanted, notices, &e.to_string());
        }
    }
    // From here this process is the only writer until `lock` is dropped, and no build but
    // its own can be under way: a half-built folder beside the index is a dead build's.
    remove_dead_builds(dir);
    let existing = if options.rebuild {
        None
    } else {
        match existing(dir, fields, options.verify) {
            Ok(found) => found,
            Err(reason) => {
                let aside = move_aside(dir)?;
                notices.push(Notice::new(format!(
                    "the search index could not be used ({reason}); it was moved to {} and rebuilt",
                    aside.display()
                )));
                None
            }
        }
    };
    if let Some((index, reader, payload)) = existing
        && payload.compatible(&wanted.payload)
    {
        if payload.content == wanted.payload.content {
            let refresh = Refresh {
                dir: Some(dir.to_path_buf()),
                docs: reader.searcher().num_docs(),
                unchanged: wanted.entries.len(),
                ..Refresh::default()
            };
            return Ok(SearchIndex::from_parts(reader, fields.clone(), refresh));
        }
        match guard("updating", || {
            update(&index, &reader, fields, library, wanted)
        }) {
            Ok(mut refresh) => {
                refresh.dir = Some(dir.to_path_buf());
                return Ok(SearchIndex::from_parts(reader, fields.clone(), refresh));
            }
            Err(e) => {
                drop((index, reader));
                let aside = move_aside(dir)?;
                notices.push(Notice::new(format!(
                    "the search index could not be updated ({e}); it was moved to {} and rebuilt",
                    aside.display()
                )));
            }
        }
    }
    let (reader, mut refresh) = build_fresh(dir, fields, library, wanted)?;
    refresh.dir = Some(dir.to_path_buf());
    drop(lock);
    Ok(SearchIndex::from_parts(reader, fields.clone(), refresh))
}

/// Another process is writing the index: search what is there, or a private copy.
fn busy(
    dir: &Path,
    fields: &Fields,
    library: &Library,
    wanted: &Wanted,
    notices: &mut Vec<Notice>,
) -> Result<SearchIndex, SearchError> {
    if let Ok(Some((_, reader, payload))) = existing(dir, fields, false)
        && payload.compatible(&wanted.payload)
    {
        let stale = if payload.content == wanted.payload.content {
            0
        } else {
            stale_count(&reader, wanted)
        };
        if stale > 0 {
            notices.push(Notice::new(format!(
                "another onramp is updating the search index; {} may be \
                     missing or out of date in these results until it finishes",
                crate::words::count(stale, "changed page", "changed pages")
            )));
        }
        let refresh = Refresh {
            dir: Some(dir.to_path_buf()),
            docs: reader.searcher().num_docs(),
            read_only: true,
            ..Refresh::default()
        };
        return Ok(SearchIndex::from_parts(reader, fields.clone(), refresh));
    }
    notices.push(Notice::new(
        "another onramp is building the search index; searching a copy in memory meanwhile",
    ));
    let mut index = in_memory(fields, library, wanted)?;
    index.refresh.read_only = true;
    Ok(index)
}

/// The cache cannot be written: use the index there if it is current, else one in memory.
fn read_only(
    dir: &Path,
    fields: &Fields,
    library: &Library,
    wanted: &Wanted,
    notices: &mut Vec<Notice>,
    reason: &str,
) -> Result<SearchIndex, SearchError> {
    if let Ok(Some((_, reader, payload))) = existing(dir, fields, false)
        && payload == wanted.payload
    {
        let refresh = Refresh {
            dir: Some(dir.to_path_buf()),
            docs: reader.searcher().num_docs(),
            unchanged: wanted.entries.len(),
            read_only: true,
            ..Refresh::default()
        };
        return Ok(SearchIndex::from_parts(reader, fields.clone(), refresh));
    }
    notices.push(Notice::new(format!(
        "cannot write the search index in {} ({reason}); searching a copy in memory",
        dir.display()
    )));
    let mut index = in_memory(fields, library, wanted)?;
    index.refresh.read_only = true;
    Ok(index)
}

/// Opens the index in `dir`: `Ok(None)` when there is none, `Err` with a reason when what is
/// there cannot be trusted. `verify` also checks every file against its checksum.
pub(super) fn existing(
    dir: &Path,
    fields: &Fields,
    verify: bool,
) -> Result<Option<(Index, IndexReader, Payload)>, String> {
    match fs::read_dir(dir) {
        Err(_) => return Ok(None),
        Ok(mut entries) => {
            if entries.next().is_none() {
                return Ok(None);
            }
        }
    }
    only_regular_files(dir)?;
    let opened = guard("opening", || {
        let index = Index::open_in_dir(dir).map_err(SearchError::index("opening"))?;
        register(index.tokenizers());
        let metas = index
            .load_metas()
            .map_err(SearchError::index("reading meta.json"))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(SearchError::index("opening a reader"))?;
        Ok((index, reader, metas.payload))
    });
    let (index, reader, payload) = opened.map_err(|e| e.to_string())?;
    if index.schema() != fields.schema {
        return Err("it was made by another version of onramp".into());
    }
    let payload: Payload = payload
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
        .ok_or_else(|| "its freshness record is missing".to_string())?;
    // Touch what every search and refresh reads, so damage shows now rather than mid-search.
    guard("checking", || {
        let searcher = reader.searcher();
        for segment in searcher.segment_readers() {
            for pf in &fields.parts {
                segment
                    .inverted_index(pf.plain)
                    .map_err(SearchError::index("reading terms"))?;
            }
            segment
                .fast_fields()
                .str("entry")
                .map_err(SearchError::index("reading entries"))?;
        }
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    if verify {
        let damaged = guard("checking files", || {
            index
                .validate_checksum()
                .map_err(SearchError::index("checking files"))
        })
        .map_err(|e| e.to_string())?;
        if let Some(first) = damaged.iter().min() {
            return Err(if damaged.len() == 1 {
                format!("1 of its files is damaged: {}", first.display())
            } else {
                format!(
                    "{} of its files are damaged, {} among them",
                    damaged.len(),
                    first.display()
                )
            });
        }
    }
    Ok(Some((index, reader, payload)))
}

/// The most `meta.json` or `.managed.json` may hold: tantivy reads them whole. Real ones
/// hold a few kilobytes.
const META_CAP: u64 = 16 << 20;

/// Refuses an index folder holding anything but regular files, before tantivy opens one: a
/// FIFO would make the open wait forever, a link to `/dev/zero` would be read until memory
/// runs out.
fn only_regular_files(dir: &Path) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list it: {e}"))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list it: {e}"))?;
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
        if !kind.is_file() {
            return Err(format!(
                "{} is {}, not a regular file",
                entry.file_name().to_string_lossy(),
                special_kind(kind)
            ));
        }
        let name = entry.file_name();
        if (name == "meta.json" || name == ".managed.json")
            && entry.metadata().is_ok_and(|m| m.len() > META_CAP)
        {
            return Err(format!(
                "{} is over {META_CAP} bytes",
                name.to_string_lossy()
            ));
        }
    }
    Ok(())
}

/// Moves a damaged index out of the way, keeping it for inspection.
fn move_aside(dir: &Path) -> Result<PathBuf, SearchError> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let aside = sibling(dir, &format!("corrupt-{stamp}"));
    fs::rename(dir, &aside).map_err(SearchError::io(format!("moving {} aside", dir.display())))?;
    Ok(aside)
}

/// Ids and fingerprints of the pages in the index.
fn indexed_entries(reader: &IndexReader) -> Result<HashMap<String, String>, SearchError> {
    let searcher = reader.searcher();
    let mut out = HashMap::new();
    let mut buf = String::new();
    for segment in searcher.segment_readers() {
        let Some(column) = segment
            .fast_fields()
            .str("entry")
            .map_err(SearchError::index("reading entries"))?
        else {
            continue;
        };
        for doc in segment.doc_ids_alive() {
            for ord in column.term_ords(doc) {
                if column.ord_to_str(ord, &mut buf).unwrap_or(false)
                    && let Some((id, fp)) = buf.split_once(ENTRY_SEP)
                {
                    out.insert(id.to_string(), fp.to_string());
                }
            }
        }
    }
    Ok(out)
}

fn stale_count(reader: &IndexReader, wanted: &Wanted) -> usize {
    let Ok(indexed) = indexed_entries(reader) else {
        return wanted.entries.len();
    };
    let changed = wanted
        .entries
        .iter()
        .filter(|(id, fp)| indexed.get(id) != Some(fp))
        .count();
    let wanted_ids: std::collections::HashSet<&str> =
        wanted.entries.iter().map(|(id, _)| id.as_str()).collect();
    changed
        + indexed
            .keys()
            .filter(|id| !wanted_ids.contains(id.as_str()))
            .count()
}

/// Brings an index in place up to date: changed pages replaced, new ones added, gone ones
/// deleted, all in one commit.
fn update(
    index: &Index,
    reader: &IndexReader,
    fields: &Fields,
    library: &Library,
    wanted: &Wanted,
) -> Result<Refresh, SearchError> {
    let indexed = indexed_entries(reader)?;
    let mut refresh = Refresh::default();
    let mut to_add = Vec::new();
    for ((doc, (id, fp)), n) in library
        .docs()
        .iter()
        .zip(&wanted.entries)
        .zip(&wanted.translations)
    {
        match indexed.get(id) {
            Some(old) if old == fp => refresh.unchanged += 1,
            Some(_) => {
                refresh.updated += 1;
                to_add.push((doc, fp, *n));
            }
            None => {
                refresh.added += 1;
                to_add.push((doc, fp, *n));
            }
        }
    }
    let wanted_ids: std::collections::HashSet<&str> =
        wanted.entries.iter().map(|(id, _)| id.as_str()).collect();
    let gone: Vec<&String> = indexed
        .keys()
        .filter(|id| !wanted_ids.contains(id.as_str()))
        .collect();
    refresh.removed = gone.len();
    let budget = if to_add.len() > 2_000 {
        BUILD_BUDGET
    } else {
        UPDATE_BUDGET
    };
    let writer: IndexWriter<TantivyDocument> = if budget == UPDATE_BUDGET {
        index.writer_with_num_threads(1, budget)
    } else {
        index.writer(budget)
    }
    .map_err(writer_error)?;
    for id in gone {
        writer.delete_term(Term::from_field_text(fields.id, id));
    }
    for (doc, fp, n) in to_add {
        writer.delete_term(Term::from_field_text(fields.id, &doc.id));
        writer
            .add_document(to_index_doc(fields, doc, fp, n))
            .map_err(SearchError::index("adding a page"))?;
    }
    commit(writer, &wanted.payload)?;
    reader.reload().map_err(SearchError::index("reloading"))?;
    refresh.docs = reader.searcher().num_docs();
    Ok(refresh)
}

pub(super) fn writer_error(e: TantivyError) -> SearchError {
    if let TantivyError::LockFailure(LockError::LockBusy, _) = e {
        return SearchError::Index {
            what: "another process is writing the index".into(),
            source: e,
        };
    }
    SearchError::Index {
        what: "opening a writer".into(),
        source: e,
    }
}

pub(super) fn commit(
    mut writer: IndexWriter<TantivyDocument>,
    payload: &Payload,
) -> Result<(), SearchError> {
    let json = serde_json::to_string(payload).unwrap_or_default();
    let mut prepared = writer
        .prepare_commit()
        .map_err(SearchError::index("preparing the commit"))?;
    prepared.set_payload(&json);
    prepared
        .commit()
        .map_err(SearchError::index("committing"))?;
    // Waiting lets merges finish and old files go before another process looks.
    writer
        .wait_merging_threads()
        .map_err(SearchError::index("merging"))?;
    Ok(())
}

fn fill(
    index: &Index,
    fields: &Fields,
    library: &Library,
    wanted: &Wanted,
) -> Result<(), SearchError> {
    let writer: IndexWriter<TantivyDocument> = index.writer(BUILD_BUDGET).map_err(writer_error)?;
    let docs: Vec<TantivyDocument> = library
        .docs()
        .par_iter()
        .zip(wanted.entries.par_iter())
        .zip(wanted.translations.par_iter())
        .map(|((doc, (_, fp)), n)| to_index_doc(fields, doc, fp, *n))
        .collect();
    for doc in docs {
        writer
            .add_document(doc)
            .map_err(SearchError::index("adding a page"))?;
    }
    commit(writer, &wanted.payload)?;
    merge_all(index)
}

/// Merges a fresh index into one segment: every keystroke's query then walks one term
/// dictionary and one set of posting lists instead of one per indexing thread.
fn merge_all(index: &Index) -> Result<(), SearchError> {
    let ids = index
        .searchable_segment_ids()
        .map_err(SearchError::index("listing segments"))?;
    if ids.len() < 2 {
        return Ok(());
    }
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(1, UPDATE_BUDGET)
        .map_err(writer_error)?;
    writer
        .merge(&ids)
        .wait()
        .map_err(SearchError::index("merging segments"))?;
    writer
        .wait_merging_threads()
        .map_err(SearchError::index("merging"))
}

fn reader_of(index: &Index) -> Result<IndexReader, SearchError> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(SearchError::index("opening a reader"))
}

/// Builds the whole index in a sibling folder and renames it into place, so a crash never
/// leaves a half-built index where a reader would find it.
fn build_fresh(
    dir: &Path,
    fields: &Fields,
    library: &Library,
    wanted: &Wanted,
) -> Result<(IndexReader, Refresh), SearchError> {
    let tmp = sibling(dir, &format!("tmp-{}", std::process::id()));
    fs::create_dir_all(&tmp).map_err(SearchError::io(format!("creating {}", tmp.display())))?;
    let built = guard("building", || {
        let index = Index::create_in_dir(&tmp, fields.schema.clone())
            .map_err(SearchError::index("creating"))?;
        register(index.tokenizers());
        fill(&index, fields, library, wanted)
    });
    if let Err(e) = built {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if dir.exists() {
        let old = sibling(dir, &format!("old-{}", std::process::id()));
        let _ = fs::remove_dir_all(&old);
        fs::rename(dir, &old).map_err(SearchError::io(format!("replacing {}", dir.display())))?;
        let _ = fs::remove_dir_all(&old);
    }
    if let Err(e) = fs::rename(&tmp, dir) {
        let _ = fs::remove_dir_all(&tmp);
        return Err(SearchError::Io {
            what: format!("moving the new index to {}", dir.display()),
            source: e,
        });
    }
    let reader = guard("opening", || {
        let index = Index::open_in_dir(dir).map_err(SearchError::index("opening"))?;
        register(index.tokenizers());
        reader_of(&index)
    })?;
    let refresh = Refresh {
        docs: reader.searcher().num_docs(),
        added: wanted.entries.len(),
        rebuilt: true,
        ..Refresh::default()
    };
    Ok((reader, refresh))
}

/// The `index.tmp-<pid>` and `index.old-<pid>` folders beside `dir`: builds under way, or
/// left by builds that were killed or quit before their rename (17 MB and more each).
fn build_folders(dir: &Path) -> Vec<PathBuf> {
    let Some(name) = dir.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(dir.parent().unwrap_or(Path::new("."))) else {
        return Vec::new();
    };
    let (tmp, old) = (format!("{name}.tmp-"), format!("{name}.old-"));
    entries
        .flatten()
        .filter(|entry| {
            let file_name = entry.file_name();
            let file_name = file_name.to_string_lossy();
            [&tmp, &old].iter().any(|prefix| {
                file_name
                    .strip_prefix(prefix.as_str())
                    .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            }) && entry.file_type().is_ok_and(|t| t.is_dir())
        })
        .map(|entry| entry.path())
        .collect()
}

/// Removes every build folder beside `dir`. Call only under the index lock, when each one
/// is a dead build's.
fn remove_dead_builds(dir: &Path) {
    for folder in build_folders(dir) {
        let _ = fs::remove_dir_all(folder);
    }
}

/// Removes what dead builds left beside `dir` when the index lock is free (a build holds it
/// while it runs); for routes that do not take the lock otherwise. Costs one listing of the
/// cache folder when there is nothing to remove.
pub(super) fn tidy(dir: &Path) {
    if build_folders(dir).is_empty() {
        return;
    }
    if let Ok(lock) = open_lock_file(&sibling(dir, "lock"))
        && lock.try_lock().is_ok()
    {
        remove_dead_builds(dir);
    }
}

fn in_memory(
    fields: &Fields,
    library: &Library,
    wanted: &Wanted,
) -> Result<SearchIndex, SearchError> {
    guard("building in memory", || {
        let index = Index::create_in_ram(fields.schema.clone());
        register(index.tokenizers());
        fill(&index, fields, library, wanted)?;
        let reader = reader_of(&index)?;
        let refresh = Refresh {
            docs: reader.searcher().num_docs(),
            added: wanted.entries.len(),
            rebuilt: true,
            ..Refresh::default()
        };
        Ok(SearchIndex::from_parts(reader, fields.clone(), refresh))
    })
}
