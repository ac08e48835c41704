//! `onramp checklist`, `check`, `uncheck`, `skip`, `start` and `progress` through the binary.

mod progress_support;

use std::fs;

use predicates::prelude::*;
use progress_support::{Env, json, read_progress};
use rstest::rstest;

#[test]
fn check_uncheck_skip_round_trip() {
    let env = Env::new();
    env.cmd()
        .args(["check", "calendar", "d1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("done: First day"));
    env.cmd()
        .args([
            "skip",
            "checklists/calendar",
            "w1",
            "--reason",
            "remote hire",
        ])
        .assert()
        .success();
    env.cmd()
        .args(["check", "calendar", "d3"])
        .assert()
        .success();
    env.cmd()
        .args(["uncheck", "calendar", "d3"])
        .assert()
        .success();
    let out = env
        .cmd()
        .args(["checklist", "calendar", "--json"])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    let item = |id: &str| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(item("d1")["state"], "done");
    assert!(item("d1")["done_at"].is_string());
    assert_eq!(item("d1")["section"], "Days");
    assert_eq!(item("d1")["text"], "First day");
    assert_eq!(item("w1")["state"], "skipped");
    assert_eq!(item("w1")["reason"], "remote hire");
    assert!(item("w1")["done_at"].is_null());
    assert_eq!(item("d3")["state"], "todo");
    assert!(item("d3")["done_at"].is_null());
    assert_eq!(v["done"], 1);
    assert_eq!(v["skipped"], 1);
    assert_eq!(v["total"], 8);
    // The unchecked item keeps an entry, so an older "done" cannot come back in a merge.
    let p = read_progress(&env.progress_file());
    assert_eq!(
        p.entry("checklists/calendar", "d3").unwrap().state,
        onramp::progress::ItemState::Todo
    );
}

#[test]
fn checking_twice_keeps_the_first_time() {
    let env = Env::new();
    env.cmd()
        .args(["check", "calendar", "d1"])
        .assert()
        .success();
    let first = read_progress(&env.progress_file());
    env.cmd()
        .args(["check", "calendar", "d1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("already done"));
    assert_eq!(read_progress(&env.progress_file()), first);
}

#[test]
fn an_item_can_be_named_by_its_text() {
    let env = Env::new();
    env.cmd()
        .args(["check", "calendar", "No due date at all"])
        .assert()
        .success();
    let p = read_progress(&env.progress_file());
    assert!(
        p.entry("checklists/calendar", "no-due-date-at-all")
            .is_some()
    );
}

#[test]
fn an_item_is_named_with_or_without_the_hash_onramp_checklist_prints() {
    let env = Env::new();
    let out = env.cmd().args(["checklist", "calendar"]).assert().success();
    let listing = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(listing.contains("#d3"), "{listing}");
    env.cmd()
        .args(["check", "calendar", "#d3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("done: Third day"));
    env.cmd()
        .args(["skip", "calendar", "#w1"])
        .assert()
        .success();
    env.cmd()
        .args(["uncheck", "calendar", "#d3"])
        .assert()
        .success();
    let p = read_progress(&env.progress_file());
    assert_eq!(
        p.entry("checklists/calendar", "d3").unwrap().state,
        onramp::progress::ItemState::Todo
    );
    assert!(
        p.entry("checklists/calendar", "w1")
            .unwrap()
            .state
            .is_closed()
    );
    assert!(p.entry("checklists/calendar", "#d3").is_none());
}

#[test]
fn an_italian_checklist_writes_its_dates_in_italian() {
    let env = Env::new();
    fs::create_dir_all(env.content.join("checklists/it")).unwrap();
    fs::write(
        env.content.join("checklists/it/calendario.md"),
        "---\ntitle: Calendario\nlang: it\n---\n# Calendario\n\n- [ ] Primo giorno {#g1 due=D1}\n- [ ] Fine del mese {#m1 due=M1}\n",
    )
    .unwrap();
    env.cmd().args(["start", "2026-11-02"]).assert().success();
    let text = |args: &[&str]| {
        let out = env
            .cmd()
            .env("ONRAMP_TODAY", "2026-11-27")
            .args(args)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let italian = text(&["checklist", "calendario"]);
    assert!(italian.contains("overdue since lun 2 nov"), "{italian}");
    assert!(italian.contains("· mar 1 dic"), "{italian}");
    let english = text(&["checklist", "calendar"]);
    assert!(english.contains("overdue since Mon 2 Nov"), "{english}");
    let report = text(&["progress", "--markdown"]);
    assert!(
        report.contains("Primo giorno — Calendario, due lun 2 nov"),
        "{report}"
    );
    assert!(
        report.contains("First day — Calendar, due Mon 2 Nov"),
        "{report}"
    );
}

#[test]
fn the_markdown_report_lists_everything_unless_limited() {
    let env = with_fixture();
    let report = |extra: &[&str]| {
        let out = env
            .cmd()
            .env("ONRAMP_TODAY", "2026-11-27")
            .args(["progress", "--markdown"])
            .args(extra)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let all = report(&[]);
    assert!(!all.contains("more"), "{all}");
    assert!(all.contains("Item number 99 — Hundred"), "{all}");
    let items = |md: &str| md.lines().filter(|l| l.starts_with("- [ ] Item")).count();
    assert_eq!(items(&all), 99);
    // One parenthesis at most: the item's own words, never one of the report's.
    assert!(all.lines().all(|l| !l.contains(") (")), "{all}");
    let five = report(&["--limit", "5"]);
    assert_eq!(items(&five), 5);
    // 99 items of one list and 2 of the other are overdue.
    assert!(five.contains("- and 96 more"), "{five}");
    env.cmd()
        .args(["progress", "--limit", "0"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("at least 1"));
}

#[rstest]
#[case::checklist(&["check", "calender", "d1"], "no checklist `calender`; did you mean: checklists/calendar")]
#[case::item(&["check", "calendar", "w3"], "did you mean: d3, w1, w2")]
#[case::far_item(&["uncheck", "calendar", "zzzzzz"], "no item `zzzzzz` in checklist `checklists/calendar`")]
#[case::not_a_checklist(&["check", "guides/welcome", "x"], "is a guide, not a checklist")]
#[case::list(&["checklist", "hundredd"], "did you mean: checklists/hundred")]
fn unknown_ids_list_close_matches(#[case] args: &[&str], #[case] message: &str) {
    let env = Env::new();
    env.cmd()
        .args(args)
        .assert()
        .failure()
        .stderr(predicate::str::contains(message));
    assert!(!env.progress_file().exists(), "nothing was written");
}

#[test]
fn start_date_is_shown_and_set() {
    let env = Env::new();
    env.cmd()
        .arg("start")
        .assert()
        .success()
        .stdout(predicate::str::contains("not set"));
    env.cmd()
        .env("ONRAMP_TODAY", "2026-11-02")
        .args(["start", "today"])
        .assert()
        .success()
        .stdout("start date set to 2026-11-02\n");
    env.cmd()
        .env("ONRAMP_TODAY", "2026-11-27")
        .arg("start")
        .assert()
        .success()
        .stdout("2026-11-02 (today is day 26)\n");
    env.cmd().args(["start", "2028-02-29"]).assert().success();
    env.cmd()
        .args(["start", "2027-02-29"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("`2027-02-29` is not a date"));
    env.cmd()
        .env("ONRAMP_TODAY", "soon")
        .arg("start")
        .assert()
        .failure()
        .stderr(predicate::str::contains("$ONRAMP_TODAY is `soon`"));
    assert_eq!(
        read_progress(&env.progress_file()).start_date(),
        Some("2028-02-29".parse().unwrap())
    );
}

fn dues(env: &Env, today: &str) -> serde_json::Value {
    let out = env
        .cmd()
        .env("ONRAMP_TODAY", today)
        .args(["checklist", "calendar", "--json"])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    let mut map = serde_json::Map::new();
    for item in v["items"].as_array().unwrap() {
        map.insert(
            item["id"].as_str().unwrap().to_string(),
            serde_json::json!([item["due"], item["overdue"]]),
        );
    }
    serde_json::Value::Object(map)
}

#[test]
fn due_dates_against_a_calendar() {
    let env = Env::new();
    // Before a start date: no dates, nothing overdue, however late it is.
    assert_eq!(
        dues(&env, "2030-01-01"),
        serde_json::json!({
            "d1": [null, false], "d3": [null, false], "w1": [null, false], "w2": [null, false],
            "m1": [null, false], "m12": [null, false], "no-due-date-at-all": [null, false],
            "nested": [null, false]
        })
    );
    // Start on Jan 31 of a leap year: M1 is the day before Feb 29 (Jan 31 + 1 month, clamped).
    env.cmd().args(["start", "2028-01-31"]).assert().success();
    assert_eq!(
        dues(&env, "2028-02-02"),
        serde_json::json!({
            "d1": ["2028-01-31", true], "d3": ["2028-02-02", false],
            "w1": ["2028-02-06", false], "w2": ["2028-02-13", false],
            "m1": ["2028-02-28", false], "m12": ["2029-01-30", false],
            "no-due-date-at-all": [null, false], "nested": ["2028-02-01", true]
        })
    );
    // A common year: Jan 31 + 1 month is Feb 28, so M1 is Feb 27.
    env.cmd().args(["start", "2027-01-31"]).assert().success();
    let v = dues(&env, "2027-02-28");
    assert_eq!(v["m1"], serde_json::json!(["2027-02-27", true]));
    assert_eq!(v["w2"], serde_json::json!(["2027-02-13", true]));
    // Done items are never overdue.
    env.cmd()
        .args(["check", "calendar", "m1"])
        .assert()
        .success();
    assert_eq!(
        dues(&env, "2027-02-28")["m1"],
        serde_json::json!(["2027-02-27", false])
    );
}

#[test]
fn text_views_show_states_and_relative_dues() {
    let env = Env::new();
    env.cmd()
        .args(["check", "calendar", "d1"])
        .assert()
        .success();
    env.cmd()
        .args(["skip", "calendar", "w2", "--reason", "n/a"])
        .assert()
        .success();
    let out = env.cmd().args(["checklist", "calendar"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!("calendar_no_start", text);
    let out = env.cmd().arg("checklist").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!("all_checklists", text);
    let out = env.cmd().args(["checklist", "--json"]).assert().success();
    let v = json(&out.get_output().stdout);
    assert_eq!(v[0]["id"], "checklists/calendar");
    assert_eq!(v[0]["done"], 1);
    assert_eq!(v[0]["skipped"], 1);
    assert_eq!(v[1]["total"], 100);
}

/// A progress file with known times: two items done in the week before 2026-11-27, one
/// long before, and progress for items the content no longer has.
const FIXTURE: &str = r#"{
  "version": 2,
  "start": { "date": "2026-11-02", "at": "2026-11-02T08:00:00Z" },
  "checklists": {
    "checklists/calendar": {
      "d1": { "state": "done", "at": "2026-11-02T09:00:00Z", "text": "First day" },
      "d3": { "state": "done", "at": "2026-11-24T09:00:00Z" },
      "w1": { "state": "skipped", "reason": "remote", "at": "2026-11-25T09:00:00Z" },
      "renamed-away": { "state": "done", "at": "2026-11-03T09:00:00Z", "text": "An item that was removed" }
    },
    "checklists/hundred": {
      "i005": { "state": "done", "at": "2026-11-26T23:59:00Z" }
    },
    "checklists/deleted": {
      "x": { "state": "skipped", "at": "2026-11-03T09:00:00Z" },
      "y": { "state": "todo", "at": "2026-11-03T09:00:00Z" }
    }
  },
  "recent": { "guides/welcome": "2026-11-26T10:00:00Z" },
  "bookmarks": {}
}
"#;

fn with_fixture() -> Env {
    let env = Env::new();
    fs::create_dir_all(&env.data).unwrap();
    fs::write(env.progress_file(), FIXTURE).unwrap();
    fs::create_dir_all(env.data.join("notes/people")).unwrap();
    fs::write(env.data.join("notes/one.md"), "# One\n").unwrap();
    fs::write(env.data.join("notes/people/two.md"), "# Two\n").unwrap();
    fs::write(env.data.join("notes/ignored.txt"), "x").unwrap();
    env
}

#[test]
fn progress_report_json() {
    let env = with_fixture();
    let out = env
        .cmd()
        .env("ONRAMP_TODAY", "2026-11-27")
        .args(["progress", "--json"])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    assert_eq!(v["day"], 26);
    assert_eq!(v["overall"]["done"], 3);
    assert_eq!(v["overall"]["skipped"], 1);
    assert_eq!(v["overall"]["total"], 108);
    let ids = |key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("done_this_week"), ["i005", "d3"]);
    assert!(ids("overdue").contains(&"w2".to_string()));
    assert!(
        !ids("overdue").contains(&"w1".to_string()),
        "skipped is not overdue"
    );
    assert!(ids("due_next").contains(&"m1".to_string()));
    assert_eq!(ids("orphaned"), ["renamed-away", "x"]);
    assert_eq!(v["notes_written"], 2);
    assert_eq!(v["phases"][0]["phase"], 1);
    assert_eq!(v["phases"][0]["done"], 2);
    assert_eq!(v["phases"][1]["phase"], 2);
    // Reading never rewrites the file.
    assert_eq!(fs::read_to_string(env.progress_file()).unwrap(), FIXTURE);
}

#[test]
fn progress_report_markdown_and_text() {
    let env = with_fixture();
    let out = env
        .cmd()
        .env("ONRAMP_TODAY", "2026-11-27")
        .args(["progress", "--markdown"])
        .assert()
        .success();
    insta::assert_snapshot!(
        "report_markdown",
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    );
    let out = env
        .cmd()
        .env("ONRAMP_TODAY", "2026-11-27")
        .arg("progress")
        .assert()
        .success();
    insta::assert_snapshot!(
        "report_text",
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    );
}

#[test]
fn orphaned_progress_survives_a_save() {
    let env = with_fixture();
    env.cmd()
        .args(["check", "calendar", "m1"])
        .assert()
        .success();
    let p = read_progress(&env.progress_file());
    assert!(p.entry("checklists/deleted", "x").is_some());
    assert!(p.entry("checklists/deleted", "y").is_some());
    assert!(p.entry("checklists/calendar", "renamed-away").is_some());
    assert_eq!(p.recent(), ["guides/welcome"]);
    // An orphan can still be changed by its id.
    env.cmd()
        .args(["uncheck", "calendar", "renamed-away"])
        .assert()
        .success();
}

#[test]
fn json_output_is_not_mixed_with_notices() {
    let env = Env::new();
    fs::create_dir_all(&env.data).unwrap();
    fs::write(env.progress_file(), "{ not json").unwrap();
    let out = env.cmd().args(["checklist", "--json"]).assert().success();
    json(&out.get_output().stdout);
    assert!(
        String::from_utf8_lossy(&out.get_output().stderr).contains("could not be read"),
        "the notice goes to stderr"
    );
}

#[test]
fn reworded_item_with_the_same_id_keeps_its_state() {
    let env = Env::new();
    env.cmd()
        .args(["check", "calendar", "w1"])
        .assert()
        .success();
    let path = env.content.join("checklists/calendar.md");
    let reworded = fs::read_to_string(&path)
        .unwrap()
        .replace("End of week one {#w1", "Wrap up your first week {#w1")
        .replace("- [ ] No due date at all\n", "");
    fs::write(&path, reworded).unwrap();
    let out = env
        .cmd()
        .args(["checklist", "calendar", "--json"])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    let w1 = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "w1")
        .unwrap();
    assert_eq!(w1["state"], "done");
    assert_eq!(w1["text"], "Wrap up your first week");
}

#[test]
fn help_lists_the_progress_commands() {
    let env = Env::new();
    let out = env.cmd().arg("--help").assert().success();
    let help = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for command in ["checklist", "check", "uncheck", "skip", "start", "progress"] {
        assert!(help.contains(&format!("  {command} ")), "{command}: {help}");
    }
}

#[test]
fn an_item_written_done_is_done_until_unchecked() {
    let env = Env::new();
    fs::write(
        env.content.join("checklists/written.md"),
        "# Written\n\n- [x] Signed already {#signed}\n- [ ] Still to do {#open}\n",
    )
    .unwrap();
    // Done as written: checking it changes nothing.
    env.cmd()
        .args(["check", "written", "signed"])
        .assert()
        .success()
        .stdout(predicate::str::contains("already done"));
    env.cmd()
        .args(["uncheck", "written", "signed"])
        .assert()
        .success()
        .stdout(predicate::str::contains("todo: Signed already"));
    let out = env
        .cmd()
        .args(["checklist", "written", "--json"])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    assert_eq!(v["items"][0]["state"], "todo", "{v}");
    // And unchecking an item never touched is a no-op.
    env.cmd()
        .args(["uncheck", "written", "open"])
        .assert()
        .success()
        .stdout(predicate::str::contains("already todo"));
}
