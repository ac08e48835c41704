//! What is due, under pressure: every tick says what it ticked and how to undo it, `u` puts
//! the item back (saved at once), Home's "+N more" opens everything due sorted by date, an
//! 80x24 Home keeps a bar per phase and drops detail rather than cutting words, dates read
//! in the page's language, and recent pages and bookmarks never show a page not loaded.

mod tui_support;

use std::fmt::Write as _;

use crossterm::event::KeyCode;
use onramp::progress::{Checklists, ItemState, Store};
use onramp::tui::Screen;
use onramp::tui::app::HomeRow;
use tui_support::{Harness, start_date};

/// The state saved on disk for `item` of `checklist`.
fn saved(h: &Harness, checklist: &str, item: &str) -> ItemState {
    let store = Store::open(&h.data()).unwrap();
    Checklists::from_library(h.app().library())
        .state(store.progress(), checklist, item)
        .expect("a checklist item")
}

fn first_due(h: &Harness) -> onramp::progress::DueItem {
    // The phase bars come first; the selection starts on the first item due.
    let rows = h.app().home_rows();
    let first = rows.iter().position(|r| matches!(r, HomeRow::Due(_)));
    match first.map(|i| (i, rows[i].clone())) {
        Some((i, HomeRow::Due(d))) => {
            let Screen::Home(state) = h.app().screen() else {
                panic!("not on home")
            };
            assert_eq!(state.selected, i, "the selection starts on it");
            d
        }
        other => panic!("no due row: {other:?}"),
    }
}

#[test]
fn space_on_home_ticks_the_first_due_item_says_so_and_u_undoes_it() {
    let mut h = Harness::started((100, 30));
    let first = first_due(&h);
    h.key(KeyCode::Char(' '));
    assert_eq!(saved(&h, &first.checklist, &first.item), ItemState::Done);
    let status = h.app().status().unwrap().to_string();
    assert_eq!(status, format!("Ticked “{}” · u undoes", first.text));
    assert!(h.screen_text().contains("u undoes"), "the message is drawn");
    assert_ne!(
        first_due(&h).item,
        first.item,
        "a ticked item leaves the list"
    );
    h.key(KeyCode::Char('u'));
    assert_eq!(saved(&h, &first.checklist, &first.item), ItemState::Todo);
    assert!(h.app().status().unwrap().starts_with("Undone:"));
    assert_eq!(first_due(&h).item, first.item, "and comes back");
    h.key(KeyCode::Char('u'));
    assert!(h.app().status().unwrap().starts_with("Nothing to undo"));
    assert_eq!(saved(&h, &first.checklist, &first.item), ItemState::Todo);
}

#[test]
fn u_in_the_reader_undoes_a_tick_an_untick_and_a_skip() {
    let mut h = Harness::started((100, 30));
    h.open_page("week one", "checklists/week-one");
    // Sign the contract is written done: Space unticks it, u ticks it again.
    h.key(KeyCode::Char('j'));
    assert_eq!(h.selected_item().as_deref(), Some("contract"));
    h.key(KeyCode::Char(' '));
    assert_eq!(
        saved(&h, "checklists/week-one", "contract"),
        ItemState::Todo
    );
    assert!(
        h.app()
            .status()
            .unwrap()
            .starts_with("Unticked “Sign the contract”")
    );
    h.key(KeyCode::Char('u'));
    assert_eq!(
        saved(&h, "checklists/week-one", "contract"),
        ItemState::Done
    );
    assert!(h.task_line("contract").starts_with('☑'));
    h.key(KeyCode::Char('k'));
    h.key(KeyCode::Char('x'));
    assert_eq!(
        saved(&h, "checklists/week-one", "badge"),
        ItemState::Skipped { reason: None }
    );
    assert!(
        h.app()
            .status()
            .unwrap()
            .starts_with("Skipped “Collect your badge”")
    );
    h.key(KeyCode::Char('u'));
    assert_eq!(saved(&h, "checklists/week-one", "badge"), ItemState::Todo);
    assert!(h.task_line("badge").starts_with('☐'));
}

