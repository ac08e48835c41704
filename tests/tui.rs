//! The TUI without a terminal: state driven by actions and keys, and every screen rendered
//! to a `TestBackend` at 100x30 and 40x12 with the bundled pack and a fixed date.

use std::sync::Arc;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use onramp::content::{LoadOptions, Source, load};
use onramp::tui::app::CheckRow;
use onramp::tui::keymap::Keymap;
use onramp::tui::search_worker::StandIn;
use onramp::tui::{Action, App, AppOptions, Effect, Mark, ProgressChange, Screen, settle};

mod tui_support;

use tui_support::{Harness, harness, harness_with, options};

#[test]
fn search_open_and_back() {
    let mut h = harness((100, 30));
    h.key(KeyCode::Char('/'));
    assert!(matches!(h.app.screen(), Screen::Search(_)));
    h.type_text("failover");
    let Screen::Search(s) = h.app.screen() else {
        panic!("not on search")
    };
    assert_eq!(s.input, "failover");
    assert!(!s.hits.is_empty());
    let first = s.hits[0].id.clone();
    let effect = h.key(KeyCode::Enter);
    assert_eq!(
        effect,
        Some(Effect::Save(ProgressChange::Opened { id: first.clone() }))
    );
    assert_eq!(h.reader_id(), Some(first.as_str()));
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.screen(), Screen::Search(_)));
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.screen(), Screen::Home(_)));
    assert_eq!(h.app.recent(), [first]);
}

#[test]
fn q_quits_outside_text_and_types_inside_it() {
    let mut h = harness((100, 30));
    h.key(KeyCode::Char('/'));
    h.key(KeyCode::Char('q'));
    assert!(!h.app.should_quit());
    let Screen::Search(s) = h.app.screen() else {
        panic!("not on search")
    };
    assert_eq!(s.input, "q");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('q'));
    assert!(h.app.should_quit());
}

#[test]
fn ctrl_c_quits_even_while_typing() {
    let mut h = harness((100, 30));
    h.key(KeyCode::Char('/'));
    h.key_mod(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(h.app.should_quit());
}

#[test]
fn ctrl_c_quits_from_the_help_overlay() {
    let mut h = harness((100, 30));
    h.key(KeyCode::Char('?'));
    assert!(h.app.help_open());
    h.key(KeyCode::Char('j'));
    assert!(h.app.help_open(), "keys under the overlay do nothing");
    h.key_mod(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(h.app.should_quit());
}

#[test]
fn kind_filter_narrows_results() {
    let mut h = harness((100, 30));
    h.key(KeyCode::Char('/'));
    h.type_text("kind:person database");
    let Screen::Search(s) = h.app.screen() else {
        panic!("not on search")
    };
    assert!(!s.hits.is_empty());
    assert!(
        s.hits
            .iter()
            .all(|hit| hit.kind == onramp::content::Kind::Person)
    );
}

#[test]
fn links_are_followed_by_number_and_history_returns() {
    let mut h = harness((100, 30));
    h.app.update(Action::OpenSearch);
    h.act(Action::Paste("welcome".into()));
    h.act(Action::Open);
    assert_eq!(h.reader_id(), Some("guides/welcome"));
    let Screen::Reader(r) = h.app.screen() else {
        panic!()
    };
    let target = r.rendered.links[0].target.clone();
    assert!(target.contains("benvenuto"), "{target}");
    h.key(KeyCode::Char('1'));
    assert_eq!(h.reader_id(), Some("guides/it/benvenuto"));
    h.key(KeyCode::Char('['));
    assert_eq!(h.reader_id(), Some("guides/welcome"));
    h.key(KeyCode::Char(']'));
    assert_eq!(h.reader_id(), Some("guides/it/benvenuto"));
    // Esc walks back through the page history before it leaves the reader.
    h.key(KeyCode::Esc);
    assert_eq!(h.reader_id(), Some("guides/welcome"));
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.screen(), Screen::Search(_)));
}

#[test]
fn tab_picks_links_and_enter_follows() {
    let mut h = harness((100, 30));
    h.app.update(Action::OpenSearch);
    h.act(Action::Paste("first week checklist".into()));
    h.act(Action::Open);
    assert_eq!(h.reader_id(), Some("checklists/first-week"));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    let Screen::Reader(r) = h.app.screen() else {
        panic!()
    };
    assert_eq!(r.link, Some(1));
    h.key(KeyCode::Enter);
    assert_eq!(h.reader_id(), Some("guides/first-week"));
}

