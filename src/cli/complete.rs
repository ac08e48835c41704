//! Shell completion that knows the content: the scripts `onramp completions bash|zsh|fish`
//! prints call the hidden `onramp complete SHELL -- WORDS...` at each Tab, which reads the
//! command line against the clap definitions (the same ones `--help` and the man page come
//! from) and answers with commands, flags, their values, page ids for `show`, checklist and
//! item ids for `check`, `uncheck` and `skip`, kinds, pack names, person ids and note
//! templates. Never
//! changes anything, and prints nothing else: a completion must not write to the terminal.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Arg, ArgAction, Command, CommandFactory, ValueHint};

use super::Cli;
use crate::content::{Kind, Library, LoadOptions};
use crate::paths::Paths;
use crate::progress::Checklists;

/// The shells whose scripts call back into onramp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// What the shell should offer for the word being completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offer {
    /// These values, each with a description when there is one.
    Values(Vec<(String, Option<String>)>),
    /// The shell's own completion of folder names.
    Dirs,
    /// The shell's own completion of file names.
    Files,
}

/// The script for `shell` that asks `onramp complete` at each Tab.
pub fn script(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => BASH,
        Shell::Zsh => ZSH,
        Shell::Fish => FISH,
    }
}

/// `onramp complete SHELL -- WORDS...`: prints the offer for the last word of `words` (the
/// command line up to the cursor, program name first). For bash, `bash_word` is the part
/// of that word bash itself treats as the word (after a `:` or `=`), which each value is
/// cut to.
pub fn run(shell: Shell, words: &[String], bash_word: Option<&str>) -> Result<ExitCode> {
    let offer = offer(words, &mut ContentSource::default());
    let mut out = String::new();
    match offer {
        Offer::Dirs => out.push_str("dirs\n"),
        Offer::Files => out.push_str("files\n"),
        Offer::Values(values) => {
            out.push_str("values\n");
            let current = words.last().map_or("", String::as_str);
            for (value, help) in values {
                let line = match shell {
                    Shell::Bash => bash_value(&value, current, bash_word),
                    Shell::Zsh | Shell::Fish => one_line(&value),
                };
                out.push_str(&line);
                if let Some(help) = help.filter(|_| shell != Shell::Bash) {
                    out.push('\t');
                    out.push_str(&one_line(&help));
                }
                out.push('\n');
            }
        }
    }
    io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// The words of a command line as a shell reads them (quotes and backslashes), the one
/// being typed last: empty when the line ends in a space.
pub fn split_line(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let (mut single, mut double, mut escaped) = (false, false, false);
    for c in line.chars() {
        if escaped {
            word.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' if !single => {
                escaped = true;
                in_word = true;
            }
            '\'' if !double => {
                single = !single;
                in_word = true;
            }
            '"' if !single => {
                double = !double;
                in_word = true;
            }
            c if c.is_whitespace() && !single && !double => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    // The word under the cursor, even when nothing of it is typed yet.
    words.push(word);
    words
}

/// The content the values come from, loaded when a word first needs it.
#[derive(Default)]
pub struct ContentSource {
    library: Option<Library>,
    content: Vec<std::path::PathBuf>,
    no_bundled: bool,
}

impl ContentSource {
    fn library(&mut self) -> Option<&Library> {
        if self.library.is_none() {
            let cli = Cli {
                content: self.content.clone(),
                no_bundled: self.no_bundled,
                command: None,
            };
            // Warnings are not told: a completion writes nothing but its values.
            let sources = super::load_sources_quietly(&cli).ok()?;
            self.library = Some(sources.load(&LoadOptions::default()));
        }
        self.library.as_ref()
    }
}

/// What to offer for the last of `words`, read against the command definitions.
pub fn offer(words: &[String], content: &mut ContentSource) -> Offer {
    let mut root = Cli::command();
    root.build();
    let Some((current, before)) = words.split_last() else {
        return Offer::Values(Vec::new());
    };
    let mut path: Vec<String> = Vec::new();
    let mut cmd = &root;
    let mut positionals: Vec<String> = Vec::new();
    let mut pending: Option<Arg> = None;
    let mut only_positionals = false;
    for word in before.iter().skip(1) {
        if let Some(arg) = pending.take() {
            note_global(arg.get_id().as_str(), word, content);
            continue;
        }
        if !only_positionals && word == "--" {
            only_positionals = true;
            continue;
        }
        if !only_positionals && word.starts_with('-') && word.len() > 1 {
            let (flag, inline) = match word.split_once('=') {
                Some((f, v)) => (f, Some(v)),
                None => (word.as_str(), None),
            };
            if let Some(arg) = find_flag(cmd, flag) {
                match inline {
                    Some(value) => note_global(arg.get_id().as_str(), value, content),
                    None if takes_value(arg) => pending = Some(arg.clone()),
                    None => note_global(arg.get_id().as_str(), "", content),
                }
            }
            continue;
        }
        if positionals.is_empty()
            && cmd.has_subcommands()
            && let Some(sub) = cmd.find_subcommand(word)
        {
            path.push(sub.get_name().to_string());
            cmd = sub;
            continue;
        }
        positionals.push(word.clone());
    }
    if let Some(arg) = pending {
        return values_for(&path, &arg, &positionals, current, content);
    }
    if !only_positionals && current.starts_with('-') {
        if let Some((flag, value)) = current.split_once('=')
            && let Some(arg) = find_flag(cmd, flag)
        {
            return match values_for(&path, arg, &positionals, value, content) {
                Offer::Values(values) => Offer::Values(
                    values
                        .into_iter()
                        .map(|(v, h)| (format!("{flag}={v}"), h))
                        .collect(),
                ),
                other => other,
            };
        }
        return Offer::Values(matching(flags(cmd), current));
    }
    if positionals.is_empty() && cmd.has_subcommands() {
        let subs = cmd
            .get_subcommands()
            .filter(|c| !c.is_hide_set() && c.get_name() != "help")
            .map(|c| {
                (
                    c.get_name().to_string(),
                    c.get_about().map(ToString::to_string),
                )
            })
            .collect();
        return Offer::Values(matching(subs, current));
    }
    let arg = cmd
        .get_positionals()
        .filter(|a| !a.is_hide_set())
        .enumerate()
        .find(|(i, a)| *i == positionals.len() || (*i < positionals.len() && is_many(a)))
        .map(|(_, a)| a.clone());
    match arg {
        Some(arg) => values_for(&path, &arg, &positionals, current, content),
        None => Offer::Values(Vec::new()),
    }
}

/// Keeps the global flags that change what content loads, for the values after them.
fn note_global(id: &str, value: &str, content: &mut ContentSource) {
    match id {
        "content" => content.content.push(value.into()),
        "no_bundled" => content.no_bundled = true,
        _ => {}
    }
}

fn find_flag<'a>(cmd: &'a Command, flag: &str) -> Option<&'a Arg> {
    if let Some(long) = flag.strip_prefix("--") {
        return cmd.get_arguments().find(|a| {
            a.get_long() == Some(long) || a.get_all_aliases().is_some_and(|al| al.contains(&long))
        });
    }
    let short = flag.strip_prefix('-')?.chars().last()?;
    cmd.get_arguments().find(|a| a.get_short() == Some(short))
}

