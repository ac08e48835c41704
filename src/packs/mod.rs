//! Team packs: a team's handbook in a git repository, added, updated and removed through the
//! system `git`, and the packs state file that says which commit each pack is at. Never
//! fetches unless asked (only [`Packs::add`] and [`Packs::update`] reach the network), never
//! edits a checkout by hand and never reads pages; how pages load is `content`'s business.
//!
//! On disk, in `packs/` in the data folder:
//!
//! ```text
//! packs.toml       the state file
//! .lock            held by a command that changes packs
//! NAME/git/        a shallow bare clone: objects only, no working files
//! NAME/a/, NAME/b/ two checkouts; the state file names the live one
//! NAME/a.index     git's record of what each checkout holds
//! ```
//!
//! An update writes the new commit into the checkout that is not live (git writes only the
//! files that differ), then switches the state file to it in one rename: a failed or stopped
//! update leaves the live checkout as it was, and a reader never sees half of a commit.

mod checkout;
mod git;
mod state;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::content::{PackRoot, term_safe_inline};
use crate::paths::Paths;
use git::Git;
pub use state::{PackEntry, STATE_VERSION, Tree};
use state::{StateFile, lock, remove_leftovers, tree_dir};

/// Names that cannot be packs: they already mean something in ids and sources.
const RESERVED: &[&str] = &["bundled", "notes", "pack", "packs"];

/// How old a pack may be before `pack list` and Home say so, unless the config says.
pub const DEFAULT_STALE_AFTER: Duration = Duration::from_secs(30 * 24 * 60 * 60);

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error(
        "onramp adds and updates packs with the `git` command, and none was found on the PATH; \
         install git and try again"
    )]
    NoGit,
    #[error("{what}: {message}")]
    Git { what: String, message: String },
    #[error("{path}: {message}")]
    State { path: PathBuf, message: String },
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("another onramp is adding, updating or removing packs; try again when it is done")]
    Busy,
    #[error("no pack named `{}`; `onramp pack list` shows them", term_safe_inline(.0))]
    Unknown(String),
    #[error("a pack named `{}` is already added; remove it first or pick another with --name", term_safe_inline(.0))]
    Exists(String),
    #[error("`{}` cannot be a pack name: {reason}", term_safe_inline(.name))]
    BadName { name: String, reason: String },
}

fn io_error(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> PackError {
    let what = what.into();
    move |source| PackError::Io { what, source }
}

/// A page that an update added, changed or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
}

/// One pack's name and what updating it gave.
pub type PackUpdate = (String, Result<Updated, PackError>);

/// What [`Packs::update`] did to one pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Updated {
    pub name: String,
    /// The commit before and after; equal when there was nothing new.
    pub from: String,
    pub to: String,
    /// Markdown pages under the content folder that changed, relative to it, sorted.
    pub pages: Vec<(ChangeKind, String)>,
    /// The content folder before and after the switch, when both hold the same layout, with
    /// every file (not only pages) that differs: enough for the search index to carry its
    /// record of the old folder over to the new one.
    pub moved: Option<MovedContent>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedContent {
    pub from: PathBuf,
    pub to: PathBuf,
    /// Relative to the content folder.
    pub changed: Vec<String>,
}

/// A pack with how old its last fetch is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackStatus {
    pub entry: PackEntry,
    /// The live checkout.
    pub tree: PathBuf,
    /// Time since the last fetch (zero when the clock is behind it).
    pub age: Duration,
    /// Older than the configured age.
    pub stale: bool,
}

/// The packs of one data folder.
#[derive(Debug)]
pub struct Packs {
    dir: PathBuf,
    git: Git,
}

impl Packs {
    /// The packs in `paths`' data folder. Reads nothing yet.
    pub fn new(paths: &Paths) -> Packs {
        Packs {
            dir: paths.data.path.join("packs"),
            git: Git::default(),
        }
    }

