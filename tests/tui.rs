//! The TUI without a terminal, as `onramp` runs it (real worker, real index, real progress
//! store) on the test pack in `tests/fixtures/tui`: state driven by keys and actions, and
//! every screen rendered to a `TestBackend` at 100x30 and 40x12.

use crossterm::event::{KeyCode, KeyModifiers};
use onramp::content::Kind;
use onramp::progress::{Checklists, ItemState, Store};
use onramp::tui::app::ChecklistRow;
use onramp::tui::keymap::Keymap;
use onramp::tui::{Action, AppOptions, Effect, Screen};

mod tui_support;

use tui_support::{Harness, options, today};

/// The state progress reports for `item` of `checklist`, read from the file on disk.
fn saved(h: &Harness, checklist: &str, item: &str) -> ItemState {
    let store = Store::open(&h.data()).unwrap();
    let checklists = Checklists::from_library(h.app().library());
    checklists
        .state(store.progress(), checklist, item)
        .expect("a checklist item")
}

fn hits(h: &Harness) -> Vec<String> {
    let Screen::Search(s) = h.app().screen() else {
        panic!("not on search")
    };
    s.hits.iter().map(|h| h.id.clone()).collect()
}

#[test]
fn search_open_and_back() {
    let mut h = Harness::started((100, 30));
    h.key(KeyCode::Char('/'));
    h.type_text("orientation");
    let found = hits(&h);
    assert_eq!(found.first().map(String::as_str), Some("guides/start"));
    h.key(KeyCode::Enter);
    assert_eq!(h.reader_id(), Some("guides/start"));
    h.key(KeyCode::Esc);
    assert!(matches!(h.app().screen(), Screen::Search(_)));
    h.key(KeyCode::Esc);
    assert!(matches!(h.app().screen(), Screen::Home(_)));
    // Recently read is what the store saved.
    assert_eq!(h.app().recent(), ["guides/start"]);
    assert_eq!(Store::open(&h.data()).unwrap().recent(), ["guides/start"]);
}

#[test]
fn q_quits_outside_text_and_types_inside_it() {
    let mut h = Harness::new((100, 30));
    h.key(KeyCode::Char('/'));
    h.key(KeyCode::Char('q'));
    assert!(!h.app().should_quit());
    let Screen::Search(s) = h.app().screen() else {
        panic!("not on search")
    };
    assert_eq!(s.input, "q");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('q'));
    assert!(h.app().should_quit());
}

