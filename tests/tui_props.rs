//! What the app draws is what progress saved, whatever a user presses: random walks of
//! ticks, unticks, skips and moves through the checklists screen and the reader, on a
//! checklist with items written `[x]`, checked after every key against a fresh read of the
//! progress file, and at the end against `onramp checklist --json` on the same store.

mod tui_support;

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyModifiers};
use onramp::progress::{Checklists, ItemState, Store};
use onramp::tui::Screen;
use proptest::prelude::*;
use tui_support::{FIXTURE, Harness, start_date};

const CHECKLIST: &str = "checklists/week-one";

/// Keys a user might press on the checklists screen and in the reader.
fn key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "j", "j", "k", "G", "gg", " ", " ", "x", "enter", "esc", "c",
    ])
}

fn press(h: &mut Harness, key: &str) {
    match key {
        "enter" => {
            h.key(KeyCode::Enter);
        }
        "esc" => {
            h.key(KeyCode::Esc);
        }
        "G" => {
            h.key_mod(KeyCode::Char('G'), KeyModifiers::SHIFT);
        }
        other => h.keys(other),
    }
}

/// Item id -> state name, as progress reads the file now.
fn saved(h: &Harness) -> BTreeMap<String, &'static str> {
    let store = Store::open(&h.data()).unwrap();
    let lists = Checklists::from_library(h.app().library());
    let list = lists.get(CHECKLIST).unwrap();
    list.items
        .iter()
        .map(|i| (i.id.clone(), list.state_of(store.progress(), i).as_str()))
        .collect()
}

/// What the screen on top draws for each item of the checklist it shows.
fn drawn(h: &Harness) -> BTreeMap<String, &'static str> {
    let lists = h.app().checklists();
    let list = lists.get(CHECKLIST).unwrap();
    let mut out = BTreeMap::new();
    match h.app().screen() {
        Screen::Checklists(_) => {
            let screen = h.screen_text();
            for item in &list.items {
                for (mark, state) in [("[ ]", "todo"), ("[x]", "done"), ("[-]", "skipped")] {
                    if screen.contains(&format!("{mark} {}  ", item.plain)) {
                        out.insert(item.id.clone(), state);
                    }
                }
            }
        }
        Screen::Reader(r) if lists.for_page(&r.id).map(|c| c.id.as_str()) == Some(CHECKLIST) => {
            for task in &r.rendered.tasks {
                let line = r.rendered.lines[task.line].to_string();
                let state = match line.trim_start().chars().next() {
                    Some('☐') => "todo",
                    Some('☑') => "done",
                    Some('☒') => "skipped",
                    _ => "?",
                };
                out.insert(task.item_id.clone(), state);
            }
        }
        _ => {}
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_screens_draw_what_progress_saved(keys in prop::collection::vec(key(), 1..40)) {
        // Tall enough that the checklists screen shows every item of the list at once.
        let mut h = Harness::started((100, 60));
        h.keys("c");
        for key in &keys {
            press(&mut h, key);
            let saved = saved(&h);
            for (item, state) in drawn(&h) {
                prop_assert_eq!(
                    Some(&state),
                    saved.get(&item),
                    "{} after {:?} on {}",
                    item,
                    keys,
                    h.app().screen().name()
                );
            }
            // The app's own answer is the store's too.
            for (item, state) in &saved {
                let app = h.app().item_state(CHECKLIST, item).map(|s| s.as_str());
                prop_assert_eq!(app, Some(*state), "{} after {:?}", item, keys);
            }
        }
        // The command line reads the same store the same way.
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_onramp"))
            .args(["--no-bundled", "--content"])
            .arg(h.content())
            .args(["checklist", CHECKLIST, "--json"])
            .env("ONRAMP_CONFIG_DIR", h.dir.path().join("config"))
            .env("ONRAMP_DATA_DIR", h.data())
            .env("ONRAMP_CACHE_DIR", h.dir.path().join("cli-cache"))
            .env("ONRAMP_TODAY", tui_support::today().to_string())
            .output()
            .unwrap();
        prop_assert!(out.status.success());
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let cli: BTreeMap<String, String> = json["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["id"].as_str().unwrap().to_string(), i["state"].as_str().unwrap().to_string()))
            .collect();
        let saved: BTreeMap<String, String> =
            saved(&h).into_iter().map(|(k, v)| (k, v.to_string())).collect();
        prop_assert_eq!(cli, saved);
    }
}

#[test]
fn the_fixture_has_items_written_done() {
    // The property means little without them: an `[x]` item is where app and store diverged.
    let text = std::fs::read_to_string(format!("{FIXTURE}/checklists/week-one.md")).unwrap();
    assert!(text.matches("- [x]").count() >= 2);
    let h = Harness::started((100, 60));
    assert_eq!(
        h.app().item_state(CHECKLIST, "contract"),
        Some(ItemState::Done)
    );
    assert_eq!(h.app().progress().start_date(), Some(start_date()));
}
