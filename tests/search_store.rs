//! The on-disk index: first build, incremental refresh, damage, locks and unwritable caches.

mod search_support;

use std::fs;
use std::path::{Path, PathBuf};

use onramp::search::{OpenOptions, SearchIndex, SearchOptions};
use search_support::{Env, damage_segments, env, ids, load, write};

fn open(env: &Env) -> (SearchIndex, Vec<String>) {
    let library = load(&env.content);
    let (index, notices) = SearchIndex::open(Some(&env.index_dir), &library).unwrap();
    (index, notices.iter().map(ToString::to_string).collect())
}

fn find(index: &SearchIndex, query: &str) -> Vec<String> {
    let hits = index.search(query, &SearchOptions::default()).unwrap();
    ids(&hits).into_iter().map(str::to_string).collect()
}

fn siblings(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect()
}

#[test]
fn first_open_builds_then_reuses() {
    let env = env();
    let (index, notices) = open(&env);
    assert!(notices.is_empty(), "{notices:?}");
    assert!(index.refresh().rebuilt);
    assert_eq!(index.refresh().docs, 13);
    assert!(env.index_dir.join("meta.json").is_file());
    drop(index);
    let (index, _) = open(&env);
    let r = index.refresh();
    assert!(!r.rebuilt);
    assert_eq!((r.added, r.updated, r.removed, r.unchanged), (0, 0, 0, 13));
    assert_eq!(find(&index, "laptop")[0], "guides/laptop");
}

#[test]
fn edits_additions_and_removals_are_picked_up() {
    let env = env();
    drop(open(&env));
    write(
        &env.content,
        "guides/travel.md",
        "# Travel policy\n\nBook a zeppelin for long trips.\n",
    );
    write(
        &env.content,
        "guides/new.md",
        "# Parental leave\n\nHow to ask for it.\n",
    );
    fs::remove_file(env.content.join("runbooks/disk-full.md")).unwrap();
    let (index, notices) = open(&env);
    assert!(notices.is_empty(), "{notices:?}");
    let r = index.refresh();
    assert!(!r.rebuilt);
    assert_eq!((r.added, r.updated, r.removed), (1, 1, 1));
    assert_eq!(r.docs, 13);
    assert_eq!(find(&index, "zeppelin"), ["guides/travel"]);
    assert_eq!(find(&index, "parental leave")[0], "guides/new");
    assert!(find(&index, "charger").is_empty());
    assert!(!find(&index, "disk").contains(&"runbooks/disk-full".to_string()));
}

#[test]
fn rebuild_starts_over() {
    let env = env();
    drop(open(&env));
    let library = load(&env.content);
    let (index, _) = SearchIndex::open_with(
        Some(&env.index_dir),
        &library,
        OpenOptions {
            rebuild: true,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    assert!(index.refresh().rebuilt);
    assert_eq!(index.refresh().docs, 13);
}

#[test]
fn a_deleted_meta_json_is_moved_aside_and_rebuilt() {
    let env = env();
    drop(open(&env));
    fs::remove_file(env.index_dir.join("meta.json")).unwrap();
    let (index, notices) = open(&env);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("moved to"), "{notices:?}");
    assert!(index.refresh().rebuilt);
    assert_eq!(find(&index, "laptop")[0], "guides/laptop");
    assert_eq!(siblings(&env.index_dir, "index.corrupt-").len(), 1);
}

#[test]
fn garbage_bytes_are_moved_aside_and_rebuilt() {
    let env = env();
    drop(open(&env));
    for entry in fs::read_dir(&env.index_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            fs::write(&path, b"\x00garbage\xff\xfe not an index").unwrap();
        }
    }
    let (index, notices) = open(&env);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(find(&index, "vpn")[0], "guides/vpn");
}

#[test]
fn damaged_segment_files_are_moved_aside_and_rebuilt() {
    let env = env();
    drop(open(&env));
    damage_segments(&env.index_dir);
    let (index, notices) = open(&env);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(find(&index, "vpn")[0], "guides/vpn");
}

#[test]
fn an_index_from_another_version_is_replaced() {
    let env = env();
    fs::create_dir_all(&env.index_dir).unwrap();
    let mut schema = tantivy::schema::Schema::builder();
    let f = schema.add_text_field("other", tantivy::schema::TEXT);
    let other = tantivy::Index::create_in_dir(&env.index_dir, schema.build()).unwrap();
    let mut writer: tantivy::IndexWriter = other.writer(15_000_000).unwrap();
    let mut doc = tantivy::TantivyDocument::new();
    doc.add_text(f, "hello");
    writer.add_document(doc).unwrap();
    writer.commit().unwrap();
    drop(writer);
    let (index, notices) = open(&env);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(index.refresh().rebuilt);
    assert_eq!(index.refresh().docs, 13);
}

#[test]
fn an_unwritable_cache_searches_in_memory_with_a_warning() {
    let env = env();
    // A file where the cache folder should be: no process, root included, can create it.
    let cache = env.index_dir.parent().unwrap();
    fs::create_dir_all(cache.parent().unwrap()).unwrap();
    fs::write(cache, "not a folder").unwrap();
    let (index, notices) = open(&env);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("in memory"), "{notices:?}");
    assert!(index.refresh().dir.is_none());
    assert_eq!(find(&index, "laptop")[0], "guides/laptop");
}

#[test]
fn a_busy_index_is_searched_read_only() {
    let env = env();
    drop(open(&env));
    let lock = fs::File::create(env.index_dir.with_file_name("index.lock")).unwrap();
    lock.lock().unwrap();
    // Unchanged content: the index is current, nothing to say.
    let (index, notices) = open(&env);
    assert!(notices.is_empty(), "{notices:?}");
    assert!(index.refresh().read_only);
    assert_eq!(find(&index, "laptop")[0], "guides/laptop");
    // Changed content while another process holds the index: say what may be missing.
    write(
        &env.content,
        "guides/new.md",
        "# Parental leave\n\nHow to ask.\n",
    );
    let (index, notices) = open(&env);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("1 changed page"), "{notices:?}");
    assert_eq!(find(&index, "laptop")[0], "guides/laptop");
    lock.unlock().unwrap();
    let (index, notices) = open(&env);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(index.refresh().added, 1);
}

#[test]
fn a_busy_cache_with_no_index_yet_searches_in_memory() {
    let env = env();
    fs::create_dir_all(env.index_dir.parent().unwrap()).unwrap();
    let lock = fs::File::create(env.index_dir.with_file_name("index.lock")).unwrap();
    lock.lock().unwrap();
    let (index, notices) = open(&env);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("another onramp"), "{notices:?}");
    assert_eq!(find(&index, "vpn")[0], "guides/vpn");
}

#[test]
fn searching_from_several_threads() {
    let env = env();
    let (index, _) = open(&env);
    let index = std::sync::Arc::new(index);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let index = std::sync::Arc::clone(&index);
            std::thread::spawn(move || find(&index, "laptop")[0].clone())
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), "guides/laptop");
    }
}