#[test]
fn ctrl_c_quits_even_while_typing() {
    let mut h = Harness::new((100, 30));
    h.key(KeyCode::Char('/'));
    h.key_mod(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(h.app().should_quit());
}

#[test]
fn ctrl_c_quits_from_the_help_overlay() {
    let mut h = Harness::new((100, 30));
    h.key(KeyCode::Char('?'));
    assert!(h.app().help_open());
    h.key(KeyCode::Char('j'));
    assert!(h.app().help_open(), "keys under the overlay do nothing");
    h.key_mod(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(h.app().should_quit());
}

#[test]
fn a_kind_filter_narrows_results() {
    let mut h = Harness::new((100, 30));
    h.key(KeyCode::Char('/'));
    h.type_text("kind:person badges");
    assert_eq!(hits(&h), ["people/ada"]);
}

#[test]
fn a_filter_alone_lists_every_page_of_its_kind() {
    let mut h = Harness::new((100, 30));
    h.key(KeyCode::Char('/'));
    h.type_text("kind:runbook");
    // Title order: "Disk full" before "Outage response".
    assert_eq!(hits(&h), ["runbooks/disk-full", "runbooks/outage"]);
    let screen = h.screen_text();
    assert!(screen.contains("2 results"), "{screen}");
    for kind in ["kind:term", "kind:guide", "kind:tool"] {
        h.act(Action::ClearInput);
        h.type_text(kind);
        assert!(!hits(&h).is_empty(), "{kind}");
    }
}

#[test]
fn links_are_followed_by_number_and_history_returns() {
    let mut h = Harness::new((100, 30));
    h.open_page("start here", "guides/start");
    // Link 1 is the owner in the page's header; the body's links follow.
    assert_eq!(h.reader().rendered.links[0].target, "people/ada");
    assert!(h.reader().rendered.links[1].target.contains("inizio"));
    h.key(KeyCode::Char('2'));
    assert_eq!(h.reader_id(), Some("guides/it/inizio"));
    h.key(KeyCode::Char('['));
    assert_eq!(h.reader_id(), Some("guides/start"));
    h.key(KeyCode::Char(']'));
    assert_eq!(h.reader_id(), Some("guides/it/inizio"));
    // Esc walks back through the page history before it leaves the reader.
    h.key(KeyCode::Esc);
    assert_eq!(h.reader_id(), Some("guides/start"));
    h.key(KeyCode::Esc);
    assert!(matches!(h.app().screen(), Screen::Search(_)));
}

#[test]
fn tab_picks_links_and_enter_follows() {
    let mut h = Harness::new((100, 30));
    h.open_page("start here", "guides/start");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    assert_eq!(h.reader().focused_link(), Some(2));
    h.key(KeyCode::Enter);
    assert_eq!(h.reader_id(), Some("checklists/week-one"));
}

#[test]
fn space_ticks_the_selected_task_saves_it_and_draws_what_was_saved() {
    let mut h = Harness::started((100, 30));
    h.open_page("week one", "checklists/week-one");
    assert_eq!(h.selected_item().as_deref(), Some("badge"));
    assert!(h.task_line("badge").starts_with('☐'));
    h.key(KeyCode::Char(' '));
    assert_eq!(saved(&h, "checklists/week-one", "badge"), ItemState::Done);
    assert!(
        h.task_line("badge").starts_with('☑'),
        "{}",
        h.task_line("badge")
    );
    h.key(KeyCode::Char(' '));
    assert_eq!(saved(&h, "checklists/week-one", "badge"), ItemState::Todo);
    assert!(h.task_line("badge").starts_with('☐'));
}

#[test]
fn an_item_written_done_can_be_unticked_everywhere() {
    let mut h = Harness::started((100, 30));
    h.open_page("week one", "checklists/week-one");
    assert!(h.task_line("contract").starts_with('☑'));
    h.key(KeyCode::Char('j'));
    assert_eq!(h.selected_item().as_deref(), Some("contract"));
    h.key(KeyCode::Char(' '));
    assert_eq!(
        saved(&h, "checklists/week-one", "contract"),
        ItemState::Todo
    );
    assert!(h.task_line("contract").starts_with('☐'));
    // The checklists screen agrees.
    h.key(KeyCode::Char('h'));
    h.key(KeyCode::Char('c'));
    let screen = h.screen_text();
    assert!(screen.contains("[ ] Sign the contract"), "{screen}");
}

#[test]
fn the_translation_shares_its_originals_ticks() {
    let mut h = Harness::started((100, 30));
    h.open_page("settimana uno", "checklists/it/settimana-uno");
    h.key(KeyCode::Char(' '));
    assert_eq!(saved(&h, "checklists/week-one", "badge"), ItemState::Done);
    assert!(h.task_line("badge").starts_with('☑'));
    h.open_page("week one", "checklists/week-one");
    assert!(h.task_line("badge").starts_with('☑'));
}

#[test]
fn skip_and_unskip_never_forget_a_done_item() {
    let mut h = Harness::started((100, 30));
    h.open_page("week one", "checklists/week-one");
    // The first item: todo -> skipped -> todo.
    h.key(KeyCode::Char('x'));
    assert_eq!(
        saved(&h, "checklists/week-one", "badge"),
        ItemState::Skipped { reason: None }
    );
    assert!(h.task_line("badge").starts_with('☒'));
    h.key(KeyCode::Char('x'));
    assert_eq!(saved(&h, "checklists/week-one", "badge"), ItemState::Todo);
    // A done item keeps its tick and says why.
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('x'));
    assert_eq!(
        saved(&h, "checklists/week-one", "contract"),
        ItemState::Done
    );
    assert!(h.task_line("contract").starts_with('☑'));
    assert!(h.app().status().unwrap().contains("Space unticks"));
}

#[test]
fn j_and_k_move_from_task_to_task_and_reach_the_last_one() {
    let mut h = Harness::started((100, 30));
    h.open_page("week one", "checklists/week-one");
    let tasks = h.reader().rendered.tasks.len();
    let mut seen = vec![h.selected_item().unwrap()];
    for _ in 0..200 {
        h.key(KeyCode::Char('j'));
        let item = h.selected_item().unwrap();
        if seen.last() != Some(&item) {
            seen.push(item);
        }
        let (_, height) = onramp::tui::layout::page_area(h.app().size());
        assert!(
            h.reader().visible_task(height).is_some(),
            "the selection stays in view"
        );
    }
    assert_eq!(
        seen.len(),
        tasks,
        "every task is selected in turn: {seen:?}"
    );
    assert_eq!(seen.last().map(String::as_str), Some("final"));
    h.key(KeyCode::Char('k'));
    assert_eq!(h.selected_item().as_deref(), Some("practice-23"));
}

#[test]
fn capital_g_selects_the_last_task_and_space_ticks_it() {
    let mut h = Harness::started((100, 30));
    h.open_page("week one", "checklists/week-one");
    h.key_mod(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(h.selected_item().as_deref(), Some("final"));
    h.key(KeyCode::Char(' '));
    assert_eq!(saved(&h, "checklists/week-one", "final"), ItemState::Done);
    assert!(h.screen_text().contains("›☑ The final item of the week"));
    h.keys("gg");
    assert_eq!(h.selected_item().as_deref(), Some("badge"));
}

#[test]
fn a_click_selects_the_task_clicked() {
    let mut h = Harness::started((100, 30));
    h.open_page("week one", "checklists/week-one");
    let screen = h.screen_text();
    let row = screen
        .lines()
        .position(|l| l.contains("Set up your laptop"))
        .unwrap();
    h.act(Action::Click(10, row as u16));
    assert_eq!(h.selected_item().as_deref(), Some("laptop"));
}

#[test]
fn enter_on_a_due_item_at_home_opens_its_checklist_there_and_space_ticks_it() {
    let mut h = Harness::started((100, 30));
    // Day 9: the due rows are overdue day-one and week-one items, earliest first.
    let rows = h.app().home_rows();
    let due: Vec<_> = rows
        .iter()
        .filter_map(|r| match r {
            onramp::tui::app::HomeRow::Due(d) => Some(d.clone()),
            _ => None,
        })
        .collect();
    let third = due[2].clone();
    h.keys("jj");
    h.key(KeyCode::Enter);
    assert_eq!(h.reader_id(), Some("checklists/week-one"));
    assert_eq!(h.selected_item().as_deref(), Some(third.item.as_str()));
    h.key(KeyCode::Char(' '));
    assert_eq!(
        saved(&h, "checklists/week-one", &third.item),
        ItemState::Done
    );
}

#[test]
fn space_on_a_runbook_task_changes_nothing_and_says_so() {
    let mut h = Harness::started((100, 30));
    h.open_page("outage response", "runbooks/outage");
    assert_eq!(h.reader().task, None, "a runbook has no task selection");
    h.key(KeyCode::Char(' '));
    assert!(h.app().status().unwrap().contains("not a checklist"));
    let store = Store::open(&h.data()).unwrap();
    assert!(store.progress().checklists.is_empty(), "nothing saved");
    assert!(!h.screen_text().contains('›'));
}

#[test]
fn the_search_preview_draws_states_as_the_reader_does() {
    let mut h = Harness::started((120, 40));
    h.key(KeyCode::Char('/'));
    h.type_text("week one");
    assert_eq!(
        hits(&h).first().map(String::as_str),
        Some("checklists/week-one")
    );
    let screen = h.screen_text();
    assert!(screen.contains("☑ Sign the contract"), "{screen}");
    assert!(screen.contains("☐ Collect your badge"), "{screen}");
}

#[test]
fn checklists_tick_skip_and_filter() {
    let mut h = Harness::started((100, 30));
    h.key(KeyCode::Char('c'));
    let Screen::Checklists(state) = h.app().screen() else {
        panic!()
    };
    let rows = h.app().checklist_rows(state);
    assert!(matches!(rows[0], ChecklistRow::Checklist(_)));
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char(' '));
    assert_eq!(saved(&h, "checklists/week-one", "badge"), ItemState::Done);
    h.keys("jj");
    h.key(KeyCode::Char('x'));
    assert_eq!(
        saved(&h, "checklists/week-one", "meet-ada"),
        ItemState::Skipped { reason: None }
    );
    h.key(KeyCode::Char('o'));
    let screen = h.screen_text();
    assert!(!screen.contains("Collect your badge"), "{screen}");
    assert!(!screen.contains("Sign the contract"), "{screen}");
    h.keys("od");
    let Screen::Checklists(state) = h.app().screen() else {
        panic!()
    };
    // Day 9: what is due now is open and due by day 16.
    let checklists = h.app().checklists();
    for row in h.app().checklist_rows(state) {
        if let ChecklistRow::Item(ci, ii) = row {
            let c = checklists.at(ci).unwrap();
            assert!(c.is_due_soon(h.app().progress(), &c.items[ii], today()));
        }
    }
}

#[test]
fn g_g_goes_to_the_top_and_capital_g_to_the_bottom_of_a_list() {
    let mut h = Harness::new((100, 30));
    h.key(KeyCode::Char('p'));
    h.key_mod(KeyCode::Char('G'), KeyModifiers::SHIFT);
    let Screen::List(l) = h.app().screen() else {
        panic!()
    };
    assert_eq!(l.selected, h.app().list_rows(l).len() - 1);
    h.keys("gg");
    let Screen::List(l) = h.app().screen() else {
        panic!()
    };
    assert_eq!(l.selected, 0);
}

#[test]
fn people_filter_by_what_they_know() {
    let mut h = Harness::new((100, 30));
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Char('f'));
    h.type_text("replication");
    h.key(KeyCode::Enter);
    let Screen::List(l) = h.app().screen() else {
        panic!()
    };
    let rows = h.app().list_rows(l);
    assert_eq!(rows.len(), 1);
    assert_eq!(h.app().library().docs()[rows[0]].id, "people/ada");
    h.key(KeyCode::Enter);
    // A person's page lists the pages they own and the notes that mention them.
    let headings: Vec<&str> = h
        .reader()
        .rendered
        .headings
        .iter()
        .map(|x| x.text.as_str())
        .collect();
    assert!(headings.contains(&"Pages Ada owns"), "{headings:?}");
    assert!(headings.contains(&"Notes that mention Ada"), "{headings:?}");
}

