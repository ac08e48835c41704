//! The manifest's catalog: the pages as the last refresh recorded them, trusted only while
//! the folders (or every file) have the `stat` it recorded, and never a page that changed.

mod search_support;

use std::fs;
use std::time::Duration;

use onramp::content::{Document, Layer, LoadOptions, Reach, Source};
use onramp::search::{Catalog, OpenOptions, Proof, SearchIndex};
use search_support::{Env, env, load, write};

fn sources(env: &Env) -> Vec<Source> {
    vec![Source::dir(Layer::Flag, &env.content)]
}

/// Past the racy window (two seconds), then one refresh that records every file and
/// folder as settled.
fn warm(env: &Env) {
    let open = || {
        SearchIndex::open_sources(
            Some(&env.index_dir),
            &sources(env),
            &LoadOptions::default(),
            OpenOptions::default(),
        )
        .unwrap()
    };
    drop(open());
    std::thread::sleep(Duration::from_millis(2_100));
    drop(open());
}

fn catalog(env: &Env, proof: Proof) -> Option<Catalog> {
    Catalog::open(
        &env.index_dir,
        &sources(env),
        &LoadOptions::default(),
        proof,
    )
}

fn light(doc: &Document) -> Document {
    Document {
        body: String::new(),
        raw: String::new(),
        hash: String::new(),
        ..doc.clone()
    }
}

#[test]
fn the_catalog_gives_the_library_a_load_gives_less_the_bodies() {
    let env = env();
    write(
        &env.content,
        "checklists/week.md",
        "# First week\n\n- [ ] Meet Ana {#meet}\n",
    );
    write(
        &env.content,
        "guides/broken.md",
        "---\ntitle: [unterminated\n---\n# Broken\n",
    );
    assert!(catalog(&env, Proof::Folders).is_none(), "no manifest yet");
    warm(&env);
    let loaded = load(&env.content);
    for proof in [Proof::Folders, Proof::EveryFile] {
        let catalog = catalog(&env, proof).expect("a settled manifest is trusted");
        let lib = catalog.library(&Reach::everything()).unwrap();
        assert_eq!(lib.warnings, loaded.warnings);
        assert_eq!(lib.len(), loaded.len());
        for (got, want) in lib.docs().iter().zip(loaded.docs()) {
            if onramp::content::needs_body(want.kind) {
                assert_eq!(got, want, "kept in full: {}", want.id);
            } else {
                assert_eq!(got, &light(want));
            }
            // The page read again is the page a load gives.
            assert_eq!(catalog.read(got).as_ref(), Some(want));
        }
        assert!(catalog.unchanged(&lib.docs().iter().collect::<Vec<_>>()));
    }
}

#[test]
fn a_page_edited_in_place_is_never_given_as_it_was() {
    let env = env();
    warm(&env);
    let catalog = catalog(&env, Proof::Folders).unwrap();
    let lib = catalog.library(&Reach::everything()).unwrap();
    let vpn = lib.get("guides/vpn").unwrap().clone();
    let laptop = lib.get("guides/laptop").unwrap().clone();
    // The body changed, the fields did not: the page is read as it is now.
    let path = env.content.join("guides/laptop.md");
    fs::write(&path, "# Set up your laptop\n\nNew text.\n").unwrap();
    let read = catalog.read(&laptop).unwrap();
    assert!(read.body.contains("New text."), "{}", read.body);
    assert!(!catalog.unchanged(&[&laptop]));
    // A new title is a field the catalog recorded: not read from it at all.
    write(
        &env.content,
        "guides/vpn.md",
        "---\ntitle: Another title\n---\n# Another title\n",
    );
    assert_eq!(catalog.read(&vpn), None);
    // Neither proof takes the old record once a file moved on.
    assert!(catalog_with(&env, Proof::EveryFile).is_none());
    // The folders alone still vouch for which files are there.
    assert!(catalog_with(&env, Proof::Folders).is_some());
}

fn catalog_with(env: &Env, proof: Proof) -> Option<Catalog> {
    catalog(env, proof)
}

