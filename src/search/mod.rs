//! Search: the tantivy schema, building and refreshing the on-disk index, reading a person's
//! query, ranking and snippets. Never renders anything; the only import is `crate::content`.
//!
//! [`SearchIndex::open`] gives an index that is current with a [`Library`], on disk under the
//! cache folder when it can be written, in memory otherwise, with [`Notice`]s saying why.
//! [`SearchIndex::search`] answers a query as typed, filters and typos included, and never
//! fails on what was typed.

mod boost;
mod carry;
mod catalog;
mod document;
mod intent;
mod manifest;
mod marks;
mod patch;
mod query;
pub mod schema;
mod snippet;
mod store;
mod synonyms;
mod variant;
mod warm;

use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;

use tantivy::collector::TopDocs;
use tantivy::schema::Value;
use tantivy::{DocId, IndexReader, Score, SegmentReader, TantivyDocument};

use crate::content::{Kind, Library};
pub use carry::{Carried, Moved, carry_over};
pub use catalog::{Catalog, Proof};
pub use marks::{Finder, Terms};
pub use query::{MAX_QUERY_CHARS, MAX_WORDS, Parsed, parse};
use schema::{
    FOREIGN_FACTOR, Fields, LANGS, Part, TRANSLATION_WEIGHT, fold_analyzer, lang_analyzer,
};
pub use snippet::Snippet;
pub use warm::{Opened, Route};

/// Most hits one search returns.
pub const MAX_LIMIT: usize = 1_000;

/// What to search for besides the words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    pub limit: usize,
    pub kind: Option<Kind>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            kind: None,
        }
    }
}

/// One result. `title` and the fields other than the snippet are as written in the page:
/// sanitise them before printing. The snippet is already safe.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub kind: Kind,
    /// Relative to its content root, `/` separators.
    pub path: String,
    pub source: String,
    pub lang: String,
    pub score: f32,
    pub snippet: Snippet,
    /// The query's words as this page matches them, to mark in the page itself.
    #[serde(skip)]
    pub terms: Terms,
}

/// Something the user should know about the index (it is read-only, in memory, rebuilt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub message: String,
}

impl Notice {
    pub fn new(message: impl Into<String>) -> Notice {
        Notice {
            message: message.into(),
        }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::content::term_safe_inline(&self.message))
    }
}

/// Where the index lives and what opening it did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Refresh {
    /// The folder of the on-disk index; `None` when it lives in memory.
    pub dir: Option<PathBuf>,
    /// Pages in the index.
    pub docs: u64,
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// Built from nothing (first use, a rebuild, a format change, a corrupt index).
    pub rebuilt: bool,
    /// Another process holds the index, or the cache cannot be written: it was not updated.
    pub read_only: bool,
}

/// How to open the index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenOptions {
    /// Throw the on-disk index away and build it again.
    pub rebuild: bool,
    /// Check every file of the on-disk index against its checksum (it reads the whole
    /// index) and rebuild a damaged one. Opening checks only what every search touches.
    pub verify: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {what}: {source}")]
    Index {
        what: String,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("search index: {what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("search index: {what} failed unexpectedly: {message}")]
    Panicked { what: String, message: String },
}

impl SearchError {
    fn index(what: impl Into<String>) -> impl FnOnce(tantivy::TantivyError) -> SearchError {
        let what = what.into();
        move |source| SearchError::Index { what, source }
    }

    fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> SearchError {
        let what = what.into();
        move |source| SearchError::Io { what, source }
    }
}

/// Runs `f`, turning a panic inside tantivy (a corrupt file can cause one) into an error.
fn guard<T>(what: &str, f: impl FnOnce() -> Result<T, SearchError>) -> Result<T, SearchError> {
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_string());
            Err(SearchError::Panicked {
                what: what.to_string(),
                message,
            })
        }
    }
}

