//! [`Store`]: the user's progress file on disk and in memory. Every change is saved at once,
//! under the lock, merged with whatever another onramp saved meanwhile. A file that cannot be
//! read is kept aside and reported, never overwritten; a file from a newer onramp is only read.
//! A progress file that is a symbolic link is saved through the link, which stays.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use super::fsio::{self, LockFailure};
use super::model::{Entry, ItemState, Progress};
use super::schema::{self, CURRENT_VERSION, Decoded};

/// The progress file's name in the data folder.
pub const FILE_NAME: &str = "progress.json";

/// Something went wrong reading or saving progress. Each names the file or folder.
#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error("{} is not a folder; onramp keeps its data there (set $ONRAMP_DATA_DIR to a folder)", .0.display())]
    NotAFolder(PathBuf),
    #[error("cannot create the data folder {}: {cause}", path.display())]
    CreateFolder { path: PathBuf, cause: io::Error },
    #[error("cannot read {}: {cause}", path.display())]
    Read { path: PathBuf, cause: io::Error },
    #[error("cannot save progress to {}: {cause}; the file there was not changed", path.display())]
    Write { path: PathBuf, cause: io::Error },
    #[error(
        "{} is a symbolic link to {}, which does not exist; progress was not saved (restore \
         that file or remove the link)",
        path.display(),
        target.display()
    )]
    DanglingLink { path: PathBuf, target: PathBuf },
    #[error("cannot lock {}: {cause}; progress was not saved", path.display())]
    Lock { path: PathBuf, cause: io::Error },
    #[error("another onramp kept {} locked for too long; progress was not saved", path.display())]
    LockBusy { path: PathBuf },
    #[error(
        "{} was written by a newer onramp (schema version {found}; this one reads up to \
         {}); it is left as it is and progress is read-only: update onramp to change it",
        path.display(),
        CURRENT_VERSION
    )]
    Newer { path: PathBuf, found: u32 },
    #[error("{} cannot be read ({reason}) and could not be kept aside: {cause}; it was not changed", path.display())]
    KeepAside {
        path: PathBuf,
        reason: String,
        cause: io::Error,
    },
}

/// Something the user must be told about that did not stop onramp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// An unreadable progress file was moved aside byte for byte.
    KeptAside {
        path: PathBuf,
        aside: PathBuf,
        reason: String,
        /// True when its contents could still be read (behind a byte-order mark).
        salvaged: bool,
    },
    /// The file is from a newer onramp: shown, never written.
    ReadOnly { path: PathBuf, version: u32 },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::KeptAside {
                path,
                aside,
                reason,
                salvaged,
            } => {
                write!(
                    f,
                    "{} could not be read ({reason}); it was kept unchanged as {}",
                    path.display(),
                    aside.display()
                )?;
                if *salvaged {
                    f.write_str(", and what it held was read from it")
                } else {
                    f.write_str(", and progress starts again from empty")
                }
            }
            Notice::ReadOnly { path, version } => write!(
                f,
                "{} was written by a newer onramp (schema version {version}; this one reads up \
                 to {CURRENT_VERSION}); progress is read-only until onramp is updated",
                path.display()
            ),
        }
    }
}

/// The progress file, loaded.
///
/// Every change method saves at once and returns the save's error; the change stays in
/// memory either way ([`Store::has_unsaved`] tells), and the next successful save writes it.
#[derive(Debug)]
pub struct Store {
    file: PathBuf,
    progress: Progress,
    /// `Some(version)` when the file is from a newer onramp.
    newer: Option<u32>,
    notices: Vec<Notice>,
    unsaved: bool,
}

impl Store {
    /// Opens `progress.json` in `data_dir`. A missing file or folder is an empty progress
    /// (nothing is created until the first change). An unreadable file is moved aside and
    /// reported in [`Store::notices`].
    pub fn open(data_dir: &Path) -> Result<Store, ProgressError> {
        Store::open_file(data_dir.join(FILE_NAME))
    }

    /// Opens a progress file at any path.
    pub fn open_file(file: PathBuf) -> Result<Store, ProgressError> {
        let mut store = Store {
            file,
            progress: Progress::default(),
            newer: None,
            notices: Vec::new(),
            unsaved: false,
        };
        store.reload()?;
        Ok(store)
    }

