//! The command line: clap definitions and one small function per command over the library.
//! Holds no logic the TUI also needs.

mod complete;
mod index;
mod json;
mod lint;
mod list;
mod note;
mod pack;
mod progress;
mod search;
mod settings;
mod show;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser, Subcommand};

use crate::config::Config;
use crate::content::{self, Kind, Library, LoadOptions, Sources};
use crate::paths::Paths;
use crate::progress::ItemState;

/// What `--help` and the man page say about files and the environment.
const FILES_HELP: &str = "\
Files: config.toml and keymap.toml in the config folder; progress.json, notes/ and packs/ \
in the data folder; the search index in the cache folder (safe to delete). `onramp paths` \
shows where each folder is, `onramp config` and `onramp keys` what onramp reads from them.

Environment: ONRAMP_CONFIG_DIR, ONRAMP_DATA_DIR and ONRAMP_CACHE_DIR put the folders \
elsewhere; ONRAMP_TODAY=YYYY-MM-DD runs onramp as of another day; NO_COLOR turns colours \
off; VISUAL or EDITOR edits a page.";

/// onramp: guides, checklists, runbooks, people and tools for your first year at a new job.
#[derive(Debug, Parser)]
#[command(name = "onramp", version, about, long_about = None, after_long_help = FILES_HELP)]
pub struct Cli {
    /// Add a folder of Markdown on top of the bundled pack (repeatable; later wins).
    #[arg(long = "content", value_name = "DIR", global = true, value_hint = clap::ValueHint::DirPath)]
    pub content: Vec<PathBuf>,
    /// Leave the bundled knowledge pack out.
    #[arg(long, global = true)]
    pub no_bundled: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List documents, optionally of one kind, one owner's, or those due for review.
    List {
        /// Only documents of this kind.
        #[arg(long, value_parser = KindParser)]
        kind: Option<Kind>,
        /// Only pages due for review (`last_reviewed` + `review_every` before today).
        #[arg(long)]
        stale: bool,
        /// Only pages this person owns (a person id; `me` for the `me` of config.toml).
        #[arg(long, value_name = "ID")]
        owner: Option<String>,
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print one document.
    Show {
        /// The document id, as `onramp list` prints it.
        id: String,
        /// Print the Markdown source as written.
        #[arg(long)]
        raw: bool,
        /// Wrap to this many columns (default: the terminal's width, else 80).
        #[arg(long)]
        width: Option<u16>,
    },
    /// Search every page; `kind:`, `tag:`, `owner:` and `lang:` inside the query filter.
    /// Exit 0 with hits, 1 when nothing matches, 2 when the search could not run.
    Search {
        /// Words to look for; the last one may be unfinished.
        #[arg(required = true)]
        query: Vec<String>,
        /// Only pages of this kind.
        #[arg(long, value_parser = KindParser)]
        kind: Option<Kind>,
        /// At most this many hits (1 or more).
        #[arg(long, default_value_t = 10, value_parser = parse_limit)]
        limit: usize,
        /// Print a JSON array; snippets mark matched words as «word».
        #[arg(long)]
        json: bool,
    },
    /// Build or refresh the search index and show what it holds.
    Index {
        /// Throw the index away and build it again.
        #[arg(long)]
        rebuild: bool,
    },
    /// Show the config, data and cache folders and where each came from.
    Paths,
    /// Print the key bindings as TOML to copy into keymap.toml: yours over the defaults,
    /// with every screen and action described.
    Keys {
        /// The defaults alone, without your keymap.toml.
        #[arg(long)]
        default: bool,
    },
    /// Print the settings onramp uses, as config.toml would hold them, each with the line
    /// it came from or "default".
    Config,
    /// All checklists with their progress, or one checklist's items, states and due dates.
    #[command(visible_alias = "checklists")]
    Checklist {
        /// A checklist id (`checklists/first-week`, or just `first-week`).
        id: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Mark a checklist item done.
    Check { checklist: String, item: String },
    /// Mark a checklist item as still to do.
    Uncheck { checklist: String, item: String },
    /// Mark a checklist item as not applicable to you.
    Skip {
        checklist: String,
        item: String,
        /// Why it does not apply.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Print your start date (day 1), or set it: `today` or YYYY-MM-DD.
    Start { date: Option<String> },
    /// Your ramp-up report: done this week, overdue, due next, progress per phase.
    Progress {
        /// Print JSON.
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        /// Print Markdown to paste into a 1:1 document.
        #[arg(long)]
        markdown: bool,
        /// List at most this many items of each list (the rest are counted); JSON has all.
        #[arg(long, value_parser = parse_limit)]
        limit: Option<usize>,
    },
    /// Check pages for what their owners must fix: broken links and anchors, unknown owners,
    /// bad values, duplicate ids, stale pages. Exit 0 clean, 1 problems, 2 could not run.
    Lint {
        /// Content folders to check (`bundled` for the bundled pack); default: every source.
        #[arg(value_name = "DIR")]
        targets: Vec<String>,
        /// Print the rows as a JSON array.
        #[arg(long)]
        json: bool,
        /// Exit 1 on warnings too.
        #[arg(long)]
        strict: bool,
    },
    /// Your own notes: write one from a template, add a line to today's, list, edit.
    Note {
        #[command(subcommand)]
        action: note::NoteCommand,
    },
    /// Team packs: a team's handbook in a git repository, added and updated on demand.
    Pack {
        #[command(subcommand)]
        action: PackCommand,
    },
    /// Print a shell completion script. For bash, zsh and fish it asks onramp at each Tab,
    /// so it completes the ids of your pages, checklists, items and packs too.
    Completions { shell: clap_complete::Shell },
    /// What to offer for a command line; the completion scripts call it.
    #[command(hide = true)]
    Complete {
        shell: complete::Shell,
        /// The word being completed as bash split it (after a `:` or `=`).
        #[arg(long, allow_hyphen_values = true)]
        word: Option<String>,
        /// The command line up to the cursor, read as the shell reads it.
        #[arg(long, allow_hyphen_values = true)]
        line: Option<String>,
        /// The words up to the cursor, the one being completed last.
        #[arg(last = true, allow_hyphen_values = true)]
        words: Vec<String>,
    },
    /// Print the manual page, as roff: `onramp man | man -l -`; `onramp man pack add` for
    /// one command's.
    Man {
        /// A command, or a command and its subcommand.
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
}

/// `--kind`: a kind as `Kind` reads it (plurals and any case too), with the kinds as the
/// possible values `--help`, the man page and the completions show.
#[derive(Debug, Clone, Copy)]
struct KindParser;

impl clap::builder::TypedValueParser for KindParser {
    type Value = Kind;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Kind, clap::Error> {
        clap::builder::StringValueParser::new()
            .try_map(|text| text.parse::<Kind>())
            .parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            Kind::ALL
                .into_iter()
                .map(|k| clap::builder::PossibleValue::new(k.as_str())),
        ))
    }
}

/// `--limit`: a whole number of hits, at least one (zero would always say "no pages match").
fn parse_limit(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("the limit must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err("the limit must be a whole number, at least 1".to_string()),
    }
}

#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Clone a team's handbook (any URL or path `git clone` takes) with the system git.
    Add {
        source: String,
        /// The pack's name, the prefix of its pages' ids (`NAME:ID`); default: from SOURCE.
        #[arg(long)]
        name: Option<String>,
        /// A branch, tag or commit to follow; default: the repository's default branch.
        #[arg(long = "ref", value_name = "REF")]
        reference: Option<String>,
    },
    /// Fetch packs (all when none is named) and move each to its new commit.
    Update { names: Vec<String> },
    /// The added packs: source, commit, when fetched, pages, and which are out of date.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Remove a pack, its pages and their index entries; your progress is kept.
    Remove { name: String },
}

/// Runs onramp with the process arguments; the binary's `main` is just this.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    run(&cli).unwrap_or_else(|err| fail(&err, ExitCode::FAILURE))
}