#[test]
fn space_ticks_the_task_under_the_cursor_and_saves() {
    let mut h = harness((100, 30));
    h.app.update(Action::OpenSearch);
    h.act(Action::Paste("first week checklist".into()));
    h.act(Action::Open);
    let effect = h.key(KeyCode::Char(' '));
    assert_eq!(
        effect,
        Some(Effect::Save(ProgressChange::SetItem {
            checklist: "checklists/first-week".into(),
            item: "induction".into(),
            mark: Some(Mark::Done),
        }))
    );
    let Screen::Reader(r) = h.app.screen() else {
        panic!()
    };
    let line = r.rendered.lines[r.rendered.tasks[0].line].to_string();
    assert!(line.starts_with("☑"), "{line}");
    // Space again unticks.
    let effect = h.key(KeyCode::Char(' '));
    assert!(matches!(
        effect,
        Some(Effect::Save(ProgressChange::SetItem { mark: None, .. }))
    ));
}

#[test]
fn checklists_toggle_skip_and_filter() {
    let mut h = harness((100, 30));
    h.key(KeyCode::Char('c'));
    let Screen::Checklists(state) = h.app.screen() else {
        panic!()
    };
    let rows = h.app.checklist_rows(state);
    assert!(matches!(rows[0], CheckRow::Checklist(_)));
    h.key(KeyCode::Char('j'));
    let effect = h.key(KeyCode::Char(' '));
    let Some(Effect::Save(ProgressChange::SetItem {
        checklist,
        item,
        mark,
    })) = effect
    else {
        panic!("{effect:?}")
    };
    assert_eq!(mark, Some(Mark::Done));
    h.key(KeyCode::Char('j'));
    let effect = h.key(KeyCode::Char('s'));
    assert!(matches!(
        effect,
        Some(Effect::Save(ProgressChange::SetItem {
            mark: Some(Mark::Skipped),
            ..
        }))
    ));
    h.key(KeyCode::Char('u'));
    let Screen::Checklists(state) = h.app.screen() else {
        panic!()
    };
    let c = h.app.checks().get(&checklist).unwrap();
    let ticked = c.items.iter().position(|i| i.id == item).unwrap();
    let ci = h
        .app
        .checks()
        .checklists
        .iter()
        .position(|x| x.id == checklist)
        .unwrap();
    assert!(
        !h.app
            .checklist_rows(state)
            .contains(&CheckRow::Item(ci, ticked))
    );
    h.key(KeyCode::Char('d'));
    let Screen::Checklists(state) = h.app.screen() else {
        panic!()
    };
    // Day 9 of the year: everything due is in week one or two.
    for row in h.app.checklist_rows(state) {
        if let CheckRow::Item(ci, ii) = row {
            let c = &h.app.checks().checklists[ci];
            assert!(h.app.checks().is_due_now(&c.id, &c.items[ii]));
        }
    }
}

#[test]
fn g_g_goes_to_the_top_and_capital_g_to_the_bottom() {
    let mut h = harness((100, 30));
    h.key(KeyCode::Char('p'));
    h.key_mod(KeyCode::Char('G'), KeyModifiers::SHIFT);
    let Screen::List(l) = h.app.screen() else {
        panic!()
    };
    let last = h.app.list_rows(l).len() - 1;
    assert_eq!(l.selected, last);
    h.key(KeyCode::Char('g'));
    h.key(KeyCode::Char('g'));
    let Screen::List(l) = h.app.screen() else {
        panic!()
    };
    assert_eq!(l.selected, 0);
}

#[test]
fn people_filter_by_what_they_know() {
    let mut h = harness((100, 30));
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Char('f'));
    h.type_text("replication");
    h.key(KeyCode::Enter);
    let Screen::List(l) = h.app.screen() else {
        panic!()
    };
    let rows = h.app.list_rows(l);
    assert_eq!(rows.len(), 1);
    assert_eq!(h.app.library().docs()[rows[0]].id, "people/aiko-tanaka");
    h.key(KeyCode::Enter);
    let Screen::Reader(r) = h.app.screen() else {
        panic!()
    };
    // A person's page lists the notes that mention them, as links.
    assert!(
        r.rendered
            .headings
            .iter()
            .any(|x| x.text.starts_with("Notes that mention Aiko"))
    );
}

