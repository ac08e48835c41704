//! `onramp lint` on folders with planted faults: every rule names its file, line and column,
//! the JSON rows agree with the text, settings tune the rules, and exit codes tell a CI job
//! what happened.

mod common;

use std::collections::BTreeSet;

use common::TestEnv;
use serde_json::Value;

const TODAY: &str = "2026-11-02";

/// A pack with one of each fault, and pages that are fine.
fn faulty() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "people/ana.md",
        "---\ntitle: Ana Rossi\ncontact: ana@example.org\ntimezone: Europe/Rome\n---\n# Ana Rossi\n\nAna runs the platform.\n",
    );
    env.write(
        "guides/start.md",
        "---\ntitle: Start here\nphase: 1\nowner: people/nobody-here\nlast_reviewed: 2024-01-01\nreview_every: 90d\n---\n\
         # Start here\n\n## First steps\n\nRead [the other page](other.md) and [its part](other.md#second-part).\n\
         See [nothing](missing.md), [a lost part](#no-such-heading) and [a bad part](other.md#nope).\n\
         Then ask [Ana](../people/ana.md) and look at ![the map](img/map.png).\n\n\
         {% include footer.html %}\n\n```\n{% this is code %}\n[not a link](nowhere.md)\n```\n",
    );
    env.write(
        "guides/other.md",
        "---\nowner: people/ana\n---\n# Other\n\n## Second part\n\nBack to [the start](start.md#first-steps).\n",
    );
    env.write("guides/lonely.md", "# Lonely\n\nNobody links here.\n");
    env.write(
        "guides/values.md",
        "---\nkind: recipe\nphase: 99\nlast_reviewed: notadate\nreview_every: x\n---\n# Values\n\n[Start](start.md)\n",
    );
    env.write(
        "checklists/week.md",
        "---\nphase: 1\ntranslation_of: checklists/none\n---\n# Week\n\n- [ ] Badge {#badge due=D1}\n- [ ] Badge again {#badge due=D2}\n- [ ] Laptop {#laptop due=X5}\n- [ ] Phone {#phone due=D0}\n",
    );
    env.write(
        "people/bo.md",
        "---\ntitle: Bo\ntimezone: Mars/Olympus\n---\n# Bo\n",
    );
    env.write(
        "tools/pulse.md",
        "---\nurl: https://pulse.example\n---\n# Pulse\n",
    );
    env.write(
        "guides/tampered.md",
        "# Tampered\n\nEvil \u{1b}[2J text [start](start.md).\n",
    );
    env
}

fn lint(env: &TestEnv, extra: &[&str]) -> (i32, String) {
    let mut cmd = env.cmd();
    cmd.env("ONRAMP_TODAY", TODAY)
        .arg("--no-bundled")
        .arg("lint")
        .arg(env.content())
        .args(extra);
    let out = cmd.output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// `(file relative to the content folder, line, col, severity, rule)` of each text row.
fn text_rows(env: &TestEnv, out: &str) -> Vec<(String, usize, usize, String, String)> {
    let prefix = format!("{}/", env.content().display());
    out.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix(&prefix)?;
            let mut parts = rest.splitn(4, ':');
            let file = parts.next()?.to_string();
            let line = parts.next()?.parse().ok()?;
            let col = parts.next()?.parse().ok()?;
            let tail = parts.next()?.trim_start();
            let (severity, _) = tail.split_once(':')?;
            let rule = tail.rsplit_once('[')?.1.trim_end_matches(']').to_string();
            Some((file, line, col, severity.to_string(), rule))
        })
        .collect()
}

