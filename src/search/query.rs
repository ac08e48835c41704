//! Reading what a person typed: filters (`kind:`, `tag:`, `owner:`, `lang:`), words, the last
//! word as a prefix, typos; and turning it into a tantivy query by hand. Never fails: anything
//! that is not a filter is a word, and anything that is not a word is ignored; a filter that
//! names a value onramp does not know (`kind:banana`) is read as words and comes with a
//! warning in [`Parsed::warnings`].

use std::collections::{BTreeMap, HashSet};

use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::boost;
use super::document::split_name;
use super::intent;
use super::schema::{
    EXACT_WEIGHT, FUZZY_WEIGHT, FUZZY_WEIGHT_KNOWN, Fields, LANGS, PREFIX_WEIGHT, Part,
    STEM_WEIGHT, fold_analyzer, lang_analyzer,
};
use super::synonyms;
use crate::content::Kind;

/// Longest query read, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Most words read from one query.
pub const MAX_WORDS: usize = 24;
/// A last word shorter than this completes in titles, keys, headings and leads, not bodies.
const SHORT_PREFIX: usize = 3;
/// Completions of the last word kept, most frequent first.
const PREFIX_TERMS: usize = 10;
/// Terms looked at while completing the last word, per field and segment.
const PREFIX_SCAN: usize = 600;
/// Pages using a word, past which it is taken as typed and not corrected.
const COMMON: u32 = 20;
/// Weight of a word of the same meaning (see `synonyms`), times [`STEM_WEIGHT`].
const SYNONYM_WEIGHT: f32 = 0.5;
/// Letters a last word needs before it may be taken as finished.
const FINISHED_LEN: usize = 4;
/// Weight of a common last word's completions, times [`PREFIX_WEIGHT`].
const FINISHED_FACTOR: f32 = 0.3;
/// Typo corrections kept per word, most frequent first.
const FUZZY_TERMS: usize = 6;

/// A query split into words and filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub words: Vec<String>,
    /// Whether the last word may still be growing (the query does not end in a space).
    pub last_is_prefix: bool,
    pub kinds: Vec<Kind>,
    pub tags: Vec<String>,
    pub owners: Vec<String>,
    pub langs: Vec<String>,
    /// What the person should be told about the query, one sentence each, as typed (sanitise
    /// before printing): a filter with a value onramp does not know, read as words instead.
    pub warnings: Vec<String>,
}

impl Parsed {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
            && self.kinds.is_empty()
            && self.tags.is_empty()
            && self.owners.is_empty()
            && self.langs.is_empty()
    }
}

