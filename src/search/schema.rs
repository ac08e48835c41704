//! The index layout: every field, the one table of ranking boosts, and the analyzers. Bump
//! [`FORMAT`] whenever a field, an analyzer or what goes into a field changes: tantivy stores
//! analyzer names only, so an old index would otherwise be read with new rules.

use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, TokenizerManager, WhitespaceTokenizer,
};

/// Version of the layout below; part of the freshness fingerprint.
pub const FORMAT: u32 = 9;

/// Languages with their own stemmed fields. A page in another language is still found through
/// the unstemmed fields.
pub const LANGS: [(&str, Language); 2] = [("en", Language::English), ("it", Language::Italian)];

/// The parts of a page that are searched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Title,
    /// Aliases, tags, an acronym's expansion, what a person can be asked about.
    Keys,
    /// The id and the file name, split on case and punctuation and also kept whole.
    Name,
    Headings,
    /// Frontmatter `description`, else the page's lead (tldr's `>` lines); a tool's `access`.
    Description,
    Body,
}

/// THE ranking table: how much a match in each part weighs. Stemmed matches weigh
/// [`STEM_WEIGHT`] of this, prefix completions [`PREFIX_WEIGHT`], typo matches less still.
pub const BOOSTS: [(Part, f32); 6] = [
    (Part::Title, 4.0),
    (Part::Keys, 3.5),
    (Part::Name, 3.0),
    (Part::Headings, 2.0),
    (Part::Description, 1.8),
    (Part::Body, 1.0),
];

/// A word found as typed in prose; it is usually found by its stem too, so both add up.
pub const EXACT_WEIGHT: f32 = 0.5;
pub const STEM_WEIGHT: f32 = 0.8;
/// Score factor for pages in a language onramp has no stemmer for: a team's pages in its own
/// languages rank above translations that only match by spelling (commands, names).
pub const FOREIGN_FACTOR: f32 = 0.3;
/// A page translated into many languages is one many people need: its score grows by this
/// times the log of its number of translations.
pub const TRANSLATION_WEIGHT: f32 = 1.0;
pub const PREFIX_WEIGHT: f32 = 0.6;
/// A typo match when the word as typed is not in the index (a real typo).
pub const FUZZY_WEIGHT: f32 = 0.5;
/// A typo match when the word as typed is in the index: stays below any exact match.
pub const FUZZY_WEIGHT_KNOWN: f32 = 0.08;

impl Part {
    pub fn name(self) -> &'static str {
        match self {
            Part::Title => "title",
            Part::Keys => "keys",
            Part::Name => "name",
            Part::Headings => "headings",
            Part::Description => "description",
            Part::Body => "body",
        }
    }

    pub fn boost(self) -> f32 {
        BOOSTS
            .iter()
            .find(|(p, _)| *p == self)
            .map_or(1.0, |(_, b)| *b)
    }

    /// Whether the part is prose, analysed per language (the name is not).
    pub fn stemmed(self) -> bool {
        self != Part::Name
    }
}

pub const FOLD: &str = "onramp_fold";
pub const NAME: &str = "onramp_name";

pub fn lang_analyzer_name(lang: &str) -> String {
    format!("onramp_{lang}")
}

/// One searched part: its unstemmed field and its stemmed field per language in [`LANGS`].
#[derive(Debug, Clone)]
pub struct PartFields {
    pub part: Part,
    pub plain: Field,
    pub stemmed: Vec<Field>,
}

/// Handles to every field.
#[derive(Debug, Clone)]
pub struct Fields {
    pub schema: Schema,
    pub id: Field,
    /// `id`, a unit separator, and the page's fingerprint: read to find what changed.
    pub entry: Field,
    /// The title lowercased, for listing filter-only queries (`kind:runbook`) in title order.
    pub sort_title: Field,
    pub kind: Field,
    pub lang: Field,
    /// 1 when the page's language has stemmed fields, else 0: see [`FOREIGN_FACTOR`].
    pub native: Field,
    /// How many pages share this page's path in other language folders, itself included.
    pub translations: Field,
    pub tag: Field,
    pub owner: Field,
    /// The title, each alias and the expansion, each whole as [`exact_key`] writes it: what
    /// a page is called, matched only by a query that says exactly that.
    pub exact: Field,
    pub path: Field,
    pub source: Field,
    /// The start of the body's prose (see [`SNIP_BYTES`]), stored for snippets.
    pub snip: Field,
    pub parts: Vec<PartFields>,
}

/// The fast field filter-only queries are listed by.
pub const SORT_TITLE: &str = "sort_title";

/// Bytes of a page's prose kept for snippets: a snippet comes from the page's start, and a
/// hit on a 1 MB page should not read 1 MB back.
pub const SNIP_BYTES: usize = 8 * 1024;

