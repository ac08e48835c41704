//! The file operations progress is saved with: a lock on a separate lock file, atomic
//! replacement (unique temp file in the same folder, fsync, rename, fsync the folder) that
//! keeps the file's permissions, following a symbolic link to the file it names, and keeping
//! an unreadable file aside byte for byte.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;

/// How long a save waits for another onramp to finish its own.
const LOCK_WAIT: Duration = Duration::from_secs(30);

/// Temp files are named `.<file>.tmp-<pid>-<n>` next to the file they replace.
const TMP_MARK: &str = ".tmp-";

/// A held lock; released when dropped (and by the OS if the process dies).
pub struct Lock {
    _file: File,
}

/// Why a lock could not be taken.
pub enum LockFailure {
    Io(io::Error),
    Busy,
}

/// Takes the lock on `lock_path`, waiting up to [`LOCK_WAIT`] for another process.
///
/// The lock lives on its own file: the data file is replaced by rename on every save, so a
/// lock on it would be a lock on a file that no longer has the name.
pub fn lock(lock_path: &Path) -> Result<Lock, LockFailure> {
    let file = crate::content::regular::open_lock_file(lock_path).map_err(LockFailure::Io)?;
    let started = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Lock { _file: file }),
            Err(TryLockError::WouldBlock) => {
                if started.elapsed() > LOCK_WAIT {
                    return Err(LockFailure::Busy);
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            Err(TryLockError::Error(e)) => return Err(LockFailure::Io(e)),
        }
    }
}

/// Permissions of a new progress file: it says what a person did and when, so only they
/// may read it.
#[cfg(unix)]
const NEW_FILE_MODE: u32 = 0o600;

/// Where writes to `path` must go: `path` itself, or the file a symbolic link there names
/// (followed to the end of a chain), so that the link stays and its target is updated.
/// `Err(target)` for a link to nothing, with what it names.
pub fn resolve_link(path: &Path) -> io::Result<Result<PathBuf, PathBuf>> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => match fs::canonicalize(path) {
            Ok(real) => Ok(Ok(real)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let named = fs::read_link(path)?;
                Ok(Err(parent(path).join(named)))
            }
            Err(e) => Err(e),
        },
        Ok(_) => Ok(Ok(path.to_path_buf())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Ok(path.to_path_buf())),
        Err(e) => Err(e),
    }
}

