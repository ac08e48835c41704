//! `onramp list`: the documents, as a table or as JSON.

use std::io::{self, Write};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::content::{Document, Kind, Library, term_safe_inline};

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    kind: Kind,
    path: &'a str,
    source: &'a str,
    lang: &'a str,
    tags: &'a [String],
    owner: Option<&'a str>,
    last_reviewed: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phase: Option<u8>,
}

impl<'a> From<&'a Document> for Row<'a> {
    fn from(d: &'a Document) -> Self {
        Row {
            id: &d.id,
            title: &d.title,
            kind: d.kind,
            path: &d.path,
            source: &d.source,
            lang: &d.lang,
            tags: &d.tags,
            owner: d.owner.as_deref(),
            last_reviewed: d.last_reviewed.as_deref(),
            description: d.description.as_deref(),
            phase: d.phase,
        }
    }
}

pub fn run(library: &Library, kind: Option<Kind>, json: bool) -> Result<()> {
    let docs: Vec<&Document> = library
        .docs()
        .iter()
        .filter(|d| kind.is_none_or(|k| d.kind == k))
        .collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        let rows: Vec<Row> = docs.iter().map(|d| Row::from(*d)).collect();
        // serde_json escapes every control character in strings, so JSON output is safe as is.
        serde_json::to_writer_pretty(&mut out, &rows).context("writing to stdout")?;
        writeln!(out).context("writing to stdout")?;
    } else {
        let width = docs
            .iter()
            .map(|d| d.id.chars().count())
            .max()
            .unwrap_or(0)
            .min(48);
        for d in docs {
            writeln!(
                out,
                "{:<9} {:<width$}  {}",
                d.kind.as_str(),
                term_safe_inline(&d.id),
                d.display_title()
            )
            .context("writing to stdout")?;
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(())
}
