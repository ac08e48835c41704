//! Search around the reader, as `onramp` runs it (real worker, real index): a result opens
//! at its first match with the query's words marked, `s` starts a fresh query over the last
//! one, find-in-page counts and steps through matches within lines, and the list filters
//! go through search (typos forgiven, an exact title first).

use std::fmt::Write as _;

use crossterm::event::{KeyCode, KeyModifiers};
use onramp::tui::Screen;
use onramp::tui::app::SearchState;
use ratatui::style::Modifier;

mod tui_support;

use tui_support::Harness;

/// A guide whose only mention of the quokka is far below the first screen.
fn deep_guide() -> String {
    let mut page = String::from("# Deep guide\n\nThis guide is long on purpose.\n\n");
    for n in 1..=40 {
        let _ = write!(
            page,
            "Filler paragraph {n} about nothing in particular.\n\n"
        );
    }
    page.push_str("The quokka archives live here, quokka by quokka.\n\n");
    for n in 41..=60 {
        let _ = write!(page, "Filler paragraph {n} again.\n\n");
    }
    page
}

const PEOPLE: &[(&str, &str)] = &[
    (
        "people/rafael.md",
        "---\ntitle: Rafael Duarte\nrole: Subject-Matter Expert, Networking\n\
         ask_me_about: [networking, dns]\n---\n# Rafael Duarte\n\nKnows how traffic flows.\n",
    ),
    (
        "people/ana.md",
        "---\ntitle: Ana Bell\nrole: Accountant\nask_me_about: [expenses, payroll]\n---\n\
         # Ana Bell\n\nKeeps the books.\n",
    ),
    (
        "glossary/tam.md",
        "---\ntitle: TAM\nexpansion: Technical Account Manager\n---\n# TAM\n\n\
         The named technical partner of a customer.\n",
    ),
    (
        "glossary/enterprise-support.md",
        "---\ntitle: Enterprise Support\nexpansion: The highest support tier\n---\n\
         # Enterprise Support\n\nCustomers on it get a TAM, and the TAM speaks for them; ask \
         the TAM first.\n",
    ),
    (
        "glossary/sla.md",
        "---\ntitle: SLA\nexpansion: Service level agreement\n---\n# SLA\n\nA promise.\n",
    ),
    (
        "tools/grafana.md",
        "---\ntitle: Grafana\n---\n# Grafana\n\nDashboards of every service.\n",
    ),
    (
        "tools/vault.md",
        "---\ntitle: Vault\n---\n# Vault\n\nWhere secrets are kept.\n",
    ),
];

fn with_deep_guide() -> Harness {
    let guide = deep_guide();
    let mut pages: Vec<(&str, &str)> = PEOPLE.to_vec();
    pages.push(("guides/deep.md", &guide));
    Harness::with_pages((100, 30), &pages)
}

fn search(h: &Harness) -> &SearchState {
    match h.app().screen() {
        Screen::Search(s) => s,
        other => panic!("not on search: {}", other.name()),
    }
}

/// The text of rendered line `line` of the reader, and of match `m`'s columns in it.
fn matched_text(h: &Harness, m: onramp::tui::reader::FindMatch) -> String {
    let line = h.reader().rendered.lines[m.line].to_string();
    line.chars()
        .skip(usize::from(m.start))
        .take(usize::from(m.end - m.start))
        .collect()
}

