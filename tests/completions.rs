//! Shell completion as a shell runs it: the script `onramp completions SHELL` prints is
//! loaded into bash, zsh and fish (each where it is installed) and its function is run on a
//! command line, so the values come from the real binary answering `onramp complete`: page
//! ids for `show`, checklist and item ids for `check`, kinds, commands and flags.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::TestEnv;

/// The folder of the onramp binary first, so the scripts' `onramp` is the one under test.
fn path_with_onramp() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_onramp")).parent().unwrap();
    let mut dirs = vec![bin.to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap()
}

fn has(shell: &str) -> bool {
    let found = Command::new(shell)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("{shell} is not installed: its completion is not run here");
    }
    found
}

/// The completion script for `shell`, written into the test's folder.
fn script(env: &TestEnv, shell: &str) -> PathBuf {
    let out = env.cmd().args(["completions", shell]).output().unwrap();
    assert!(out.status.success());
    let file = env.dir.path().join(format!("onramp.{shell}"));
    std::fs::write(&file, out.stdout).unwrap();
    file
}

/// `shell -c code` in the test's hermetic environment; its stdout lines.
fn run_shell(env: &TestEnv, shell: &str, args: &[&str], code: &str) -> Vec<String> {
    let root = env.dir.path();
    let out = Command::new(shell)
        .args(args)
        .arg("-c")
        .arg(code)
        .env_clear()
        .env("PATH", path_with_onramp())
        .env("HOME", root.join("home"))
        .env("ONRAMP_CONFIG_DIR", root.join("config"))
        .env("ONRAMP_DATA_DIR", root.join("data"))
        .env("ONRAMP_CACHE_DIR", root.join("cache"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{shell}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Bash's COMPREPLY for `line`, where `word` is the word bash hands the function (the part
/// of the last word after a `:` or `=`, as bash splits it).
fn bash(env: &TestEnv, line: &str, word: &str) -> Vec<String> {
    let file = script(env, "bash");
    let code = format!(
        "source {}; COMP_LINE={}; COMP_POINT=${{#COMP_LINE}}; _onramp onramp {} x; \
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        quote(&file.display().to_string()),
        quote(line),
        quote(word)
    );
    run_shell(env, "bash", &["--norc", "--noprofile"], &code)
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[test]
fn bash_completes_ids_items_kinds_and_commands() {
    if !has("bash") {
        return;
    }
    let env = TestEnv::new();
    let shown = bash(&env, "onramp show guides/w", "guides/w");
    assert!(shown.contains(&"guides/welcome".to_string()), "{shown:?}");
    assert!(shown.iter().all(|v| v.starts_with("guides/w")), "{shown:?}");
    let items = bash(&env, "onramp check first-week ", "");
    assert!(items.contains(&"phone".to_string()), "{items:?}");
    assert!(!items.contains(&"first-week".to_string()), "{items:?}");
    assert_eq!(bash(&env, "onramp list --kind ru", "ru"), ["runbook"]);
    // After `=`, bash's word is the part after it.
    assert_eq!(bash(&env, "onramp search x --kind=ch", "ch"), ["checklist"]);
    assert_eq!(bash(&env, "onramp sho", "sho"), ["show"]);
    assert_eq!(bash(&env, "onramp show x --wi", "--wi"), ["--width"]);
    assert_eq!(
        bash(&env, "onramp note new --template shad", "shad"),
        ["shadowing"]
    );
    assert_eq!(
        bash(&env, "onramp note new --person pri", "pri"),
        ["people/priya-natarajan"]
    );
    let lists = bash(&env, "onramp checklist ", "");
    assert!(
        lists.contains(&"checklists/first-week".to_string()),
        "{lists:?}"
    );
    // The content flags count: these ids are the folder's.
    env.write("guides/zebra crossing.md", "# Zebra\n");
    let content = env.content().display().to_string();
    let line = format!("onramp --no-bundled --content {content} show ");
    assert_eq!(bash(&env, &line, ""), ["guides/zebra\\ crossing"]);
}

#[test]
fn zsh_completes_ids_with_their_titles() {
    if !has("zsh") {
        return;
    }
    let env = TestEnv::new();
    let file = script(&env, "zsh");
    // `_describe` and `compdef` are compsys's; these stand-ins print what they are given.
    let code = format!(
        "_describe() {{ print -rl -- ${{(P)${{@[-1]}}}}; }}; _files() {{ print -r -- \"files $*\"; }}; \
         compdef() {{ :; }}; source {}; \
         words=(onramp show guides/w); CURRENT=3; _onramp; \
         words=(onramp check first-week ''); CURRENT=4; _onramp; \
         words=(onramp --content ''); CURRENT=3; _onramp",
        quote(&file.display().to_string())
    );
    let lines = run_shell(&env, "zsh", &["-f"], &code);
    assert!(
        lines
            .iter()
            .any(|l| l == "guides/welcome:Welcome to Enterprise Support"),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.starts_with("phone:")), "{lines:?}");
    assert!(lines.contains(&"files -/".to_string()), "{lines:?}");
}

#[test]
fn fish_completes_ids_with_their_titles() {
    if !has("fish") {
        return;
    }
    let env = TestEnv::new();
    let file = script(&env, "fish");
    let code = format!(
        "source {}; complete -C 'onramp show guides/w'; complete -C 'onramp check first-week '; \
         complete -C 'onramp list --kind '",
        quote(&file.display().to_string())
    );
    let lines = run_shell(&env, "fish", &["--no-config"], &code);
    assert!(
        lines.contains(&"guides/welcome\tWelcome to Enterprise Support".to_string()),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.starts_with("phone\t")), "{lines:?}");
    assert!(lines.contains(&"runbook".to_string()), "{lines:?}");
}

#[test]
fn other_shells_get_clap_s_script() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .args(["completions", "powershell"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Register-ArgumentCompleter"));
}