fn takes_value(arg: &Arg) -> bool {
    matches!(arg.get_action(), ArgAction::Set | ArgAction::Append)
}

fn is_many(arg: &Arg) -> bool {
    matches!(arg.get_action(), ArgAction::Append)
        || arg.get_num_args().is_some_and(|n| n.max_values() > 1)
}

/// The long flags of `cmd`, with their help.
fn flags(cmd: &Command) -> Vec<(String, Option<String>)> {
    cmd.get_arguments()
        .filter(|a| !a.is_hide_set())
        .filter_map(|a| {
            a.get_long()
                .map(|l| (format!("--{l}"), a.get_help().map(ToString::to_string)))
        })
        .collect()
}

/// The values `arg` of the command at `path` takes, for the word `current`.
fn values_for(
    path: &[String],
    arg: &Arg,
    positionals: &[String],
    current: &str,
    content: &mut ContentSource,
) -> Offer {
    let command: Vec<&str> = path.iter().map(String::as_str).collect();
    let values = match (command.as_slice(), arg.get_id().as_str()) {
        (["show"], "id") | (["note", "new"], "about") => pages(content, |_| true),
        // The templates of every source, packs' too (the possible values are the bundled).
        (["note", "new"], "template") => match content.library() {
            Some(library) => crate::notes::templates(library)
                .iter()
                .map(|t| (t.name(), Some(t.doc.title.clone())))
                .collect(),
            None => Vec::new(),
        },
        (["note", "new"], "people") | (["note", "list"], "person") => {
            pages(content, |k| k == Kind::Person)
        }
        (["note", "edit"], "id") => pages(content, |k| k == Kind::Note),
        (["checklist"], "id") | (["check" | "uncheck" | "skip"], "checklist") => {
            checklists(content)
        }
        (["check" | "uncheck" | "skip"], "item") => match positionals.first() {
            Some(list) => items(content, list),
            None => Vec::new(),
        },
        (["list"], "owner") => {
            let mut people = pages(content, |k| k == Kind::Person);
            people.insert(0, ("me".into(), Some("you: `me` in config.toml".into())));
            people
        }
        (["pack", "update" | "remove"], "names" | "name") => pack_names(),
        (["lint"], "targets") => {
            if looks_like_path(current) {
                return Offer::Dirs;
            }
            let mut targets = pack_names();
            targets.insert(0, ("bundled".into(), Some("the bundled pack".into())));
            targets
        }
        (["start"], "date") => vec![("today".into(), Some("make today day 1".into()))],
        (["man"], "command") => man_path(positionals),
        _ => {
            let possible: Vec<(String, Option<String>)> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| {
                    (
                        v.get_name().to_string(),
                        v.get_help().map(ToString::to_string),
                    )
                })
                .collect();
            if !possible.is_empty() {
                return Offer::Values(matching(possible, current));
            }
            return match arg.get_value_hint() {
                ValueHint::DirPath => Offer::Dirs,
                ValueHint::AnyPath | ValueHint::FilePath => Offer::Files,
                _ => Offer::Values(Vec::new()),
            };
        }
    };
    Offer::Values(matching(values, current))
}

