//! Finding a source's pages without reading them. The loader and the search's "did anything
//! change on disk" check both call [`walk_source`], so they always agree on which files count
//! (Markdown extension, hidden folders skipped, symlinks kept inside the root, depth limit).
//! Never reads a page's bytes.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::load::{BUNDLED, Location, Source, Warning, WarningKind};

/// Folders deeper than this below a root are not walked.
const MAX_DEPTH: usize = 64;

/// What `stat` said about a file: enough to tell that it was not touched since.
///
/// `ctime` and the inode are kept next to the mtime because tools that restore an old mtime
/// (`cp -p`, `rsync -t`, archive extraction over an existing file) cannot restore those.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stat {
    pub size: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
    pub inode: u64,
}

/// A page file found by the walk, not yet read.
#[derive(Debug)]
pub struct Found {
    /// Relative to the content root, `/` separators.
    pub rel: String,
    /// Zero unless the walk was asked to stat; for the bundled pack only the size is known.
    pub stat: Stat,
    pub(super) bytes: FileBytes,
}

/// Where a found page's bytes are. A file on disk is `root/rel`, rebuilt when it is read:
/// keeping a full path per file would cost an allocation for each of 40k files on every
/// warm search, where almost none are read.
#[derive(Debug)]
pub(super) enum FileBytes {
    Embedded(&'static [u8]),
    Disk,
}

/// Everything one source's walk found, sorted by relative path so that warnings replay in
/// the same order every time, whatever order the folders were listed in.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<Found>,
    /// Folders that could not be read, symlinks not followed, special files.
    pub warnings: Vec<Warning>,
    /// The root with every symlink resolved; `None` for the bundled pack or a missing root.
    pub canonical_root: Option<PathBuf>,
    /// With `stat`: every folder walked (relative to the root as walked, `/` separators,
    /// empty for the root) and its `stat`, taken before it was listed, sorted by path. A
    /// folder's times move whenever a name in it comes or goes, so an unchanged list of
    /// folders proves the same files are there without listing them again.
    pub dirs: Vec<(String, Stat)>,
    /// The walk warned of nothing and met no symbolic link but links to folders inside the
    /// root: what it found depends on the recorded folders alone, so while their times
    /// stand, [`restat_source`] may stand in for it.
    pub plain: bool,
}

/// Walks one source. With `stat`, each page's and each folder's size, times and inode are
/// read too (one `fstatat` per file, relative to its folder), in parallel.
pub fn walk_source(source: &Source, stat: bool) -> Walk {
    let walk = match &source.location {
        Location::Embedded => Walk {
            files: embedded(),
            ..Walk::default()
        },
        Location::Dir(root) => walk_dir_root(root, stat),
    };
    finish(source, walk)
}

/// A source's walk as every route gives it: with the source's own problems, sorted.
fn finish(source: &Source, mut walk: Walk) -> Walk {
    // Problems with the source's settings files come with its walk, so every route that
    // replays a load's warnings (the search's warm path too) reports them.
    walk.warnings.extend(source.site.problems.iter().cloned());
    walk.files.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    walk.warnings.sort_by(|a, b| {
        (a.file.as_str(), a.message.as_str()).cmp(&(b.file.as_str(), b.message.as_str()))
    });
    walk
}

/// The walk of `source` that a plain walk (see [`Walk::plain`]) found `files` (sorted by
/// path) and `dirs` in, when the caller has proven every one of those folders unchanged
/// since: no folder is listed again, each file is `stat`ed by name relative to its folder.
/// A folder's times move whenever a name in it comes, goes or is renamed, so the same files
/// are there; their own `stat`s tell whether they were written since. `None` when a file
/// is gone or is no longer a regular file, or off Unix: the caller walks instead.
pub fn restat_source(source: &Source, files: &[&str], dirs: Vec<(String, Stat)>) -> Option<Walk> {
    let Location::Dir(root) = &source.location else {
        return None;
    };
    let canonical_root = fs::canonicalize(root).ok().filter(|p| p.is_dir())?;
    // Chunks of files in path order: a folder's files are mostly next to each other, so
    // each chunk opens a folder once for many names.
    let stats: Vec<Option<Vec<Stat>>> = files
        .par_chunks(512)
        .map(|chunk| restat_chunk(root, chunk))
        .collect();
    let mut found = Vec::with_capacity(files.len());
    for (chunk, stats) in files.chunks(512).zip(stats) {
        for (rel, stat) in chunk.iter().zip(stats?) {
            found.push(Found {
                rel: (*rel).to_string(),
                stat,
                bytes: FileBytes::Disk,
            });
        }
    }
    let walk = Walk {
        files: found,
        warnings: Vec::new(),
        canonical_root: Some(canonical_root),
        dirs,
        plain: true,
    };
    Some(finish(source, walk))
}

