//! Bad input through the real binary: each problem is named (file, line, key, value) and
//! everything good around it still applies.

mod common;

use common::TestEnv;
use predicates::prelude::*;
use serde_json::Value;

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn one_bad_config_entry_costs_only_itself() {
    let env = TestEnv::new();
    let team = env.dir.path().join("team");
    std::fs::create_dir_all(team.join("runbooks")).unwrap();
    std::fs::write(team.join("runbooks/db.md"), "# Database down\n").unwrap();
    let config = env.dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!(
            "nme = \"Alex\"\nname = 5\ncontent = [{:?}, 42]\n",
            team.display().to_string()
        ),
    )
    .unwrap();
    let out = env
        .cmd()
        .args(["--no-bundled", "list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(docs.len(), 1, "the good folder still loads");
    assert_eq!(docs[0]["id"], "runbooks/db");
    let stderr = stderr_of(&out);
    let file = config.join("config.toml").display().to_string();
    for expected in [
        format!("{file}:1: `nme` = \"Alex\": is not a setting onramp knows (did you mean `name`?)"),
        format!("{file}:2: `name` = 5: should be a string, found a number; ignored"),
        format!("{file}:3: `content[2]` = 42: should be a folder"),
    ] {
        assert!(stderr.contains(&expected), "{expected}\n in {stderr}");
    }
    assert!(!stderr.contains("default settings"), "{stderr}");
    assert!(!stderr.contains("untagged"), "{stderr}");
}

#[test]
fn a_config_that_does_not_parse_names_its_line() {
    let env = TestEnv::new();
    let config = env.dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "name = \"Alex\"\ncontent = [\n").unwrap();
    env.cmd()
        .args(["--no-bundled", "list"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("config.toml:")
                .and(predicate::str::contains("does not parse")),
        );
}

#[test]
fn a_zero_limit_is_refused() {
    let env = TestEnv::new();
    env.write("guides/a.md", "# Alpha\n\nalpha words\n");
    env.on_content(&["search", "--limit", "0", "alpha"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("the limit must be at least 1"))
        .stdout("");
    env.on_content(&["search", "--limit", "1", "alpha"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Alpha"));
}

#[test]
fn frontmatter_values_of_the_wrong_shape_are_named() {
    let env = TestEnv::new();
    env.write(
        "guides/a.md",
        "---\nphase: 99999999999999999999\nlast_reviewed: notadate\nreview_every: x\n---\n# Alpha\n",
    );
    env.write(
        "guides/b.md",
        "---\nlast_reviewed: 2026-02-30\nreview_every: 90d\nphase: 2\n---\n# Beta\n",
    );
    let out = env.on_content(&["list", "--json"]).output().unwrap();
    assert!(out.status.success());
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(docs.len(), 2, "both pages load");
    let b = docs.iter().find(|d| d["id"] == "guides/b").unwrap();
    assert_eq!(b["phase"], 2);
    assert_eq!(b["last_reviewed"], Value::Null);
    let stderr = stderr_of(&out);
    for expected in [
        "a.md:2: field `phase` is 100000000000000000000, outside 1..=7; ignored",
        "a.md:3: field `last_reviewed` is `notadate`, not a date like 2026-09-12; ignored",
        "a.md:4: field `review_every`: `x` is not a review interval",
        "b.md:2: field `last_reviewed` is `2026-02-30`, not a date like 2026-09-12; ignored",
    ] {
        assert!(stderr.contains(expected), "{expected}\n in {stderr}");
    }
    assert!(!stderr.contains("found a number"), "{stderr}");
}

#[test]
fn bad_due_offsets_and_attribute_blocks_are_reported() {
    let env = TestEnv::new();
    env.write(
        "checklists/week.md",
        "# Week\n\n- [ ] Zero {#zero due=D0}\n- [ ] Minus {#minus due=D-1}\n- [ ] Unit {#unit due=X5}\n\
         - [ ] Huge {#huge due=D99999999999999999999}\n- [ ] Owner {#owned owner=ana}\n\
         - [ ] Laptop\n  {#laptop due=W1}\n- [ ] Good {#good due=D2}\n",
    );
    let out = env
        .on_content(&["checklist", "week", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 7, "every item still loads");
    let good = items.iter().find(|i| i["id"] == "good").unwrap();
    assert_eq!(good["due_offset"], "D2");
    let stderr = stderr_of(&out);
    for expected in [
        "week.md:3: item `zero`: `D0` is not a due offset",
        "week.md:4: item `minus`: `D-1` is not a due offset",
        "week.md:5: item `unit`: `X5` is not a due offset",
        "week.md:6: item `huge`: `D99999999999999999999` is not a due offset",
        "week.md:7: item `owner-owned-owner-ana`: the attribute block has `owner=ana`",
        "week.md:9: item `laptop`: an attribute block must end the item's first line",
    ] {
        assert!(stderr.contains(expected), "{expected}\n in {stderr}");
    }
}

#[test]
fn an_unknown_kind_in_a_query_is_a_warning() {
    let env = TestEnv::new();
    env.write(
        "guides/split.md",
        "# Banana split\n\nkind of banana dessert\n",
    );
    let out = env
        .on_content(&["search", "--json", "kind:banana", "split"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("`kind:banana`: unknown kind `banana`")
            && stderr.contains("it was searched for as words"),
        "{stderr}"
    );
    let hits: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits[0]["id"], "guides/split");
    let out = env
        .on_content(&["search", "kind:guide", "split"])
        .output()
        .unwrap();
    assert_eq!(stderr_of(&out), "", "a known kind is no warning");
}
