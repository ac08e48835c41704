//! Loading content roots into one [`Library`]: walking folders safely, reading and parsing
//! each page in parallel, and overlaying sources so a later page replaces an earlier one
//! with the same id. A page that cannot be used is skipped and reported; the rest loads.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use rayon::prelude::*;

use super::document::{Document, Kind, Layer};
use super::fields::{self, Fields};
use super::frontmatter::{self, Parsed};
use super::lang;
use super::sanitize::term_safe_inline;

static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// Fingerprint of the embedded pack, computed at build time.
pub const BUNDLED_HASH: &str = env!("ONRAMP_CONTENT_HASH");

/// Files larger than this are skipped unless the caller sets another cap.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Folders deeper than this below a root are not walked.
const MAX_DEPTH: usize = 64;

/// Where a source's pages live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The pack compiled into the binary.
    Embedded,
    Dir(PathBuf),
}

/// One content root, with its place in the overlay order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub layer: Layer,
    pub location: Location,
    /// Language of pages that do not declare one (before detection).
    pub lang: Option<String>,
}

impl Source {
    pub fn bundled() -> Source {
        Source {
            layer: Layer::Bundled,
            location: Location::Embedded,
            lang: None,
        }
    }

    pub fn dir(layer: Layer, path: impl Into<PathBuf>) -> Source {
        Source {
            layer,
            location: Location::Dir(path.into()),
            lang: None,
        }
    }

    /// The name shown as a document's `source`.
    pub fn name(&self) -> String {
        match &self.location {
            Location::Embedded => "bundled".to_string(),
            Location::Dir(p) => p.display().to_string(),
        }
    }
}

/// Options for [`load`].
#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub max_file_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// Something wrong with one file (or folder) of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file as the user knows it: `bundled:guides/x.md` or a filesystem path.
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
    /// True when the file was left out; false when it loaded with this problem.
    pub skipped: bool,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = term_safe_inline(&self.file);
        let message = term_safe_inline(&self.message);
        let what = if self.skipped { "skipped" } else { "warning" };
        match self.line {
            Some(line) => write!(f, "{what}: {file}:{line}: {message}"),
            None => write!(f, "{what}: {file}: {message}"),
        }
    }
}

/// All loaded documents after overlaying, with the problems found on the way.
#[derive(Debug, Default)]
pub struct Library {
    docs: Vec<Document>,
    by_id: HashMap<String, usize>,
    by_path: HashMap<(String, String), usize>,
    pub warnings: Vec<Warning>,
    /// Documents replaced by a later source with the same id: (id, earlier source).
    pub replaced: Vec<(String, String)>,
}

impl Library {
    /// Documents sorted by id.
    pub fn docs(&self) -> &[Document] {
        &self.docs
    }

    pub fn get(&self, id: &str) -> Option<&Document> {
        self.by_id.get(id).map(|&i| &self.docs[i])
    }

    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Document> {
        self.docs.iter().filter(move |d| d.kind == kind)
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Resolves a link written in `from` to a document: a relative `.md` path from the
    /// page's folder (never above its content root), or a document id. Fragments are ignored.
    pub fn resolve_link(&self, from: &Document, target: &str) -> Option<&Document> {
        let target = target.split('#').next().unwrap_or("");
        if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
            return None;
        }
        if let Some(doc) = self.get(target.trim_start_matches('/')) {
            return Some(doc);
        }
        let base = match from.path.rfind('/') {
            Some(i) => &from.path[..i],
            None => "",
        };
        let joined = if target.starts_with('/') {
            target.to_string()
        } else {
            format!("{base}/{target}")
        };
        let mut parts: Vec<&str> = Vec::new();
        for part in joined.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                p => parts.push(p),
            }
        }
        let mut path = parts.join("/");
        if !has_md_extension(&path) {
            path.push_str(".md");
        }
        let &i = self.by_path.get(&(from.source.clone(), path))?;
        Some(&self.docs[i])
    }

    /// Ids close to `id`, best first, for "did you mean" messages.
    pub fn close_ids(&self, id: &str, limit: usize) -> Vec<&str> {
        let mut scored: Vec<(f64, &str)> = self
            .docs
            .iter()
            .map(|d| {
                let tail = d.id.rsplit('/').next().unwrap_or(&d.id);
                let score = strsim::jaro_winkler(id, &d.id).max(strsim::jaro_winkler(id, tail));
                (score, d.id.as_str())
            })
            .filter(|(s, _)| *s > 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().take(limit).map(|(_, id)| id).collect()
    }
}