#[cfg(unix)]
fn restat_chunk(root: &Path, chunk: &[&str]) -> Option<Vec<Stat>> {
    use rustix::fs::{AtFlags, CWD, FileType, Mode, OFlags};
    let mut out = Vec::with_capacity(chunk.len());
    let mut open: Option<(&str, std::os::fd::OwnedFd)> = None;
    for rel in chunk {
        let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        if open.as_ref().is_none_or(|(f, _)| *f != folder) {
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = rustix::fs::openat(CWD, root.join(folder), flags, Mode::empty()).ok()?;
            open = Some((folder, fd));
        }
        let (_, fd) = open.as_ref()?;
        let st = rustix::fs::statat(fd, name, AtFlags::SYMLINK_NOFOLLOW).ok()?;
        if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile {
            return None;
        }
        let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000) + n;
        #[allow(
            clippy::unnecessary_cast,
            clippy::cast_possible_wrap,
            clippy::cast_sign_loss
        )]
        out.push(Stat {
            size: st.st_size as u64,
            mtime_ns: ns(st.st_mtime as i64, st.st_mtime_nsec as i64),
            ctime_ns: ns(st.st_ctime as i64, st.st_ctime_nsec as i64),
            inode: st.st_ino as u64,
        });
    }
    Some(out)
}

#[cfg(not(unix))]
fn restat_chunk(_: &Path, _: &[&str]) -> Option<Vec<Stat>> {
    None
}

pub(super) fn has_md_extension(path: &str) -> bool {
    let lower = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

fn embedded() -> Vec<Found> {
    let mut out = Vec::new();
    let mut stack = vec![&BUNDLED];
    while let Some(dir) = stack.pop() {
        for file in dir.files() {
            let rel = file.path().to_string_lossy().replace('\\', "/");
            if has_md_extension(&rel) {
                out.push(Found {
                    rel,
                    stat: Stat {
                        size: file.contents().len() as u64,
                        ..Stat::default()
                    },
                    bytes: FileBytes::Embedded(file.contents()),
                });
            }
        }
        stack.extend(dir.dirs());
    }
    out
}

fn skipped(path: &Path, message: String) -> Warning {
    Warning {
        file: path.display().to_string(),
        line: None,
        message,
        skipped: true,
        kind: WarningKind::Unreadable,
    }
}

/// A folder to walk: the path as walked, its path relative to the root as the user sees it,
/// and its path relative to the canonical root (differs below a symlinked folder).
struct Dir {
    path: PathBuf,
    rel: String,
    canonical_rel: String,
    depth: usize,
}

#[derive(Default)]
struct Gathered {
    files: Vec<Found>,
    warnings: Vec<Warning>,
    /// Symlinked folders, walked once every real folder is done.
    linked: Vec<Dir>,
    /// Canonical relative paths of the folders walked.
    dirs: Vec<String>,
    /// The folders walked, as walked, with their `stat` (when asked for).
    stats: Vec<(String, Stat)>,
    /// A symbolic link was met that does not lead to a folder inside the root.
    untracked_links: bool,
}

impl Gathered {
    fn merge(mut self, other: Gathered) -> Gathered {
        self.files.extend(other.files);
        self.warnings.extend(other.warnings);
        self.linked.extend(other.linked);
        self.dirs.extend(other.dirs);
        self.stats.extend(other.stats);
        self.untracked_links |= other.untracked_links;
        self
    }
}

struct Ctx<'a> {
    canonical_root: &'a Path,
    stat: bool,
    /// Set while walking below a symlinked folder, where a folder may be reached twice.
    visited: Option<&'a Mutex<HashSet<String>>>,
}

