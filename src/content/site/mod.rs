//! What a source says about how its pages are written: a pack's `onramp.toml` (display name,
//! description, language, content folder, the kinds of its folders, what it may replace) and
//! the site generator its Markdown was written for (`MkDocs`, Jekyll, Hugo, Docusaurus), with
//! the titles and order of the `nav` in `mkdocs.yml`. Read from a few small files at a repository's root;
//! never reads pages and never runs git.

mod file;
mod mkdocs;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use super::document::Kind;
use super::load::Warning;
use file::RawPackFile;
use mkdocs::read_mkdocs;

/// The settings file a pack may carry at its root.
pub const SETTINGS_FILE: &str = "onramp.toml";

/// The site generator a source's Markdown was written for: it decides which template syntax
/// is read and where titles come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Flavour {
    /// onramp's own format: folder names give kinds.
    Onramp,
    /// Nothing says: template tags are read where they cannot be anything else.
    #[default]
    Markdown,
    MkDocs,
    /// Jekyll or Eleventy with Liquid: tags are read everywhere, code included, as the site
    /// generator does (`{% raw %}` keeps them literal).
    Jekyll,
    /// Hugo: shortcodes are read everywhere, code included (`{{</* */>}}` keeps them literal).
    Hugo,
    Docusaurus,
}

impl Flavour {
    pub fn as_str(self) -> &'static str {
        match self {
            Flavour::Onramp => "onramp",
            Flavour::Markdown => "markdown",
            Flavour::MkDocs => "mkdocs",
            Flavour::Jekyll => "jekyll",
            Flavour::Hugo => "hugo",
            Flavour::Docusaurus => "docusaurus",
        }
    }
}

impl fmt::Display for Flavour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Flavour {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "onramp" => Flavour::Onramp,
            "markdown" | "plain" => Flavour::Markdown,
            "mkdocs" => Flavour::MkDocs,
            "jekyll" | "eleventy" | "11ty" | "liquid" => Flavour::Jekyll,
            "hugo" => Flavour::Hugo,
            "docusaurus" => Flavour::Docusaurus,
            other => {
                return Err(format!(
                    "unknown format `{other}` (expected one of: onramp, markdown, mkdocs, jekyll, hugo, docusaurus)"
                ));
            }
        })
    }
}

/// Which pages of other sources a pack's pages may replace.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Overrides {
    /// None: every page keeps its qualified id (the default).
    #[default]
    Nothing,
    /// Any page whose id one of the pack's pages has.
    All,
    /// Only these ids.
    Ids(BTreeSet<String>),
}

impl Overrides {
    pub fn allows(&self, id: &str) -> bool {
        match self {
            Overrides::Nothing => false,
            Overrides::All => true,
            Overrides::Ids(ids) => ids.contains(id),
        }
    }
}

/// A page's place in a site's navigation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NavEntry {
    pub title: String,
    /// Position in the navigation, from 0, in reading order.
    pub position: usize,
}

/// How a source's pages are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSettings {
    /// The pack's name: pages get the qualified id `NAME:ID` and this as their `source`.
    pub pack: Option<String>,
    /// A display name (`name` in `onramp.toml`).
    pub label: Option<String>,
    pub description: Option<String>,
    pub flavour: Flavour,
    /// Whether a first folder named `people/`, `tools/`, ... gives its pages their kind:
    /// true for onramp's own format and plain folders, false for other handbooks.
    pub folder_kinds: bool,
    /// Kinds given to folders by the settings (folder path relative to the content root).
    pub kinds: BTreeMap<String, Kind>,
    /// Navigation titles and order by page path relative to the content root.
    pub nav: BTreeMap<String, NavEntry>,
    pub overrides: Overrides,
    /// Language of pages that do not say.
    pub lang: Option<String>,
    /// Problems with the settings files, reported with the load.
    pub problems: Vec<Warning>,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            pack: None,
            label: None,
            description: None,
            flavour: Flavour::Markdown,
            folder_kinds: true,
            kinds: BTreeMap::new(),
            nav: BTreeMap::new(),
            overrides: Overrides::Nothing,
            lang: None,
            problems: Vec::new(),
        }
    }
}