/// A searchable index of a [`Library`]. Cheap to share between threads.
pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    refresh: Refresh,
    words: query::WordCache,
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex")
            .field("refresh", &self.refresh)
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the index in `index_dir` (usually `Paths::index_dir()`), building it on first use
    /// and bringing it up to date with `library`; `None` keeps it in memory.
    pub fn open(
        index_dir: Option<&std::path::Path>,
        library: &Library,
    ) -> Result<(SearchIndex, Vec<Notice>), SearchError> {
        Self::open_with(index_dir, library, OpenOptions::default())
    }

    pub fn open_with(
        index_dir: Option<&std::path::Path>,
        library: &Library,
        options: OpenOptions,
    ) -> Result<(SearchIndex, Vec<Notice>), SearchError> {
        store::open(index_dir, library, options)
    }

    /// What opening did: counts, where the index lives.
    pub fn refresh(&self) -> &Refresh {
        &self.refresh
    }

    /// The best hits for `query` as typed. Filters inside the query (`kind:runbook`,
    /// `tag:vpn`, `owner:ana`, `lang:it`) narrow the results; the last word also matches as
    /// a prefix unless the query ends with a space.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Vec<Hit>, SearchError> {
        let parsed = query::parse(query);
        if options.limit == 0 || (parsed.is_empty() && options.kind.is_none()) {
            return Ok(Vec::new());
        }
        guard("searching", || self.run(&parsed, options))
    }

    /// [`SearchIndex::search`], repairing the index on the way: when a search of an index on
    /// disk fails (a damaged file is the usual cause), `reopen` is asked for the index again
    /// with every file checked ([`OpenOptions::verify`]), which moves a damaged index aside
    /// and rebuilds it; this index becomes the reopened one and the search runs once more.
    /// The notices say what was done; an error that remains is returned.
    pub fn search_or_repair(
        &mut self,
        query: &str,
        options: &SearchOptions,
        reopen: impl FnOnce(OpenOptions) -> Result<(SearchIndex, Vec<Notice>), SearchError>,
    ) -> (Result<Vec<Hit>, SearchError>, Vec<Notice>) {
        let first = self.search(query, options);
        if first.is_ok() || self.refresh.dir.is_none() {
            return (first, Vec::new());
        }
        match reopen(OpenOptions {
            rebuild: false,
            verify: true,
        }) {
            Ok((index, notices)) => {
                *self = index;
                (self.search(query, options), notices)
            }
            Err(_) => (first, Vec::new()),
        }
    }

    fn run(&self, parsed: &Parsed, options: &SearchOptions) -> Result<Vec<Hit>, SearchError> {
        let searcher = self.reader.searcher();
        let plan = query::plan(&searcher, &self.fields, parsed, options.kind, &self.words);
        let limit = options.limit.min(MAX_LIMIT);
        let wanted = if plan.titles.is_empty() {
            limit
        } else {
            limit.max(RERANK)
        };
        let collector = TopDocs::with_limit(wanted).tweak_score(|segment: &SegmentReader| {
            let column = |name: &str, default: u64| {
                segment
                    .fast_fields()
                    .u64(name)
                    .ok()
                    .map(|c| c.first_or_default_col(default))
            };
            let native = column("native", 1);
            let translations = column("translations", 1);
            move |doc: DocId, score: Score| {
                let mut score = score;
                if native.as_ref().is_some_and(|c| c.get_val(doc) == 0) {
                    score *= FOREIGN_FACTOR;
                }
                if let Some(c) = &translations {
                    let n = c.get_val(doc).max(1) as f32;
                    score *= 1.0 + TRANSLATION_WEIGHT * n.ln();
                }
                score
            }
        });
        let top = if parsed.words.is_empty() {
            // Filters alone (`kind:runbook`) list every page they admit, in title order: no
            // word says which is best.
            let by_title = TopDocs::with_limit(limit)
                .order_by_string_fast_field(schema::SORT_TITLE, tantivy::Order::Asc);
            searcher
                .search(&plan.query, &by_title)
                .map_err(SearchError::index("listing the pages"))?
                .into_iter()
                .map(|(_, address)| (1.0, address))
                .collect()
        } else {
            let top = searcher
                .search(&plan.query, &collector)
                .map_err(SearchError::index("running the query"))?;
            rerank_by_coverage(&searcher, &plan, top, limit)?
        };
        let mut fold = fold_analyzer();
        let mut stemmers: Vec<_> = LANGS
            .iter()
            .map(|(code, language)| (*code, lang_analyzer(*language)))
            .collect();
        let f = &self.fields;
        // The words each hit marks, shared by the hits of this search.
        let marked_words = std::sync::Arc::new(plan.plain_terms.clone());
        let stems: std::collections::BTreeMap<&str, std::sync::Arc<_>> = plan
            .stems
            .iter()
            .map(|(code, stems)| (*code, std::sync::Arc::new(stems.clone())))
            .collect();
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher
                .doc(address)
                .map_err(SearchError::index("reading a hit"))?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let title = text(f.part(Part::Title).plain);
            let lang = text(f.lang);
            let body = text(f.snip);
            let stemmer = stemmers
                .iter_mut()
                .find(|(code, _)| *code == lang)
                .map(|(_, a)| a);
            let marks = snippet::Marks {
                plain: &plan.plain_terms,
                stems: plan.stems.get(lang.as_str()),
            };
            let snippet = snippet::make(&body, &marks, &mut fold, stemmer);
            let terms = Terms::new(
                std::sync::Arc::clone(&marked_words),
                stems.get(lang.as_str()).cloned().unwrap_or_default(),
                &lang,
            );
            hits.push(Hit {
                id: text(f.id),
                kind: text(f.kind).parse().unwrap_or(Kind::Guide),
                path: text(f.path),
                source: text(f.source),
                lang,
                title,
                score,
                snippet,
                terms,
            });
        }
        Ok(hits)
    }
}

