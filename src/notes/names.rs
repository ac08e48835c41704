//! Note file names: `YYYY-MM-DD-slug.md`, the slug made from any title so that the file
//! stays in the notes folder (no `/`, no `..`, no NUL, no leading dot), and creating a file
//! under a name that is free, never over one that is taken.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;

/// The longest slug, in bytes: the title itself is kept whole in the frontmatter.
const SLUG_MAX: usize = 60;

/// How many `-2`, `-3`... names are tried before giving up.
const MAX_TRIES: usize = 1000;

/// A file-name part made from `title`: letters and digits lowercased (Latin accents
/// dropped: `Caffè` → `caffe`), every run of anything else one `-`, at most 60 bytes;
/// `note` when nothing is left.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars().flat_map(fold) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            for lower in c.to_lowercase() {
                out.push(lower);
            }
        } else {
            dash = true;
        }
        if out.len() >= SLUG_MAX {
            break;
        }
    }
    let mut cut = out.len().min(SLUG_MAX);
    while !out.is_char_boundary(cut) {
        cut -= 1;
    }
    out.truncate(cut);
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "note".to_string()
    } else {
        out.to_string()
    }
}

/// A Latin letter with its accent taken off (`é` → `e`, `ß` → `ss`); other characters as
/// they are.
fn fold(c: char) -> Vec<char> {
    let plain = match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' | 'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => 'a',
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
        'ď' | 'đ' | 'Ď' | 'Đ' => 'd',
        'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È'..='Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'e',
        'ğ' | 'Ğ' => 'g',
        'ì'..='ï' | 'ī' | 'į' | 'ı' | 'Ì'..='Ï' | 'Ī' | 'Į' | 'İ' => 'i',
        'ł' | 'Ł' | 'ľ' | 'Ľ' => 'l',
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ő' | 'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ő' => 'o',
        'ř' | 'Ř' => 'r',
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => 's',
        'ť' | 'ţ' | 'Ť' | 'Ţ' => 't',
        'ù'..='ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'Ù'..='Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => 'u',
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => 'y',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        'ß' => return vec!['s', 's'],
        'æ' | 'Æ' => return vec!['a', 'e'],
        'œ' | 'Œ' => return vec!['o', 'e'],
        other => other,
    };
    vec![plain]
}

/// `2026-03-10-call-with-aiko.md`, or with `-N` before `.md` for the `n`th try.
pub fn file_name(date: NaiveDate, slug: &str, n: usize) -> String {
    if n <= 1 {
        format!("{date}-{slug}.md")
    } else {
        format!("{date}-{slug}-{n}.md")
    }
}

/// Writes `text` to the first free name of `date` and `slug` in `dir`: never over a file
/// (or a link) that is there, even one another process makes at the same moment. `None`
/// when every name is taken.
pub(super) fn create_free(
    dir: &Path,
    date: NaiveDate,
    slug: &str,
    text: &str,
) -> io::Result<Option<PathBuf>> {
    for n in 1..=MAX_TRIES {
        let path = dir.join(file_name(date, slug, n));
        match create_new(&path, text) {
            Ok(()) => return Ok(Some(path)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

/// Makes `path` holding all of `text`, or fails with `AlreadyExists`. The text goes to a
/// hidden temp file first, which is then linked to the name (a link never replaces a
/// file), so nobody ever reads a half-written note; where links are not supported the
/// file is made with `O_EXCL` and written.
pub(super) fn create_new(path: &Path, text: &str) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "note".into(), |n| n.to_string_lossy().into_owned());
    // Hidden and not ending in `.md`, so no load ever reads it as a page.
    let tmp = dir.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    write_exclusive(&tmp, text)?;
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => {
            sync_dir(dir);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => {
            write_exclusive(path, text)?;
            sync_dir(dir);
            Ok(())
        }
    }
}

/// Creates `path` (failing when anything is there) readable by its owner only, and writes
/// `text` to disk.
fn write_exclusive(path: &Path, text: &str) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all());
    if written.is_err() {
        drop(file);
        let _ = fs::remove_file(path);
    }
    written
}

/// Flushes a folder's entries, so a new name survives a crash; errors are ignored (some
/// file systems cannot).
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("Call with Aiko", "call-with-aiko")]
    #[case("../../../../outside", "outside")]
    #[case("a/b\\c", "a-b-c")]
    #[case("nul\0byte", "nul-byte")]
    #[case("Caffè con Chiara, perché?", "caffe-con-chiara-perche")]
    #[case("Straße & Œuvre", "strasse-oeuvre")]
    #[case("🚀🔥", "note")]
    #[case("..", "note")]
    #[case("", "note")]
    #[case("  1:1 — Kwame  ", "1-1-kwame")]
    #[case("東京 office", "東京-office")]
    fn slugs_are_safe_file_name_parts(#[case] title: &str, #[case] want: &str) {
        assert_eq!(slug(title), want);
    }

    #[test]
    fn a_long_title_makes_a_short_name_cut_on_a_character() {
        let s = slug(&"è".repeat(100));
        assert!(s.len() <= SLUG_MAX && s.chars().all(|c| c == 'e'), "{s}");
        let s = slug(&"日本".repeat(40));
        assert!(s.len() <= SLUG_MAX, "{s}");
        let s = slug(&format!("{}-x", "a".repeat(59)));
        assert!(!s.ends_with('-'), "{s}");
    }

    #[test]
    fn a_taken_name_is_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let first = create_free(dir.path(), date, "call", "one")
            .unwrap()
            .unwrap();
        let second = create_free(dir.path(), date, "call", "two")
            .unwrap()
            .unwrap();
        assert_eq!(first.file_name().unwrap(), "2026-03-10-call.md");
        assert_eq!(second.file_name().unwrap(), "2026-03-10-call-2.md");
        assert_eq!(fs::read_to_string(&first).unwrap(), "one");
        assert_eq!(fs::read_to_string(&second).unwrap(), "two");
        // A link to elsewhere at the name is not followed: the next name is used.
        #[cfg(unix)]
        {
            let elsewhere = dir.path().join("elsewhere.txt");
            std::os::unix::fs::symlink(&elsewhere, dir.path().join("2026-03-10-call-3.md"))
                .unwrap();
            let third = create_free(dir.path(), date, "call", "three")
                .unwrap()
                .unwrap();
            assert_eq!(third.file_name().unwrap(), "2026-03-10-call-4.md");
            assert!(!elsewhere.exists());
        }
        // No temp file is left behind.
        let hidden = fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with('.')
            })
            .count();
        assert_eq!(hidden, 0);
    }
}