/// Replaces `path` with `bytes` so that a crash at any point leaves either the old file or
/// the new one, never a mix: the bytes go to a new uniquely named file in the same folder,
/// which is flushed to disk before it is renamed over `path`; the folder is flushed after.
/// The new file keeps the old one's permissions; a file that did not exist is made readable
/// by its owner only. `path` must not be a symbolic link (see [`resolve_link`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = parent(path);
    let name = path.file_name().map_or_else(
        || "progress.json".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let tmp = dir.join(format!(
        ".{name}{TMP_MARK}{}-{}-{}",
        std::process::id(),
        Utc::now().timestamp_nanos_opt().unwrap_or_default(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let old_permissions = fs::metadata(path).ok().map(|m| m.permissions());
    let result = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, NEW_FILE_MODE);
        let mut file = options.open(&tmp)?;
        if let Some(permissions) = old_permissions {
            // Set on the open file, so the umask cannot narrow what the user chose.
            file.set_permissions(permissions)?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        // A full disk or a read-only folder: leave no half-written temp file behind.
        let _ = fs::remove_file(&tmp);
        return result;
    }
    sync_dir(dir);
    Ok(())
}

/// Removes temp files of saves that were killed before their rename. Call only while
/// holding the lock, when no other save can be in flight.
pub fn remove_stale_temps(path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}{TMP_MARK}");
    let Ok(entries) = fs::read_dir(parent(path)) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Moves an unreadable file aside as `<name>.corrupt-<timestamp>`, byte for byte (a rename
/// copies nothing), never over an existing file. Returns where it went.
pub fn keep_aside(path: &Path) -> io::Result<PathBuf> {
    let name = path.file_name().map_or_else(
        || "progress.json".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let dir = parent(path);
    for n in 0..1000 {
        let aside = if n == 0 {
            dir.join(format!("{name}.corrupt-{stamp}"))
        } else {
            dir.join(format!("{name}.corrupt-{stamp}-{n}"))
        };
        // A hard link refuses to replace an existing file, so an earlier copy is never lost.
        match fs::hard_link(path, &aside) {
            Ok(()) => {
                fs::remove_file(path)?;
                sync_dir(dir);
                return Ok(aside);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(_) => {
                // Some file systems have no hard links: check, then rename.
                if aside.symlink_metadata().is_ok() {
                    continue;
                }
                fs::rename(path, &aside)?;
                sync_dir(dir);
                return Ok(aside);
            }
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "too many corrupt copies with the same timestamp",
    ))
}

/// The most a progress file may hold before it is refused rather than read: years of
/// ticks fit in a few hundred kilobytes.
const MAX_FILE_BYTES: u64 = 256 << 20;

/// Reads `path`, `Ok(None)` when it does not exist. Anything but a regular file (a FIFO, a
/// link to a device) is an error rather than a hang.
pub fn read_optional(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match crate::content::regular::read_regular(path, MAX_FILE_BYTES) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

pub fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Flushes a folder so a rename in it survives a power cut. Best effort: some file systems
/// refuse to fsync a folder, and the rename itself has already happened.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_private_and_an_old_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        write_atomic(&path, b"one").unwrap();
        assert_eq!(mode(&path), 0o600);
        for kept in [0o640, 0o644, 0o400] {
            fs::set_permissions(&path, fs::Permissions::from_mode(kept)).unwrap();
            write_atomic(&path, b"two").unwrap();
            assert_eq!(mode(&path), kept);
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_resolve_to_their_target_or_say_they_dangle() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        fs::write(&real, b"x").unwrap();
        let link = dir.path().join("progress.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        let chain = dir.path().join("chain.json");
        std::os::unix::fs::symlink(&link, &chain).unwrap();
        let real = fs::canonicalize(&real).unwrap();
        assert_eq!(resolve_link(&link).unwrap(), Ok(real.clone()));
        assert_eq!(resolve_link(&chain).unwrap(), Ok(real));
        let plain = dir.path().join("absent.json");
        assert_eq!(resolve_link(&plain).unwrap(), Ok(plain));
        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink("gone/x.json", &dangling).unwrap();
        assert_eq!(
            resolve_link(&dangling).unwrap(),
            Err(dir.path().join("gone/x.json"))
        );
    }

    #[test]
    fn failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a folder, so the rename fails after the temp file was written.
        let path = dir.path().join("progress.json");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("inside"), b"x").unwrap();
        assert!(write_atomic(&path, b"new").is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "temp removed");
        assert_eq!(fs::read(path.join("inside")).unwrap(), b"x");
    }

    #[test]
    fn keep_aside_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        let mut asides = Vec::new();
        for bytes in [&b"first"[..], b"second", b"third"] {
            fs::write(&path, bytes).unwrap();
            let aside = keep_aside(&path).unwrap();
            assert_eq!(fs::read(&aside).unwrap(), bytes);
            assert!(!path.exists());
            asides.push(aside);
        }
        asides.dedup();
        assert_eq!(asides.len(), 3);
    }

    #[test]
    fn stale_temps_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        fs::write(dir.path().join(".progress.json.tmp-1-2-3"), b"half").unwrap();
        fs::write(dir.path().join("keep.md"), b"x").unwrap();
        remove_stale_temps(&path);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn lock_is_exclusive_between_handles() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json.lock");
        let held = lock(&path).ok().unwrap();
        let other = File::open(&path).unwrap();
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        drop(held);
        assert!(other.try_lock().is_ok());
    }
}
