//! Pages that are variants of one thing: the same title, as one command written up for
//! several platforms. Among a query's candidates the variant translated into the most
//! languages is the one most readers need: it stands for its title with the best score any
//! variant earned, and the others give way to it. Reads the index's fast fields; never
//! decides how much a word weighs.

use std::collections::HashMap;

use tantivy::columnar::{ColumnValues, StrColumn};
use tantivy::{DocAddress, Score, Searcher};

use super::schema::SORT_TITLE;

/// Score factor of a candidate when another candidate of the same title has more
/// translations.
pub(super) const LESSER_VARIANT_FACTOR: f32 = 0.5;

type Columns = Option<(StrColumn, std::sync::Arc<dyn ColumnValues<u64>>)>;

/// Gives the best scored of the most translated candidates of each title the best score of
/// that title's candidates, and multiplies those translated less by [`LESSER_VARIANT_FACTOR`]. A title whose
/// candidates are all translated alike is left as it is.
pub(super) fn prefer_most_translated(searcher: &Searcher, top: &mut [(Score, DocAddress)]) {
    let mut columns: HashMap<u32, Columns> = HashMap::new();
    let keys: Vec<Option<(String, u64)>> = top
        .iter()
        .map(|(_, address)| {
            let segment = address.segment_ord;
            let found = columns.entry(segment).or_insert_with(|| {
                let fast = searcher.segment_reader(segment).fast_fields();
                let titles = fast.str(SORT_TITLE).ok().flatten()?;
                let translations = fast.u64("translations").ok()?.first_or_default_col(1);
                Some((titles, translations))
            });
            let (titles, translations) = found.as_ref()?;
            let ord = titles.term_ords(address.doc_id).next()?;
            let mut title = String::new();
            titles.ord_to_str(ord, &mut title).ok()?;
            (!title.is_empty()).then(|| (title, translations.get_val(address.doc_id)))
        })
        .collect();
    // Per title: the most translations, the fewest, and the best score.
    let mut groups: HashMap<&str, (u64, u64, Score)> = HashMap::new();
    for ((score, _), key) in top.iter().zip(&keys) {
        if let Some((title, n)) = key {
            let group = groups.entry(title.as_str()).or_insert((*n, *n, *score));
            group.0 = group.0.max(*n);
            group.1 = group.1.min(*n);
            group.2 = group.2.max(*score);
        }
    }
    // The one candidate that stands for each title: the best scored of those translated
    // most. Its translations have as many and keep their own scores, so a title is never
    // listed once per language.
    let mut leaders: HashMap<&str, (usize, Score)> = HashMap::new();
    for (i, ((score, _), key)) in top.iter().zip(&keys).enumerate() {
        let Some((title, n)) = key else { continue };
        let Some(&(most, fewest, _)) = groups.get(title.as_str()) else {
            continue;
        };
        if most == fewest || *n != most {
            continue;
        }
        let leader = leaders.entry(title.as_str()).or_insert((i, *score));
        if *score > leader.1 {
            *leader = (i, *score);
        }
    }
    for (i, (hit, key)) in top.iter_mut().zip(&keys).enumerate() {
        let Some((title, n)) = key else { continue };
        let Some(&(most, fewest, best)) = groups.get(title.as_str()) else {
            continue;
        };
        if most == fewest {
            continue;
        }
        if *n < most {
            hit.0 *= LESSER_VARIANT_FACTOR;
        } else if leaders.get(title.as_str()).is_some_and(|(at, _)| *at == i) {
            hit.0 = best;
        }
    }
}
