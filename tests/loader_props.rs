//! Properties of loading arbitrary bytes: never a panic, never a lost page, and titles safe
//! to print once sanitised.

use onramp::content::{Layer, LoadOptions, Source, frontmatter, load, term_safe_inline};
use proptest::prelude::*;

fn page_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        "(---|\\+\\+\\+|----|\u{FEFF}---)?\r?\n?[a-z: \\[\\]{}&*#\"'\\-\r\n\u{1b}\u{9b}]{0,200}(---|\\+\\+\\+)?\n?(# [a-zA-Z\u{1b}]{0,10})?"
            .prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_bytes_load_or_are_reported(files in proptest::collection::vec(page_bytes(), 1..6)) {
        let dir = tempfile::tempdir().unwrap();
        for (i, bytes) in files.iter().enumerate() {
            std::fs::write(dir.path().join(format!("p{i}.md")), bytes).unwrap();
        }
        let lib = load(&[Source::dir(Layer::Flag, dir.path())], &LoadOptions::default());
        let skipped = lib.warnings.iter().filter(|w| w.skipped).count();
        prop_assert_eq!(lib.len() + skipped, files.len());
        for doc in lib.docs() {
            prop_assert!(!term_safe_inline(&doc.title).chars().any(char::is_control));
        }
        for w in &lib.warnings {
            prop_assert!(!w.to_string().chars().any(char::is_control));
        }
    }

    #[test]
    fn split_keeps_the_body_as_a_suffix(text in "(---|\\+\\+\\+)?\n?[a-z:\n-]{0,80}(---|\\+\\+\\+)?\n?[a-z\n]{0,40}") {
        let s = frontmatter::split(&text);
        prop_assert!(text.ends_with(s.body));
        if s.frontmatter.is_none() {
            prop_assert_eq!(s.body, text.as_str());
        }
    }
}
