//! Opening the index from content sources rather than from a loaded library: the command
//! line's way in. Proves the on-disk index is current by `stat`ing every page against the
//! manifest and reads only pages whose `stat` changed; anything it cannot prove cheaply goes
//! through the full load and `store::open`. Never decides index layout or ranking.
//!
//! Why this is safe to trust:
//! * the walk is the loader's own (`content::walk_source`), so both see the same files;
//! * the manifest names the index commit it describes (its payload `content`), so an index
//!   refreshed by the app, another version or a crashed run is never paired with a stale
//!   manifest: it just does not match, and the full path runs;
//! * files are `stat`ed before they are read, so a write during a load leaves a newer `stat`
//!   than the one recorded, and files changed within a clock tick of the walk are marked
//!   racy and read again next time (git's "racily clean" problem);
//! * a change is patched in place only when no id it touches is used by two files, before
//!   or after: then the overlay of layers (which file wins an id) and its warnings stay as
//!   they were. Pages entering or leaving the index change their translation siblings'
//!   `translations` count, so those siblings are read and indexed again too.
//!
//! Anything else (an id taken over, other sources, a damaged manifest, a commit by another
//! program) takes the full load, which is always right, and writes a fresh manifest.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::manifest::{self, FileRecord, Indexed, Manifest, SourceKey, SourceRecord};
use super::patch::{Loaded, Plan, patch};
use super::schema::{FORMAT, Fields};
use super::store::{self, Payload, Wanted};
use super::{Notice, OpenOptions, Refresh, SearchError, SearchIndex, guard};
use crate::content::regular::{open_lock_file, read_regular};
use crate::content::{
    Document, FileOutcome, Library, LoadOptions, Location, Snapshot, Source, Walk, Warning,
    encode_page, load_file, load_walked, restat_source, stat_path, walk_source,
};

/// A file whose times are this close to the walk's start may still change within the same
/// timestamp tick (coarse kernel clocks tick every few ms; FAT and HFS+ keep 1–2 s).
const RACY_NS: i64 = 2_000_000_000;

/// How [`SearchIndex::open_sources`] got its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Every file matched the manifest: no page was read.
    Unchanged,
    /// Only new files and files whose `stat` changed were read (plus the translations of a
    /// page that came or went); the index was patched in place if anything moved.
    Patched { read: usize },
    /// Every page was loaded: first use, `--rebuild`, other sources, a manifest that does
    /// not match the index, or a change to an id two files share.
    Full,
}

/// What [`SearchIndex::open_sources`] gives.
#[derive(Debug)]
pub struct Opened {
    pub index: SearchIndex,
    pub notices: Vec<Notice>,
    /// The load's warnings, worded and ordered as a full load reports them.
    pub warnings: Vec<Warning>,
    pub route: Route,
    /// Files the walk found, over every source.
    pub files: usize,
}

