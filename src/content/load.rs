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
use super::walk::{FileBytes, Found, Walk, has_md_extension, walk_source};

pub(super) static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// Fingerprint of the embedded pack, computed at build time.
pub const BUNDLED_HASH: &str = env!("ONRAMP_CONTENT_HASH");

/// Files larger than this are skipped unless the caller sets another cap.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

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

/// What loading one found file gave: the page's id when it loaded, and every problem
/// reported for it, in the order a full load reports them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOutcome {
    pub id: Option<String>,
    pub warnings: Vec<Warning>,
}

/// A load with its working shown: what each walked file gave, and the warnings the overlay
/// added, so a cache of the load can replay exactly what a full load would print.
#[derive(Debug)]
pub struct LoadReport {
    pub library: Library,
    /// One list per source, in the order of that source's [`Walk::files`].
    pub files: Vec<Vec<FileOutcome>>,
    /// Warnings about ids used twice in one layer; last in [`Library::warnings`].
    pub overlay_warnings: Vec<Warning>,
}

/// Loads every source in order; a later document with the same id replaces an earlier one.
pub fn load(sources: &[Source], options: &LoadOptions) -> Library {
    let walks: Vec<Walk> = sources.iter().map(|s| walk_source(s, false)).collect();
    load_walked(sources, &walks, options).library
}

/// Reads one file a walk found, as [`load`] would.
pub fn load_file(
    found: &Found,
    source: &Source,
    options: &LoadOptions,
) -> Result<(Document, Vec<Warning>), Warning> {
    let root = match &source.location {
        Location::Dir(p) => Some(p.as_path()),
        Location::Embedded => None,
    };
    read_candidate(found, source, &source.name(), root, options)
}

/// [`load`] over walks already made (one per source, same order), keeping what each file
/// gave. The warnings come in a fixed order: per source, the walk's own, then each file's
/// in path order; then the overlay's.
pub fn load_walked(sources: &[Source], walks: &[Walk], options: &LoadOptions) -> LoadReport {
    let mut library = Library::default();
    let mut docs: Vec<Document> = Vec::new();
    let mut files = Vec::with_capacity(sources.len());
    for (source, walk) in sources.iter().zip(walks) {
        library.warnings.extend(walk.warnings.iter().cloned());
        let results: Vec<Result<(Document, Vec<Warning>), Warning>> = walk
            .files
            .par_iter()
            .map(|c| load_file(c, source, options))
            .collect();
        let mut outcomes = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok((doc, w)) => {
                    library.warnings.extend(w.iter().cloned());
                    outcomes.push(FileOutcome {
                        id: Some(doc.id.clone()),
                        warnings: w,
                    });
                    docs.push(doc);
                }
                Err(w) => {
                    library.warnings.push(w.clone());
                    outcomes.push(FileOutcome {
                        id: None,
                        warnings: vec![w],
                    });
                }
            }
        }
        files.push(outcomes);
    }
    let overlay_from = library.warnings.len();
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
    let overlay_warnings = library.warnings[overlay_from..].to_vec();
    LoadReport {
        library,
        files,
        overlay_warnings,
    }
}

fn display_file(source: &str, rel: &str) -> String {
    if source == "bundled" {
        format!("bundled:{rel}")
    } else {
        Path::new(source).join(rel).display().to_string()
    }
}

fn read_candidate(
    c: &Found,
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
        FileBytes::Disk => match root {
            Some(root) => read_capped(&root.join(&c.rel), options.max_file_bytes).map_err(skip)?,
            None => return Err(skip("has no folder to be read from".into())),
        },
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
            FileBytes::Disk => root.map(|r| r.join(&c.rel)),
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
