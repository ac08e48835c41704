//! Notes in the app: `N` asks for a title and writes a note from the template that fits the
//! page on screen, the editor gets it, and the note is shown and searchable once it is back;
//! `A` adds a line to today's note without leaving the screen; the Notes screen lists the
//! user's notes first, newest first.

mod tui_support;

use crossterm::event::{KeyCode, KeyModifiers};
use onramp::tui::{Action, Effect, Screen};
use tui_support::Harness;

const PAGES: &[(&str, &str)] = &[
    (
        "people/aiko.md",
        "---\ntitle: Aiko Tanaka\nrole: TAM\n---\n# Aiko Tanaka\n\nAiko runs the big accounts.\n",
    ),
    (
        "people/it/chiara.md",
        "---\ntitle: Chiara Bassi\nlang: it\n---\n# Chiara Bassi\n\nChiara lavora a Milano.\n",
    ),
    ("guides/vpn.md", "# VPN\n\nConnect before nine.\n"),
    (
        "templates/shadowing.md",
        "---\nkind: template\ntitle: Shadowing note\n---\n# {{title}}\n\n- **Date:** {{date}}\n- **Shadowing:** {{person}}\n\n## What happened\n",
    ),
    (
        "templates/it/shadowing.md",
        "---\nkind: template\ntitle: Nota di affiancamento\n---\n# {{title}}\n\n- **In affiancamento a:** {{person}}\n",
    ),
    (
        "templates/meeting.md",
        "---\nkind: template\ntitle: Meeting\n---\n# {{title}}\n\n## Agenda\n",
    ),
    (
        "templates/daily.md",
        "---\nkind: template\ntitle: Daily note\n---\n# {{title}}\n\n## Log\n",
    ),
    (
        "notes/example.md",
        "---\ntitle: An example note\n---\n# An example note\n\nFrom the pack.\n",
    ),
];

fn harness() -> Harness {
    Harness::with_pages((100, 30), PAGES)
}

fn shift(h: &mut Harness, c: char) -> Option<Effect> {
    h.key_mod(KeyCode::Char(c), KeyModifiers::SHIFT)
}

fn status_line(h: &Harness) -> String {
    h.screen_text()
        .lines()
        .last()
        .unwrap_or_default()
        .to_string()
}

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
fn n_on_a_persons_page_writes_a_shadowing_note_about_them_and_shows_it() {
    let mut h = harness();
    h.open_page("aiko", "people/aiko");
    assert_eq!(shift(&mut h, 'N'), None);
    let line = status_line(&h);
    assert!(
        line.contains("New note:") && line.contains("[shadowing") && line.contains("Aiko"),
        "{line}"
    );
    h.type_text("Call with Aiko");
    let Some(Effect::EditNote(created)) = h.key(KeyCode::Enter) else {
        panic!("Enter writes the note and hands it to the editor")
    };
    assert_eq!(created.path.parent().unwrap(), h.notes());
    assert!(
        created
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .ends_with("-call-with-aiko.md")
    );
    let written = std::fs::read_to_string(&created.path).unwrap();
    assert!(written.contains("people: [\"people/aiko\"]"), "{written}");
    assert!(written.contains("about: \"people/aiko\""), "{written}");
    assert!(
        written.contains("- **Shadowing:** [Aiko Tanaka](people/aiko)"),
        "{written}"
    );
    // The editor writes in it; once it is back the app shows the note.
    std::fs::write(
        &created.path,
        format!("{written}She answered with a quokka demo.\n"),
    )
    .unwrap();
    h.session.note_edited(&created);
    h.settle();
    assert_eq!(h.reader_id(), Some(created.id.as_str()));
    assert!(page_text(&h).contains("quokka demo"), "{}", page_text(&h));
    assert!(
        h.app().status().unwrap().contains("Saved"),
        "{:?}",
        h.app().status()
    );
    // Searchable at once, and on Aiko's page.
    h.open_page("quokka", &created.id);
    h.open_page("aiko runs", "people/aiko");
    let page = page_text(&h);
    assert!(page.contains("Your notes about Aiko"), "{page}");
    assert!(page.contains("Call with Aiko"), "{page}");
}

#[test]
fn a_note_left_as_the_template_made_it_is_removed_again() {
    let mut h = harness();
    shift(&mut h, 'N');
    h.type_text("Nothing to say");
    let Some(Effect::EditNote(created)) = h.key(KeyCode::Enter) else {
        panic!("Enter writes the note")
    };
    assert!(created.path.exists());
    h.session.note_edited(&created);
    h.settle();
    assert!(!created.path.exists());
    assert!(matches!(h.app().screen(), Screen::Home(_)));
    assert!(
        h.app().status().unwrap().contains("removed again"),
        "{:?}",
        h.app().status()
    );
}