fn has_md_extension(path: &str) -> bool {
    let lower = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// A file found by the walk, not yet read.
struct Candidate {
    /// Relative to the content root, `/` separators.
    rel: String,
    bytes: FileBytes,
}

enum FileBytes {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// Loads every source in order; a later document with the same id replaces an earlier one.
pub fn load(sources: &[Source], options: &LoadOptions) -> Library {
    let mut library = Library::default();
    let mut docs: Vec<Document> = Vec::new();
    for source in sources {
        let (candidates, mut warnings) = match &source.location {
            Location::Embedded => (embedded_candidates(), Vec::new()),
            Location::Dir(root) => walk(root),
        };
        library.warnings.append(&mut warnings);
        let name = source.name();
        let root = match &source.location {
            Location::Dir(p) => Some(p.as_path()),
            Location::Embedded => None,
        };
        let results: Vec<Result<(Document, Vec<Warning>), Warning>> = candidates
            .par_iter()
            .map(|c| read_candidate(c, source, &name, root, options))
            .collect();
        for result in results {
            match result {
                Ok((doc, mut w)) => {
                    library.warnings.append(&mut w);
                    docs.push(doc);
                }
                Err(w) => library.warnings.push(w),
            }
        }
    }
    // Overlay: keep the last document for each id (sources were pushed in order).
    let mut last: HashMap<String, usize> = HashMap::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        if let Some(prev) = last.insert(d.id.clone(), i) {
            let earlier = &docs[prev];
            // Replacing a page of a lower layer (a team's own welcome over the bundled one)
            // is the point of overlays. Two pages with one id in the same layer are more
            // likely an accident, so say which one won.
            if earlier.layer == d.layer {
                let other = if earlier.source == d.source {
                    earlier.path.clone()
                } else {
                    display_file(&earlier.source, &earlier.path)
                };
                library.warnings.push(Warning {
                    file: display_file(&d.source, &d.path),
                    line: None,
                    message: format!(
                        "id `{}` is also used by {other}; this page replaces it",
                        d.id
                    ),
                    skipped: false,
                });
            }

            library
                .replaced
                .push((d.id.clone(), earlier.source.clone()));
        }
    }
    let keep: HashSet<usize> = last.into_values().collect();
    let mut kept: Vec<Document> = docs
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep.contains(i))
        .map(|(_, d)| d)
        .collect();
    kept.sort_by(|a, b| a.id.cmp(&b.id));
    library.by_id = kept
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    library.by_path = kept
        .iter()
        .enumerate()
        .map(|(i, d)| ((d.source.clone(), d.path.clone()), i))
        .collect();
    library.docs = kept;
    library
}

fn display_file(source: &str, rel: &str) -> String {
    if source == "bundled" {
        format!("bundled:{rel}")
    } else {
        Path::new(source).join(rel).display().to_string()
    }
}

fn embedded_candidates() -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut stack = vec![&BUNDLED];
    while let Some(dir) = stack.pop() {
        for file in dir.files() {
            let rel = file.path().to_string_lossy().replace('\\', "/");
            if has_md_extension(&rel) {
                out.push(Candidate {
                    rel,
                    bytes: FileBytes::Embedded(file.contents()),
                });
            }
        }
        stack.extend(dir.dirs());
    }
    out
}

