//! Which pages a lookup of given names may reach: a superset, worked out from ids and paths
//! alone, so a cache can build a library of just those pages and every lookup of those
//! names answers as it would in the whole library. Owns that rule next to the lookups it
//! follows (`Library::lookup`, `Library::resolve_link`); never reads files.
//!
//! Every way to a page ends in the last part of what was asked: an id is compared whole,
//! with its pack's prefix or the notes folder's before it; a link becomes a path whose last
//! part is the link's (`../a/b.md`, `b/`, `b.html` all end in `b`), and a page answers to a
//! path by the parts of its own path, and to the addresses its fields give it (`permalink`,
//! `redirect_from`, `url`, `slug`, an alias from the root) by theirs.
//! A name whose last part says nothing (`/`, `..`, `index.md`) admits every page.

use std::collections::HashSet;

use super::document::Document;

/// The names asked for, by last part.
#[derive(Debug, Clone, Default)]
pub struct Reach {
    parts: HashSet<String>,
    everything: bool,
}

impl Reach {
    /// Reaches every page: a library of all of them.
    pub fn everything() -> Reach {
        Reach {
            everything: true,
            ..Reach::default()
        }
    }

    /// True when every page is admitted.
    pub fn is_everything(&self) -> bool {
        self.everything
    }

    /// Admits the pages `name` (an id as typed, a link as written, an owner) may name.
    pub fn name(&mut self, name: &str) {
        match last_part(name) {
            Some(part) => {
                self.parts.insert(part.to_string());
            }
            None => self.everything = true,
        }
    }

    /// Admits the pages each of `names` may name; an empty name admits nothing.
    pub fn extend<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        for name in names.into_iter().filter(|n| !n.trim().is_empty()) {
            self.name(name);
        }
    }

    /// Admits what the note links to or names in its fields, which `notes_about` follows.
    pub fn name_note(&mut self, note: &Document) {
        for target in note.note_about().into_iter().chain(note.note_people()) {
            self.name(target);
        }
        for target in super::note::link_targets(&note.body) {
            self.name(&target);
        }
    }

    /// The last parts named, each once, in no order; meaningless when every page is
    /// admitted. A cache that keeps its pages by [`page_keys`] finds what [`Reach::admits`]
    /// admits from these alone.
    pub fn named(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(String::as_str)
    }

    /// True when `name` was named (or every page is admitted).
    pub fn covers(&self, name: &str) -> bool {
        self.everything || last_part(name).is_some_and(|p| self.parts.contains(p))
    }

    /// True when a page with this id and path, and these addresses of its own (what its
    /// frontmatter gives it: `library::own_addresses`), may be reached.
    pub fn admits(&self, id: &str, path: &str, own_addresses: &[&str]) -> bool {
        self.everything
            || page_keys(id, path, own_addresses)
                .iter()
                .any(|p| self.parts.contains(*p))
    }
}

/// The keys a page answers to: every part of its id, of its path and of each address of its
/// own. A reach that names one of them (or every page) admits it.
pub fn page_keys<'a>(id: &'a str, path: &'a str, own_addresses: &[&'a str]) -> Vec<&'a str> {
    parts(id)
        .chain(parts(path))
        .chain(own_addresses.iter().flat_map(|a| parts(a)))
        .collect()
}

/// The parts of an id or a path: between `/` and `:`, without a page extension.
fn parts(text: &str) -> impl Iterator<Item = &str> {
    text.split(['/', ':']).map(strip_extension)
}

fn strip_extension(part: &str) -> &str {
    for ext in [".markdown", ".md", ".html", ".htm"] {
        if part.len() > ext.len() && part[part.len() - ext.len()..].eq_ignore_ascii_case(ext) {
            return &part[..part.len() - ext.len()];
        }
    }
    part
}

/// The last part of a name that can tell pages apart; `None` when it cannot.
fn last_part(name: &str) -> Option<&str> {
    let name = name.split(['#', '?']).next().unwrap_or("").trim();
    let last = parts(name.trim_end_matches('/')).last()?;
    let index = ["index", "readme", "_index"]
        .iter()
        .any(|i| last.eq_ignore_ascii_case(i));
    (!last.is_empty() && last != "." && last != ".." && !index).then_some(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::test_files::write;
    use crate::content::{Layer, LoadOptions, Source, load};

    /// For every page and every way of writing a link to it (and names that find nothing),
    /// a library of only the admitted pages answers as the whole library does.
    #[test]
    fn a_library_of_the_reached_pages_answers_as_the_whole_one() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "people/ana.md", "# Ana Rossi\n");
        write(
            root,
            "guides/a.md",
            "---\nowner: ../people/ana.md\n---\n# A\n",
        );
        write(root, "guides/b/index.md", "# B\n");
        write(root, "guides/c.md", "---\npermalink: /see-c/\n---\n# C\n");
        write(root, "guides/d.md", "---\nid: custom/dee\n---\n# D\n");
        write(
            root,
            "notes/2026-03-10-call.md",
            "# Call\n\n[a](../guides/a.md)\n",
        );
        write(root, "other/a.md", "# Other A\n");
        let sources = [Source::bundled(), Source::dir(Layer::Flag, root)];
        let full = load(&sources, &LoadOptions::default());
        let names = [
            "guides/a",
            "a",
            "../guides/a.md",
            "a.md",
            "guides/b/",
            "b",
            "/see-c/",
            "see-c",
            "custom/dee",
            "dee",
            "people/ana",
            "../people/ana.md",
            "2026-03-10-call",
            "guides/welcome",
            "welcome.md",
            "nothing/here",
            "index.md",
            "/",
        ];
        for name in names {
            let mut reach = Reach::default();
            reach.name(name);
            let subset: Vec<Document> = full
                .docs()
                .iter()
                .filter(|d| {
                    let own = crate::content::library::own_addresses(d);
                    let own: Vec<&str> = own.iter().map(String::as_str).collect();
                    reach.admits(&d.id, &d.path, &own) || crate::content::needs_body(d.kind)
                })
                .cloned()
                .collect();
            let part = crate::content::Library::from_pages(&sources, subset, Vec::new());
            let id = |d: Option<&Document>| d.map(|d| d.id.clone());
            assert_eq!(
                part.lookup(name).ok_id(),
                full.lookup(name).ok_id(),
                "lookup {name}"
            );
            for from in full.docs() {
                assert_eq!(
                    id(part.resolve_link(from, name)),
                    id(full.resolve_link(from, name)),
                    "{name} from {}",
                    from.id
                );
            }
        }
    }

    trait OkId {
        fn ok_id(&self) -> Option<String>;
    }

    impl OkId for crate::content::Lookup<'_> {
        fn ok_id(&self) -> Option<String> {
            match self {
                crate::content::Lookup::Found(d) => Some(d.id.clone()),
                _ => None,
            }
        }
    }
}
