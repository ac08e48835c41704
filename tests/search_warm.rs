//! Opening the index from content sources: unchanged pages are not read, edits are patched
//! in, and anything the manifest cannot vouch for goes through the full load.

mod search_support;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use onramp::content::{self, Layer, LoadOptions, Source};
use onramp::search::{Hit, OpenOptions, Opened, Route, SearchIndex, SearchOptions};
use search_support::{Env, damage_segments, env, ids, load, pack, write};

fn sources(env: &Env) -> Vec<Source> {
    vec![Source::dir(Layer::Flag, &env.content)]
}

fn open_with(env: &Env, sources: &[Source]) -> Opened {
    SearchIndex::open_sources(
        Some(&env.index_dir),
        sources,
        &LoadOptions::default(),
        OpenOptions::default(),
    )
    .unwrap()
}

fn open(env: &Env) -> Opened {
    open_with(env, &sources(env))
}

fn manifest(env: &Env) -> PathBuf {
    env.index_dir.with_file_name("index.manifest")
}

fn search(index: &SearchIndex, query: &str) -> Vec<Hit> {
    index.search(query, &SearchOptions::default()).unwrap()
}

fn find(index: &SearchIndex, query: &str) -> Vec<String> {
    ids(&search(index, query))
        .into_iter()
        .map(str::to_string)
        .collect()
}

fn notices(opened: &Opened) -> Vec<String> {
    opened.notices.iter().map(ToString::to_string).collect()
}

/// Files written less than two seconds before a walk are read again by the next one (their
/// times could still change within one clock tick); after this wait, one more open clears
/// them and the one after takes the no-read route.
fn settle() {
    std::thread::sleep(Duration::from_millis(2_100));
}

fn touch(path: &Path) {
    let file = fs::OpenOptions::new().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now()).unwrap();
}

/// The library-level view: what `SearchIndex::open` (the app's way in) makes of the index
/// the warm path left behind. Nothing to do means both agree on every page.
fn app_sees_it_current(env: &Env) {
    let library = load(&env.content);
    let (index, _) = SearchIndex::open(Some(&env.index_dir), &library).unwrap();
    let r = index.refresh();
    assert!(!r.rebuilt, "{r:?}");
    assert_eq!((r.added, r.updated, r.removed), (0, 0, 0), "{r:?}");
}

const QUERIES: [&str; 6] = [
    "laptop",
    "deploy",
    "kind:runbook crash",
    "permessi",
    "war room",
    "zep",
];

#[test]
fn the_warm_route_matches_the_full_load() {
    let env = env();
    // One page that loads with a warning, one that is skipped: both must be reported again.
    write(
        &env.content,
        "guides/unclosed.md",
        "---\ntitle: Never closed\n\n# Unclosed\n\nA zeppelin page.\n",
    );
    write(
        &env.content,
        "guides/broken.md",
        "---\ntitle: [unterminated\n---\n# Broken\n",
    );
    let full = open(&env);
    assert_eq!(full.route, Route::Full);
    assert_eq!(full.files, 15);
    assert!(manifest(&env).is_file());
    let library = load(&env.content);
    assert_eq!(full.warnings, library.warnings);
    assert_eq!(full.warnings.len(), 2, "{:?}", full.warnings);
    let want: Vec<Vec<Hit>> = QUERIES.iter().map(|q| search(&full.index, q)).collect();
    drop(full);
    settle();
    // Settling: the racy files are read once more (and unchanged), then trusted by stat.
    let checked = open(&env);
    assert_eq!(checked.route, Route::Patched { read: 15 });
    assert_eq!(checked.warnings, library.warnings);
    assert_eq!(checked.index.refresh().updated, 0);
    drop(checked);
    let warm = open(&env);
    assert_eq!(warm.route, Route::Unchanged);
    assert_eq!(warm.warnings, library.warnings);
    assert!(notices(&warm).is_empty(), "{:?}", notices(&warm));
    assert_eq!(warm.index.refresh().docs, 14);
    for (q, want) in QUERIES.iter().zip(&want) {
        assert_eq!(&search(&warm.index, q), want, "{q}");
    }
    drop(warm);
    app_sees_it_current(&env);
}

#[test]
fn an_edit_is_patched_in_without_a_full_load() {
    let env = env();
    drop(open(&env));
    write(
        &env.content,
        "guides/travel.md",
        "# Travel policy\n\nBook a zeppelin for long trips.\n",
    );
    let opened = open(&env);
    assert!(
        matches!(opened.route, Route::Patched { .. }),
        "{:?}",
        opened.route
    );
    let r = opened.index.refresh();
    assert_eq!((r.updated, r.added, r.removed, r.docs), (1, 0, 0, 13));
    assert_eq!(find(&opened.index, "zeppelin"), ["guides/travel"]);
    assert!(find(&opened.index, "charger").is_empty());
    drop(opened);
    // The patch holds for the next process too, and matches a full load page for page.
    let again = open(&env);
    assert_eq!(find(&again.index, "zeppelin"), ["guides/travel"]);
    assert_eq!(again.index.refresh().updated, 0);
    drop(again);
    app_sees_it_current(&env);
}

