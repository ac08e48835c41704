//! The reader's focus ring under pressure: Tab and Shift-Tab walk every link and command in
//! the order drawn, `y` copies the marked command (or the first on screen), Enter follows a
//! marked link, digits then Enter follow a link of any number, a click follows a link or
//! marks a command, and the mouse can be handed back to the terminal.

mod tui_support;

use std::fmt::Write as _;

use crossterm::event::{KeyCode, KeyModifiers};
use onramp::tui::{Action, Effect};
use tui_support::Harness;

/// A runbook of five commands, blocks and one-line code spans mixed, with prose between.
const RUNBOOK: &str = "---\ntitle: Database failover\n---\n# Database failover\n\n\
1. Check the replicas:\n\n   ```sh\n   pg_lsclusters\n   ```\n\n\
2. Stop writes:\n\n   `maintenance on --service billing`\n\n\
3. Promote the replica. Never run `pg_ctl stop` on the primary here.\n\n   ```sh\n   pg_ctlcluster 16 main promote\n   ```\n\n\
4. Move the address:\n\n   `ip addr add 10.0.0.5/24 dev eth0`\n\n\
5. Writes back on:\n\n   ```sh\n   maintenance off --service billing\n   ```\n";

/// tldr's format: a description, then each example's command alone on its line.
const TLDR: &str = "# tar\n\n> Archiving utility.\n\n\
- [c]reate an archive and write it to a [f]ile:\n\n`tar cf {{path/to/target.tar}} {{path/to/file1 path/to/file2 ...}}`\n\n\
- E[x]tract a (compressed) archive [f]ile into the current directory:\n\n`tar xf {{path/to/source.tar[.gz|.bz2|.xz]}}`\n\n\
- [l]is[t] the contents of a tar file [v]erbosely:\n\n`tar tvf {{path/to/source.tar}}`\n";

fn copied(effect: Option<Effect>) -> (String, Vec<String>) {
    match effect {
        Some(Effect::Copy { text, placeholders }) => (text, placeholders),
        other => panic!("no copy: {other:?}"),
    }
}

#[test]
fn tab_four_times_and_y_copies_exactly_the_fourth_command() {
    let mut h = Harness::with_pages((100, 30), &[("runbooks/failover.md", RUNBOOK)]);
    h.open_page("failover", "runbooks/failover");
    assert_eq!(
        h.reader().rendered.commands.len(),
        5,
        "the code span in a sentence is prose"
    );
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    let (text, _) = copied(h.key(KeyCode::Char('y')));
    assert_eq!(text, "ip addr add 10.0.0.5/24 dev eth0");
    // Shift-Tab goes back one; Tab past the last wraps to the first.
    h.key(KeyCode::BackTab);
    assert_eq!(
        copied(h.key(KeyCode::Char('y'))).0,
        "pg_ctlcluster 16 main promote"
    );
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    assert_eq!(copied(h.key(KeyCode::Char('y'))).0, "pg_lsclusters");
    // Enter on a marked command copies it too.
    assert_eq!(copied(h.key(KeyCode::Enter)).0, "pg_lsclusters");
}

#[test]
fn on_a_tldr_page_tab_twice_copies_the_second_example_and_names_its_placeholders() {
    let mut h = Harness::with_pages((100, 30), &[("pages/common/tar.md", TLDR)]);
    h.open_page("tar archive", "pages/common/tar");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    let (text, placeholders) = copied(h.key(KeyCode::Char('y')));
    assert_eq!(text, "tar xf {{path/to/source.tar[.gz|.bz2|.xz]}}");
    assert_eq!(placeholders, ["{{path/to/source.tar[.gz|.bz2|.xz]}}"]);
    // The marked command is drawn reversed, and the footer says what y does.
    let screen = h.screen_text();
    assert!(
        screen.contains("→ tar xf {{path/to/source.tar[.g · y copies"),
        "{screen}"
    );
    let buffer = h.draw().backend().buffer().clone();
    let row = screen
        .lines()
        .position(|l| l.contains("tar xf {{"))
        .expect("the command is on screen");
    let col = screen.lines().nth(row).unwrap().find("tar xf").unwrap();
    let cell = &buffer[(u16::try_from(col).unwrap(), u16::try_from(row).unwrap())];
    assert!(
        cell.modifier.contains(ratatui::style::Modifier::REVERSED),
        "{cell:?}"
    );
}