#[test]
fn external_links_need_a_yes_and_bad_schemes_never_open() {
    let mut h = Harness::with_pages(
        (100, 30),
        &[(
            "guides/links.md",
            "# Links\n\n[site](https://example.com/x) and [bad](file:///etc/passwd) and [opt](-oProxyCommand=x)\n",
        )],
    );
    h.open_page("links", "guides/links");
    assert_eq!(h.act(Action::FollowLink(2)), None);
    assert!(h.app().confirming().is_none());
    assert!(
        h.app().status().unwrap().contains("only http"),
        "{:?}",
        h.app().status()
    );
    assert_eq!(h.act(Action::FollowLink(3)), None);
    assert!(h.app().confirming().is_none());
    assert_eq!(h.act(Action::FollowLink(1)), None);
    assert_eq!(h.app().confirming(), Some("https://example.com/x"));
    assert_eq!(
        h.act(Action::Confirm),
        Some(Effect::OpenUrl("https://example.com/x".into()))
    );
}

/// The line heading `text` of the page in the reader starts on.
fn heading_line(h: &Harness, text: &str) -> usize {
    let r = h.reader();
    r.rendered
        .headings
        .iter()
        .find(|x| x.text == text)
        .map_or_else(|| panic!("no heading {text}"), |x| x.line)
}

