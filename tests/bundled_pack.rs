//! The bundled knowledge pack is complete, consistent and linked: what a new user meets on
//! the first run must hold together.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};
use onramp::content::checklist;
use onramp::content::{Kind, Library, LoadOptions, Source, Sources, load};
use onramp::progress::due_date;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

mod pack_support;
use pack_support::{FIRST_EDITION_IDS, FIRST_EDITION_ITEMS, RETIRED_ITEMS};

fn pack() -> Library {
    load(&[Source::bundled()], &LoadOptions::default())
}

#[test]
fn loads_without_warnings() {
    let lib = pack();
    let warnings: Vec<String> = lib.warnings.iter().map(ToString::to_string).collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn every_kind_at_its_minimum() {
    let lib = pack();
    let minimums = [
        (Kind::Guide, 24),
        (Kind::Checklist, 7),
        (Kind::Note, 4),
        (Kind::Template, 4),
        (Kind::Runbook, 7),
        (Kind::Person, 10),
        (Kind::Tool, 8),
        (Kind::Term, 25),
    ];
    for (kind, min) in minimums {
        let n = lib.of_kind(kind).count();
        assert!(n >= min, "{n} {kind} pages, want at least {min}");
    }
    let notes_and_templates = lib.of_kind(Kind::Note).count() + lib.of_kind(Kind::Template).count();
    assert!(
        notes_and_templates >= 8,
        "{notes_and_templates} notes and templates"
    );
    let italian = lib.docs().iter().filter(|d| d.lang == "it").count();
    assert!(italian >= 5, "{italian} Italian pages");
}

/// Lints clean: no broken link or anchor, no unknown owner, no bad value, no orphan, and
/// nothing overdue on the day of the pack's latest review (so the check does not age).
#[test]
fn lints_clean() {
    let snapshot = Sources::from_list(vec![Source::bundled()]).snapshot(&LoadOptions::default());
    let reviewed = snapshot
        .library
        .docs()
        .iter()
        .filter_map(|d| d.last_reviewed)
        .max()
        .expect("the pack has review dates");
    let report = onramp::lint::lint(&snapshot, &[0], reviewed);
    let rows: Vec<String> = report.rows.iter().map(ToString::to_string).collect();
    assert!(rows.is_empty(), "{rows:#?}");
    assert_eq!(report.pages, snapshot.library.len());
}

#[test]
fn checklist_items_have_unique_ids_and_valid_due_offsets() {
    let lib = pack();
    let mut total = 0;
    for doc in lib.of_kind(Kind::Checklist) {
        let (items, problems) = checklist::items(&doc.body);
        assert!(problems.is_empty(), "{}: {problems:?}", doc.id);
        let mut seen = HashSet::new();
        for item in &items {
            assert!(
                seen.insert(&item.id),
                "{}: duplicate item id {}",
                doc.id,
                item.id
            );
            assert!(
                item.due.is_some(),
                "{}: item {} has no due offset",
                doc.id,
                item.id
            );
            assert!(
                doc.raw.contains(&format!("{{#{} ", item.id)),
                "{}: item {} has no explicit #id",
                doc.id,
                item.id
            );
        }
        assert!(doc.phase.is_some(), "{} has no phase", doc.id);
        if doc.lang == "en" {
            total += items.len();
        }
    }
    assert!(total >= 80, "{total} checklist items in English");
}

#[test]
fn every_owner_is_a_person_of_the_pack() {
    let lib = pack();
    let people: HashSet<&str> = lib.of_kind(Kind::Person).map(|d| d.id.as_str()).collect();
    for doc in lib.docs() {
        let owner = doc
            .owner
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no owner", doc.id));
        assert!(
            people.contains(owner),
            "{}: owner {owner} is not a person page",
            doc.id
        );
        assert!(
            doc.last_reviewed.is_some(),
            "{} has no last_reviewed",
            doc.id
        );
    }
}

#[test]
fn people_tools_and_terms_have_their_fields() {
    let lib = pack();
    for p in lib.of_kind(Kind::Person) {
        let f = &p.person;
        assert!(
            f.role.is_some() && f.team.is_some() && f.timezone.is_some() && f.contact.is_some(),
            "{}",
            p.id
        );
        assert!(!f.ask_me_about.is_empty(), "{} has no ask_me_about", p.id);
    }
    for t in lib.of_kind(Kind::Tool) {
        assert!(
            t.tool.url.is_some() && t.tool.access.is_some() && t.tool.channel.is_some(),
            "{}",
            t.id
        );
    }
    for t in lib.of_kind(Kind::Term) {
        assert!(
            t.expansion.is_some() || t.description.is_some(),
            "{} has no definition",
            t.id
        );
    }
}

#[test]
fn italian_first_week_mirrors_the_english_one() {
    let lib = pack();
    let ids = |id: &str| -> HashMap<String, Option<checklist::Due>> {
        let doc = lib.get(id).unwrap_or_else(|| panic!("{id} missing"));
        checklist::items(&doc.body)
            .0
            .into_iter()
            .map(|i| (i.id, i.due))
            .collect()
    };
    assert_eq!(
        ids("checklists/first-week"),
        ids("checklists/it/prima-settimana")
    );
}

#[test]
fn every_first_edition_id_still_resolves() {
    let lib = pack();
    let missing: Vec<&str> = FIRST_EDITION_IDS
        .iter()
        .copied()
        .filter(|id| lib.get(id).is_none())
        .collect();
    assert!(missing.is_empty(), "first-edition ids gone: {missing:?}");
}

#[test]
fn first_edition_items_stay_or_are_retired_and_never_reused() {
    let lib = pack();
    for (checklist, first) in FIRST_EDITION_ITEMS {
        let doc = lib
            .get(checklist)
            .unwrap_or_else(|| panic!("{checklist} missing"));
        let now: HashSet<String> = checklist::items(&doc.body)
            .0
            .into_iter()
            .map(|i| i.id)
            .collect();
        for id in *first {
            let retired = RETIRED_ITEMS
                .iter()
                .any(|(c, i, _)| c == checklist && i == id);
            assert!(
                now.contains(*id) != retired,
                "{checklist}#{id}: {}",
                if retired {
                    "retired, yet an item has the id again"
                } else {
                    "gone without being listed as retired"
                }
            );
        }
    }
}

#[test]
fn items_are_in_due_order_within_each_section() {
    let lib = pack();
    let mut out_of_order = Vec::new();
    // Every start date of a year: month offsets land on different days depending on it.
    let first = NaiveDate::from_ymd_opt(2027, 1, 1).expect("a date");
    for doc in lib.of_kind(Kind::Checklist) {
        let (items, _) = checklist::items(&doc.body);
        for pair in items.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.section != b.section {
                continue;
            }
            let (Some(da), Some(db)) = (a.due, b.due) else {
                continue;
            };
            let late = (0..366).find_map(|n| {
                let start = first + Days::new(n);
                (due_date(start, da) > due_date(start, db)).then_some(start)
            });
            if let Some(start) = late {
                out_of_order.push(format!(
                    "{}: #{} ({da}) before #{} ({db}) under {:?}, starting {start}",
                    doc.id, a.id, b.id, a.section
                ));
            }
        }
    }
    assert!(out_of_order.is_empty(), "{out_of_order:#?}");
}

