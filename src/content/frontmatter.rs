//! Splitting a page into frontmatter and body, and parsing the frontmatter (YAML between
//! `---` lines or TOML between `+++` lines) into a generic map.
//!
//! Delimiters are exact lines (trailing spaces allowed): a `----` banner or a `--- x` line
//! opens nothing. A block that is never closed is not frontmatter: the whole file is body,
//! so no text is ever dropped.

use serde_json::{Map, Value};

/// Which syntax a frontmatter block uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

/// A page split at its frontmatter.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The frontmatter text between the delimiters, with its format.
    pub frontmatter: Option<(Format, &'a str)>,
    pub body: &'a str,
    /// 1-based line number where the body starts.
    pub body_line: usize,
    /// Set when an opening delimiter was found but no closing one.
    pub unclosed: Option<Format>,
}

/// Frontmatter larger than this is refused before parsing.
pub const MAX_FRONTMATTER_BYTES: usize = 256 * 1024;

/// Splits `text` (already without BOM and with `\n` line ends).
pub fn split(text: &str) -> Split<'_> {
    let no_frontmatter = Split {
        frontmatter: None,
        body: text,
        body_line: 1,
        unclosed: None,
    };
    let first_end = text.find('\n').unwrap_or(text.len());
    let first = text[..first_end].trim_end();
    let format = match first {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => return no_frontmatter,
    };
    let closers: &[&str] = match format {
        Format::Yaml => &["---", "..."],
        Format::Toml => &["+++"],
    };
    let content_start = (first_end + 1).min(text.len());
    let mut pos = content_start;
    let mut line_no = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if closers.contains(&line) {
            let body_start = (end + 1).min(text.len());
            return Split {
                frontmatter: Some((format, &text[content_start..pos])),
                body: &text[body_start..],
                body_line: line_no + 1,
                unclosed: None,
            };
        }
        pos = end + 1;
        line_no += 1;
    }
    Split {
        unclosed: Some(format),
        ..no_frontmatter
    }
}

/// The 1-based line of the file on which top-level field `key` of `frontmatter` (the block
/// [`split`] found, which starts on line 2) is written. Only finds the key; values are never
/// read again, so this cannot disagree with [`parse`] about what a field holds.
pub fn key_line(format: Format, frontmatter: &str, key: &str) -> Option<usize> {
    let quoted = |line: &str| -> Option<usize> {
        for q in ["", "\"", "'"] {
            if let Some(rest) = line.strip_prefix(q).and_then(|l| l.strip_prefix(key))
                && let Some(rest) = rest.strip_prefix(q)
            {
                return Some(line.len() - rest.len());
            }
        }
        None
    };
    for (index, line) in frontmatter.lines().enumerate() {
        match format {
            Format::Yaml => {
                if line.starts_with([' ', '\t']) {
                    continue;
                }
                if let Some(end) = quoted(line) {
                    let rest = line[end..].trim_start();
                    if rest
                        .strip_prefix(':')
                        .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
                    {
                        return Some(index + 2);
                    }
                }
            }
            Format::Toml => {
                let t = line.trim_start();
                // Keys after the first table header belong to that table.
                if t.starts_with('[') {
                    return None;
                }
                if let Some(end) = quoted(t) {
                    let rest = t[end..].trim_start();
                    if rest.starts_with('=') || rest.starts_with('.') {
                        return Some(index + 2);
                    }
                }
            }
        }
    }
    None
}

/// Why a frontmatter block could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrontmatterError {
    #[error("{format} frontmatter does not parse: {message}")]
    Syntax {
        format: &'static str,
        message: String,
    },
    #[error("frontmatter is {size} bytes, over the {max}-byte limit")]
    TooLarge { size: usize, max: usize },
}

