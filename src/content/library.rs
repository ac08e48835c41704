//! The loaded documents after overlaying, and every way to reach one: by id, by qualified
//! `PACK:ID`, by a bare id where it is unique, by a link as a page or its site writes it
//! (relative paths, site addresses such as `/travel-101/`, permalinks), and by browsing
//! sources and their folders. Never reads files.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use serde_json::Value;

use super::document::{Document, Kind, Layer};
use super::load::Warning;
use super::sanitize::term_safe_inline;
use super::site::{Flavour, title_from_path};
use super::walk::has_md_extension;

/// One source of a load, for lists of sources (the library screen, `pack list`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    /// The `source` of its documents (`bundled`, a folder path, a pack's name).
    pub name: String,
    /// A display name: the pack's own (`name` in `onramp.toml`), else `name`.
    pub label: String,
    pub description: Option<String>,
    pub layer: Layer,
    pub pack: Option<String>,
    /// The folder its pages are read from; `None` for the bundled pack.
    pub root: Option<PathBuf>,
    pub flavour: Flavour,
    /// Pages of this source in the library (after overlaying).
    pub pages: usize,
}

/// All loaded documents after overlaying, with the problems found on the way.
#[derive(Debug, Default)]
pub struct Library {
    /// Sorted by id, one page per id: a lookup by id is a binary search.
    pub(super) docs: Vec<Document>,
    /// The ways to reach a page other than its id, as positions in `docs` sorted by what
    /// they are looked up by, computed from the page as they are compared: a library of 40k
    /// pages keeps 12 bytes a page for them instead of three strings.
    /// * by (source, path relative to its root);
    pub(super) by_path: Vec<u32>,
    /// * by (source, site address of its path: `a/b` for `a/b.md` and `a/b/index.md`),
    ///   the first page of an address first;
    pub(super) by_address: Vec<u32>,
    /// * by (source, last part of that address): the fallback of sites that serve pages
    ///   by file name (`/travel-101/` for `getting-started/classes/travel-101.md`).
    pub(super) by_stem: Vec<u32>,
    /// (source, site address) a page's frontmatter gives it (few pages have any); these
    /// win over the addresses of paths.
    pub(super) by_own_address: HashMap<(String, String), usize>,
    /// Pack pages by their id inside the pack.
    pub(super) by_local: HashMap<String, Vec<usize>>,
    pub(super) sources: Vec<SourceInfo>,
    pub warnings: Vec<Warning>,
    /// Documents replaced by a later source with the same id: (id, earlier source).
    pub replaced: Vec<(String, String)>,
}

/// What an id typed by a person names.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup<'a> {
    Found(&'a Document),
    /// A bare id that several packs use: their pages, by qualified id.
    Ambiguous(Vec<&'a Document>),
    Missing,
}

/// An id that names no page, or more than one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("{}", missing_message(.id, .close))]
    Missing { id: String, close: Vec<String> },
    #[error(
        "`{}` is the id of a page in several packs; name one: {}",
        term_safe_inline(.id),
        .candidates.iter().map(|c| term_safe_inline(c).into_owned()).collect::<Vec<_>>().join(", ")
    )]
    Ambiguous { id: String, candidates: Vec<String> },
}

fn missing_message(id: &str, close: &[String]) -> String {
    let id = term_safe_inline(id);
    if close.is_empty() {
        format!("no document with id `{id}`; `onramp list` shows them all")
    } else {
        let close: Vec<String> = close
            .iter()
            .map(|c| term_safe_inline(c).into_owned())
            .collect();
        format!(
            "no document with id `{id}`; did you mean: {}",
            close.join(", ")
        )
    }
}

/// A folder of one source, with its pages and subfolders, for browsing.
#[derive(Debug, Clone, PartialEq)]
pub struct Folder<'a> {
    /// The folder's name (empty for a source's root).
    pub name: String,
    /// Relative to the source's root, `/` separators.
    pub path: String,
    /// Its index page's title, else the name as a site would show it.
    pub title: String,
    /// Pages directly in it, in navigation order, then by title.
    pub pages: Vec<&'a Document>,
    pub folders: Vec<Folder<'a>>,
    /// Pages in it and every folder below.
    pub count: usize,
}

impl Library {
    /// Documents sorted by id.
    pub fn docs(&self) -> &[Document] {
        &self.docs
    }

    /// The document whose id is exactly `id`.
    pub fn get(&self, id: &str) -> Option<&Document> {
        let i = self.docs.binary_search_by(|d| d.id.as_str().cmp(id)).ok()?;
        Some(&self.docs[i])
    }