#[test]
fn external_links_need_a_yes_and_bad_schemes_never_open() {
    let mut h = harness((100, 30));
    h.act(Action::OpenTools);
    h.key(KeyCode::Enter);
    let Screen::Reader(_) = h.app.screen() else {
        panic!()
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("guides")).unwrap();
    std::fs::write(
        dir.path().join("guides/links.md"),
        "# Links\n\n[site](https://example.com/x) and [bad](file:///etc/passwd) and [opt](-oProxyCommand=x)\n",
    )
    .unwrap();
    let library = Arc::new(load(
        &[Source::dir(onramp::content::Layer::Flag, dir.path())],
        &LoadOptions::default(),
    ));
    let mut app = App::new(library, options((100, 30)));
    app.update(Action::OpenSearch);
    app.update(Action::Paste("links".into()));
    let hits = StandIn::new(Arc::new(load(
        &[Source::dir(onramp::content::Layer::Flag, dir.path())],
        &LoadOptions::default(),
    )))
    .search(
        "links",
        &onramp::tui::search_worker::SearchOptions {
            limit: 5,
            kind: None,
        },
    );
    let Screen::Search(s) = app.screen() else {
        panic!()
    };
    let generation = s.generation;
    app.update(Action::SearchDone { generation, hits });
    app.update(Action::Open);
    assert_eq!(app.update(Action::FollowLink(2)), None);
    assert!(app.confirming().is_none());
    assert!(
        app.status().unwrap().contains("only http"),
        "{:?}",
        app.status()
    );
    assert_eq!(app.update(Action::FollowLink(3)), None);
    assert!(app.confirming().is_none());
    assert_eq!(app.update(Action::FollowLink(1)), None);
    assert_eq!(app.confirming(), Some("https://example.com/x"));
    assert_eq!(
        app.update(Action::Confirm),
        Some(Effect::OpenUrl("https://example.com/x".into()))
    );
}

#[test]
fn find_in_page_jumps_between_matches() {
    let mut h = harness((100, 30));
    h.app.update(Action::OpenSearch);
    h.act(Action::Paste("welcome".into()));
    h.act(Action::Open);
    h.key(KeyCode::Char('/'));
    h.type_text("phase");
    h.key(KeyCode::Enter);
    let Screen::Reader(r) = h.app.screen() else {
        panic!()
    };
    let find = r.find.as_ref().unwrap();
    assert!(find.matches.len() > 1);
    let first = find.current;
    h.key(KeyCode::Char('n'));
    let Screen::Reader(r) = h.app.screen() else {
        panic!()
    };
    assert_eq!(r.find.as_ref().unwrap().current, first + 1);
    h.key_mod(KeyCode::Char('N'), KeyModifiers::SHIFT);
    let Screen::Reader(r) = h.app.screen() else {
        panic!()
    };
    assert_eq!(r.find.as_ref().unwrap().current, first);
}

#[test]
fn bookmarks_show_on_home() {
    let mut h = harness((100, 30));
    h.app.update(Action::OpenSearch);
    h.act(Action::Paste("welcome".into()));
    h.act(Action::Open);
    let effect = h.key(KeyCode::Char('b'));
    assert_eq!(
        effect,
        Some(Effect::Save(ProgressChange::Bookmark {
            id: "guides/welcome".into(),
            on: true
        }))
    );
    h.key(KeyCode::Char('h'));
    assert!(h.draw().backend().to_string().contains("Bookmarks"));
}

#[test]
fn a_bad_user_keymap_is_reported_not_fatal() {
    let (_, problems) = Keymap::parse("[[global]]\non = \"q\"\nrun = \"Nope\"\n", "keymap.toml");
    assert_eq!(problems.len(), 1);
    let library = Arc::new(load(&[Source::bundled()], &LoadOptions::default()));
    let app = App::new(
        library,
        AppOptions {
            keymap_problems: problems,
            ..options((100, 30))
        },
    );
    assert!(app.status().unwrap().contains("Nope"));
}

#[test]
fn resize_reflows_the_reader() {
    let mut h = harness((100, 30));
    h.app.update(Action::OpenSearch);
    h.act(Action::Paste("welcome".into()));
    h.act(Action::Open);
    let Screen::Reader(r) = h.app.screen() else {
        panic!()
    };
    let wide = r.rendered.lines.len();
    h.act(Action::Resize(40, 12));
    let Screen::Reader(r) = h.app.screen() else {
        panic!()
    };
    assert!(r.rendered.lines.len() > wide);
    assert!(r.rendered.lines.iter().all(|l| l.width() <= 40));
}

/// Puts the app on each screen in turn and snapshots it.
fn screens(size: (u16, u16)) -> Vec<(&'static str, Harness)> {
    let mut out = Vec::new();
    out.push(("home", harness(size)));
    let mut h = harness(size);
    h.key(KeyCode::Char('/'));
    out.push(("search_empty", h));
    let mut h = harness(size);
    h.key(KeyCode::Char('/'));
    h.type_text("failover");
    out.push(("search_results", h));
    let mut h = harness(size);
    h.key(KeyCode::Char('/'));
    h.type_text("xyzzy");
    out.push(("search_nothing", h));
    // Typed while the index still opens: the search waits, and says why.
    let mut h = harness(size);
    h.app.update(Action::Indexing(true));
    h.key(KeyCode::Char('/'));
    for c in "fail".chars() {
        h.app
            .handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    out.push(("search_indexing", h));
    let mut h = harness(size);
    h.app.update(Action::OpenSearch);
    h.act(Action::Paste("first week checklist".into()));
    h.act(Action::Open);
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Tab);
    out.push(("reader", h));
    let mut h = harness(size);
    h.app.update(Action::OpenSearch);
    h.act(Action::Paste("welcome".into()));
    h.act(Action::Open);
    h.key(KeyCode::Char('o'));
    out.push(("reader_toc", h));
    let mut h = harness(size);
    h.key(KeyCode::Char('c'));
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char(' '));
    out.push(("checklists", h));
    for (name, key) in [
        ("people", 'p'),
        ("tools", 't'),
        ("glossary", 'y'),
        ("notes", 'n'),
    ] {
        let mut h = harness(size);
        h.key(KeyCode::Char(key));
        out.push((name, h));
    }
    let mut h = harness(size);
    h.key(KeyCode::Char('?'));
    out.push(("help", h));
    out
}