fn looks_like_path(word: &str) -> bool {
    word.contains('/') || word.starts_with('.') || word.starts_with('~')
}

/// Page ids of the kinds `keep` accepts, with their titles.
fn pages(
    content: &mut ContentSource,
    keep: impl Fn(Kind) -> bool,
) -> Vec<(String, Option<String>)> {
    let Some(library) = content.library() else {
        return Vec::new();
    };
    library
        .docs()
        .iter()
        .filter(|d| keep(d.kind))
        .map(|d| (d.id.clone(), Some(d.title.clone())))
        .collect()
}

fn checklists(content: &mut ContentSource) -> Vec<(String, Option<String>)> {
    let Some(library) = content.library() else {
        return Vec::new();
    };
    Checklists::from_library(library)
        .iter()
        .map(|c| (c.id.clone(), Some(c.title.clone())))
        .collect()
}

/// The item ids of the checklist `list` names (as `onramp check` finds it), with their text.
fn items(content: &mut ContentSource, list: &str) -> Vec<(String, Option<String>)> {
    let Some(library) = content.library() else {
        return Vec::new();
    };
    let lists = Checklists::from_library(library);
    let Ok(checklist) = lists.resolve(list) else {
        return Vec::new();
    };
    checklist
        .items
        .iter()
        .map(|i| (i.id.clone(), Some(i.plain.clone())))
        .collect()
}