#[test]
fn tab_picks_another_template_and_esc_writes_nothing() {
    let mut h = harness();
    shift(&mut h, 'N');
    assert!(
        status_line(&h).contains("[plain note"),
        "{}",
        status_line(&h)
    );
    h.key(KeyCode::Tab);
    assert!(status_line(&h).contains("[daily"), "{}", status_line(&h));
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    assert!(
        status_line(&h).contains("[shadowing"),
        "{}",
        status_line(&h)
    );
    // Letters go into the title, not to the keys they are bound to.
    h.type_text("qn?");
    assert!(
        status_line(&h).contains("New note: qn?"),
        "{}",
        status_line(&h)
    );
    h.key(KeyCode::Esc);
    assert!(h.app().prompt().is_none());
    assert!(!h.notes().exists(), "nothing was written");
    // The person selected in the People list is the one the note is about.
    h.key(KeyCode::Char('p'));
    shift(&mut h, 'N');
    assert!(
        status_line(&h).contains("about Aiko Tanaka"),
        "{}",
        status_line(&h)
    );
    h.key(KeyCode::Esc);
    // An Italian person's note starts from the Italian template.
    h.open_page("chiara", "people/it/chiara");
    shift(&mut h, 'N');
    assert!(
        status_line(&h).contains("[it/shadowing"),
        "{}",
        status_line(&h)
    );
    h.key(KeyCode::Tab);
    let Some(Effect::EditNote(created)) = h.key(KeyCode::Enter) else {
        panic!("Enter writes the note")
    };
    // No title: the template's, in a file of its own.
    let text = std::fs::read_to_string(&created.path).unwrap();
    assert!(text.contains("title: \"Meeting\""), "{text}");
}

#[test]
fn a_captures_a_line_into_todays_note_without_leaving_the_screen() {
    let mut h = harness();
    h.open_page("vpn", "guides/vpn");
    shift(&mut h, 'A');
    assert!(
        status_line(&h).contains("Add to today's note:"),
        "{}",
        status_line(&h)
    );
    h.type_text("Ask Bo about the pager");
    assert_eq!(h.key(KeyCode::Enter), None);
    assert_eq!(h.reader_id(), Some("guides/vpn"), "still on the page");
    let daily = h.notes().join("2026-03-10-daily.md");
    let text = std::fs::read_to_string(&daily).unwrap();
    assert!(text.contains("## Log\n- "), "{text}");
    assert!(
        text.trim_end().ends_with("Ask Bo about the pager"),
        "{text}"
    );
    assert!(
        h.app().status().unwrap().contains("notes/2026-03-10-daily"),
        "{:?}",
        h.app().status()
    );
    // A second line goes to the same note, and search finds both at once.
    shift(&mut h, 'A');
    h.act(Action::Paste("and the \u{1b}[2Jbadge".into()));
    h.key(KeyCode::Enter);
    let text = std::fs::read_to_string(&daily).unwrap();
    assert_eq!(text.matches("\n- ").count(), 2, "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
    h.open_page("pager", "notes/2026-03-10-daily");
    // An empty line adds nothing.
    shift(&mut h, 'A');
    h.key(KeyCode::Enter);
    assert!(h.app().status().unwrap().contains("Nothing to add"));
}

#[test]
fn the_notes_screen_lists_your_notes_first_newest_first() {
    let mut h = harness();
    std::fs::create_dir_all(h.notes()).unwrap();
    std::fs::write(
        h.notes().join("2026-03-01-older.md"),
        "---\ntitle: Zebra older\ncreated: \"2026-03-01T09:00:00+01:00\"\n---\nOld.\n",
    )
    .unwrap();
    std::fs::write(
        h.notes().join("2026-03-09-newer.md"),
        "---\ntitle: Yak newer\n---\nNew.\n",
    )
    .unwrap();
    // A note whose frontmatter does not parse is listed too, and left as written.
    let broken = "---\ntitle: [oops\n---\n# Broken but mine\n";
    std::fs::write(h.notes().join("2026-02-01-broken.md"), broken).unwrap();
    h.session.reload();
    h.settle();
    h.key(KeyCode::Char('n'));
    let Screen::List(state) = h.app().screen().clone() else {
        panic!("n opens the Notes screen")
    };
    let titles: Vec<String> = h
        .app()
        .list_rows(&state)
        .iter()
        .map(|&i| h.app().library().docs()[i].title.clone())
        .collect();
    assert_eq!(
        titles,
        [
            "Yak newer",
            "Zebra older",
            "Broken but mine",
            "An example note"
        ]
    );
    let screen = h.screen_text();
    assert!(
        screen.contains("2026-03-09") && screen.contains("example"),
        "{screen}"
    );
    assert_eq!(
        std::fs::read_to_string(h.notes().join("2026-02-01-broken.md")).unwrap(),
        broken
    );
}

#[test]
fn n_and_shift_n_step_through_matches_while_finding_and_make_notes_otherwise() {
    let mut h = Harness::new((100, 30));
    h.open_page("long guide", "guides/long");
    shift(&mut h, 'N');
    assert!(h.app().prompt().is_some(), "no find: N is a new note");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('/'));
    h.type_text("fox");
    h.key(KeyCode::Enter);
    let current = h.reader().find.as_ref().unwrap().current;
    shift(&mut h, 'N');
    assert!(h.app().prompt().is_none());
    assert_ne!(h.reader().find.as_ref().unwrap().current, current);
    // The help lists the find keys while finding.
    h.key(KeyCode::Char('?'));
    let screen = h.screen_text();
    assert!(screen.contains("Finding in the page"), "{screen}");
}