/// What parsing gave: a map of fields, or a value of another shape (reported, not fatal).
#[derive(Debug, PartialEq)]
pub enum Parsed {
    Map(Map<String, Value>),
    /// The block parsed but is not a map (a list, a scalar): its fields cannot be used.
    NotAMap(&'static str),
}

/// Parses a frontmatter block. Alias bombs and deep nesting fail fast with an error: the
/// YAML parser works under a budget of events, aliases and depth, and the TOML parser has
/// a recursion limit.
pub fn parse(format: Format, text: &str) -> Result<Parsed, FrontmatterError> {
    if text.len() > MAX_FRONTMATTER_BYTES {
        return Err(FrontmatterError::TooLarge {
            size: text.len(),
            max: MAX_FRONTMATTER_BYTES,
        });
    }
    if text.trim().is_empty() {
        return Ok(Parsed::Map(Map::new()));
    }
    let value = match format {
        Format::Yaml => parse_yaml(text)?,
        Format::Toml => {
            let table: toml::Table =
                toml::from_str(text).map_err(|e| FrontmatterError::Syntax {
                    format: "TOML",
                    message: one_line(&e.to_string()),
                })?;
            toml_to_json(toml::Value::Table(table))
        }
    };
    Ok(match value {
        Value::Object(map) => Parsed::Map(map),
        Value::Null => Parsed::Map(Map::new()),
        Value::Array(_) => Parsed::NotAMap("a list"),
        Value::String(_) => Parsed::NotAMap("a string"),
        Value::Number(_) => Parsed::NotAMap("a number"),
        Value::Bool(_) => Parsed::NotAMap("a boolean"),
    })
}

fn parse_yaml(text: &str) -> Result<Value, FrontmatterError> {
    let mut budget = serde_saphyr::Budget::default();
    // Frontmatter is a handful of fields: these bounds are generous for it and stop an alias
    // bomb or a 10,000-deep nesting within milliseconds.
    budget.max_depth = 64;
    budget.max_events = 200_000;
    budget.max_aliases = 1_000;
    budget.max_nodes = 100_000;
    // YAML 1.2 booleans only: `y`, `no` or `on` stay text (a tag `no` is not `false`).
    let options =
        serde_saphyr::options! { budget: Some(budget), strict_booleans: true, with_snippet: false };
    serde_saphyr::from_str_with_options::<Value>(text, options).map_err(|e| {
        FrontmatterError::Syntax {
            format: "YAML",
            message: one_line(&e.to_string()),
        }
    })
}

/// Converts TOML to the JSON model; datetimes become their RFC 3339 text.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Parser messages can span lines (snippets with carets): keep the first meaningful line.
fn one_line(message: &str) -> String {
    let line = message
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("invalid syntax");
    let mut out: String = line.chars().take(200).collect();
    if line.chars().count() > 200 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use std::fmt::Write as _;

    #[test]
    fn yaml_block_is_split_from_body() {
        let s = split("---\ntitle: A\n---\n# Body\n");
        assert_eq!(s.frontmatter, Some((Format::Yaml, "title: A\n")));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn toml_block_is_split_from_body() {
        let s = split("+++\ntitle = \"A\"\n+++\nbody");
        assert_eq!(s.frontmatter, Some((Format::Toml, "title = \"A\"\n")));
        assert_eq!(s.body, "body");
    }

    #[rstest]
    #[case::banner("----\ntitle: A\n----\nbody\n")]
    #[case::text_after_dashes("--- x\ntitle: A\n---\n")]
    #[case::no_frontmatter("# Title\n\ntext\n")]
    #[case::empty("")]
    fn no_frontmatter_keeps_everything(#[case] text: &str) {
        let s = split(text);
        assert_eq!(s.frontmatter, None);
        assert_eq!(s.body, text);
        assert_eq!(s.unclosed, None);
    }

    #[test]
    fn unclosed_block_is_all_body() {
        let text = "---\ntitle: A\n# Heading\nbody\n";
        let s = split(text);
        assert_eq!(s.frontmatter, None);
        assert_eq!(s.body, text);
        assert_eq!(s.unclosed, Some(Format::Yaml));
    }

    #[test]
    fn trailing_spaces_and_eof_closer() {
        let s = split("---  \ntitle: A\n---  ");
        assert_eq!(s.frontmatter, Some((Format::Yaml, "title: A\n")));
        assert_eq!(s.body, "");
    }

    #[test]
    fn yaml_dots_close_a_block() {
        let s = split("---\na: 1\n...\nbody");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn yaml_parses_to_map() {
        let Parsed::Map(map) = parse(Format::Yaml, "title: A\ntags: [x, y]\n").unwrap() else {
            panic!("not a map")
        };
        assert_eq!(map["title"], "A");
        assert_eq!(map["tags"][1], "y");
    }

    #[test]
    fn toml_dates_become_text() {
        let Parsed::Map(map) = parse(Format::Toml, "last_reviewed = 2026-01-02\n").unwrap() else {
            panic!("not a map")
        };
        assert_eq!(map["last_reviewed"], "2026-01-02");
    }

    #[rstest]
    #[case(Format::Yaml, "- a\n- b\n", "a list")]
    #[case(Format::Yaml, "just a string\n", "a string")]
    #[case(Format::Yaml, "42\n", "a number")]
    fn non_maps_are_reported(#[case] f: Format, #[case] text: &str, #[case] what: &'static str) {
        assert_eq!(parse(f, text).unwrap(), Parsed::NotAMap(what));
    }

    #[test]
    fn yaml_alias_bomb_fails_fast() {
        let mut y = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            let list = vec![format!("*{prev}"); 9].join(",");
            writeln!(y, "{name}: &{name} [{list}]").unwrap();
        }
        // The alias budget refuses it; expanding it would take billions of nodes.
        assert!(parse(Format::Yaml, &y).is_err());
    }

    #[test]
    fn deep_yaml_fails_without_overflow() {
        let y = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(Format::Yaml, &y).is_err());
    }

    #[test]
    fn deep_toml_fails_without_overflow() {
        let t = format!("x = {}{}\n", "[".repeat(20_000), "]".repeat(20_000));
        assert!(parse(Format::Toml, &t).is_err());
    }

    #[rstest]
    #[case(Format::Yaml, "title: A\nowner: people/x\n", "owner", Some(3))]
    #[case(
        Format::Yaml,
        "title: A\n  owner: nested\n\"owner\" : x\n",
        "owner",
        Some(4)
    )]
    #[case(Format::Yaml, "owners: x\nowner_x: y\n", "owner", None)]
    #[case(Format::Yaml, "title: \"owner: x\"\n", "owner", None)]
    #[case(Format::Toml, "title = \"A\"\nphase = 9\n", "phase", Some(3))]
    #[case(Format::Toml, "title = \"A\"\n[extra]\nphase = 9\n", "phase", None)]
    fn keys_are_found_on_their_line(
        #[case] format: Format,
        #[case] text: &str,
        #[case] key: &str,
        #[case] line: Option<usize>,
    ) {
        assert_eq!(key_line(format, text, key), line);
    }

    #[test]
    fn syntax_errors_name_the_format() {
        let err = parse(Format::Yaml, "title: [unclosed\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("YAML frontmatter does not parse"),
            "{err}"
        );
    }
}
