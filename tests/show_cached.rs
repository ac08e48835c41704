//! `show` and `list` on a warm cache, through the real binary: they print what a full load
//! prints, read no page they do not print, and never print a page as it was.

mod common;

use std::fs;
use std::time::Duration;

use common::TestEnv;

fn env() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "people/ana.md",
        "---\ntitle: Ana Rossi\nrole: Platform engineer\n---\n# Ana Rossi\n\nAna runs the platform.\n",
    );
    env.write(
        "guides/vpn.md",
        "---\nowner: people/ana\n---\n# Connect to the VPN\n\nInstall the client, then read \
         [the laptop guide](laptop.md) and [the drill](../runbooks/failover.md).\n",
    );
    env.write(
        "guides/laptop.md",
        "# Set up your laptop\n\nTurn on disk encryption.\n",
    );
    env.write(
        "runbooks/failover.md",
        "# Failover drill\n\nPromote the replica.\n",
    );
    env
}

/// Runs onramp on the content folder; returns (stdout, stderr), asserting success.
fn run(env: &TestEnv, args: &[&str]) -> (String, String) {
    let out = env
        .on_content(args)
        .env("ONRAMP_TODAY", "2026-09-15")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?}: {stderr}");
    (stdout, stderr)
}

/// A search refreshes the index and its manifest; past the racy window a second one
/// records every file and folder as settled.
fn warm(env: &TestEnv) {
    let _ = env.on_content(&["search", "vpn"]).output().unwrap();
    std::thread::sleep(Duration::from_millis(2_100));
    let _ = env.on_content(&["search", "vpn"]).output().unwrap();
}

/// Overwrites `rel` in place (same file, so its folder does not change) with bytes a load
/// skips with a warning: a command that reads it says so.
fn poison(env: &TestEnv, rel: &str) {
    fs::write(env.content().join(rel), b"\0\0binary\0").unwrap();
}

#[test]
fn show_and_list_print_on_a_warm_cache_what_they_print_cold() {
    let env = env();
    let cold: Vec<(String, String)> = [
        &["show", "guides/vpn"][..],
        &["show", "people/ana"],
        &["show", "--raw", "guides/laptop"],
        &["list"],
        &["list", "--json"],
    ]
    .iter()
    .map(|args| run(&env, args))
    .collect();
    warm(&env);
    let warm_runs: Vec<(String, String)> = [
        &["show", "guides/vpn"][..],
        &["show", "people/ana"],
        &["show", "--raw", "guides/laptop"],
        &["list"],
        &["list", "--json"],
    ]
    .iter()
    .map(|args| run(&env, args))
    .collect();
    assert_eq!(warm_runs, cold);
    assert!(cold[0].0.contains("[2] guides/laptop"), "{}", cold[0].0);
    assert!(cold[0].0.contains("Ana Rossi"), "{}", cold[0].0);
}

#[test]
fn show_reads_only_its_page_and_list_notices_every_change() {
    let env = env();
    warm(&env);
    poison(&env, "runbooks/failover.md");
    // The drill is not printed by `show guides/laptop`: not read, so no warning about it.
    let (out, err) = run(&env, &["show", "guides/laptop"]);
    assert!(out.contains("Set up your laptop"), "{out}");
    assert!(!err.contains("failover"), "{err}");
    // `show guides/vpn` names the drill: its file changed, so the page is loaded in full.
    let (out, err) = run(&env, &["show", "guides/vpn"]);
    assert!(err.contains("failover.md"), "{err}");
    assert!(out.contains("[3] ../runbooks/failover.md"), "{out}");
    // `list` prints every page, so every file is checked, and the change is seen.
    let (out, err) = run(&env, &["list"]);
    assert!(err.contains("failover.md"), "{err}");
    assert!(!out.contains("Failover drill"), "{out}");
}

#[test]
fn a_stale_manifest_never_prints_stale_content() {
    let env = env();
    warm(&env);
    // The body, in place.
    env.write(
        "guides/laptop.md",
        "# Set up your laptop\n\nNow with a new step.\n",
    );
    let (out, _) = run(&env, &["show", "guides/laptop"]);
    assert!(out.contains("Now with a new step."), "{out}");
    // A field the catalog recorded (the title), in place.
    env.write("guides/laptop.md", "# A new title\n\nText.\n");
    let (out, _) = run(&env, &["show", "guides/laptop"]);
    assert!(out.contains("A new title"), "{out}");
    let (out, _) = run(&env, &["list"]);
    assert!(out.contains("A new title"), "{out}");
    // The owner's name, printed in another page's header.
    env.write(
        "people/ana.md",
        "---\ntitle: Ana Bianchi\n---\n# Ana Bianchi\n",
    );
    let (out, _) = run(&env, &["show", "guides/vpn"]);
    assert!(out.contains("Ana Bianchi"), "{out}");
    // A page that takes the id from another folder.
    env.write(
        "guides/more/x.md",
        "---\nid: guides/laptop\n---\n# Taken over\n",
    );
    let (out, _) = run(&env, &["show", "guides/laptop"]);
    assert!(out.contains("Taken over"), "{out}");
}

#[test]
fn without_a_cache_show_and_list_load_everything() {
    let env = env();
    warm(&env);
    fs::remove_dir_all(env.dir.path().join("cache")).unwrap();
    poison(&env, "runbooks/failover.md");
    let (out, err) = run(&env, &["show", "guides/laptop"]);
    assert!(out.contains("Set up your laptop"), "{out}");
    assert!(
        err.contains("failover.md"),
        "a full load reads every page: {err}"
    );
    let (out, _) = run(&env, &["list"]);
    assert!(out.contains("guides/laptop"), "{out}");
    // An id no page has still gets the full load's answer, close ids and all.
    let out = env.on_content(&["show", "guides/laptp"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("guides/laptop"));
}
