//! Heading anchors: which `#fragment` of a link names a place on a page, and where. One rule
//! for every reader of links (the lint, `show`, the app). A heading answers to the anchors the
//! common site generators give it:
//! - GitHub's: the heading's text lowercased, every character dropped but letters, marks,
//!   decimal and letter numbers, `_` (connector punctuation), `-` and spaces, then each space
//!   a `-` (`Step 1 -- Log in` is `step-1----log-in`); `-1`, `-2` for repeats;
//! - `MkDocs`' (Python-Markdown's `toc`): decomposed and kept to ASCII, word characters only,
//!   runs of spaces and `-` made one (`Città: perché` is `citta-perche`); `_1` for repeats;
//!   its Unicode form too, as sites with a Unicode `slugify` write it (`città-perché`);
//! - the JavaScript generators' (Eleventy, markdown-it): `&` read as "and", every run of other
//!   characters one `-` (`Cloud.gov` is `cloud-gov`, `M&IE` is `m-and-ie`), `-1` for repeats.
//!
//! An explicit `{#id}` attribute and an `id` or `name` in raw HTML answer to themselves.
//! Fragments compare without case and after percent-decoding.

use std::collections::HashMap;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

/// The Markdown extensions pages are read with (tables, footnotes, task lists, heading
/// attributes, strikethrough, metadata blocks, GFM alerts).
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_GFM
}

/// What GitHub drops from a heading's text: all but Ruby's `\p{Word}` (letters, marks,
/// decimal and letter numbers, connector punctuation), `-` and the space.
static NOT_GITHUB_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}\- ]").expect("a valid pattern"));

/// GitHub's anchor for a heading's text: `Step 1 -- Log in` gives `step-1----log-in`.
pub fn github_slug(text: &str) -> String {
    NOT_GITHUB_WORD
        .replace_all(&text.trim().to_lowercase(), "")
        .replace(' ', "-")
}

/// The anchor `MkDocs` (Python-Markdown) writes: runs of spaces and `-` made one, with the
/// characters outside ASCII decomposed and dropped (`ascii`), or kept as a Unicode
/// `slugify` keeps them.
fn mkdocs_slug(text: &str, ascii: bool) -> String {
    let folded;
    let text = if ascii {
        let decomposed = icu_normalizer::DecomposingNormalizerBorrowed::new_nfkd().normalize(text);
        folded = decomposed
            .chars()
            .filter(char::is_ascii)
            .collect::<String>();
        folded.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            out.push(c);
        } else if (c.is_whitespace() || c == '-') && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The anchor JavaScript site generators write: `&` as "and", other runs of punctuation and
/// spaces one `-`.
fn dashed_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text
        .replace('&', " and ")
        .chars()
        .flat_map(char::to_lowercase)
    {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Every anchor a page answers to, each with the 0-based line of the page where its heading
/// (or HTML element) starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchors {
    names: HashMap<String, usize>,
}

impl Anchors {
    /// Reads the anchors of a page body.
    pub fn of(body: &str) -> Anchors {
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset) - 1;
        let mut names = HashMap::new();
        let mut seen: [HashMap<String, usize>; 4] = Default::default();
        // The text of the heading being read and its line; `None` inside a heading with its
        // own `{#id}`, which answers to that id only.
        let mut heading: Option<(String, usize)> = None;
        for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { id, .. }) => match id {
                    Some(id) => {
                        names
                            .entry(id.to_lowercase())
                            .or_insert(line_of(range.start));
                    }
                    None => heading = Some((String::new(), line_of(range.start))),
                },
                Event::End(TagEnd::Heading(_)) => {
                    let Some((text, line)) = heading.take() else {
                        continue;
                    };
                    let forms = [
                        (github_slug(&text), '-'),
                        (mkdocs_slug(&text, true), '_'),
                        (mkdocs_slug(&text, false), '_'),
                        (dashed_slug(&text), '-'),
                    ];
                    for ((slug, sep), seen) in forms.into_iter().zip(seen.iter_mut()) {
                        let n = seen.entry(slug.clone()).or_insert(0);
                        let name = if *n == 0 {
                            slug
                        } else {
                            format!("{slug}{sep}{n}")
                        };
                        *n += 1;
                        names.entry(name).or_insert(line);
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((h, _)) = heading.as_mut() {
                        h.push_str(&t);
                    }
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    let line = place_of_html(body, &line_starts, line_of(range.start));
                    for id in html_ids(&html) {
                        names.entry(id).or_insert(line);
                    }
                }
                _ => {}
            }
        }
        names.remove("");
        Anchors { names }
    }

    /// True when `fragment` (without its `#`) names a place on the page.
    pub fn contains(&self, fragment: &str) -> bool {
        self.line_of(fragment).is_some()
    }

    /// The 0-based line of the page where the place `fragment` names starts.
    pub fn line_of(&self, fragment: &str) -> Option<usize> {
        let decoded = percent_decode(fragment).to_lowercase();
        self.names.get(&decoded).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// The line an HTML anchor on `line` names: that line when it holds text, else (an
/// `<a name="x"></a>` on a line of its own) the next line that does, where the reader lands.
fn place_of_html(body: &str, line_starts: &[usize], line: usize) -> usize {
    let text_of = |n: usize| {
        let start = line_starts[n];
        let end = line_starts.get(n + 1).map_or(body.len(), |&e| e);
        &body[start..end]
    };
    let only_tags = |text: &str| {
        let mut in_tag = false;
        text.chars().all(|c| match c {
            '<' => {
                in_tag = true;
                true
            }
            '>' => {
                in_tag = false;
                true
            }
            c => in_tag || c.is_whitespace(),
        })
    };
    (line..line_starts.len())
        .find(|&n| !only_tags(text_of(n)))
        .unwrap_or(line)
}

/// `id="x"` and `name="x"` attributes in a piece of raw HTML.
fn html_ids(html: &str) -> Vec<String> {
    let mut names = Vec::new();
    let lower = html.to_ascii_lowercase();
    for attr in ["id=", "name="] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(attr) {
            let at = from + i;
            from = at + attr.len();
            let before = lower[..at].chars().next_back();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let rest = &html[from..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next(),
                _ => rest.split(|c: char| c.is_whitespace() || c == '>').next(),
            };
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                names.push(v.to_lowercase());
            }
        }
    }
    names
}

