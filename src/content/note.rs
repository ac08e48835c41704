//! A note as content reads it: which notes are the user's own (kind `note` in the notes
//! folder, not a template, not a pack's example), when one was written, the people and the
//! page it is about, and the notes that point at a page. Writing notes is the `notes`
//! module's; this file only reads what a loaded note says.

use std::cmp::Ordering;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};
use pulldown_cmark::{Event, LinkType, Parser, Tag};
use serde_json::Value;

use super::anchors::markdown_options;
use super::document::{Document, Kind, Layer};
use super::library::Library;

/// The id prefix of pages in the notes folder: `notes/2026-03-10-call-with-aiko`, as the
/// bundled pack's own notes are `notes/...`.
pub const NOTE_ID_PREFIX: &str = "notes/";

/// The id of a page at `rel_no_ext` (its path without `.md`) in the notes folder.
pub fn note_id(rel_no_ext: &str) -> String {
    format!("{NOTE_ID_PREFIX}{rel_no_ext}")
}

impl Document {
    /// True for a note the user wrote: kind `note`, read from the notes folder.
    pub fn is_own_note(&self) -> bool {
        self.kind == Kind::Note && self.layer == Layer::Notes
    }

    /// When the note was written: its `created` field (an RFC 3339 time, a date and time, or
    /// a date), else the date its file name starts with (`2026-03-10-...`).
    pub fn created(&self) -> Option<NaiveDateTime> {
        let from_field = self
            .extra
            .get("created")
            .and_then(Value::as_str)
            .and_then(parse_moment);
        from_field.or_else(|| {
            let file = self.path.rsplit('/').next().unwrap_or(&self.path);
            let date = file.get(..10)?.parse::<NaiveDate>().ok()?;
            Some(date.and_time(NaiveTime::MIN))
        })
    }

    /// The ids in the note's `people` field (a list, or one id), as written.
    pub fn note_people(&self) -> Vec<&str> {
        texts(self.extra.get("people"))
    }

    /// The pages in the note's `about` field (one id, or a list), as written.
    pub fn note_about(&self) -> Vec<&str> {
        texts(self.extra.get("about"))
    }

    /// Orders notes as the Notes screen lists them: the user's own first, newest first, then
    /// the others (a pack's examples) by title.
    pub fn cmp_as_note(&self, other: &Document) -> Ordering {
        match (self.is_own_note(), other.is_own_note()) {
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (true, true) => other
                .created()
                .cmp(&self.created())
                .then_with(|| other.id.cmp(&self.id)),
            (false, false) => self
                .title
                .to_lowercase()
                .cmp(&other.title.to_lowercase())
                .then_with(|| self.id.cmp(&other.id)),
        }
    }
}

fn parse_moment(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.naive_local());
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t);
        }
    }
    text.parse::<NaiveDate>()
        .ok()
        .map(|d| d.and_time(NaiveTime::MIN))
}

fn texts(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .map(str::trim)
    .filter(|s| !s.is_empty())
    .collect()
}

/// The targets of the links in `body` (not e-mail addresses), in order.
pub(super) fn link_targets(body: &str) -> Vec<String> {
    Parser::new_ext(body, markdown_options())
        .filter_map(|event| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if link_type != LinkType::Email => Some(dest_url.trim().to_string()),
            _ => None,
        })
        .collect()
}

impl Library {
    /// The user's own notes, newest first.
    pub fn own_notes(&self) -> Vec<&Document> {
        let mut notes: Vec<&Document> = self.docs().iter().filter(|d| d.is_own_note()).collect();
        notes.sort_by(|a, b| a.cmp_as_note(b));
        notes
    }