/// Splits `input` into words and filters. Quotes, brackets and other syntax are read as
/// plain text; a filter with an unknown name or value is read as words.
pub fn parse(input: &str) -> Parsed {
    let clipped: String = input
        .chars()
        .take(MAX_QUERY_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut parsed = Parsed {
        last_is_prefix: !clipped.ends_with(char::is_whitespace),
        ..Parsed::default()
    };
    for raw in clipped.split_whitespace() {
        let token = raw.trim_matches(|c: char| matches!(c, '"' | '\'' | '(' | ')' | '+'));
        let token = token.strip_prefix('-').unwrap_or(token);
        if let Some((key, value)) = token.split_once(':') {
            let value = value.trim_matches(|c: char| matches!(c, '"' | '\''));
            if !value.is_empty() && add_filter(&mut parsed, &key.to_ascii_lowercase(), value) {
                continue;
            }
        }
        if token.chars().any(char::is_alphanumeric) && parsed.words.len() < MAX_WORDS {
            parsed.words.push(token.to_string());
        }
    }
    parsed
}

fn add_filter(parsed: &mut Parsed, key: &str, value: &str) -> bool {
    match key {
        "kind" => match value.parse::<Kind>() {
            Ok(kind) => parsed.kinds.push(kind),
            Err(e) => {
                parsed
                    .warnings
                    .push(format!("`kind:{value}`: {e}; it was searched for as words"));
                return false;
            }
        },
        "tag" => parsed.tags.push(value.to_lowercase()),
        "owner" => parsed.owners.push(value.to_lowercase()),
        "lang" => parsed.langs.push(value.to_lowercase()),
        _ => return false,
    }
    true
}

/// A query ready to run, with the words a snippet should mark.
pub struct Plan {
    pub query: Box<dyn Query>,
    /// Unstemmed forms: words as typed, completions, typo corrections.
    pub plain_terms: HashSet<String>,
    /// Stemmed forms by language code.
    pub stems: BTreeMap<&'static str, HashSet<String>>,
    /// One query per content word (any way it matches): how many a page holds re-ranks it.
    pub words: Vec<Box<dyn Query>>,
    /// One query per content word matching it in the title, the name or the lead only:
    /// the parts that say what a page is about.
    pub titles: Vec<Box<dyn Query>>,
    /// Per content word, how much it tells (its inverse document frequency).
    pub informative: Vec<f32>,
    /// Score factors for the pages each query matches: the kinds the question's intent
    /// prefers, and the pages called exactly what was asked about.
    pub boosts: Vec<(Box<dyn Query>, f32)>,
}

/// Builds the query for `parsed` against what `searcher` holds.
///
/// Score = every way each word matches, summed (BM25 per field, weighted by [`BOOSTS`])
/// + a bonus per part (title, lead, headings, keys) that alone holds every word.
///
/// Stop words ("the", "di") and the words that only ask ("who knows", "what is", see
/// [`intent`]) count only when the query has nothing else.
///
/// [`BOOSTS`]: super::schema::BOOSTS
pub fn plan(
    searcher: &Searcher,
    fields: &Fields,
    parsed: &Parsed,
    kind: Option<Kind>,
    cache: &WordCache,
) -> Plan {
    let mut builder = Builder {
        searcher,
        fields,
        fold: fold_analyzer(),
        stemmers: LANGS
            .iter()
            .map(|(code, language)| (*code, lang_analyzer(*language)))
            .collect(),
        plain_terms: HashSet::new(),
        stems: BTreeMap::new(),
    };
    let last = parsed.words.len().saturating_sub(1);
    let mut question = intent::read(&parsed.words);
    let stops: Vec<bool> = parsed
        .words
        .iter()
        .enumerate()
        .map(|(i, word)| !(parsed.last_is_prefix && i == last) && builder.is_stop_word(word))
        .collect();
    if question.asking.iter().zip(&stops).all(|(a, s)| *a || *s) {
        // Nothing but asking words ("who is"): they are what was asked.
        question.asking.fill(false);
    }
    let mut words: Vec<(bool, Vec<Alt>)> = Vec::new();
    for (i, word) in parsed.words.iter().enumerate() {
        // Words that only ask are not searched for, nor marked in snippets.
        if question.asking[i] {
            words.push((true, Vec::new()));
            continue;
        }
        let prefix = parsed.last_is_prefix && i == last;
        words.push((stops[i], builder.cached_word(cache, word, prefix)));
    }
    let boosts = boost::boosts(fields, parsed, &question, &stops, &mut builder.fold);
    // Two words typed apart that a page writes as one (`on call` -> `oncall`) match both.
    let mut joined_terms = Vec::new();
    for (i, pair) in parsed.words.windows(2).enumerate() {
        if question.asking[i] || question.asking[i + 1] {
            continue;
        }
        let joined: String = pair
            .iter()
            .flat_map(|w| analyse(&mut builder.fold, w))
            .collect();
        if joined.chars().count() >= 5 {
            joined_terms.push((i, joined));
        }
    }
    for (i, joined) in &joined_terms {
        let alts: Vec<Alt> = fields
            .parts
            .iter()
            .map(|pf| Alt {
                part: pf.part,
                field: pf.plain,
                term: joined.clone(),
                weight: pf.part.boost() * JOINED_WEIGHT,
            })
            .collect();
        builder.plain_terms.insert(joined.clone());
        // A stop word that pages write joined to its neighbour ("on" of `oncall`) is part of
        // a word, not filler: it counts, so a page holding the joined word holds both.
        let used = [Part::Title, Part::Name, Part::Keys]
            .iter()
            .any(|p| builder.doc_freq(fields.part(*p).plain, joined) > 0);
        for w in [*i, *i + 1] {
            if let Some((stop, word_alts)) = words.get_mut(w) {
                word_alts.extend(alts.iter().cloned());
                if used {
                    *stop = false;
                }
            }
        }
    }
    if words.iter().all(|(stop, _)| *stop) {
        for w in &mut words {
            w.0 = false;
        }
    }
    let content: Vec<&Vec<Alt>> = words
        .iter()
        .filter(|(stop, alts)| !stop && !alts.is_empty())
        .map(|(_, a)| a)
        .collect();
    // How much each word tells: the inverse document frequency of its broadest body form. A
    // page missing "periodically" misses more than one missing "run".
    #[allow(clippy::cast_precision_loss)]
    let pages = searcher.num_docs() as f32;
    let informative: Vec<f32> = content
        .iter()
        .map(|alts| {
            let df = alts
                .iter()
                .filter(|a| a.part == Part::Body)
                .map(|a| {
                    searcher
                        .doc_freq(&Term::from_field_text(a.field, &a.term))
                        .unwrap_or(0)
                })
                .max()
                .unwrap_or(0);
            #[allow(clippy::cast_precision_loss)]
            let df = df as f32;
            (1.0 + pages / (df + 1.0)).ln()
        })
        .collect();
    let mut scoring: Vec<Box<dyn Query>> = content.iter().map(|alts| any_of(alts, None)).collect();
    if content.len() > 1 {
        for part in [Part::Title, Part::Keys, Part::Headings, Part::Description] {
            if content
                .iter()
                .all(|alts| alts.iter().any(|a| a.part == part))
            {
                let all: Vec<(Occur, Box<dyn Query>)> = content
                    .iter()
                    .map(|alts| (Occur::Must, any_of(alts, Some(part))))
                    .collect();
                scoring.push(Box::new(BoostQuery::new(
                    Box::new(BooleanQuery::new(all)),
                    SAME_PART_BONUS,
                )));
            }
        }
    }
    let word_queries: Vec<Box<dyn Query>> = if content.len() > 1 {
        content.iter().map(|alts| any_of(alts, None)).collect()
    } else {
        Vec::new()
    };
    let title_queries: Vec<Box<dyn Query>> = content
        .iter()
        .map(|alts| {
            should(
                alts.iter()
                    .filter(|a| matches!(a.part, Part::Title | Part::Name | Part::Description))
                    .map(|a| boosted(a.field, &a.term, a.weight))
                    .collect(),
            )
        })
        .collect();
    let has_words = !content.is_empty();
    let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if has_words {
        must.push((Occur::Must, should(scoring)));
    } else if !parsed.words.is_empty() {
        // Words that analyse to nothing (only symbols) match nothing.
        must.push((Occur::Must, Box::new(BooleanQuery::new(Vec::new()))));
    }
    let mut kinds: Vec<&str> = parsed.kinds.iter().map(|k| k.as_str()).collect();
    if let Some(k) = kind {
        // `--kind` and `kind:` together narrow to their overlap.
        if kinds.is_empty() || kinds.contains(&k.as_str()) {
            kinds = vec![k.as_str()];
        } else {
            kinds.clear();
            must.push((Occur::Must, Box::new(BooleanQuery::new(Vec::new()))));
        }
    }
    for (field, values) in [
        (
            fields.kind,
            kinds.iter().map(|s| (*s).to_string()).collect::<Vec<_>>(),
        ),
        (fields.tag, parsed.tags.clone()),
        (fields.owner, parsed.owners.clone()),
        (fields.lang, parsed.langs.clone()),
    ] {
        if values.is_empty() {
            continue;
        }
        let any: Vec<Box<dyn Query>> = values.iter().map(|v| term_query(field, v)).collect();
        must.push((Occur::Must, should(any)));
    }
    if parsed.words.is_empty() {
        must.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
    }
    Plan {
        query: Box::new(BooleanQuery::new(must)),
        plain_terms: builder.plain_terms,
        stems: builder.stems,
        words: word_queries,
        titles: title_queries,
        informative,
        boosts,
    }
}

/// A part that alone holds every word adds its matches again, times this.
const SAME_PART_BONUS: f32 = 5.0;
/// Weight of two typed words found written as one.
const JOINED_WEIGHT: f32 = 0.8;

/// One way a word can match: a term in a field, with its weight.
#[derive(Debug, Clone)]
struct Alt {
    part: Part,
    field: Field,
    term: String,
    weight: f32,
}

/// Any of `alts` (only those of `part` when given), each weighted.
fn any_of(alts: &[Alt], part: Option<Part>) -> Box<dyn Query> {
    should(
        alts.iter()
            .filter(|a| part.is_none_or(|p| a.part == p))
            .map(|a| boosted(a.field, &a.term, a.weight))
            .collect(),
    )
}

pub(super) fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn boosted(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(term_query(field, text), boost))
}