#[test]
fn anchor_links_written_for_github_or_mkdocs_land_on_their_heading() {
    let filler = "Filler line.\n\n".repeat(40);
    let anchors = format!(
        "# Anchors\n\n[step](#step-1----log-in) [again](#faq-1) [there](other.md#citta-perche) \
         [gone](#nowhere) [old](#old-place)\n\n{filler}## Step 1 -- Log in\n\n{filler}## FAQ\n\n\
         {filler}## FAQ\n\n{filler}<a name=\"old-place\"></a>\n\n## Moved\n\n{filler}"
    );
    let other = format!("# Other\n\n{filler}## Città: perché\n\nLanded here.\n\n{filler}");
    let mut h = Harness::with_pages(
        (100, 30),
        &[
            ("guides/anchors.md", anchors.as_str()),
            ("guides/other.md", other.as_str()),
        ],
    );
    h.open_page("anchors", "guides/anchors");
    h.act(Action::FollowLink(1));
    assert_eq!(h.reader().scroll, heading_line(&h, "Step 1 -- Log in"));
    // The second of two headings with one name is `faq-1`.
    h.act(Action::FollowLink(2));
    let faqs: Vec<usize> = h
        .reader()
        .rendered
        .headings
        .iter()
        .filter(|x| x.text == "FAQ")
        .map(|x| x.line)
        .collect();
    assert_eq!(h.reader().scroll, faqs[1]);
    // An HTML anchor on a line of its own names what follows it.
    h.act(Action::FollowLink(5));
    assert_eq!(h.reader().scroll, heading_line(&h, "Moved"));
    h.act(Action::FollowLink(4));
    assert!(
        h.app().status().unwrap().contains("No heading `#nowhere`"),
        "{:?}",
        h.app().status()
    );
    // On another page, in MkDocs' ASCII form.
    h.act(Action::FollowLink(3));
    assert_eq!(h.reader_id(), Some("guides/other"));
    assert_eq!(h.reader().scroll, heading_line(&h, "Città: perché"));
    assert!(h.screen_text().contains("Landed here."));
}

