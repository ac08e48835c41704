//! Writing notes: a new note with its frontmatter and its template's body, under a free
//! name; removing it again when the editor left it as it was; a timestamped line appended
//! to today's note under a lock, so two onramps appending at once keep every line.

use std::fmt::Write as _;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::content::{Document, Kind, Layer, Library, note_id};

use super::names::{create_free, create_new, file_name, slug};
use super::templates::{Template, fill, find_template};
use super::{NotesError, When};

/// How long an append waits for another onramp to finish its own.
const LOCK_WAIT: Duration = Duration::from_secs(30);

/// The largest note `finish` compares with what was written (a note is a page: 8 MiB).
const READ_CAP: u64 = 8 * 1024 * 1024;

/// What a new note is: its title, the template it starts from (a name `--template` takes),
/// the people it is about and the page it is about (ids as a link would name them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewNote {
    pub title: String,
    pub template: Option<String>,
    pub people: Vec<String>,
    pub about: Option<String>,
}

/// A note just made: where, its id, and the text written, to tell whether the editor
/// changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub path: PathBuf,
    pub id: String,
    pub text: String,
}

/// What [`finish`] did with a note after the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finished {
    /// The user wrote in it: it stays.
    Kept,
    /// It was as onramp wrote it: removed again.
    Removed,
    /// The editor removed it (or moved it away).
    Gone,
}

/// A line added to today's note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    pub path: PathBuf,
    pub id: String,
    /// True when the note was made for this line.
    pub created: bool,
}

/// Makes the note `request` asks for in `dir` (created when missing), from its template,
/// filed under `when`: `YYYY-MM-DD-slug.md`, or `-2`, `-3`... when the name is taken. People
/// and the page it is about are looked up in `library` and written as their ids.
pub fn create(
    dir: &Path,
    library: &Library,
    request: &NewNote,
    when: When,
) -> Result<Created, NotesError> {
    let template = request
        .template
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|name| find_template(library, name))
        .transpose()?;
    let people = request
        .people
        .iter()
        .map(|id| find_person(library, id))
        .collect::<Result<Vec<&Document>, NotesError>>()?;
    let about = request
        .about
        .as_deref()
        .map(|id| library.resolve(id))
        .transpose()?;
    prepare_dir(dir, library)?;
    let title = one_line(&request.title);
    let title = if title.is_empty() {
        template.map_or_else(|| "Note".to_string(), |t| t.doc.title.clone())
    } else {
        title
    };
    let text = note_text(&title, template, &people, about, when);
    let name = slug(&title);
    let path = create_free(dir, when.date, &name, &text)
        .map_err(|source| NotesError::Write {
            path: dir.join(file_name(when.date, &name, 1)),
            source,
        })?
        .ok_or_else(|| NotesError::NoFreeName {
            dir: dir.to_path_buf(),
            slug: name.clone(),
        })?;
    Ok(Created {
        id: id_of(&path),
        path,
        text,
    })
}

/// After the editor: a note left exactly as [`create`] wrote it is removed; anything the
/// user wrote is kept.
pub fn finish(created: &Created) -> Result<Finished, NotesError> {
    let read = crate::content::regular::read_regular(&created.path, READ_CAP);
    match read {
        Ok(bytes) if bytes == created.text.as_bytes() => {
            fs::remove_file(&created.path).map_err(|source| NotesError::Write {
                path: created.path.clone(),
                source,
            })?;
            Ok(Finished::Removed)
        }
        Ok(_) => Ok(Finished::Kept),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Finished::Gone),
        Err(source) => Err(NotesError::Read {
            path: created.path.clone(),
            source,
        }),
    }
}

/// Today's note in `dir`: `YYYY-MM-DD-daily.md`.
pub fn daily_path(dir: &Path, when: When) -> PathBuf {
    dir.join(file_name(when.date, "daily", 1))
}

