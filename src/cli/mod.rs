//! The command line: clap definitions and one small function per command over the library.
//! Holds no logic the TUI also needs.

mod index;
mod list;
mod progress;
mod search;
mod show;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{CommandFactory, Parser, Subcommand};

use crate::config::Config;
use crate::content::{self, Kind, Layer, Library, LoadOptions, Source};
use crate::paths::Paths;

/// onramp: guides, checklists, runbooks, people and tools for your first year at a new job.
#[derive(Debug, Parser)]
#[command(name = "onramp", version, about, long_about = None)]
pub struct Cli {
    /// Add a folder of Markdown on top of the bundled pack (repeatable; later wins).
    #[arg(long = "content", value_name = "DIR", global = true)]
    pub content: Vec<PathBuf>,
    /// Leave the bundled knowledge pack out.
    #[arg(long, global = true)]
    pub no_bundled: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List documents, optionally of one kind.
    List {
        /// Only documents of this kind (guide, checklist, runbook, person, tool, term, note).
        #[arg(long)]
        kind: Option<Kind>,
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
    Search {
        /// Words to look for; the last one may be unfinished.
        #[arg(required = true)]
        query: Vec<String>,
        /// Only pages of this kind.
        #[arg(long)]
        kind: Option<Kind>,
        /// At most this many hits.
        #[arg(long, default_value_t = 10)]
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
    /// All checklists with their progress, or one checklist's items, states and due dates.
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
    },
    /// Print a shell completion script.
    Completions { shell: clap_complete::Shell },
}

/// Runs onramp with the process arguments; the binary's `main` is just this.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let chain: Vec<String> = err
                .chain()
                .map(|e| content::term_safe_inline(&e.to_string()).into_owned())
                .collect();
            let _ = writeln!(io::stderr(), "onramp: error: {}", chain.join(": "));
            ExitCode::FAILURE
        }
    }
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
        Some(Command::Completions { shell }) => {
            clap_complete::generate(*shell, &mut Cli::command(), "onramp", &mut io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::List { kind, json }) => {
            let ctx = Loaded::load(cli)?;
            list::run(&ctx.library, *kind, *json)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Show { id, raw, width }) => {
            let ctx = Loaded::load(cli)?;
            show::run(&ctx.library, &Paths::from_env()?, id, *raw, *width)?;

            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Checklist { id, json }) => progress::checklist(cli, id.as_deref(), *json),
        Some(Command::Check { checklist, item }) => {
            progress::mark(cli, checklist, item, progress::Mark::Done)
        }
        Some(Command::Uncheck { checklist, item }) => {
            progress::mark(cli, checklist, item, progress::Mark::Todo)
        }
        Some(Command::Skip {
            checklist,
            item,
            reason,
        }) => progress::mark(
            cli,
            checklist,
            item,
            progress::Mark::Skipped(reason.clone()),
        ),
        Some(Command::Start { date }) => progress::start(date.as_deref()),
        Some(Command::Progress { json, markdown }) => progress::report(cli, *json, *markdown),
        Some(Command::Search {
            query,
            kind,
            limit,
            json,
        }) => search::run(cli, query, *kind, *limit, *json),
        Some(Command::Index { rebuild }) => index::run(cli, *rebuild),
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
            let config = Config::load(&paths.config_file()).unwrap_or_else(|e| {
                warn(&format!("{e}; using the default settings"));
                Config::default()
            });
            // Loaded after the first frame; problems show in the app's status line.
            let sources = sources(cli, &config, &paths)?;
            let load = move || content::load(&sources, &LoadOptions::default());
            match crate::tui::run(load, &config, &paths)? {
                crate::tui::Exit::Quit => Ok(ExitCode::SUCCESS),
                crate::tui::Exit::Signal(n) => Ok(ExitCode::from(128 + (n as u8 & 0x7f))),
            }
        }
    }
}

/// What most commands need: the folders, the config and the loaded content.
struct Loaded {
    library: Library,
}

impl Loaded {
    fn load(cli: &Cli) -> Result<Self> {
        let sources = load_sources(cli)?;
        let library = content::load(&sources, &LoadOptions::default());
        for w in &library.warnings {
            warn(&w.to_string());
        }
        Ok(Loaded { library })
    }
}

/// The config (warning when it is broken) and the sources it and the flags name.
fn load_sources(cli: &Cli) -> Result<Vec<Source>> {
    let paths = Paths::from_env()?;
    let config = match Config::load(&paths.config_file()) {
        Ok(c) => c,
        Err(e) => {
            warn(&format!("{e}; using the default settings"));
            Config::default()
        }
    };
    sources(cli, &config, &paths)
}

/// The sources in overlay order: bundled, config folders, `--content` flags, notes.
fn sources(cli: &Cli, config: &Config, paths: &Paths) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    if !cli.no_bundled {
        sources.push(Source::bundled());
    }
    for dir in &config.content {
        let mut s = Source::dir(Layer::Config, &dir.path);
        s.lang.clone_from(&dir.lang);
        sources.push(s);
    }
    for dir in &cli.content {
        if !dir.is_dir() {
            bail!(
                "content folder {} does not exist or is not a folder",
                content::term_safe_inline(&dir.display().to_string())
            );
        }
        sources.push(Source::dir(Layer::Flag, dir));
    }
    let notes = paths.notes_dir();
    if notes.is_dir() {
        sources.push(Source::dir(Layer::Notes, notes));
    }
    Ok(sources)
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
            located.path.display(),
            located.origin
        )
        .context("writing to stdout")?;
    }
    Ok(())
}