/// Prints `err` with its causes on one line and gives `code`; a closed pipe is a quiet end.
fn fail(err: &anyhow::Error, code: ExitCode) -> ExitCode {
    if is_broken_pipe(err) {
        return ExitCode::SUCCESS;
    }
    let chain: Vec<String> = err
        .chain()
        .map(|e| content::term_safe_inline(&e.to_string()).into_owned())
        .collect();
    let _ = writeln!(io::stderr(), "onramp: error: {}", chain.join(": "));
    code
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let kind = e
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| {
                e.downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: &Cli) -> Result<ExitCode> {
    match &cli.command {
        Some(Command::Paths) => {
            let paths = Paths::from_env()?;
            print_paths(&paths)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man { command }) => {
            let page = man_page(command)?;
            io::stdout()
                .lock()
                .write_all(&page)
                .context("writing to stdout")?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Keys { default }) => settings::keys(&Paths::from_env()?, *default),
        Some(Command::Config) => settings::config(&Paths::from_env()?),
        Some(Command::Complete {
            shell,
            word,
            line,
            words,
        }) => {
            let words = line
                .as_deref()
                .map_or_else(|| words.clone(), complete::split_line);
            complete::run(*shell, &words, word.as_deref())
        }
        Some(Command::Completions { shell }) => {
            let dynamic = match shell {
                clap_complete::Shell::Bash => Some(complete::Shell::Bash),
                clap_complete::Shell::Zsh => Some(complete::Shell::Zsh),
                clap_complete::Shell::Fish => Some(complete::Shell::Fish),
                _ => None,
            };
            if let Some(shell) = dynamic {
                io::stdout()
                    .lock()
                    .write_all(complete::script(shell).as_bytes())
                    .context("writing to stdout")?;
                return Ok(ExitCode::SUCCESS);
            }
            // Into memory first: clap_complete panics when its writer fails, and a reader
            // that went away (`| head -1`) must end onramp quietly like any other command.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "onramp", &mut script);
            io::stdout()
                .lock()
                .write_all(&script)
                .context("writing to stdout")?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::List {
            kind,
            stale,
            owner,
            json,
        }) => {
            let today = crate::progress::today_from_env()?;
            let owner = match owner.as_deref() {
                Some("me") => Some(me()?),
                other => other.map(str::to_string),
            };
            let library = listed(&load_sources(cli)?)?;
            let filter = list::Filter {
                kind: *kind,
                owner: owner.as_deref(),
                stale_on: stale.then_some(today),
            };
            list::run(&library, &filter, today, *json)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Show { id, raw, width }) => {
            show::run(&load_sources(cli)?, &Paths::from_env()?, id, *raw, *width)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Checklist { id, json }) => progress::checklist(cli, id.as_deref(), *json),
        Some(Command::Check { checklist, item }) => {
            progress::mark(cli, checklist, item, ItemState::Done)
        }
        Some(Command::Uncheck { checklist, item }) => {
            progress::mark(cli, checklist, item, ItemState::Todo)
        }
        Some(Command::Skip {
            checklist,
            item,
            reason,
        }) => progress::mark(
            cli,
            checklist,
            item,
            ItemState::Skipped {
                reason: reason.clone(),
            },
        ),
        Some(Command::Start { date }) => progress::start(date.as_deref()),
        Some(Command::Progress {
            json,
            markdown,
            limit,
        }) => progress::report(cli, *json, *markdown, *limit),
        Some(Command::Search {
            query,
            kind,
            limit,
            json,
        }) => {
            // Like grep: a script tells "no match" (1) from "could not search" (2).
            Ok(search::run(cli, query, *kind, *limit, *json)
                .unwrap_or_else(|err| fail(&err, ExitCode::from(2))))
        }
        Some(Command::Index { rebuild }) => index::run(cli, *rebuild),
        Some(Command::Lint {
            targets,
            json,
            strict,
        }) => {
            let args = lint::Args {
                targets,
                json: *json,
                strict: *strict,
            };
            // A lint that could not run exits 2, so CI can tell it from problems found.
            Ok(lint::run(cli, &args).unwrap_or_else(|err| fail(&err, ExitCode::from(2))))
        }
        Some(Command::Pack { action }) => pack::run(cli, action),
        Some(Command::Note { action }) => note::run(cli, action),
        None => {
            if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
                let _ = writeln!(
                    io::stderr(),
                    "onramp: the interactive app needs a terminal, and this is not one.\n\
                     Use the command line instead: `onramp list`, `onramp show ID`, `onramp --help`."
                );
                return Ok(ExitCode::from(2));
            }
            let paths = Paths::from_env()?;
            let config = load_config(&paths);
            // Loaded after the first frame; problems show in the app's status line.
            let sources = sources(cli, &config, &paths)?;
            match crate::tui::run(sources, &config, &paths)? {
                crate::tui::Exit::Quit => Ok(ExitCode::SUCCESS),
                crate::tui::Exit::Signal(n) => Ok(ExitCode::from(128 + (n as u8 & 0x7f))),
            }
        }
    }
}