    /// Reads the file again and merges it into memory (to pick up another onramp's changes).
    pub fn reload(&mut self) -> Result<(), ProgressError> {
        let dir = fsio::parent(&self.file);
        if dir.exists() && !dir.is_dir() {
            return Err(ProgressError::NotAFolder(dir.to_path_buf()));
        }
        let Some(bytes) = self.read()? else {
            return Ok(());
        };
        match schema::decode(&bytes) {
            Decoded::Ok { progress, .. } => self.progress.merge(&progress),
            Decoded::Newer { version, progress } => self.enter_read_only(version, &progress),
            Decoded::Corrupt { .. } => {
                // Recover under the lock: another onramp may be replacing the file right now,
                // and only a file that is still unreadable under the lock is moved aside.
                let target = self.target()?;
                let lock = lock_beside(&target)?;
                let disk = self.read_and_recover(&target)?;
                if let Some(disk) = disk {
                    self.progress.merge(&disk);
                }
                if self.unsaved && self.newer.is_none() {
                    // Salvaged contents must be on disk again before the lock goes.
                    self.write_locked(&target)?;
                }
                drop(lock);
            }
        }
        Ok(())
    }

    /// The path of the progress file.
    pub fn path(&self) -> &Path {
        &self.file
    }

    /// Everything loaded, for the views in [`super::view`].
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Things to tell the user (a file kept aside, read-only mode), oldest first.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// True when the file is from a newer onramp: changes are refused and nothing is written.
    pub fn is_read_only(&self) -> bool {
        self.newer.is_some()
    }

    /// True when a change is in memory but the last save failed.
    pub fn has_unsaved(&self) -> bool {
        self.unsaved
    }

    /// The last change to an item, if any.
    pub fn entry(&self, checklist: &str, item: &str) -> Option<&Entry> {
        self.progress.entry(checklist, item)
    }

    /// The saved state of an item (todo when nothing is saved). What a screen shows also
    /// weighs the source's `[x]`: that rule is [`super::Checklist::state_of`].
    pub fn state(&self, checklist: &str, item: &str) -> ItemState {
        self.entry(checklist, item)
            .map_or(ItemState::Todo, |e| e.state.clone())
    }

    /// Sets an item's state and saves at once.
    pub fn set_state(
        &mut self,
        checklist: &str,
        item: &str,
        state: ItemState,
    ) -> Result<(), ProgressError> {
        self.set_state_with_text(checklist, item, state, None)
    }

    /// Like [`Store::set_state`], also remembering the item's text, so that it can be shown
    /// if the item later leaves the content.
    pub fn set_state_with_text(
        &mut self,
        checklist: &str,
        item: &str,
        state: ItemState,
        text: Option<&str>,
    ) -> Result<(), ProgressError> {
        self.refuse_if_read_only()?;
        self.progress.set(checklist, item, state, text, now());
        self.unsaved = true;
        self.save()
    }

    pub fn start_date(&self) -> Option<NaiveDate> {
        self.progress.start_date()
    }

    /// Sets (or with `None` clears) the start date and saves at once.
    pub fn set_start_date(&mut self, date: Option<NaiveDate>) -> Result<(), ProgressError> {
        self.refuse_if_read_only()?;
        self.progress.set_start(date, now());
        self.unsaved = true;
        self.save()
    }

    /// Recently read document ids, newest first.
    pub fn recent(&self) -> Vec<&str> {
        self.progress.recent()
    }

    /// Records that a document was read and saves at once.
    pub fn note_read(&mut self, doc: &str) -> Result<(), ProgressError> {
        self.refuse_if_read_only()?;
        self.progress.note_read(doc, now());
        self.unsaved = true;
        self.save()
    }

    /// Bookmarked document ids, newest first.
    pub fn bookmarks(&self) -> Vec<&str> {
        self.progress.bookmarks()
    }

    pub fn is_bookmarked(&self, doc: &str) -> bool {
        self.progress.bookmarks.get(doc).is_some_and(|b| b.on)
    }

    /// Adds or removes a bookmark and saves at once.
    pub fn set_bookmark(&mut self, doc: &str, on: bool) -> Result<(), ProgressError> {
        self.refuse_if_read_only()?;
        self.progress.set_bookmark(doc, on, now());
        self.unsaved = true;
        self.save()
    }

