//! The catalogue of lint rules: each rule's name (as rows and `onramp.toml` write it), its
//! default severity and what it checks.

use std::fmt;

use serde::{Serialize, Serializer};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a pack's settings make of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    Off,
    Warning,
    Error,
}

impl Level {
    /// `off`, `warning` or `error`, as `onramp.toml` writes them.
    pub fn parse(text: &str) -> Option<Level> {
        match text.trim().to_ascii_lowercase().as_str() {
            "off" | "allow" => Some(Level::Off),
            "warning" | "warn" => Some(Level::Warning),
            "error" | "deny" => Some(Level::Error),
            _ => None,
        }
    }
}

/// One check, by the name rows show in brackets. [`RULES`] says what each checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    SkippedFile,
    Encoding,
    Frontmatter,
    BadValue,
    DuplicateId,
    DuplicateItemId,
    BadTranslation,
    BrokenLink,
    BrokenAnchor,
    UnknownOwner,
    ControlCharacter,
    Settings,
    Stale,
    MissingOwner,
    PersonFields,
    ToolAccess,
    Orphan,
    TemplateSyntax,
}

use Severity::{Error, Warning};

/// THE table of rules: name, default severity, what it checks.
pub const RULES: [(Rule, &str, Severity, &str); 18] = [
    (
        Rule::SkippedFile,
        "skipped-file",
        Error,
        "A file that could not be read as a page (unreadable, binary, too large, special, or a link out of its folder).",
    ),
    (
        Rule::Encoding,
        "encoding",
        Error,
        "A page that is not valid UTF-8.",
    ),
    (
        Rule::Frontmatter,
        "frontmatter",
        Error,
        "Frontmatter that does not parse, is never closed, or is not a map of fields.",
    ),
    (
        Rule::BadValue,
        "bad-value",
        Error,
        "A field of the wrong type or value (`kind`, `phase`, dates, `review_every`), or a checklist item's bad `due` offset.",
    ),
    (
        Rule::DuplicateId,
        "duplicate-id",
        Error,
        "Two pages of one layer with the same id, neither saying it replaces the other.",
    ),
    (
        Rule::DuplicateItemId,
        "duplicate-item-id",
        Error,
        "Two items of one checklist with the same id.",
    ),
    (
        Rule::BadTranslation,
        "bad-translation",
        Error,
        "A checklist's `translation_of` that names no checklist.",
    ),
    (
        Rule::BrokenLink,
        "broken-link",
        Error,
        "A relative link or an id that finds no page or file.",
    ),
    (
        Rule::BrokenAnchor,
        "broken-anchor",
        Error,
        "A `#fragment` that names no heading of its page.",
    ),
    (
        Rule::UnknownOwner,
        "unknown-owner",
        Error,
        "An `owner` that is not a person page of the loaded content.",
    ),
    (
        Rule::ControlCharacter,
        "control-character",
        Error,
        "A control character, escape sequence or bidi override in a page.",
    ),
    (
        Rule::Settings,
        "settings",
        Error,
        "A `[lint]` table in `onramp.toml` that cannot be used.",
    ),
    (
        Rule::Stale,
        "stale",
        Warning,
        "A page whose `last_reviewed` plus `review_every` is before today.",
    ),
    (
        Rule::MissingOwner,
        "missing-owner",
        Warning,
        "A page without an `owner`, in a pack whose settings ask for owners.",
    ),
    (
        Rule::PersonFields,
        "person-fields",
        Warning,
        "A person page without `contact` or `timezone`, or with a time zone onramp does not know.",
    ),
    (
        Rule::ToolAccess,
        "tool-access",
        Warning,
        "A tool page that does not say how to get access (`access`).",
    ),
    (
        Rule::Orphan,
        "orphan",
        Warning,
        "A page no other page links to, in no phase and no list: only search finds it.",
    ),
    (
        Rule::TemplateSyntax,
        "template-syntax",
        Warning,
        "Template syntax left in the text (`{%`, `{{<`, `{{%`), which readers would see raw.",
    ),
];

impl Rule {
    /// The rule's row of [`RULES`], which lists the rules in the enum's order.
    fn entry(self) -> &'static (Rule, &'static str, Severity, &'static str) {
        &RULES[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.entry().1
    }

    pub fn default_severity(self) -> Severity {
        self.entry().2
    }

    /// What the rule checks, in one line.
    pub fn what(self) -> &'static str {
        self.entry().3
    }

    pub fn all() -> impl Iterator<Item = Rule> {
        RULES.iter().map(|(r, ..)| *r)
    }
}

impl Rule {
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::all().find(|r| r.name() == name.trim())
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_found_again() {
        let mut seen = std::collections::HashSet::new();
        for (i, (rule, ..)) in RULES.iter().enumerate() {
            let name = rule.name();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
            assert_eq!(Rule::from_name(name), Some(*rule));
            // The table lists the rules in the enum's order, each once.
            assert_eq!(*rule as usize, i, "{name}");
        }
        assert_eq!(Rule::from_name("no-such-rule"), None);
    }

    #[test]
    fn levels_parse() {
        assert_eq!(Level::parse("Off"), Some(Level::Off));
        assert_eq!(Level::parse("warn"), Some(Level::Warning));
        assert_eq!(Level::parse("error"), Some(Level::Error));
        assert_eq!(Level::parse("loud"), None);
    }
}
