//! `onramp search` and `onramp index` as a user runs them.

mod search_support;

use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use search_support::pack;

struct TestEnv {
    tmp: tempfile::TempDir,
}

impl TestEnv {
    fn new() -> TestEnv {
        let tmp = tempfile::tempdir().unwrap();
        pack(&tmp.path().join("content"));
        TestEnv { tmp }
    }

    fn dir(&self, name: &str) -> std::path::PathBuf {
        self.tmp.path().join(name)
    }

    fn args(&self, extra: &[&str]) -> Vec<String> {
        let mut v = vec![
            "--no-bundled".to_string(),
            "--content".to_string(),
            self.dir("content").display().to_string(),
        ];
        v.extend(extra.iter().map(|s| (*s).to_string()));
        v
    }

    fn cmd(&self, extra: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("onramp").unwrap();
        self.envs(cmd.args(self.args(extra)));
        cmd
    }

    fn envs<C: Envs>(&self, cmd: &mut C) {
        cmd.set("ONRAMP_CONFIG_DIR", &self.dir("config"));
        cmd.set("ONRAMP_DATA_DIR", &self.dir("data"));
        cmd.set("ONRAMP_CACHE_DIR", &self.dir("cache"));
    }
}

trait Envs {
    fn set(&mut self, key: &str, value: &Path);
}

impl Envs for Command {
    fn set(&mut self, key: &str, value: &Path) {
        self.env(key, value);
    }
}

impl Envs for StdCommand {
    fn set(&mut self, key: &str, value: &Path) {
        self.env(key, value);
    }
}

fn json(out: &[u8]) -> Vec<serde_json::Value> {
    serde_json::from_slice(out).unwrap()
}

#[test]
fn json_hits_have_the_documented_shape() {
    let env = TestEnv::new();
    let out = env
        .cmd(&["search", "--json", "disk", "encryption"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hits = json(&out.stdout);
    let first = hits[0].as_object().unwrap();
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "id", "kind", "lang", "path", "score", "snippet", "source", "title"
        ]
    );
    assert_eq!(first["id"], "guides/laptop");
    assert_eq!(first["kind"], "guide");
    assert_eq!(first["path"], "guides/laptop.md");
    assert_eq!(first["lang"], "en");
    assert!(first["score"].as_f64().unwrap() > 0.0);
    let snippet = first["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("«disk»") && snippet.contains("«encryption»"),
        "{snippet}"
    );
}

#[test]
fn kind_and_limit_flags() {
    let env = TestEnv::new();
    let out = env
        .cmd(&[
            "search", "--json", "--kind", "runbook", "--limit", "1", "crash", "disk",
        ])
        .output()
        .unwrap();
    let hits = json(&out.stdout);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["kind"], "runbook");
}

#[test]
fn plain_output_lists_hits_with_marked_snippets() {
    let env = TestEnv::new();
    let out = env
        .cmd(&["search", "war", "room", "incident"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(" 1. War room  [term] glossary/war-room\n"),
        "{text}"
    );
    assert!(text.contains("«"), "{text}");
}

#[test]
fn odd_queries_run_and_are_echoed_safely() {
    let env = TestEnv::new();
    for query in ["\"unterminated", "title:", "\u{1b}]0;pwned\u{7}zzzz"] {
        let out = env.cmd(&["search", query]).output().unwrap();
        // Found or not found, never "could not search".
        assert!(matches!(out.status.code(), Some(0 | 1)), "{query:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
    }
    let long = "word ".repeat(2_000);
    env.cmd(&["search", "--json", &long]).assert().code(1);
}

#[test]
fn the_exit_code_says_found_not_found_or_failed_as_grep_does() {
    let env = TestEnv::new();
    env.cmd(&["search", "vpn"]).assert().code(0);
    env.cmd(&["search", "--json", "vpn"]).assert().code(0);
    let out = env.cmd(&["search", "xyzzyplugh"]).assert().code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("No pages match"), "{text}");
    let out = env
        .cmd(&["search", "--json", "xyzzyplugh"])
        .assert()
        .code(1);
    assert_eq!(
        json(&out.get_output().stdout),
        Vec::<serde_json::Value>::new()
    );
    // A content folder that is not there: no search ran, which is not "no match".
    let missing = env.dir("no-such-folder").display().to_string();
    let out = env
        .cmd(&["--content", &missing, "search", "vpn"])
        .assert()
        .code(2);
    assert!(
        String::from_utf8_lossy(&out.get_output().stderr).contains("onramp: error"),
        "{out:?}"
    );
}

#[test]
fn index_reports_counts_and_rebuilds() {
    let env = TestEnv::new();
    let out = env.cmd(&["index"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("built from scratch"), "{text}");
    assert!(text.contains("pages    13 (added 13"), "{text}");
    let text = String::from_utf8(env.cmd(&["index"]).output().unwrap().stdout).unwrap();
    assert!(text.contains("up to date"), "{text}");
    let text =
        String::from_utf8(env.cmd(&["index", "--rebuild"]).output().unwrap().stdout).unwrap();
    assert!(text.contains("built from scratch"), "{text}");
}

#[test]
fn two_processes_at_once_both_answer() {
    let env = TestEnv::new();
    let bin = assert_cmd::cargo::cargo_bin("onramp");
    let spawn = || {
        let mut cmd = StdCommand::new(&bin);
        cmd.args(env.args(&["search", "--json", "vpn"]))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        env.envs(&mut cmd);
        cmd.spawn().unwrap()
    };
    // Several rounds: the first builds the index while the second starts.
    for _ in 0..3 {
        let a = spawn();
        let b = spawn();
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let hits = json(&out.stdout);
            assert_eq!(hits[0]["id"], "guides/vpn");
        }
    }
}
