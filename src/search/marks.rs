//! The words a search matched in one page, as the index analyses them (typo corrections and
//! stems included), and where they stand in a text: so the reader can mark a result's words
//! in the page it opens without a tokenizer of its own. Uses the rule snippets use
//! (`snippet::matched`); never ranks and never reads the query's syntax again.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use tantivy::tokenizer::TextAnalyzer;

use super::schema::{LANGS, fold_analyzer, lang_analyzer};
use super::snippet::{Marks, matched};

/// The words of a query that a hit matches: unstemmed words and stems in the hit's language.
/// The hits of one search share them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    plain: Arc<HashSet<String>>,
    stems: Arc<HashSet<String>>,
    lang: String,
}

impl Terms {
    pub(super) fn new(
        plain: Arc<HashSet<String>>,
        stems: Arc<HashSet<String>>,
        lang: &str,
    ) -> Terms {
        Terms {
            plain,
            stems,
            lang: lang.to_string(),
        }
    }

    /// No word to look for (a query of filters alone, `kind:runbook`).
    pub fn is_empty(&self) -> bool {
        self.plain.is_empty() && self.stems.is_empty()
    }

    /// Something that finds these words in texts, one text after another.
    pub fn finder(&self) -> Finder<'_> {
        let stemmer = LANGS
            .iter()
            .find(|(code, _)| *code == self.lang)
            .map(|(_, language)| lang_analyzer(*language));
        Finder {
            terms: self,
            fold: fold_analyzer(),
            stemmer,
        }
    }
}

/// Finds a [`Terms`]' words in texts; keeps its analyzers between texts.
pub struct Finder<'a> {
    terms: &'a Terms,
    fold: TextAnalyzer,
    stemmer: Option<TextAnalyzer>,
}

impl Finder<'_> {
    /// Byte ranges in `text` of the matched words, in order, not overlapping.
    pub fn find(&mut self, text: &str) -> Vec<Range<usize>> {
        let marks = Marks {
            plain: &self.terms.plain,
            stems: Some(&self.terms.stems),
        };
        let mut out: Vec<Range<usize>> = Vec::new();
        for (start, (end, _)) in matched(text, &marks, &mut self.fold, self.stemmer.as_mut()) {
            if out.last().is_none_or(|last| last.end <= start) {
                out.push(start..end);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(plain: &[&str], stems: &[&str], lang: &str) -> Terms {
        let set = |words: &[&str]| Arc::new(words.iter().map(|w| (*w).to_string()).collect());
        Terms::new(set(plain), set(stems), lang)
    }

    #[test]
    fn finds_words_as_typed_and_by_stem() {
        let t = terms(&["tar"], &["archiv"], "en");
        let text = "Create TAR archives, then more tar.";
        let found: Vec<&str> = t
            .finder()
            .find(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, ["TAR", "archives", "tar"]);
    }

    #[test]
    fn nothing_to_find_finds_nothing() {
        let t = Terms::default();
        assert!(t.is_empty());
        assert!(t.finder().find("any text at all").is_empty());
    }
}
