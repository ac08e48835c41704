//! `e` in the reader: the page's file goes to the editor, and what the editor saved is what
//! the reader shows when it returns.

mod tui_support;

use crossterm::event::KeyCode;
use onramp::tui::{Action, Effect, Screen};
use tui_support::harness_with;

fn page_text(h: &tui_support::Harness) -> String {
    let Screen::Reader(r) = h.app.screen() else {
        panic!("not in the reader")
    };
    r.rendered
        .lines
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_reader_shows_the_page_as_the_editor_left_it() {
    let (mut h, dir) = harness_with(
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
        dir.path().join("guides/deploys.md").canonicalize().unwrap()
    );
    // What the editor saved (a BOM and CRLF line ends, as some editors write).
    let text = "\u{FEFF}---\r\ntitle: Deploys\r\n---\r\n# Deploys\r\n\r\nShip on Thursdays.\r\n";
    h.act(Action::PageEdited {
        path: path.clone(),
        text: text.into(),
    });
    let shown = page_text(&h);
    assert!(shown.contains("Ship on Thursdays."), "{shown}");
    assert!(!shown.contains("Tuesdays"), "{shown}");
    assert!(h.app.status().unwrap().contains("Showing your edits"));
    let page = h.app.page("guides/deploys").unwrap();
    assert_eq!(page.body, "# Deploys\n\nShip on Thursdays.\n");
    assert_eq!(page.body_line, 4);

    // Back and open again: still the edited text; a second edit replaces the first.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    h.open_page("deploys", "guides/deploys");
    assert!(page_text(&h).contains("Ship on Thursdays."));
    h.act(Action::PageEdited {
        path,
        text: "# Deploys\n\nShip on Fridays, never.\n".into(),
    });
    assert!(page_text(&h).contains("Ship on Fridays, never."));
}

#[test]
fn an_edit_to_an_unknown_file_is_reported() {
    let (mut h, dir) = harness_with((100, 30), &[("guides/a.md", "# A\n\nText.\n")]);
    h.act(Action::PageEdited {
        path: dir.path().join("elsewhere.md"),
        text: "# B\n".into(),
    });
    assert!(h.app.status().unwrap().contains("not a page here"));
}