impl SearchIndex {
    /// Opens the index in `index_dir` for `sources`, loading only what changed since the last
    /// refresh made through this function. Same fallbacks as [`SearchIndex::open`]:
    /// a busy index is searched as it is, a damaged one rebuilt, an unwritable cache replaced
    /// by an index in memory, each with a [`Notice`].
    pub fn open_sources(
        index_dir: Option<&Path>,
        sources: &[Source],
        load: &LoadOptions,
        options: OpenOptions,
    ) -> Result<Opened, SearchError> {
        let started_ns = crate::content::clock_ns();
        let mut link_notices = Vec::new();
        let index_dir = prepare_dir(index_dir, &mut link_notices);
        let index_dir = index_dir.as_deref();
        // The manifest first: a source whose folders all kept their times since a plain
        // walk is not walked again, only its files `stat`ed (`content::restat_source`).
        let bytes = manifest_bytes(index_dir, options);
        let q = current(bytes.as_deref(), sources, load);
        let walks: Vec<Walk> = sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                q.as_ref()
                    .and_then(|q| restat(s, i, q))
                    .unwrap_or_else(|| walk_source(s, true))
            })
            .collect();
        let files = walks.iter().map(|w| w.files.len()).sum();
        let warmed = match (index_dir, &q) {
            (Some(dir), Some(q)) => warm(dir, sources, &walks, load, q, options, started_ns),
            _ => None,
        };
        let mut opened = match warmed {
            Some(opened) => opened,
            None => full(index_dir, sources, &walks, load, options, started_ns)?,
        };
        link_notices.append(&mut opened.notices);
        Ok(Opened {
            files,
            notices: link_notices,
            ..opened
        })
    }

    /// Opens the index in `index_dir` for pages the caller has just loaded (`snapshot`), by
    /// the same route as [`SearchIndex::open_sources`]: the manifest proves what is current
    /// and only what changed is indexed, so the app and the command line keep one index and
    /// one manifest fresh the same way. The loaded pages are indexed as they are when the
    /// full path must run, never read twice.
    pub fn open_snapshot(
        index_dir: Option<&Path>,
        snapshot: &Snapshot,
        load: &LoadOptions,
        options: OpenOptions,
    ) -> Result<Opened, SearchError> {
        let (sources, walks) = (&snapshot.sources[..], &snapshot.walks[..]);
        let files = walks.iter().map(|w| w.files.len()).sum();
        let mut link_notices = Vec::new();
        let index_dir = prepare_dir(index_dir, &mut link_notices);
        let index_dir = index_dir.as_deref();
        let bytes = manifest_bytes(index_dir, options);
        let q = current(bytes.as_deref(), sources, load);
        let warmed = match (index_dir, &q) {
            (Some(dir), Some(q)) => {
                warm(dir, sources, walks, load, q, options, snapshot.walked_at_ns)
            }
            _ => None,
        };
        let mut opened = if let Some(opened) = warmed {
            opened
        } else {
            let loaded = Preloaded {
                library: &snapshot.library,
                files: &snapshot.files,
                overlay_warnings: &snapshot.overlay_warnings,
            };
            full_from(
                index_dir,
                sources,
                walks,
                &loaded,
                load,
                options,
                snapshot.walked_at_ns,
            )?
        };
        link_notices.append(&mut opened.notices);
        Ok(Opened {
            files,
            notices: link_notices,
            ..opened
        })
    }
}

/// The index folder as it will be used (a link followed, a dangling one replaced, with a
/// notice), cleared of what a killed build left: the warm route takes no lock when nothing
/// changed, so it tidies here; the full route does it under its lock.
fn prepare_dir(index_dir: Option<&Path>, notices: &mut Vec<Notice>) -> Option<PathBuf> {
    let dir = index_dir.map(|dir| store::resolve_dir(dir, notices))?;
    store::tidy(&dir);
    Some(dir)
}

/// The manifest's bytes, unless a rebuild was asked for or it is not a regular file of a
/// sane size.
fn manifest_bytes(index_dir: Option<&Path>, options: OpenOptions) -> Option<Vec<u8>> {
    index_dir
        .filter(|_| !options.rebuild)
        .and_then(|dir| read_regular(&manifest_path(dir), MANIFEST_CAP).ok())
}

/// The manifest `q` read beside `dir`, owned, with its catalog (read now: only a refresh
/// that writes the manifest again needs it).
pub(super) fn full_manifest(dir: &Path, q: &manifest::Quick<'_>) -> Option<Manifest> {
    let catalog = read_regular(&catalog_path_at(dir), super::catalog::file::CAP).ok()?;
    q.full(&catalog)
}

/// Where the catalog of the index folder `dir` is kept.
pub(super) fn catalog_path_at(dir: &Path) -> PathBuf {
    manifest::catalog_path(&manifest_path(dir))
}

/// The most a manifest may hold before it is not read: about 40 times what 40k pages need.
const MANIFEST_CAP: u64 = 128 << 20;

pub(super) fn manifest_path(dir: &Path) -> PathBuf {
    store::sibling(dir, "manifest")
}

