//! The search cache under faults, through the real binary: a damaged segment is rebuilt by
//! itself, what a dead build left is cleaned up, and no FIFO, device or dangling link in the
//! cache can hang or flood a search.
#![cfg(unix)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::TestEnv;

/// Long enough for a debug build on a busy machine; a hang is what it guards against.
const HANG: Duration = Duration::from_secs(120);

fn env() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "runbooks/failover.md",
        "# Failover drill\n\nPromote the replica, then check replication lag.\n",
    );
    env.write(
        "guides/vpn.md",
        "# Connect to the VPN\n\nInstall the client before the failover drill.\n",
    );
    env
}

fn cache(env: &TestEnv) -> PathBuf {
    env.dir.path().join("cache")
}

fn index(env: &TestEnv) -> PathBuf {
    cache(env).join("index")
}

/// Runs `search failover`, which must succeed with both pages; returns stderr.
fn search_ok(env: &TestEnv) -> String {
    let out = env
        .on_content(&["search", "--json", "failover"])
        .timeout(HANG)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits.len(), 2, "{stderr}");
    stderr
}

fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect()
}

/// Zeros over the first half of each stored-documents file, in place, as `dd conv=notrunc`.
fn zero_stores(dir: &Path) {
    for path in files_with_extension(dir, "store") {
        let mut bytes = fs::read(&path).unwrap();
        let half = bytes.len() / 2;
        bytes[..half].fill(0);
        fs::write(&path, bytes).unwrap();
    }
}

fn mkfifo(path: &Path) {
    let _ = fs::remove_file(path);
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

fn cache_entries(env: &TestEnv) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(cache(env))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_damaged_segment_is_rebuilt_by_the_next_search() {
    let env = env();
    assert_eq!(search_ok(&env), "");
    zero_stores(&index(&env));
    let stderr = search_ok(&env);
    assert!(
        stderr.contains("damaged") && stderr.contains("rebuilt"),
        "one notice: {stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(search_ok(&env), "", "and it stays repaired");
}

#[test]
fn index_checks_every_file_rather_than_say_up_to_date() {
    let env = env();
    search_ok(&env);
    zero_stores(&index(&env));
    let out = env.on_content(&["index"]).timeout(HANG).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("built from scratch"), "{stdout}");
    assert!(stderr.contains("damaged"), "{stderr}");
    let out = env.on_content(&["index"]).timeout(HANG).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("up to date"));
}

#[test]
fn fifos_in_the_cache_never_hang_a_search() {
    let env = env();
    search_ok(&env);
    let store = files_with_extension(&index(&env), "store").remove(0);
    for fifo in [
        index(&env).join("meta.json"),
        cache(&env).join("index.manifest"),
        cache(&env).join("index.lock"),
        index(&env).join(".tantivy-writer.lock"),
        index(&env).join(".managed.json"),
        store,
    ] {
        search_ok(&env);
        mkfifo(&fifo);
        // Twice: once finding the FIFO, once after whatever the first run did about it.
        search_ok(&env);
        env.write("guides/touch.md", format!("# Touched {}\n", fifo.display()));
        search_ok(&env);
        let _ = fs::remove_file(&fifo);
        fs::remove_file(env.content().join("guides/touch.md")).unwrap();
    }
}

#[test]
fn links_to_dev_zero_are_not_read() {
    let env = env();
    for link in [
        index(&env).join("meta.json"),
        cache(&env).join("index.manifest"),
    ] {
        search_ok(&env);
        let _ = fs::remove_file(&link);
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        search_ok(&env);
        search_ok(&env);
        let _ = fs::remove_file(&link);
    }
}

#[test]
fn what_a_dead_build_left_is_removed() {
    let env = env();
    search_ok(&env);
    // As a build killed before its rename leaves them: a pid no process has, files inside.
    for name in ["index.tmp-4000001", "index.old-4000002"] {
        let dir = cache(&env).join(name);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("0a1b.store"), vec![7u8; 4096]).unwrap();
    }
    fs::create_dir_all(cache(&env).join("index.tmp-notapid")).unwrap();
    search_ok(&env);
    assert_eq!(
        cache_entries(&env),
        [
            "index",
            "index.catalog",
            "index.lock",
            "index.manifest",
            "index.tmp-notapid"
        ]
    );
}

#[test]
fn a_build_under_way_is_left_alone() {
    let env = env();
    search_ok(&env);
    let live = cache(&env).join("index.tmp-4000003");
    fs::create_dir_all(&live).unwrap();
    // Another onramp building holds the index lock.
    let lock = fs::OpenOptions::new()
        .write(true)
        .open(cache(&env).join("index.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    search_ok(&env);
    assert!(live.is_dir());
    drop(lock);
    search_ok(&env);
    assert!(!live.exists());
}

#[test]
fn a_dangling_index_link_is_replaced_or_built_through() {
    let env = env();
    fs::create_dir_all(cache(&env)).unwrap();
    // A link to a folder on a disk that is gone: removed, and the index kept in the cache.
    std::os::unix::fs::symlink("/nonexistent/onramp/index", index(&env)).unwrap();
    let stderr = search_ok(&env);
    assert!(
        stderr.contains("was a link to /nonexistent/onramp/index"),
        "{stderr}"
    );
    assert!(index(&env).is_dir() && !index(&env).is_symlink());
    assert_eq!(search_ok(&env), "");
    assert_eq!(
        cache_entries(&env),
        ["index", "index.catalog", "index.lock", "index.manifest"]
    );
    // A link to a folder not made yet, where it can be: the index is built there.
    fs::remove_dir_all(index(&env)).unwrap();
    let elsewhere = env.dir.path().join("fast-disk");
    fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("index"), index(&env)).unwrap();
    assert_eq!(search_ok(&env), "");
    assert_eq!(search_ok(&env), "");
    assert!(index(&env).is_symlink());
    assert!(elsewhere.join("index").join("meta.json").is_file());
}
