//! `onramp note`: write a note from a template in the editor, append a line to today's note,
//! list your notes, edit one. Each writes through the `notes` module, then brings the search
//! index up to date by its one route, so `search` finds the note at once.

use std::ffi::OsStr;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use clap::builder::{PossibleValue, TypedValueParser};
use serde::Serialize;

use super::{Cli, Loaded, load_sources, warn};
use crate::content::{Document, Layer, LoadOptions, Source, Sources, term_safe_inline};
use crate::notes::{self, Finished, NewNote, When};
use crate::paths::Paths;
use crate::search::{OpenOptions, SearchIndex};

#[derive(Debug, Subcommand)]
pub enum NoteCommand {
    /// Write a new note in $VISUAL or $EDITOR (else vi), from a template, about people and a
    /// page; prints its path. A note left as the template made it is removed again.
    New {
        /// The note's title (default: the template's title).
        title: Vec<String>,
        /// The template to start from: a bundled one below, or a pack's (`onramp list --kind
        /// template` lists them all).
        #[arg(long, value_name = "NAME", value_parser = TemplateName)]
        template: Option<String>,
        /// A person the note is about (a person id; repeatable).
        #[arg(long = "person", value_name = "ID")]
        people: Vec<String>,
        /// The page the note is about (any id).
        #[arg(long, value_name = "DOC")]
        about: Option<String>,
    },
    /// Append a timestamped line to today's note, without an editor; `-` reads stdin.
    Add {
        #[arg(required = true, value_name = "TEXT")]
        text: Vec<String>,
    },
    /// Your notes, newest first.
    List {
        /// Only the notes about this person (by `people`, `about` or a link to their page).
        #[arg(long, value_name = "ID")]
        person: Option<String>,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Open one of your notes in $VISUAL or $EDITOR.
    Edit {
        /// The note's id (`notes/2026-03-10-call-with-aiko`, or its file name without `.md`).
        id: String,
    },
}

/// `--template` takes any name (a team pack adds its own); the bundled templates' names are
/// offered to shell completion.
#[derive(Clone)]
struct TemplateName;

impl TypedValueParser for TemplateName {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        value
            .to_str()
            .map(str::to_string)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidUtf8).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        // clap keeps names as `&'static str`: made once per process, for help and completion.
        static NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
        let names = NAMES.get_or_init(|| {
            let library = crate::content::load(&[Source::bundled()], &LoadOptions::default());
            notes::template_names(&library)
                .into_iter()
                .map(|n| &*n.leak())
                .collect()
        });
        Some(Box::new(names.iter().copied().map(PossibleValue::new)))
    }
}

pub fn run(cli: &Cli, command: &NoteCommand) -> Result<ExitCode> {
    match command {
        NoteCommand::New {
            title,
            template,
            people,
            about,
        } => new(
            cli,
            &NewNote {
                title: title.join(" "),
                template: template.clone(),
                people: people.clone(),
                about: about.clone(),
            },
        ),
        NoteCommand::Add { text } => add(cli, text),
        NoteCommand::List { person, json } => list(cli, person.as_deref(), *json),
        NoteCommand::Edit { id } => edit(cli, id),
    }
}

/// The notes folder of this run: the data folder's `notes/`.
fn notes_dir(sources: &Sources) -> Result<PathBuf> {
    match sources.notes_dir() {
        Some(dir) => Ok(dir.to_path_buf()),
        None => Ok(Paths::from_env()?.notes_dir()),
    }
}

fn when() -> Result<When> {
    Ok(When::now(crate::progress::today_from_env()?))
}