/// Appends `text` to today's note as one timestamped list item (`- 14:03 text`, further
/// lines indented under it), making the note from the `daily` template first when there is
/// none. Under a lock on `dir/.lock`, and written in one append, so concurrent appends keep
/// every line whole.
pub fn append(
    dir: &Path,
    library: &Library,
    text: &str,
    when: When,
) -> Result<Appended, NotesError> {
    let lines: Vec<String> = text
        .lines()
        .map(clean_line)
        .filter(|l| !l.trim().is_empty())
        .collect();
    if lines.is_empty() {
        return Err(NotesError::Empty);
    }
    prepare_dir(dir, library)?;
    let lock_path = dir.join(".lock");
    let _lock = lock(&lock_path)?;
    let path = daily_path(dir, when);
    let write_error = |source| NotesError::Write {
        path: path.clone(),
        source,
    };
    let created = match fs::symlink_metadata(&path) {
        Ok(_) => false,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let template = find_template(library, "daily").ok();
            let title = format!("Daily note {}", when.date);
            let body = note_text(&title, template, &[], None, when);
            match create_new(&path, &body) {
                Ok(()) => true,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => false,
                Err(e) => return Err(write_error(e)),
            }
        }
        Err(e) => return Err(write_error(e)),
    };
    let mut file = open_append(&path).map_err(write_error)?;
    let mut entry = separator(&mut file).map_err(write_error)?;
    let stamp = when.time.format("%H:%M");
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            let _ = writeln!(entry, "- {stamp} {}", line.trim());
        } else {
            let _ = writeln!(entry, "  {}", line.trim_end());
        }
    }
    file.write_all(entry.as_bytes()).map_err(write_error)?;
    file.sync_data().map_err(write_error)?;
    Ok(Appended {
        id: id_of(&path),
        path,
        created,
    })
}

/// The note's frontmatter and body.
fn note_text(
    title: &str,
    template: Option<Template<'_>>,
    people: &[&Document],
    about: Option<&Document>,
    when: When,
) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", quoted(title));
    out.push_str("kind: note\n");
    let _ = writeln!(out, "created: {}", quoted(&when.rfc3339()));
    let ids: Vec<String> = people.iter().map(|p| quoted(&p.qualified_id())).collect();
    let _ = writeln!(out, "people: [{}]", ids.join(", "));
    if let Some(page) = about {
        let _ = writeln!(out, "about: {}", quoted(&page.qualified_id()));
    }
    let tags: Vec<String> = template.iter().map(|t| quoted(&t.tag())).collect();
    let _ = writeln!(out, "tags: [{}]", tags.join(", "));
    out.push_str("---\n");
    let named: Vec<String> = people
        .iter()
        .map(|p| format!("[{}]({})", link_text(&p.title), p.qualified_id()))
        .collect();
    if let Some(t) = template {
        out.push_str(&fill(
            t.skeleton().trim_start_matches('\n'),
            title,
            &when.date.to_string(),
            &named.join(", "),
        ));
    } else {
        let _ = write!(out, "# {title}\n\n");
        if !named.is_empty() {
            let _ = write!(out, "With {}.\n\n", named.join(", "));
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A YAML double-quoted scalar: JSON's string syntax is a subset of it.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// Text for inside `[...]`: brackets and backslashes escaped.
fn link_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A title as one line: control characters (line breaks too) become spaces, runs of
/// spaces one, ends trimmed.
fn one_line(text: &str) -> String {
    clean_line(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A line with its control characters (escape sequences, NUL, tabs) as spaces.
fn clean_line(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The person page `id` names; a bare name (`aiko-tanaka`) is also tried in `people/`.
pub fn find_person<'a>(library: &'a Library, id: &str) -> Result<&'a Document, NotesError> {
    let doc = match library.resolve(id) {
        Err(e) if !id.contains('/') => library.resolve(&format!("people/{id}")).map_err(|_| e)?,
        found => found?,
    };
    if doc.kind == Kind::Person {
        Ok(doc)
    } else {
        Err(NotesError::NotAPerson {
            id: id.to_string(),
            kind: doc.kind,
        })
    }
}

/// Makes `dir`, after checking it is not inside a pack's checkout.
fn prepare_dir(dir: &Path, library: &Library) -> Result<(), NotesError> {
    fs::create_dir_all(dir).map_err(|source| NotesError::Folder {
        path: dir.to_path_buf(),
        source,
    })?;
    let real = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    for source in library.sources().iter().filter(|s| s.layer == Layer::Pack) {
        let Some(root) = &source.root else { continue };
        let root = fs::canonicalize(root).unwrap_or_else(|_| root.clone());
        if real.starts_with(&root) {
            return Err(NotesError::InsidePack {
                dir: dir.to_path_buf(),
                pack: source.name.clone(),
            });
        }
    }
    Ok(())
}

/// The id the load gives the note at `path` (a file right in the notes folder).
fn id_of(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    note_id(&stem)
}

/// What goes before a new entry so it starts a list item of its own: a newline when the
/// file does not end with one, and a blank line after a paragraph.
fn separator(file: &mut File) -> io::Result<String> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(String::new());
    }
    let back = len.min(4096);
    file.seek(SeekFrom::Start(len - back))?;
    let mut tail = Vec::new();
    file.take(back).read_to_end(&mut tail)?;
    let tail = String::from_utf8_lossy(&tail);
    let mut sep = String::new();
    if !tail.ends_with('\n') {
        sep.push('\n');
    }
    let last = tail
        .trim_end_matches('\n')
        .rsplit('\n')
        .next()
        .unwrap_or("");
    let last = last.trim_start();
    let in_list = last.starts_with("- ") || last.starts_with("* ") || last.starts_with("  ");
    if !last.is_empty() && !in_list && !last.starts_with('#') {
        sep.push('\n');
    }
    Ok(sep)
}

/// `path` opened to append (and read its end), never through a symbolic link, never a FIFO
/// or device.
fn open_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is not a regular file",
        ));
    }
    Ok(file)
}

