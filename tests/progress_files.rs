//! The progress file under faults: unreadable files kept aside byte for byte, a file from a
//! newer onramp left alone, a data folder that cannot be written.

mod progress_support;

use std::fs;

use predicates::prelude::*;
use progress_support::{Env, read_progress};
use rstest::rstest;

const VALID: &[u8] = br#"{"version": 2, "checklists": {"checklists/calendar": {"d1": {"state": "done", "at": "2026-11-02T09:00:00Z"}}}}"#;

fn with_bom() -> Vec<u8> {
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend_from_slice(VALID);
    b
}

#[rstest]
#[case::zero_bytes(b"".to_vec(), false)]
#[case::truncated(VALID[..VALID.len() / 2].to_vec(), false)]
#[case::binary_junk((0..=255u8).rev().cycle().take(3000).collect(), false)]
#[case::wrong_schema(br#"{"checklists": {"a": 1}}"#.to_vec(), false)]
#[case::wrong_types(br#"{"version": 2, "checklists": [true]}"#.to_vec(), false)]
#[case::a_list(b"[1,2,3]\n".to_vec(), false)]
#[case::crlf_inside_a_string(b"{\"version\": 2,\r\n\"checklists\": {\"a\r\nb\": {}}}\r\n".to_vec(), false)]
#[case::bom(with_bom(), true)]
fn unreadable_files_are_kept_byte_for_byte(#[case] bytes: Vec<u8>, #[case] salvaged: bool) {
    let env = Env::new();
    fs::create_dir_all(&env.data).unwrap();
    fs::write(env.progress_file(), &bytes).unwrap();
    let out = env
        .cmd()
        .args(["check", "calendar", "d3"])
        .assert()
        .success()
        .stderr(predicate::str::contains("could not be read"))
        .stderr(predicate::str::contains("progress.json.corrupt-"));
    let asides = env.data_files("progress.json.corrupt-");
    assert_eq!(asides.len(), 1, "{asides:?}");
    assert_eq!(fs::read(&asides[0]).unwrap(), bytes, "kept byte for byte");
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains(&asides[0].display().to_string()),
        "the user is told where: {stderr}"
    );
    let p = read_progress(&env.progress_file());
    assert!(p.entry("checklists/calendar", "d3").is_some());
    assert_eq!(p.entry("checklists/calendar", "d1").is_some(), salvaged);
    // A second run finds a good file and keeps the first copy as it was.
    env.cmd()
        .args(["check", "calendar", "w1"])
        .assert()
        .success()
        .stderr("");
    assert_eq!(env.data_files("progress.json.corrupt-"), asides);
    assert_eq!(fs::read(&asides[0]).unwrap(), bytes);
}

#[test]
fn crlf_line_ends_are_read() {
    let env = Env::new();
    fs::create_dir_all(&env.data).unwrap();
    let crlf = String::from_utf8(VALID.to_vec())
        .unwrap()
        .replace(", ", ",\r\n");
    fs::write(env.progress_file(), &crlf).unwrap();
    env.cmd()
        .args(["check", "calendar", "d3"])
        .assert()
        .success()
        .stderr("");
    let p = read_progress(&env.progress_file());
    assert!(p.entry("checklists/calendar", "d1").is_some());
    assert!(env.data_files("progress.json.corrupt-").is_empty());
}

#[test]
fn a_corrupt_file_is_kept_even_by_read_only_commands() {
    let env = Env::new();
    fs::create_dir_all(&env.data).unwrap();
    fs::write(env.progress_file(), b"\x00\x00\x00").unwrap();
    env.cmd()
        .args(["checklist", "calendar"])
        .assert()
        .success()
        .stderr(predicate::str::contains("starts again from empty"));
    let asides = env.data_files("progress.json.corrupt-");
    assert_eq!(fs::read(&asides[0]).unwrap(), b"\x00\x00\x00");
}

