//! Every JSON document the command line prints: pretty, one final newline, and written
//! through the sanitiser's [`JsonSafe`] formatter so no string in it reaches a terminal with
//! a raw control, bidi override or invisible character.

use std::io::Write;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::content::JsonSafe;

/// Writes `value` to `out` as pretty JSON and a newline.
pub fn write(out: &mut impl Write, value: &impl Serialize) -> Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, JsonSafe::new());
    value
        .serialize(&mut serializer)
        .context("writing to stdout")?;
    writeln!(out).context("writing to stdout")
}