#[test]
fn find_in_page_jumps_between_matches() {
    let mut h = Harness::new((100, 30));
    h.open_page("long guide", "guides/long");
    h.key(KeyCode::Char('/'));
    h.type_text("fox");
    h.key(KeyCode::Enter);
    let find = h.reader().find.clone().unwrap();
    assert_eq!(find.matches.len(), 60);
    h.key(KeyCode::Char('n'));
    assert_eq!(h.reader().find.as_ref().unwrap().current, find.current + 1);
    h.key_mod(KeyCode::Char('N'), KeyModifiers::SHIFT);
    assert_eq!(h.reader().find.as_ref().unwrap().current, find.current);
}

#[test]
fn bookmarks_are_saved_and_show_on_home() {
    let mut h = Harness::new((100, 30));
    h.open_page("start here", "guides/start");
    h.key(KeyCode::Char('b'));
    assert_eq!(
        Store::open(&h.data()).unwrap().bookmarks(),
        ["guides/start"]
    );
    h.key(KeyCode::Char('h'));
    let screen = h.screen_text();
    assert!(screen.contains("Bookmarks"), "{screen}");
    assert!(screen.contains("Start here"), "{screen}");
}

#[test]
fn a_bad_user_keymap_is_reported_not_fatal() {
    let (keymap, problems) =
        Keymap::parse("[[global]]\non = \"q\"\nrun = \"Nope\"\n", "keymap.toml");
    assert_eq!(problems.len(), 1);
    let h = Harness::with_options(AppOptions {
        keymap,
        keymap_problems: problems,
        ..options((100, 30))
    });
    assert!(h.app().status().unwrap().contains("Nope"));
}

#[test]
fn resize_reflows_the_reader() {
    let mut h = Harness::new((100, 30));
    h.open_page("long guide", "guides/long");
    let wide = h.reader().rendered.lines.len();
    h.act(Action::Resize(40, 12));
    assert!(h.reader().rendered.lines.len() > wide);
    assert!(h.reader().rendered.lines.iter().all(|l| l.width() <= 40));
}