pub(super) fn key_of(source: &Source, walk: &Walk) -> SourceKey {
    key_at(source, walk.canonical_root.as_deref())
}

/// The key of `source` whose root resolves to `canonical_root` (`Walk::canonical_root`).
pub(super) fn key_at(source: &Source, canonical_root: Option<&Path>) -> SourceKey {
    let location = match &source.location {
        Location::Embedded => format!("bundled:{}", crate::content::BUNDLED_HASH),
        Location::Dir(p) => p.display().to_string(),
    };
    SourceKey {
        layer: format!("{:?}", source.layer),
        location,
        canonical: canonical_root
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        lang: source.lang.clone(),
        settings: source.site.digest(),
    }
}

/// The manifest in `bytes`, when it is sound and was written by this program, with these
/// settings, for as many sources: else nothing in it is used.
fn current<'b>(
    bytes: Option<&'b [u8]>,
    sources: &[Source],
    load: &LoadOptions,
) -> Option<manifest::Quick<'b>> {
    manifest::quick(bytes?).filter(|q| {
        q.app == env!("CARGO_PKG_VERSION")
            && q.format == FORMAT
            && q.max_file_bytes == load.max_file_bytes
            && q.keys.len() == sources.len()
    })
}

/// True when every folder of `dirs` (recorded below `root`) has the `stat` recorded, and
/// none was recorded so close to its walk that a later change in the same clock tick could
/// hide: the same names are in each. The proof `show` and a warm search both rest on.
pub(super) fn folders_as_recorded(
    root: &Path,
    dirs: &[(&str, crate::content::Stat)],
    walked_at_ns: i64,
) -> bool {
    dirs.iter().all(|&(rel, stat)| {
        !is_racy(&stat, walked_at_ns) && stat_path(&root.join(rel)) == Some(stat)
    })
}

/// Source `i`'s walk without listing its folders, when the manifest `q` proves it may be
/// (a plain walk, the same source, every folder as recorded); `None` to walk it.
fn restat(source: &Source, i: usize, q: &manifest::Quick<'_>) -> Option<Walk> {
    let Location::Dir(root) = &source.location else {
        return None;
    };
    if !*q.plain.get(i)? {
        return None;
    }
    let canonical = fs::canonicalize(root).ok().filter(|p| p.is_dir())?;
    let dirs = q.dirs.get(i)?;
    if *q.keys.get(i)? != key_at(source, Some(&canonical))
        || dirs.is_empty()
        || !folders_as_recorded(root, dirs, q.walked_at_ns)
    {
        return None;
    }
    let files: Vec<&str> = q.files.get(i)?.iter().map(|&(rel, ..)| rel).collect();
    let dirs = dirs
        .iter()
        .map(|&(rel, stat)| (rel.to_string(), stat))
        .collect();
    restat_source(source, &files, dirs)
}

pub(super) fn is_racy(stat: &crate::content::Stat, walked_at_ns: i64) -> bool {
    stat.mtime_ns.max(stat.ctime_ns) >= walked_at_ns.saturating_sub(RACY_NS)
}

/// The warnings a full load would print, from the walks and the recorded files.
fn replay(walks: &[Walk], m: &Manifest) -> Vec<Warning> {
    let mut out = Vec::new();
    for (walk, source) in walks.iter().zip(&m.sources) {
        out.extend(walk.warnings.iter().cloned());
        for f in &source.files {
            out.extend(f.warnings.iter().cloned());
        }
    }
    out.extend(m.overlay_warnings.iter().cloned());
    out
}

/// [`replay`] straight from the manifest's warning section, for when nothing changed.
fn replay_quick(walks: &[Walk], q: &manifest::Quick<'_>) -> Option<Vec<Warning>> {
    let manifest::Replay {
        per_source,
        overlay,
    } = q.file_warnings()?;
    let mut out = Vec::new();
    for (walk, files) in walks.iter().zip(per_source) {
        out.extend(walk.warnings.iter().cloned());
        out.extend(files.into_iter().flat_map(|(_, ws)| ws));
    }
    out.extend(overlay);
    Some(out)
}