/// The man page of onramp, or of the command `path` names (`["pack", "add"]`), from the
/// clap definitions that also make `--help` and the completions.
fn man_page(path: &[String]) -> Result<Vec<u8>> {
    let mut cmd = Cli::command();
    cmd.build();
    for name in path {
        let names: Vec<String> = cmd
            .get_subcommands()
            .filter(|c| !c.is_hide_set())
            .map(|c| format!("`{}`", c.get_name()))
            .collect();
        cmd = cmd.find_subcommand(name).cloned().ok_or_else(|| {
            anyhow::anyhow!(
                "`{}` has no command `{}`; its commands are {}",
                cmd.get_display_name().unwrap_or(cmd.get_name()),
                content::term_safe_inline(name),
                names.join(", ")
            )
        })?;
    }
    let mut page = Vec::new();
    // Every page, a command's too, is from onramp at this version.
    clap_mangen::Man::new(cmd)
        .source(format!("onramp {}", env!("CARGO_PKG_VERSION")))
        .render(&mut page)
        .context("writing the man page")?;
    Ok(page)
}

/// The user's own person id, from `me` in config.toml.
fn me() -> Result<String> {
    let paths = Paths::from_env()?;
    let config = load_config(&paths);
    config.me.ok_or_else(|| {
        anyhow::anyhow!(
            "`--owner me` needs `me = \"people/...\"` in {}",
            paths.config_file().display()
        )
    })
}

