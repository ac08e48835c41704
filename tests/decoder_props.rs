//! Properties of the decoders that read what a user or a file controls: the progress file
//! and a search query. Arbitrary input gives a value or a clear error, never a panic; what
//! decodes survives a round trip. (The manifest's decoder is private; its properties are
//! in `search::manifest`.)

use onramp::content::{Layer, LoadOptions, Source, load};
use onramp::progress::{CURRENT_VERSION, Decoded, decode, encode};
use onramp::search::{MAX_QUERY_CHARS, MAX_WORDS, SearchIndex, SearchOptions, parse};
use proptest::prelude::*;

/// Bytes that reach every layer of the progress decoder: raw junk, and JSON shaped like a
/// progress file with odd values in every place.
fn progress_bytes() -> impl Strategy<Value = Vec<u8>> {
    // Mostly valid values, so that many cases decode and the round trip is tried.
    let state = prop_oneof![
        4 => Just("\"done\"".to_string()),
        2 => Just("\"todo\"".to_string()),
        2 => Just("\"skipped\", \"reason\": \"r\\n\\u001b\"".to_string()),
        1 => "\"[a-z]{0,6}\"",
        1 => Just("1".to_string()),
    ];
    let at = prop_oneof![
        8 => Just("\"2026-11-27T10:00:00Z\"".to_string()),
        1 => Just("\"2026-02-30T10:00:00Z\"".to_string()),
        1 => Just("\"+262143-12-31T23:59:59Z\"".to_string()),
        1 => Just("null".to_string()),
        1 => "\"[0-9T:Z-]{0,24}\"",
    ];
    let version = prop_oneof![
        1 => Just("1".to_string()),
        8 => Just(CURRENT_VERSION.to_string()),
        1 => Just("3".to_string()),
        1 => Just("0".to_string()),
        1 => Just("4294967296".to_string()),
        1 => Just("-1".to_string()),
        1 => Just("\"2\"".to_string()),
    ];
    let key = prop_oneof![
        4 => "[a-z/\u{202e}]{0,8}",
        1 => "[a-z\\\\\"\u{0}-\u{1f}]{0,3}",
    ];
    let shaped = (version, state, at, key, any::<bool>())
        .prop_map(|(version, state, at, key, extra)| {
            let extra = if extra { ", \"future\": [1, {\"x\": null}]" } else { "" };
            format!(
                "{{\"version\": {version}{extra}, \"start\": {{\"date\": \"2026-11-02\", \"at\": {at}}}, \
                 \"checklists\": {{\"cl\": {{\"{key}\": {{\"state\": {state}, \"at\": {at}, \"done\": true{extra}}}}}}}, \
                 \"recent\": {{\"{key}\": {at}}}, \"bookmarks\": {{\"b\": {{\"on\": true, \"at\": {at}}}}}}}"
            )
            .into_bytes()
        });
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..300),
        4 => shaped.clone(),
        // A valid shape cut anywhere, or behind a byte-order mark.
        1 => (shaped.clone(), any::<prop::sample::Index>())
            .prop_map(|(b, i)| b[..i.index(b.len() + 1)].to_vec()),
        1 => shaped.prop_map(|b| [b"\xEF\xBB\xBF".as_slice(), &b].concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_progress_bytes_decode_to_a_value_or_a_reason(bytes in progress_bytes()) {
        match decode(&bytes) {
            Decoded::Ok { progress, .. } => {
                // What was read is written back and read again as the same.
                let again = decode(&encode(&progress));
                prop_assert_eq!(again, Decoded::Ok { progress, from_version: CURRENT_VERSION });
            }
            Decoded::Newer { version, .. } => prop_assert!(version > CURRENT_VERSION),
            Decoded::Corrupt { reason, .. } => prop_assert!(!reason.trim().is_empty()),
        }
    }

    #[test]
    fn any_query_parses_within_its_bounds(query in any_query()) {
        let parsed = parse(&query);
        prop_assert!(parsed.words.len() <= MAX_WORDS);
        for word in &parsed.words {
            prop_assert!(!word.is_empty() && word.chars().count() <= MAX_QUERY_CHARS);
            prop_assert!(!word.chars().any(char::is_control), "{:?}", word);
        }
        for w in &parsed.warnings {
            prop_assert!(w.contains("kind:"), "{}", w);
        }
    }
}

/// Queries a person might type, paste or fumble: filters, quotes, symbols, controls,
/// scripts, very long words, and arbitrary bytes read as text.
fn any_query() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(any::<u8>(), 0..200)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        "((kind|tag|owner|lang|KIND|x):)?[a-zé日\\-\"'()+*~^:\u{1b}\u{202e} ]{0,40}",
        "[a-z]{200,1200}",
        "(kind:[a-z]{0,9} ){1,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_query_searches_without_failing(query in any_query(), limit in 1usize..30) {
        let index = small_index();
        let options = SearchOptions { limit, kind: None };
        let hits = index.search(&query, &options);
        prop_assert!(hits.is_ok(), "{:?}: {:?}", query, hits.err());
        prop_assert!(hits.unwrap().len() <= limit);
    }
}

/// An index in memory over a few pages, built once for every case.
fn small_index() -> &'static SearchIndex {
    static INDEX: std::sync::OnceLock<(SearchIndex, tempfile::TempDir)> =
        std::sync::OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            for (rel, text) in [
                (
                    "guides/vpn.md",
                    "# Connect to the VPN\n\nInstall the client, then connect.\n",
                ),
                (
                    "runbooks/disk.md",
                    "# Disk full\n\nFind the largest folders with du.\n",
                ),
                (
                    "guides/it/permessi.md",
                    "# Permessi dei file\n\nCome cambiare i permessi.\n",
                ),
                (
                    "people/ana.md",
                    "---\nowner: ana\ntags: [iam]\n---\n# Ana\n\nPlatform.\n",
                ),
            ] {
                let path = dir.path().join(rel);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
            let library = load(
                &[Source::dir(Layer::Flag, dir.path())],
                &LoadOptions::default(),
            );
            let (index, _) = SearchIndex::open(None, &library).unwrap();
            (index, dir)
        })
        .0
}