#[test]
fn a_newer_file_is_never_rewritten() {
    let env = Env::new();
    fs::create_dir_all(&env.data).unwrap();
    let newer = br#"{"version": 99, "checklists": {"checklists/calendar": {"d1": {"state": "done", "at": "2026-11-02T09:00:00Z"}}}, "shiny": true}"#;
    fs::write(env.progress_file(), newer).unwrap();
    env.cmd()
        .args(["check", "calendar", "d3"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("newer onramp (schema version 99"));
    env.cmd()
        .args(["start", "today"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("read-only"));
    // Reading still works, with what this version understands.
    let out = env
        .cmd()
        .args(["checklist", "calendar", "--json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("read-only"));
    let v = progress_support::json(&out.get_output().stdout);
    assert_eq!(v["done"], 1);
    assert_eq!(fs::read(env.progress_file()).unwrap(), newer);
    assert_eq!(
        fs::read_dir(&env.data).unwrap().count(),
        1,
        "nothing else written"
    );
}

#[test]
fn data_folder_that_is_a_file() {
    let env = Env::new();
    fs::write(&env.data, b"not a folder").unwrap();
    env.cmd()
        .args(["check", "calendar", "d1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "{} is not a folder",
            env.data.display()
        )));
    assert_eq!(fs::read(&env.data).unwrap(), b"not a folder");
}

/// Runs `onramp` as an unprivileged user when the tests run as root, where permission bits
/// do not stop writes; other users run it directly.
fn unprivileged(env: &Env, args: &[&str]) -> std::process::Output {
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    let mut cmd = if is_root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(progress_support::BIN);
        c
    } else {
        std::process::Command::new(progress_support::BIN)
    };
    cmd.env("ONRAMP_DATA_DIR", &env.data)
        .env("ONRAMP_CONFIG_DIR", env.root.path().join("config"))
        .env("ONRAMP_CACHE_DIR", env.root.path().join("cache"))
        .arg("--no-bundled")
        .arg("--content")
        .arg(&env.content)
        .args(args);
    cmd.output()
        .expect("run onramp (setpriv is needed when tests run as root)")
}

#[cfg(unix)]
#[test]
fn read_only_data_folder() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.cmd()
        .args(["check", "calendar", "d1"])
        .assert()
        .success();
    let before = fs::read(env.progress_file()).unwrap();
    // Everyone may read and traverse; nobody but root may write.
    fs::set_permissions(env.root.path(), fs::Permissions::from_mode(0o755)).unwrap();
    for dir in [
        &env.content,
        &env.content.join("checklists"),
        &env.content.join("guides"),
    ] {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
    }
    fs::set_permissions(&env.data, fs::Permissions::from_mode(0o555)).unwrap();
    fs::set_permissions(env.progress_file(), fs::Permissions::from_mode(0o444)).unwrap();
    let out = unprivileged(&env, &["check", "calendar", "d3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&env.data.display().to_string()),
        "the error names the path: {stderr}"
    );
    assert_eq!(
        fs::read(env.progress_file()).unwrap(),
        before,
        "old file intact"
    );
    // Reading still works.
    let out = unprivileged(&env, &["checklist", "calendar", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::set_permissions(&env.data, fs::Permissions::from_mode(0o755)).unwrap();
    let leftovers: Vec<_> = fs::read_dir(&env.data)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "only the file and its lock: {leftovers:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_linked_progress_file_is_saved_through_the_link() {
    let env = Env::new();
    let elsewhere = env.root.path().join("dotfiles");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::create_dir_all(&env.data).unwrap();
    let real = elsewhere.join("progress.json");
    fs::write(&real, VALID).unwrap();
    std::os::unix::fs::symlink(&real, env.progress_file()).unwrap();
    for item in ["d3", "w1"] {
        env.cmd()
            .args(["check", "calendar", item])
            .assert()
            .success()
            .stderr("");
    }
    let link = fs::symlink_metadata(env.progress_file()).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    let p = read_progress(&real);
    for item in ["d1", "d3", "w1"] {
        assert!(p.entry("checklists/calendar", item).is_some(), "{item}");
    }
    assert_eq!(
        env.data_files("progress.json").len(),
        1,
        "no copy beside the link"
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_link_is_reported_and_left_alone() {
    let env = Env::new();
    fs::create_dir_all(&env.data).unwrap();
    let gone = env.root.path().join("unmounted").join("progress.json");
    std::os::unix::fs::symlink(&gone, env.progress_file()).unwrap();
    env.cmd()
        .args(["check", "calendar", "d1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is a symbolic link to"))
        .stderr(predicate::str::contains(gone.display().to_string()))
        .stderr(predicate::str::contains("not saved"));
    let link = fs::symlink_metadata(env.progress_file()).unwrap();
    assert!(
        link.file_type().is_symlink(),
        "not replaced by a plain file"
    );
    assert_eq!(fs::read_link(env.progress_file()).unwrap(), gone);
    assert!(!gone.exists());
}

#[cfg(unix)]
#[test]
fn a_new_file_is_private_and_a_chosen_mode_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let mode = || {
        fs::metadata(env.progress_file())
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    env.cmd()
        .args(["check", "calendar", "d1"])
        .assert()
        .success();
    assert_eq!(mode(), 0o600);
    fs::set_permissions(env.progress_file(), fs::Permissions::from_mode(0o640)).unwrap();
    env.cmd()
        .args(["check", "calendar", "d3"])
        .assert()
        .success();
    assert_eq!(mode(), 0o640);
}

#[test]
fn unknown_fields_are_kept_on_save() {
    let env = Env::new();
    fs::create_dir_all(&env.data).unwrap();
    fs::write(
        env.progress_file(),
        br#"{"version": 2, "synced_by": {"tool": "hr-sync", "at": 3},
            "checklists": {"checklists/calendar": {"d1": {"state": "done",
                "at": "2026-11-02T09:00:00Z", "confirmed_by": "buddy"}}}}"#,
    )
    .unwrap();
    for args in [
        &["check", "calendar", "d3"][..],
        &["uncheck", "calendar", "d1"],
    ] {
        env.cmd().args(args).assert().success().stderr("");
    }
    let saved: serde_json::Value =
        serde_json::from_slice(&fs::read(env.progress_file()).unwrap()).unwrap();
    assert_eq!(saved["synced_by"]["tool"], "hr-sync");
    let d1 = &saved["checklists"]["checklists/calendar"]["d1"];
    assert_eq!(d1["confirmed_by"], "buddy", "{saved}");
    assert_eq!(d1["state"], "todo");
}

#[cfg(unix)]
#[test]
fn an_unreadable_linked_file_is_kept_aside_and_the_link_still_works() {
    let env = Env::new();
    let elsewhere = env.root.path().join("dotfiles");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::create_dir_all(&env.data).unwrap();
    let real = elsewhere.join("progress.json");
    fs::write(&real, b"{ not json").unwrap();
    std::os::unix::fs::symlink(&real, env.progress_file()).unwrap();
    env.cmd()
        .args(["checklist", "calendar"])
        .assert()
        .success()
        .stderr(predicate::str::contains("could not be read"));
    env.cmd()
        .args(["check", "calendar", "d1"])
        .assert()
        .success()
        .stderr("");
    assert!(
        fs::symlink_metadata(env.progress_file())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        read_progress(&real)
            .entry("checklists/calendar", "d1")
            .is_some()
    );
    let asides: Vec<_> = fs::read_dir(&elsewhere)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
        .map(|e| fs::read(e.path()).unwrap())
        .collect();
    assert_eq!(
        asides,
        [b"{ not json".to_vec()],
        "kept beside its real file"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_progress_file_is_reported_not_waited_on() {
    let env = Env::new();
    fs::create_dir_all(&env.data).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(env.progress_file())
        .status()
        .unwrap();
    assert!(status.success());
    env.cmd()
        .args(["checklist", "calendar"])
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .failure()
        .stderr(predicate::str::contains("is a FIFO, not a regular file"));
}
