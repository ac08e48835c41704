//! The checks of a page's fields and text that need no Markdown parse: owner, freshness, the
//! facts of people and tools, checklist items and translations, control characters.

use chrono::NaiveDate;

use super::position::Lines;
use super::rules::Rule;
use super::settings::Settings;
use super::{Page, Row};
use crate::content::checklist::{self, ItemProblemKind};
use crate::content::sanitize::is_unsafe_char;
use crate::content::{Freshness, Kind, Library, display_date, is_known_time_zone};

/// At most this many control-character rows per page: one tampered file should not bury
/// every other finding.
const MAX_CONTROL_ROWS: usize = 20;

pub(crate) fn check(
    page: &Page,
    settings: &Settings,
    library: &Library,
    today: NaiveDate,
) -> Vec<Row> {
    let mut rows = Vec::new();
    owner(page, settings, library, &mut rows);
    freshness(page, today, &mut rows);
    facts(page, &mut rows);
    if page.doc.kind == Kind::Checklist {
        items(page, &mut rows);
        translation(page, library, &mut rows);
    }
    control_characters(page, &mut rows);
    rows
}

fn owner(page: &Page, settings: &Settings, library: &Library, rows: &mut Vec<Row>) {
    let doc = page.doc;
    match doc.owner.as_deref() {
        Some(owner) if library.owner_of(doc).is_none() => {
            let people: Vec<&str> = library
                .close_ids(owner, 5)
                .into_iter()
                .filter(|id| library.get(id).is_some_and(|d| d.kind == Kind::Person))
                .take(3)
                .collect();
            let what = match library.resolve_link(doc, owner) {
                Some(d) => format!("`{}` is a {} page, not a person", d.id, d.kind),
                None => "no person page has that id".to_string(),
            };
            let hint = if people.is_empty() {
                String::new()
            } else {
                format!("; did you mean {}?", quoted(&people))
            };
            rows.push(page.row_at_field(
                "owner",
                Rule::UnknownOwner,
                format!("owner `{owner}`: {what}{hint}"),
            ));
        }
        None if settings.require_owner && doc.kind != Kind::Note => rows.push(Row::new(
            page.label,
            1,
            1,
            Rule::MissingOwner,
            "no `owner`; this pack asks every page for one (`owner: people/...`)".into(),
        )),
        _ => {}
    }
}

fn freshness(page: &Page, today: NaiveDate, rows: &mut Vec<Row>) {
    let doc = page.doc;
    if let Freshness::Stale { last, due } = doc.freshness(today) {
        let every = doc
            .review_every
            .map(crate::content::ReviewInterval::label)
            .unwrap_or_default();
        let owner = doc
            .owner
            .as_deref()
            .map_or_else(String::new, |o| format!("; owner `{o}`"));
        rows.push(page.row_at_field(
            "last_reviewed",
            Rule::Stale,
            format!(
                "due for review since {} (last reviewed {}, every {every}){owner}",
                display_date(due),
                display_date(last)
            ),
        ));
    }
}

fn facts(page: &Page, rows: &mut Vec<Row>) {
    let doc = page.doc;
    match doc.kind {
        Kind::Person => {
            let p = &doc.person;
            if p.contact.as_deref().is_none_or(|c| c.trim().is_empty()) {
                rows.push(Row::new(
                    page.label,
                    1,
                    1,
                    Rule::PersonFields,
                    "person page has no `contact` (how to reach them)".into(),
                ));
            }
            match p.timezone.as_deref() {
                None => rows.push(Row::new(
                    page.label,
                    1,
                    1,
                    Rule::PersonFields,
                    "person page has no `timezone` (an IANA name such as Europe/Dublin)".into(),
                )),
                Some(tz) if !is_known_time_zone(tz) => rows.push(page.row_at_field(
                    "timezone",
                    Rule::PersonFields,
                    format!(
                        "timezone `{tz}` is not a time zone onramp knows (an IANA name such as Europe/Dublin)"
                    ),
                )),
                Some(_) => {}
            }
        }
        Kind::Tool
            if doc
                .tool
                .access
                .as_deref()
                .is_none_or(|a| a.trim().is_empty()) =>
        {
            rows.push(Row::new(
                page.label,
                1,
                1,
                Rule::ToolAccess,
                "tool page does not say how to get access (`access`)".into(),
            ));
        }
        _ => {}
    }
}

/// Item problems as the checklist reader reports them: the same parse progress uses.
fn items(page: &Page, rows: &mut Vec<Row>) {
    let doc = page.doc;
    for problem in checklist::items(&doc.body).1 {
        let rule = match problem.kind {
            ItemProblemKind::DuplicateId => Rule::DuplicateItemId,
            ItemProblemKind::BadDue | ItemProblemKind::BadAttributes => Rule::BadValue,
        };
        rows.push(Row::new(
            page.label,
            doc.body_line + problem.line - 1,
            1,
            rule,
            problem.message,
        ));
    }
}

fn translation(page: &Page, library: &Library, rows: &mut Vec<Row>) {
    let doc = page.doc;
    if !doc.extra.contains_key("translation_of") {
        return;
    }
    let message = match (doc.translation_of(), library.original_of(doc)) {
        (_, Some(_)) => return,
        (None, _) => {
            "`translation_of` should be the id of the checklist this one translates".to_string()
        }
        (Some(id), None) => match library.get(id) {
            Some(d) if d.id == doc.id => "`translation_of` names this checklist itself".into(),
            Some(d) => format!(
                "`translation_of` names `{id}`, which is a {} page, not a checklist",
                d.kind
            ),
            None => format!("`translation_of` names `{id}`, and no page has that id"),
        },
    };
    rows.push(page.row_at_field("translation_of", Rule::BadTranslation, message));
}

/// Characters the sanitiser would replace: the reader shows placeholders, but a page that
/// holds them was most likely tampered with or mangled.
fn control_characters(page: &Page, rows: &mut Vec<Row>) {
    let raw = page.doc.raw.as_str();
    if !raw.chars().any(is_unsafe_char) {
        return;
    }
    let lines = Lines::new(raw);
    let mut count = 0;
    let mut last_line = 0;
    for (offset, c) in raw.char_indices().filter(|(_, c)| is_unsafe_char(*c)) {
        let (line, col) = lines.at(offset);
        // One row per line is enough to find them.
        if line == last_line {
            continue;
        }
        last_line = line;
        count += 1;
        if count > MAX_CONTROL_ROWS {
            break;
        }
        rows.push(Row::new(
            page.label,
            line,
            col,
            Rule::ControlCharacter,
            format!(
                "control character U+{:04X} in the text (readers see it as {})",
                c as u32,
                crate::content::term_safe_inline(&c.to_string())
            ),
        ));
    }
}

fn quoted(ids: &[&str]) -> String {
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
