//! Which sources load, and in which order: the bundled pack, the team packs, the folders
//! named in the config file, `--content` flags, then the user's notes folder. The one place
//! the overlay order is decided, for the command line and the app alike; [`Sources::load`]
//! reads them again whenever asked (after an edit, a new note, a pack update in another
//! terminal), so a reload sees what a fresh start would.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use rayon::prelude::*;

use super::document::Layer;
use super::library::Library;
use super::load::{FileOutcome, LoadOptions, Source, Warning, load, load_walked};
use super::sanitize::term_safe_inline;
use super::walk::{Walk, walk_source};
use crate::config::Config;
use crate::paths::Paths;

/// A source named on the command line that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("content folder {} does not exist or is not a folder", term_safe_inline(&.0.display().to_string()))]
pub struct MissingFolder(pub PathBuf);

/// A team pack's checkout as the packs module knows it: the pack's name and the folder
/// holding the commit it is at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackRoot {
    pub name: String,
    pub tree: PathBuf,
}

/// Lists the installed packs as they stand now (the packs module reads its state file).
pub type PackList = Arc<dyn Fn() -> Vec<PackRoot> + Send + Sync>;

/// The sources of one run, in overlay order (a later one replaces an earlier page with the
/// same id).
#[derive(Clone)]
pub struct Sources {
    /// The bundled pack, when it loads.
    bundled: Option<Source>,
    /// The team packs, asked again at each load: an update moves a pack to another folder.
    packs: Option<PackList>,
    /// Config folders and `--content` folders, fixed at start.
    fixed: Vec<Source>,
    /// The notes folder, loaded once it exists (the first note creates it).
    notes: PathBuf,
}

impl std::fmt::Debug for Sources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sources")
            .field("bundled", &self.bundled.is_some())
            .field("packs", &self.packs.as_ref().map(|p| p()))
            .field("fixed", &self.fixed)
            .field("notes", &self.notes)
            .finish()
    }
}

impl Sources {
    /// The sources `config` and the command line's flags name. A `--content` folder that
    /// does not exist is an error (the user typed it just now); a config folder that does not
    /// exist is reported by the load, and the rest still loads.
    pub fn new(
        config: &Config,
        paths: &Paths,
        flag_dirs: &[PathBuf],
        bundled: bool,
    ) -> Result<Sources, MissingFolder> {
        let mut fixed = Vec::new();
        for dir in &config.content {
            let mut s = Source::dir(Layer::Config, &dir.path);
            s.lang.clone_from(&dir.lang);
            fixed.push(s);
        }
        for dir in flag_dirs {
            if !dir.is_dir() {
                return Err(MissingFolder(dir.clone()));
            }
            fixed.push(Source::dir(Layer::Flag, dir));
        }
        Ok(Sources {
            bundled: bundled.then(Source::bundled),
            packs: None,
            fixed,
            notes: paths.notes_dir(),
        })
    }

    /// Adds the team packs, listed by `packs` at every load, after the bundled pack.
    #[must_use]
    pub fn with_packs(
        mut self,
        packs: impl Fn() -> Vec<PackRoot> + Send + Sync + 'static,
    ) -> Sources {
        self.packs = Some(Arc::new(packs));
        self
    }

    /// Sources given as they are (tests, benchmarks); no notes folder.
    pub fn from_list(list: Vec<Source>) -> Sources {
        Sources {
            bundled: None,
            packs: None,
            fixed: list,
            notes: PathBuf::new(),
        }
    }

    /// These sources with `dir` as the user's notes folder, loaded last once it exists
    /// (tests and benchmarks, whose sources are given as a list).
    #[must_use]
    pub fn with_notes_dir(mut self, dir: impl Into<PathBuf>) -> Sources {
        self.notes = dir.into();
        self
    }

    /// The sources as they stand now, in overlay order. Each pack's settings are read now.
    pub fn list(&self) -> Vec<Source> {
        let mut list: Vec<Source> = self.bundled.iter().cloned().collect();
        if let Some(packs) = &self.packs {
            list.extend(packs().iter().map(|p| Source::pack(&p.name, &p.tree)));
        }
        list.extend(self.fixed.iter().cloned());
        if !self.notes.as_os_str().is_empty() && self.notes.is_dir() {
            list.push(Source::dir(Layer::Notes, &self.notes));
        }
        list
    }

    /// The user's notes folder (it may not exist yet).
    pub fn notes_dir(&self) -> Option<&Path> {
        (!self.notes.as_os_str().is_empty()).then_some(self.notes.as_path())
    }