/// Walks `root` for Markdown files. Never leaves the root through a symlink, never loops,
/// and only returns regular files: FIFOs, sockets and devices named `*.md` are reported.
fn walk(root: &Path) -> (Vec<Candidate>, Vec<Warning>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let warn = |path: &Path, message: String| Warning {
        file: path.display().to_string(),
        line: None,
        message,
        skipped: true,
    };
    let canonical_root = match fs::canonicalize(root) {
        Ok(p) if p.is_dir() => p,
        Ok(_) => {
            warnings.push(warn(root, "is not a folder".into()));
            return (out, warnings);
        }
        Err(e) => {
            warnings.push(warn(root, format!("cannot open content folder: {e}")));
            return (out, warnings);
        }
    };
    let mut visited: HashSet<PathBuf> = HashSet::from([canonical_root.clone()]);
    // (path as walked, path relative to the root, depth)
    let mut stack: Vec<(PathBuf, String, usize)> = vec![(root.to_path_buf(), String::new(), 0)];
    // Symlinked folders, walked once the real ones are done.
    let mut linked: Vec<(PathBuf, String, usize)> = Vec::new();
    while let Some((dir, rel_dir, depth)) = stack.pop().or_else(|| {
        // A folder reached twice (a symlink cycle or a second link to it) is walked once.
        while let Some((path, rel, depth)) = linked.pop() {
            if let Ok(canonical) = fs::canonicalize(&path)
                && visited.insert(canonical)
            {
                return Some((path, rel, depth));
            }
        }
        None
    }) {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                warnings.push(warn(&dir, format!("cannot read folder: {e}")));
                continue;
            }
        };
        // No sort: documents are sorted by id once everything is read.
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            // Hidden folders (`.git`) are not content; hidden-looking files can be: tldr's
            // page for the `.` command is `..md`.
            let hidden = name.starts_with('.');
            let rel = if rel_dir.is_empty() {
                name.clone()
            } else {
                format!("{rel_dir}/{name}")
            };
            // The type comes with the folder listing on most file systems: a plain page
            // costs no extra system call here.
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_file() {
                if has_md_extension(&name) {
                    out.push(Candidate {
                        rel,
                        bytes: FileBytes::Disk(path),
                    });
                }
                continue;
            }
            let meta = if file_type.is_symlink() {
                let target = match fs::canonicalize(&path) {
                    Ok(t) => t,
                    Err(e) => {
                        if has_md_extension(&name) {
                            warnings.push(warn(&path, format!("broken symlink: {e}")));
                        }
                        continue;
                    }
                };
                if !target.starts_with(&canonical_root) {
                    if has_md_extension(&name) || target.is_dir() {
                        warnings.push(warn(
                            &path,
                            "symlink points outside the content root; not followed".into(),
                        ));
                    }
                    continue;
                }
                match fs::metadata(&target) {
                    Ok(m) => m,
                    Err(_) => continue,
                }
            } else {
                match fs::symlink_metadata(&path) {
                    Ok(m) => m,
                    Err(_) => continue,
                }
            };
            if meta.is_dir() {
                if hidden {
                    continue;
                }
                if depth + 1 > MAX_DEPTH {
                    warnings.push(warn(
                        &path,
                        format!("folder is more than {MAX_DEPTH} levels deep; not walked"),
                    ));
                    continue;
                }
                if file_type.is_symlink() {
                    // Walked after every real folder, so a page reachable both ways keeps
                    // its real path as its id (tldr's `pages.en` links to `pages`).
                    linked.push((path, rel, depth + 1));
                    continue;
                }
                let Ok(canonical) = fs::canonicalize(&path) else {
                    continue;
                };
                if !visited.insert(canonical) {
                    continue;
                }
                stack.push((path, rel, depth + 1));
            } else if has_md_extension(&name) {
                if meta.is_file() {
                    out.push(Candidate {
                        rel,
                        bytes: FileBytes::Disk(path),
                    });
                } else {
                    let what = special_file_kind(&meta);
                    warnings.push(warn(&path, format!("is {what}, not a regular file")));
                }
            }
        }
    }
    (out, warnings)
}

#[cfg(unix)]
fn special_file_kind(meta: &fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_file_kind(_meta: &fs::Metadata) -> &'static str {
    "a special file"
}

