use super::*;
use crate::content::{Layer, LoadOptions, Source};

fn library() -> (tempfile::TempDir, Library) {
    let d = tempfile::tempdir().unwrap();
    let lists = d.path().join("checklists");
    std::fs::create_dir_all(&lists).unwrap();
    std::fs::write(
        lists.join("week.md"),
        "---\nphase: 1\n---\n# Week\n\n## Day 1\n- [ ] Badge {#badge due=D1}\n- [ ] Laptop {#laptop due=D2}\n- [x] Already done in the source\n## Later\n- [ ] Month {#month due=M1}\n",
    )
    .unwrap();
    std::fs::write(
        lists.join("other.md"),
        "# Other\n\n- [ ] Loose item\n- [ ] Later {#later due=W2}\n",
    )
    .unwrap();
    let library = crate::content::load(
        &[Source::dir(Layer::Flag, d.path())],
        &LoadOptions::default(),
    );
    (d, library)
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn now() -> DateTime<Utc> {
    "2026-11-03T10:00:00Z".parse().unwrap()
}

#[test]
fn counts_phases_and_source_defaults() {
    let (_d, lib) = library();
    let lists = Checklists::from_library(&lib);
    let ids: Vec<&str> = lists.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["checklists/week", "checklists/other"], "phase first");
    let mut p = Progress::default();
    p.set("checklists/week", "badge", ItemState::Done, None, now());
    p.set(
        "checklists/other",
        "later",
        ItemState::Skipped { reason: None },
        None,
        now(),
    );
    let week = lists.get("checklists/week").unwrap().counts(&p);
    assert_eq!(
        week,
        Counts {
            done: 2,
            skipped: 0,
            total: 4
        }
    );
    assert_eq!(week.percent(), 50);
    let phases = lists.phases(&p);
    assert_eq!(phases.len(), 2);
    assert_eq!(
        (phases[0].phase, phases[0].name, phases[0].percent),
        (Some(1), "lost", 50)
    );
    assert_eq!(
        (phases[1].phase, phases[1].name, phases[1].percent),
        (None, "other", 50)
    );
    assert_eq!(lists.overall(&p).closed(), 3);
}

#[test]
fn due_now_needs_a_start_date() {
    let (_d, lib) = library();
    let lists = Checklists::from_library(&lib);
    let mut p = Progress::default();
    assert!(lists.due_now(&p, date("2030-01-01")).is_empty());
    let next = lists.due_next(&p, date("2030-01-01"), 2);
    assert_eq!(next[0].item, "badge");
    assert_eq!(next[0].due.label("en", date("2030-01-01")), "day 1");
    p.set_start(Some(date("2026-11-02")), now());
    p.set("checklists/week", "badge", ItemState::Done, None, now());
    let due: Vec<(String, bool)> = lists
        .due_now(&p, date("2026-11-03"))
        .into_iter()
        .map(|d| (d.item, d.due.is_overdue()))
        .collect();
    assert_eq!(due, [("laptop".to_string(), false)]);
    let due: Vec<String> = lists
        .due_now(&p, date("2026-12-25"))
        .into_iter()
        .map(|d| d.item)
        .collect();
    assert_eq!(due, ["laptop", "later", "month"]);
    assert_eq!(super::due_now(&lib, &p, date("2026-11-03")).len(), 1);
}

#[test]
fn orphans_are_reported_not_dropped() {
    let (_d, lib) = library();
    let lists = Checklists::from_library(&lib);
    let mut p = Progress::default();
    p.set(
        "checklists/week",
        "gone",
        ItemState::Done,
        Some("Gone"),
        now(),
    );
    p.set("checklists/week", "gone-todo", ItemState::Todo, None, now());
    p.set(
        "checklists/removed",
        "x",
        ItemState::Skipped { reason: None },
        None,
        now(),
    );
    let orphans: Vec<(&str, &str)> = lists
        .orphans(&p)
        .iter()
        .map(|o| (o.checklist, o.item))
        .collect();
    assert_eq!(
        orphans,
        [("checklists/removed", "x"), ("checklists/week", "gone")]
    );
}

#[test]
fn ids_resolve_with_close_matches() {
    let (_d, lib) = library();
    let lists = Checklists::from_library(&lib);
    let p = Progress::default();
    assert_eq!(lists.resolve("week").unwrap().id, "checklists/week");
    let err = lists.resolve("weak").unwrap_err();
    assert_eq!(err.close, ["checklists/week"]);
    let week = lists.get("checklists/week").unwrap();
    assert_eq!(week.resolve_item("laptop", &p).unwrap(), "laptop");
    // As `onramp checklist` prints it.
    assert_eq!(week.resolve_item("#laptop", &p).unwrap(), "laptop");
    assert_eq!(
        week.resolve_item("Already done in the source", &p).unwrap(),
        "already-done-in-the-source"
    );
    let err = week.resolve_item("lapptop", &p).unwrap_err();
    assert_eq!(err.close, ["laptop"]);
    assert!(err.to_string().contains("did you mean: laptop"), "{err}");
}

#[test]
fn phase_names() {
    assert_eq!(phase_name(1), Some("lost"));
    assert_eq!(phase_name(7), Some("retrospective"));
    assert_eq!(phase_name(0), None);
    assert_eq!(phase_name(8), None);
}

#[test]
fn translations_share_their_original_and_are_not_counted_twice() {
    let (d, _) = library();
    std::fs::create_dir_all(d.path().join("checklists/it")).unwrap();
    std::fs::write(
        d.path().join("checklists/it/settimana.md"),
        "---\nlang: it\ntranslation_of: checklists/week\n---\n# Settimana\n\n- [ ] Badge {#badge due=D1}\n",
    )
    .unwrap();
    let lib = crate::content::load(
        &[Source::dir(Layer::Flag, d.path())],
        &LoadOptions::default(),
    );
    let lists = Checklists::from_library(&lib);
    assert_eq!(
        lists.iter().count(),
        2,
        "the translation is not a checklist of its own"
    );
    assert_eq!(
        lists.canonical_id("checklists/it/settimana"),
        "checklists/week"
    );
    assert_eq!(
        lists.resolve("checklists/it/settimana").unwrap().id,
        "checklists/week"
    );
    assert_eq!(lists.resolve("settimana").unwrap().id, "checklists/week");
    assert_eq!(lists.canonical_id("checklists/week"), "checklists/week");
}