#[test]
fn a_touched_but_unchanged_file_is_read_and_not_reindexed() {
    let env = env();
    let first = open(&env);
    let before = search(&first.index, "laptop");
    drop(first);
    touch(&env.content.join("guides/laptop.md"));
    let opened = open(&env);
    assert!(matches!(opened.route, Route::Patched { read } if read >= 1));
    assert_eq!(opened.index.refresh().updated, 0);
    assert_eq!(search(&opened.index, "laptop"), before);
}

#[test]
fn additions_and_removals_are_patched_in() {
    let env = env();
    drop(open(&env));
    write(
        &env.content,
        "guides/new.md",
        "# Parental leave\n\nHow to ask for it.\n",
    );
    let opened = open(&env);
    assert!(
        matches!(opened.route, Route::Patched { .. }),
        "{:?}",
        opened.route
    );
    let r = opened.index.refresh();
    assert_eq!((r.added, r.removed, r.docs), (1, 0, 14), "{r:?}");
    assert_eq!(find(&opened.index, "parental leave")[0], "guides/new");
    drop(opened);
    fs::remove_file(env.content.join("runbooks/disk-full.md")).unwrap();
    let opened = open(&env);
    assert!(
        matches!(opened.route, Route::Patched { .. }),
        "{:?}",
        opened.route
    );
    let r = opened.index.refresh();
    assert_eq!((r.added, r.removed, r.docs), (0, 1, 13), "{r:?}");
    assert!(!find(&opened.index, "disk").contains(&"runbooks/disk-full".to_string()));
    drop(opened);
    app_sees_it_current(&env);
}

#[test]
fn a_new_translation_recounts_its_siblings() {
    let env = env();
    drop(open(&env));
    // `guides/it/laptop.md` is a translation of `guides/laptop.md`: both now count two.
    write(
        &env.content,
        "guides/it/laptop.md",
        "# Il portatile\n\nIl primo giorno ricevi un portatile.\n",
    );
    let opened = open(&env);
    assert!(
        matches!(opened.route, Route::Patched { .. }),
        "{:?}",
        opened.route
    );
    assert_eq!(opened.index.refresh().added, 1);
    assert_eq!(find(&opened.index, "portatile")[0], "guides/it/laptop");
    drop(opened);
    app_sees_it_current(&env);
    fs::remove_file(env.content.join("guides/it/laptop.md")).unwrap();
    drop(open(&env));
    app_sees_it_current(&env);
}

#[test]
fn a_new_page_reusing_an_id_takes_the_full_route() {
    let env = env();
    drop(open(&env));
    write(
        &env.content,
        "guides/vpn-copy.md",
        "---\nid: guides/vpn\n---\n# Another VPN page\n\nA zeppelin.\n",
    );
    let opened = open(&env);
    assert_eq!(opened.route, Route::Full);
    let library = load(&env.content);
    assert_eq!(opened.warnings, library.warnings);
    assert!(
        opened
            .warnings
            .iter()
            .any(|w| w.message.contains("is also used by")),
        "{:?}",
        opened.warnings
    );
    drop(opened);
    app_sees_it_current(&env);
}

#[test]
fn a_renamed_file_that_keeps_its_id_is_patched() {
    let env = env();
    drop(open(&env));
    fs::remove_file(env.content.join("guides/vpn.md")).unwrap();
    write(
        &env.content,
        "guides/network/vpn.md",
        "---\nid: guides/vpn\ntitle: Connect to the VPN\n---\n# Connect to the VPN\n\nUse wireguard.\n",
    );
    let opened = open(&env);
    assert!(
        matches!(opened.route, Route::Patched { .. }),
        "{:?}",
        opened.route
    );
    let r = opened.index.refresh();
    assert_eq!((r.added, r.removed, r.docs), (0, 0, 13), "{r:?}");
    let hits = search(&opened.index, "wireguard");
    assert_eq!(hits[0].id, "guides/vpn");
    assert_eq!(hits[0].path, "guides/network/vpn.md");
    drop(opened);
    app_sees_it_current(&env);
}

