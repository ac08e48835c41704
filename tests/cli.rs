//! The command line on the bundled pack and on small folders: list, show, paths, exit codes.

mod common;

use common::TestEnv;
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn list_json_on_the_bundled_pack() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .args(["list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let docs: Vec<Value> = serde_json::from_slice(&out).unwrap();
    assert!(docs.len() > 50, "only {} documents", docs.len());
    for d in &docs {
        for key in [
            "id",
            "title",
            "kind",
            "path",
            "source",
            "lang",
            "tags",
            "owner",
            "last_reviewed",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
        assert_eq!(d["source"], "bundled");
    }
    let welcome = docs
        .iter()
        .find(|d| d["id"] == "guides/welcome")
        .expect("welcome guide");
    assert_eq!(welcome["kind"], "guide");
    assert_eq!(welcome["path"], "guides/welcome.md");
}

#[test]
fn list_columns_stay_aligned_with_long_and_wide_ids() {
    let env = TestEnv::new();
    env.write("guides/a.md", "# Short\n");
    env.write("guides/日本語.md", "# Wide\n");
    let long = format!("guides/{}", "very-long-name-".repeat(5));
    env.write(&format!("{long}.md"), "# Long\n");
    env.write("checklists/week.md", "# Week\n");
    let out = env
        .on_content(&["list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let column = |title: &str| {
        let line = text.lines().find(|l| l.ends_with(title)).expect(title);
        unicode_width::UnicodeWidthStr::width(&line[..line.len() - title.len()])
    };
    assert_eq!(column("Short"), column("Wide"), "{text}");
    assert_eq!(column("Short"), column("Week"), "{text}");
    // The long id has its own line; its title lines up with the others on the next.
    assert!(
        text.lines().any(|l| l.trim_end().ends_with(&long)),
        "{text}"
    );
    assert_eq!(column("Short"), column("Long"), "{text}");
}

#[test]
fn list_kind_filter_and_table() {
    let env = TestEnv::new();
    env.cmd()
        .args(["list", "--kind", "runbook"])
        .assert()
        .success()
        .stdout(predicate::str::contains("runbook").and(predicate::str::contains("guide ").not()));
    env.cmd()
        .args(["list", "--kind", "recipe"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("recipe"));
}

#[test]
fn show_every_listed_bundled_document() {
    let env = TestEnv::new();
    let out = env.cmd().args(["list", "--json"]).output().unwrap().stdout;
    let docs: Vec<Value> = serde_json::from_slice(&out).unwrap();
    for d in docs {
        let id = d["id"].as_str().unwrap();
        let shown = env
            .cmd()
            .args(["show", id])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert!(!shown.is_empty(), "{id} shows nothing");
        assert!(
            !common::has_control(&shown),
            "{id} prints a control character"
        );
    }
}

#[test]
fn show_unknown_id_suggests_close_ones() {
    let env = TestEnv::new();
    env.cmd()
        .args(["show", "guides/welcom"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("guides/welcome"));
}

#[test]
fn later_sources_replace_earlier_ones_by_id() {
    let env = TestEnv::new();
    env.write("guides/welcome.md", "# Our own welcome\n\nTeam text.\n");
    let out = env
        .cmd()
        .arg("--content")
        .arg(env.content())
        .args(["list", "--json"])
        .output()
        .unwrap()
        .stdout;
    let docs: Vec<Value> = serde_json::from_slice(&out).unwrap();
    let welcome: Vec<_> = docs
        .iter()
        .filter(|d| d["id"] == "guides/welcome")
        .collect();
    assert_eq!(welcome.len(), 1);
    assert_eq!(welcome[0]["title"], "Our own welcome");
    assert_ne!(welcome[0]["source"], "bundled");
}

#[test]
fn no_bundled_leaves_the_pack_out() {
    let env = TestEnv::new();
    env.write("a.md", "# Only page\n");
    let out = env.on_content(&["list", "--json"]).output().unwrap().stdout;
    let docs: Vec<Value> = serde_json::from_slice(&out).unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], "a");
    assert_eq!(docs[0]["kind"], "guide");
}

#[test]
fn config_folders_load_between_bundled_and_flags() {
    let env = TestEnv::new();
    let team = env.dir.path().join("team");
    std::fs::create_dir_all(team.join("runbooks")).unwrap();
    std::fs::write(team.join("runbooks/db.md"), "# Database down\n").unwrap();
    std::fs::create_dir_all(env.dir.path().join("config")).unwrap();
    std::fs::write(
        env.dir.path().join("config/config.toml"),
        format!("content = [{:?}]\n", team.display().to_string()),
    )
    .unwrap();
    let out = env
        .cmd()
        .args(["--no-bundled", "list", "--json"])
        .output()
        .unwrap()
        .stdout;
    let docs: Vec<Value> = serde_json::from_slice(&out).unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["kind"], "runbook");
}

#[test]
fn missing_content_folder_is_a_clear_error() {
    let env = TestEnv::new();
    env.cmd()
        .args(["--content", "/no/such/folder", "list"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("/no/such/folder"));
}

#[test]
fn paths_show_each_folder_and_its_origin() {
    let env = TestEnv::new();
    env.cmd().arg("paths").assert().success().stdout(
        predicate::str::contains("from $ONRAMP_DATA_DIR")
            .and(predicate::str::contains("from $ONRAMP_CACHE_DIR")),
    );
}

#[test]
fn no_home_names_the_variable_to_set() {
    let env = TestEnv::new();
    let mut cmd = env.cmd();
    cmd.env("HOME", "not/an/absolute/home")
        .env_remove("ONRAMP_DATA_DIR")
        .env_remove("ONRAMP_CONFIG_DIR")
        .env_remove("ONRAMP_CACHE_DIR");
    cmd.arg("paths")
        .assert()
        .failure()
        .stderr(predicate::str::contains("ONRAMP_DATA_DIR"));
}

#[test]
fn tui_refuses_when_not_a_terminal() {
    let env = TestEnv::new();
    env.cmd()
        .assert()
        .failure()
        .stderr(predicate::str::contains("terminal"));
}

#[test]
fn broken_pipe_exits_zero() {
    let env = TestEnv::new();
    let bin = env!("CARGO_BIN_EXE_onramp");
    let root = env.dir.path();
    // Like `onramp list | head`: the reader is gone before onramp writes.
    let mut child = std::process::Command::new(bin)
        .args(["list", "--json"])
        .env("ONRAMP_CONFIG_DIR", root.join("c"))
        .env("ONRAMP_DATA_DIR", root.join("d"))
        .env("ONRAMP_CACHE_DIR", root.join("k"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_command_ends_quietly_when_its_reader_is_gone() {
    let env = TestEnv::new();
    env.cmd().args(["start", "2026-11-02"]).assert().success();
    for args in [
        &["completions", "bash"][..],
        &["completions", "zsh"],
        &["completions", "fish"],
        &["list"],
        &["list", "--json"],
        &["search", "failover"],
        &["search", "--json", "failover"],
        &["show", "guides/welcome"],
        &["checklist"],
        &["checklist", "first-week", "--json"],
        &["check", "first-week", "phone"],
        &["progress"],
        &["progress", "--markdown"],
        &["progress", "--json"],
        &["paths"],
        &["index"],
        &["start"],
        &["--help"],
    ] {
        // Like `onramp ... | head -0`: the reader is gone before onramp writes a byte.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_onramp"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", env.dir.path().join("home"))
            .env("ONRAMP_CONFIG_DIR", env.dir.path().join("config"))
            .env("ONRAMP_DATA_DIR", env.dir.path().join("data"))
            .env("ONRAMP_CACHE_DIR", env.dir.path().join("cache"))
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn completions_print_a_script() {
    let env = TestEnv::new();
    env.cmd()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("onramp"));
}

#[test]
fn same_id_in_two_content_folders_is_reported() {
    let env = TestEnv::new();
    let other = env.dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("about.md"), "# Second about\n").unwrap();
    env.write("about.md", "# First about\n");
    let out = env
        .on_content(&["--content", other.to_str().unwrap(), "list", "--json"])
        .output()
        .unwrap();
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["title"], "Second about");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("id `about` is also used by"), "{stderr}");
}

#[test]
fn show_draws_saved_ticks_and_due_dates() {
    let env = TestEnv::new();
    env.cmd().args(["start", "2026-11-02"]).assert().success();
    env.cmd()
        .args(["check", "checklists/first-week", "phone"])
        .assert()
        .success();
    let show = |today: &str| {
        let out = env
            .cmd()
            .env("ONRAMP_TODAY", today)
            .args(["show", "checklists/first-week", "--width", "200"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // The year shows when it is not this year's.
    let later = show("2027-01-04");
    let phone = later
        .lines()
        .find(|l| l.contains("Set up your phone"))
        .expect("phone item");
    assert!(phone.contains("Mon 2 Nov 2026"), "{phone}");
    let text = show("2026-11-05");
    let phone = text
        .lines()
        .find(|l| l.contains("Set up your phone"))
        .expect("phone item");
    assert!(phone.starts_with('☑'), "{phone}");
    assert!(phone.contains("(Mon 2 Nov)"), "{phone}");
    let badge = text
        .lines()
        .find(|l| l.contains("Collect laptop"))
        .expect("badge item");
    assert!(badge.starts_with('☐'), "{badge}");
}

#[test]
fn the_man_page_comes_from_the_command_definitions_and_renders() {
    let env = TestEnv::new();
    let page = env.cmd().arg("man").output().unwrap();
    assert!(page.status.success());
    let roff = String::from_utf8(page.stdout).unwrap();
    assert!(roff.contains(".TH onramp 1"), "{roff}");
    assert!(roff.contains("onramp\\-show(1)"), "{roff}");
    assert!(roff.contains("ONRAMP_CONFIG_DIR"), "{roff}");
    let add = env.cmd().args(["man", "pack", "add"]).output().unwrap();
    let add = String::from_utf8(add.stdout).unwrap();
    assert!(
        add.contains(".TH onramp-pack-add 1  \"onramp 0.1.0\""),
        "{add}"
    );
    assert!(add.contains("\\-\\-ref"), "{add}");
    env.cmd()
        .args(["man", "nope"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("has no command `nope`"));
    // Rendered as `onramp man | man -l -` does, where man is installed.
    let man = std::process::Command::new("man")
        .args(["-l", "-"])
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut man) = man {
        use std::io::Write;
        man.stdin
            .take()
            .unwrap()
            .write_all(roff.as_bytes())
            .unwrap();
        let out = man.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("SYNOPSIS") && text.contains("onramp-show(1)"),
            "{text}"
        );
    }
}
