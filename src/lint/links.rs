//! The checks that read a page's Markdown: links and images that find nothing, `#fragments`
//! that name no heading, and template syntax left in the text; and which pages each page
//! links to, for the orphan check. Links resolve through the library, as the reader follows
//! them; anchors are the content module's.

use std::collections::HashMap;
use std::sync::OnceLock;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use super::position::Lines;
use super::{Page, Row};
use crate::content::anchors::{Anchors, markdown_options};
use crate::content::{Document, Kind, Library, is_external_link};

/// The library's pages by position, with each page's anchors read when first asked for.
pub(crate) struct Index<'a> {
    library: &'a Library,
    positions: HashMap<&'a str, usize>,
    anchors: Vec<OnceLock<Anchors>>,
}

impl<'a> Index<'a> {
    pub fn new(library: &'a Library) -> Index<'a> {
        let docs = library.docs();
        Index {
            library,
            positions: docs
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.as_str(), i))
                .collect(),
            anchors: docs.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }

    fn anchors(&self, position: usize) -> &Anchors {
        self.anchors[position].get_or_init(|| Anchors::of(&self.library.docs()[position].body))
    }
}

/// True when readers reach `doc` without a link: it sits in a phase, on a list screen
/// (people, tools, glossary, checklists, notes), is a template (picked when writing a note),
/// is a runbook (reached from the alert or incident it answers, by search), or is the home
/// page of its folder.
pub fn is_listed(doc: &Document) -> bool {
    if doc.phase.is_some()
        || matches!(
            doc.kind,
            Kind::Person
                | Kind::Tool
                | Kind::Term
                | Kind::Checklist
                | Kind::Note
                | Kind::Template
                | Kind::Runbook
        )
    {
        return true;
    }
    let name = doc.path.rsplit('/').next().unwrap_or(&doc.path);
    let stem = name
        .rsplit_once('.')
        .map_or(name, |(s, _)| s)
        .to_ascii_lowercase();
    matches!(stem.as_str(), "index" | "readme" | "home" | "_index")
}

/// Checks the links and text of `page`. Returns its rows (none for a page not being checked)
/// and the positions of the pages it links to.
pub(crate) fn check(page: &Page, index: &Index) -> (Vec<Row>, Vec<usize>) {
    let doc = page.doc;
    let body = doc.body.as_str();
    let lines = Lines::new(body);
    let library = index.library;
    let mut rows = Vec::new();
    let mut linked = Vec::new();
    let mut in_code = 0usize;
    let mut report = |offset: usize, rule, message: String| {
        if page.checked {
            rows.push(page.row_in_body(&lines, offset, rule, message));
        }
    };
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                in_code = in_code.saturating_sub(1);
            }
            Event::Start(
                Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }
                | Tag::Image {
                    link_type,
                    dest_url,
                    ..
                },
            ) => {
                if link_type == LinkType::Email {
                    continue;
                }
                let target = dest_url.trim();
                if target.is_empty() {
                    continue;
                }
                if target.contains("{{") || target.contains("{%") {
                    report(
                        range.start,
                        super::Rule::TemplateSyntax,
                        format!(
                            "link to `{target}` holds template syntax; readers cannot follow it"
                        ),
                    );
                    continue;
                }
                let (path, fragment) = match target.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (target, None),
                };
                let resolved = if path.is_empty() {
                    index.position(&doc.id)
                } else {
                    let found = library.resolve_link(doc, target);
                    if found.is_none() && !is_external_link(target) && page.checked {
                        let message = if names_a_file(path) {
                            if library.resolve_file(doc, target) {
                                continue;
                            }
                            format!("link to `{target}` finds no file in this content")
                        } else {
                            missing_page(library, doc, target)
                        };
                        report(range.start, super::Rule::BrokenLink, message);
                    }
                    found.and_then(|d| index.position(&d.id))
                };
                let Some(to) = resolved else { continue };
                linked.push(to);
                if let Some(fragment) = fragment.filter(|f| !f.is_empty() && !f.starts_with('^'))
                    && page.checked
                    && !index.anchors(to).contains(fragment)
                {
                    let message = if path.is_empty() {
                        format!("no heading on this page has the anchor `#{fragment}`")
                    } else {
                        format!(
                            "`{}` has no heading with the anchor `#{fragment}`",
                            library.docs()[to].id
                        )
                    };
                    report(range.start, super::Rule::BrokenAnchor, message);
                }
            }
            Event::Text(_) if in_code == 0 && page.checked => {
                let source = &body[range.clone()];
                let mut at = 0;
                while let Some((start, len)) = template_at(source, at) {
                    let tag = tag_text(&source[start..]);
                    report(
                        range.start + start,
                        super::Rule::TemplateSyntax,
                        format!("template syntax `{tag}` is shown raw to readers"),
                    );
                    at = start + len;
                }
            }
            _ => {}
        }
    }
    if page.checked {
        dropped_tags(page, library, &mut rows);
    }
    (rows, linked)
}