pub(super) fn should(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// How each word typed lately matches, so a keystroke only works out the word being typed:
/// the words before it come from here. Valid for one searcher: the index never changes
/// under a `SearchIndex`.
#[derive(Default)]
pub struct WordCache {
    words: std::sync::Mutex<std::collections::HashMap<(String, bool), std::sync::Arc<WordPlan>>>,
}

/// Words remembered before the cache starts over.
const CACHED_WORDS: usize = 512;

/// One word's ways to match, with what a snippet should mark for it.
struct WordPlan {
    alts: Vec<Alt>,
    plain: HashSet<String>,
    stems: BTreeMap<&'static str, HashSet<String>>,
}

struct Builder<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    fold: TextAnalyzer,
    stemmers: Vec<(&'static str, TextAnalyzer)>,
    plain_terms: HashSet<String>,
    stems: BTreeMap<&'static str, HashSet<String>>,
}

impl Builder<'_> {
    fn cached_word(&mut self, cache: &WordCache, word: &str, prefix: bool) -> Vec<Alt> {
        let key = (word.to_string(), prefix);
        let found = cache
            .words
            .lock()
            .ok()
            .and_then(|words| words.get(&key).cloned());
        let plan = found.unwrap_or_else(|| {
            let outer_plain = std::mem::take(&mut self.plain_terms);
            let outer_stems = std::mem::take(&mut self.stems);
            let alts = self.word(word, prefix);
            let computed = std::sync::Arc::new(WordPlan {
                alts,
                plain: std::mem::replace(&mut self.plain_terms, outer_plain),
                stems: std::mem::replace(&mut self.stems, outer_stems),
            });
            if let Ok(mut words) = cache.words.lock() {
                if words.len() >= CACHED_WORDS {
                    words.clear();
                }
                words.insert(key, computed.clone());
            }
            computed
        });
        self.plain_terms.extend(plan.plain.iter().cloned());
        for (code, stems) in &plan.stems {
            self.stems
                .entry(code)
                .or_default()
                .extend(stems.iter().cloned());
        }
        plan.alts.clone()
    }

    /// A word that some indexed language drops as a stop word ("the", "of", "di", "e").
    fn is_stop_word(&mut self, word: &str) -> bool {
        let tokens = analyse(&mut self.fold, word);
        !tokens.is_empty()
            && self
                .stemmers
                .iter_mut()
                .any(|(_, stemmer)| analyse(stemmer, word).is_empty())
    }

    /// Every way one typed word can match: exactly, stemmed per language, as a name, as a
    /// prefix (last word), and with typos.
    fn word(&mut self, word: &str, prefix: bool) -> Vec<Alt> {
        let mut alts: Vec<Alt> = Vec::new();
        let name = self.fields.part(Part::Name).plain;
        let name_boost = Part::Name.boost();
        let whole = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let mut add_name = |term: &str, weight: f32| {
            alts.push(Alt {
                part: Part::Name,
                field: name,
                term: term.to_string(),
                weight,
            });
        };
        if !whole.is_empty() {
            add_name(&whole, name_boost);
            if prefix {
                for (term, _) in self.complete(name, &whole) {
                    add_name(&term, name_boost * PREFIX_WEIGHT);
                }
            }
            for piece in split_name(word) {
                if piece != whole {
                    add_name(&piece, name_boost * 0.5);
                }
            }
        }
        let tokens = analyse(&mut self.fold, word);
        let count = tokens.len();
        for (i, token) in tokens.into_iter().enumerate() {
            let token_prefix = prefix && i + 1 == count;
            self.token(&token, token_prefix, &mut alts);
        }
        alts
    }

    fn token(&mut self, token: &str, prefix: bool, alts: &mut Vec<Alt>) {
        let prose: Vec<(Part, Field, Vec<Field>)> = self
            .fields
            .parts
            .iter()
            .filter(|p| p.part.stemmed())
            .map(|p| (p.part, p.plain, p.stemmed.clone()))
            .collect();
        let add = |alts: &mut Vec<Alt>, term: &str, weight: f32| {
            for (part, plain, _) in &prose {
                alts.push(Alt {
                    part: *part,
                    field: *plain,
                    term: term.to_string(),
                    weight: part.boost() * weight,
                });
            }
        };
        self.plain_terms.insert(token.to_string());
        add(alts, token, EXACT_WEIGHT);
        for (slot, (code, stemmer)) in self.stemmers.iter_mut().enumerate() {
            let Some(stem) = analyse(stemmer, token).into_iter().next() else {
                continue;
            };
            self.stems.entry(code).or_default().insert(stem.clone());
            let same = synonyms::of(code, &stem);
            for (part, _, stemmed) in &prose {
                if let Some(field) = stemmed.get(slot) {
                    alts.push(Alt {
                        part: *part,
                        field: *field,
                        term: stem.clone(),
                        weight: part.boost() * STEM_WEIGHT,
                    });
                    for other in same {
                        alts.push(Alt {
                            part: *part,
                            field: *field,
                            term: other.clone(),
                            weight: part.boost() * STEM_WEIGHT * SYNONYM_WEIGHT,
                        });
                    }
                }
            }
            self.stems
                .entry(code)
                .or_default()
                .extend(same.iter().cloned());
        }
        let body = self.fields.part(Part::Body).plain;
        let title = self.fields.part(Part::Title).plain;
        let keys = self.fields.part(Part::Keys).plain;
        let known =
            self.doc_freq(body, token) + self.doc_freq(title, token) + self.doc_freq(keys, token);
        if prefix {
            // A last word that is already a common word ("call") is probably finished: its
            // longer forms ("calligra") should not outrank pages holding it as typed.
            let weight = if known >= COMMON && token.chars().count() >= FINISHED_LEN {
                PREFIX_WEIGHT * FINISHED_FACTOR
            } else {
                PREFIX_WEIGHT
            };
            // One or two letters say little and complete to the most common words, whose
            // body posting lists cover most pages: those complete in the short parts only.
            let short = token.chars().count() < SHORT_PREFIX;
            let mut completions = self.complete(title, token);
            if !short {
                completions.extend(self.complete(body, token));
            }
            completions.sort_by_key(|c| std::cmp::Reverse(c.1));
            let mut seen = HashSet::new();
            for (term, _) in completions {
                if term == token || seen.len() >= PREFIX_TERMS || !seen.insert(term.clone()) {
                    continue;
                }
                self.plain_terms.insert(term.clone());
                if short {
                    alts.extend(prose.iter().filter(|(part, ..)| *part != Part::Body).map(
                        |(part, plain, _)| Alt {
                            part: *part,
                            field: *plain,
                            term: term.clone(),
                            weight: part.boost() * weight,
                        },
                    ));
                } else {
                    add(alts, &term, weight);
                }
            }
        }
        let chars = token.chars().count();
        let distance = match chars {
            0..=3 => return,
            4..=7 => 1,
            _ => 2,
        };
        if known >= COMMON {
            // A word this many pages use is meant as typed; looking for typos of it would
            // only cost time (a two-edit automaton walks much of the dictionary).
            return;
        }
        // Corrections come from the words of titles, keys, headings and leads: the words a
        // person means. The body's dictionary is many times larger (commands, paths, code)
        // and walking it with a two-edit automaton costs most of a keystroke's budget.
        // A last word found nowhere may be a word half typed with a typo ("netwrk" on the
        // way to "networking"): its corrections may go on, as its completions do.
        let unfinished = prefix && known == 0;
        let mut corrections = Vec::new();
        for part in [Part::Title, Part::Keys, Part::Headings, Part::Description] {
            let field = self.fields.part(part).plain;
            corrections.extend(self.corrections(field, token, distance, unfinished));
        }
        corrections.sort_by_key(|c| std::cmp::Reverse(c.1));
        let best = corrections
            .iter()
            .filter(|c| c.0 != token)
            .map(|c| c.1)
            .next()
            .unwrap_or(0);
        // A word that is in the index is probably meant as typed, unless a close word is
        // far more common (a typo that happens to occur somewhere).
        let weight = if known == 0 || u64::from(known) * 50 < u64::from(best) {
            FUZZY_WEIGHT
        } else {
            FUZZY_WEIGHT_KNOWN
        };
        let mut seen = HashSet::new();
        for (term, _) in corrections {
            if term == token || seen.len() >= FUZZY_TERMS || !seen.insert(term.clone()) {
                continue;
            }
            self.plain_terms.insert(term.clone());
            add(alts, &term, weight);
        }
    }

    fn doc_freq(&self, field: Field, text: &str) -> u32 {
        self.searcher
            .doc_freq(&Term::from_field_text(field, text))
            .map_or(0, |n| n as u32)
    }

    /// Terms of `field` starting with `prefix`, with their document counts.
    fn complete(&self, field: Field, prefix: &str) -> Vec<(String, u32)> {
        let mut upper = prefix.as_bytes().to_vec();
        upper.push(0xFF);
        let mut found: BTreeMap<String, u32> = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().range().ge(prefix).lt(&upper).into_stream()
            else {
                continue;
            };
            let mut scanned = 0;
            while stream.advance() && scanned < PREFIX_SCAN {
                scanned += 1;
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    *found.entry(term.to_string()).or_default() += stream.value().doc_freq;
                }
            }
        }
        let mut out: Vec<(String, u32)> = found.into_iter().collect();
        out.sort_by_key(|c| std::cmp::Reverse(c.1));
        out.truncate(PREFIX_TERMS * 2);
        out
    }

    /// Terms of `field` within `distance` edits of `word` (with `go_on`, terms that start
    /// within `distance` edits of it), with their document counts.
    fn corrections(
        &self,
        field: Field,
        word: &str,
        distance: u8,
        go_on: bool,
    ) -> Vec<(String, u32)> {
        let term = Term::from_field_text(field, word);
        let fuzzy = if go_on {
            FuzzyTermQuery::new_prefix(term, distance, true)
        } else {
            FuzzyTermQuery::new(term, distance, true)
        };
        let Ok(automaton) = fuzzy.automaton() else {
            return Vec::new();
        };
        let mut found: BTreeMap<String, u32> = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().search(&automaton).into_stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    *found.entry(term.to_string()).or_default() += stream.value().doc_freq;
                }
            }
        }
        found.into_iter().collect()
    }
}