impl SiteSettings {
    /// The kind the settings give a page at `rel`: the deepest folder named in `kinds`.
    pub fn kind_for(&self, rel: &str) -> Option<Kind> {
        if self.kinds.is_empty() {
            return None;
        }
        let mut folder = rel.rsplit_once('/').map_or("", |(d, _)| d);
        loop {
            if let Some(kind) = self.kinds.get(folder) {
                return Some(*kind);
            }
            match folder.rsplit_once('/') {
                Some((up, _)) => folder = up,
                None if !folder.is_empty() => folder = "",
                None => return None,
            }
        }
    }

    /// A short fingerprint of everything here that changes how pages load, so a cache of a
    /// load knows when the settings moved under it.
    pub fn digest(&self) -> String {
        let text = format!(
            "{:?}|{:?}|{}|{}|{:?}|{:?}|{:?}|{:?}",
            self.pack,
            self.label,
            self.flavour,
            self.folder_kinds,
            self.kinds,
            self.nav,
            self.overrides,
            self.lang
        );
        blake3::hash(text.as_bytes()).to_hex()[..16].to_string()
    }
}

/// A pack's checkout read: where its pages are and how to read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackLayout {
    /// The content folder (the checkout itself, or `docs/`, `content/`, ... inside it).
    pub content_root: PathBuf,
    /// The content folder relative to the checkout, `/` separators, empty for the root.
    pub content_dir: String,
    pub settings: SiteSettings,
}

/// Folders that hold a handbook's pages by convention, tried in this order when nothing
/// names one.
const CONVENTIONAL_DIRS: &[&str] = &["docs", "content", "pages"];

/// Reads the checkout of pack `name` at `tree`: `onramp.toml`, then the site generator's own
/// files. Problems are kept in the settings; a pack with no settings at all still loads.
pub fn read_pack(name: &str, tree: &Path) -> PackLayout {
    let mut settings = SiteSettings {
        pack: Some(name.to_string()),
        ..SiteSettings::default()
    };
    let mut content: Option<String> = None;
    let mut format: Option<Flavour> = None;
    let settings_path = tree.join(SETTINGS_FILE);
    let has_settings = match fs::read_to_string(&settings_path) {
        Ok(text) => {
            let file = RawPackFile::parse(&text, &settings_path, &mut settings.problems);
            settings.label = file.name;
            settings.description = file.description;
            settings.lang = file.lang;
            settings.kinds = file.kinds;
            settings.overrides = file.overrides;
            content = file.content;
            format = file.format;
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => {
            settings.problems.push(problem(
                &settings_path,
                None,
                format!("cannot read: {e}; using the defaults"),
            ));
            false
        }
    };
    let detected = detect(tree);
    settings.flavour = format.unwrap_or(match detected {
        Flavour::Markdown if has_settings => Flavour::Onramp,
        other => other,
    });
    settings.folder_kinds = settings.flavour == Flavour::Onramp;
    let mut site_dir: Option<String> = None;
    if settings.flavour == Flavour::MkDocs {
        if let Some((docs_dir, nav)) = read_mkdocs(tree, &mut settings.problems) {
            site_dir = Some(docs_dir);
            settings.nav = nav;
        }
    } else if settings.flavour == Flavour::Hugo {
        site_dir = Some("content".into());
    } else if settings.flavour == Flavour::Docusaurus {
        site_dir = Some("docs".into());
    }
    let chosen = content
        .and_then(|c| inside(tree, &c, &settings_path, &mut settings.problems))
        .or_else(|| site_dir.filter(|d| tree.join(d).is_dir()))
        .or_else(|| conventional_dir(tree))
        .unwrap_or_default();
    let content_root = if chosen.is_empty() {
        tree.to_path_buf()
    } else {
        tree.join(&chosen)
    };
    PackLayout {
        content_root,
        content_dir: chosen,
        settings,
    }
}

/// The site generator whose files sit at the root of `tree`.
pub fn detect(tree: &Path) -> Flavour {
    let has = |name: &str| tree.join(name).exists();
    if has("mkdocs.yml") || has("mkdocs.yaml") {
        return Flavour::MkDocs;
    }
    if ["js", "ts", "mjs", "cjs"]
        .iter()
        .any(|ext| has(&format!("docusaurus.config.{ext}")))
    {
        return Flavour::Docusaurus;
    }
    let hugo_config = ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"]
        .iter()
        .any(|f| has(f));
    let hugo_layout = (has("config.toml") || has("config.yaml"))
        && (has("archetypes") || has("layouts") || has("themes"))
        && has("content");
    if hugo_config || hugo_layout {
        return Flavour::Hugo;
    }
    if [
        "_config.yml",
        "_config.yaml",
        ".eleventy.js",
        ".eleventy.cjs",
        "eleventy.config.js",
        "eleventy.config.mjs",
        "eleventy.config.cjs",
    ]
    .iter()
    .any(|f| has(f))
    {
        return Flavour::Jekyll;
    }
    Flavour::Markdown
}

/// `docs/`, `content/` or `pages/` when it holds Markdown and no other folder at the root
/// does: a handbook with its pages in one folder beside a README and a licence. A repository
/// whose Markdown is spread over several folders (tldr's `pages.*`) is read from its root.
fn conventional_dir(tree: &Path) -> Option<String> {
    let entries = fs::read_dir(tree).ok()?;
    let mut with_markdown: Vec<String> = Vec::new();
    for entry in entries.flatten().take(10_000) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let mut budget = 5_000usize;
        if holds_markdown(&entry.path(), 6, &mut budget) {
            with_markdown.push(name);
        }
    }
    match with_markdown.as_slice() {
        [only] if CONVENTIONAL_DIRS.contains(&only.as_str()) => Some(only.clone()),
        _ => None,
    }
}