fn pack_names() -> Vec<(String, Option<String>)> {
    let Ok(paths) = Paths::from_env() else {
        return Vec::new();
    };
    crate::packs::Packs::new(&paths)
        .list()
        .unwrap_or_default()
        .into_iter()
        .map(|p| (p.name, Some(p.source)))
        .collect()
}

/// For `onramp man A B ...`: the subcommands of the command the words so far name.
fn man_path(positionals: &[String]) -> Vec<(String, Option<String>)> {
    let mut root = Cli::command();
    root.build();
    let mut cmd = &root;
    for name in positionals {
        match cmd.find_subcommand(name) {
            Some(sub) => cmd = sub,
            None => return Vec::new(),
        }
    }
    cmd.get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
        .map(|c| {
            (
                c.get_name().to_string(),
                c.get_about().map(ToString::to_string),
            )
        })
        .collect()
}

/// The values that start with `current`; when none does, those with a part after a `/` or
/// `:` that does (`welc` finds `guides/welcome`), since ids are typed by their last part too.
fn matching(values: Vec<(String, Option<String>)>, current: &str) -> Vec<(String, Option<String>)> {
    let starts: Vec<_> = values
        .iter()
        .filter(|(v, _)| v.starts_with(current))
        .cloned()
        .collect();
    if !starts.is_empty() || current.is_empty() {
        return starts;
    }
    values
        .into_iter()
        .filter(|(v, _)| {
            v.match_indices(['/', ':'])
                .any(|(i, _)| v[i + 1..].starts_with(current))
        })
        .collect()
}

/// A value as one line: a line break would end it early.
fn one_line(text: &str) -> String {
    crate::content::term_safe_inline(text).replace('\t', " ")
}

/// A value for bash: cut to the part after the `:` or `=` bash broke the word at, and with
/// the characters bash would read specially escaped by a backslash.
fn bash_value(value: &str, current: &str, bash_word: Option<&str>) -> String {
    let cut = match bash_word {
        Some(word)
            if current.ends_with(word)
                && value.starts_with(&current[..current.len() - word.len()]) =>
        {
            &value[current.len() - word.len()..]
        }
        _ => value,
    };
    let mut out = String::with_capacity(cut.len());
    for c in one_line(cut).chars() {
        if !(c.is_alphanumeric() || "._/:@%+,=-".contains(c)) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

const BASH: &str = r#"# onramp completion for bash: source it (`source <(onramp completions bash)`) or save it
# as ~/.local/share/bash-completion/completions/onramp. Each Tab asks onramp itself, so ids
# come from the content you have.
_onramp() {
    local IFS=$'\n'
    local -a out
    out=($(command onramp complete bash --word="$2" --line="${COMP_LINE:0:COMP_POINT}" 2>/dev/null)) || return 0
    case "${out[0]}" in
        dirs) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$2")) ;;
        files) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$2")) ;;
        *) COMPREPLY=("${out[@]:1}") ;;
    esac
}
complete -o nosort -F _onramp onramp 2>/dev/null || complete -F _onramp onramp
"#;

const ZSH: &str = r#"#compdef onramp
# onramp completion for zsh: save it as _onramp in a folder of your $fpath, or source it
# after compinit (`source <(onramp completions zsh)`). Each Tab asks onramp itself, so ids
# come from the content you have.
_onramp() {
    local -a out values
    local line value
    out=("${(@f)$(command onramp complete zsh -- "${(@Q)words[1,CURRENT]}" 2>/dev/null)}")
    case "${out[1]}" in
        dirs) _files -/; return ;;
        files) _files; return ;;
    esac
    for line in "${(@)out[2,-1]}"; do
        [[ -n "$line" ]] || continue
        value="${line%%$'\t'*}"
        value="${value//:/\\:}"
        if [[ "$line" == *$'\t'* ]]; then
            values+=("$value:${line#*$'\t'}")
        else
            values+=("$value")
        fi
    done
    _describe -t values onramp values
}
if [[ "${funcstack[1]}" == "_onramp" ]]; then
    _onramp "$@"