#[test]
fn links_and_commands_share_one_ring_in_the_order_drawn() {
    let page = "# Rotate keys\n\nSee [the policy](https://example.org/policy) first.\n\n\
                `vault rotate <mount>`\n\nThen tell [Ada](../people/ada.md).\n";
    let mut h = Harness::with_pages(
        (100, 30),
        &[
            ("runbooks/rotate.md", page),
            ("people/ada.md", "---\ntitle: Ada\n---\n# Ada\n"),
        ],
    );
    h.open_page("rotate keys", "runbooks/rotate");
    h.key(KeyCode::Tab);
    assert_eq!(h.reader().focused_link(), Some(0));
    // y on a marked link copies its address.
    assert_eq!(
        copied(h.key(KeyCode::Char('y'))).0,
        "https://example.org/policy"
    );
    h.key(KeyCode::Tab);
    assert_eq!(h.reader().focused_command(), Some(0));
    let (text, placeholders) = copied(h.key(KeyCode::Char('y')));
    assert_eq!(
        (text.as_str(), placeholders),
        ("vault rotate <mount>", vec!["<mount>".to_string()])
    );
    h.key(KeyCode::Tab);
    assert_eq!(h.reader().focused_link(), Some(1));
    // A link to a page here copies the page's id, as `onramp show` takes it.
    assert_eq!(copied(h.key(KeyCode::Char('y'))).0, "people/ada");
    h.key_mod(KeyCode::BackTab, KeyModifiers::SHIFT);
    h.key_mod(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(h.reader().focused_link(), Some(0));
}

#[test]
fn y_with_nothing_marked_copies_the_first_command_on_screen_and_marks_it() {
    let filler = (1..=60).fold(String::new(), |mut s, i| {
        let _ = write!(s, "Paragraph {i}.\n\n");
        s
    });
    let page = format!("# Far\n\n`echo first`\n\n{filler}```sh\necho second\n```\n");
    let mut h = Harness::with_pages((100, 30), &[("runbooks/far.md", page.as_str())]);
    h.open_page("far", "runbooks/far");
    assert_eq!(copied(h.key(KeyCode::Char('y'))).0, "echo first");
    assert_eq!(
        h.reader().focused_command(),
        Some(0),
        "what was copied is marked"
    );
    // Scrolled past it, nothing on screen is a command: y says so rather than guess.
    h.act(Action::Top);
    h.act(Action::Back);
    h.open_page("far", "runbooks/far");
    for _ in 0..30 {
        h.key(KeyCode::Char('j'));
    }
    assert_eq!(h.key(KeyCode::Char('y')), None);
    assert!(h.app().status().unwrap().contains("Tab marks one"));
    // Tab scrolls the next command into view and marks it.
    h.key(KeyCode::Tab);
    let r = h.reader();
    let block = &r.rendered.commands[1];
    let (_, height) = onramp::tui::layout::page_area(h.app().size());
    assert!(block.first_line >= r.scroll && block.last_line < r.scroll + height);
    assert_eq!(copied(h.key(KeyCode::Char('y'))).0, "echo second");
}

/// A guide with `n` links, each to an anchor named after its number.
fn many_links(n: usize) -> String {
    let mut page = String::from("# Many links\n\n");
    for i in 1..=n {
        let _ = writeln!(page, "- [link {i}](#section-{i})");
    }
    for i in 1..=n {
        let _ = writeln!(page, "\n## Section {i}\n\nText of section {i}.");
    }
    // Room below the last section, so any section can scroll to the top.
    page.push_str(&"\nThe end.\n".repeat(40));
    page
}

/// The heading at the top of the reader's view.
fn top_heading(h: &Harness) -> String {
    let r = h.reader();
    r.rendered
        .headings
        .iter()
        .rfind(|x| x.line <= r.scroll)
        .map(|x| x.text.clone())
        .unwrap_or_default()
}

#[test]
fn digits_then_enter_follow_a_link_of_any_number() {
    let page = many_links(26);
    let mut h = Harness::with_pages((100, 30), &[("guides/many.md", page.as_str())]);
    h.open_page("many links", "guides/many");
    h.keys("12");
    assert_eq!(top_heading(&h), "Many links", "waits for Enter");
    assert!(h.app().status().unwrap().contains("Link 12"));
    h.key(KeyCode::Enter);
    assert_eq!(top_heading(&h), "Section 12");
    // `2` `6` is link 26, not link 2 and then link 6.
    h.act(Action::Top);
    h.keys("26");
    h.key(KeyCode::Enter);
    assert_eq!(top_heading(&h), "Section 26");
    // A single digit, then Enter.
    h.act(Action::Top);
    h.keys("2");
    h.key(KeyCode::Enter);
    assert_eq!(top_heading(&h), "Section 2");
    // Past the last link: said at once, and the number is dropped.
    h.act(Action::Top);
    h.keys("27");
    assert!(h.app().status().unwrap().contains("no link 27"));
    assert_eq!(h.reader().number, None);
    assert_eq!(top_heading(&h), "Many links");
    // Esc drops a number without leaving the page.
    h.keys("1");
    h.key(KeyCode::Esc);
    assert_eq!(h.reader_id(), Some("guides/many"));
    assert_eq!(h.reader().number, None);
}

#[test]
fn on_a_page_of_fewer_than_ten_links_one_digit_follows_at_once() {
    let page = many_links(9);
    let mut h = Harness::with_pages((100, 30), &[("guides/few.md", page.as_str())]);
    h.open_page("many links", "guides/few");
    h.keys("7");
    assert_eq!(top_heading(&h), "Section 7");
}

#[test]
fn a_click_on_a_link_follows_it_and_a_click_on_a_command_marks_it() {
    let page = "# Clicks\n\nRead [the outage runbook](outage.md) now.\n\n`disk usage --all`\n";
    let mut h = Harness::with_pages(
        (100, 30),
        &[
            ("runbooks/clicks.md", page),
            ("runbooks/outage.md", "# Outage\n\nSteps.\n"),
        ],
    );
    h.open_page("clicks", "runbooks/clicks");
    let screen = h.screen_text();
    let at = |text: &str| {
        let row = screen.lines().position(|l| l.contains(text)).unwrap();
        let col = screen.lines().nth(row).unwrap().find(text).unwrap();
        (u16::try_from(col).unwrap(), u16::try_from(row).unwrap())
    };
    let (col, row) = at("disk usage");
    // A click beside the command marks nothing.
    h.act(Action::Click(col + 30, row));
    assert_eq!(h.reader().focus, None);
    h.act(Action::Click(col + 2, row));
    assert_eq!(h.reader().focused_command(), Some(0));
    assert_eq!(copied(h.key(KeyCode::Char('y'))).0, "disk usage --all");
    let (col, row) = at("outage runbook");
    h.act(Action::Click(col + 1, row));
    assert_eq!(h.reader_id(), Some("runbooks/outage"));
}

#[test]
fn m_hands_the_mouse_to_the_terminal_and_back_and_the_help_says_so() {
    let mut h = Harness::new((100, 30));
    assert!(h.app().mouse_captured());
    assert_eq!(h.key(KeyCode::Char('m')), Some(Effect::MouseCapture(false)));
    assert!(!h.app().mouse_captured());
    assert!(h.app().status().unwrap().contains("the terminal selects"));
    assert_eq!(h.key(KeyCode::Char('m')), Some(Effect::MouseCapture(true)));
    h.key(KeyCode::Char('?'));
    h.key(KeyCode::End);
    let help = h.screen_text();
    assert!(
        help.contains("Mouse on/off: off lets you select text"),
        "{help}"
    );
}
