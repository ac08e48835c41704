//! In-page find: what it looks for (the text typed after `/`, or the words of the search
//! result the page was opened from), every match as a line and its columns, and stepping
//! from match to match. A search result's words are found by the search module's own rule
//! (`search::Terms`): no query is read and no word is cut here. Typed text is found as
//! written, ignoring case. Only a typed find is stepped through (`n`, `N`); a search's marks
//! are shown and counted.

use std::ops::Range;

use ratatui::text::Line;
use unicode_width::UnicodeWidthChar;

use super::reader::ReaderState;
use crate::search::Terms;

/// One match: the rendered line it is on and the columns it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindMatch {
    pub line: usize,
    pub start: u16,
    pub end: u16,
}

/// In-page find: what is looked for and every match, in page order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindState {
    /// What the footer names: the text typed, or the search as typed.
    pub query: String,
    pub typing: bool,
    /// The search result's words, when the page was opened from search: these are found
    /// instead of `query`, and Esc goes back to the results.
    pub terms: Option<Terms>,
    pub matches: Vec<FindMatch>,
    /// The marked match, an index into `matches`.
    pub current: usize,
}

impl FindState {
    /// The words of a search result, looked for in the page it opens.
    pub fn from_search(query: &str, terms: Terms) -> FindState {
        FindState {
            query: query.trim().to_string(),
            typing: false,
            terms: Some(terms),
            matches: Vec::new(),
            current: 0,
        }
    }

    /// True when the page was opened from search with these marks.
    pub fn from_a_search(&self) -> bool {
        self.terms.is_some()
    }

    /// Finds every match in `lines` again.
    pub fn search(&mut self, lines: &[Line<'_>]) {
        self.matches.clear();
        let needle = self.query.to_lowercase();
        let mut finder = self.terms.as_ref().map(Terms::finder);
        if finder.is_none() && needle.is_empty() {
            return;
        }
        for (i, line) in lines.iter().enumerate() {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            let ranges = match finder.as_mut() {
                Some(f) => f.find(&text),
                None => text_matches(&text, &needle),
            };
            self.matches.extend(ranges.into_iter().map(|r| {
                let (start, end) = columns(&text, &r);
                FindMatch {
                    line: i,
                    start,
                    end,
                }
            }));
        }
        self.current = self.current.min(self.matches.len().saturating_sub(1));
    }

    pub fn current_match(&self) -> Option<FindMatch> {
        self.matches.get(self.current).copied()
    }
}

/// Byte ranges in `text` where `needle` (lowercase) stands, ignoring case; not overlapping.
fn text_matches(text: &str, needle: &str) -> Vec<Range<usize>> {
    // Lowercase character by character, remembering where each lowered byte came from:
    // lowering can change a character's length (`İ`), and ranges must fall on `text`.
    let mut lowered = String::with_capacity(text.len());
    let mut origin: Vec<usize> = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        for l in c.to_lowercase() {
            for _ in 0..l.len_utf8() {
                origin.push(at);
            }
            lowered.push(l);
        }
    }
    origin.push(text.len());
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = lowered[from..].find(needle) {
        let start = from + found;
        let end = start + needle.len();
        // The whole character a lowered byte came from belongs to the match.
        let (s, e) = (origin[start], origin[end]);
        let e = if e <= s {
            s + text[s..].chars().next().map_or(0, char::len_utf8)
        } else {
            e
        };
        if out.last().is_none_or(|last: &Range<usize>| last.end <= s) {
            out.push(s..e);
        }
        from = end.max(start + 1);
        while !lowered.is_char_boundary(from) {
            from += 1;
        }
    }
    out
}

/// The columns byte range `r` of `text` covers when drawn.
fn columns(text: &str, r: &Range<usize>) -> (u16, u16) {
    let width = |s: &str| s.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    let start = width(&text[..r.start]);
    let end = start + width(&text[r.clone()]);
    let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    (clamp(start), clamp(end))
}

impl ReaderState {
    /// Finds again (a new query, a new layout) and marks the first match from the top of
    /// the view on, scrolled into view.
    pub(super) fn run_find(&mut self, height: usize) {
        let scroll = self.scroll;
        let Some(f) = self.find.as_mut() else { return };
        f.search(&self.rendered.lines);
        f.current = f.matches.iter().position(|m| m.line >= scroll).unwrap_or(0);
        if let Some(m) = f.current_match() {
            self.reveal_line(m.line, height);
        }
    }

    /// Finds again after the page was laid out anew, keeping the marked match's place in
    /// the order of matches; the view does not move.
    pub(super) fn refind(&mut self) {
        if let Some(f) = self.find.as_mut().filter(|f| !f.typing) {
            f.search(&self.rendered.lines);
        }
    }

    /// `n` or `N`: marks the next or the previous match, wrapping, and scrolls it into view.
    /// False when there is nothing to step through.
    pub(super) fn step_find(&mut self, forward: bool, height: usize) -> bool {
        let Some(f) = self.find.as_mut().filter(|f| !f.matches.is_empty()) else {
            return false;
        };
        let n = f.matches.len();
        f.current = if forward {
            (f.current + 1) % n
        } else {
            (f.current + n - 1) % n
        };
        let line = f.matches[f.current].line;
        self.reveal_line(line, height);
        true
    }

    /// Scrolls line `line` into view, a third of the way down, when it is not on screen.
    fn reveal_line(&mut self, line: usize, height: usize) {
        if line < self.scroll || line >= self.scroll + height {
            self.scroll = line.saturating_sub(height / 3).min(self.max_scroll(height));
        }
        self.follow_scroll(height);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
        text_matches(text, needle)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn every_match_on_a_line_counts_ignoring_case() {
        assert_eq!(found("Fox, fox and FOX", "fox"), ["Fox", "fox", "FOX"]);
        assert_eq!(found("aaaa", "aa"), ["aa", "aa"]);
        assert!(found("nothing here", "fox").is_empty());
    }

    #[test]
    fn ranges_stay_on_the_text_when_lowering_changes_lengths() {
        assert_eq!(found("İstanbul and istanbul", "i̇stanbul"), ["İstanbul"]);
        assert_eq!(found("Città CITTÀ", "città"), ["Città", "CITTÀ"]);
    }

    #[test]
    fn columns_count_wide_characters() {
        let text = "日本 fox";
        let r = text_matches(text, "fox").remove(0);
        assert_eq!(columns(text, &r), (5, 8));
    }
}