#[test]
fn a_result_opens_at_its_first_match_with_the_query_words_marked() {
    let mut h = with_deep_guide();
    h.open_page("quokka archive", "guides/deep");
    let r = h.reader();
    let find = r.find.as_ref().expect("the query's words are marked");
    let words: Vec<String> = find.matches.iter().map(|&m| matched_text(&h, m)).collect();
    // The stem marks `archives` for `archive`; every quokka on the line is its own match.
    assert_eq!(words, ["quokka", "archives", "quokka", "quokka"]);
    let first = find.matches[0];
    assert_eq!(find.current, 0);
    let (_, height) = onramp::tui::layout::page_area(h.app().size());
    assert!(r.scroll > 0, "scrolled down to the match");
    assert!(
        first.line >= r.scroll && first.line < r.scroll + height,
        "the match at line {} is in view from {}",
        first.line,
        r.scroll
    );
    let screen = h.screen_text();
    assert!(screen.contains("The quokka archives live here"), "{screen}");
    assert!(screen.contains("“quokka archive” 4 matches"), "{screen}");
    // Esc goes back to the results, as it did before marks.
    h.key(KeyCode::Esc);
    assert_eq!(search(&h).input, "quokka archive");
}

/// The modifiers of the cells where each "quokka" of the deep guide's line is drawn.
fn quokka_styles(h: &Harness) -> (Vec<Modifier>, Modifier) {
    let terminal = h.draw();
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    let text_of = |y: u16| -> String { (0..area.width).map(|x| buffer[(x, y)].symbol()).collect() };
    let row = (0..area.height)
        .find(|&y| text_of(y).contains("The quokka archives"))
        .expect("the match's line is on screen");
    let text = text_of(row);
    let columns: Vec<u16> = text
        .match_indices("quokka")
        .map(|(byte, _)| u16::try_from(text[..byte].chars().count()).unwrap())
        .collect();
    let styles = columns.iter().map(|&x| buffer[(x, row)].modifier).collect();
    (styles, buffer[(columns[0] - 2, row)].modifier)
}

#[test]
fn the_marked_words_are_drawn_and_a_finds_current_match_differently() {
    let mut h = with_deep_guide();
    h.open_page("quokka", "guides/deep");
    // A search's marks are all alike.
    let (styles, plain) = quokka_styles(&h);
    assert_eq!(styles.len(), 3);
    assert!(
        styles.iter().all(|m| m.contains(Modifier::REVERSED)),
        "{styles:?}"
    );
    assert!(
        !styles.iter().any(|m| m.contains(Modifier::UNDERLINED)),
        "{styles:?}"
    );
    assert!(
        !plain.contains(Modifier::REVERSED),
        "only the words are marked"
    );
    // A find marks its current match apart from the others.
    h.key(KeyCode::Char('/'));
    h.type_text("quokka");
    h.key(KeyCode::Enter);
    let (styles, _) = quokka_styles(&h);
    assert!(styles[0].contains(Modifier::UNDERLINED), "{styles:?}");
    assert!(!styles[1].contains(Modifier::UNDERLINED), "{styles:?}");
    assert!(styles[1].contains(Modifier::REVERSED), "{styles:?}");
    h.key(KeyCode::Char('n'));
    let (styles, _) = quokka_styles(&h);
    assert!(styles[1].contains(Modifier::UNDERLINED), "{styles:?}");
    assert!(!styles[0].contains(Modifier::UNDERLINED), "{styles:?}");
}

#[test]
fn n_on_a_page_opened_from_search_still_writes_a_note() {
    let mut h = with_deep_guide();
    h.open_page("quokka", "guides/deep");
    h.key_mod(KeyCode::Char('N'), KeyModifiers::SHIFT);
    assert!(h.app().prompt().is_some(), "N is a new note, not a step");
}