fn read_candidate(
    c: &Candidate,
    source: &Source,
    source_name: &str,
    root: Option<&Path>,
    options: &LoadOptions,
) -> Result<(Document, Vec<Warning>), Warning> {
    let file_label = match root {
        Some(r) => r.join(&c.rel).display().to_string(),
        None => format!("bundled:{}", c.rel),
    };
    let skip = |message: String| Warning {
        file: file_label.clone(),
        line: None,
        message,
        skipped: true,
    };
    let bytes: Vec<u8> = match &c.bytes {
        FileBytes::Embedded(b) => b.to_vec(),
        FileBytes::Disk(path) => read_capped(path, options.max_file_bytes).map_err(skip)?,
    };
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(skip("looks like a binary file (contains NUL bytes)".into()));
    }
    let mut warnings = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            warnings.push(Warning {
                file: file_label.clone(),
                line: None,
                message: format!("not valid UTF-8 (first bad byte at offset {}); decoded with replacement characters", e.utf8_error().valid_up_to()),
                skipped: false,
            });
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    let hash = blake3::hash(text.as_bytes()).to_hex().to_string();
    let text = normalise(text);
    let split = frontmatter::split(&text);
    let mut fields = Fields::default();
    if let Some(format) = split.unclosed {
        let delim = if format == frontmatter::Format::Yaml {
            "---"
        } else {
            "+++"
        };
        warnings.push(Warning {
            file: file_label.clone(),
            line: Some(1),
            message: format!("frontmatter opened with `{delim}` is never closed; the whole file is read as the page"),
            skipped: false,
        });
    }
    if let Some((format, fm)) = split.frontmatter {
        match frontmatter::parse(format, fm) {
            Ok(Parsed::Map(map)) => {
                let (f, problems) = fields::resolve(map);
                fields = f;
                warnings.extend(problems.into_iter().map(|message| Warning {
                    file: file_label.clone(),
                    line: Some(1),
                    message,
                    skipped: false,
                }));
            }
            Ok(Parsed::NotAMap(what)) => warnings.push(Warning {
                file: file_label.clone(),
                line: Some(2),
                message: format!(
                    "frontmatter is {what}, not a map of fields; its fields are ignored"
                ),
                skipped: false,
            }),
            Err(e) => {
                return Err(Warning {
                    line: Some(2),
                    ..skip(e.to_string())
                });
            }
        }
    }
    let body = split.body.to_string();
    let body_line = split.body_line;
    let rel_no_ext = strip_md_extension(&c.rel);
    let first_folder = c.rel.split('/').next().filter(|_| c.rel.contains('/'));
    let kind = fields
        .kind
        .or_else(|| first_folder.and_then(Kind::from_folder))
        .unwrap_or(Kind::Guide);
    let title = fields
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| first_heading(&body))
        .unwrap_or_else(|| file_stem(&c.rel).to_string());
    let lang = fields
        .lang
        .clone()
        .or_else(|| source.lang.clone())
        .or_else(|| lang::from_path(&c.rel))
        .or_else(|| lang::detect(&body).map(str::to_string))
        .unwrap_or_else(|| "en".to_string());
    let doc = Document {
        id: fields.id.unwrap_or_else(|| rel_no_ext.to_string()),
        kind,
        title: title.trim().to_string(),
        description: fields.description,
        tags: fields.tags,
        aliases: fields.aliases,
        owner: fields.owner,
        last_reviewed: fields.last_reviewed,
        review_every: fields.review_every,
        lang,
        phase: fields.phase,
        order: fields.order,
        person: fields.person,
        tool: fields.tool,
        expansion: fields.expansion,
        extra: fields.extra,
        path: c.rel.clone(),
        source: source_name.to_string(),
        layer: source.layer,
        body,
        body_line,
        raw: text,
        hash,
        file: match &c.bytes {
            FileBytes::Disk(p) => Some(p.clone()),
            FileBytes::Embedded(_) => None,
        },
    };
    Ok((doc, warnings))
}

/// Reads at most `cap` bytes; a larger file is refused from its metadata, before reading.
fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    let file = fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("is not a regular file".into());
    }
    if meta.len() > cap {
        return Err(format!(
            "is {} bytes, over the {cap}-byte size cap",
            meta.len()
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > cap {
        return Err(format!(
            "grew past the {cap}-byte size cap while being read"
        ));
    }
    Ok(bytes)
}

/// Drops a UTF-8 BOM and turns CRLF and lone CR line ends into `\n`.
fn normalise(text: String) -> String {
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// `a/b.md` → `a/b`; a file named just `.md` keeps its name, so no id ends in `/`.
fn strip_md_extension(rel: &str) -> &str {
    let lower = rel.to_ascii_lowercase();
    let cut = if lower.ends_with(".markdown") {
        9
    } else if lower.ends_with(".md") {
        3
    } else {
        0
    };
    let stem = &rel[..rel.len() - cut];
    if stem.is_empty() || stem.ends_with('/') {
        rel
    } else {
        stem
    }
}

fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    strip_md_extension(name)
}

/// The text of the first level-1 ATX heading outside code fences.
pub fn first_heading(body: &str) -> Option<String> {
    let mut in_fence = false;
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || line.len() - t.len() >= 4 {
            continue;
        }
        if let Some(rest) = t.strip_prefix("# ").or_else(|| (t == "#").then_some("")) {
            let title = rest.trim().trim_end_matches('#').trim();
            if !title.is_empty() {
                return Some(title.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_bom_and_line_ends() {
        assert_eq!(normalise("\u{FEFF}a\r\nb\rc".into()), "a\nb\nc");
    }

    #[test]
    fn first_heading_skips_code() {
        assert_eq!(
            first_heading("```\n# not\n```\n# Yes #\n").as_deref(),
            Some("Yes")
        );
        assert_eq!(first_heading("## Level two\n"), None);
    }

    #[test]
    fn bundled_pack_has_every_kind() {
        let lib = load(&[Source::bundled()], &LoadOptions::default());
        for kind in Kind::ALL {
            assert!(
                lib.of_kind(kind).next().is_some(),
                "no {kind} in the bundled pack"
            );
        }
    }
}