/// Whether every folder of `walks` has the `stat` the manifest recorded, and none was
/// recorded so close to its walk that a later change in the same clock tick could hide.
pub(super) fn same_dirs(walks: &[Walk], q: &manifest::Quick<'_>) -> bool {
    walks.iter().zip(&q.dirs).all(|(walk, dirs)| {
        walk.dirs.len() == dirs.len()
            && walk
                .dirs
                .iter()
                .zip(dirs)
                .all(|((rel, stat), (was, then))| {
                    rel == was && stat == then && !is_racy(then, q.walked_at_ns)
                })
    })
}

/// A page as the manifest's catalog keeps it.
pub(super) fn page_bytes(doc: &Document) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + doc.title.len());
    encode_page(doc, &mut out);
    out
}

/// More files to read than this and the full load (parallel, one pass) is the better tool.
const MAX_PATCH: usize = 2_000;

/// The warm path: `None` whenever the full path must decide.
fn warm(
    dir: &Path,
    sources: &[Source],
    walks: &[Walk],
    load: &LoadOptions,
    q: &manifest::Quick<'_>,
    options: OpenOptions,
    started_ns: i64,
) -> Option<Opened> {
    // The common case first, without allocating: the same files, compared by `stat`.
    let mut same_files = true;
    let mut restat = 0usize;
    for (((source, walk), key), files) in sources.iter().zip(walks).zip(&q.keys).zip(&q.files) {
        if *key != key_of(source, walk) {
            return None;
        }
        if files.len() != walk.files.len() {
            same_files = false;
            continue;
        }
        for (found, &(rel, stat, racy)) in walk.files.iter().zip(files) {
            if found.rel != rel {
                same_files = false;
                break;
            }
            restat += usize::from(found.stat != stat || racy);
        }
    }
    let fields = Fields::build();
    let (index, reader, payload) = store::existing(dir, &fields, options.verify).ok()??;
    if payload.content != q.index_content
        || payload.format != FORMAT
        || payload.app != env!("CARGO_PKG_VERSION")
    {
        return None;
    }
    let route_of = |read| Route::Patched { read };
    if same_files && restat == 0 && !same_dirs(walks, q) {
        // The same pages, but a folder's times moved (a file that is not a page came or
        // went): remember them, so `show` can trust the folders again.
        if let Some(mut m) = full_manifest(dir, q)
            && let Ok(lock) = lock_file(dir)
        {
            for (record, walk) in m.sources.iter_mut().zip(walks) {
                record.dirs.clone_from(&walk.dirs);
                record.plain = walk.plain;
            }
            m.walked_at_ns = started_ns;
            let _ = manifest::write(&manifest_path(dir), &m);
            drop(lock);
        }
    }
    if same_files && restat == 0 {
        let docs = reader.searcher().num_docs();
        let refresh = Refresh {
            dir: Some(dir.to_path_buf()),
            docs,
            unchanged: usize::try_from(docs).unwrap_or(usize::MAX),
            ..Refresh::default()
        };
        return Some(Opened {
            warnings: replay_quick(walks, q)?,
            index: SearchIndex::from_parts(reader, fields, refresh),
            notices: Vec::new(),
            route: Route::Unchanged,
            files: 0,
        });
    }
    let old = full_manifest(dir, q)?;
    let mut plan = Plan::new(sources, walks, &old);
    if plan.read.len() + plan.removed.len() > MAX_PATCH {
        return None;
    }
    let loaded: Vec<Loaded> = plan
        .read
        .par_iter()
        .map(|&(si, fi, _)| load_file(&walks[si].files[fi], &sources[si], load))
        .collect();
    let read = plan.read.len();
    let changes = plan.apply(sources, walks, load, &old, loaded, started_ns)?;
    let dirs_moved = !same_dirs(walks, q);
    let mut m = Manifest {
        sources: plan
            .files
            .into_iter()
            .zip(old.sources.iter().map(|s| s.key.clone()))
            .zip(walks)
            .map(|((files, key), walk)| SourceRecord {
                key,
                files,
                dirs: walk.dirs.clone(),
                walk_warnings: walk.warnings.clone(),
                plain: walk.plain,
            })
            .collect(),
        walked_at_ns: started_ns,
        ..old
    };
    if changes.index.is_empty() && changes.delete.is_empty() {
        // Touched but not changed: the index is current; remember the new times unless
        // another process is writing (its manifest wins).
        if (changes.dirty || dirs_moved)
            && let Ok(lock) = lock_file(dir)
        {
            let _ = manifest::write(&manifest_path(dir), &m);
            drop(lock);
        }
        let docs = reader.searcher().num_docs();
        let refresh = Refresh {
            dir: Some(dir.to_path_buf()),
            docs,
            unchanged: usize::try_from(docs).unwrap_or(usize::MAX),
            ..Refresh::default()
        };
        return Some(Opened {
            warnings: replay(walks, &m),
            index: SearchIndex::from_parts(reader, fields, refresh),
            notices: Vec::new(),
            route: route_of(read),
            files: 0,
        });
    }
    let lock = match lock_file(dir) {
        Ok(lock) => lock,
        Err(LockState::Busy) => {
            // Another process is writing: search what is there, and say what may be stale.
            let docs = reader.searcher().num_docs();
            let refresh = Refresh {
                dir: Some(dir.to_path_buf()),
                docs,
                read_only: true,
                ..Refresh::default()
            };
            let stale = changes.index.len() + changes.delete.len() - changes.replaced;
            return Some(Opened {
                warnings: replay(walks, &m),
                index: SearchIndex::from_parts(reader, fields, refresh),
                notices: vec![Notice::new(format!(
                    "another onramp is updating the search index; {} may \
                     be missing or out of date in these results until it finishes",
                    crate::words::count(stale, "changed page", "changed pages")
                ))],
                route: route_of(read),
                files: 0,
            });
        }
        // An unwritable cache: the full path knows how to search it anyway.
        Err(LockState::Failed) => return None,
    };
    // Another process may have committed between opening the index and taking the lock.
    let current = index.load_metas().ok()?.payload?;
    let current: Payload = serde_json::from_str(&current).ok()?;
    if current.content != m.index_content {
        return None;
    }
    let mut entries: Vec<(&str, &str)> = m
        .sources
        .iter()
        .flat_map(|s| &s.files)
        .filter_map(|f| Some((f.id.as_deref()?, f.indexed.as_ref()?.fingerprint.as_str())))
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut names: Vec<String> = sources
        .iter()
        .zip(&m.sources)
        .filter(|(_, s)| s.files.iter().any(|f| f.indexed.is_some()))
        .map(|(source, _)| source.name())
        .collect();
    names.sort();
    names.dedup();
    let new_payload = Payload {
        content: store::content_hash(entries.into_iter()),
        sources: names,
        ..current
    };
    let patched = guard("updating", || {
        patch(
            &index,
            &reader,
            &fields,
            &changes.delete,
            &changes.index,
            &new_payload,
        )
    });
    if patched.is_err() {
        drop(lock);
        return None;
    }
    m.index_content.clone_from(&new_payload.content);
    let _ = manifest::write(&manifest_path(dir), &m);
    drop(lock);
    let docs = reader.searcher().num_docs();
    let refresh = Refresh {
        dir: Some(dir.to_path_buf()),
        docs,
        added: changes.added,
        removed: changes.delete.len() - changes.replaced,
        updated: changes.index.len() - changes.added,
        unchanged: usize::try_from(docs)
            .unwrap_or(usize::MAX)
            .saturating_sub(changes.index.len()),
        ..Refresh::default()
    };
    Some(Opened {
        warnings: replay(walks, &m),
        index: SearchIndex::from_parts(reader, fields, refresh),
        notices: Vec::new(),
        route: route_of(read),
        files: 0,
    })
}