#[test]
fn every_channel_and_handle_is_on_the_parley_page() {
    let lib = pack();
    let parley = lib.get("tools/parley").expect("tools/parley");
    let listed = |name: &str| parley.body.contains(&format!("`{name}`"));
    let mut missing = Vec::new();
    for doc in lib.docs() {
        let mut names: Vec<String> = Parser::new(&doc.body)
            .filter_map(|e| match e {
                Event::Code(code) => Some(code.to_string()),
                _ => None,
            })
            .filter(|c| is_channel_or_handle(c))
            .collect();
        names.extend(doc.tool.channel.clone());
        for name in names {
            if !listed(&name) {
                missing.push(format!("{}: {name}", doc.id));
            }
        }
    }
    assert!(missing.is_empty(), "not on the Parley page: {missing:#?}");
}

/// `#channel-name` or `@handle`, as pages write them in code spans.
fn is_channel_or_handle(code: &str) -> bool {
    let mut chars = code.chars();
    matches!(chars.next(), Some('#' | '@'))
        && code.len() > 1
        && chars.all(|c| c.is_ascii_lowercase() || c == '-' || c == '.')
}

/// The code blocks of a page, as written.
fn code_blocks(body: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => current = Some(String::new()),
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

/// The story's accounts, by the first word of their name, from the worked-example notes'
/// `**Account:**` lines.
fn story_accounts(lib: &Library) -> HashSet<String> {
    lib.of_kind(Kind::Note)
        .flat_map(|n| n.body.lines())
        .filter_map(|l| l.trim_start_matches("- ").strip_prefix("**Account:**"))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(str::to_lowercase)
        .collect()
}

/// An id of the story's world: `INC-4471`, `EV-1182`, or a case number (six digits or more).
fn names_a_story_id(text: &str) -> Option<String> {
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let id = word
            .strip_prefix("INC-")
            .or_else(|| word.strip_prefix("EV-"))
            .is_some_and(digits);
        if id || (word.len() >= 6 && digits(word)) {
            return Some(word.to_string());
        }
    }
    None
}

