//! Opening a file that onramp reads or locks so that what sits at its name cannot hang or
//! flood it: the open never blocks (a FIFO with no writer would wait forever), anything
//! but a regular file is refused (a FIFO, a device such as `/dev/zero`, a socket), and reads
//! stop at a cap. Used for pages, the progress file, the config and every cache file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// `path` opened for reading, refused unless it is a regular file (symbolic links followed).
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    non_blocking(&mut options);
    let file = options.open(path)?;
    require_regular(&file)?;
    Ok(file)
}

/// `path` opened for writing (created when missing, never truncated) to hold a lock on,
/// refused unless it is a regular file.
pub fn open_lock_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    non_blocking(&mut options);
    let file = options.open(path)?;
    require_regular(&file)?;
    Ok(file)
}

/// The bytes of the regular file at `path`, refused when it holds more than `cap`.
pub fn read_regular(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let len = file.metadata()?.len();
    if len > cap {
        return Err(over_cap(len, cap));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("grew past the {cap}-byte size cap while being read"),
        ));
    }
    Ok(bytes)
}

fn over_cap(len: u64, cap: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("is {len} bytes, over the {cap}-byte size cap"),
    )
}

fn require_regular(file: &File) -> io::Result<()> {
    let kind = file.metadata()?.file_type();
    if kind.is_file() {
        return Ok(());
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("is {}, not a regular file", special_kind(kind)),
    ))
}

/// What a file that is not a regular file is, for messages: "a FIFO", "a device"...
pub fn special_kind(kind: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        } else if kind.is_socket() {
            return "a socket";
        } else if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

#[cfg(unix)]
fn non_blocking(options: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.custom_flags(libc::O_NONBLOCK);
}

#[cfg(not(unix))]
fn non_blocking(_options: &mut OpenOptions) {}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn fifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    }

    #[test]
    fn a_fifo_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meta.json");
        fifo(&path);
        let err = read_regular(&path, 100).unwrap_err();
        assert!(err.to_string().contains("is a FIFO"), "{err}");
        let err = open_lock_file(&path).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn a_device_is_refused_and_a_big_file_capped() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("manifest");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let err = read_regular(&link, 1 << 20).unwrap_err();
        assert!(err.to_string().contains("is a device"), "{err}");
        let big = dir.path().join("big");
        fs::write(&big, vec![b'x'; 101]).unwrap();
        assert!(
            read_regular(&big, 100)
                .unwrap_err()
                .to_string()
                .contains("over the 100-byte")
        );
        assert_eq!(read_regular(&big, 101).unwrap().len(), 101);
    }
}