    /// The notes about `page`, the user's own first, newest first: those whose `about` names
    /// it; for a person, also those whose `people` name them or that link to their page.
    /// Every id is read as a link from the note would be.
    pub fn notes_about(&self, page: &Document) -> Vec<&Document> {
        let names = |note: &Document, target: &str| {
            self.resolve_link(note, target)
                .is_some_and(|d| d.id == page.id)
        };
        let person = page.kind == Kind::Person;
        let mut notes: Vec<&Document> = self
            .of_kind(Kind::Note)
            .filter(|n| n.id != page.id)
            .filter(|n| {
                n.note_about().iter().any(|t| names(n, t))
                    || (person
                        && (n.note_people().iter().any(|t| names(n, t))
                            || link_targets(&n.body).iter().any(|t| names(n, t))))
            })
            .collect();
        notes.sort_by(|a, b| a.cmp_as_note(b));
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::test_files::write;
    use crate::content::{LoadOptions, Source, load};

    #[test]
    fn notes_folder_pages_are_notes_with_note_ids_linked_to_people_and_pages() {
        let dir = tempfile::tempdir().unwrap();
        let (pack, notes) = (dir.path().join("pack"), dir.path().join("notes"));
        write(&pack, "people/ana.md", "# Ana Rossi\n");
        write(&pack, "people/bo.md", "# Bo Li\n");
        write(&pack, "guides/vpn.md", "# VPN\n");
        write(
            &pack,
            "notes/example.md",
            "# Example\n\nAbout [Ana](../people/ana.md).\n",
        );
        write(
            &notes,
            "2026-03-09-call.md",
            "---\ntitle: Call\nkind: note\ncreated: \"2026-03-09T10:00:00+01:00\"\npeople: [people/ana]\n---\nText.\n",
        );
        write(
            &notes,
            "2026-03-10-vpn.md",
            "---\ntitle: VPN trouble\nabout: guides/vpn\n---\nSee [Bo](../people/bo.md).\n",
        );
        write(&notes, "sub/loose.md", "# Loose\n");
        let lib = load(
            &[
                Source::dir(Layer::Flag, &pack),
                Source::dir(Layer::Notes, &notes),
            ],
            &LoadOptions::default(),
        );
        let loose = lib.get("notes/sub/loose").unwrap();
        assert_eq!(
            loose.kind,
            Kind::Note,
            "a folder in the notes folder is no kind"
        );
        let own: Vec<&str> = lib.own_notes().iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            own,
            [
                "notes/2026-03-10-vpn",
                "notes/2026-03-09-call",
                "notes/sub/loose"
            ]
        );
        let about = |id: &str| -> Vec<String> {
            lib.notes_about(lib.get(id).unwrap())
                .iter()
                .map(|d| d.id.clone())
                .collect()
        };
        assert_eq!(
            about("people/ana"),
            ["notes/2026-03-09-call", "notes/example"]
        );
        assert_eq!(about("people/bo"), ["notes/2026-03-10-vpn"]);
        assert_eq!(about("guides/vpn"), ["notes/2026-03-10-vpn"]);
        let call = lib.get("notes/2026-03-09-call").unwrap();
        assert_eq!(
            call.created(),
            NaiveDate::from_ymd_opt(2026, 3, 9)
                .unwrap()
                .and_hms_opt(10, 0, 0)
        );
        assert_eq!(
            lib.get("notes/2026-03-10-vpn").unwrap().created(),
            NaiveDate::from_ymd_opt(2026, 3, 10)
                .unwrap()
                .and_hms_opt(0, 0, 0)
        );
        // A note is found by its file name too.
        assert_eq!(
            lib.resolve("2026-03-09-call").map(|d| d.id.as_str()),
            Ok("notes/2026-03-09-call")
        );
    }

    #[test]
    fn a_note_whose_frontmatter_does_not_parse_still_loads_and_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let text = "---\ntitle: [unclosed\n---\n# Still here\n\nMy words.\n";
        let (pack, notes) = (dir.path().join("pack"), dir.path().join("notes"));
        write(&notes, "2026-03-10-broken.md", text);
        write(&pack, "guides/broken.md", text);
        let lib = load(
            &[
                Source::dir(Layer::Flag, &pack),
                Source::dir(Layer::Notes, &notes),
            ],
            &LoadOptions::default(),
        );
        let note = lib.get("notes/2026-03-10-broken").unwrap();
        assert_eq!(note.kind, Kind::Note);
        assert_eq!(note.title, "Still here");
        assert!(note.body.contains("My words."));
        assert_eq!(note.raw, text);
        let warning = lib
            .warnings
            .iter()
            .find(|w| w.file.ends_with("2026-03-10-broken.md"))
            .unwrap();
        assert!(!warning.skipped, "{warning}");
        assert!(warning.message.contains("left as written"), "{warning}");
        // Elsewhere such a page is still skipped.
        assert!(lib.get("guides/broken").is_none());
    }
}
