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
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Guide,
        Kind::Checklist,
        Kind::Runbook,
        Kind::Person,
        Kind::Tool,
        Kind::Term,
        Kind::Note,
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
    "unknown kind `{0}` (expected one of: guide, checklist, runbook, person, tool, term, note)"
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
    pub last_reviewed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_every: Option<String>,
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
    /// Display name of the source (`bundled`, a folder path, `notes`).
    pub source: String,
    pub layer: Layer,
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
    /// The document's title, safe to print on one line.
    pub fn display_title(&self) -> std::borrow::Cow<'_, str> {
        super::sanitize::term_safe_inline(&self.title)
    }
}