/// What most commands need: the folders, the config and the loaded content.
struct Loaded {
    library: Library,
}

impl Loaded {
    fn load(cli: &Cli) -> Result<Self> {
        Ok(Loaded::of(&load_sources(cli)?))
    }

    /// Loads `sources`, each problem told on stderr.
    fn of(sources: &Sources) -> Self {
        let library = sources.load(&LoadOptions::default());
        for w in &library.warnings {
            warn(&w.to_string());
        }
        Loaded { library }
    }
}

/// Every page, for a command that prints fields of each (`list`): from the search
/// manifest's catalog when every file is as it recorded, else loaded. No page is read
/// when none changed.
fn listed(sources: &Sources) -> Result<Library> {
    let load = LoadOptions::default();
    let list = sources.list();
    let index_dir = Paths::from_env()?.index_dir();
    if let Some(library) =
        crate::search::Catalog::open(&index_dir, &list, &load, crate::search::Proof::EveryFile)
            .and_then(|c| c.library(&content::Reach::everything()))
    {
        for w in &library.warnings {
            warn(&w.to_string());
        }
        return Ok(library);
    }
    Ok(Loaded::of(sources).library)
}

/// The config (warning when it is broken) and the sources it and the flags name.
fn load_sources(cli: &Cli) -> Result<Sources> {
    let paths = Paths::from_env()?;
    let config = load_config(&paths);
    sources(cli, &config, &paths)
}

/// The sources as [`load_sources`] finds them, with no warning told: for completions,
/// which must print nothing but their values.
fn load_sources_quietly(cli: &Cli) -> Result<Sources> {
    let paths = Paths::from_env()?;
    let config = Config::load(&paths.config_file())
        .map(|(config, _)| config)
        .unwrap_or_default();
    let packs = crate::packs::Packs::new(&paths);
    Ok(
        Sources::new(&config, &paths, &cli.content, !cli.no_bundled)?
            .with_packs(move || packs.roots().unwrap_or_default()),
    )
}

/// The config file, each problem in it told on stderr: a bad setting costs only itself, a
/// file that does not parse at all costs the file.
fn load_config(paths: &Paths) -> Config {
    match Config::load(&paths.config_file()) {
        Ok((config, problems)) => {
            for problem in &problems {
                warn(&problem.to_string());
            }
            config
        }
        Err(e) => {
            warn(&format!("{e}; using the default settings"));
            Config::default()
        }
    }
}

/// The sources the config, the added packs and the flags name, in the content module's
/// overlay order. The packs state file is read again at every load, so a long-running app
/// sees a pack updated from another terminal when it reloads.
fn sources(cli: &Cli, config: &Config, paths: &Paths) -> Result<Sources> {
    let packs = crate::packs::Packs::new(paths);
    if let Err(e) = packs.roots() {
        warn(&format!("{e}; team packs are not loaded"));
    }
    Ok(Sources::new(config, paths, &cli.content, !cli.no_bundled)?
        .with_packs(move || packs.roots().unwrap_or_default()))
}

/// The columns `text` takes on a terminal (wide characters count two).
fn text_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `text` padded with spaces to `width` terminal columns, so the next column lines up.
fn pad(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(text_width(text));
    format!("{text}{:fill$}", "")
}

fn warn(message: &str) {
    let _ = writeln!(
        io::stderr(),
        "onramp: {}",
        content::term_safe_inline(message)
    );
}

fn print_paths(paths: &Paths) -> Result<()> {
    let mut out = io::stdout().lock();
    for (name, located) in [
        ("config", &paths.config),
        ("data", &paths.data),
        ("cache", &paths.cache),
    ] {
        writeln!(
            out,
            "{name:<7} {}  ({})",
            content::term_safe_inline(&located.path.display().to_string()),
            located.origin
        )
        .context("writing to stdout")?;
    }
    Ok(())
}