/// Walks `root` for Markdown files. Never leaves the root through a symlink, never loops,
/// and only returns regular files: FIFOs, sockets and devices named `*.md` are reported.
fn walk_dir_root(root: &Path, stat: bool) -> Walk {
    let canonical_root = match fs::canonicalize(root) {
        Ok(p) if p.is_dir() => p,
        Ok(_) => {
            return Walk {
                warnings: vec![skipped(root, "is not a folder".into())],
                ..Walk::default()
            };
        }
        Err(e) => {
            return Walk {
                warnings: vec![skipped(root, format!("cannot open content folder: {e}"))],
                ..Walk::default()
            };
        }
    };
    let ctx = Ctx {
        canonical_root: &canonical_root,
        stat,
        visited: None,
    };
    // Real folders first, in parallel: without symlinks no folder can be reached twice.
    let top = Dir {
        path: root.to_path_buf(),
        rel: String::new(),
        canonical_rel: String::new(),
        depth: 0,
    };
    let mut acc = walk_dir(&ctx, &top);
    let visited = Mutex::new(acc.dirs.drain(..).collect::<HashSet<String>>());
    // Then symlinked folders, in name order, so a page reachable both ways keeps its real
    // path as its id (tldr's `pages.en` links to `pages`) and the choice never depends on
    // the order the file system lists names in.
    let mut queue = std::mem::take(&mut acc.linked);
    queue.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut queue: std::collections::VecDeque<Dir> = queue.into();
    let linked_ctx = Ctx {
        visited: Some(&visited),
        ..ctx
    };
    while let Some(dir) = queue.pop_front() {
        let Ok(canonical) = fs::canonicalize(&dir.path) else {
            continue;
        };
        let Some(canonical_rel) = rel_below(&canonical, &canonical_root) else {
            continue;
        };
        let fresh = visited
            .lock()
            .is_ok_and(|mut v| v.insert(canonical_rel.clone()));
        if !fresh {
            continue;
        }
        let mut sub = walk_dir(
            &linked_ctx,
            &Dir {
                canonical_rel,
                ..dir
            },
        );
        let mut more = std::mem::take(&mut sub.linked);
        more.sort_by(|a, b| a.rel.cmp(&b.rel));
        queue.extend(more);
        acc.files.append(&mut sub.files);
        acc.warnings.append(&mut sub.warnings);
        acc.stats.append(&mut sub.stats);
        acc.untracked_links |= sub.untracked_links;
    }
    acc.stats.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Walk {
        plain: !acc.untracked_links && acc.warnings.is_empty(),
        files: acc.files,
        warnings: acc.warnings,
        canonical_root: Some(canonical_root),
        dirs: acc.stats,
    }
}

