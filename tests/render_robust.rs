//! Robustness: random Markdown at random widths, and pathological inputs from
//! pulldown-cmark's bug history. No timing asserts here; they only have to finish.

use onramp::content::sanitize::is_unsafe_char;
use onramp::render::{self, RenderContext, Theme};
use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

fn check(md: &str, width: u16) {
    let ctx = RenderContext {
        tasks: None,
        theme: Theme::plain(),
    };
    let r = render::parse(md).render(width, &ctx);
    for (i, line) in r.lines.iter().enumerate() {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(
            text.width() <= usize::from(width),
            "line {i} is {} wide at width {width}: {text:?}",
            text.width()
        );
        assert!(
            !text.chars().any(|c| is_unsafe_char(c) || c == '\t'),
            "unsafe char in {text:?}"
        );
    }
}

fn markdown() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        Just("# ".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("- [ ] ".to_string()),
        Just("```rust\n".to_string()),
        Just("    ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("| a | b |\n|---|:-:|\n| c | d |\n".to_string()),
        Just("*".to_string()),
        Just("`".to_string()),
        Just("[x](y)".to_string()),
        Just("<br>".to_string()),
        Just("<details><summary>s</summary>".to_string()),
        Just("!!! note \"t\"\n    ".to_string()),
        Just("&#27;".to_string()),
        Just("\t".to_string()),
        Just("[^1]".to_string()),
        Just("日本語".to_string()),
        Just("e\u{301}".to_string()),
        Just("👩‍💻".to_string()),
        "[a-z ]{0,30}",
        any::<String>(),
    ];
    prop::collection::vec(atom, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn no_line_too_wide_and_nothing_unsafe(md in markdown(), width in 1u16..120) {
        check(&md, width);
    }
}

#[test]
fn narrow_widths_on_every_construct() {
    let md = include_str!("fixtures/render/all.md");
    for width in 1..=12 {
        check(md, width);
    }
}

#[test]
fn pathological_inputs_finish() {
    let cases = [
        ">".repeat(10_000) + " deep",
        // Indented nesting grows quadratically in bytes: 1,000 levels is already 1 MB.
        (0..1_000).fold(String::new(), |mut s, i| {
            s.push_str(&"  ".repeat(i));
            s.push_str("- x\n");
            s
        }),
        "- ".repeat(10_000) + "x",
        "`".repeat(100_000),
        "[^\n".repeat(20_000),
        "a [^".repeat(20_000),
        "word ".repeat(200_000),
        "x".repeat(1_000_000),
        "*".repeat(50_000) + "a",
        "<".repeat(100_000),
        "|a".repeat(10_000) + "\n" + &"|-".repeat(10_000) + "\n",
        // Admonitions in admonitions, each level indented four more spaces.
        (0..300).fold(String::new(), |mut s, i| {
            s.push_str(&"    ".repeat(i));
            s.push_str("!!! warning \"deep\"\n");
            s
        }) + &" ".repeat(1_200)
            + "body",
        // GitHub alerts in quotes in list items, 2,000 levels deep.
        "- > [!NOTE]\n".to_string() + &"> - > [!TIP]\n".repeat(2_000) + "text",
        "> [!WARNING]\n".repeat(5_000),
    ];
    for md in &cases {
        check(md, 40);
    }
}