pub(super) enum LockState {
    Busy,
    Failed,
}

/// Takes the index's writer lock (the same file `store::open` locks).
pub(super) fn lock_file(dir: &Path) -> Result<fs::File, LockState> {
    let file = open_lock_file(&store::sibling(dir, "lock")).map_err(|_| LockState::Failed)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(LockState::Busy),
        Err(fs::TryLockError::Error(_)) => Err(LockState::Failed),
    }
}

/// Loads everything, refreshes the index as [`SearchIndex::open`] does, and records what was
/// seen for the next run.
fn full(
    dir: Option<&Path>,
    sources: &[Source],
    walks: &[Walk],
    load: &LoadOptions,
    options: OpenOptions,
    started_ns: i64,
) -> Result<Opened, SearchError> {
    let report = load_walked(sources, walks, load);
    let loaded = Preloaded {
        library: &report.library,
        files: &report.files,
        overlay_warnings: &report.overlay_warnings,
    };
    full_from(dir, sources, walks, &loaded, load, options, started_ns)
}

/// A load the caller has already done (the app loads its pages before it opens the index).
struct Preloaded<'a> {
    library: &'a Library,
    files: &'a [Vec<FileOutcome>],
    overlay_warnings: &'a [Warning],
}

/// The full path over pages already loaded from `walks`.
fn full_from(
    dir: Option<&Path>,
    sources: &[Source],
    walks: &[Walk],
    loaded: &Preloaded<'_>,
    load: &LoadOptions,
    options: OpenOptions,
    started_ns: i64,
) -> Result<Opened, SearchError> {
    let (index, notices, wanted) = store::open_reporting(dir, loaded.library, options)?;
    let r = index.refresh();
    if let Some(dir) = &r.dir
        && !r.read_only
    {
        let m = record(sources, walks, loaded, &wanted, load, started_ns);
        // A manifest that cannot be written only means the next search loads everything.
        let _ = manifest::write(&manifest_path(dir), &m);
    }
    Ok(Opened {
        index,
        notices,
        warnings: loaded.library.warnings.clone(),
        route: Route::Full,
        files: 0,
    })
}

