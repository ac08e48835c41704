//! `onramp show`: one document, as text or as its Markdown source.

use std::io::{self, Write};

use anyhow::{Context, Result, bail};

use crate::content::{Library, term_safe, term_safe_inline};

pub fn run(library: &Library, id: &str, raw: bool, _width: Option<u16>) -> Result<()> {
    let Some(doc) = library.get(id) else {
        let close = library.close_ids(id, 5);
        if close.is_empty() {
            bail!(
                "no document with id `{}`; `onramp list` shows them all",
                term_safe_inline(id)
            );
        }
        bail!(
            "no document with id `{}`; did you mean: {}",
            term_safe_inline(id),
            close.join(", ")
        );
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    if raw {
        out.write_all(term_safe(&doc.raw).as_bytes())
            .context("writing to stdout")?;
    } else {
        writeln!(out, "{}\n", doc.display_title()).context("writing to stdout")?;
        out.write_all(term_safe(&doc.body).as_bytes())
            .context("writing to stdout")?;
    }
    out.flush().context("writing to stdout")?;
    Ok(())
}
