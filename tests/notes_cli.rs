//! `onramp note`: a note written from a template in the editor (a script stands in for
//! it), found by search and on the person's page at once, never overwritten, never outside
//! the notes folder; lines added to today's note by two processes at once all kept.

mod common;

use std::path::{Path, PathBuf};

use common::TestEnv;
use serde_json::Value;

const TODAY: &str = "2026-03-10";

/// An "editor" that appends `line` to the file it is given.
fn editor(env: &TestEnv, line: &str) -> PathBuf {
    let script = env.dir.path().join("editor.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' '{line}' >> \"$1\"\n"),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    script
}

fn notes_dir(env: &TestEnv) -> PathBuf {
    env.dir.path().join("data").join("notes")
}

fn onramp(env: &TestEnv, editor: &Path) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.env("ONRAMP_TODAY", TODAY).env("EDITOR", editor);
    cmd
}

fn stdout(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_shadowing_note_is_written_listed_searched_and_shown_on_the_persons_page() {
    let env = TestEnv::new();
    let ed = editor(&env, "Aiko calmed the customer with a quokka demo.");
    let new = || {
        onramp(&env, &ed)
            .args(["note", "new", "Call with Aiko"])
            .args(["--person", "people/aiko-tanaka", "--template", "shadowing"])
            .assert()
            .success()
    };
    let out = new();
    let path = PathBuf::from(stdout(&out).trim());
    assert_eq!(path, notes_dir(&env).join("2026-03-10-call-with-aiko.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"Call with Aiko\"\nkind: note\ncreated: \"2026-03-10T"),
        "{text}"
    );
    assert!(
        text.contains("people: [\"people/aiko-tanaka\"]\n"),
        "{text}"
    );
    assert!(text.contains("tags: [\"shadowing\"]\n"), "{text}");
    assert!(
        text.contains("- **Shadowing:** [Aiko Tanaka](people/aiko-tanaka)"),
        "{text}"
    );
    assert!(text.ends_with("quokka demo.\n"), "{text}");

    let out = onramp(&env, &ed)
        .args(["note", "list", "--json"])
        .assert()
        .success();
    let list: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(list[0]["id"], "notes/2026-03-10-call-with-aiko");
    assert_eq!(list[0]["title"], "Call with Aiko");
    assert_eq!(list[0]["people"][0], "people/aiko-tanaka");

    let out = onramp(&env, &ed)
        .args(["search", "quokka", "--json"])
        .assert()
        .success();
    let hits: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(hits[0]["id"], "notes/2026-03-10-call-with-aiko");
    assert_eq!(hits[0]["kind"], "note");

    let out = onramp(&env, &ed)
        .args(["show", "people/aiko-tanaka"])
        .assert()
        .success();
    let page = stdout(&out);
    let at = page.find("Your notes about Aiko").expect("the section");
    assert!(page[at..].contains("Call with Aiko"), "{page}");

    // The same title again is a second note; the first is untouched.
    let out = new();
    assert!(
        stdout(&out)
            .trim()
            .ends_with("2026-03-10-call-with-aiko-2.md")
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    let out = onramp(&env, &ed)
        .args(["note", "list", "--person", "aiko-tanaka"])
        .assert()
        .success();
    assert_eq!(stdout(&out).lines().count(), 2, "{}", stdout(&out));
}

#[test]
fn any_title_stays_in_the_notes_folder_and_an_untouched_note_goes_again() {
    let env = TestEnv::new();
    let ed = editor(&env, "words");
    // (A NUL cannot be in an argument; the names' own tests cover it.)
    for title in ["../../../../outside", "/etc/passwd", "a\\b", "🚀 Caffè"] {
        let out = onramp(&env, &ed)
            .args(["note", "new", title])
            .assert()
            .success();
        let path = PathBuf::from(stdout(&out).trim());
        assert_eq!(path.parent().unwrap(), notes_dir(&env), "{title:?}");
    }
    assert_eq!(
        files(&notes_dir(&env)),
        [
            "2026-03-10-a-b.md",
            "2026-03-10-caffe.md",
            "2026-03-10-etc-passwd.md",
            "2026-03-10-outside.md"
        ]
    );
    let text = std::fs::read_to_string(notes_dir(&env).join("2026-03-10-outside.md")).unwrap();
    assert!(text.contains("title: \"../../../../outside\""), "{text}");
    assert!(!env.dir.path().join("outside.md").exists());

    let out = onramp(&env, Path::new("true"))
        .args(["note", "new", "Left alone", "--template", "meeting"])
        .assert()
        .success();
    assert_eq!(stdout(&out), "");
    let said = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(said.contains("removed again"), "{said}");
    assert!(!notes_dir(&env).join("2026-03-10-left-alone.md").exists());
}

#[test]
fn bad_templates_people_and_pages_are_named_and_nothing_is_written() {
    let env = TestEnv::new();
    let ed = editor(&env, "x");
    let out = onramp(&env, &ed)
        .args(["note", "new", "x", "--template", "shadowng"])
        .assert()
        .failure();
    let said = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        said.contains("no template named `shadowng`") && said.contains("it/shadowing"),
        "{said}"
    );
    let out = onramp(&env, &ed)
        .args(["note", "new", "x", "--person", "guides/welcome"])
        .assert()
        .failure();
    let said = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(said.contains("not a person"), "{said}");
    assert!(!notes_dir(&env).exists());
    // Only your notes are edited.
    let out = onramp(&env, &ed)
        .args(["note", "edit", "notes/customer-call-larkspur-kickoff"])
        .assert()
        .failure();
    let said = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(said.contains("not one of your notes"), "{said}");
    // The bundled templates' names complete.
    let out = env
        .cmd()
        .args(["complete", "bash", "--line", "onramp note new --template "])
        .assert()
        .success();
    let offered = stdout(&out);
    assert!(
        offered.lines().any(|l| l == "one-on-one") && offered.lines().any(|l| l == "it/shadowing"),
        "{offered}"
    );
}

#[test]
fn two_processes_adding_at_once_keep_every_line() {
    let env = TestEnv::new();
    let ed = editor(&env, "unused");
    std::thread::scope(|scope| {
        for who in ["A", "B"] {
            let (env, ed) = (&env, &ed);
            scope.spawn(move || {
                for i in 0..20 {
                    onramp(env, ed)
                        .args(["note", "add", &format!("line {who}{i} written")])
                        .assert()
                        .success();
                }
            });
        }
    });
    let daily = notes_dir(&env).join("2026-03-10-daily.md");
    let text = std::fs::read_to_string(&daily).unwrap();
    for who in ["A", "B"] {
        for i in 0..20 {
            let line = format!(" line {who}{i} written\n");
            assert_eq!(text.matches(&line).count(), 1, "{line:?} in\n{text}");
        }
    }
    assert_eq!(text.matches("written\n").count(), 40);
    // Whole lines only: each entry is a list item of its own.
    assert!(
        text.lines()
            .filter(|l| l.contains("written"))
            .all(|l| l.starts_with("- "))
    );
    // From stdin, and found by search at once.
    onramp(&env, &ed)
        .args(["note", "add", "-"])
        .write_stdin("ask about quarterly reviews\n")
        .assert()
        .success();
    let out = onramp(&env, &ed)
        .args(["search", "quarterly reviews", "--kind", "note", "--json"])
        .assert()
        .success();
    let hits: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(hits[0]["id"], "notes/2026-03-10-daily");
}

#[test]
fn the_progress_report_counts_your_notes_and_lists_the_weeks() {
    let env = TestEnv::new();
    env.write("notes/example.md", "# A pack's example note\n");
    env.write(
        "templates/standup.md",
        "---\nkind: template\n---\n# {{title}}\n",
    );
    let dir = notes_dir(&env);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("2026-03-09-retro.md"),
        "---\ntitle: \"Retro *notes*\"\nkind: note\ncreated: \"2026-03-09T10:00:00+01:00\"\n---\nx\n",
    )
    .unwrap();
    std::fs::write(dir.join("2026-01-05-old.md"), "# Old\n").unwrap();
    let out = env
        .on_content(&["progress", "--json"])
        .env("ONRAMP_TODAY", TODAY)
        .assert()
        .success();
    let report: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(report["notes_written"], 2);
    assert_eq!(report["notes_this_week"][0]["id"], "notes/2026-03-09-retro");
    assert_eq!(report["notes_this_week"].as_array().unwrap().len(), 1);
    let out = env
        .on_content(&["progress", "--markdown"])
        .env("ONRAMP_TODAY", TODAY)
        .assert()
        .success();
    let md = stdout(&out);
    assert!(
        md.contains("## Notes written this week\n\n- Retro \\*notes\\* (`notes/2026-03-09-retro`), 2026-03-09\n"),
        "{md}"
    );
}