#[test]
fn planted_faults_are_each_named_with_path_line_and_column() {
    let env = faulty();
    let (code, out) = lint(&env, &[]);
    assert_eq!(code, 1, "{out}");
    let rows = text_rows(&env, &out);
    let has = |file: &str, line: usize, col: usize, severity: &str, rule: &str| {
        rows.iter().any(|r| {
            (r.0.as_str(), r.1, r.2, r.3.as_str(), r.4.as_str())
                == (file, line, col, severity, rule)
        })
    };
    let want = [
        ("guides/start.md", 4, 1, "error", "unknown-owner"),
        ("guides/start.md", 5, 1, "warning", "stale"),
        ("guides/start.md", 13, 5, "error", "broken-link"),
        ("guides/start.md", 13, 28, "error", "broken-anchor"),
        ("guides/start.md", 13, 64, "error", "broken-anchor"),
        ("guides/start.md", 14, 46, "error", "broken-link"),
        ("guides/start.md", 16, 1, "warning", "template-syntax"),
        ("guides/values.md", 2, 1, "error", "bad-value"),
        ("guides/values.md", 3, 1, "error", "bad-value"),
        ("guides/values.md", 4, 1, "error", "bad-value"),
        ("guides/values.md", 5, 1, "error", "bad-value"),
        ("checklists/week.md", 3, 1, "error", "bad-translation"),
        ("checklists/week.md", 8, 1, "error", "duplicate-item-id"),
        ("checklists/week.md", 9, 1, "error", "bad-value"),
        ("checklists/week.md", 10, 1, "error", "bad-value"),
        ("people/bo.md", 1, 1, "warning", "person-fields"),
        ("people/bo.md", 3, 1, "warning", "person-fields"),
        ("tools/pulse.md", 1, 1, "warning", "tool-access"),
        ("guides/lonely.md", 1, 1, "warning", "orphan"),
        ("guides/values.md", 1, 1, "warning", "orphan"),
        ("guides/tampered.md", 1, 1, "warning", "orphan"),
        ("guides/tampered.md", 3, 6, "error", "control-character"),
    ];
    for (file, line, col, severity, rule) in want {
        assert!(
            has(file, line, col, severity, rule),
            "no {severity} [{rule}] at {file}:{line}:{col} in\n{out}"
        );
    }
    // Nothing else: fine pages, code blocks and the start page's good links say nothing.
    assert_eq!(rows.len(), want.len(), "{out}");
    // Rows are sorted, and a summary line ends the output.
    let mut sorted = rows.clone();
    sorted.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
    assert_eq!(rows, sorted);
    assert_eq!(
        out.lines().last(),
        Some("14 errors and 8 warnings in 9 pages")
    );
    // Content text reaches the output as visible placeholders only.
    assert!(!common::has_control(out.as_bytes()), "{out}");
}

