//! Loading content roots into one [`Library`]: walking folders safely, reading and parsing
//! each page in parallel, and overlaying sources so a later page replaces an earlier one
//! with the same id. A page that cannot be used is skipped and reported; the rest loads.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use rayon::prelude::*;

use super::document::{Document, Kind, Layer};
use super::fields::{self, Fields};
use super::frontmatter::{self, Parsed};
use super::lang;
use super::library::{Library, SourceInfo, addresses, path_address, path_stem};
use super::sanitize::term_safe_inline;
use super::site::{Flavour, SiteSettings, read_pack, title_from_path};
use super::templates;
use super::walk::{FileBytes, Found, Walk, walk_source};

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

/// One content root, with its place in the overlay order and how its pages are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub layer: Layer,
    pub location: Location,
    /// Language of pages that do not declare one (before detection).
    pub lang: Option<String>,
    /// How the pages are written: the pack's settings, the site generator, nav titles.
    pub site: Arc<SiteSettings>,
}

impl Source {
    pub fn bundled() -> Source {
        Source {
            layer: Layer::Bundled,
            location: Location::Embedded,
            lang: None,
            site: Arc::new(SiteSettings {
                flavour: Flavour::Onramp,
                ..SiteSettings::default()
            }),
        }
    }

    pub fn dir(layer: Layer, path: impl Into<PathBuf>) -> Source {
        Source {
            layer,
            location: Location::Dir(path.into()),
            lang: None,
            site: Arc::new(SiteSettings::default()),
        }
    }

    /// Pack `name`, checked out at `tree`: its settings and site files are read now.
    pub fn pack(name: &str, tree: &Path) -> Source {
        let layout = read_pack(name, tree);
        Source {
            layer: Layer::Pack,
            location: Location::Dir(layout.content_root),
            lang: layout.settings.lang.clone(),
            site: Arc::new(layout.settings),
        }
    }

    /// The name shown as a document's `source`.
    pub fn name(&self) -> String {
        if let Some(pack) = &self.site.pack {
            return pack.clone();
        }
        match &self.location {
            Location::Embedded => "bundled".to_string(),
            Location::Dir(p) => p.display().to_string(),
        }
    }

    /// A file of this source as the user knows it, as warnings name it: `bundled:guides/x.md`
    /// or the folder joined with `rel`.
    pub fn file_label(&self, rel: &str) -> String {
        match &self.location {
            Location::Embedded => format!("bundled:{rel}"),
            Location::Dir(p) => p.join(rel).display().to_string(),
        }
    }

    /// The text of `name` at the source's root (a settings file such as `onramp.toml`), or
    /// `None` when there is none. Larger than `cap` bytes is an error, as is a folder or
    /// a special file of that name.
    pub fn root_file(&self, name: &str, cap: u64) -> Result<Option<String>, String> {
        match &self.location {
            Location::Embedded => Ok(BUNDLED
                .get_file(name)
                .map(|f| String::from_utf8_lossy(f.contents()).into_owned())),
            Location::Dir(root) => {
                let path = root.join(name);
                if !path.exists() {
                    return Ok(None);
                }
                let bytes = read_capped(&path, cap)?;
                String::from_utf8(bytes).map(Some).map_err(|e| {
                    format!(
                        "is not valid UTF-8 (first bad byte at offset {})",
                        e.utf8_error().valid_up_to()
                    )
                })
            }
        }
    }
}

/// Options for [`load`].
#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub max_file_bytes: u64,
    /// Keep each page's text as written (`Document::raw`). A long-running reader that
    /// never prints it (the app) leaves it out and holds each page once, as its body;
    /// templates keep it, since a new note copies one as written.
    pub keep_raw: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            keep_raw: true,
        }
    }
}

