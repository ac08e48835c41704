//! Turning a parsed frontmatter map into the typed fields of a [`Document`]. A field of the
//! wrong type is reported and left out; it never costs the page its body or other fields.
//! Fields onramp does not know are kept in `extra`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::document::{Kind, PersonFields, ToolFields};

/// The frontmatter fields of a page, before defaults from its path are applied.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Fields {
    pub id: Option<String>,
    pub kind: Option<Kind>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub aliases: Vec<String>,
    pub owner: Option<String>,
    pub last_reviewed: Option<String>,
    pub review_every: Option<String>,
    pub lang: Option<String>,
    pub phase: Option<u8>,
    pub order: Option<i64>,
    pub person: PersonFields,
    pub tool: ToolFields,
    pub expansion: Option<String>,
    pub extra: BTreeMap<String, Value>,
}

/// Resolves `map` into fields; each problem is returned as a message naming the field.
pub fn resolve(map: Map<String, Value>) -> (Fields, Vec<String>) {
    let mut f = Fields::default();
    let mut problems = Vec::new();
    for (key, value) in map {
        let mut p = |msg: String| problems.push(msg);
        match key.as_str() {
            "id" => f.id = text(&key, value, &mut p).filter(|s| !s.trim().is_empty()),
            "kind" => {
                if let Some(k) = text(&key, value, &mut p) {
                    match k.parse() {
                        Ok(kind) => f.kind = Some(kind),
                        Err(e) => p(format!("field `kind`: {e}; using the folder's kind")),
                    }
                }
            }
            "title" => f.title = text(&key, value, &mut p),
            "description" => f.description = text(&key, value, &mut p),
            "tags" | "keywords" if key == "tags" || f.tags.is_empty() => {
                // `keywords` is what Jekyll handbooks call tags; an explicit `tags` wins.
                if let Some(list) = list(&key, value, &mut p) {
                    f.tags = list;
                }
            }
            "aliases" => f.aliases = list(&key, value, &mut p).unwrap_or_default(),
            "owner" => f.owner = text(&key, value, &mut p),
            "last_reviewed" => f.last_reviewed = text(&key, value, &mut p),
            "review_every" => f.review_every = text(&key, value, &mut p),
            "lang" => f.lang = text(&key, value, &mut p).map(|l| l.trim().to_ascii_lowercase()),
            "phase" => {
                f.phase =
                    integer(&key, &value, &mut p).and_then(|n| in_range(&key, n, 1, 7, &mut p));
            }
            "order" => f.order = integer(&key, &value, &mut p),
            "role" => f.person.role = text(&key, value, &mut p),
            "team" => f.person.team = text(&key, value, &mut p),
            "timezone" => f.person.timezone = text(&key, value, &mut p),
            "contact" => f.person.contact = text(&key, value, &mut p),
            "ask_me_about" => f.person.ask_me_about = list(&key, value, &mut p).unwrap_or_default(),
            "url" => f.tool.url = text(&key, value, &mut p),
            "access" => f.tool.access = text(&key, value, &mut p),
            "channel" => f.tool.channel = text(&key, value, &mut p),
            "expansion" => f.expansion = text(&key, value, &mut p),
            _ => {
                f.extra.insert(key, value);
            }
        }
    }
    (f, problems)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

/// A text field: strings as they are, numbers and booleans as their text.
fn text(key: &str, value: Value, problems: &mut impl FnMut(String)) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => None,
        other => {
            problems(format!(
                "field `{key}` should be text, found {}; ignored",
                kind_of(&other)
            ));
            None
        }
    }
}

/// A list field: a list of scalars, or one string with comma-separated entries.
fn list(key: &str, value: Value, problems: &mut impl FnMut(String)) -> Option<Vec<String>> {
    match value {
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(s) => out.push(s),
                    Value::Number(n) => out.push(n.to_string()),
                    Value::Bool(b) => out.push(b.to_string()),
                    other => problems(format!(
                        "field `{key}` has an entry that is {}; entry ignored",
                        kind_of(&other)
                    )),
                }
            }
            Some(out)
        }
        Value::String(s) => Some(
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        ),
        Value::Null => None,
        other => {
            problems(format!(
                "field `{key}` should be a list, found {}; ignored",
                kind_of(&other)
            ));
            None
        }
    }
}

fn integer(key: &str, value: &Value, problems: &mut impl FnMut(String)) -> Option<i64> {
    match value {
        Value::Number(n) if n.is_i64() => n.as_i64(),
        Value::String(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
        Value::Null => None,
        other => {
            problems(format!(
                "field `{key}` should be a whole number, found {}; ignored",
                kind_of(other)
            ));
            None
        }
    }
}

fn in_range(key: &str, n: i64, lo: i64, hi: i64, problems: &mut impl FnMut(String)) -> Option<u8> {
    if (lo..=hi).contains(&n) {
        u8::try_from(n).ok()
    } else {
        problems(format!(
            "field `{key}` is {n}, outside {lo}..={hi}; ignored"
        ));
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resolve_json(v: Value) -> (Fields, Vec<String>) {
        let Value::Object(map) = v else { panic!() };
        resolve(map)
    }

    #[test]
    fn typed_fields_and_unknown_ones_kept() {
        let (f, problems) = resolve_json(json!({
            "title": "Welcome", "tags": ["a", "b"], "phase": 2, "kind": "runbook",
            "ask_me_about": "iam, networking", "cover": "img.png"
        }));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(f.title.as_deref(), Some("Welcome"));
        assert_eq!(f.tags, ["a", "b"]);
        assert_eq!(f.phase, Some(2));
        assert_eq!(f.kind, Some(Kind::Runbook));
        assert_eq!(f.person.ask_me_about, ["iam", "networking"]);
        assert_eq!(f.extra["cover"], "img.png");
    }

    #[test]
    fn wrong_types_are_reported_not_fatal() {
        let (f, problems) = resolve_json(json!({
            "title": 123, "tags": {"a": "b"}, "phase": "late", "kind": "recipe", "owner": ["x"]
        }));
        assert_eq!(f.title.as_deref(), Some("123"));
        assert!(f.tags.is_empty());
        assert_eq!(f.phase, None);
        assert_eq!(f.kind, None);
        assert_eq!(f.owner, None);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`tags` should be a list, found a map"))
        );
    }

    #[test]
    fn keywords_serve_as_tags_unless_tags_given() {
        let (f, _) = resolve_json(json!({"keywords": ["leave"]}));
        assert_eq!(f.tags, ["leave"]);
        let (f, _) = resolve_json(json!({"keywords": ["leave"], "tags": ["x"]}));
        assert_eq!(f.tags, ["x"]);
    }
}