#[test]
fn runbook_and_tool_commands_use_placeholders_not_the_story() {
    let lib = pack();
    let accounts = story_accounts(&lib);
    assert!(
        accounts.contains("larkspur") && accounts.contains("marlowe"),
        "{accounts:?}"
    );
    let mut named = Vec::new();
    for doc in lib.of_kind(Kind::Runbook).chain(lib.of_kind(Kind::Tool)) {
        for block in code_blocks(&doc.body) {
            let lower = block.to_lowercase();
            for account in accounts.iter().filter(|a| lower.contains(a.as_str())) {
                named.push(format!("{}: account {account}", doc.id));
            }
            if let Some(id) = names_a_story_id(&block) {
                named.push(format!("{}: id {id}", doc.id));
            }
        }
    }
    assert!(named.is_empty(), "{named:#?}");
}

#[test]
fn every_runbook_opens_with_five_lines_to_do_now() {
    let lib = pack();
    let runbooks: Vec<_> = lib.of_kind(Kind::Runbook).collect();
    assert!(runbooks.len() >= 7, "{} runbooks", runbooks.len());
    for doc in runbooks {
        let first_section = doc
            .body
            .split("\n## ")
            .nth(1)
            .unwrap_or_else(|| panic!("{} has no sections", doc.id));
        let (heading, rest) = first_section
            .split_once('\n')
            .unwrap_or((first_section, ""));
        assert_eq!(heading.trim(), "Do this now", "{}: first section", doc.id);
        let steps = rest
            .lines()
            .filter(|l| {
                l.split_once(". ")
                    .is_some_and(|(n, _)| n.parse::<u8>().is_ok())
            })
            .count();
        assert_eq!(steps, 5, "{}: {steps} steps under Do this now", doc.id);
    }
}

/// Pages the second edition added, which a new hire was missing in the first.
const SECOND_EDITION_PAGES: &[(&str, Kind)] = &[
    ("guides/security-and-customer-data", Kind::Guide),
    ("guides/admin", Kind::Guide),
    ("guides/team-rituals", Kind::Guide),
    ("guides/for-managers-and-buddies", Kind::Guide),
    ("guides/check-ins", Kind::Guide),
    ("guides/service-catalogue", Kind::Guide),
    ("runbooks/incident-roles", Kind::Runbook),
    ("runbooks/security-incident", Kind::Runbook),
    ("runbooks/klaxon-down", Kind::Runbook),
    ("tools/harbour", Kind::Tool),
    ("glossary/region", Kind::Term),
    ("glossary/quota", Kind::Term),
    ("glossary/engagement", Kind::Term),
    ("glossary/rollback", Kind::Term),
    ("glossary/lrr", Kind::Term),
    ("glossary/qbr", Kind::Term),
    ("templates/weekly-case-report", Kind::Template),
    ("templates/monthly-report", Kind::Template),
    ("templates/quarterly-business-review", Kind::Template),
    ("templates/kickoff-agenda", Kind::Template),
    ("templates/post-incident-review", Kind::Template),
];

/// The note templates, each in English and in Italian under the same file name.
const NOTE_TEMPLATES: &[&str] = &["shadowing", "one-on-one", "meeting", "daily"];