#[test]
fn a_reach_gives_the_pages_its_names_may_reach_and_those_kept_in_full() {
    let env = env();
    write(
        &env.content,
        "checklists/week.md",
        "# First week\n\n- [ ] Meet Ana\n",
    );
    write(
        &env.content,
        "guides/moved.md",
        "---\naliases: [/old-place/]\n---\n# Moved\n",
    );
    warm(&env);
    let catalog = catalog(&env, Proof::Folders).unwrap();
    let mut reach = Reach::default();
    reach.name("../guides/laptop.md");
    let lib = catalog.library(&reach).unwrap();
    let ids: Vec<&str> = lib.docs().iter().map(|d| d.id.as_str()).collect();
    // The checklist is kept in full. The moved guide answers to its address of its own (an
    // alias from the root), which this reach does not name; the VPN guide's aliases are
    // words, not addresses.
    assert_eq!(ids, ["checklists/week", "guides/laptop"]);
    let mut reach = Reach::default();
    reach.name("/old-place/");
    let lib = catalog.library(&reach).unwrap();
    let ids: Vec<&str> = lib.docs().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["checklists/week", "guides/moved"]);
    // Whatever a name reaches through an address, the library of its reach answers as
    // the whole one.
    let whole = load(&env.content);
    let found = |lib: &onramp::content::Library, name: &str| {
        let from = lib.docs().iter().find(|d| d.id == "guides/laptop")?;
        lib.resolve_link(from, name).map(|d| d.id.clone())
    };
    for name in ["/old-place/", "../old-place/", "/guides/laptop/"] {
        let mut reach = Reach::default();
        reach.name(name);
        reach.name("guides/laptop");
        let lib = catalog.library(&reach).unwrap();
        assert_eq!(found(&lib, name), found(&whole, name), "{name}");
    }
    assert_eq!(
        found(&whole, "/old-place/").as_deref(),
        Some("guides/moved")
    );
    // The warnings are the whole load's, whatever the pages.
    assert_eq!(lib.warnings, load(&env.content).warnings);
}

#[test]
fn a_file_added_removed_or_renamed_ends_the_folder_proof() {
    let env = env();
    warm(&env);
    assert!(catalog(&env, Proof::Folders).is_some());
    write(&env.content, "guides/new.md", "# New\n");
    assert!(catalog(&env, Proof::Folders).is_none(), "added");

    let env = search_support::env();
    warm(&env);
    fs::remove_file(env.content.join("guides/travel.md")).unwrap();
    assert!(catalog(&env, Proof::Folders).is_none(), "removed");

    let env = search_support::env();
    warm(&env);
    fs::rename(
        env.content.join("runbooks/disk-full.md"),
        env.content.join("runbooks/disk.md"),
    )
    .unwrap();
    assert!(catalog(&env, Proof::Folders).is_none(), "renamed");
}

#[test]
fn a_manifest_just_written_or_gone_is_not_trusted() {
    let env = env();
    drop(
        SearchIndex::open_sources(
            Some(&env.index_dir),
            &sources(&env),
            &LoadOptions::default(),
            OpenOptions::default(),
        )
        .unwrap(),
    );
    // Folders changed within a clock tick of the walk could change again unseen.
    assert!(catalog(&env, Proof::Folders).is_none());
    warm(&env);
    assert!(catalog(&env, Proof::Folders).is_some());
    fs::remove_dir_all(env.index_dir.parent().unwrap()).unwrap();
    assert!(catalog(&env, Proof::Folders).is_none());
    // Other sources than the manifest's: not a record of them.
    let env = search_support::env();
    warm(&env);
    let more = vec![Source::bundled(), Source::dir(Layer::Flag, &env.content)];
    assert!(
        Catalog::open(
            &env.index_dir,
            &more,
            &LoadOptions::default(),
            Proof::Folders
        )
        .is_none()
    );
}

/// Damage anywhere in the catalog file costs no more than the full load: a damaged head is
/// no catalog at all; a damaged record fails every library that reads it (a library of
/// most pages reads them all at once) and not a library of a few other pages.
#[test]
fn a_damaged_catalog_is_never_believed() {
    let env = env();
    warm(&env);
    let path = env.index_dir.with_file_name(format!(
        "{}.catalog",
        env.index_dir.file_name().unwrap().to_string_lossy()
    ));
    let good = fs::read(&path).expect("the refresh wrote a catalog");
    let head_len = usize::try_from(u64::from_le_bytes(good[15..23].try_into().unwrap())).unwrap();

    let mut bad = good.clone();
    bad[23 + head_len / 2] ^= 0x20;
    fs::write(&path, &bad).unwrap();
    assert!(catalog(&env, Proof::Folders).is_none(), "a damaged head");
    assert!(catalog(&env, Proof::EveryFile).is_none(), "a damaged head");

    // The last record is the last file in path order.
    let mut bad = good.clone();
    let last = bad.len() - 20;
    bad[last] ^= 0x20;
    fs::write(&path, &bad).unwrap();
    assert!(
        catalog(&env, Proof::EveryFile).is_none(),
        "read whole, checked whole"
    );
    let catalog = catalog(&env, Proof::Folders).expect("the head is sound");
    let last_page = load(&env.content)
        .docs()
        .iter()
        .max_by(|a, b| a.path.cmp(&b.path))
        .map(|d| d.id.clone())
        .unwrap();
    let mut reach = Reach::default();
    reach.name(&last_page);
    assert!(
        catalog.library(&reach).is_none(),
        "{last_page}'s record is damaged"
    );
    let mut reach = Reach::default();
    reach.name("guides/laptop");
    assert!(catalog.library(&reach).is_some(), "other records are sound");
    fs::write(&path, &good).unwrap();
}