/// Decodes `%XX` escapes; a broken escape is kept as written.
pub fn percent_decode(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('%') {
        return std::borrow::Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    std::borrow::Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("Step 1 -- Log in", "step-1----log-in")]
    #[case("What's new?", "whats-new")]
    #[case("snake_case and `code`", "snake_case-and-code")]
    #[case("Città perché", "città-perché")]
    #[case("C++ & Rust", "c--rust")]
    #[case("¿Qué pasa?", "qué-pasa")]
    // Other numbers (`²`, `½`) and symbols (emoji) go; a combining mark stays.
    #[case("x² is ½", "x-is-")]
    #[case("Ship it 🚀 today", "ship-it--today")]
    #[case("Cafe\u{301}", "cafe\u{301}")]
    #[case("日本語の見出し", "日本語の見出し")]
    fn github_slugs(#[case] text: &str, #[case] slug: &str) {
        assert_eq!(github_slug(text), slug);
    }

    #[test]
    fn a_page_answers_to_each_form_of_its_headings() {
        let a = Anchors::of(
            "# Step 1 -- Log in\n\n## FAQ\n\n## FAQ\n\n### Custom {#my-id}\n\n#### Cloud.gov & M&IE's\n\n<a name=\"old-place\"></a>\n\n```\n# not a heading\n```\n",
        );
        for yes in [
            "step-1----log-in",
            "step-1-log-in",
            "faq",
            "faq-1",
            "faq_1",
            "my-id",
            "old-place",
            "cloud-gov-and-m-and-ie-s",
            "FAQ",
            "Step-1----Log-in",
        ] {
            assert!(a.contains(yes), "{yes} missing from {a:?}");
        }
        for no in ["faq-2", "not-a-heading", "custom", ""] {
            assert!(!a.contains(no), "{no} should not be an anchor");
        }
    }

    #[rstest]
    #[case("Città: perché", "citta-perche")]
    #[case("Ünïcödé Heading", "unicode-heading")]
    #[case("Step 1 -- Log in", "step-1-log-in")]
    #[case("What's new?", "whats-new")]
    fn mkdocs_slugs(#[case] text: &str, #[case] slug: &str) {
        assert_eq!(mkdocs_slug(text, true), slug);
    }

    #[test]
    fn anchors_know_the_line_of_their_place() {
        let a = Anchors::of(
            "# Top\n\ntext <a id=\"inline\"></a>\n\n## Città: perché\n\n<a name=\"here\"></a>\n\n## Top\n",
        );
        assert_eq!(a.line_of("top"), Some(0));
        assert_eq!(a.line_of("inline"), Some(2));
        assert_eq!(a.line_of("città-perché"), Some(4));
        assert_eq!(a.line_of("citta-perche"), Some(4));
        // An anchor on a line of its own names the block after it.
        assert_eq!(a.line_of("here"), Some(8));
        assert_eq!(a.line_of("top-1"), Some(8));
        assert_eq!(a.line_of("nowhere"), None);
    }

    #[test]
    fn fragments_are_percent_decoded() {
        let a = Anchors::of("# Caffè\n");
        assert!(a.contains("caff%C3%A8"));
        assert_eq!(percent_decode("a%2"), "a%2");
    }
}