    /// Saves: takes the lock, merges what is on disk, writes atomically, releases the lock.
    pub fn save(&mut self) -> Result<(), ProgressError> {
        self.refuse_if_read_only()?;
        let dir = fsio::parent(&self.file).to_path_buf();
        if dir.exists() && !dir.is_dir() {
            return Err(ProgressError::NotAFolder(dir));
        }
        std::fs::create_dir_all(&dir).map_err(|cause| ProgressError::CreateFolder {
            path: dir.clone(),
            cause,
        })?;
        let target = self.target()?;
        let lock = lock_beside(&target)?;
        if let Some(disk) = self.read_and_recover(&target)? {
            self.progress.merge(&disk);
        }
        self.refuse_if_read_only()?;
        self.write_locked(&target)?;
        drop(lock);
        Ok(())
    }

    /// The file that saves replace: the progress file, or the file it links to.
    fn target(&self) -> Result<PathBuf, ProgressError> {
        match fsio::resolve_link(&self.file) {
            Ok(Ok(target)) => Ok(target),
            Ok(Err(target)) => Err(ProgressError::DanglingLink {
                path: self.file.clone(),
                target,
            }),
            Err(cause) => Err(ProgressError::Read {
                path: self.file.clone(),
                cause,
            }),
        }
    }

    fn write_locked(&mut self, target: &Path) -> Result<(), ProgressError> {
        fsio::remove_stale_temps(target);
        fsio::write_atomic(target, &schema::encode(&self.progress)).map_err(|cause| {
            ProgressError::Write {
                path: self.file.clone(),
                cause,
            }
        })?;
        self.unsaved = false;
        Ok(())
    }

    /// Reads the file under the lock: its progress if readable; an unreadable file is moved
    /// aside (with a notice) and what could be salvaged is returned.
    fn read_and_recover(&mut self, target: &Path) -> Result<Option<Progress>, ProgressError> {
        let Some(bytes) = self.read()? else {
            return Ok(None);
        };
        match schema::decode(&bytes) {
            Decoded::Ok { progress, .. } => Ok(Some(progress)),
            Decoded::Newer { version, progress } => {
                self.enter_read_only(version, &progress);
                Ok(None)
            }
            Decoded::Corrupt { reason, salvaged } => {
                let aside = fsio::keep_aside(target).map_err(|cause| ProgressError::KeepAside {
                    path: self.file.clone(),
                    reason: reason.clone(),
                    cause,
                })?;
                self.notices.push(Notice::KeptAside {
                    path: self.file.clone(),
                    aside,
                    reason,
                    salvaged: salvaged.is_some(),
                });
                // A link left pointing at nothing would stop every later save: put a file
                // back at its target before the lock goes.
                if salvaged.is_some() || target != self.file {
                    self.unsaved = true;
                }
                Ok(salvaged)
            }
        }
    }

    fn enter_read_only(&mut self, version: u32, progress: &Progress) {
        if self.newer.is_none() {
            self.notices.push(Notice::ReadOnly {
                path: self.file.clone(),
                version,
            });
        }
        self.newer = Some(version);
        self.progress.merge(progress);
    }

    fn refuse_if_read_only(&self) -> Result<(), ProgressError> {
        match self.newer {
            Some(found) => Err(ProgressError::Newer {
                path: self.file.clone(),
                found,
            }),
            None => Ok(()),
        }
    }

    fn read(&self) -> Result<Option<Vec<u8>>, ProgressError> {
        fsio::read_optional(&self.file).map_err(|cause| {
            if cause.kind() == io::ErrorKind::NotADirectory {
                ProgressError::NotAFolder(fsio::parent(&self.file).to_path_buf())
            } else {
                ProgressError::Read {
                    path: self.file.clone(),
                    cause,
                }
            }
        })
    }
}

/// Locks `<file>.lock` beside the file saves replace, so every onramp that writes one file,
/// through a link or not, takes the same lock.
fn lock_beside(file: &Path) -> Result<fsio::Lock, ProgressError> {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let path = fsio::parent(file).join(name);
    fsio::lock(&path).map_err(|failure| match failure {
        LockFailure::Io(cause) => ProgressError::Lock { path, cause },
        LockFailure::Busy => ProgressError::LockBusy { path },
    })
}

fn now() -> DateTime<Utc> {
    Utc::now()
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
