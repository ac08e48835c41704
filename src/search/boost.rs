//! The score factors a query's pages get besides their words: the kinds a question's intent
//! prefers ([`intent::PRIORS`]), and the pages called exactly what was asked (the `exact`
//! field). Builds the queries that find those pages; the ranking multiplies their scores.

use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::tokenizer::TextAnalyzer;

use super::intent;
use super::query::{Parsed, should, term_query};
use super::schema::{Fields, exact_key};
use crate::content::Kind;

/// The kind priors of the question's intent, and the pages called exactly what was asked:
/// a title, alias or expansion that is the whole query (a page titled as the question), or
/// the query without its asking words or without its stop words (the thing asked about; with
/// an intent, only in the kinds it prefers: "who knows klaxon" asks for a person, not the tool).
pub(super) fn boosts(
    fields: &Fields,
    parsed: &Parsed,
    question: &intent::Question,
    stops: &[bool],
    fold: &mut TextAnalyzer,
) -> Vec<(Box<dyn Query>, f32)> {
    let priors: Vec<(Kind, f32)> = question
        .intent
        .into_iter()
        .flat_map(intent::priors)
        .collect();
    let mut boosts: Vec<(Box<dyn Query>, f32)> = priors
        .iter()
        .map(|(kind, factor)| (term_query(fields.kind, kind.as_str()), *factor))
        .collect();
    let topic: Vec<(&str, bool)> = parsed
        .words
        .iter()
        .zip(&question.asking)
        .zip(stops)
        .filter(|((_, asking), _)| !**asking)
        .map(|((w, _), stop)| (w.as_str(), *stop))
        .collect();
    let content: Vec<&str> = topic.iter().filter(|w| !w.1).map(|w| w.0).collect();
    let topic: Vec<&str> = topic.iter().map(|w| w.0).collect();
    let whole = exact_key(fold, &parsed.words.join(" "));
    let mut named: Vec<String> = Vec::new();
    for words in [topic, content] {
        let key = exact_key(fold, &words.join(" "));
        if !key.is_empty() && key != whole && !named.contains(&key) {
            named.push(key);
        }
    }
    let mut any: Vec<Box<dyn Query>> = Vec::new();
    if !whole.is_empty() {
        any.push(term_query(fields.exact, &whole));
    }
    if !named.is_empty() {
        let named = should(named.iter().map(|k| term_query(fields.exact, k)).collect());
        any.push(if priors.is_empty() {
            named
        } else {
            let kinds = priors
                .iter()
                .map(|(kind, _)| term_query(fields.kind, kind.as_str()))
                .collect();
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, named),
                (Occur::Must, should(kinds)),
            ]))
        });
    }
    if !any.is_empty() {
        boosts.push((should(any), intent::EXACT_FACTOR));
    }
    boosts
}
