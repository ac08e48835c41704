//! The help overlay and the link confirmation: scrolling a help taller than the screen,
//! and showing the real target of an external link.

mod tui_support;

use crossterm::event::{KeyCode, KeyModifiers};
use onramp::tui::Action;
use tui_support::Harness;

#[test]
fn help_taller_than_the_screen_scrolls() {
    let mut h = Harness::new((40, 12));
    h.key(KeyCode::Char('?'));
    assert!(h.app().help_open());
    let top = h.screen_text();
    insta::assert_snapshot!("help_top_40x12", top);
    h.key(KeyCode::Char('j'));
    assert_eq!(h.app().help_scroll(), 1);
    h.key(KeyCode::Down);
    assert_eq!(h.app().help_scroll(), 2);
    h.key(KeyCode::Char('k'));
    assert_eq!(h.app().help_scroll(), 1);
    h.key(KeyCode::PageDown);
    let paged = h.app().help_scroll();
    assert!(paged > 1, "{paged}");
    h.key(KeyCode::PageUp);
    assert_eq!(h.app().help_scroll(), 1);
    h.key_mod(KeyCode::Char('G'), KeyModifiers::SHIFT);
    let bottom = h.app().help_scroll();
    assert!(bottom > 0);
    let end = h.screen_text();
    assert_ne!(end, top);
    insta::assert_snapshot!("help_bottom_40x12", end);
    // Past the end it stays at the end.
    h.key(KeyCode::Char('j'));
    assert_eq!(h.app().help_scroll(), bottom);
    h.key(KeyCode::Char('g'));
    assert_eq!(h.app().help_scroll(), 0);
    // The wheel scrolls the help, not the screen under it.
    h.act(Action::ScrollDown);
    assert_eq!(h.app().help_scroll(), 1);
    h.key(KeyCode::Char('?'));
    assert!(!h.app().help_open());
    h.key(KeyCode::Char('?'));
    assert_eq!(h.app().help_scroll(), 0, "reopened help starts at the top");
}

#[test]
fn help_that_fits_does_not_scroll() {
    let mut h = Harness::new((100, 60));
    h.key(KeyCode::Char('?'));
    h.key(KeyCode::Char('j'));
    h.key_mod(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(h.app().help_scroll(), 0);
    assert!(!h.screen_text().contains("j/k scroll"));
}

#[test]
fn shrinking_the_terminal_keeps_the_help_scroll_in_range() {
    let mut h = Harness::new((40, 12));
    h.key(KeyCode::Char('?'));
    h.key_mod(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert!(h.app().help_scroll() > 0);
    h.act(Action::Resize(100, 60));
    assert_eq!(h.app().help_scroll(), 0);
}

const LINKS: &str = "# Links\n\n\
[pay](https://p\u{430}ypal.com/login) and [site](https://paypal.com@evil.example/x) \
and [mail](mailto:help@b\u{fc}cher.example) and [plain](https://example.com/docs)\n";

fn confirm_link(size: (u16, u16), n: usize) -> Harness {
    let mut h = Harness::with_pages(size, &[("guides/links.md", LINKS)]);
    h.open_page("links", "guides/links");
    h.act(Action::FollowLink(n));
    h
}

#[test]
fn a_look_alike_host_shows_in_punycode() {
    let h = confirm_link((100, 30), 1);
    let c = h.app().confirmation().expect("asks first");
    assert_eq!(c.ascii_host.as_deref(), Some("xn--pypal-4ve.com"));
    let screen = h.screen_text();
    assert!(screen.contains("Goes to xn--pypal-4ve.com"), "{screen}");
    insta::assert_snapshot!("confirm_idn_100x30", screen);
    let h = confirm_link((40, 12), 1);
    insta::assert_snapshot!("confirm_idn_40x12", h.screen_text());
}

#[test]
fn a_user_name_that_looks_like_a_host_is_called_out() {
    let h = confirm_link((100, 30), 2);
    let screen = h.screen_text();
    assert!(screen.contains("Goes to evil.example"), "{screen}");
    assert!(screen.contains("“paypal.com@” is a user name"), "{screen}");
    insta::assert_snapshot!("confirm_userinfo_100x30", screen);
    let h = confirm_link((40, 12), 2);
    insta::assert_snapshot!("confirm_userinfo_40x12", h.screen_text());
}

#[test]
fn a_plain_link_shows_its_host_and_opens_on_yes() {
    let mut h = confirm_link((100, 30), 4);
    assert!(h.screen_text().contains("Goes to example.com"));
    assert!(h.app().confirmation().unwrap().ascii_host.is_none());
    assert_eq!(
        h.key(KeyCode::Char('y')),
        Some(onramp::tui::Effect::OpenUrl(
            "https://example.com/docs".into()
        ))
    );
    let mut h = confirm_link((100, 30), 3);
    assert_eq!(
        h.app().confirmation().unwrap().ascii_host.as_deref(),
        Some("xn--bcher-kva.example")
    );
    assert_eq!(h.key(KeyCode::Char('n')), None);
    assert!(h.app().confirmation().is_none());
}