/// The tokens `analyzer` makes of `text`.
pub fn analyse(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("kind:runbook disk full", &["disk", "full"], 1)]
    #[case("\"unterminated quote", &["unterminated", "quote"], 0)]
    #[case("title:", &["title:"], 0)]
    #[case("kind:nonsense", &["kind:nonsense"], 0)]
    #[case("a\u{1b}[2Jb", &["a", "[2Jb"], 0)]
    #[case("*^2 ((( )))", &["*^2"], 0)]
    fn parse_cases(#[case] input: &str, #[case] words: &[&str], #[case] kinds: usize) {
        let p = parse(input);
        assert_eq!(p.words, words);
        assert_eq!(p.kinds.len(), kinds);
    }

    #[test]
    fn filters_and_prefix() {
        let p = parse("tag:VPN owner:alice lang:it ciao ");
        assert_eq!(p.tags, ["vpn"]);
        assert_eq!(p.owners, ["alice"]);
        assert_eq!(p.langs, ["it"]);
        assert_eq!(p.words, ["ciao"]);
        assert!(!p.last_is_prefix);
        assert!(parse("ciao").last_is_prefix);
    }

    #[test]
    fn an_unknown_kind_is_searched_as_words_with_a_warning() {
        let p = parse("kind:banana split");
        assert_eq!(p.words, ["kind:banana", "split"]);
        assert!(p.kinds.is_empty());
        assert_eq!(
            p.warnings,
            [
                "`kind:banana`: unknown kind `banana` (expected one of: guide, checklist, runbook, \
              person, tool, term, note, template); it was searched for as words"
            ]
        );
        assert!(
            parse("kind:runbook tag:x foo:bar http://x")
                .warnings
                .is_empty()
        );
    }

    #[test]
    fn huge_queries_are_clipped() {
        let p = parse(&"word ".repeat(2_000));
        assert_eq!(p.words.len(), MAX_WORDS);
    }
}
