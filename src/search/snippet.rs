//! Snippets: the stretch of a page's text with the most matched words, those words marked by
//! byte ranges, the text made safe for a terminal, and kept as written for output that
//! escapes it itself (JSON).

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

use crate::content::term_safe_inline;

/// A short piece of a page's text with the matched words marked.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Snippet {
    /// Single-line text, safe to print.
    pub text: String,
    /// Byte ranges into `text` of the matched words, in order, not overlapping.
    pub highlights: Vec<Range<usize>>,
    /// The same stretch as the page writes it, controls and invisible characters kept, for
    /// output that escapes them itself; empty when only `text` is known.
    #[serde(skip)]
    pub raw: String,
    /// Byte ranges into `raw` of the matched words.
    #[serde(skip)]
    pub raw_highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The text with each matched word between `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        mark(&self.text, &self.highlights, open, close)
    }

    /// The text as written with each matched word between `open` and `close` (`«word»` in
    /// `--json`), like the title beside it: for output that escapes unsafe characters
    /// itself. Falls back to the safe text when the raw one is not known.
    pub fn marked_as_written(&self, open: &str, close: &str) -> String {
        if self.raw.is_empty() {
            return self.marked(open, close);
        }
        mark(&self.raw, &self.raw_highlights, open, close)
    }
}

fn mark(text: &str, highlights: &[Range<usize>], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len() + highlights.len() * 4);
    let mut at = 0;
    for r in highlights {
        out.push_str(&text[at..r.start]);
        out.push_str(open);
        out.push_str(&text[r.clone()]);
        out.push_str(close);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Bytes of page text shown around the matches.
const WINDOW: usize = 180;
/// How far before the first match in the window the snippet starts.
const LEAD_IN: usize = 30;

/// What to mark: unstemmed words, and stems for the page's language.
pub struct Marks<'a> {
    pub plain: &'a HashSet<String>,
    pub stems: Option<&'a HashSet<String>>,
}

/// `text` is the page as the index stores it: one line of prose (see `super::prose`).
pub fn make(
    text: &str,
    marks: &Marks<'_>,
    fold: &mut TextAnalyzer,
    stemmer: Option<&mut TextAnalyzer>,
) -> Snippet {
    let found = matched(text, marks, fold, stemmer);
    let spans: Vec<(usize, usize, String)> = found
        .into_iter()
        .take(512)
        .map(|(s, (e, w))| (s, e, w))
        .collect();
    let start = best_start(&spans);
    let from = floor_boundary(text, start.saturating_sub(LEAD_IN));
    let from = word_start(text, from);
    let to = ceil_boundary(text, (from + WINDOW).min(text.len()));
    let to = word_end(text, to);
    build(text, from, to, &spans)
}

/// The words of `text` that `marks` holds, as byte ranges keyed by their start, each with the
/// word as analysed: one rule for what a match is, for snippets and for a page's marks.
pub(super) fn matched(
    text: &str,
    marks: &Marks<'_>,
    fold: &mut TextAnalyzer,
    stemmer: Option<&mut TextAnalyzer>,
) -> BTreeMap<usize, (usize, String)> {
    let mut found: BTreeMap<usize, (usize, String)> = BTreeMap::new();
    {
        let mut stream = fold.token_stream(text);
        while let Some(t) = stream.next() {
            if marks.plain.contains(&t.text) {
                found.insert(t.offset_from, (t.offset_to, t.text.clone()));
            }
        }
    }
    if let (Some(stemmer), Some(stems)) = (stemmer, marks.stems) {
        let mut stream = stemmer.token_stream(text);
        while let Some(t) = stream.next() {
            if stems.contains(&t.text) {
                found
                    .entry(t.offset_from)
                    .or_insert((t.offset_to, t.text.clone()));
            }
        }
    }
    found
}

/// Where the window with the most different matched words begins (0 without matches).
fn best_start(spans: &[(usize, usize, String)]) -> usize {
    let mut best = (0usize, 0usize);
    for (i, (start, _, _)) in spans.iter().enumerate() {
        let distinct: HashSet<&str> = spans[i..]
            .iter()
            .take_while(|(s, e, _)| *s < start + WINDOW - LEAD_IN && *e <= start + WINDOW)
            .map(|(_, _, w)| w.as_str())
            .collect();
        if distinct.len() > best.1 {
            best = (*start, distinct.len());
        }
    }
    best.0
}

fn build(text: &str, from: usize, to: usize, spans: &[(usize, usize, String)]) -> Snippet {
    let mut out = String::new();
    let mut highlights = Vec::new();
    let mut raw = String::new();
    let mut raw_highlights = Vec::new();
    if from > 0 {
        out.push('…');
        raw.push('…');
    }
    let mut at = from;
    for (s, e, _) in spans {
        if *s < at || *e > to {
            continue;
        }
        out.push_str(&term_safe_inline(&text[at..*s]));
        raw.push_str(&text[at..*s]);
        let (begin, raw_begin) = (out.len(), raw.len());
        out.push_str(&term_safe_inline(&text[*s..*e]));
        raw.push_str(&text[*s..*e]);
        highlights.push(begin..out.len());
        raw_highlights.push(raw_begin..raw.len());
        at = *e;
    }
    out.push_str(&term_safe_inline(&text[at..to]));
    raw.push_str(&text[at..to]);
    if to < text.len() {
        out.push('…');
        raw.push('…');
    }
    Snippet {
        text: out,
        highlights,
        raw,
        raw_highlights,
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Moves forward to the start of the next word unless `i` already starts one.
fn word_start(text: &str, i: usize) -> usize {
    if i == 0 {
        return 0;
    }
    match text[i..].find(' ') {
        Some(sp) if sp < 20 && !text[..i].ends_with(' ') => i + sp + 1,
        _ => i,
    }
}

/// Moves back to the end of the previous word unless `i` already ends one.
fn word_end(text: &str, i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    match text[..i].rfind(' ') {
        Some(sp) if i - sp < 20 => sp,
        _ => i,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::schema::fold_analyzer;

    fn snip(body: &str, words: &[&str]) -> Snippet {
        let plain: HashSet<String> = words.iter().map(|w| (*w).to_string()).collect();
        let marks = Marks {
            plain: &plain,
            stems: None,
        };
        let text = crate::content::plain::prose(body, "T").text;
        make(&text, &marks, &mut fold_analyzer(), None)
    }

    #[test]
    fn marks_matched_words() {
        let s = snip("# T\n\n> Create a `tar` archive.\n", &["tar", "archive"]);
        assert_eq!(s.text, "Create a tar archive.");
        assert_eq!(s.marked("«", "»"), "Create a «tar» «archive».");
    }

    #[test]
    fn window_moves_to_the_matches() {
        let body = format!("{} needle here", "filler ".repeat(100));
        let s = snip(&body, &["needle"]);
        assert!(s.text.starts_with('…'), "{}", s.text);
        assert_eq!(&s.text[s.highlights[0].clone()], "needle");
    }

    #[test]
    fn control_characters_are_made_visible_and_ranges_stay_valid() {
        let s = snip("bad \u{1b}[31m word", &["word"]);
        assert!(!s.text.contains('\u{1b}'));
        assert_eq!(&s.text[s.highlights[0].clone()], "word");
    }

    #[test]
    fn the_text_as_written_is_kept_beside_the_safe_one() {
        let s = snip("bad \u{202E}flip\u{AD} word", &["word"]);
        assert_eq!(s.marked("«", "»"), "bad ⟨U+202E⟩flip⟨U+00AD⟩ «word»");
        assert_eq!(
            s.marked_as_written("«", "»"),
            "bad \u{202E}flip\u{AD} «word»"
        );
        let only_safe = Snippet {
            text: "plain".into(),
            ..Snippet::default()
        };
        assert_eq!(only_safe.marked_as_written("«", "»"), "plain");
    }
}