#[test]
fn the_second_edition_pages_exist() {
    let lib = pack();
    for (id, kind) in SECOND_EDITION_PAGES {
        let doc = lib.get(id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(doc.kind, *kind, "{id}");
    }
    for name in NOTE_TEMPLATES {
        for (id, lang) in [
            (format!("templates/{name}"), "en"),
            (format!("templates/it/{name}"), "it"),
        ] {
            let doc = lib.get(&id).unwrap_or_else(|| panic!("{id} missing"));
            assert_eq!(
                (doc.kind, doc.lang.as_str()),
                (Kind::Template, lang),
                "{id}"
            );
        }
    }
}

#[test]
fn templates_describe_themselves_and_use_only_the_known_placeholders() {
    let lib = pack();
    for doc in lib.of_kind(Kind::Template) {
        assert!(doc.description.is_some(), "{} has no description", doc.id);
        assert!(
            doc.raw.contains("kind: template"),
            "{} is a template only by its folder",
            doc.id
        );
        let mut rest = doc.body.as_str();
        while let Some(open) = rest.find("{{") {
            let after = &rest[open + 2..];
            let close = after
                .find("}}")
                .unwrap_or_else(|| panic!("{}: unclosed {{{{", doc.id));
            let name = &after[..close];
            assert!(
                ["title", "date", "person"].contains(&name),
                "{}: unknown placeholder {{{{{name}}}}}",
                doc.id
            );
            rest = &after[close + 2..];
        }
        assert!(
            doc.body.contains("{{title}}"),
            "{} never uses {{{{title}}}}",
            doc.id
        );
    }
}

#[test]
fn every_acronym_term_has_an_expansion() {
    let lib = pack();
    let acronym = |w: &str| {
        w.len() >= 2
            && w.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && w.chars().any(|c| c.is_ascii_uppercase())
    };
    let mut missing = Vec::new();
    for doc in lib.of_kind(Kind::Term) {
        let initials: String = doc
            .title
            .split([' ', '-'])
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect();
        let heading_acronym = onramp::content::first_heading(&doc.body)
            .and_then(|h| {
                h.rsplit_once('(')
                    .map(|(_, a)| a.trim_end_matches(')').to_string())
            })
            .filter(|a| acronym(a));
        let is_acronym = acronym(&doc.title)
            || heading_acronym.is_some()
            || doc.aliases.iter().any(|a| acronym(a) && *a == initials);
        if is_acronym && doc.expansion.as_deref().is_none_or(str::is_empty) {
            missing.push(doc.id.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "acronyms without an expansion: {missing:?}"
    );
}

#[test]
fn italian_pages_mark_every_link_to_an_english_page() {
    let lib = pack();
    let mut unmarked = Vec::new();
    for doc in lib.docs().iter().filter(|d| d.lang == "it") {
        let mut target: Option<String> = None;
        for (event, range) in Parser::new(&doc.body).into_offset_iter() {
            match event {
                Event::Start(Tag::Link { dest_url, .. }) => target = Some(dest_url.to_string()),
                Event::End(TagEnd::Link) => {
                    let Some(t) = target.take() else { continue };
                    let english = lib.resolve_link(doc, &t).is_some_and(|to| to.lang == "en");
                    if english && !doc.body[range.end..].starts_with(" (EN)") {
                        unmarked.push(format!("{} -> {t}", doc.id));
                    }
                }
                _ => {}
            }
        }
    }
    assert!(
        unmarked.is_empty(),
        "links to English pages without (EN): {unmarked:#?}"
    );
}

#[test]
fn every_heading_is_an_atx_heading() {
    // A line of `-` under a paragraph (an empty list item, a rule) silently turns the
    // paragraph into a heading; the pack writes headings with `#` only.
    let lib = pack();
    let mut setext = Vec::new();
    for doc in lib.docs() {
        for (event, range) in Parser::new(&doc.body).into_offset_iter() {
            if let Event::Start(Tag::Heading { .. }) = event
                && !doc.body[range.start..].starts_with('#')
            {
                let line = doc.body[..range.start].lines().count() + doc.body_line;
                setext.push(format!("{}:{line}", doc.path));
            }
        }
    }
    assert!(setext.is_empty(), "underlined headings: {setext:?}");
}