#[test]
fn results_typed_while_the_index_opens_arrive_once_it_is_ready() {
    let dir = tempfile::tempdir().unwrap();
    tui_support::copy_fixture(&dir.path().join("content"));
    let sources = onramp::content::Sources::from_list(vec![onramp::content::Source::dir(
        onramp::content::Layer::Flag,
        dir.path().join("content"),
    )]);
    let store = Store::open(&dir.path().join("data")).unwrap();
    let mut session = onramp::tui::Session::new(
        sources,
        store,
        Some(dir.path().join("cache/index")),
        options((100, 30)),
    )
    .unwrap();
    // Nothing from the worker applied yet: the app is still loading.
    assert!(session.app.indexing());
    session.act(Action::OpenSearch);
    session.act(Action::Paste("disk".into()));
    assert!(session.app.awaiting_results());
    session.settle(std::time::Duration::from_secs(120));
    assert!(!session.app.awaiting_results());
    let Screen::Search(s) = session.app.screen() else {
        panic!()
    };
    assert_eq!(s.hits[0].id, "runbooks/disk-full");
}

#[test]
fn y_copies_the_code_block_under_the_cursor_without_a_trailing_newline() {
    let mut h = Harness::new((100, 30));
    h.open_page("outage response", "runbooks/outage");
    let Some(Effect::Copy { text, .. }) = h.key(KeyCode::Char('y')) else {
        panic!("no copy effect")
    };
    assert_eq!(text, "incident open --sev 1");
}

#[test]
fn capital_s_on_home_makes_today_day_one_once() {
    let mut h = Harness::new((100, 30));
    h.key_mod(KeyCode::Char('S'), KeyModifiers::SHIFT);
    assert_eq!(h.app().progress().start_date(), Some(today()));
    assert_eq!(Store::open(&h.data()).unwrap().start_date(), Some(today()));
    assert!(h.screen_text().contains("Day 1 of your first year"));
    h.key_mod(KeyCode::Char('S'), KeyModifiers::SHIFT);
    assert!(h.app().status().unwrap().contains("already set"));
}

#[test]
fn a_start_date_ahead_counts_down_instead_of_a_negative_day() {
    let h = Harness::started_on(
        (100, 30),
        chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
    );
    let screen = h.screen_text();
    assert!(
        screen.contains("You start on 2026-03-20: 10 days to go."),
        "{screen}"
    );
    assert!(!screen.contains("Day -"), "{screen}");
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
    let mut h = Harness::with_pages((100, 30), &[("guides/notes.md", page.as_str())]);
    h.open_page("claim", "guides/notes");
    // Tab goes in the order drawn: the reference, then the link after it.
    h.act(Action::NextLink);
    h.act(Action::NextLink);
    assert!(h.screen_text().contains("→ [1] https://example.org"));
    h.act(Action::PrevLink);
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

#[test]
fn each_key_has_one_meaning_per_screen_in_the_help_and_the_status_bar() {
    let mut h = Harness::new((100, 30));
    h.open_page("start here", "guides/start");
    let bar = h.screen_text().lines().last().unwrap().to_string();
    assert_eq!(bar.matches("│ / ").count(), 1, "{bar}");
    assert!(bar.contains("/ find in this"), "{bar}");
    h.key(KeyCode::Char('?'));
    let help = h.screen_text();
    for key in ["y", "n", "/"] {
        let meanings = help
            .lines()
            .filter(|l| {
                l.split("│")
                    .nth(1)
                    .and_then(|cell| cell.trim_start().split(',').next())
                    .is_some_and(|first| first.trim() == key)
            })
            .count();
        assert!(meanings <= 1, "{key} has {meanings} meanings:\n{help}");
    }
}

#[test]
fn the_status_bar_drops_whole_hints_that_do_not_fit() {
    let mut h = Harness::new((40, 12));
    h.open_page("start here", "guides/start");
    let bar = h
        .screen_text()
        .lines()
        .last()
        .unwrap()
        .trim_matches('"')
        .to_string();
    // Every hint shown is whole: it ends before the next separator or the edge.
    for hint in bar.split('│').skip(1) {
        let hint = hint.trim();
        assert!(
            [
                "Tab next link/command",
                "Enter follow the marked",
                "y copy the marked",
                "/ find in this",
                "o table of contents",
                "q quit",
                "? show or hide",
                "Esc back or close"
            ]
            .iter()
            .any(|whole| hint == *whole || hint.is_empty()),
            "a cut hint: {hint:?} in {bar:?}"
        );
    }
}

/// Puts the app on each screen in turn and snapshots it.
fn screens(size: (u16, u16)) -> Vec<(&'static str, Harness)> {
    let mut out = Vec::new();
    out.push(("home", Harness::started(size)));
    out.push(("home_no_start", Harness::new(size)));
    let mut h = Harness::new(size);
    h.key(KeyCode::Char('/'));
    out.push(("search_empty", h));
    let mut h = Harness::started(size);
    h.key(KeyCode::Char('/'));
    h.type_text("week");
    out.push(("search_results", h));
    let mut h = Harness::new(size);
    h.key(KeyCode::Char('/'));
    h.type_text("xyzzy");
    out.push(("search_nothing", h));
    let mut h = Harness::started(size);
    h.open_page("week one", "checklists/week-one");
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Tab);
    out.push(("reader", h));
    let mut h = Harness::new(size);
    h.open_page("start here", "guides/start");
    h.key(KeyCode::Char('o'));
    out.push(("reader_toc", h));
    let mut h = Harness::started(size);
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
        let mut h = Harness::new(size);
        h.key(KeyCode::Char(key));
        out.push((name, h));
    }
    let mut h = Harness::new(size);
    h.key(KeyCode::Char('?'));
    out.push(("help", h));
    out
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
    let h = Harness::new((39, 11));
    insta::assert_snapshot!("too_small_39x11", h.draw().backend());
}