/// What a [`Warning`] is about, so a tool can sort or tune them (the lint gives each its
/// rule) without reading the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningKind {
    /// A file or folder that could not be read or is not a page: unreadable, binary, too
    /// large, a special file, a link out of its content root.
    Unreadable,
    /// Bytes that are not valid UTF-8.
    Encoding,
    /// Frontmatter that does not parse, is never closed, or is not a map of fields.
    Frontmatter,
    /// A frontmatter field of the wrong type, or with a value that cannot be used.
    Field,
    /// Two pages of one layer with the same id.
    DuplicateId,
    /// A checklist item that cannot be read as written: a bad due offset, an unknown or
    /// misplaced attribute block, an id used twice.
    ChecklistItem,
    /// A pack's or a site's settings (`onramp.toml`, `mkdocs.yml`) that cannot be fully used.
    Settings,
}

impl WarningKind {
    /// Every kind, in a fixed order (the manifest stores the index).
    pub const ALL: [WarningKind; 7] = [
        WarningKind::Unreadable,
        WarningKind::Encoding,
        WarningKind::Frontmatter,
        WarningKind::Field,
        WarningKind::DuplicateId,
        WarningKind::ChecklistItem,
        WarningKind::Settings,
    ];
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
    pub kind: WarningKind,
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

/// Reads the page at `rel` of `source` as [`load`] would, without walking the source: for
/// a cache that knows which file it wants.
pub fn load_path(
    source: &Source,
    rel: &str,
    options: &LoadOptions,
) -> Result<(Document, Vec<Warning>), Warning> {
    let bytes = match &source.location {
        Location::Embedded => match BUNDLED.get_file(rel) {
            Some(file) => FileBytes::Embedded(file.contents()),
            None => {
                return Err(Warning {
                    file: source.file_label(rel),
                    line: None,
                    message: "is not in the bundled pack".into(),
                    skipped: true,
                    kind: WarningKind::Unreadable,
                });
            }
        },
        Location::Dir(_) => FileBytes::Disk,
    };
    let found = Found {
        rel: rel.to_string(),
        stat: super::walk::Stat::default(),
        bytes,
    };
    load_file(&found, source, options)
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
                    display_file(earlier)
                };
                library.warnings.push(Warning {
                    file: display_file(d),
                    line: None,
                    message: format!(
                        "id `{}` is also used by {other}; this page replaces it",
                        d.id
                    ),
                    skipped: false,
                    kind: WarningKind::DuplicateId,
                });
            }

            library
                .replaced
                .push((d.id.clone(), earlier.source.clone()));
        }
    }
    let keep: HashSet<usize> = last.into_values().collect();
    let kept: Vec<Document> = docs
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep.contains(i))
        .map(|(_, d)| d)
        .collect();
    let overlay_warnings = library.warnings[overlay_from..].to_vec();
    let library = Library::assemble(sources, kept, library);
    LoadReport {
        library,
        files,
        overlay_warnings,
    }
}

impl Library {
    /// A library of pages the overlay already chose (one per id), with the problems of
    /// their load: how a cache of a load (the search manifest) gives the library back
    /// without reading every page.
    pub fn from_pages(sources: &[Source], pages: Vec<Document>, warnings: Vec<Warning>) -> Library {
        Library::assemble(
            sources,
            pages,
            Library {
                warnings,
                ..Library::default()
            },
        )
    }

    /// Sorts `kept` by id and builds every way to reach a page.
    fn assemble(sources: &[Source], kept: Vec<Document>, mut library: Library) -> Library {
        let kept = sorted_by_id(kept);
        for (i, d) in kept.iter().enumerate() {
            if d.pack.is_some() {
                library
                    .by_local
                    .entry(d.local_id().to_string())
                    .or_default()
                    .push(i);
            }
            // Later pages' addresses win, as frontmatter names them.
            for address in addresses(d).into_iter().skip(1) {
                library
                    .by_own_address
                    .insert((d.source.clone(), address), i);
            }
        }
        library.by_path = sorted_positions(&kept, |d| d.path.clone());
        library.by_address = sorted_positions(&kept, path_address);
        library.by_stem = sorted_positions(&kept, path_stem);
        library.sources = sources
            .iter()
            .map(|s| {
                let name = s.name();
                let pages = kept.iter().filter(|d| d.source == name).count();
                SourceInfo {
                    label: s.site.label.clone().unwrap_or_else(|| name.clone()),
                    description: s.site.description.clone(),
                    layer: s.layer,
                    pack: s.site.pack.clone(),
                    root: match &s.location {
                        Location::Dir(p) => Some(p.clone()),
                        Location::Embedded => None,
                    },
                    flavour: s.site.flavour,
                    pages,
                    name,
                }
            })
            .collect();
        library.docs = kept;
        library
    }
}

