//! Ranking, filters, snippets and query robustness over a small fixture pack.

mod search_support;

use onramp::content::Kind;
use onramp::search::{SearchIndex, SearchOptions};
use rstest::rstest;
use search_support::{ids, load, pack};

fn index() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    pack(dir.path());
    let library = load(dir.path());
    let (index, notices) = SearchIndex::open(None, &library).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    (dir, index)
}

fn top(index: &SearchIndex, query: &str) -> Vec<String> {
    let hits = index.search(query, &SearchOptions::default()).unwrap();
    ids(&hits).into_iter().map(str::to_string).collect()
}

#[rstest]
// A title match beats the same word in a body.
#[case("laptop ", "guides/laptop")]
// Ids and file names, whole and split.
#[case("KubePodCrashLooping", "runbooks/KubePodCrashLooping")]
#[case("crash looping", "runbooks/KubePodCrashLooping")]
#[case("ssh-keygen", "tools/ssh-keygen")]
// The last word is a prefix.
#[case("kubepod", "runbooks/KubePodCrashLooping")]
#[case("travel pol", "guides/travel")]
// Typos: one edit from 4 letters, two from 8.
#[case("laptpo ", "guides/laptop")]
#[case("encyrption ", "guides/laptop")]
#[case("wirguard ", "guides/vpn")]
// English and Italian stemming.
#[case("deployments ", "guides/deploying")]
#[case("permesso ", "guides/it/permessi")]
#[case("configurazioni rilascio ", "guides/it/rilasci")]
// Aliases, person topics, expansions.
#[case("wireguard", "guides/vpn")]
#[case("who knows iam", "people/ana")]
#[case("incident room", "glossary/war-room")]
// How to get access to a tool.
#[case("hardware token", "tools/ssh-keygen")]
// Headings.
#[case("mitigation", "runbooks/KubePodCrashLooping")]
fn first_hit(#[case] query: &str, #[case] want: &str) {
    let (_dir, index) = index();
    let got = top(&index, query);
    assert_eq!(
        got.first().map(String::as_str),
        Some(want),
        "{query}: {got:?}"
    );
}

#[test]
fn exact_outranks_fuzzy() {
    let (_dir, index) = index();
    let got = top(&index, "deploy ");
    let exact = got.iter().position(|id| id == "guides/release").unwrap();
    let fuzzy = got.iter().position(|id| id == "guides/typo-page");
    assert!(fuzzy.is_none_or(|f| exact < f), "{got:?}");
}

#[test]
fn a_word_typed_in_full_is_not_a_prefix() {
    let (_dir, index) = index();
    assert!(top(&index, "lap ").is_empty());
    assert_eq!(top(&index, "lap")[0], "guides/laptop");
}

#[rstest]
#[case("kind:runbook disk", Kind::Runbook)]
#[case("kind:tool key", Kind::Tool)]
#[case("kind:person platform", Kind::Person)]
fn kind_filter_in_query(#[case] query: &str, #[case] kind: Kind) {
    let (_dir, index) = index();
    let hits = index.search(query, &SearchOptions::default()).unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.kind == kind), "{hits:?}");
}

#[test]
fn kind_option_filters() {
    let (_dir, index) = index();
    let options = SearchOptions {
        limit: 10,
        kind: Some(Kind::Runbook),
    };
    let hits = index.search("laptop disk", &options).unwrap();
    assert_eq!(ids(&hits), ["runbooks/disk-full"]);
    // A kind filter alone lists that kind, in title order.
    let all = index
        .search("kind:runbook", &SearchOptions::default())
        .unwrap();
    let titles: Vec<&str> = all.iter().map(|h| h.title.as_str()).collect();
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(all.len(), 2);
    assert_eq!(titles, sorted);
    assert!(all.iter().all(|h| h.kind == Kind::Runbook));
}

#[rstest]
#[case("kind:term")]
#[case("kind:guide")]
#[case("kind:person")]
#[case("kind:tool lang:en")]
fn filters_alone_list_every_page_they_admit(#[case] query: &str) {
    let (_dir, index) = index();
    let hits = index.search(query, &SearchOptions::default()).unwrap();
    assert!(!hits.is_empty(), "{query}");
    let titles: Vec<String> = hits.iter().map(|h| h.title.to_lowercase()).collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted, "{query}");
}

#[rstest]
#[case("tag:network", &["guides/vpn"])]
#[case("tag:NETWORK connect", &["guides/vpn"])]
#[case("owner:ana", &["guides/vpn"])]
#[case("owner:nobody vpn", &[])]
#[case("lang:it cartelle", &["guides/it/permessi"])]
fn field_filters(#[case] query: &str, #[case] want: &[&str]) {
    let (_dir, index) = index();
    let hits = index.search(query, &SearchOptions::default()).unwrap();
    assert_eq!(ids(&hits), want);
}