/// Template tags the page's site would fill in and onramp drops (`{% include footer.html %}`):
/// read from the page as written, since its loaded text has them converted or gone.
fn dropped_tags(page: &Page, library: &Library, rows: &mut Vec<Row>) {
    let doc = page.doc;
    let raw = crate::content::frontmatter::split(&doc.raw).body;
    let flavour = library
        .sources()
        .iter()
        .find(|s| s.name == doc.source)
        .map(|s| s.flavour)
        .unwrap_or_default();
    let lines = Lines::new(raw);
    let mut from = 0;
    for tag in crate::content::templates::dropped(raw, flavour) {
        // The tag as written may space its name differently; its opening finds it.
        let opening = tag.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
        let at = raw[from..]
            .find(&tag)
            .or_else(|| raw[from..].find(&opening))
            .map_or(from, |i| from + i);
        from = at;
        rows.push(page.row_in_body(
            &lines,
            at,
            super::Rule::TemplateSyntax,
            format!("template tag `{tag}` is dropped: readers see the page without what it adds"),
        ));
    }
}

fn missing_page(library: &Library, doc: &Document, target: &str) -> String {
    let close = library.close_link_targets(doc, target, 3);
    if close.is_empty() {
        format!("link to `{target}` finds no page")
    } else {
        format!(
            "link to `{target}` finds no page; did you mean {}?",
            close
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// True when a link's path names a file that is not a page (`img/logo.png`, `forms/a.pdf`).
fn names_a_file(path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && !ext.is_empty()
                && !ext.eq_ignore_ascii_case("md")
                && !ext.eq_ignore_ascii_case("markdown")
        }
        None => false,
    }
}

/// The first template tag in `text` at or after byte `from`: its start and the length of
/// its opening (`{%`, `{{<`, `{{%`).
fn template_at(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut at = from;
    while let Some(i) = text.get(at..)?.find('{') {
        let start = at + i;
        let rest = &text[start..];
        if rest.starts_with("{{<") || rest.starts_with("{{%") {
            return Some((start, 3));
        }
        if rest.starts_with("{%") {
            return Some((start, 2));
        }
        at = start + 1;
    }
    None
}

/// The tag at the start of `text`, up to its closing `%}` or `}}`, cut at 40 characters.
fn tag_text(text: &str) -> String {
    let close = if text.starts_with("{{") { "}}" } else { "%}" };
    let end = text.find(close).map_or(text.len(), |i| i + close.len());
    let tag = text[..end].lines().next().unwrap_or("");
    if tag.chars().count() > 40 {
        let cut: String = tag.chars().take(40).collect();
        format!("{cut}…")
    } else {
        tag.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("img/logo.png", true)]
    #[case("../forms/leave.pdf", true)]
    #[case("../guides/a.md", false)]
    #[case("people/priya", false)]
    #[case(".well-known", false)]
    fn files_that_are_not_pages(#[case] path: &str, #[case] file: bool) {
        assert_eq!(names_a_file(path), file);
    }

    #[test]
    fn template_tags_are_found_once_each() {
        let text = "a {% page \"x\" %} b {{< hint >}} c {{% notice %}} d {{title}} e";
        let mut found = Vec::new();
        let mut at = 0;
        while let Some((start, len)) = template_at(text, at) {
            found.push(tag_text(&text[start..]));
            at = start + len;
        }
        assert_eq!(
            found,
            ["{% page \"x\" %}", "{{< hint >}}", "{{% notice %}}"]
        );
    }
}