#[test]
fn n_steps_through_matches_within_a_line_and_wraps() {
    let mut h = with_deep_guide();
    h.open_page("deep guide", "guides/deep");
    h.key(KeyCode::Char('/'));
    h.type_text("QUOKKA");
    h.key(KeyCode::Enter);
    let find = h.reader().find.clone().unwrap();
    assert_eq!(find.matches.len(), 3, "three matches on one line");
    assert!(find.matches.iter().all(|m| m.line == find.matches[0].line));
    assert!(h.screen_text().contains("“QUOKKA” 1 of 3 matches"));
    let starts: Vec<u16> = (0..4)
        .map(|_| {
            let f = h.reader().find.clone().unwrap();
            h.key(KeyCode::Char('n'));
            f.matches[f.current].start
        })
        .collect();
    assert!(starts[0] < starts[1] && starts[1] < starts[2], "{starts:?}");
    assert_eq!(starts[3], starts[0], "wraps to the first");
    assert_eq!(h.reader().find.as_ref().unwrap().current, 1);
    h.key_mod(KeyCode::Char('N'), KeyModifiers::SHIFT);
    h.key_mod(KeyCode::Char('N'), KeyModifiers::SHIFT);
    assert_eq!(
        h.reader().find.as_ref().unwrap().current,
        2,
        "back wraps too"
    );
    assert!(h.screen_text().contains("3 of 3 matches"));
    // Typed text that is nowhere says so.
    h.key(KeyCode::Char('/'));
    h.type_text("wombat");
    h.key(KeyCode::Enter);
    assert!(h.screen_text().contains("“wombat” not found"));
}

#[test]
fn s_in_the_reader_shows_the_last_query_selected_and_typing_replaces_it() {
    let mut h = with_deep_guide();
    h.open_page("quokka", "guides/deep");
    h.key(KeyCode::Char('s'));
    assert_eq!(search(&h).input, "quokka");
    assert!(search(&h).replace, "shown selected");
    assert!(h.screen_text().contains("type to replace"));
    h.type_text("vault");
    assert_eq!(search(&h).input, "vault");
    assert!(!search(&h).replace);
    assert_eq!(search(&h).hits[0].id, "tools/vault");
}

#[test]
fn backspace_clears_a_selected_query() {
    let mut h = with_deep_guide();
    h.open_page("quokka", "guides/deep");
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Backspace);
    assert_eq!(search(&h).input, "");
    assert!(search(&h).hits.is_empty());
}

#[test]
fn an_arrow_keeps_a_selected_query_for_editing() {
    let mut h = with_deep_guide();
    h.open_page("quokka", "guides/deep");
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Right);
    assert!(!search(&h).replace);
    h.type_text(" archives");
    assert_eq!(search(&h).input, "quokka archives");
    // Backspace now deletes one character, as usual.
    h.key(KeyCode::Backspace);
    assert_eq!(search(&h).input, "quokka archive");
}

/// The titles the list on screen shows, in order.
fn list_titles(h: &Harness) -> Vec<String> {
    let Screen::List(state) = h.app().screen() else {
        panic!("not on a list")
    };
    let docs = h.app().library().docs();
    h.app()
        .list_rows(state)
        .into_iter()
        .map(|i| docs[i].title.clone())
        .collect()
}

fn filter(h: &mut Harness, list: char, text: &str) {
    h.key(KeyCode::Char(list));
    h.key(KeyCode::Char('f'));
    h.type_text(text);
}

#[test]
fn the_people_filter_forgives_a_typo_in_what_someone_knows() {
    let mut h = with_deep_guide();
    filter(&mut h, 'p', "netwrk");
    assert_eq!(list_titles(&h), ["Rafael Duarte"]);
    // Clearing the filter lists everyone again, by name.
    h.key_mod(KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(list_titles(&h), ["Ana Bell", "Rafael Duarte"]);
}

#[test]
fn the_glossary_filter_lists_the_exact_title_first() {
    let mut h = with_deep_guide();
    filter(&mut h, 'y', "TAM");
    let titles = list_titles(&h);
    assert_eq!(
        titles.first().map(String::as_str),
        Some("TAM"),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t == "Enterprise Support"),
        "{titles:?}"
    );
    assert!(!titles.iter().any(|t| t == "SLA"), "{titles:?}");
    // Enter opens the first row: the entry itself.
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(h.reader_id(), Some("glossary/tam"));
}

#[test]
fn the_tools_filter_forgives_a_typo_and_keeps_to_tools() {
    let mut h = with_deep_guide();
    filter(&mut h, 't', "grafna");
    assert_eq!(list_titles(&h), ["Grafana"]);
}