fn holds_markdown(dir: &Path, depth: usize, budget: &mut usize) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    let mut subdirs = Vec::new();
    for entry in entries.flatten() {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        let Ok(t) = entry.file_type() else { continue };
        if t.is_file() && (name.ends_with(".md") || name.ends_with(".markdown")) {
            return true;
        }
        if t.is_dir() && !name.starts_with('.') {
            subdirs.push(entry.path());
        }
    }
    depth > 0 && subdirs.iter().any(|d| holds_markdown(d, depth - 1, budget))
}

/// `rel` as a folder inside `tree`, or `None` (reported) when it leaves it or is not a folder.
fn inside(tree: &Path, rel: &str, file: &Path, problems: &mut Vec<Warning>) -> Option<String> {
    let cleaned = rel.trim().trim_matches('/').replace('\\', "/");
    let escapes = Path::new(&cleaned)
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if escapes || Path::new(rel.trim()).is_absolute() {
        problems.push(problem(
            file,
            None,
            format!("`content = \"{rel}\"` leaves the repository; reading its root instead"),
        ));
        return None;
    }
    let path = tree.join(&cleaned);
    let within = match (fs::canonicalize(&path), fs::canonicalize(tree)) {
        (Ok(p), Ok(t)) => p.starts_with(t) && p.is_dir(),
        _ => false,
    };
    if !within {
        problems.push(problem(
            file,
            None,
            format!(
                "`content = \"{rel}\"` is not a folder in the repository; reading its root instead"
            ),
        ));
        return None;
    }
    Some(cleaned)
}

pub(super) fn problem(file: &Path, line: Option<usize>, message: String) -> Warning {
    Warning {
        file: file.display().to_string(),
        line,
        message,
        skipped: false,
        kind: super::load::WarningKind::Settings,
    }
}

/// The title `MkDocs` gives a page with neither a `title` nor a heading: the file name with
/// `-` and `_` as spaces, capitalised when it was all lowercase; an `index` or `README` page
/// takes its folder's name, and the one at the root is "Home".
pub fn title_from_path(rel: &str) -> String {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let file = parts.pop().unwrap_or(rel);
    let stem = strip_ext(file);
    let name = if ["index", "readme", "_index"].contains(&stem.to_ascii_lowercase().as_str()) {
        match parts.last() {
            Some(folder) => *folder,
            None => return "Home".to_string(),
        }
    } else {
        stem
    };
    let spaced = name.replace(['-', '_'], " ");
    let spaced = spaced.trim();
    if spaced.is_empty() {
        return name.to_string();
    }
    if spaced.to_lowercase() == spaced {
        let mut chars = spaced.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    } else {
        spaced.to_string()
    }
}