    /// Loads every source, as it is on disk now.
    pub fn load(&self, options: &LoadOptions) -> Library {
        load(&self.list(), options)
    }

    /// Loads every source and keeps what the walk saw of each file, so the search index can
    /// be brought up to date from the same load (`SearchIndex::open_snapshot`).
    pub fn snapshot(&self, options: &LoadOptions) -> Snapshot {
        let walked_at_ns = clock_ns();
        let sources = self.list();
        let walks: Vec<Walk> = sources.par_iter().map(|s| walk_source(s, true)).collect();
        let report = load_walked(&sources, &walks, options);
        Snapshot {
            sources,
            walks,
            library: Arc::new(report.library),
            files: report.files,
            overlay_warnings: report.overlay_warnings,
            walked_at_ns,
        }
    }
}

/// One load of every source, with what the walk saw of each file.
#[derive(Debug)]
pub struct Snapshot {
    pub sources: Vec<Source>,
    /// One walk per source, with each file's `stat`.
    pub walks: Vec<Walk>,
    pub library: Arc<Library>,
    /// What each walked file gave, per source in walk order.
    pub files: Vec<Vec<FileOutcome>>,
    /// Warnings about ids used twice in one layer.
    pub overlay_warnings: Vec<Warning>,
    /// When the walk started: a file changed after this is read again next time.
    pub walked_at_ns: i64,
}

/// The wall clock in nanoseconds since the epoch, as file times are compared with it.
pub fn clock_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ContentDir;
    use crate::paths::{Located, Origin};

    fn paths(root: &Path) -> Paths {
        let at = |p: &str| Located {
            path: root.join(p),
            origin: Origin::Env("test"),
        };
        Paths {
            config: at("config"),
            data: at("data"),
            cache: at("cache"),
        }
    }

    #[test]
    fn overlay_order_is_bundled_config_flags_then_notes_once_they_exist() {
        let dir = tempfile::tempdir().unwrap();
        let team = dir.path().join("team");
        let flag = dir.path().join("flag");
        std::fs::create_dir_all(&team).unwrap();
        std::fs::create_dir_all(&flag).unwrap();
        let config = Config {
            content: vec![ContentDir {
                path: team.clone(),
                lang: Some("it".into()),
            }],
            ..Config::default()
        };
        let paths = paths(dir.path());
        let sources = Sources::new(&config, &paths, std::slice::from_ref(&flag), true).unwrap();
        let layers = |s: &Sources| s.list().iter().map(|s| s.layer).collect::<Vec<_>>();
        assert_eq!(
            layers(&sources),
            [Layer::Bundled, Layer::Config, Layer::Flag]
        );
        assert_eq!(sources.list()[1].lang.as_deref(), Some("it"));
        std::fs::create_dir_all(paths.notes_dir()).unwrap();
        assert_eq!(
            layers(&sources),
            [Layer::Bundled, Layer::Config, Layer::Flag, Layer::Notes]
        );
    }

    #[test]
    fn packs_come_after_the_bundled_pack_and_are_asked_at_every_list() {
        let dir = tempfile::tempdir().unwrap();
        let flag = dir.path().join("flag");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        for d in [&flag, &a, &b] {
            std::fs::create_dir_all(d).unwrap();
        }
        let live = Arc::new(std::sync::Mutex::new(a.clone()));
        let seen = Arc::clone(&live);
        let sources = Sources::new(
            &Config::default(),
            &paths(dir.path()),
            std::slice::from_ref(&flag),
            true,
        )
        .unwrap()
        .with_packs(move || {
            vec![PackRoot {
                name: "team".into(),
                tree: seen.lock().unwrap().clone(),
            }]
        });
        let list = sources.list();
        let layers: Vec<Layer> = list.iter().map(|s| s.layer).collect();
        assert_eq!(layers, [Layer::Bundled, Layer::Pack, Layer::Flag]);
        assert_eq!(list[1].name(), "team");
        assert_eq!(list[1].location, crate::content::Location::Dir(a));
        *live.lock().unwrap() = b.clone();
        assert_eq!(sources.list()[1].location, crate::content::Location::Dir(b));
    }

    #[test]
    fn a_missing_flag_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope\x1b[2J");
        let err = Sources::new(
            &Config::default(),
            &paths(dir.path()),
            std::slice::from_ref(&missing),
            false,
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("nope") && !message.contains('\x1b'),
            "{message}"
        );
    }
}
