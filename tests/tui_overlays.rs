//! The help overlay and the link confirmation: scrolling a help taller than the screen,
//! and showing the real target of an external link.

mod tui_support;

use crossterm::event::{KeyCode, KeyModifiers};
use onramp::tui::Action;
use tui_support::harness;

#[test]
fn help_taller_than_the_screen_scrolls() {
    let mut h = harness((40, 12));
    h.key(KeyCode::Char('?'));
    assert!(h.app.help_open());
    let top = h.screen_text();
    insta::assert_snapshot!("help_top_40x12", top);
    h.key(KeyCode::Char('j'));
    assert_eq!(h.app.help_scroll(), 1);
    h.key(KeyCode::Down);
    assert_eq!(h.app.help_scroll(), 2);
    h.key(KeyCode::Char('k'));
    assert_eq!(h.app.help_scroll(), 1);
    h.key(KeyCode::PageDown);
    let paged = h.app.help_scroll();
    assert!(paged > 1, "{paged}");
    h.key(KeyCode::PageUp);
    assert_eq!(h.app.help_scroll(), 1);
    h.key_mod(KeyCode::Char('G'), KeyModifiers::SHIFT);
    let bottom = h.app.help_scroll();
    assert!(bottom > 0);
    let end = h.screen_text();
    assert_ne!(end, top);
    insta::assert_snapshot!("help_bottom_40x12", end);
    // Past the end it stays at the end.
    h.key(KeyCode::Char('j'));
    assert_eq!(h.app.help_scroll(), bottom);
    h.key(KeyCode::Char('g'));
    assert_eq!(h.app.help_scroll(), 0);
    // The wheel scrolls the help, not the screen under it.
    h.act(Action::ScrollDown);
    assert_eq!(h.app.help_scroll(), 1);
    h.key(KeyCode::Char('?'));
    assert!(!h.app.help_open());
    h.key(KeyCode::Char('?'));
    assert_eq!(h.app.help_scroll(), 0, "reopened help starts at the top");
}

#[test]
fn help_that_fits_does_not_scroll() {
    let mut h = harness((100, 60));
    h.key(KeyCode::Char('?'));
    h.key(KeyCode::Char('j'));
    h.key_mod(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(h.app.help_scroll(), 0);
    assert!(!h.screen_text().contains("j/k scroll"));
}

#[test]
fn shrinking_the_terminal_keeps_the_help_scroll_in_range() {
    let mut h = harness((40, 12));
    h.key(KeyCode::Char('?'));
    h.key_mod(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert!(h.app.help_scroll() > 0);
    h.act(Action::Resize(100, 60));
    assert_eq!(h.app.help_scroll(), 0);
}