fn record(
    sources: &[Source],
    walks: &[Walk],
    report: &Preloaded<'_>,
    wanted: &Wanted,
    load: &LoadOptions,
    started_ns: i64,
) -> Manifest {
    let library = report.library;
    let records = sources
        .iter()
        .zip(walks)
        .zip(report.files)
        .map(|((source, walk), outcomes)| {
            let name = source.name();
            let files = walk
                .files
                .iter()
                .zip(outcomes)
                .map(|(found, outcome)| {
                    // This file's page, when it is the one the library holds for its id.
                    let won = outcome
                        .id
                        .as_ref()
                        .and_then(|id| library.get(id))
                        .filter(|doc| doc.source == name && doc.path == found.rel);
                    let indexed = outcome.id.as_ref().and_then(|id| {
                        won?;
                        let at = wanted
                            .entries
                            .binary_search_by(|(e, _)| e.as_str().cmp(id))
                            .ok()?;
                        Some(Indexed {
                            fingerprint: wanted.entries[at].1.clone(),
                            translations: wanted.translations[at],
                        })
                    });
                    FileRecord {
                        rel: found.rel.clone(),
                        stat: found.stat,
                        racy: is_racy(&found.stat, started_ns),
                        id: outcome.id.clone(),
                        indexed,
                        warnings: outcome.warnings.clone(),
                        page: won.map(page_bytes),
                    }
                })
                .collect();
            SourceRecord {
                key: key_of(source, walk),
                files,
                dirs: walk.dirs.clone(),
                walk_warnings: walk.warnings.clone(),
                plain: walk.plain,
            }
        })
        .collect();
    Manifest {
        app: env!("CARGO_PKG_VERSION").to_string(),
        format: FORMAT,
        max_file_bytes: load.max_file_bytes,
        index_content: wanted.payload.content.clone(),
        walked_at_ns: started_ns,
        sources: records,
        overlay_warnings: report.overlay_warnings.to_vec(),
    }
}