fn strip_ext(file: &str) -> &str {
    let lower = file.to_ascii_lowercase();
    let cut = if lower.ends_with(".markdown") {
        9
    } else if lower.ends_with(".md") {
        3
    } else {
        0
    };
    let stem = &file[..file.len() - cut];
    if stem.is_empty() { file } else { stem }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::test_files::write;
    use rstest::rstest;

    #[rstest]
    #[case("training/incident_commander.md", "Incident commander")]
    #[case("before/what-is-an-incident.md", "What is an incident")]
    #[case("runbooks/KubePodCrashLooping.md", "KubePodCrashLooping")]
    #[case("index.md", "Home")]
    #[case("training/index.md", "Training")]
    #[case("oncall/README.md", "Oncall")]
    #[case("_.md", "_")]
    fn titles_as_mkdocs_makes_them(#[case] rel: &str, #[case] title: &str) {
        assert_eq!(title_from_path(rel), title);
    }

    #[test]
    fn mkdocs_nav_titles_and_docs_dir() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "mkdocs.yml",
            "site_name: X\ndocs_dir: site\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\nnav:\n  - Home: index.md\n  - Training:\n    - Incident Commander: 'training/incident_commander.md'\n    - training/scribe.md\n  - Blog: https://example.com\n",
        );
        write(dir.path(), "site/index.md", "hi");
        let layout = read_pack("pd", dir.path());
        assert_eq!(layout.content_dir, "site");
        assert_eq!(layout.settings.flavour, Flavour::MkDocs);
        assert!(
            layout.settings.problems.is_empty(),
            "{:?}",
            layout.settings.problems
        );
        let nav = &layout.settings.nav;
        assert_eq!(
            nav["training/incident_commander.md"].title,
            "Incident Commander"
        );
        assert_eq!(nav["training/incident_commander.md"].position, 1);
        assert!(!nav.contains_key("training/scribe.md"));
        assert!(!layout.settings.folder_kinds);
    }

    #[test]
    fn settings_file_wins_and_lint_is_left_to_lint() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            SETTINGS_FILE,
            "name = \"Platform team\"\ncontent = \"handbook\"\nlang = \"IT\"\noverrides = [\"guides/welcome\"]\ncolour = \"red\"\n[kinds]\n\"on-call/playbooks\" = \"runbook\"\nstaff = \"people\"\n[lint]\nstrict = true\n",
        );
        write(dir.path(), "handbook/a.md", "# A");
        let layout = read_pack("platform", dir.path());
        let s = &layout.settings;
        assert_eq!(layout.content_dir, "handbook");
        assert_eq!(s.label.as_deref(), Some("Platform team"));
        assert_eq!(s.lang.as_deref(), Some("it"));
        assert_eq!(s.flavour, Flavour::Onramp);
        assert!(s.folder_kinds);
        assert!(s.overrides.allows("guides/welcome") && !s.overrides.allows("about"));
        assert_eq!(
            s.kind_for("on-call/playbooks/db/failover.md"),
            Some(Kind::Runbook)
        );
        assert_eq!(s.kind_for("staff/ana.md"), Some(Kind::Person));
        assert_eq!(s.kind_for("on-call/x.md"), None);
        assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
        assert!(s.problems[0].message.contains("`colour`"));
    }

    #[test]
    fn a_content_folder_outside_the_repository_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), SETTINGS_FILE, "content = \"../elsewhere\"\n");
        let layout = read_pack("x", dir.path());
        assert_eq!(layout.content_root, dir.path());
        assert!(
            layout.settings.problems[0]
                .message
                .contains("leaves the repository")
        );
    }

    #[test]
    fn broken_settings_name_the_line_and_load_with_defaults() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), SETTINGS_FILE, "name = \"x\"\ncontent = [\n");
        let layout = read_pack("x", dir.path());
        let p = &layout.settings.problems[0];
        assert!(p.file.ends_with(SETTINGS_FILE) && p.line.is_some(), "{p:?}");
    }

    #[rstest]
    #[case(&["docs/a.md", "README.md"], "docs")]
    #[case(&["pages/a/b.md", "LICENSE.md"], "pages")]
    #[case(&["pages/a.md", "pages.it/a.md"], "")]
    #[case(&["guides/a.md"], "")]
    fn a_conventional_folder_is_the_content_root_when_it_is_the_only_one(
        #[case] files: &[&str],
        #[case] root: &str,
    ) {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            write(dir.path(), f, "x");
        }
        assert_eq!(read_pack("x", dir.path()).content_dir, root);
    }
}