/// Holds the notes folder's lock for as long as it lives.
struct Lock {
    _file: File,
}

fn lock(path: &Path) -> Result<Lock, NotesError> {
    let file =
        crate::content::regular::open_lock_file(path).map_err(|source| NotesError::Lock {
            path: path.to_path_buf(),
            source,
        })?;
    let started = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Lock { _file: file }),
            Err(TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(NotesError::Busy {
                    path: path.to_path_buf(),
                });
            }
            Err(TryLockError::Error(source)) => {
                return Err(NotesError::Lock {
                    path: path.to_path_buf(),
                    source,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{LoadOptions, Source, load};
    use chrono::{FixedOffset, NaiveDate, NaiveTime};

    fn when(h: u32, m: u32) -> When {
        When {
            date: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
            time: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
            offset: FixedOffset::east_opt(0).unwrap(),
        }
    }

    fn bundled() -> Library {
        load(&[Source::bundled()], &LoadOptions::default())
    }

    fn reload(notes: &Path) -> Library {
        load(
            &[Source::bundled(), Source::dir(Layer::Notes, notes)],
            &LoadOptions::default(),
        )
    }

    #[test]
    fn a_new_note_has_its_fields_and_template_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        let lib = bundled();
        let request = NewNote {
            title: "Call: with \"Aiko\" # one ---".into(),
            template: Some("shadowing".into()),
            people: vec!["aiko-tanaka".into()],
            about: Some("guides/welcome".into()),
        };
        let made = create(&notes, &lib, &request, when(9, 5)).unwrap();
        assert_eq!(
            made.path.file_name().unwrap(),
            "2026-03-10-call-with-aiko-one.md"
        );
        assert_eq!(made.id, "notes/2026-03-10-call-with-aiko-one");
        let lib = reload(&notes);
        assert!(lib.warnings.is_empty(), "{:?}", lib.warnings);
        let note = lib.get(&made.id).unwrap();
        assert_eq!(note.title, request.title);
        assert_eq!(note.kind, Kind::Note);
        assert_eq!(note.note_people(), ["people/aiko-tanaka"]);
        assert_eq!(note.note_about(), ["guides/welcome"]);
        assert_eq!(note.tags, ["shadowing"]);
        assert!(
            note.body
                .contains("- **Shadowing:** [Aiko Tanaka](people/aiko-tanaka)"),
            "{}",
            note.body
        );
        assert!(
            note.body.contains("- **Date:** 2026-03-10"),
            "{}",
            note.body
        );
        assert!(note.body.starts_with("# Call: with"), "{}", note.body);
        let aiko = lib.get("people/aiko-tanaka").unwrap();
        assert!(lib.notes_about(aiko).iter().any(|n| n.id == made.id));
        // Untouched, it goes again.
        assert_eq!(finish(&made).unwrap(), Finished::Removed);
        assert!(!made.path.exists());
        assert_eq!(finish(&made).unwrap(), Finished::Gone);
    }

    #[test]
    fn what_the_user_wrote_is_kept_and_a_second_note_gets_a_new_name() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        let lib = bundled();
        let request = NewNote {
            title: "../../../../outside".into(),
            ..NewNote::default()
        };
        let first = create(&notes, &lib, &request, when(9, 0)).unwrap();
        let second = create(&notes, &lib, &request, when(9, 1)).unwrap();
        assert_eq!(first.path, notes.join("2026-03-10-outside.md"));
        assert_eq!(second.path, notes.join("2026-03-10-outside-2.md"));
        fs::write(&first.path, format!("{}More.\n", first.text)).unwrap();
        assert_eq!(finish(&first).unwrap(), Finished::Kept);
        assert!(first.path.exists());
        let lib = reload(&notes);
        assert_eq!(lib.get(&first.id).unwrap().title, "../../../../outside");
        assert!(dir.path().read_dir().unwrap().count() == 1, "only notes/");
    }

    #[test]
    fn unknown_people_and_templates_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let lib = bundled();
        let ask = |request: NewNote| {
            create(dir.path(), &lib, &request, when(9, 0))
                .unwrap_err()
                .to_string()
        };
        let err = ask(NewNote {
            title: "x".into(),
            people: vec!["guides/welcome".into()],
            ..NewNote::default()
        });
        assert!(err.contains("not a person"), "{err}");
        let err = ask(NewNote {
            title: "x".into(),
            people: vec!["people/nobody".into()],
            ..NewNote::default()
        });
        assert!(err.contains("people/nobody"), "{err}");
        let err = ask(NewNote {
            title: "x".into(),
            template: Some("nope".into()),
            ..NewNote::default()
        });
        assert!(
            err.contains("no template named `nope`") && err.contains("daily"),
            "{err}"
        );
        assert_eq!(dir.path().read_dir().unwrap().count(), 0, "nothing written");
    }

    #[test]
    fn appends_go_to_todays_note_as_timestamped_items() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        let lib = bundled();
        let first = append(&notes, &lib, "Ask Kwame about \x1b[31mQBRs", when(9, 5)).unwrap();
        assert!(first.created);
        assert_eq!(first.id, "notes/2026-03-10-daily");
        let second = append(&notes, &lib, "two lines\nof text\n", when(9, 7)).unwrap();
        assert!(!second.created);
        assert!(matches!(
            append(&notes, &lib, " \n ", when(9, 8)),
            Err(NotesError::Empty)
        ));
        let text = fs::read_to_string(&first.path).unwrap();
        assert!(
            text.ends_with(
                "## Log\n- 09:05 Ask Kwame about  [31mQBRs\n- 09:07 two lines\n  of text\n"
            ),
            "{text}"
        );
        let lib = reload(&notes);
        let note = lib.get("notes/2026-03-10-daily").unwrap();
        assert_eq!(note.title, "Daily note 2026-03-10");
        assert_eq!(note.tags, ["daily"]);
        // A note that does not end in a newline gets one before the next item.
        fs::write(&first.path, "# Mine\n\nA paragraph").unwrap();
        append(&notes, &lib, "after", when(10, 0)).unwrap();
        assert_eq!(
            fs::read_to_string(&first.path).unwrap(),
            "# Mine\n\nA paragraph\n\n- 10:00 after\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_append_never_follows_a_link_out_of_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        fs::create_dir_all(&notes).unwrap();
        let outside = dir.path().join("outside.md");
        fs::write(&outside, "mine\n").unwrap();
        std::os::unix::fs::symlink(&outside, daily_path(&notes, when(9, 0))).unwrap();
        let err = append(&notes, &bundled(), "x", when(9, 0)).unwrap_err();
        assert!(matches!(err, NotesError::Write { .. }), "{err}");
        assert_eq!(fs::read_to_string(&outside).unwrap(), "mine\n");
    }
}
