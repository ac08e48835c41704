//! The mouse: the wheel moves through a list and a click selects the row under it; a click on
//! the row already selected opens it, as Enter does. Home, search results and lists.

mod tui_support;

use crossterm::event::KeyCode;
use onramp::tui::app::HomeRow;
use onramp::tui::{Action, Screen};
use tui_support::Harness;

/// The screen row on which `text` is drawn.
fn row_of(h: &Harness, text: &str) -> u16 {
    let terminal = h.draw();
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    let lines: Vec<String> = buffer
        .content
        .chunks(width)
        .map(|cells| cells.iter().map(ratatui::buffer::Cell::symbol).collect())
        .collect();
    let row = lines
        .iter()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("`{text}` is not on screen:\n{}", lines.join("\n")));
    u16::try_from(row).unwrap()
}

fn home_selected(h: &Harness) -> usize {
    match h.app().screen() {
        Screen::Home(s) => s.selected,
        other => panic!("not on home: {}", other.name()),
    }
}

fn home_with_pages(size: (u16, u16)) -> Harness {
    Harness::prepared(size, |store| {
        store.set_bookmark("guides/start", true).unwrap();
        store.note_read("glossary/sla").unwrap();
    })
}

fn title(h: &Harness, id: &str) -> String {
    h.app()
        .library()
        .get(id)
        .unwrap()
        .display_title()
        .into_owned()
}

#[test]
fn a_click_on_home_selects_then_opens() {
    let mut h = home_with_pages((100, 30));
    let rows = h.app().home_rows();
    let bookmark = rows
        .iter()
        .position(|r| matches!(r, HomeRow::Bookmark(id) if id == "guides/start"))
        .unwrap();
    let recent = rows
        .iter()
        .position(|r| matches!(r, HomeRow::Recent(id) if id == "glossary/sla"))
        .unwrap();
    assert_ne!(home_selected(&h), bookmark);

    let y = row_of(&h, &format!("  {}", title(&h, "guides/start")));
    assert_eq!(h.act(Action::Click(10, y)), None);
    assert_eq!(home_selected(&h), bookmark);
    let y = row_of(&h, &title(&h, "glossary/sla"));
    assert_eq!(h.act(Action::Click(10, y)), None);
    assert_eq!(home_selected(&h), recent);
    // The same row again opens it.
    assert_eq!(h.act(Action::Click(10, y)), None);
    assert_eq!(h.reader_id(), Some("glossary/sla"));
}

#[test]
fn a_click_on_home_outside_the_rows_does_nothing() {
    let mut h = home_with_pages((100, 30));
    let before = home_selected(&h);
    for y in [0, 1, 29] {
        assert_eq!(h.act(Action::Click(10, y)), None);
        assert_eq!(home_selected(&h), before);
    }
    let y = row_of(&h, "Welcome.");
    h.act(Action::Click(10, y));
    assert_eq!(home_selected(&h), before);
    assert!(matches!(h.app().screen(), Screen::Home(_)));
}

#[test]
fn a_click_on_a_scrolled_home_hits_the_row_drawn_there() {
    // At 40x12 the rows do not all fit, so home scrolls to keep the selection in view.
    let mut h = home_with_pages((40, 12));
    let last = h.app().home_rows().len() - 1;
    h.key(KeyCode::Char('G'));
    assert_eq!(home_selected(&h), last);
    let y = row_of(&h, &title(&h, "glossary/sla"));
    h.act(Action::Click(5, y));
    assert!(
        matches!(&h.app().home_rows()[home_selected(&h)], HomeRow::Recent(id) if id == "glossary/sla")
    );
}

#[test]
fn the_wheel_moves_through_home() {
    let mut h = home_with_pages((100, 30));
    let start = home_selected(&h);
    h.act(Action::ScrollDown);
    h.act(Action::ScrollDown);
    assert_eq!(home_selected(&h), start + 2);
    h.act(Action::ScrollUp);
    assert_eq!(home_selected(&h), start + 1);
}

#[test]
fn a_click_picks_the_search_result_under_it() {
    let mut h = Harness::new((100, 30));
    h.key(KeyCode::Char('/'));
    h.type_text("week");
    let Screen::Search(s) = h.app().screen() else {
        panic!()
    };
    let second = s.hits[1].id.clone();
    // Each result takes two rows, its title and its snippet; the second one's title:
    let frame = onramp::tui::layout::frame_of(h.app().size());
    let top = onramp::tui::layout::inner(onramp::tui::layout::search(frame.main, false).results).y;
    let y = top + onramp::tui::layout::RESULT_ROWS;
    assert!(
        h.draw().backend().buffer().content[usize::from(y) * 100..][..50]
            .iter()
            .map(ratatui::buffer::Cell::symbol)
            .collect::<String>()
            .contains(&s.hits[1].title)
    );
    // A click on its snippet row selects it.
    h.act(Action::Click(10, y + 1));
    let Screen::Search(s) = h.app().screen() else {
        panic!()
    };
    assert_eq!(s.selected, 1);
    h.act(Action::Click(10, y));
    assert_eq!(h.reader_id(), Some(second.as_str()));
}

#[test]
fn a_second_click_opens_a_person() {
    let mut h = Harness::new((100, 30));
    h.key(KeyCode::Char('p'));
    h.act(Action::Click(10, 3));
    let Screen::List(l) = h.app().screen() else {
        panic!()
    };
    assert_eq!(l.selected, 1);
    h.act(Action::Click(10, 3));
    assert_eq!(h.reader_id(), Some("people/bo"));
}
