//! Questions a new hire asks, over the bundled pack: "who" questions find the person whose
//! `ask_me_about`, role or team says it, "what is" questions the glossary entry, "where"
//! questions the tool, and a query that is a term's name finds that term first.

use onramp::content::{LoadOptions, Source, load};
use onramp::search::{SearchIndex, SearchOptions};
use rstest::rstest;

fn index() -> &'static SearchIndex {
    static INDEX: std::sync::OnceLock<SearchIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let library = load(&[Source::bundled()], &LoadOptions::default());
        SearchIndex::open(None, &library).unwrap().0
    })
}

fn first(query: &str) -> String {
    let hits = index().search(query, &SearchOptions::default()).unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert!(!ids.is_empty(), "{query}: no hits");
    ids[0].to_string()
}

#[rstest]
// Who: the person whose `ask_me_about` lists the topic, not the guide on asking for help.
#[case("who knows about dns", "people/rafael-duarte")]
#[case("who can help with backups", "people/yusuf-demir")]
#[case("who should I ask about certifications", "people/siobhan-kelly")]
#[case("chi conosce klaxon", "people/arjun-mehta")]
#[case("who handles escalations", "people/arjun-mehta")]
// What is: the glossary entry, not the guides that use the word.
#[case("what is a QBR", "glossary/qbr")]
#[case("what does LRR stand for", "glossary/lrr")]
#[case("what is the meaning of TAM", "glossary/tam")]
// Where: the tool that does it.
#[case("where do I book a desk", "tools/wayfinder")]
#[case("where do I see customer health", "tools/pulse")]
// No question words: a term's exact name or alias puts it first.
#[case("TAM", "glossary/tam")]
#[case("SLA ", "glossary/sla")]
#[case("service level agreement", "glossary/sla")]
fn a_question_finds_what_it_asks_for(#[case] query: &str, #[case] want: &str) {
    assert_eq!(first(query), want, "{query}");
}

#[test]
fn the_words_that_ask_are_not_searched_for_nor_marked() {
    // The guide on asking for help says "who", "knows" and "about" often, and never "dns".
    let hits = index()
        .search("who knows about dns", &SearchOptions::default())
        .unwrap();
    assert!(
        hits.iter().all(|h| h.id != "guides/asking-for-help"),
        "{:?}",
        hits.iter().map(|h| &h.id).collect::<Vec<_>>()
    );
    let marked: Vec<String> = hits
        .iter()
        .flat_map(|h| {
            h.snippet
                .highlights
                .iter()
                .map(|r| h.snippet.text[r.clone()].to_string())
        })
        .collect();
    assert!(
        marked.iter().any(|w| w.eq_ignore_ascii_case("dns")),
        "{marked:?}"
    );
    assert!(
        marked.iter().all(|w| !w.eq_ignore_ascii_case("who")),
        "{marked:?}"
    );
}