    /// The folder packs live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn state_file(&self) -> PathBuf {
        self.dir.join("packs.toml")
    }

    fn pack_dir(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// The added packs, as the state file has them.
    pub fn list(&self) -> Result<Vec<PackEntry>, PackError> {
        Ok(StateFile::read(&self.state_file())?.packs)
    }

    /// Each pack's live checkout, for loading its pages.
    pub fn roots(&self) -> Result<Vec<PackRoot>, PackError> {
        Ok(self
            .list()?
            .into_iter()
            .map(|e| PackRoot {
                tree: tree_dir(&self.pack_dir(&e.name), e.tree),
                name: e.name,
            })
            .collect())
    }

    /// Every pack with its age at `now`; older than `stale_after` is stale.
    pub fn statuses(
        &self,
        now: DateTime<Utc>,
        stale_after: Duration,
    ) -> Result<Vec<PackStatus>, PackError> {
        Ok(self
            .list()?
            .into_iter()
            .map(|entry| status(&self.pack_dir(&entry.name), entry, now, stale_after))
            .collect())
    }

    /// Clones `source` (any URL or path `git clone` takes) as pack `name` (else a name made
    /// from the source), at `reference` (a branch, tag or commit; else the default branch).
    /// A failed add leaves nothing behind.
    pub fn add(
        &self,
        source: &str,
        name: Option<&str>,
        reference: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<PackEntry, PackError> {
        let name = match name {
            Some(n) => check_name(n)?,
            None => check_name(&name_from_source(source)).map_err(|e| match e {
                PackError::BadName { name, .. } => PackError::BadName {
                    name,
                    reason: "it was made from the source; give one with --name".into(),
                },
                other => other,
            })?,
        };
        fs::create_dir_all(&self.dir)
            .map_err(io_error(format!("creating {}", self.dir.display())))?;
        let _lock = lock(&self.dir.join(".lock"))?;
        remove_leftovers(&self.dir);
        let mut state = StateFile::read(&self.state_file())?;
        if state.packs.iter().any(|p| p.name == name) {
            return Err(PackError::Exists(name));
        }
        let final_dir = self.pack_dir(&name);
        if final_dir.exists() {
            // Not in the state file: what is left of a pack removed by hand or half-removed.
            fs::remove_dir_all(&final_dir)
                .map_err(io_error(format!("clearing {}", final_dir.display())))?;
        }
        let tmp = self.dir.join(format!(".add-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let made = self.clone_into(&tmp, source, reference);
        let commit = match made {
            Ok(commit) => commit,
            Err(e) => {
                let _ = fs::remove_dir_all(&tmp);
                return Err(e);
            }
        };
        if let Err(e) = fs::rename(&tmp, &final_dir) {
            let _ = fs::remove_dir_all(&tmp);
            return Err(io_error(format!(
                "moving the clone to {}",
                final_dir.display()
            ))(e));
        }
        let entry = PackEntry {
            name: name.clone(),
            source: git::redact(source),
            reference: reference.map(str::to_string),
            commit,
            fetched: now,
            tree: Tree::A,
        };
        state.packs.push(entry.clone());
        state.packs.sort_by(|a, b| a.name.cmp(&b.name));
        if let Err(e) = state.write(&self.state_file()) {
            let _ = fs::remove_dir_all(&final_dir);
            return Err(e);
        }
        Ok(entry)
    }

    /// Fetches each named pack (every pack when `names` is empty) and moves it to the new
    /// commit. Each pack is done on its own: one that fails keeps its checkout and the
    /// others go on; the result per pack, by name, in the state file's order.
    pub fn update(
        &self,
        names: &[String],
        now: DateTime<Utc>,
    ) -> Result<Vec<PackUpdate>, PackError> {
        fs::create_dir_all(&self.dir)
            .map_err(io_error(format!("creating {}", self.dir.display())))?;
        let _lock = lock(&self.dir.join(".lock"))?;
        remove_leftovers(&self.dir);
        let state = StateFile::read(&self.state_file())?;
        for n in names {
            if !state.packs.iter().any(|p| &p.name == n) {
                return Err(PackError::Unknown(n.clone()));
            }
        }
        let mut results = Vec::new();
        for entry in state.packs.clone() {
            if !names.is_empty() && !names.contains(&entry.name) {
                continue;
            }
            let result = self.update_one(&entry);
            if let Ok(updated) = &result {
                // Re-read: each switch is written on its own, so a later failure cannot
                // undo an earlier pack's update.
                let mut current = StateFile::read(&self.state_file())?;
                if let Some(e) = current.packs.iter_mut().find(|p| p.name == entry.name) {
                    e.fetched = now;
                    if updated.to != updated.from {
                        e.commit.clone_from(&updated.to);
                        e.tree = entry.tree.other();
                    }
                }
                current.write(&self.state_file())?;
            }
            results.push((entry.name.clone(), result));
        }
        Ok(results)
    }

    /// Removes pack `name`: its entry first, so a stopped removal leaves a folder that the
    /// next pack command clears, never a pack listed without its files. The user's progress
    /// and notes are not touched.
    pub fn remove(&self, name: &str) -> Result<PackEntry, PackError> {
        fs::create_dir_all(&self.dir)
            .map_err(io_error(format!("creating {}", self.dir.display())))?;
        let _lock = lock(&self.dir.join(".lock"))?;
        let mut state = StateFile::read(&self.state_file())?;
        let Some(pos) = state.packs.iter().position(|p| p.name == name) else {
            return Err(PackError::Unknown(name.to_string()));
        };
        let entry = state.packs.remove(pos);
        state.write(&self.state_file())?;
        let dir = self.pack_dir(name);
        fs::remove_dir_all(&dir).or_else(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Ok(())
            } else {
                Err(io_error(format!("removing {}", dir.display()))(e))
            }
        })?;
        Ok(entry)
    }
}

fn status(
    pack_dir: &Path,
    entry: PackEntry,
    now: DateTime<Utc>,
    stale_after: Duration,
) -> PackStatus {
    let age = (now - entry.fetched).to_std().unwrap_or(Duration::ZERO);
    PackStatus {
        tree: tree_dir(pack_dir, entry.tree),
        stale: age > stale_after,
        age,
        entry,
    }
}

/// A branch or tag cannot be fetched by `--branch` when it is a commit id: 7 to 40 hex digits.
fn looks_like_commit(r: &str) -> bool {
    (7..=40).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Pack names are ids' prefixes: lowercase letters, digits, `-` and `_`, up to 40.
pub fn check_name(name: &str) -> Result<String, PackError> {
    let bad = |reason: &str| PackError::BadName {
        name: name.to_string(),
        reason: reason.to_string(),
    };
    if name.is_empty() || name.len() > 40 {
        return Err(bad("it must be 1 to 40 characters long"));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        || !name.as_bytes()[0].is_ascii_alphanumeric()
    {
        return Err(bad(
            "use lowercase letters, digits, `-` and `_`, starting with a letter or digit",
        ));
    }
    if RESERVED.contains(&name) {
        return Err(bad("it already means something to onramp"));
    }
    Ok(name.to_string())
}

/// `https://git.example.com/team/handbook.git` gives `handbook`.
pub fn name_from_source(source: &str) -> String {
    let trimmed = source.trim().trim_end_matches(['/', '\\']);
    let last = trimmed.rsplit(['/', '\\', ':']).next().unwrap_or(trimmed);
    let last = last.strip_suffix(".git").unwrap_or(last);
    let mut name: String = last
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    name = name.trim_matches(['-', '_']).to_string();
    name.truncate(40);
    name
}

/// How old, in the largest whole unit: `3 days`, `5 hours`, `just now`.
pub fn age_words(age: Duration) -> String {
    let s = age.as_secs();
    let (n, unit) = if s >= 2 * 86_400 {
        (s / 86_400, "days")
    } else if s >= 86_400 {
        (1, "day")
    } else if s >= 2 * 3_600 {
        (s / 3_600, "hours")
    } else if s >= 3_600 {
        (1, "hour")
    } else if s >= 120 {
        (s / 60, "minutes")
    } else {
        return "just now".into();
    };
    format!("{n} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("https://git.example.com/team/handbook.git", "handbook")]
    #[case("git@github.com:18F/handbook.git", "handbook")]
    #[case("/tmp/x/PagerDuty IR/", "pagerduty-ir")]
    #[case("file:///srv/repos/18f-handbook", "18f-handbook")]
    fn names_from_sources(#[case] source: &str, #[case] name: &str) {
        assert_eq!(name_from_source(source), name);
    }

    #[rstest]
    #[case("18f", true)]
    #[case("platform_team-2", true)]
    #[case("Team", false)]
    #[case("-x", false)]
    #[case("a:b", false)]
    #[case("bundled", false)]
    #[case("", false)]
    fn names_are_checked(#[case] name: &str, #[case] ok: bool) {
        assert_eq!(check_name(name).is_ok(), ok, "{name}");
    }

    #[test]
    fn commits_are_told_from_branches() {
        assert!(looks_like_commit("1e49556"));
        assert!(!looks_like_commit("main"));
        assert!(!looks_like_commit("v1.2.3"));
    }

    #[test]
    fn ages_in_words() {
        assert_eq!(age_words(Duration::from_secs(30)), "just now");
        assert_eq!(age_words(Duration::from_secs(3 * 86_400 + 5)), "3 days");
        assert_eq!(age_words(Duration::from_secs(90_000)), "1 day");
    }
}