fn new(cli: &Cli, request: &NewNote) -> Result<ExitCode> {
    let sources = load_sources(cli)?;
    let ctx = Loaded::of(&sources);
    let dir = notes_dir(&sources)?;
    let created = notes::create(&dir, &ctx.library, request, when()?)?;
    let edited = crate::tui::edit_file(&created.path);
    let finished = notes::finish(&created)?;
    let shown = shown(&created.path);
    match finished {
        Finished::Kept => {
            refresh_index(&sources);
            writeln!(io::stdout(), "{shown}").context("writing to stdout")?;
        }
        Finished::Removed => warn(&format!(
            "nothing was written in the note, so {shown} was removed again"
        )),
        Finished::Gone => warn(&format!("the editor removed {shown}")),
    }
    edited.with_context(|| format!("editing {shown}"))?;
    Ok(ExitCode::SUCCESS)
}

fn add(cli: &Cli, words: &[String]) -> Result<ExitCode> {
    let text = if words.len() == 1 && words[0] == "-" {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .context("reading the text from stdin")?;
        text
    } else {
        words.join(" ")
    };
    let sources = load_sources(cli)?;
    // Only the templates are needed: the bundled pack and the packs hold them.
    let library = sources.load(&LoadOptions::default());
    let appended = notes::append(&notes_dir(&sources)?, &library, &text, when()?)?;
    refresh_index(&sources);
    writeln!(io::stdout(), "{}", shown(&appended.path)).context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    /// As written in the note (`created`), else the date of its file name.
    created: Option<String>,
    people: Vec<&'a str>,
    about: Vec<&'a str>,
    tags: &'a [String],
    file: Option<String>,
}

fn list(cli: &Cli, person: Option<&str>, json: bool) -> Result<ExitCode> {
    let ctx = Loaded::load(cli)?;
    let library = &ctx.library;
    let notes: Vec<&Document> = match person {
        Some(id) => {
            let page = notes::find_person(library, id)?;
            library
                .notes_about(page)
                .into_iter()
                .filter(|n| n.is_own_note())
                .collect()
        }
        None => library.own_notes(),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        let rows: Vec<Row> = notes
            .iter()
            .map(|n| Row {
                id: &n.id,
                title: &n.title,
                created: n
                    .extra
                    .get("created")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_string)
                    .or_else(|| n.created().map(|c| c.date().to_string())),
                people: n.note_people(),
                about: n.note_about(),
                tags: &n.tags,
                file: n.file.as_ref().map(|f| f.display().to_string()),
            })
            .collect();
        super::json::write(&mut out, &rows)?;
    } else {
        let width = notes
            .iter()
            .map(|d| d.id.chars().count())
            .max()
            .unwrap_or(0)
            .min(56);
        for n in notes {
            let created = n.created().map_or_else(
                || "-".repeat(16),
                |c| c.format("%Y-%m-%d %H:%M").to_string(),
            );
            writeln!(
                out,
                "{created}  {:<width$}  {}",
                term_safe_inline(&n.id),
                n.display_title()
            )
            .context("writing to stdout")?;
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}

fn edit(cli: &Cli, id: &str) -> Result<ExitCode> {
    let sources = load_sources(cli)?;
    let ctx = Loaded::of(&sources);
    let doc = ctx.library.resolve(id)?;
    let (Layer::Notes, Some(file)) = (doc.layer, doc.file.as_ref()) else {
        bail!(
            "`{}` is a page of {}, not one of your notes; onramp edits only the notes in {}",
            term_safe_inline(&doc.id),
            term_safe_inline(&doc.source),
            shown(&notes_dir(&sources)?)
        );
    };
    crate::tui::edit_file(file).with_context(|| format!("editing {}", shown(file)))?;
    refresh_index(&sources);
    writeln!(io::stdout(), "{}", shown(file)).context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// Brings the search index up to date by its one route, as `onramp index` does; a failure
/// costs only the next search its time, so it is a warning.
fn refresh_index(sources: &Sources) {
    let Ok(paths) = Paths::from_env() else { return };
    let opened = SearchIndex::open_sources(
        Some(&paths.index_dir()),
        &sources.list(),
        &LoadOptions::default(),
        OpenOptions::default(),
    );
    if let Err(e) = opened {
        warn(&format!("{e}; the next search brings the index up to date"));
    }
}

fn shown(path: &Path) -> String {
    term_safe_inline(&path.display().to_string()).into_owned()
}