#[test]
fn an_edit_that_changes_the_id_is_patched_unless_the_id_is_taken() {
    let env = env();
    drop(open(&env));
    write(
        &env.content,
        "guides/travel.md",
        "---\nid: policies/travel\n---\n# Travel policy\n\nBook a zeppelin.\n",
    );
    let opened = open(&env);
    assert!(
        matches!(opened.route, Route::Patched { .. }),
        "{:?}",
        opened.route
    );
    assert_eq!(find(&opened.index, "zeppelin"), ["policies/travel"]);
    assert!(!find(&opened.index, "travel").contains(&"guides/travel".to_string()));
    drop(opened);
    app_sees_it_current(&env);
    // Taking another page's id changes which page wins: the full load decides.
    write(
        &env.content,
        "guides/travel.md",
        "---\nid: guides/laptop\n---\n# Travel policy\n\nBook a zeppelin.\n",
    );
    let opened = open(&env);
    assert_eq!(opened.route, Route::Full);
    assert_eq!(opened.warnings, load(&env.content).warnings);
    drop(opened);
    app_sees_it_current(&env);
}

#[test]
fn a_missing_or_damaged_manifest_takes_the_full_route() {
    let env = env();
    drop(open(&env));
    fs::remove_file(manifest(&env)).unwrap();
    let opened = open(&env);
    assert_eq!(opened.route, Route::Full);
    assert!(notices(&opened).is_empty(), "{:?}", notices(&opened));
    drop(opened);
    assert!(manifest(&env).is_file(), "the full route writes it again");
    for damage in [b"garbage".to_vec(), {
        let mut bytes = fs::read(manifest(&env)).unwrap();
        bytes.truncate(bytes.len() / 2);
        bytes
    }] {
        fs::write(manifest(&env), damage).unwrap();
        let opened = open(&env);
        assert_eq!(opened.route, Route::Full);
        assert_eq!(find(&opened.index, "laptop")[0], "guides/laptop");
    }
}

#[test]
fn other_sources_take_the_full_route() {
    let env = env();
    drop(open(&env));
    let extra = env.content.with_file_name("extra");
    write(
        &extra,
        "guides/zebra.md",
        "# Zebra crossing\n\nLook both ways.\n",
    );
    let both = vec![
        Source::dir(Layer::Flag, &env.content),
        Source::dir(Layer::Flag, &extra),
    ];
    let opened = open_with(&env, &both);
    assert_eq!(opened.route, Route::Full);
    assert_eq!(find(&opened.index, "zebra"), ["guides/zebra"]);
    drop(opened);
    let mut italian = sources(&env);
    italian[0].lang = Some("it".into());
    assert_eq!(open_with(&env, &italian).route, Route::Full);
    assert_eq!(open(&env).route, Route::Full);
}

#[test]
fn an_edit_while_another_process_writes_is_reported_not_waited_for() {
    let env = env();
    drop(open(&env));
    let lock = fs::File::create(env.index_dir.with_file_name("index.lock")).unwrap();
    lock.lock().unwrap();
    write(
        &env.content,
        "guides/travel.md",
        "# Travel policy\n\nBook a zeppelin for long trips.\n",
    );
    let opened = open(&env);
    assert!(opened.index.refresh().read_only);
    let said = notices(&opened);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("1 changed page"), "{said:?}");
    assert_eq!(find(&opened.index, "laptop")[0], "guides/laptop");
    drop(opened);
    lock.unlock().unwrap();
    let opened = open(&env);
    assert!(notices(&opened).is_empty());
    assert_eq!(find(&opened.index, "zeppelin"), ["guides/travel"]);
}

#[test]
fn an_unwritable_cache_searches_in_memory_with_a_warning() {
    let env = env();
    let cache = env.index_dir.parent().unwrap();
    fs::create_dir_all(cache.parent().unwrap()).unwrap();
    fs::write(cache, "not a folder").unwrap();
    let opened = open(&env);
    let said = notices(&opened);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("in memory"), "{said:?}");
    assert!(opened.index.refresh().dir.is_none());
    assert_eq!(find(&opened.index, "laptop")[0], "guides/laptop");
}

#[test]
fn the_bundled_pack_is_checked_by_its_build_hash() {
    let env = env();
    let with_bundled = vec![Source::bundled(), Source::dir(Layer::Flag, &env.content)];
    let first = open_with(&env, &with_bundled);
    assert_eq!(first.route, Route::Full);
    let library = content::load(&with_bundled, &LoadOptions::default());
    assert_eq!(first.index.refresh().docs, library.len() as u64);
    drop(first);
    let again = open_with(&env, &with_bundled);
    assert_ne!(again.route, Route::Full);
    assert_eq!(again.warnings, library.warnings);
}

