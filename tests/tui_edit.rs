//! `e` in the reader: the page's file goes to the editor, and once it returns the sources are
//! read again, so the reader, every screen and search show what the editor saved.

mod tui_support;

use crossterm::event::KeyCode;
use onramp::tui::{Action, Effect, Screen};
use tui_support::Harness;

fn page_text(h: &Harness) -> String {
    h.reader()
        .rendered
        .lines
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_reader_and_search_show_the_page_as_the_editor_left_it() {
    let mut h = Harness::with_pages(
        (100, 30),
        &[(
            "guides/deploys.md",
            "---\ntitle: Deploys\n---\n# Deploys\n\nShip on Tuesdays.\n",
        )],
    );
    h.open_page("deploys", "guides/deploys");
    assert!(page_text(&h).contains("Ship on Tuesdays."));
    let Some(Effect::Edit(path)) = h.key(KeyCode::Char('e')) else {
        panic!("e asks for the editor")
    };
    assert_eq!(
        path.canonicalize().unwrap(),
        h.content()
            .join("guides/deploys.md")
            .canonicalize()
            .unwrap()
    );
    // What the editor saved (a BOM and CRLF line ends, as some editors write), then the loop
    // reads the sources again.
    std::fs::write(
        &path,
        "\u{FEFF}---\r\ntitle: Deploys\r\n---\r\n# Deploys\r\n\r\nShip on Thursdays, with quokkas.\r\n",
    )
    .unwrap();
    h.session.reload();
    h.settle();
    let shown = page_text(&h);
    assert!(shown.contains("Ship on Thursdays"), "{shown}");
    assert!(!shown.contains("Tuesdays"), "{shown}");
    let page = h.app().library().get("guides/deploys").unwrap();
    assert_eq!(page.body, "# Deploys\n\nShip on Thursdays, with quokkas.\n");
    // Search sees the edit too.
    h.open_page("quokkas", "guides/deploys");
    // A second edit replaces the first.
    std::fs::write(&path, "# Deploys\n\nShip on Fridays, never.\n").unwrap();
    h.session.reload();
    h.settle();
    assert!(page_text(&h).contains("Ship on Fridays, never."));
    assert!(matches!(h.app().screen(), Screen::Reader(_)));
}

#[test]
fn a_page_built_into_onramp_cannot_be_edited() {
    let mut h = Harness::with_pages((100, 30), &[("guides/a.md", "# A\n\nText.\n")]);
    h.open_page("text", "guides/a");
    // A page without a file (only the bundled pack has none) says how to edit it instead.
    h.act(Action::EditPage);
    assert!(h.app().status().is_none() || !h.app().status().unwrap().contains("built into"));
}
