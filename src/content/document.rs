//! The document model: one Markdown page with its frontmatter fields, where it came from,
//! and what kind of page it is.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a page is for. Decides which screen lists it and which extra fields it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Guide,
    Checklist,
    Runbook,
    Person,
    Tool,
    Term,
    Note,
    /// The skeleton of a note or report (`{{title}}`, `{{date}}`, `{{person}}` placeholders):
    /// read like any page, but never a note of the user's own.
    Template,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Guide,
        Kind::Checklist,
        Kind::Runbook,
        Kind::Person,
        Kind::Tool,
        Kind::Term,
        Kind::Note,
        Kind::Template,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Guide => "guide",
            Kind::Checklist => "checklist",
            Kind::Runbook => "runbook",
            Kind::Person => "person",
            Kind::Tool => "tool",
            Kind::Term => "term",
            Kind::Note => "note",
            Kind::Template => "template",
        }
    }

    /// The heading a list of this kind is shown under.
    pub fn plural_title(self) -> &'static str {
        match self {
            Kind::Guide => "Guides",
            Kind::Checklist => "Checklists",
            Kind::Runbook => "Runbooks",
            Kind::Person => "People",
            Kind::Tool => "Tools",
            Kind::Term => "Glossary",
            Kind::Note => "Notes",
            Kind::Template => "Templates",
        }
    }

    /// The kind implied by a content root's first folder name (`guides/`, `people/`, ...).
    pub fn from_folder(folder: &str) -> Option<Kind> {
        Some(match folder {
            "guides" => Kind::Guide,
            "checklists" => Kind::Checklist,
            "runbooks" => Kind::Runbook,
            "people" => Kind::Person,
            "tools" => Kind::Tool,
            "glossary" => Kind::Term,
            "notes" => Kind::Note,
            "templates" => Kind::Template,
            _ => return None,
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A kind name that is not one of onramp's kinds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown kind `{0}` (expected one of: guide, checklist, runbook, person, tool, term, note, template)"
)]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        Ok(match lower.as_str() {
            "guide" | "guides" => Kind::Guide,
            "checklist" | "checklists" => Kind::Checklist,
            "runbook" | "runbooks" => Kind::Runbook,
            "person" | "people" => Kind::Person,
            "tool" | "tools" => Kind::Tool,
            "term" | "terms" | "glossary" => Kind::Term,
            "note" | "notes" => Kind::Note,
            "template" | "templates" => Kind::Template,
            _ => return Err(UnknownKind(s.to_string())),
        })
    }
}

/// Fields only people pages have.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PersonFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ask_me_about: Vec<String>,
}

/// Fields only tool pages have (their `owner` is the common field).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ToolFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

/// Which layer a document came from, in overlay order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// The pack embedded in the binary.
    Bundled,
    /// A team pack added with `onramp pack add`: its pages keep qualified ids.
    Pack,
    /// A folder named in the config file.
    Config,
    /// A `--content DIR` flag.
    Flag,
    /// The user's notes folder.
    Notes,
}

/// One Markdown page, with frontmatter resolved into typed fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub aliases: Vec<String>,
    pub owner: Option<String>,
    pub last_reviewed: Option<chrono::NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_every: Option<super::freshness::ReviewInterval>,
    pub lang: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    #[serde(flatten)]
    pub person: PersonFields,
    #[serde(flatten)]
    pub tool: ToolFields,
    /// What an acronym stands for (terms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expansion: Option<String>,
    /// Frontmatter fields onramp does not know, kept as they were written.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Path relative to its content root, with `/` separators.
    pub path: String,
    /// Display name of the source (`bundled`, a folder path, a pack's name).
    pub source: String,
    pub layer: Layer,
    /// The team pack the page comes from. Its id is then `PACK:ID`, unless the pack
    /// replaces another source's page with this id and the page takes that id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pack: Option<String>,
    /// The Markdown after the frontmatter (BOM removed, line ends normalised to `\n`).
    #[serde(skip)]
    pub body: String,
    /// 1-based line in the file where `body` starts.
    #[serde(skip)]
    pub body_line: usize,
    /// The whole file as read (after decoding), for `show --raw` and editors.
    #[serde(skip)]
    pub raw: String,
    /// blake3 of the file's bytes, hex: the index compares it to skip unchanged pages.
    #[serde(skip)]
    pub hash: String,
    /// Absolute file path for pages read from disk; `None` for the embedded pack.
    #[serde(skip)]
    pub file: Option<std::path::PathBuf>,
}

impl Document {
    /// The page's id inside its pack (`about` for `18f:about`); the id itself elsewhere.
    pub fn local_id(&self) -> &str {
        match &self.pack {
            Some(pack) => self
                .id
                .strip_prefix(pack.as_str())
                .and_then(|rest| rest.strip_prefix(':'))
                .unwrap_or(&self.id),
            None => &self.id,
        }
    }

    /// `PACK:ID` for a pack's page (even one that took another page's id), else the id.
    pub fn qualified_id(&self) -> std::borrow::Cow<'_, str> {
        match &self.pack {
            Some(pack) if self.id == self.local_id() => {
                std::borrow::Cow::Owned(format!("{pack}:{}", self.id))
            }
            _ => std::borrow::Cow::Borrowed(&self.id),
        }
    }

    /// The document's title, safe to print on one line.
    pub fn display_title(&self) -> std::borrow::Cow<'_, str> {
        super::sanitize::term_safe_inline(&self.title)
    }

    /// The 1-based line of the file on which frontmatter field `key` is written.
    pub fn field_line(&self, key: &str) -> Option<usize> {
        let (format, text) = super::frontmatter::split(&self.raw).frontmatter?;
        super::frontmatter::key_line(format, text, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name_and_its_list_title() {
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
            assert_eq!(kind.plural_title().parse::<Kind>(), Ok(kind));
        }
        assert_eq!(Kind::from_folder("templates"), Some(Kind::Template));
        assert_eq!("Templates".parse::<Kind>(), Ok(Kind::Template));
    }
}
