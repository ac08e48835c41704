//! The bundled knowledge pack is complete, consistent and linked: what a new user meets on
//! the first run must hold together.

use std::collections::{HashMap, HashSet};

use onramp::content::checklist;
use onramp::content::{Kind, Library, LoadOptions, Source, load};
use pulldown_cmark::{Event, Parser, Tag};

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
        (Kind::Guide, 15),
        (Kind::Checklist, 7),
        (Kind::Note, 4),
        (Kind::Runbook, 6),
        (Kind::Person, 10),
        (Kind::Tool, 8),
        (Kind::Term, 25),
    ];
    for (kind, min) in minimums {
        let n = lib.of_kind(kind).count();
        assert!(n >= min, "{n} {kind} pages, want at least {min}");
    }
    let italian = lib.docs().iter().filter(|d| d.lang == "it").count();
    assert!(italian >= 5, "{italian} Italian pages");
}

#[test]
fn every_internal_link_resolves() {
    let lib = pack();
    let mut broken = Vec::new();
    for doc in lib.docs() {
        for event in Parser::new(&doc.body) {
            let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            else {
                continue;
            };
            let target = dest_url.as_ref();
            if target.contains("://") || target.starts_with("mailto:") || target.starts_with('#') {
                continue;
            }
            if lib.resolve_link(doc, target).is_none() {
                broken.push(format!("{} -> {target}", doc.id));
            }
        }
    }
    assert!(broken.is_empty(), "broken links: {broken:#?}");
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
