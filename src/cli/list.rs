//! `onramp list`: the documents, as a table or as JSON, optionally only those one person owns
//! or those due for review.

use std::io::{self, Write};

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::Serialize;

use crate::content::{
    Document, Kind, Library, PersonFields, ReviewInterval, ToolFields, term_safe_inline,
};

/// The widest id that shares its line with its title.
const MAX_ID_COLUMN: usize = 40;
/// `checklist`, the longest kind name.
const KIND_COLUMN: usize = 9;

/// Which documents to list.
pub struct Filter<'a> {
    pub kind: Option<Kind>,
    /// Only pages whose `owner` is this person.
    pub owner: Option<&'a str>,
    /// Only pages due for review on this day.
    pub stale_on: Option<NaiveDate>,
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    kind: Kind,
    path: &'a str,
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pack: Option<&'a str>,
    lang: &'a str,
    tags: &'a [String],
    owner: Option<&'a str>,
    last_reviewed: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_every: Option<ReviewInterval>,
    /// When the page is next due for review (`last_reviewed` + `review_every`).
    #[serde(skip_serializing_if = "Option::is_none")]
    review_due: Option<NaiveDate>,
    /// True when `review_due` is before today.
    stale: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phase: Option<u8>,
    #[serde(flatten)]
    person: &'a PersonFields,
    #[serde(flatten)]
    tool: &'a ToolFields,
    #[serde(skip_serializing_if = "Option::is_none")]
    expansion: Option<&'a str>,
}

impl<'a> Row<'a> {
    fn new(d: &'a Document, today: NaiveDate) -> Self {
        Row {
            id: &d.id,
            title: &d.title,
            kind: d.kind,
            path: &d.path,
            source: &d.source,
            pack: d.pack.as_deref(),
            lang: &d.lang,
            tags: &d.tags,
            owner: d.owner.as_deref(),
            last_reviewed: d.last_reviewed,
            review_every: d.review_every,
            review_due: d.review_due(),
            stale: d.is_stale(today),
            description: d.description.as_deref(),
            phase: d.phase,
            person: &d.person,
            tool: &d.tool,
            expansion: d.expansion.as_deref(),
        }
    }
}

pub fn run(library: &Library, filter: &Filter, today: NaiveDate, json: bool) -> Result<()> {
    let docs: Vec<&Document> = match filter.stale_on {
        Some(day) => library.needs_review(day, filter.owner),
        None => match filter.owner {
            Some(owner) => library.owned_by(owner),
            None => library.docs().iter().collect(),
        },
    }
    .into_iter()
    .filter(|d| filter.kind.is_none_or(|k| d.kind == k))
    .collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        let rows: Vec<Row> = docs.iter().map(|d| Row::new(d, today)).collect();
        super::json::write(&mut out, &rows)?;
    } else {
        let ids: Vec<_> = docs.iter().map(|d| term_safe_inline(&d.id)).collect();
        // The id column is as wide as the longest id up to a cap; a longer id takes its
        // line alone and its title starts the next one, under the other titles.
        let width = ids
            .iter()
            .map(|id| super::text_width(id))
            .filter(|&w| w <= MAX_ID_COLUMN)
            .max()
            .unwrap_or(0);
        for (d, id) in docs.iter().zip(&ids) {
            let lead = match filter.stale_on {
                Some(_) => format!(
                    "due since {} ",
                    d.review_due().map(|d| d.to_string()).unwrap_or_default()
                ),
                None => super::pad(d.kind.as_str(), KIND_COLUMN),
            };
            let title = match filter.stale_on {
                Some(_) => format!(
                    "{}  ({})",
                    d.display_title(),
                    term_safe_inline(d.owner.as_deref().unwrap_or("no owner"))
                ),
                None => d.display_title().to_string(),
            };
            if super::text_width(id) > width {
                let indent = super::text_width(&lead) + 1 + width;
                writeln!(out, "{lead} {id}\n{:indent$}  {title}", "")
            } else {
                writeln!(out, "{lead} {}  {title}", super::pad(id, width))
            }
            .context("writing to stdout")?;
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(())
}