/// The whole command, twice, with an edit in between: what a person at a terminal does.
#[test]
fn the_search_command_sees_an_edit_right_away() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    pack(&content);
    let run = |query: &str| {
        let out = assert_cmd::Command::cargo_bin("onramp")
            .unwrap()
            .args(["--no-bundled", "--content"])
            .arg(&content)
            .args(["search", "--json", query])
            .env("ONRAMP_CONFIG_DIR", tmp.path().join("config"))
            .env("ONRAMP_DATA_DIR", tmp.path().join("data"))
            .env("ONRAMP_CACHE_DIR", tmp.path().join("cache"))
            .output()
            .unwrap();
        // 1 is "no page matches", which some of these queries expect.
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        hits.iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(run("charger"), ["guides/travel"]);
    write(
        &content,
        "guides/travel.md",
        "# Travel policy\n\nBook a zeppelin for long trips.\n",
    );
    assert_eq!(run("zeppelin"), ["guides/travel"]);
    assert!(run("charger").is_empty());
}

#[test]
fn a_page_that_overlays_another_falls_back_when_it_goes() {
    let env = env();
    let team = env.content.with_file_name("team");
    write(
        &team,
        "guides/vpn.md",
        "# Team VPN\n\nOur own zeppelin tunnel.\n",
    );
    let layered = vec![
        Source::dir(Layer::Config, &env.content),
        Source::dir(Layer::Flag, &team),
    ];
    let first = open_with(&env, &layered);
    assert_eq!(find(&first.index, "zeppelin"), ["guides/vpn"]);
    drop(first);
    // Editing the page underneath changes nothing anyone can see.
    write(
        &env.content,
        "guides/vpn.md",
        "# Connect to the VPN\n\nNow with a blimp.\n",
    );
    let opened = open_with(&env, &layered);
    assert!(
        matches!(opened.route, Route::Patched { .. }),
        "{:?}",
        opened.route
    );
    assert!(find(&opened.index, "blimp").is_empty());
    drop(opened);
    // Removing the page on top uncovers the one underneath: the full load decides.
    fs::remove_file(team.join("guides/vpn.md")).unwrap();
    let opened = open_with(&env, &layered);
    assert_eq!(opened.route, Route::Full);
    assert_eq!(find(&opened.index, "blimp"), ["guides/vpn"]);
    assert!(find(&opened.index, "zeppelin").is_empty());
}

#[test]
fn a_damaged_index_is_moved_aside_and_rebuilt_even_with_a_good_manifest() {
    let env = env();
    drop(open(&env));
    damage_segments(&env.index_dir);
    let opened = open(&env);
    assert_eq!(opened.route, Route::Full);
    let said = notices(&opened);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("moved to"), "{said:?}");
    assert_eq!(find(&opened.index, "vpn")[0], "guides/vpn");
    drop(opened);
    // The rebuilt index and its new manifest agree: no notice, nothing read in full.
    let again = open(&env);
    assert_ne!(again.route, Route::Full);
    assert!(notices(&again).is_empty());
}

/// Past the racy window, then one more open, which records every folder as settled: the
/// next warm open may trust them.
fn settled(env: &Env) {
    drop(open(env));
    settle();
    drop(open(env));
}

/// Once every folder is settled, a warm search `stat`s the recorded pages by name instead
/// of listing the folders again; an edit in place, an added page and a removed one are
/// still seen, and so is an edit below a linked folder.
#[test]
fn settled_folders_are_trusted_and_every_change_is_still_seen() {
    let env = env();
    std::os::unix::fs::symlink(env.content.join("guides/it"), env.content.join("italiano"))
        .unwrap();
    settled(&env);
    // In place: the folder keeps its times, the file does not.
    write(
        &env.content,
        "guides/travel.md",
        "# Travel policy\n\nBook a zeppelin for long trips.\n",
    );
    let opened = open(&env);
    assert_eq!(find(&opened.index, "zeppelin"), ["guides/travel"]);
    drop(opened);
    settled(&env);
    write(
        &env.content,
        "guides/it/rilasci.md",
        "# Rilasci\n\nIl dirigibile parte.\n",
    );
    let opened = open(&env);
    assert_eq!(find(&opened.index, "dirigibile"), ["guides/it/rilasci"]);
    drop(opened);
    settled(&env);
    write(
        &env.content,
        "guides/zeppelins.md",
        "# Zeppelins\n\nAirships.\n",
    );
    fs::remove_file(env.content.join("guides/laptop.md")).unwrap();
    let opened = open(&env);
    assert_eq!(find(&opened.index, "airships"), ["guides/zeppelins"]);
    assert!(!find(&opened.index, "laptop").contains(&"guides/laptop".to_string()));
    drop(opened);
    app_sees_it_current(&env);
}