#[test]
fn lang_filter_keeps_only_that_language() {
    let (_dir, index) = index();
    let hits = index
        .search("lang:it file", &SearchOptions::default())
        .unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.lang == "it"));
}

#[rstest]
#[case("\"unterminated")]
#[case("title:")]
#[case("kind:")]
#[case("*^2")]
#[case("(((((")]
#[case("AND OR NOT")]
#[case("\u{1b}[2J\u{7}\u{0}laptop")]
#[case("")]
#[case("   ")]
#[case("a the of")]
fn malformed_queries_never_fail(#[case] query: &str) {
    let (_dir, index) = index();
    index.search(query, &SearchOptions::default()).unwrap();
}

#[test]
fn huge_query_never_fails() {
    let (_dir, index) = index();
    let query = "laptop ".repeat(1_500);
    assert_eq!(query.len(), 10_500);
    let hits = index.search(&query, &SearchOptions::default()).unwrap();
    assert_eq!(hits[0].id, "guides/laptop");
    let noise: String = (0..10_000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    index.search(&noise, &SearchOptions::default()).unwrap();
}

#[test]
fn snippets_mark_the_matched_words() {
    let (_dir, index) = index();
    let hits = index
        .search("disk encryption", &SearchOptions::default())
        .unwrap();
    let laptop = hits.iter().find(|h| h.id == "guides/laptop").unwrap();
    let marked: Vec<&str> = laptop
        .snippet
        .highlights
        .iter()
        .map(|r| &laptop.snippet.text[r.clone()])
        .collect();
    assert!(
        marked.contains(&"disk") && marked.contains(&"encryption"),
        "{marked:?}"
    );
}

#[test]
fn stemmed_matches_are_marked_too() {
    let (_dir, index) = index();
    let hits = index
        .search("permesso ", &SearchOptions::default())
        .unwrap();
    let s = &hits[0].snippet;
    assert!(s.marked("[", "]").contains("[permessi]"), "{}", s.text);
}

#[test]
fn limit_is_respected() {
    let (_dir, index) = index();
    let options = SearchOptions {
        limit: 2,
        kind: None,
    };
    // A query of stop words only still searches for them.
    assert!(index.search("the", &options).unwrap().len() <= 2);
    assert!(index.search("laptop", &options).unwrap().len() <= 2);
    let none = SearchOptions {
        limit: 0,
        kind: None,
    };
    assert!(index.search("laptop", &none).unwrap().is_empty());
}

#[test]
fn hits_carry_where_the_page_lives() {
    let (dir, index) = index();
    let hits = index.search("war room", &SearchOptions::default()).unwrap();
    let h = &hits[0];
    assert_eq!(h.id, "glossary/war-room");
    assert_eq!(h.kind, Kind::Term);
    assert_eq!(h.path, "glossary/war-room.md");
    assert_eq!(h.title, "War room");
    assert_eq!(h.lang, "en");
    assert_eq!(h.source, dir.path().display().to_string());
    assert!(h.score > 0.0);
}

#[test]
fn the_variant_translated_most_stands_for_its_title() {
    // One command written up for all platforms and for one: the one page every language has
    // is the command itself, even when the other's lead says the query word for word.
    let dir = tempfile::tempdir().unwrap();
    let page = |lead: &str| format!("# mkdir\n\n> {lead}\n\n- Make one:\n\n`mkdir {{{{path}}}}`\n");
    let common = page("Create directories and set their permissions.");
    search_support::write(dir.path(), "pages/common/mkdir.md", &common);
    for lang in ["de", "es", "fr"] {
        let rel = format!("pages.{lang}/common/mkdir.md");
        search_support::write(dir.path(), &rel, &common);
    }
    let windows = page("Create a directory.");
    for folder in ["pages", "pages.de", "pages.es"] {
        let rel = format!("{folder}/windows/mkdir.md");
        search_support::write(dir.path(), &rel, &windows);
    }
    search_support::write(dir.path(), "pages/common/ls.md", &page("List a directory."));
    let library = load(dir.path());
    let (index, _) = SearchIndex::open(None, &library).unwrap();
    let got = top(&index, "create a directory");
    assert_eq!(
        got.first().map(String::as_str),
        Some("pages/common/mkdir"),
        "{got:?}"
    );
    assert!(got.iter().any(|id| id == "pages/windows/mkdir"), "{got:?}");
}