impl Fields {
    pub fn build() -> Fields {
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED);
        let entry = b.add_text_field("entry", STRING | FAST);
        let sort_title = b.add_text_field(SORT_TITLE, STRING | FAST);
        let kind = b.add_text_field("kind", STRING | STORED);
        let lang = b.add_text_field("lang", STRING | STORED);
        let native = b.add_u64_field("native", FAST);
        let translations = b.add_u64_field("translations", FAST);
        let tag = b.add_text_field("tag", STRING);
        let owner = b.add_text_field("owner", STRING);
        let exact = b.add_text_field("exact", STRING);
        let path = b.add_text_field("path", STORED);
        let source = b.add_text_field("source", STORED);
        let snip = b.add_text_field("snip", STORED);
        let mut parts = Vec::new();
        for (part, _) in BOOSTS {
            let analyzer = if part == Part::Name { NAME } else { FOLD };
            let mut opts = text_options(analyzer);
            // Titles are read back for hits; snippets read `snip`, not the whole body.
            if part == Part::Title {
                opts = opts.set_stored();
            }
            let plain = b.add_text_field(part.name(), opts);
            let stemmed = if part.stemmed() {
                LANGS
                    .iter()
                    .map(|(code, _)| {
                        b.add_text_field(
                            &format!("{}_{code}", part.name()),
                            text_options(&lang_analyzer_name(code)),
                        )
                    })
                    .collect()
            } else {
                Vec::new()
            };
            parts.push(PartFields {
                part,
                plain,
                stemmed,
            });
        }
        Fields {
            schema: b.build(),
            id,
            entry,
            sort_title,
            kind,
            lang,
            native,
            translations,
            tag,
            owner,
            exact,
            path,
            source,
            snip,
            parts,
        }
    }

    pub fn part(&self, part: Part) -> &PartFields {
        self.parts
            .iter()
            .find(|p| p.part == part)
            .unwrap_or(&self.parts[0])
    }
}

fn text_options(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

/// Lowercase, fold accents, no stemming: exact words, prefixes and typos match here.
pub fn fold_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// `text` as the `exact` field holds it: the folded words, one space between them. A title
/// and a query that say the same words in any case, accents or punctuation give one key.
pub fn exact_key(fold: &mut TextAnalyzer, text: &str) -> String {
    let mut key = String::new();
    let mut stream = fold.token_stream(text);
    while let Some(token) = stream.next() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&token.text);
    }
    key
}

/// Stop words go before stemming, and folding after it: folding first would let accented
/// stop words (`perché`) through and feed the stemmer words it does not know.
pub fn lang_analyzer(language: Language) -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .dynamic();
    let builder = match StopWordFilter::new(language) {
        Some(stop) => builder.filter_dynamic(stop),
        None => builder,
    };
    builder
        .filter_dynamic(Stemmer::new(language))
        .filter_dynamic(AsciiFoldingFilter)
        .build()
}

/// The name field is pre-split by [`super::document::name_text`]: only spaces separate words.
pub fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WhitespaceTokenizer::default())
        .filter(RemoveLongFilter::limit(80))
        .filter(LowerCaser)
        .build()
}

/// Registers every analyzer the schema names; needed each time an index is opened.
pub fn register(manager: &TokenizerManager) {
    manager.register(FOLD, fold_analyzer());
    manager.register(NAME, name_analyzer());
    for (code, language) in LANGS {
        manager.register(&lang_analyzer_name(code), lang_analyzer(language));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[rstest]
    #[case(Language::Italian, "configurazioni rilasci", &["configur", "rilasc"])]
    #[case(Language::English, "Running deployments", &["run", "deploy"])]
    #[case(Language::Italian, "È perché la città", &["citt"])]
    fn stemmed_tokens(#[case] lang: Language, #[case] text: &str, #[case] want: &[&str]) {
        assert_eq!(tokens(lang_analyzer(lang), text), want);
    }

    #[test]
    fn fold_keeps_words_whole_and_plain() {
        assert_eq!(
            tokens(fold_analyzer(), "Città perché kubectl-get"),
            ["citta", "perche", "kubectl", "get"]
        );
    }

    #[rstest]
    #[case("SLA", "sla")]
    #[case("Single point of failure", "single point of failure")]
    #[case("  Pool di   macchine! ", "pool di macchine")]
    #[case("Città-perché", "citta perche")]
    fn exact_keys(#[case] text: &str, #[case] key: &str) {
        assert_eq!(exact_key(&mut fold_analyzer(), text), key);
    }

    #[test]
    fn boosts_are_ordered_as_designed() {
        let b = Part::boost;
        assert!(b(Part::Title) > b(Part::Keys));
        assert!(b(Part::Keys) > b(Part::Headings));
        assert!(b(Part::Name) >= b(Part::Headings));
        assert!(b(Part::Headings) > b(Part::Description));
        assert!(b(Part::Description) > b(Part::Body));
        const { assert!(FUZZY_WEIGHT_KNOWN < PREFIX_WEIGHT && FUZZY_WEIGHT < STEM_WEIGHT) };
    }
}