#[test]
fn kinds_have_their_screens() {
    let mut h = Harness::new((100, 30));
    for (key, kind) in [
        ('p', Kind::Person),
        ('t', Kind::Tool),
        ('y', Kind::Term),
        ('n', Kind::Note),
    ] {
        h.key(KeyCode::Char('h'));
        h.key(KeyCode::Char(key));
        let Screen::List(l) = h.app().screen() else {
            panic!()
        };
        assert_eq!(l.kind, kind);
        assert!(!h.app().list_rows(l).is_empty());
    }
}

#[test]
fn a_failed_search_shows_its_error_not_an_empty_result() {
    use onramp::tui::worker::Reply;
    let mut h = Harness::new((100, 30));
    h.key(KeyCode::Char('/'));
    h.type_text("disk");
    let generation = match h.app().screen() {
        Screen::Search(s) => s.generation,
        _ => panic!("not on search"),
    };
    h.session.apply(Reply::Results {
        generation,
        result: Err("Search failed: search index: reading a hit: \u{1b}[2Jbroken".into()),
    });
    let text = h.screen_text();
    assert!(
        text.contains("Search failed: search index: reading a hit"),
        "{text}"
    );
    assert!(!text.contains("Nothing matches"), "{text}");
    assert!(!text.contains('\u{1b}'));
    // The next answer replaces the error.
    h.type_text(" full");
    assert!(!h.screen_text().contains("Search failed"));
}

