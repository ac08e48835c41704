//! The packs state file, `packs/packs.toml` in the data folder: which packs are added, where
//! each came from, the commit it is at, when it was last fetched and which of its two
//! checkouts is live. Written atomically (temp file, fsync, rename, fsync the folder) under
//! the packs lock; a file that does not parse is never overwritten.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::PackError;

/// The version of the layout below; a newer one is only read.
pub const STATE_VERSION: u32 = 1;

/// One added pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackEntry {
    pub name: String,
    /// What was given to `pack add`, credentials hidden.
    pub source: String,
    /// The branch, tag or commit asked for; `None` follows the remote's default branch.
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The commit the live checkout is at.
    pub commit: String,
    /// When the pack was last fetched.
    pub fetched: DateTime<Utc>,
    /// The live checkout: `a` or `b`, a folder beside the pack's git data.
    pub tree: Tree,
}

/// One of a pack's two checkouts: an update writes the one not in use, then switches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tree {
    A,
    B,
}

impl Tree {
    #[must_use]
    pub fn other(self) -> Tree {
        match self {
            Tree::A => Tree::B,
            Tree::B => Tree::A,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Tree::A => "a",
            Tree::B => "b",
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct StateFile {
    #[serde(default)]
    pub(super) version: u32,
    #[serde(default, rename = "pack")]
    pub(super) packs: Vec<PackEntry>,
}

const HEADER: &str =
    "# The team packs onramp has added, written by `onramp pack`: edit with it, not by hand.\n";

impl StateFile {
    /// Reads `path`; a missing file is no packs.
    pub(super) fn read(path: &Path) -> Result<StateFile, PackError> {
        let text = match fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(StateFile::default()),
            Err(e) => {
                return Err(PackError::State {
                    path: path.to_path_buf(),
                    message: format!("cannot read: {e}"),
                });
            }
        };
        let state: StateFile = toml::from_str(&text).map_err(|e| PackError::State {
            path: path.to_path_buf(),
            message: format!(
                "does not parse{}: {}; it is left as it is",
                e.span()
                    .map(|s| format!(
                        " (line {})",
                        text[..s.start.min(text.len())].matches('\n').count() + 1
                    ))
                    .unwrap_or_default(),
                e.message()
            ),
        })?;
        // Names become folder names: one edited by hand must not point outside `packs/`.
        if let Some(bad) = state
            .packs
            .iter()
            .find(|p| super::check_name(&p.name).is_err())
        {
            return Err(PackError::State {
                path: path.to_path_buf(),
                message: format!(
                    "names a pack `{}`, which is not a pack name; it is left as it is",
                    bad.name
                ),
            });
        }
        Ok(state)
    }

    pub(super) fn write(&self, path: &Path) -> Result<(), PackError> {
        if self.version > STATE_VERSION {
            return Err(PackError::State {
                path: path.to_path_buf(),
                message: format!(
                    "was written by a newer onramp (version {}); it is only read",
                    self.version
                ),
            });
        }
        let body = toml::to_string(&StateFile {
            version: STATE_VERSION,
            packs: self.packs.clone(),
        })
        .map_err(|e| PackError::State {
            path: path.to_path_buf(),
            message: format!("cannot be written: {e}"),
        })?;
        write_atomic(path, format!("{HEADER}{body}").as_bytes()).map_err(|e| PackError::Io {
            what: format!("writing {}", path.display()),
            source: e,
        })
    }
}

/// Replaces `path` so that a crash leaves the old file or the new one, never a mix.
fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".packs.toml.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
        return result;
    }
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The lock every pack command holds while it changes packs; released when dropped.
pub(super) struct PacksLock {
    _file: File,
}

pub(super) fn lock(path: &Path) -> Result<PacksLock, PackError> {
    let io_err = |e: io::Error| PackError::Io {
        what: format!("locking {}", path.display()),
        source: e,
    };
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(io_err)?;
    match file.try_lock() {
        Ok(()) => Ok(PacksLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(PackError::Busy),
        Err(TryLockError::Error(e)) => Err(io_err(e)),
    }
}

/// Removes leftovers of commands that were stopped (a half-made clone, a temp state file).
/// Call only while holding the lock.
pub(super) fn remove_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".add-") {
            let _ = fs::remove_dir_all(entry.path());
        } else if name.starts_with(".packs.toml.tmp-") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

pub(super) fn tree_dir(pack_dir: &Path, tree: Tree) -> PathBuf {
    pack_dir.join(tree.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> PackEntry {
        PackEntry {
            name: name.into(),
            source: "file:///x".into(),
            reference: Some("v1".into()),
            commit: "abc".into(),
            fetched: "2026-11-02T10:00:00Z".parse().unwrap(),
            tree: Tree::A,
        }
    }

    #[test]
    fn round_trips_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("packs.toml");
        let state = StateFile {
            version: STATE_VERSION,
            packs: vec![entry("18f"), entry("pd")],
        };
        state.write(&path).unwrap();
        let back = StateFile::read(&path).unwrap();
        assert_eq!(back.packs, state.packs);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(fs::read_to_string(&path).unwrap().contains("ref = \"v1\""));
    }

    #[test]
    fn a_broken_file_is_named_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("packs.toml");
        fs::write(&path, "[[pack]]\nname = 3\n").unwrap();
        let err = StateFile::read(&path).unwrap_err().to_string();
        assert!(err.contains("packs.toml") && err.contains("line"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "[[pack]]\nname = 3\n");
    }

    #[test]
    fn a_name_that_would_leave_the_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("packs.toml");
        let state = StateFile {
            version: STATE_VERSION,
            packs: vec![entry("../../home")],
        };
        state.write(&path).unwrap();
        let err = StateFile::read(&path).unwrap_err().to_string();
        assert!(err.contains("not a pack name"), "{err}");
    }

    #[test]
    fn a_newer_file_is_only_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("packs.toml");
        let state = StateFile {
            version: STATE_VERSION + 1,
            packs: vec![],
        };
        assert!(state.write(&path).is_err());
        assert!(!path.exists());
    }

    #[test]
    fn the_lock_is_exclusive() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".lock");
        let held = lock(&path).ok().unwrap();
        assert!(matches!(lock(&path), Err(PackError::Busy)));
        drop(held);
        assert!(lock(&path).is_ok());
    }
}
