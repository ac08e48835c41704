//! `onramp.toml` as a pack writes it: each setting checked on its own, so one bad value is
//! reported and the rest still applies; `[lint]` is left to `onramp lint`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;

use super::{Flavour, Overrides, problem};
use crate::content::document::Kind;
use crate::content::load::Warning;

/// `onramp.toml` as written, each field checked on its own.
#[derive(Debug, Default)]
pub(super) struct RawPackFile {
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) lang: Option<String>,
    pub(super) content: Option<String>,
    pub(super) format: Option<Flavour>,
    pub(super) kinds: BTreeMap<String, Kind>,
    pub(super) overrides: Overrides,
}

impl RawPackFile {
    pub(super) fn parse(text: &str, path: &Path, problems: &mut Vec<Warning>) -> RawPackFile {
        let table: toml::Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
                problems.push(problem(
                    path,
                    line,
                    format!("does not parse: {}; using the defaults", e.message()),
                ));
                return RawPackFile::default();
            }
        };
        let mut out = RawPackFile::default();
        for (key, value) in table {
            let mut bad = |what: &str| {
                problems.push(problem(
                    path,
                    None,
                    format!("`{key}` should be {what}; ignored"),
                ));
            };
            match key.as_str() {
                "name" | "description" | "lang" | "content" | "format" => {
                    let Some(s) = value.as_str().map(str::to_string) else {
                        bad("text");
                        continue;
                    };
                    match key.as_str() {
                        "name" => out.name = Some(s),
                        "description" => out.description = Some(s),
                        "lang" => out.lang = Some(s.trim().to_ascii_lowercase()),
                        "content" => out.content = Some(s),
                        _ => match s.parse() {
                            Ok(f) => out.format = Some(f),
                            Err(message) => {
                                problems.push(problem(path, None, format!("{message}; ignored")));
                            }
                        },
                    }
                }
                "overrides" => match value {
                    toml::Value::Boolean(true) => out.overrides = Overrides::All,
                    toml::Value::Boolean(false) => {}
                    toml::Value::String(s) if s == "all" => out.overrides = Overrides::All,
                    toml::Value::Array(items) => {
                        let ids: Option<BTreeSet<String>> = items
                            .iter()
                            .map(|v| v.as_str().map(|s| s.trim().to_string()))
                            .collect();
                        match ids {
                            Some(ids) => out.overrides = Overrides::Ids(ids),
                            None => bad("a list of page ids, `\"all\"` or `true`"),
                        }
                    }
                    _ => bad("a list of page ids, `\"all\"` or `true`"),
                },
                "kinds" => {
                    let Some(table) = value.as_table() else {
                        bad("a table of folder = kind");
                        continue;
                    };
                    for (folder, kind) in table {
                        let folder_key = folder.trim().trim_matches('/').to_string();
                        match kind.as_str().map(Kind::from_str) {
                            Some(Ok(k)) => {
                                out.kinds.insert(folder_key, k);
                            }
                            Some(Err(e)) => problems.push(problem(
                                path,
                                None,
                                format!("kinds.{folder}: {e}; ignored"),
                            )),
                            None => problems.push(problem(
                                path,
                                None,
                                format!("kinds.{folder} should be a kind name; ignored"),
                            )),
                        }
                    }
                }
                // `onramp lint` reads its own table.
                "lint" => {}
                other => problems.push(problem(
                    path,
                    None,
                    format!("unknown setting `{other}`; ignored"),
                )),
            }
        }
        out
    }
}
