//! Turning a parsed frontmatter map into the typed fields of a [`Document`]. A field of the
//! wrong type is reported and left out; it never costs the page its body or other fields.
//! Fields onramp does not know are kept in `extra`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::document::{Kind, PersonFields, ToolFields};
use super::freshness::{self, ReviewInterval};

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
    pub last_reviewed: Option<chrono::NaiveDate>,
    pub review_every: Option<ReviewInterval>,
    pub lang: Option<String>,
    pub phase: Option<u8>,
    pub order: Option<i64>,
    pub person: PersonFields,
    pub tool: ToolFields,
    pub expansion: Option<String>,
    pub extra: BTreeMap<String, Value>,
}

/// A field that could not be used: its key, and a message naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub key: String,
    pub message: String,
}

/// Resolves `map` into fields; each problem is returned with the field it is about.
pub fn resolve(map: Map<String, Value>) -> (Fields, Vec<FieldProblem>) {
    let mut f = Fields::default();
    let mut problems = Vec::new();
    for (key, value) in map {
        let field = key.clone();
        let mut p = |message: String| {
            problems.push(FieldProblem {
                key: field.clone(),
                message,
            });
        };
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
            "owner" => f.owner = text(&key, value, &mut p).filter(|s| !s.trim().is_empty()),
            "last_reviewed" => {
                f.last_reviewed = text(&key, value, &mut p).and_then(|t| {
                    let date = freshness::parse_date(&t);
                    if date.is_none() {
                        p(format!(
                            "field `last_reviewed` is `{t}`, not a date like 2026-09-12; ignored"
                        ));
                    }
                    date
                });
            }
            "review_every" => {
                f.review_every = text(&key, value, &mut p).and_then(|t| match t.parse() {
                    Ok(every) => Some(every),
                    Err(e) => {
                        p(format!("field `review_every`: {e}; ignored"));
                        None
                    }
                });
            }
            "lang" => f.lang = text(&key, value, &mut p).map(|l| l.trim().to_ascii_lowercase()),
            "phase" => {
                f.phase = integer(&key, &value, Some((1, 7)), &mut p)
                    .and_then(|n| in_range(&key, n, 1, 7, &mut p));
            }
            "order" => f.order = integer(&key, &value, None, &mut p),
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

/// A whole number. `range` is what the field allows, to name it when the number is too
/// large to read at all.
fn integer(
    key: &str,
    value: &Value,
    range: Option<(i64, i64)>,
    problems: &mut impl FnMut(String),
) -> Option<i64> {
    let out_of_range = |shown: &dyn std::fmt::Display| match range {
        Some((lo, hi)) => format!("field `{key}` is {shown}, outside {lo}..={hi}; ignored"),
        None => format!("field `{key}` is {shown}, too large a number; ignored"),
    };
    match value {
        Value::Number(n) if n.is_i64() => n.as_i64(),
        Value::Number(n) if n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0) => {
            // Digits past what fits: YAML hands them over as a float, shown in full here.
            let shown = n.as_u64().map_or_else(
                || format!("{:.0}", n.as_f64().unwrap_or_default()),
                |u| u.to_string(),
            );
            problems(out_of_range(&shown));
            None
        }
        Value::Number(n) => {
            problems(format!(
                "field `{key}` should be a whole number, found {n}; ignored"
            ));
            None
        }
        Value::String(s) => match s.trim().parse::<i64>() {
            Ok(n) => Some(n),
            Err(e)
                if matches!(
                    e.kind(),
                    std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow
                ) =>
            {
                problems(out_of_range(&s.trim()));
                None
            }
            Err(_) => {
                problems(format!(
                    "field `{key}` should be a whole number, found the text `{s}`; ignored"
                ));
                None
            }
        },
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

    fn resolve_json(v: Value) -> (Fields, Vec<FieldProblem>) {
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
                .any(|p| p.key == "tags" && p.message.contains("should be a list, found a map"))
        );
    }

    #[rstest::rstest]
    #[case::huge_phase(json!({"phase": 99_999_999_999_999_999_999.0_f64}), "field `phase` is 100000000000000000000, outside 1..=7; ignored")]
    #[case::u64_phase(json!({"phase": u64::MAX}), "field `phase` is 18446744073709551615, outside 1..=7; ignored")]
    #[case::huge_text_phase(json!({"phase": "99999999999999999999"}), "field `phase` is 99999999999999999999, outside 1..=7; ignored")]
    #[case::huge_order(json!({"order": u64::MAX}), "field `order` is 18446744073709551615, too large a number; ignored")]
    #[case::fraction(json!({"order": 2.5}), "field `order` should be a whole number, found 2.5; ignored")]
    #[case::word(json!({"phase": "late"}), "field `phase` should be a whole number, found the text `late`; ignored")]
    fn bad_values_are_named(#[case] input: Value, #[case] expected: &str) {
        let (f, problems) = resolve_json(input);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages, [expected]);
        assert_eq!((f.phase, f.order), (None, None));
        assert_eq!((f.last_reviewed, f.review_every), (None, None));
    }

    #[rstest::rstest]
    #[case("last_reviewed", "2026-01-31", "2026-01-31")]
    #[case("last_reviewed", "2024-02-29", "2024-02-29")]
    #[case("last_reviewed", "2026-01-31T10:00:00Z", "2026-01-31")]
    #[case("review_every", "90d", "90d")]
    #[case("review_every", "12W", "12w")]
    #[case("review_every", "6 months", "6m")]
    #[case("review_every", "1y", "1y")]
    fn good_review_values_are_kept(#[case] key: &str, #[case] value: &str, #[case] read: &str) {
        let (f, problems) = resolve_json(json!({ key: value }));
        assert!(problems.is_empty(), "{problems:?}");
        let kept = if key == "last_reviewed" {
            f.last_reviewed.map(|d| d.to_string())
        } else {
            f.review_every.map(|r| r.to_string())
        };
        assert_eq!(kept.as_deref(), Some(read));
    }

    #[rstest::rstest]
    #[case("last_reviewed", "notadate")]
    #[case("last_reviewed", "2026-02-30")]
    #[case("last_reviewed", "2026-01-02x")]
    #[case("review_every", "x")]
    #[case("review_every", "0d")]
    fn bad_review_values_are_named(#[case] key: &str, #[case] value: &str) {
        let (f, problems) = resolve_json(json!({ key: value }));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(format!("{problems:?}").contains(value), "{problems:?}");
        assert_eq!((f.last_reviewed, f.review_every), (None, None));
    }

    #[test]
    fn review_fields_are_typed_and_bad_values_reported() {
        let (f, problems) = resolve_json(json!({
            "last_reviewed": "2026-09-12", "review_every": "90d"
        }));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(f.last_reviewed, Some("2026-09-12".parse().unwrap()));
        assert_eq!(
            f.review_every.map(|r| r.to_string()).as_deref(),
            Some("90d")
        );
        let (f, problems) = resolve_json(json!({
            "last_reviewed": "2026-02-30", "review_every": "x", "owner": " "
        }));
        assert_eq!(
            (f.last_reviewed, f.review_every, f.owner),
            (None, None, None)
        );
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["last_reviewed", "review_every"], "{problems:?}");
        assert!(problems[0].message.contains("`2026-02-30`"), "{problems:?}");
    }

    #[test]
    fn keywords_serve_as_tags_unless_tags_given() {
        let (f, _) = resolve_json(json!({"keywords": ["leave"]}));
        assert_eq!(f.tags, ["leave"]);
        let (f, _) = resolve_json(json!({"keywords": ["leave"], "tags": ["x"]}));
        assert_eq!(f.tags, ["x"]);
    }
}