fn rel_below(path: &Path, root: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

fn join_rel(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Whether a folder below `dir` is past [`MAX_DEPTH`]; if so it is reported in `acc`.
fn too_deep(dir: &Dir, path: &Path, acc: &mut Gathered) -> bool {
    let deep = dir.depth + 1 > MAX_DEPTH;
    if deep {
        acc.warnings.push(skipped(
            path,
            format!("folder is more than {MAX_DEPTH} levels deep; not walked"),
        ));
    }
    deep
}

fn walk_dir(ctx: &Ctx<'_>, dir: &Dir) -> Gathered {
    let mut acc = Gathered::default();
    acc.dirs.push(dir.canonical_rel.clone());
    if ctx.stat {
        // Before the listing: a name added while it is read leaves newer times than these.
        let stat = fs::metadata(&dir.path)
            .map(|m| stat_of(&m))
            .unwrap_or_default();
        acc.stats.push((dir.rel.clone(), stat));
    }
    let entries = match fs::read_dir(&dir.path) {
        Ok(e) => e,
        Err(e) => {
            acc.warnings
                .push(skipped(&dir.path, format!("cannot read folder: {e}")));
            return acc;
        }
    };
    let mut subdirs: Vec<Dir> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let os_name = entry.file_name();
        let name = os_name.to_string_lossy();
        // Hidden folders (`.git`) are not content; hidden-looking files can be: tldr's
        // page for the `.` command is `..md`.
        let hidden = name.starts_with('.');
        let rel = join_rel(&dir.rel, &name);
        // The type comes with the folder listing on most file systems: a plain page
        // costs no extra system call here unless its times are wanted.
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_file() {
            if has_md_extension(&name) {
                let stat = if ctx.stat {
                    entry.metadata().map(|m| stat_of(&m)).unwrap_or_default()
                } else {
                    Stat::default()
                };
                acc.files.push(Found {
                    rel,
                    stat,
                    bytes: FileBytes::Disk,
                });
            }
            continue;
        }
        let path = dir.path.join(&os_name);
        if file_type.is_dir() {
            if hidden {
                continue;
            }
            if too_deep(dir, &path, &mut acc) {
                continue;
            }
            let canonical_rel = join_rel(&dir.canonical_rel, &name);
            if let Some(visited) = ctx.visited {
                let fresh = visited
                    .lock()
                    .is_ok_and(|mut v| v.insert(canonical_rel.clone()));
                if !fresh {
                    continue;
                }
            }
            subdirs.push(Dir {
                path,
                rel,
                canonical_rel,
                depth: dir.depth + 1,
            });
            continue;
        }
        if file_type.is_symlink() {
            // A link to a folder inside the root is followed, and the folders it leads to are
            // recorded like any other; what any other link leads to may change while every
            // recorded folder keeps its times.
            let to_folder = fs::metadata(&path).is_ok_and(|m| m.is_dir());
            acc.untracked_links |= !to_folder;
            let target = match fs::canonicalize(&path) {
                Ok(t) => t,
                Err(e) => {
                    if has_md_extension(&name) {
                        acc.warnings
                            .push(skipped(&path, format!("broken symlink: {e}")));
                    }
                    continue;
                }
            };
            if !target.starts_with(ctx.canonical_root) {
                acc.untracked_links = true;
                if has_md_extension(&name) || target.is_dir() {
                    acc.warnings.push(skipped(
                        &path,
                        "symlink points outside the content root; not followed".into(),
                    ));
                }
                continue;
            }
            let Ok(meta) = fs::metadata(&target) else {
                continue;
            };
            if meta.is_dir() {
                if hidden {
                    continue;
                }
                if too_deep(dir, &path, &mut acc) {
                    continue;
                }
                acc.linked.push(Dir {
                    path,
                    rel,
                    canonical_rel: String::new(),
                    depth: dir.depth + 1,
                });
            } else if has_md_extension(&name) {
                if meta.is_file() {
                    let stat = if ctx.stat {
                        stat_of(&meta)
                    } else {
                        Stat::default()
                    };
                    acc.files.push(Found {
                        rel,
                        stat,
                        bytes: FileBytes::Disk,
                    });
                } else {
                    let what = super::regular::special_kind(meta.file_type());
                    acc.warnings
                        .push(skipped(&path, format!("is {what}, not a regular file")));
                }
            }
            continue;
        }
        if has_md_extension(&name) {
            let what = super::regular::special_kind(file_type);
            acc.warnings
                .push(skipped(&path, format!("is {what}, not a regular file")));
        }
    }
    subdirs
        .into_par_iter()
        .map(|sub| walk_dir(ctx, &sub))
        .reduce(Gathered::default, Gathered::merge)
        .merge(acc)
}

/// The `stat` of `path`, following links as the walk does; `None` when it cannot be read.
pub fn stat_path(path: &Path) -> Option<Stat> {
    fs::metadata(path).ok().map(|m| stat_of(&m))
}

#[cfg(unix)]
fn stat_of(meta: &fs::Metadata) -> Stat {
    use std::os::unix::fs::MetadataExt;
    Stat {
        size: meta.len(),
        mtime_ns: meta.mtime().saturating_mul(1_000_000_000) + meta.mtime_nsec(),
        ctime_ns: meta.ctime().saturating_mul(1_000_000_000) + meta.ctime_nsec(),
        inode: meta.ino(),
    }
}

#[cfg(not(unix))]
fn stat_of(meta: &fs::Metadata) -> Stat {
    let ns = |t: std::io::Result<std::time::SystemTime>| {
        t.ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i64)
    };
    Stat {
        size: meta.len(),
        mtime_ns: ns(meta.modified()),
        ctime_ns: ns(meta.created()),
        inode: 0,
    }
}