    /// The positions in `index` (a list sorted by source, then by what `part` gives of a
    /// page) of the pages of `key`'s source whose part is `key`'s.
    fn equal_range_by<'s>(
        &self,
        index: &'s [u32],
        (source, part): (&str, &str),
        key_of: impl Fn(&Document) -> String,
    ) -> &'s [u32] {
        let cmp = |i: &u32| {
            let d = &self.docs[*i as usize];
            d.source
                .as_str()
                .cmp(source)
                .then_with(|| key_of(d).as_str().cmp(part))
        };
        let from = index.partition_point(|i| cmp(i).is_lt());
        let to = from + index[from..].partition_point(|i| cmp(i).is_le());
        &index[from..to]
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

    /// The sources of the load, in overlay order, with their page counts.
    pub fn sources(&self) -> &[SourceInfo] {
        &self.sources
    }

    /// What `id` names: a page's id; a qualified `PACK:ID` (also of a pack page that took
    /// another page's id); a bare id of a pack page, when one pack only has it; a page of the
    /// notes folder by its file name (`2026-03-10-call` for `notes/2026-03-10-call`).
    pub fn lookup(&self, id: &str) -> Lookup<'_> {
        if let Some(doc) = self.get(id) {
            return Lookup::Found(doc);
        }
        if let Some(doc) = self
            .get(&super::note::note_id(id))
            .filter(|d| d.layer == Layer::Notes)
        {
            return Lookup::Found(doc);
        }
        if let Some((pack, local)) = id.split_once(':')
            && let Some(doc) = self.get(local)
            && doc.pack.as_deref() == Some(pack)
        {
            return Lookup::Found(doc);
        }
        match self.by_local.get(id).map(Vec::as_slice) {
            Some([one]) => Lookup::Found(&self.docs[*one]),
            Some(many) if !many.is_empty() => {
                Lookup::Ambiguous(many.iter().map(|&i| &self.docs[i]).collect())
            }
            _ => Lookup::Missing,
        }
    }

    /// [`Library::lookup`] as a result, with close ids or the candidates in the error.
    pub fn resolve(&self, id: &str) -> Result<&Document, LookupError> {
        match self.lookup(id) {
            Lookup::Found(doc) => Ok(doc),
            Lookup::Ambiguous(docs) => Err(LookupError::Ambiguous {
                id: id.to_string(),
                candidates: docs.iter().map(|d| d.id.clone()).collect(),
            }),
            Lookup::Missing => Err(LookupError::Missing {
                id: id.to_string(),
                close: self
                    .close_ids(id, 5)
                    .into_iter()
                    .map(String::from)
                    .collect(),
            }),
        }
    }

    /// Resolves a link written in `from` to a document: a qualified `PACK:ID`; an id in the
    /// page's own pack, then any id; a path from the page's folder (never above its content
    /// root), `.md` or not, a folder's `index.md`/`README.md`; a site address from the
    /// root (`/a/b/`), a permalink or `redirect_from` of the frontmatter, or a file name the
    /// site serves at its root. Fragments and queries are ignored.
    pub fn resolve_link(&self, from: &Document, target: &str) -> Option<&Document> {
        let target = target.split(['#', '?']).next().unwrap_or("").trim();
        if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
            return None;
        }
        if let Some((pack, _)) = target.split_once(':')
            && self.sources.iter().any(|s| s.pack.as_deref() == Some(pack))
            && let Lookup::Found(doc) = self.lookup(target)
        {
            return Some(doc);
        }
        let bare = target.trim_start_matches('/');
        if let Some(pack) = &from.pack {
            if let Some(doc) = self.get(&format!("{pack}:{bare}")) {
                return Some(doc);
            }
            if let Some(doc) = self.get(bare).filter(|d| d.pack.as_ref() == Some(pack)) {
                return Some(doc);
            }
        }
        if from.pack.is_none()
            && let Some(doc) = self.get(bare)
        {
            return Some(doc);
        }
        if let Some(doc) = self.by_site_path(from, target) {
            return Some(doc);
        }
        // The notes folder sits where a pack's `notes/` does, so a link written as the
        // bundled notes write theirs (`../people/ana.md`) finds the page by its id.
        if from.layer == Layer::Notes
            && let Some(path) = join_path(&format!("notes/{}", folder_of(&from.path)), target)
        {
            let id = path
                .strip_suffix(".md")
                .or_else(|| path.strip_suffix(".markdown"))
                .unwrap_or(&path);
            if let Some(doc) = self.get(id) {
                return Some(doc);
            }
        }
        if from.pack.is_some() {
            return self.get(bare);
        }
        None
    }

    /// A link as a path: from the page's folder, or, for a site address such as `../x/`
    /// written in a page served at `a/page/` (directory URLs), from the page itself.
    fn by_site_path(&self, from: &Document, target: &str) -> Option<&Document> {
        let folder = from.path.rfind('/').map_or("", |i| &from.path[..i]);
        let own = from
            .path
            .rsplit_once('.')
            .map_or(from.path.as_str(), |(stem, _)| stem);
        let pretty = !has_md_extension(target.trim_end_matches('/'))
            && !is_index(&from.path)
            && !target.starts_with('/');
        let bases: &[&str] = if target.starts_with('/') {
            &[""]
        } else if pretty {
            // A site serves `a/page.md` at `a/page/`: its relative addresses start there.
            &[own, folder]
        } else {
            &[folder]
        };
        let source = from.source.as_str();
        let first = |found: &[u32]| found.first().map(|&i| &self.docs[i as usize]);
        for base in bases {
            let Some(path) = join_path(base, target) else {
                continue;
            };
            for candidate in path_candidates(&path) {
                let key = (source, candidate.as_str());
                let found = self.equal_range_by(&self.by_path, key, |d| d.path.clone());
                if let Some(doc) = first(found) {
                    return Some(doc);
                }
            }
            let address = normalise_address(&path);
            if let Some(&i) = self
                .by_own_address
                .get(&(from.source.clone(), address.clone()))
            {
                return Some(&self.docs[i]);
            }
            let key = (source, address.as_str());
            if let Some(doc) = first(self.equal_range_by(&self.by_address, key, path_address)) {
                return Some(doc);
            }
            if target.starts_with('/') || target.ends_with('/') {
                let stem = address.rsplit('/').next().unwrap_or(&address);
                if let [one] = self.equal_range_by(&self.by_stem, (source, stem), path_stem) {
                    return Some(&self.docs[*one as usize]);
                }
            }
        }
        None
    }

    /// Ids close to `id`, best first, for "did you mean" messages.
    pub fn close_ids(&self, id: &str, limit: usize) -> Vec<&str> {
        let mut scored: Vec<(f64, &str)> = self
            .docs
            .iter()
            .map(|d| {
                let local = d.local_id();
                let tail = local.rsplit('/').next().unwrap_or(local);
                let score = strsim::jaro_winkler(id, &d.id)
                    .max(strsim::jaro_winkler(id, tail))
                    .max(strsim::jaro_winkler(id, local));
                (score, d.id.as_str())
            })
            .filter(|(s, _)| *s > 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().take(limit).map(|(_, id)| id).collect()
    }

    /// The folders and pages of source `name` as a tree, with counts; `None` for a source
    /// the load does not have.
    pub fn tree(&self, name: &str) -> Option<Folder<'_>> {
        self.sources.iter().find(|s| s.name == name)?;
        let mut root = Folder {
            name: String::new(),
            path: String::new(),
            title: String::new(),
            pages: Vec::new(),
            folders: Vec::new(),
            count: 0,
        };
        for doc in self.docs.iter().filter(|d| d.source == name) {
            let mut at = &mut root;
            let mut parts: Vec<&str> = doc.path.split('/').collect();
            parts.pop();
            let mut path = String::new();
            for part in parts {
                if !path.is_empty() {
                    path.push('/');
                }
                path.push_str(part);
                let pos = if let Some(p) = at.folders.iter().position(|f| f.name == part) {
                    p
                } else {
                    at.folders.push(Folder {
                        name: part.to_string(),
                        path: path.clone(),
                        title: title_from_path(&format!("{path}/index.md")),
                        pages: Vec::new(),
                        folders: Vec::new(),
                        count: 0,
                    });
                    at.folders.len() - 1
                };
                at = &mut at.folders[pos];
            }
            at.pages.push(doc);
        }
        finish(&mut root);
        Some(root)
    }
}

