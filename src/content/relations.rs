//! How pages refer to each other besides links in their text: who owns a page, which
//! checklist a translation belongs to, the notes that mention a person, whether a link's
//! `#fragment` or a link to a file that is not a page finds its target. Every reader of these
//! (the lint, `show`, `list`, progress, the app) asks here.

use super::anchors::{Anchors, percent_decode};
use super::document::{Document, Kind};
use super::library::{Library, relative_path};
use super::load::BUNDLED;

/// True when a link leaves the content: it has a scheme (`https:`, `mailto:`, `tel:`, as
/// RFC 3986 spells one) or names another host (`//host/x`). A team pack's qualified id
/// (`platform:guides/deploys`) reads like a scheme too, so callers resolve a link in the
/// library first and ask this only of what finds no page.
pub fn is_external_link(target: &str) -> bool {
    if target.starts_with("//") {
        return true;
    }
    let Some((scheme, _)) = target.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

impl Document {
    /// The id in a checklist's `translation_of` field, if it is text.
    pub fn translation_of(&self) -> Option<&str> {
        self.extra
            .get("translation_of")
            .and_then(serde_json::Value::as_str)
    }
}

impl Library {
    /// The person page a document's `owner` names, found as a link from that page would
    /// be; `None` when the owner is not a person of the loaded content.
    pub fn owner_of(&self, doc: &Document) -> Option<&Document> {
        let owner = doc.owner.as_deref()?;
        self.resolve_link(doc, owner)
            .filter(|p| p.kind == Kind::Person)
    }

    /// The pages `person` (an id) owns, in id order.
    pub fn owned_by(&self, person: &str) -> Vec<&Document> {
        self.docs()
            .iter()
            .filter(|d| self.owner_is(d, person))
            .collect()
    }

    /// True when `doc`'s owner is `person`: the same page once both are resolved, else the
    /// same text as written.
    pub fn owner_is(&self, doc: &Document, person: &str) -> bool {
        let Some(owner) = doc.owner.as_deref() else {
            return false;
        };
        match (self.owner_of(doc), self.get(person)) {
            (Some(resolved), Some(wanted)) => resolved.id == wanted.id,
            _ => owner == person,
        }
    }

    /// The notes that mention `person`: by the file name of their page or their full name.
    pub fn notes_mentioning(&self, person: &Document) -> Vec<&Document> {
        let file = person.path.rsplit('/').next().unwrap_or(&person.path);
        self.of_kind(Kind::Note)
            .filter(|n| n.id != person.id)
            .filter(|n| n.body.contains(file) || n.body.contains(person.title.as_str()))
            .collect()
    }

    /// The checklist `doc` translates: the page its `translation_of` names, when that is a
    /// checklist. Progress shares ticks between the two only then.
    pub fn original_of(&self, doc: &Document) -> Option<&Document> {
        self.get(doc.translation_of()?)
            .filter(|d| d.kind == Kind::Checklist && d.id != doc.id)
    }

    /// Ids close to what a link that finds no page names, best first, for "did you mean".
    pub fn close_link_targets(&self, from: &Document, target: &str, limit: usize) -> Vec<&str> {
        let target = target.split(['#', '?']).next().unwrap_or("");
        let mut wanted = relative_path(&from.path, target).unwrap_or_else(|| target.to_string());
        for ext in [".md", ".markdown"] {
            if wanted.to_ascii_lowercase().ends_with(ext) {
                wanted.truncate(wanted.len() - ext.len());
            }
        }
        // Close in its last part (the file name) first, then in the whole path: sharing a
        // folder alone makes no two pages alike.
        let tail = |id: &str| id.rsplit('/').next().unwrap_or(id).to_lowercase();
        let wanted_tail = tail(&wanted);
        let mut scored: Vec<(f64, f64, &str)> = self
            .docs()
            .iter()
            .map(|d| {
                let name = strsim::jaro_winkler(&wanted_tail, &tail(&d.id));
                (name, strsim::jaro_winkler(&wanted, &d.id), d.id.as_str())
            })
            .filter(|(name, ..)| *name >= 0.85)
            .collect();
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(b.1.total_cmp(&a.1))
                .then(a.2.cmp(b.2))
        });
        scored.into_iter().take(limit).map(|(.., id)| id).collect()
    }

    /// True when `fragment` (without `#`) names a heading or anchor of `doc`.
    pub fn has_anchor(&self, doc: &Document, fragment: &str) -> bool {
        self.anchor_line(doc, fragment).is_some()
    }

    /// The 0-based line of `doc`'s body where the heading or anchor `fragment` names starts:
    /// where a reader following `#fragment` scrolls to.
    pub fn anchor_line(&self, doc: &Document, fragment: &str) -> Option<usize> {
        Anchors::of(&doc.body).line_of(fragment)
    }

    /// True when a link from `from` to a file that is not a page (an image, a PDF) names a
    /// file inside `from`'s content root. Query and fragment are ignored.
    pub fn resolve_file(&self, from: &Document, target: &str) -> bool {
        let target = target.split(['#', '?']).next().unwrap_or("");
        if target.is_empty() {
            return false;
        }
        let Some(rel) = relative_path(&from.path, &percent_decode(target)) else {
            return false;
        };
        match &from.file {
            None => BUNDLED.get_file(&rel).is_some(),
            Some(file) => {
                let depth = from.path.split('/').count();
                file.ancestors()
                    .nth(depth)
                    .is_some_and(|root| root.join(&rel).is_file())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::content::test_files::write;
    use crate::content::{Layer, LoadOptions, Source, load};

    #[rstest::rstest]
    #[case("https://x.example/a", true)]
    #[case("HTTPS://X.EXAMPLE", true)]
    #[case("mailto:a@b.example", true)]
    #[case("javascript:alert(1)", true)]
    #[case("//cdn.example/x.js", true)]
    #[case("../guides/a.md", false)]
    #[case("people/priya", false)]
    #[case("#section", false)]
    #[case("a.md#part:two", false)]
    #[case("1password:x", false)]
    fn external_links(#[case] target: &str, #[case] external: bool) {
        assert_eq!(super::is_external_link(target), external, "{target}");
    }

    #[test]
    fn owners_translations_anchors_and_files_resolve_as_links_do() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "people/ana.md", "# Ana Rossi\n");
        write(
            root,
            "guides/a.md",
            "---\nowner: ../people/ana.md\n---\n# A\n\n## Part two\n",
        );
        write(root, "guides/b.md", "---\nowner: people/ana\n---\n# B\n");
        write(root, "guides/c.md", "---\nowner: guides/a\n---\n# C\n");
        write(root, "checklists/week.md", "# Week\n");
        write(
            root,
            "checklists/it/settimana.md",
            "---\ntranslation_of: checklists/week\n---\n# Settimana\n",
        );
        write(
            root,
            "checklists/odd.md",
            "---\ntranslation_of: guides/a\n---\n# Odd\n",
        );
        write(
            root,
            "notes/call.md",
            "# Call\n\nWith Ana Rossi about the VPN.\n",
        );
        write(root, "guides/img/map.png", "png");
        let lib = load(&[Source::dir(Layer::Flag, root)], &LoadOptions::default());
        let doc = |id: &str| lib.get(id).unwrap();
        assert_eq!(
            lib.owner_of(doc("guides/a")).map(|d| d.id.as_str()),
            Some("people/ana")
        );
        assert_eq!(lib.owner_of(doc("guides/c")), None, "a guide is no owner");
        let owned: Vec<&str> = lib
            .owned_by("people/ana")
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(owned, ["guides/a", "guides/b"]);
        let notes: Vec<&str> = lib
            .notes_mentioning(doc("people/ana"))
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(notes, ["notes/call"]);
        let original = lib.original_of(doc("checklists/it/settimana"));
        assert_eq!(original.map(|d| d.id.as_str()), Some("checklists/week"));
        assert_eq!(lib.original_of(doc("checklists/odd")), None);
        assert!(lib.has_anchor(doc("guides/a"), "part-two"));
        assert_eq!(lib.anchor_line(doc("guides/a"), "Part-Two"), Some(2));
        assert!(!lib.has_anchor(doc("guides/a"), "part-three"));
        assert!(lib.resolve_file(doc("guides/a"), "img/map.png"));
        assert!(!lib.resolve_file(doc("guides/a"), "img/none.png"));
        assert!(!lib.resolve_file(doc("guides/a"), "../../outside.png"));
        assert_eq!(
            lib.close_link_targets(doc("guides/a"), "../guides/bb.md", 3),
            ["guides/b"]
        );
    }
}