else
    compdef _onramp onramp
fi
"#;

const FISH: &str = r#"# onramp completion for fish: save it as ~/.config/fish/completions/onramp.fish, or
# `onramp completions fish | source`. Each Tab asks onramp itself, so ids come from the
# content you have.
function __onramp_complete
    set -l cur (commandline -ct)
    set -l out (command onramp complete fish -- (commandline -opc) "$cur" 2>/dev/null)
    switch "$out[1]"
        case dirs
            __fish_complete_directories (commandline -ct)
        case files
            __fish_complete_path (commandline -ct)
        case '*'
            if test (count $out) -gt 1
                printf '%s\n' $out[2..-1]
            end
    end
end
complete -c onramp -f -a '(__onramp_complete)'
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        split_line(line)
    }

    #[rstest::rstest]
    #[case("onramp show ", &["onramp", "show", ""])]
    #[case("onramp show gu", &["onramp", "show", "gu"])]
    #[case("onramp  show 'a b' \"c d", &["onramp", "show", "a b", "c d"])]
    #[case("onramp show a\\ b", &["onramp", "show", "a b"])]
    #[case("onramp check x ''", &["onramp", "check", "x", ""])]
    fn lines_split_as_a_shell_reads_them(#[case] line: &str, #[case] expected: &[&str]) {
        assert_eq!(split_line(line), expected);
    }

    fn values(line: &str) -> Vec<String> {
        let mut content = ContentSource {
            no_bundled: false,
            ..ContentSource::default()
        };
        match offer(&words(line), &mut content) {
            Offer::Values(v) => v.into_iter().map(|(v, _)| v).collect(),
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn commands_flags_and_their_values() {
        assert!(values("onramp sh").contains(&"show".to_string()));
        assert!(
            !values("onramp ").contains(&"complete".to_string()),
            "hidden"
        );
        assert_eq!(values("onramp pack u"), ["update"]);
        assert!(values("onramp list --").contains(&"--kind".to_string()));
        assert!(
            values("onramp list --").contains(&"--content".to_string()),
            "global"
        );
        assert_eq!(values("onramp list --kind g"), ["guide"]);
        assert_eq!(values("onramp search x --kind=ru"), ["--kind=runbook"]);
        assert_eq!(values("onramp completions f"), ["fish"]);
        assert_eq!(values("onramp man pack r"), ["remove"]);
        assert_eq!(values("onramp start t"), ["today"]);
        assert_eq!(
            offer(&words("onramp --content "), &mut ContentSource::default()),
            Offer::Dirs
        );
        assert_eq!(
            offer(&words("onramp lint ./"), &mut ContentSource::default()),
            Offer::Dirs
        );
    }

    #[rstest::rstest]
    #[case("guides/welcome.x", "guides/welcome.x")]
    #[case("a b", "a\\ b")]
    #[case("it's", "it\\'s")]
    fn bash_values_are_escaped(#[case] value: &str, #[case] escaped: &str) {
        assert_eq!(bash_value(value, "", Some("")), escaped);
    }

    #[test]
    fn bash_values_are_cut_where_bash_broke_the_word() {
        assert_eq!(bash_value("18f:about", "18f:ab", Some("ab")), "about");
        assert_eq!(bash_value("18f:about", "18f:", Some(":")), ":about");
        assert_eq!(bash_value("--kind=guide", "--kind=g", Some("g")), "guide");
        assert_eq!(
            bash_value("guides/welcome", "guides/w", Some("guides/w")),
            "guides/welcome"
        );
    }
}