/// `target` as a path relative to the content root, read from the folder of `from_path`
/// (or from the root when it starts with `/`); `None` when it climbs above the root.
pub(super) fn relative_path(from_path: &str, target: &str) -> Option<String> {
    if target.starts_with('/') {
        return join_path("", target);
    }
    join_path(folder_of(from_path), target)
}

/// The folder part of a page's path (`a` for `a/b.md`, empty at the root).
fn folder_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// `target` from folder `base`, `..` resolved; `None` when it climbs above the root.
fn join_path(base: &str, target: &str) -> Option<String> {
    let joined = format!("{base}/{target}");
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
    Some(parts.join("/"))
}

/// Sorts a folder and counts its pages; a folder's index page gives it its title.
fn finish(folder: &mut Folder<'_>) -> usize {
    folder.pages.sort_by(|a, b| {
        (a.order.is_none(), a.order, a.title.to_lowercase(), &a.id).cmp(&(
            b.order.is_none(),
            b.order,
            b.title.to_lowercase(),
            &b.id,
        ))
    });
    for f in &mut folder.folders {
        finish(f);
        if let Some(index) = f.pages.iter().find(|d| is_index(&d.path)) {
            f.title.clone_from(&index.title);
        }
    }
    folder.folders.sort_by_key(|f| f.title.to_lowercase());
    folder.count = folder.pages.len() + folder.folders.iter().map(|f| f.count).sum::<usize>();
    folder.count
}