#[test]
fn the_checklists_screen_shows_its_undo_key_and_moves_not_done_to_o() {
    let mut h = Harness::started((100, 30));
    h.key(KeyCode::Char('c'));
    let bar = h.screen_text().lines().last().unwrap().to_string();
    assert!(bar.contains("u undo the last"), "{bar}");
    let header = h.screen_text().lines().next().unwrap().to_string();
    assert!(header.contains("not done (o): off"), "{header}");
    h.key(KeyCode::Char('o'));
    assert!(h.screen_text().contains("not done (o): on"));
    h.key(KeyCode::Char('o'));
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char(' '));
    assert_eq!(saved(&h, "checklists/week-one", "badge"), ItemState::Done);
    h.key(KeyCode::Char('u'));
    assert_eq!(saved(&h, "checklists/week-one", "badge"), ItemState::Todo);
}

#[test]
fn undo_leaves_alone_an_item_another_onramp_changed_since() {
    let mut h = Harness::started((100, 30));
    h.open_page("week one", "checklists/week-one");
    h.key(KeyCode::Char(' '));
    // Meanwhile, from the command line: the badge is unticked again, then skipped.
    let mut other = Store::open(&h.data()).unwrap();
    other
        .set_state(
            "checklists/week-one",
            "badge",
            ItemState::Skipped {
                reason: Some("remote".into()),
            },
        )
        .unwrap();
    // Any save merges what the other onramp wrote; a bookmark is one.
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Char('u'));
    assert!(
        h.app().status().unwrap().contains("changed since"),
        "{:?}",
        h.app().status()
    );
    assert_eq!(
        saved(&h, "checklists/week-one", "badge"),
        ItemState::Skipped {
            reason: Some("remote".into())
        }
    );
}

/// Seven checklists, one per phase of the year, three items each, all due on day one; some
/// items are long enough to crowd an 80-column row.
fn year_of_checklists() -> Vec<(String, String)> {
    let long = [
        "Join the week-one channels listed on the Parley page and say hello",
        "Read the rules on customer data before you open a case",
        "Book a desk for the rest of the week in Wayfinder",
    ];
    (1..=7)
        .map(|phase| {
            let mut page =
                format!("---\ntitle: Phase {phase}\nphase: {phase}\n---\n# Phase {phase}\n\n");
            for (i, text) in long.iter().enumerate() {
                let _ = writeln!(
                    page,
                    "- [ ] {text} in phase {phase} {{#p{phase}-{i} due=D1}}"
                );
            }
            (format!("checklists/phase-{phase}.md"), page)
        })
        .collect()
}

fn year_harness(size: (u16, u16)) -> Harness {
    let pages = year_of_checklists();
    let pages: Vec<(&str, &str)> = pages
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    Harness::with_pages_from(size, Some(start_date()), &pages)
}