#[test]
fn results_typed_while_indexing_arrive_once_the_index_is_ready() {
    let mut h = harness((100, 30));
    h.app.update(Action::Indexing(true));
    h.key(KeyCode::Char('/'));
    let effect = h
        .app
        .handle_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE));
    assert!(matches!(effect, Some(Effect::Search { .. })), "{effect:?}");
    assert!(h.app.awaiting_results());
    assert!(h.draw().backend().to_string().contains("indexing…"));
    h.app.update(Action::Indexing(false));
    assert!(!h.app.indexing());
    settle(&mut h.app, &h.searcher, effect);
    assert!(!h.app.awaiting_results());
    assert!(!h.draw().backend().to_string().contains("indexing…"));
}

#[test]
fn snapshots_100x30() {
    for (name, h) in screens((100, 30)) {
        insta::assert_snapshot!(format!("{name}_100x30"), h.draw().backend());
    }
}

#[test]
fn snapshots_40x12() {
    for (name, h) in screens((40, 12)) {
        insta::assert_snapshot!(format!("{name}_40x12"), h.draw().backend());
    }
}

#[test]
fn too_small_says_so() {
    let h = harness((39, 11));
    insta::assert_snapshot!("too_small_39x11", h.draw().backend());
}

#[test]
fn y_copies_the_code_block_under_the_cursor_without_a_trailing_newline() {
    let mut h = harness((100, 30));
    h.app.update(Action::OpenSearch);
    h.act(Action::Paste("unplanned outage".into()));
    h.act(Action::Open);
    assert_eq!(h.reader_id(), Some("runbooks/unplanned-outage"));
    let Some(Effect::Copy(text)) = h.key(KeyCode::Char('y')) else {
        panic!("no copy effect")
    };
    assert!(text.starts_with("casebook case create"), "{text}");
    assert!(!text.ends_with('\n'));
}

#[test]
fn capital_s_on_home_makes_today_day_one_once() {
    let mut h = harness((100, 30));
    // A fresh app without a start date.
    let library = Arc::new(load(&[Source::bundled()], &LoadOptions::default()));
    let mut app = App::new(Arc::clone(&library), options((100, 30)));
    let effect = app.handle_key(KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT));
    assert_eq!(
        effect,
        Some(Effect::Save(ProgressChange::StartDate(
            NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
        )))
    );
    assert_eq!(app.checks().start, NaiveDate::from_ymd_opt(2026, 3, 10));
    assert_eq!(
        app.handle_key(KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT)),
        None
    );
    // The harness's app already has a start date: S changes nothing.
    assert_eq!(h.key_mod(KeyCode::Char('S'), KeyModifiers::SHIFT), None);
}

#[test]
fn a_footnote_reference_is_followed_to_its_note_and_back() {
    let filler = (1..=80).fold(String::new(), |mut s, i| {
        s.push_str("Line ");
        s.push_str(&i.to_string());
        s.push_str(".\n\n");
        s
    });

    let page = format!(
        "# Notes\n\nA claim[^src] and [a link](https://example.org).\n\n{filler}[^src]: Where the claim comes from.\n"
    );
    let (mut h, _dir) = harness_with((100, 30), &[("guides/notes.md", page.as_str())]);
    h.open_page("claim", "guides/notes");
    h.act(Action::NextLink);
    h.act(Action::NextLink);
    let before = h.screen_text();
    assert!(before.contains("note src"), "{before}");
    h.act(Action::Open);
    let at_note = h.screen_text();
    assert!(at_note.contains("Where the claim comes from."), "{at_note}");
    assert!(!at_note.contains("A claim"), "{at_note}");
    h.act(Action::HistoryBack);
    assert!(h.screen_text().contains("A claim"));
    // Link numbers name the numbered links only.
    h.act(Action::FollowLink(2));
    assert!(h.screen_text().contains("no link 2"), "{}", h.screen_text());
}
