//! `mkdocs.yml`: the content folder (`docs_dir`) and the titles and order of its `nav` (or
//! the older `pages`), read without the Python-specific tags some sites use.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value;

use super::{NavEntry, problem};
use crate::content::frontmatter::{self, Format, Parsed};
use crate::content::load::Warning;

/// `docs_dir` and the `nav` (or the older `pages`) titles of `mkdocs.yml`.
pub(super) fn read_mkdocs(
    tree: &Path,
    problems: &mut Vec<Warning>,
) -> Option<(String, BTreeMap<String, NavEntry>)> {
    let path = ["mkdocs.yml", "mkdocs.yaml"]
        .iter()
        .map(|f| tree.join(f))
        .find(|p| p.is_file())?;
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            problems.push(problem(&path, None, format!("cannot read: {e}")));
            return None;
        }
    };
    let map = match frontmatter::parse(Format::Yaml, &untag(&text)) {
        Ok(Parsed::Map(map)) => map,
        Ok(Parsed::NotAMap(what)) => {
            problems.push(problem(
                &path,
                None,
                format!("is {what}, not a map of settings; its navigation titles are not used"),
            ));
            return None;
        }
        Err(e) => {
            problems.push(problem(
                &path,
                None,
                format!("{e}; its navigation titles are not used"),
            ));
            return None;
        }
    };
    let docs_dir = map
        .get("docs_dir")
        .and_then(Value::as_str)
        .map_or_else(|| "docs".to_string(), |d| d.trim_matches('/').to_string());
    let mut nav = BTreeMap::new();
    if let Some(items) = map.get("nav").or_else(|| map.get("pages")) {
        let mut position = 0;
        collect_nav(items, &mut nav, &mut position, 0);
    }
    Some((docs_dir, nav))
}

/// YAML tags such as `!!python/name:material.extensions.emoji.twemoji` or `!ENV` are
/// `MkDocs`'s own: dropped so the rest of the file still reads (the nav never uses them).
fn untag(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut rest = line;
        let mut kept = String::new();
        while let Some(at) = rest.find(['!']) {
            let before = &rest[..at];
            let tag_position = before.is_empty()
                || before.ends_with(": ")
                || before.ends_with("- ")
                || before.trim().is_empty();
            let tag_end = rest[at..]
                .find(char::is_whitespace)
                .map_or(rest.len(), |n| at + n);
            let tag = &rest[at..tag_end];
            let is_tag = tag_position
                && tag.len() > 1
                && tag[1..]
                    .chars()
                    .next()
                    .is_some_and(|c| c == '!' || c.is_ascii_alphabetic());
            kept.push_str(before);
            if !is_tag {
                kept.push_str(tag);
            }
            rest = &rest[tag_end..];
        }
        kept.push_str(rest);
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

fn collect_nav(
    value: &Value,
    nav: &mut BTreeMap<String, NavEntry>,
    position: &mut usize,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    let Value::Array(items) = value else { return };
    for item in items {
        match item {
            Value::String(path) => {
                record(nav, path, None, position);
            }
            Value::Object(map) => {
                for (title, target) in map {
                    match target {
                        Value::String(path) => record(nav, path, Some(title), position),
                        Value::Array(_) => collect_nav(target, nav, position, depth + 1),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

fn record(
    nav: &mut BTreeMap<String, NavEntry>,
    path: &str,
    title: Option<&String>,
    position: &mut usize,
) {
    let path = path.trim().trim_start_matches("./");
    if path.contains("://") || !crate::content::walk::has_md_extension(path) {
        return;
    }
    let Some(title) = title.map(|t| t.trim()).filter(|t| !t.is_empty()) else {
        *position += 1;
        return;
    };
    nav.entry(path.to_string()).or_insert_with(|| NavEntry {
        title: title.to_string(),
        position: *position,
    });
    *position += 1;
}
