//! The search index across a pack update: the pack's pages move to another checkout where
//! every file has a new `stat`, and carrying the manifest over makes the next refresh read
//! only the files that changed.

use std::fs;
use std::path::Path;

use onramp::content::{LoadOptions, Location, Source};
use onramp::search::{Moved, OpenOptions, Route, SearchIndex, SearchOptions, carry_over};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn copy(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn open(index: &Path, sources: &[Source]) -> onramp::search::Opened {
    SearchIndex::open_sources(
        Some(index),
        sources,
        &LoadOptions::default(),
        OpenOptions::default(),
    )
    .unwrap()
}

/// Checkout `a` with 30 pages, indexed and settled; checkout `b` the same but for three
/// files (one changed, one added, one removed).
fn two_checkouts(root: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (a, b) = (root.join("a"), root.join("b"));
    for i in 0..30 {
        write(
            &a,
            &format!("docs/page{i}.md"),
            &format!("# Page {i}\n\nAbout topic {i}.\n"),
        );
    }
    fs::create_dir_all(&b).unwrap();
    copy(&a, &b);
    write(&b, "docs/page3.md", "# Page 3\n\nNow about pelicans.\n");
    write(&b, "docs/new.md", "# New\n\nAbout otters.\n");
    fs::remove_file(b.join("docs/page7.md")).unwrap();
    (a, b)
}

#[test]
fn a_carried_over_manifest_reads_only_the_changed_files() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("cache/index");
    let (a, b) = two_checkouts(dir.path());
    let before = [Source::pack("team", &a)];
    open(&index, &before);
    // Past the racy window: one more open clears the files read for being new, and the
    // next reads nothing.
    std::thread::sleep(std::time::Duration::from_millis(2_100));
    open(&index, &before);
    assert_eq!(open(&index, &before).route, Route::Unchanged);

    let after = [Source::pack("team", &b)];
    let Location::Dir(from) = before[0].location.clone() else {
        panic!()
    };
    let Location::Dir(to) = after[0].location.clone() else {
        panic!()
    };
    let carried = carry_over(
        &index,
        &after,
        &[Moved {
            from,
            to,
            changed: vec!["page3.md".into(), "new.md".into(), "page7.md".into()],
        }],
    );
    assert_eq!(carried.sources, 1);
    assert_eq!(carried.files, 28);
    let opened = open(&index, &after);
    assert_eq!(opened.route, Route::Patched { read: 2 });
    let r = opened.index.refresh();
    assert_eq!((r.added, r.updated, r.removed), (1, 1, 1), "{r:?}");
    let find = |q: &str| {
        opened
            .index
            .search(q, &SearchOptions::default())
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(find("pelicans"), ["team:page3"]);
    assert_eq!(find("otters"), ["team:new"]);
    assert!(find("topic 7").iter().all(|id| id != "team:page7"));
}

#[test]
fn without_carrying_over_the_new_checkout_is_loaded_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("cache/index");
    let (a, b) = two_checkouts(dir.path());
    open(&index, &[Source::pack("team", &a)]);
    let opened = open(&index, &[Source::pack("team", &b)]);
    assert_eq!(opened.route, Route::Full);
    // Still right, just slower: only the three pages move in the index.
    let r = opened.index.refresh();
    assert_eq!((r.added, r.updated, r.removed), (1, 1, 1), "{r:?}");
}

#[test]
fn a_move_with_other_settings_is_not_carried_over() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("cache/index");
    let (a, b) = two_checkouts(dir.path());
    open(&index, &[Source::pack("team", &a)]);
    // The new commit reads its pages differently: its folders are runbooks now.
    write(
        &b,
        "onramp.toml",
        "content = \"docs\"\n[kinds]\n\"\" = \"runbook\"\n",
    );
    let after = [Source::pack("team", &b)];
    let Location::Dir(to) = after[0].location.clone() else {
        panic!()
    };
    let carried = carry_over(
        &index,
        &after,
        &[Moved {
            from: a.join("docs"),
            to,
            changed: vec![],
        }],
    );
    assert_eq!(carried.sources, 0);
    assert_eq!(open(&index, &after).route, Route::Full);
}