#[test]
fn the_library_walks_sources_folders_and_pages() {
    let mut h = Harness::new((100, 30));
    h.key(KeyCode::Char('l'));
    let screen = h.screen_text();
    assert!(screen.contains("Library"), "{screen}");
    assert!(screen.contains("pages · a --content folder"), "{screen}");
    h.key(KeyCode::Enter);
    let screen = h.screen_text();
    for folder in ["Checklists/", "Guides/", "People/", "Runbooks/"] {
        assert!(screen.contains(folder), "{folder} in {screen}");
    }
    // Guides/ holds It/ first, then its pages; walk in and open one.
    let Screen::Browse(state) = h.app().screen() else {
        panic!("not browsing")
    };
    let guides = state
        .rows
        .iter()
        .position(|r| matches!(r, onramp::tui::browse::BrowseRow::Folder { name, .. } if name == "guides"))
        .unwrap();
    for _ in 0..guides {
        h.key(KeyCode::Char('j'));
    }
    h.key(KeyCode::Enter);
    assert!(
        h.screen_text().contains("Library › "),
        "{}",
        h.screen_text()
    );
    let Screen::Browse(state) = h.app().screen() else {
        panic!("not browsing")
    };
    let start = state
        .rows
        .iter()
        .position(|r| matches!(r, onramp::tui::browse::BrowseRow::Page { id, .. } if id == "guides/start"))
        .unwrap();
    for _ in 0..start {
        h.key(KeyCode::Char('j'));
    }
    h.key(KeyCode::Enter);
    assert_eq!(h.reader_id(), Some("guides/start"));
    // Esc walks back up the tree.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert!(h.screen_text().contains("1 entry"), "{}", h.screen_text());
}

#[test]
fn guides_runbooks_and_pages_due_for_review_have_keys() {
    let mut h = Harness::new((100, 30));
    h.key(KeyCode::Char('d'));
    let Screen::List(l) = h.app().screen() else {
        panic!()
    };
    assert_eq!(l.kind, Kind::Guide);
    h.key(KeyCode::Char('h'));
    h.key(KeyCode::Char('r'));
    let Screen::List(l) = h.app().screen() else {
        panic!()
    };
    assert_eq!(l.kind, Kind::Runbook);
    assert_eq!(h.app().list_rows(l).len(), 2);
    h.key(KeyCode::Char('h'));
    h.key(KeyCode::Char('v'));
    let screen = h.screen_text();
    assert!(screen.contains("Needs review"), "{screen}");
    assert!(
        screen.contains("A long guide  due since 1 Apr 2025 · people/bo"),
        "{screen}"
    );
}

#[test]
fn the_reader_opens_with_the_page_header_show_prints() {
    let mut h = Harness::new((100, 30));
    h.open_page("long guide", "guides/long");
    let screen = h.screen_text();
    assert!(
        screen.contains("Bo Lindqvist"),
        "the owner by name: {screen}"
    );
    assert!(
        screen.contains("Due for review since 1 Apr 2025"),
        "{screen}"
    );
    h.open_page("ada quill", "people/ada");
    let screen = h.screen_text();
    for fact in ["Buddy", "Platform", "@ada", "replication"] {
        assert!(screen.contains(fact), "{fact} in {screen}");
    }
}

#[test]
fn a_phase_row_on_home_lists_that_phases_guides_and_checklists() {
    let mut h = Harness::started((100, 30));
    // The selection starts on the first item due; the bars are the rows above it.
    h.key(KeyCode::Char('k'));
    h.key(KeyCode::Enter);
    let screen = h.screen_text();
    assert!(screen.contains("Phase 3: Ramp-up"), "{screen}");
    assert!(screen.contains("Later on  checklist"), "{screen}");
    h.key(KeyCode::Esc);
    h.keys("kk");
    h.key(KeyCode::Enter);
    let screen = h.screen_text();
    assert!(screen.contains("Phase 1: Lost (in a good way)"), "{screen}");
    assert!(screen.contains("Week one  checklist"), "{screen}");
    h.key(KeyCode::Enter);
    assert_eq!(h.reader_id(), Some("checklists/week-one"));
}

#[test]
fn home_says_how_many_of_your_pages_need_review_and_which_packs_are_old() {
    let mut h = Harness::with_options(AppOptions {
        me: Some("people/bo".into()),
        stale_packs: vec![("team".into(), "45 days".into())],
        ..options((100, 30))
    });
    let screen = h.screen_text();
    assert!(screen.contains("1 page you own needs review"), "{screen}");
    assert!(
        screen.contains("Pack team was fetched 45 days ago"),
        "{screen}"
    );
    // The review row is the first below the bars, where the selection starts.
    h.key(KeyCode::Enter);
    let screen = h.screen_text();
    assert!(screen.contains("Your pages that need review"), "{screen}");
    assert!(screen.contains("A long guide"), "{screen}");
}