#[test]
fn json_rows_agree_with_the_text() {
    let env = faulty();
    let (text_code, text) = lint(&env, &[]);
    let (json_code, json) = lint(&env, &["--json"]);
    assert_eq!((text_code, json_code), (1, 1));
    let rows: Vec<Value> = serde_json::from_str(&json).unwrap();
    let prefix = format!("{}/", env.content().display());
    let from_json: BTreeSet<(String, usize, usize, String, String)> = rows
        .iter()
        .map(|r| {
            for key in ["path", "line", "col", "severity", "rule", "message"] {
                assert!(r.get(key).is_some(), "{key} missing in {r}");
            }
            (
                r["path"]
                    .as_str()
                    .unwrap()
                    .strip_prefix(&prefix)
                    .unwrap()
                    .to_string(),
                r["line"].as_u64().unwrap() as usize,
                r["col"].as_u64().unwrap() as usize,
                r["severity"].as_str().unwrap().to_string(),
                r["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let from_text: BTreeSet<_> = text_rows(&env, &text).into_iter().collect();
    assert_eq!(from_json, from_text);
}

#[test]
fn the_bundled_pack_lints_without_errors() {
    let env = TestEnv::new();
    let out = env.cmd().args(["lint"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(!stdout.contains(": error:"), "{stdout}");
    let out = env.cmd().args(["lint", "bundled"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn strict_fails_on_warnings_and_clean_folders_pass() {
    let env = TestEnv::new();
    env.write("guides/a.md", "---\nphase: 1\n---\n# A\n\nSee [B](b.md).\n");
    env.write("guides/b.md", "# B\n\n[A](a.md#a)\n");
    assert_eq!(lint(&env, &[]), (0, "no problems in 2 pages\n".to_string()));
    env.write("guides/c.md", "# C\n");
    let (code, out) = lint(&env, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("1 warning in 3 pages\n"), "{out}");
    assert_eq!(lint(&env, &["--strict"]).0, 1);
}

#[test]
fn settings_in_onramp_toml_tune_the_rules() {
    let env = faulty();
    env.write(
        "onramp.toml",
        "name = \"team\"\n\n[lint]\nrequire_owner = true\n\n[lint.rules]\norphan = \"off\"\ntemplate-syntax = \"error\"\nstale = \"off\"\nbroken-link = \"warning\"\nno-such-rule = \"off\"\n",
    );
    let (_, out) = lint(&env, &[]);
    let rows = text_rows(&env, &out);
    let count = |rule: &str| rows.iter().filter(|r| r.4 == rule).count();
    assert_eq!((count("orphan"), count("stale")), (0, 0), "{out}");
    assert!(
        rows.iter()
            .any(|r| r.4 == "template-syntax" && r.3 == "error")
    );
    assert!(
        rows.iter()
            .all(|r| r.4 != "broken-link" || r.3 == "warning")
    );
    // Pages without an owner are named; notes and pages with one are not.
    assert!(
        rows.iter()
            .any(|r| r.0 == "guides/lonely.md" && r.4 == "missing-owner")
    );
    assert!(
        !rows
            .iter()
            .any(|r| r.0 == "guides/other.md" && r.4 == "missing-owner")
    );
    // The unknown rule is an error on its line; the rest of the table still applied.
    assert!(
        rows.iter()
            .any(|r| (r.0.as_str(), r.1, r.4.as_str()) == ("onramp.toml", 11, "settings")),
        "{out}"
    );
}

#[test]
fn lint_that_cannot_run_exits_2() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .args(["lint", "/no/such/folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/folder"));
    let out = env
        .cmd()
        .env("ONRAMP_TODAY", "someday")
        .args(["lint"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = env
        .cmd()
        .args(["--no-bundled", "lint", "bundled"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn only_the_folders_named_are_checked_but_links_resolve_across_sources() {
    let env = faulty();
    let team = env.dir.path().join("team");
    std::fs::create_dir_all(team.join("guides")).unwrap();
    std::fs::write(
        team.join("guides/welcome-team.md"),
        "---\nphase: 1\nowner: people/priya-natarajan\n---\n# Team welcome\n\nStart with [the welcome](guides/welcome) and [Pulse](tools/pulse).\n",
    )
    .unwrap();
    let out = env
        .cmd()
        .env("ONRAMP_TODAY", TODAY)
        .arg("--content")
        .arg(env.content())
        .arg("lint")
        .arg(&team)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout, "no problems in 1 page\n");
}

#[test]
fn what_loading_reports_is_a_row_too() {
    let env = TestEnv::new();
    env.write("guides/a.md", "---\nid: shared\nphase: 1\n---\n# A\n");
    env.write("guides/b.md", "---\nid: shared\nphase: 1\n---\n# B\n");
    env.write("guides/broken.md", "---\ntitle: [unclosed\n---\n# Broken\n");
    env.write("guides/binary.md", b"\x00\x01\x02");
    env.write("guides/latin1.md", b"---\nphase: 1\n---\n# Caf\xe9\n");
    // Run from inside the folder, as a CI job does: paths are as given.
    let out = env
        .cmd()
        .current_dir(env.content())
        .env("ONRAMP_TODAY", TODAY)
        .args(["--no-bundled", "lint", "."])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    for want in [
        "./guides/b.md:1:1: error: id `shared` is also used by guides/a.md; this page replaces it [duplicate-id]",
        "./guides/binary.md:1:1: error: looks like a binary file (contains NUL bytes) [skipped-file]",
        "./guides/latin1.md:1:1: error: not valid UTF-8",
    ] {
        assert!(stdout.contains(want), "{want} missing:\n{stdout}");
    }
    assert!(
        stdout.lines().any(|l| l
            .starts_with("./guides/broken.md:2:1: error: YAML frontmatter does not parse")
            && l.ends_with("; the page is left out [frontmatter]")),
        "{stdout}"
    );
}