#[test]
fn home_at_80x24_keeps_a_bar_per_phase_and_drops_detail_instead_of_cutting_words() {
    let h = year_harness((80, 24));
    let screen = h.screen_text();
    let lines: Vec<&str> = screen.lines().collect();
    for phase in 1..=7 {
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("\"│{phase} "))),
            "phase {phase} has its bar:\n{screen}"
        );
    }
    assert!(screen.contains("+15 more"), "21 due, 6 shown:\n{screen}");
    let rows: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split("[ ] ").nth(1))
        .map(|r| r.trim_end_matches(['│', '"', ' ']))
        .collect();
    assert_eq!(rows.len(), 6, "{screen}");
    let texts: Vec<String> = year_of_checklists()
        .iter()
        .flat_map(|(_, page)| {
            page.lines()
                .filter_map(|l| l.strip_prefix("- [ ] "))
                .map(|l| l.split(" {#").next().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    for row in rows {
        let (text, tail) = row.rsplit_once("  ").unwrap_or_else(|| panic!("{row:?}"));
        assert!(tail.starts_with("overdue"), "{row:?}");
        let whole_words = match text.strip_suffix('…') {
            Some(start) => texts.iter().any(|t| {
                t.strip_prefix(start)
                    .is_some_and(|rest| rest.starts_with(' '))
            }),
            None => texts.iter().any(|t| t == text),
        };
        assert!(whole_words, "a word was cut: {row:?}\n{screen}");
    }
}

#[test]
fn plus_n_more_opens_everything_due_sorted_by_date_where_items_tick_and_undo() {
    let mut h = Harness::started((100, 30));
    let shown = h
        .app()
        .home_rows()
        .iter()
        .filter(|r| matches!(r, HomeRow::Due(_)))
        .count();
    let more = h
        .app()
        .home_rows()
        .iter()
        .position(|r| matches!(r, HomeRow::MoreDue(_)))
        .expect("a +N more row");
    let HomeRow::MoreDue(n) = h.app().home_rows()[more] else {
        unreachable!()
    };
    for _ in 0..more {
        h.key(KeyCode::Char('j'));
    }
    h.key(KeyCode::Enter);
    let Screen::Due(state) = h.app().screen() else {
        panic!("not on the due list: {}", h.app().screen().name())
    };
    assert_eq!(state.selected, shown, "the first item Home could not show");
    let all = h.app().due_rows();
    assert_eq!(all.len(), shown + n);
    let dates: Vec<_> = all.iter().map(|d| d.due.date()).collect();
    assert!(dates.is_sorted(), "{dates:?}");
    let screen = h.screen_text();
    assert!(
        screen.contains(&format!("{} items, ", all.len())),
        "{screen}"
    );
    assert!(
        screen.lines().next().unwrap().contains("· Week one"),
        "the header names the selected item's checklist:\n{screen}"
    );
    let target = all[shown].clone();
    h.key(KeyCode::Char(' '));
    assert_eq!(saved(&h, &target.checklist, &target.item), ItemState::Done);
    assert_eq!(h.app().due_rows().len(), all.len() - 1);
    h.key(KeyCode::Char('u'));
    assert_eq!(saved(&h, &target.checklist, &target.item), ItemState::Todo);
    h.key(KeyCode::Enter);
    assert_eq!(h.reader_id(), Some(target.checklist.as_str()));
    assert_eq!(h.selected_item().as_deref(), Some(target.item.as_str()));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert!(matches!(h.app().screen(), Screen::Home(_)));
}

#[test]
fn an_italian_checklist_shows_its_dates_in_italian_and_the_original_in_english() {
    let mut h = Harness::started((100, 30));
    h.open_page("settimana uno", "checklists/it/settimana-uno");
    // Day 1 is Monday 2 March 2026.
    assert!(
        h.task_line("badge").ends_with("(lun 2 mar)"),
        "{}",
        h.task_line("badge")
    );
    h.open_page("week one", "checklists/week-one");
    assert!(
        h.task_line("badge").ends_with("(Mon 2 Mar)"),
        "{}",
        h.task_line("badge")
    );
    h.key(KeyCode::Char('h'));
    assert!(h.screen_text().contains("overdue since Mon 2 Mar"));
}

#[test]
fn recent_pages_and_bookmarks_of_pages_not_loaded_stay_out_of_sight_until_they_return() {
    let mut h = Harness::prepared((100, 30), |store| {
        store.note_read("guides/gone").unwrap();
        store.note_read("guides/start").unwrap();
        store.set_bookmark("guides/gone", true).unwrap();
    });
    let rows = h.app().home_rows();
    let ids: Vec<&str> = rows
        .iter()
        .filter_map(|r| match r {
            HomeRow::Recent(id) | HomeRow::Bookmark(id) => Some(id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ids, ["guides/start"]);
    assert!(!h.screen_text().contains("guides/gone"));
    // Progress keeps them.
    let store = Store::open(&h.data()).unwrap();
    assert!(store.recent().contains(&"guides/gone"));
    assert_eq!(store.bookmarks(), ["guides/gone"]);
    // The page comes back, and so do its rows.
    std::fs::write(
        h.content().join("guides/gone.md"),
        "# Gone for a while\n\nBack.\n",
    )
    .unwrap();
    h.session.reload();
    h.settle();
    let screen = h.screen_text();
    assert_eq!(screen.matches("Gone for a while").count(), 2, "{screen}");
}