/// Candidates re-ranked by how many of the query's words they hold.
const RERANK: usize = 100;

/// Re-scores `top` by the share of the query's words each page holds, squared: a page holding
/// every word outranks one that holds one word many times; and by the share its title, name
/// or lead holds: a page about what was asked outranks one that mentions it. Shares weigh
/// each word by how much it tells (rare words more). Then each of the plan's boosts
/// multiplies the pages it matches (the intent's kinds, an exact title), and a variant of a
/// title gives way to one translated more (see [`variant`]). Keeps the best `limit`.
fn rerank_by_coverage(
    searcher: &tantivy::Searcher,
    plan: &query::Plan,
    mut top: Vec<(Score, tantivy::DocAddress)>,
    limit: usize,
) -> Result<Vec<(Score, tantivy::DocAddress)>, SearchError> {
    if plan.titles.is_empty() || top.is_empty() {
        top.truncate(limit);
        return Ok(top);
    }
    let held = held_share(searcher, &plan.words, &plan.informative, &top)?;
    let titled = held_share(searcher, &plan.titles, &plan.informative, &top)?;
    for ((hit, words), title) in top.iter_mut().zip(held).zip(titled) {
        hit.0 *= words * words * (1.0 + TITLE_COVERAGE_WEIGHT * title);
    }
    for (query, factor) in &plan.boosts {
        let matched = held_share(searcher, std::slice::from_ref(query), &[], &top)?;
        for (hit, m) in top.iter_mut().zip(matched) {
            if m > 0.0 {
                hit.0 *= factor;
            }
        }
    }
    variant::prefer_most_translated(searcher, &mut top);
    top.sort_by(|a, b| b.0.total_cmp(&a.0));
    top.truncate(limit);
    Ok(top)
}

/// How much more a page scores when its title, name or lead holds every word.
const TITLE_COVERAGE_WEIGHT: f32 = 1.0;

/// For each of `top`, the share of `queries` that match it, each query counting its weight
/// (all 1 when `weights` does not match). No queries: every page holds everything.
fn held_share(
    searcher: &tantivy::Searcher,
    queries: &[Box<dyn tantivy::query::Query>],
    weights: &[f32],
    top: &[(Score, tantivy::DocAddress)],
) -> Result<Vec<f32>, SearchError> {
    use tantivy::DocSet;
    if queries.is_empty() {
        return Ok(vec![1.0; top.len()]);
    }
    let weights: Vec<f32> = if weights.len() == queries.len() {
        weights.to_vec()
    } else {
        vec![1.0; queries.len()]
    };
    let total: f32 = weights.iter().sum::<f32>().max(f32::MIN_POSITIVE);
    let mut held = vec![0f32; top.len()];
    let scoring = tantivy::query::EnableScoring::disabled_from_searcher(searcher);
    let matchers = queries
        .iter()
        .map(|q| q.weight(scoring))
        .collect::<Result<Vec<_>, _>>()
        .map_err(SearchError::index("weighing the query"))?;
    let mut order: Vec<usize> = (0..top.len()).collect();
    order.sort_by_key(|&i| (top[i].1.segment_ord, top[i].1.doc_id));
    let mut start = 0;
    while start < order.len() {
        let seg = top[order[start]].1.segment_ord;
        let end = order[start..]
            .iter()
            .position(|&i| top[i].1.segment_ord != seg)
            .map_or(order.len(), |n| start + n);
        let reader = searcher.segment_reader(seg);
        for (matcher, weight) in matchers.iter().zip(&weights) {
            let mut scorer = matcher
                .scorer(reader, 1.0)
                .map_err(SearchError::index("matching the words"))?;
            for &i in &order[start..end] {
                let doc = top[i].1.doc_id;
                let mut at = scorer.doc();
                if at < doc {
                    at = scorer.seek(doc);
                }
                if at == doc {
                    held[i] += weight;
                }
            }
        }
        start = end;
    }
    Ok(held.into_iter().map(|h| h / total).collect())
}

impl SearchIndex {
    /// Pages in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn from_parts(reader: IndexReader, fields: Fields, refresh: Refresh) -> Self {
        SearchIndex {
            reader,
            fields,
            refresh,
            words: query::WordCache::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn index_is_shareable_with_a_worker_thread() {
        assert_send_sync::<SearchIndex>();
    }
}