/// The positions of `docs` sorted by source, then by `key`; pages of one key keep their
/// order (the sort is stable), so the first of a key is the first page in id order. The
/// keys live only while sorting.
fn sorted_positions(docs: &[Document], key: impl Fn(&Document) -> String) -> Vec<u32> {
    let mut keyed: Vec<(&str, String, u32)> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                d.source.as_str(),
                key(d),
                u32::try_from(i).unwrap_or(u32::MAX),
            )
        })
        .collect();
    keyed.sort_by(|a, b| (a.0, a.1.as_str()).cmp(&(b.0, b.1.as_str())));
    keyed.into_iter().map(|(.., i)| i).collect()
}

/// `docs` (one per id) in id order. A page is several hundred bytes: sorting the pages
/// themselves moved each one a dozen times (most of the time of building a library from a
/// cache), so their positions are sorted and the pages are moved into place by cycles of
/// swaps, in place: a second vector of 40k pages would be the app's peak of memory.
fn sorted_by_id(mut docs: Vec<Document>) -> Vec<Document> {
    if docs.is_sorted_by(|a, b| a.id <= b.id) {
        return docs;
    }
    // `order[k]`: the page that belongs at `k`.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_unstable_by(|&a, &b| docs[a].id.cmp(&docs[b].id));
    for start in 0..docs.len() {
        let mut at = start;
        while order[at] != start {
            let from = order[at];
            if from == at {
                break;
            }
            docs.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
    docs
}

fn display_file(doc: &Document) -> String {
    match &doc.file {
        Some(file) => file.display().to_string(),
        None => format!("{}:{}", doc.source, doc.path),
    }
}

fn read_candidate(
    c: &Found,
    source: &Source,
    source_name: &str,
    root: Option<&Path>,
    options: &LoadOptions,
) -> Result<(Document, Vec<Warning>), Warning> {
    let file_label = source.file_label(&c.rel);
    let skip = |message: String| Warning {
        file: file_label.clone(),
        line: None,
        message,
        skipped: true,
        kind: WarningKind::Unreadable,
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
                kind: WarningKind::Encoding,
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
            kind: WarningKind::Frontmatter,
        });
    }
    if let Some((format, fm)) = split.frontmatter {
        match frontmatter::parse(format, fm) {
            Ok(Parsed::Map(map)) => {
                let (f, problems) = fields::resolve(map);
                fields = f;
                warnings.extend(problems.into_iter().map(|p| Warning {
                    file: file_label.clone(),
                    line: Some(frontmatter::key_line(format, fm, &p.key).unwrap_or(1)),
                    message: p.message,
                    skipped: false,
                    kind: WarningKind::Field,
                }));
            }
            Ok(Parsed::NotAMap(what)) => warnings.push(Warning {
                file: file_label.clone(),
                line: Some(2),
                message: format!(
                    "frontmatter is {what}, not a map of fields; its fields are ignored"
                ),
                skipped: false,
                kind: WarningKind::Frontmatter,
            }),
            // A note is the user's own words: it loads with its fields left out, and the
            // file stays as written for the user to mend.
            Err(e) if source.layer == Layer::Notes => warnings.push(Warning {
                file: file_label.clone(),
                line: Some(2),
                message: format!("{e}; the note loads without its fields and is left as written"),
                skipped: false,
                kind: WarningKind::Frontmatter,
            }),
            Err(e) => {
                return Err(Warning {
                    line: Some(2),
                    kind: WarningKind::Frontmatter,
                    ..skip(e.to_string())
                });
            }
        }
    }
    let site = &source.site;
    let body =
        templates::convert(split.body, site.flavour).unwrap_or_else(|| split.body.to_string());
    let body_line = split.body_line;
    let rel_no_ext = strip_md_extension(&c.rel);
    let first_folder = c.rel.split('/').next().filter(|_| c.rel.contains('/'));
    // A pack's settings name the kinds of its folders; folder names count only in onramp's
    // own format, so a handbook's `tools/` does not fill the Tools screen.
    // In the notes folder every page is a note unless it says otherwise.
    let notes = source.layer == Layer::Notes;
    let kind = site
        .kind_for(&c.rel)
        .or(fields.kind)
        .or_else(|| {
            (site.folder_kinds && !notes)
                .then(|| first_folder.and_then(Kind::from_folder))
                .flatten()
        })
        .unwrap_or(if notes { Kind::Note } else { Kind::Guide });
    let nav = site.nav.get(&c.rel);
    let title = nav
        .map(|n| n.title.clone())
        .or_else(|| fields.title.clone().filter(|t| !t.trim().is_empty()))
        .or_else(|| first_heading(&body))
        .or_else(|| extra_text(&fields.extra, "sidebar_label"))
        .unwrap_or_else(|| title_from_path(&c.rel));
    let order = fields
        .order
        .or_else(|| {
            ["sidebar_position", "weight", "nav_order"]
                .iter()
                .find_map(|k| fields.extra.get(*k).and_then(serde_json::Value::as_i64))
        })
        .or_else(|| nav.and_then(|n| i64::try_from(n.position).ok()));
    let local_id = fields.id.clone().unwrap_or_else(|| {
        if notes {
            super::note::note_id(rel_no_ext)
        } else {
            rel_no_ext.to_string()
        }
    });
    let id = match &site.pack {
        Some(pack) if !site.overrides.allows(&local_id) => format!("{pack}:{local_id}"),
        _ => local_id,
    };
    let lang = fields
        .lang
        .clone()
        .or_else(|| source.lang.clone())
        .or_else(|| lang::from_path(&c.rel))
        .or_else(|| lang::detect(&body).map(str::to_string))
        .unwrap_or_else(|| "en".to_string());
    let doc = Document {
        id,
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
        order,
        person: fields.person,
        tool: fields.tool,
        expansion: fields.expansion,
        extra: fields.extra,
        path: c.rel.clone(),
        source: source_name.to_string(),
        layer: source.layer,
        pack: site.pack.clone(),
        body,
        body_line,
        raw: if options.keep_raw || kind == Kind::Template {
            text
        } else {
            String::new()
        },
        hash,
        file: match &c.bytes {
            FileBytes::Disk => root.map(|r| r.join(&c.rel)),
            FileBytes::Embedded(_) => None,
        },
    };
    if doc.kind == Kind::Checklist {
        // A bad due offset or a misplaced attribute block would otherwise vanish quietly.
        let (_, problems) = super::checklist::items(&doc.body);
        warnings.extend(problems.into_iter().map(|p| Warning {
            file: file_label.clone(),
            line: Some(doc.body_line + p.line - 1),
            message: p.message,
            skipped: false,
            kind: WarningKind::ChecklistItem,
        }));
    }
    Ok((doc, warnings))
}

/// Reads at most `cap` bytes; a larger file is refused from its metadata, before reading.
fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    super::regular::read_regular(path, cap).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput => e.to_string(),
        _ => format!("cannot read: {e}"),
    })
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
pub(super) fn strip_md_extension(rel: &str) -> &str {
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

fn extra_text(
    extra: &std::collections::BTreeMap<String, serde_json::Value>,
    key: &str,
) -> Option<String> {
    extra
        .get(key)
        .and_then(serde_json::Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
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
