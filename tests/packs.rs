//! `onramp pack` end to end, with git repositories made on the spot in a temp folder and
//! reached by path or `file://` URL: add, list, show and search across two packs, update to
//! a new commit, a repository that has gone, a failed add, remove, staleness, and no git.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TestEnv, has_control};
use predicates::prelude::*;
use serde_json::Value;

/// A git repository in `dir` with `files`, committed; returns its path.
fn repo(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    git(dir, &["init", "-q", "-b", "main"]);
    commit(dir, files, "first");
    dir.to_path_buf()
}

fn commit(dir: &Path, files: &[(&str, &str)], message: &str) -> String {
    for (rel, text) in files {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
    git(dir, &["rev-parse", "HEAD"]).trim().to_string()
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn list_json(env: &TestEnv) -> Vec<Value> {
    let out = stdout(env.cmd().args(["--no-bundled", "pack", "list", "--json"]));
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// A handbook written for `MkDocs` and one for Jekyll, both with an `about` page.
fn two_handbooks(env: &TestEnv) -> (PathBuf, PathBuf) {
    let root = env.dir.path().join("repos");
    let mkdocs = repo(
        &root.join("incident-response"),
        &[
            (
                "mkdocs.yml",
                "site_name: IR\nnav:\n  - Home: index.md\n  - Training:\n    - Incident Commander: training/incident_commander.md\n",
            ),
            (
                "docs/index.md",
                "Start with the [commander](training/incident_commander.md).\n",
            ),
            (
                "docs/about.md",
                "This site documents the incident response process.\n",
            ),
            (
                "docs/training/incident_commander.md",
                "So you want to be an incident commander? Keep the call calm.\n",
            ),
            (
                "docs/training/scribe.md",
                "The scribe writes the timeline of the incident.\n",
            ),
        ],
    );
    let jekyll = repo(
        &root.join("handbook"),
        &[
            ("LICENSE.md", "CC0\n"),
            (
                "pages/about.md",
                "---\ntitle: About the handbook\n---\nThe handbook is our living guide.\n",
            ),
            (
                "pages/travel-and-leave/leave.md",
                "---\ntitle: Leave types\n---\n{% alert \"Check first\", \"warning\" %}\n  Read the [out of office expectations]({% page \"travel-and-leave/going-out-of-office/\" %}).\n{% endalert %}\n\nAsk in {% slack_channel \"people-ops\" %} about sabbatical leave.\n",
            ),
            (
                "pages/travel-and-leave/going-out-of-office.md",
                "# Going out of office\n\nSet an away message.\n",
            ),
            ("pages/tools/slack.md", "# Slack\n\nOur chat.\n"),
        ],
    );
    (mkdocs, jekyll)
}

fn add_both(env: &TestEnv) -> (PathBuf, PathBuf) {
    let (mkdocs, jekyll) = two_handbooks(env);
    env.cmd()
        .args(["--no-bundled", "pack", "add"])
        .arg(url(&mkdocs))
        .args(["--name", "pagerduty"])
        .assert()
        .success()
        .stdout(predicate::str::contains("added pack `pagerduty`"));
    // A plain path works as for `git clone`.
    env.cmd()
        .args(["--no-bundled", "pack", "add"])
        .arg(&jekyll)
        .args(["--name", "18f"])
        .assert()
        .success();
    (mkdocs, jekyll)
}

#[test]
fn two_packs_are_added_listed_shown_and_searched() {
    let env = TestEnv::new();
    let (mkdocs, jekyll) = add_both(&env);
    let packs = list_json(&env);
    let names: Vec<&str> = packs.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["18f", "pagerduty"]);
    let head = |dir: &Path| git(dir, &["rev-parse", "HEAD"]).trim().to_string();
    assert_eq!(packs[0]["commit"], head(&jekyll).as_str());
    assert_eq!(packs[1]["commit"], head(&mkdocs).as_str());
    assert_eq!(packs[0]["pages"], 4);
    assert_eq!(packs[1]["pages"], 4);
    assert_eq!(packs[1]["stale"], false);

    let about_18f = stdout(env.cmd().args(["--no-bundled", "show", "18f:about"]));
    assert!(about_18f.contains("living guide"), "{about_18f}");
    let about_pd = stdout(env.cmd().args(["--no-bundled", "show", "pagerduty:about"]));
    assert!(about_pd.contains("incident response process"), "{about_pd}");
    // The bare id names both: `show` lists them.
    env.cmd()
        .args(["--no-bundled", "show", "about"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("18f:about, pagerduty:about"));
    // Unique bare ids keep working.
    stdout(env.cmd().args(["--no-bundled", "show", "training/scribe"]));

    // Titles: the nav's, else the file name as MkDocs makes it.
    let list = stdout(env.cmd().args(["--no-bundled", "list", "--json"]));
    let docs: Vec<Value> = serde_json::from_str(&list).unwrap();
    let title = |id: &str| {
        docs.iter()
            .find(|d| d["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {list}"))["title"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        title("pagerduty:training/incident_commander"),
        "Incident Commander"
    );
    assert_eq!(title("pagerduty:training/scribe"), "Scribe");
    assert_eq!(title("pagerduty:index"), "Home");
    let slack = docs.iter().find(|d| d["id"] == "18f:tools/slack").unwrap();
    assert_eq!(
        slack["kind"], "guide",
        "a handbook's tools/ is not the Tools screen"
    );
    assert_eq!(slack["pack"], "18f");

    // No raw Liquid in the rendered page; its `{% page %}` link names the page.
    let leave = stdout(
        env.cmd()
            .args(["--no-bundled", "show", "18f:travel-and-leave/leave"]),
    );
    assert!(!leave.contains("{%") && !leave.contains("{{"), "{leave}");
    assert!(
        leave.contains("Check first") && leave.contains("#people-ops"),
        "{leave}"
    );
    assert!(
        leave.contains("[1] 18f:travel-and-leave/going-out-of-office"),
        "{leave}"
    );

    // Search finds pages of both packs, by qualified id.
    let hits = |q: &str| {
        let out = stdout(env.cmd().args(["--no-bundled", "search", "--json", q]));
        serde_json::from_str::<Vec<Value>>(&out)
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(hits("sabbatical")[0], "18f:travel-and-leave/leave");
    assert_eq!(
        hits("commander calm")[0],
        "pagerduty:training/incident_commander"
    );
}

#[test]
fn an_update_pulls_a_new_commit_and_reads_only_what_changed() {
    let env = TestEnv::new();
    let (mkdocs, _) = add_both(&env);
    let before = list_json(&env)[1]["commit"].as_str().unwrap().to_string();
    // Search once so the index and its manifest exist.
    stdout(env.cmd().args(["--no-bundled", "search", "scribe"]));
    fs::remove_file(mkdocs.join("docs/about.md")).unwrap();
    let after = commit(
        &mkdocs,
        &[
            (
                "docs/training/scribe.md",
                "The scribe writes the timeline, minute by minute.\n",
            ),
            (
                "docs/training/deputy.md",
                "The deputy backs up the commander; quokka drills weekly.\n",
            ),
        ],
        "second",
    );
    let out = stdout(
        env.cmd()
            .args(["--no-bundled", "pack", "update", "pagerduty"]),
    );
    assert!(
        out.contains(&format!("pagerduty: {}..{}", &before[..10], &after[..10])),
        "{out}"
    );
    assert!(out.contains("1 added, 1 changed, 1 removed"), "{out}");
    assert!(out.contains("added    training/deputy.md"), "{out}");
    assert!(out.contains("removed  about.md"), "{out}");
    // The index read the changed pages again, not every page.
    assert!(out.contains("files read again"), "{out}");
    assert!(!out.contains("every page read"), "{out}");
    assert_eq!(list_json(&env)[1]["commit"], after.as_str());
    let hits = stdout(
        env.cmd()
            .args(["--no-bundled", "search", "--json", "quokka"]),
    );
    assert!(hits.contains("pagerduty:training/deputy"), "{hits}");
    env.cmd()
        .args(["--no-bundled", "show", "pagerduty:about"])
        .assert()
        .failure();
    // Nothing new: up to date, and the fetch time moves.
    let again = stdout(env.cmd().args(["--no-bundled", "pack", "update"]));
    assert!(again.contains("pagerduty: up to date"), "{again}");
    assert!(again.contains("18f: up to date"), "{again}");
}

#[test]
fn an_update_from_a_repository_that_has_gone_fails_and_keeps_the_pack() {
    let env = TestEnv::new();
    let (mkdocs, _) = add_both(&env);
    let commit_before = list_json(&env)[1]["commit"].clone();
    fs::rename(&mkdocs, env.dir.path().join("moved-away")).unwrap();
    let out = env
        .cmd()
        .args(["--no-bundled", "pack", "update"])
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pagerduty: update failed"), "{stderr}");
    assert!(stderr.contains("fetching pack `pagerduty`"), "{stderr}");
    assert!(!has_control(&out.stderr));
    // The other pack was updated (up to date), the gone one kept as it was.
    assert!(String::from_utf8_lossy(&out.stdout).contains("18f: up to date"));
    assert_eq!(list_json(&env)[1]["commit"], commit_before);
    stdout(env.cmd().args(["--no-bundled", "show", "pagerduty:about"]));
}

#[test]
fn an_update_whose_checkout_fails_keeps_the_live_one() {
    let env = TestEnv::new();
    let (mkdocs, _) = add_both(&env);
    commit(
        &mkdocs,
        &[("docs/about.md", "Rewritten about page.\n")],
        "second",
    );
    // The spare checkout's place is taken by a file: the new commit cannot be written.
    let spare = env.dir.path().join("data/packs/pagerduty/b");
    fs::write(&spare, "in the way").unwrap();
    env.cmd()
        .args(["--no-bundled", "pack", "update", "pagerduty"])
        .assert()
        .failure();
    let about = stdout(env.cmd().args(["--no-bundled", "show", "pagerduty:about"]));
    assert!(about.contains("incident response process"), "{about}");
    fs::remove_file(&spare).unwrap();
    stdout(
        env.cmd()
            .args(["--no-bundled", "pack", "update", "pagerduty"]),
    );
    let about = stdout(env.cmd().args(["--no-bundled", "show", "pagerduty:about"]));
    assert!(about.contains("Rewritten"), "{about}");
}

#[test]
fn a_failed_add_leaves_nothing_behind() {
    let env = TestEnv::new();
    let missing = env.dir.path().join("no-such-repo");
    env.cmd()
        .args(["--no-bundled", "pack", "add"])
        .arg(url(&missing))
        .args(["--name", "ghost"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cloning"));
    assert!(list_json(&env).is_empty());
    let packs_dir = env.dir.path().join("data/packs");
    let left: Vec<String> = fs::read_dir(&packs_dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != ".lock")
                .collect()
        })
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
    // A branch that does not exist fails the same way.
    let (mkdocs, _) = two_handbooks(&env);
    env.cmd()
        .args(["--no-bundled", "pack", "add"])
        .arg(&mkdocs)
        .args(["--ref", "no-such-branch"])
        .assert()
        .failure();
    assert!(list_json(&env).is_empty());
}

#[test]
fn refs_names_and_duplicates() {
    let env = TestEnv::new();
    let (mkdocs, _) = two_handbooks(&env);
    let first = git(&mkdocs, &["rev-parse", "HEAD"]).trim().to_string();
    git(&mkdocs, &["tag", "v1"]);
    commit(&mkdocs, &[("docs/about.md", "Version two.\n")], "second");
    env.cmd()
        .args(["--no-bundled", "pack", "add"])
        .arg(url(&mkdocs))
        .args(["--ref", "v1", "--name", "pinned"])
        .assert()
        .success();
    env.cmd()
        .args(["--no-bundled", "pack", "add"])
        .arg(url(&mkdocs))
        .args(["--ref", &first[..12], "--name", "by-commit"])
        .assert()
        .success();
    // Without --name, the name comes from the repository.
    env.cmd()
        .args(["--no-bundled", "pack", "add"])
        .arg(url(&mkdocs))
        .assert()
        .success()
        .stdout(predicate::str::contains("`incident-response`"));
    let packs = list_json(&env);
    let by = |n: &str| packs.iter().find(|p| p["name"] == n).unwrap().clone();
    assert_eq!(by("pinned")["commit"], first.as_str());
    assert_eq!(by("pinned")["ref"], "v1");
    assert_eq!(by("by-commit")["commit"], first.as_str());
    assert_ne!(by("incident-response")["commit"], first.as_str());
    env.cmd()
        .args(["--no-bundled", "pack", "add"])
        .arg(url(&mkdocs))
        .args(["--name", "pinned"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already added"));
    env.cmd()
        .args(["--no-bundled", "pack", "add"])
        .arg(url(&mkdocs))
        .args(["--name", "Bad:Name"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot be a pack name"));
    // A pack pinned to a commit has nothing to fetch.
    let out = stdout(
        env.cmd()
            .args(["--no-bundled", "pack", "update", "by-commit"]),
    );
    assert!(out.contains("by-commit: up to date"), "{out}");
}

#[test]
fn remove_drops_pages_and_index_entries_but_keeps_progress() {
    let env = TestEnv::new();
    let root = env.dir.path().join("repos");
    let team = repo(
        &root.join("team"),
        &[
            ("onramp.toml", "name = \"Team\"\n"),
            (
                "checklists/week.md",
                "# Week one\n\n- [ ] Meet the wombat team {#meet}\n",
            ),
        ],
    );
    env.cmd()
        .args(["--no-bundled", "pack", "add"])
        .arg(&team)
        .assert()
        .success();
    env.cmd()
        .args(["--no-bundled", "check", "team:checklists/week", "meet"])
        .assert()
        .success();
    let found = stdout(
        env.cmd()
            .args(["--no-bundled", "search", "--json", "wombat"]),
    );
    assert!(found.contains("team:checklists/week"), "{found}");
    env.cmd()
        .args(["--no-bundled", "pack", "remove", "team"])
        .assert()
        .success()
        .stdout(predicate::str::contains("removed pack `team`"));
    assert!(list_json(&env).is_empty());
    assert!(!env.dir.path().join("data/packs/team").exists());
    // Nothing matches now: `[]`, and exit 1 as grep would.
    let gone = env
        .cmd()
        .args(["--no-bundled", "search", "--json", "wombat"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(gone).unwrap().trim(), "[]");
    let progress = fs::read_to_string(env.dir.path().join("data/progress.json")).unwrap();
    assert!(progress.contains("team:checklists/week"), "{progress}");
    // Added again, the tick is still there: progress is keyed by the qualified id.
    env.cmd()
        .args(["--no-bundled", "pack", "add"])
        .arg(&team)
        .assert()
        .success();
    let lists = stdout(
        env.cmd()
            .args(["--no-bundled", "checklist", "week", "--json"]),
    );
    assert!(lists.contains("\"done\""), "{lists}");
    env.cmd()
        .args(["--no-bundled", "pack", "remove", "nope"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no pack named `nope`"));
}

#[test]
fn pack_list_says_when_a_pack_is_out_of_date() {
    let env = TestEnv::new();
    add_both(&env);
    let state = env.dir.path().join("data/packs/packs.toml");
    let text = fs::read_to_string(&state).unwrap();
    // Fetched long ago (the state file is onramp's; only this test edits it).
    let re = text
        .lines()
        .map(|l| {
            if l.starts_with("fetched") {
                "fetched = \"2020-01-01T00:00:00Z\"".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(&state, re).unwrap();
    let out = stdout(env.cmd().args(["--no-bundled", "pack", "list"]));
    assert!(out.contains("out of date"), "{out}");
    assert_eq!(list_json(&env)[0]["stale"], true);
    fs::create_dir_all(env.dir.path().join("config")).unwrap();
    fs::write(
        env.dir.path().join("config/config.toml"),
        "[packs]\nstale_after = \"5000w\"\n",
    )
    .unwrap();
    assert_eq!(list_json(&env)[0]["stale"], false);
}

#[test]
fn searching_and_showing_never_touch_the_network() {
    let env = TestEnv::new();
    let (mkdocs, _) = add_both(&env);
    // The remote is gone: anything that fetched would fail.
    fs::remove_dir_all(&mkdocs).unwrap();
    stdout(env.cmd().args(["--no-bundled", "search", "commander"]));
    stdout(env.cmd().args(["--no-bundled", "show", "pagerduty:about"]));
    stdout(env.cmd().args(["--no-bundled", "pack", "list"]));
    stdout(env.cmd().args(["--no-bundled", "list"]));
}

#[test]
fn without_git_the_message_says_so() {
    let env = TestEnv::new();
    let (mkdocs, _) = two_handbooks(&env);
    let empty = env.dir.path().join("empty-path");
    fs::create_dir_all(&empty).unwrap();
    env.cmd()
        .env("PATH", &empty)
        .args(["--no-bundled", "pack", "add"])
        .arg(&mkdocs)
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("`git` command").and(predicate::str::contains("install git")),
        );
}