fn is_index(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    matches!(
        file.as_str(),
        "index.md" | "readme.md" | "_index.md" | "index.markdown"
    )
}

/// The files a link path may name: itself when it has a Markdown extension; else the page,
/// or the folder's index, as static sites serve them (`x`, `x/`, `x.html`).
fn path_candidates(path: &str) -> Vec<String> {
    if has_md_extension(path) {
        return vec![path.to_string()];
    }
    let stem = path
        .strip_suffix(".html")
        .or_else(|| path.strip_suffix(".htm"))
        .unwrap_or(path)
        .trim_end_matches('/');
    let stem = stem.strip_suffix("/index").unwrap_or(stem);
    if stem.is_empty() {
        return vec!["index.md".into(), "README.md".into(), "_index.md".into()];
    }
    vec![
        format!("{stem}.md"),
        format!("{stem}/index.md"),
        format!("{stem}/README.md"),
        format!("{stem}/_index.md"),
        format!("{stem}.markdown"),
    ]
}

/// A site address without slashes at either end, `.html` or a trailing `index`.
pub(super) fn normalise_address(address: &str) -> String {
    let a = address.trim().trim_matches('/');
    let a = a
        .strip_suffix(".html")
        .or_else(|| a.strip_suffix(".md"))
        .unwrap_or(a);
    let a = a.trim_end_matches('/');
    let a = match a.rsplit_once('/') {
        Some((dir, last)) if ["index", "README", "_index"].contains(&last) => dir,
        None if ["index", "README", "_index"].contains(&a) => "",
        _ => a,
    };
    a.to_string()
}

/// The site address of a page's path: `a/b` for `a/b.md` and `a/b/index.md`.
pub(super) fn path_address(doc: &Document) -> String {
    let no_ext = doc
        .path
        .rsplit_once('.')
        .filter(|(_, ext)| ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown"))
        .map_or(doc.path.as_str(), |(s, _)| s);
    normalise_address(no_ext)
}

/// The last part of [`path_address`].
pub(super) fn path_stem(doc: &Document) -> String {
    let address = path_address(doc);
    match address.rsplit_once('/') {
        Some((_, stem)) => stem.to_string(),
        None => address,
    }
}

/// Every site address a page answers to: its path as served, then the addresses its
/// frontmatter names (`permalink`, `redirect_from`, `slug`, `url`, Hugo's `/`-aliases).
pub(super) fn addresses(doc: &Document) -> Vec<String> {
    let mut out = vec![path_address(doc)];
    let folder = doc.path.rsplit_once('/').map_or("", |(d, _)| d);
    let mut push = |value: &Value, relative: bool| {
        let list: Vec<&str> = match value {
            Value::String(s) => vec![s.as_str()],
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        for a in list {
            if a.contains("://") || a.trim().is_empty() {
                continue;
            }
            let full = if relative && !a.starts_with('/') && !folder.is_empty() {
                format!("{folder}/{a}")
            } else {
                a.to_string()
            };
            out.push(normalise_address(&full));
        }
    };
    for key in ["permalink", "redirect_from", "url"] {
        if let Some(v) = doc.extra.get(key) {
            push(v, false);
        }
    }
    if let Some(v) = doc.extra.get("slug") {
        push(v, true);
    }
    for alias in doc.aliases.iter().filter(|a| a.starts_with('/')) {
        out.push(normalise_address(alias));
    }
    out
}

/// The addresses the page's frontmatter gives it besides its path's (see [`addresses`]).
pub(crate) fn own_addresses(doc: &Document) -> Vec<String> {
    let mut all = addresses(doc);
    all.remove(0);
    all
}

impl fmt::Display for SourceInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&term_safe_inline(&self.label))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("/travel-101/", "travel-101")]
    #[case("a/b/index.html", "a/b")]
    #[case("/", "")]
    #[case("index", "")]
    #[case("a/README.md", "a")]
    fn addresses_normalise(#[case] input: &str, #[case] want: &str) {
        assert_eq!(normalise_address(input), want);
    }

    #[test]
    fn link_paths_try_the_page_then_the_folder_index() {
        assert_eq!(path_candidates("a/b.md"), ["a/b.md"]);
        assert_eq!(path_candidates("a/b/")[..2], ["a/b.md", "a/b/index.md"]);
        assert_eq!(path_candidates("a/b.html")[0], "a/b.md");
    }
}
