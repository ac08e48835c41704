//! Pages edited from the reader (`e`): once the editor returns, the loop reads the file
//! again and the app shows the new text over the library's copy. Never touches the disk; the
//! loop hands over what it read.

use std::path::Path;

use super::app::App;
use crate::content::{Document, frontmatter, term_safe_inline};

impl App {
    /// Page `id` as the reader shows it: the edited copy when there is one.
    pub fn page(&self, id: &str) -> Option<&Document> {
        self.edited.get(id).or_else(|| self.library.get(id))
    }

    /// The file at `path` now reads `text`: the reader shows it from now on.
    pub(super) fn page_edited(&mut self, path: &Path, text: &str) {
        let Some(doc) = self
            .edited
            .values()
            .chain(self.library.docs())
            .find(|d| d.file.as_deref() == Some(path))
        else {
            self.status = Some(format!(
                "Edited {}, which is not a page here.",
                term_safe_inline(&path.display().to_string())
            ));
            return;
        };
        let mut doc = doc.clone();
        // The same cleaning the loader does: no BOM, `\n` line ends.
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.to_string()
        };
        let split = frontmatter::split(&text);
        doc.body = split.body.to_string();
        doc.body_line = split.body_line;
        doc.hash = blake3::hash(text.as_bytes()).to_hex().to_string();
        doc.raw.clone_from(&text);
        let changed_front = self
            .library
            .get(&doc.id)
            .is_some_and(|old| frontmatter::split(&old.raw).frontmatter != split.frontmatter);
        self.status = Some(if changed_front {
            format!(
                "Showing your edits to {}; changed fields (title, kind, tags) and search follow when onramp starts again.",
                doc.display_title()
            )
        } else {
            format!(
                "Showing your edits to {}; search sees them when onramp starts again.",
                doc.display_title()
            )
        });
        self.edited.insert(doc.id.clone(), doc);
        self.relayout_reader();
    }
}
