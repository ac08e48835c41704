//! A pack's lint settings: the `[lint]` table of the `onramp.toml` at its content root.
//!
//! ```toml
//! [lint]
//! require_owner = true      # every page names an owner (`missing-owner` warns otherwise)
//!
//! [lint.rules]              # any rule: "off", "warning" or "error"
//! orphan = "off"
//! stale = "error"
//! ```
//!
//! The rest of the file (the pack's name, folders, language) is the pack settings' business
//! and is ignored here. A bad entry is reported with its line and the others still apply.

use std::collections::HashMap;

use toml::de::{DeTable, DeValue};

use super::Row;
use super::position::line_col;
use super::rules::{Level, Rule, Severity};
use crate::content::Source;

/// The settings file at a content root.
pub const FILE: &str = "onramp.toml";

/// A settings file larger than this is refused: it is a handful of lines.
const MAX_BYTES: u64 = 1024 * 1024;

/// What one source asks of the lint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Every page must name an owner.
    pub require_owner: bool,
    levels: HashMap<Rule, Level>,
}

impl Settings {
    /// What the settings make of `rule`.
    pub fn level(&self, rule: Rule) -> Level {
        self.levels
            .get(&rule)
            .copied()
            .unwrap_or(match rule.default_severity() {
                Severity::Error => Level::Error,
                Severity::Warning => Level::Warning,
            })
    }
}

/// Reads the settings of `source`; problems in the file come back as rows.
pub fn read(source: &Source) -> (Settings, Vec<Row>) {
    let label = source.file_label(FILE);
    match source.root_file(FILE, MAX_BYTES) {
        Ok(None) => (Settings::default(), Vec::new()),
        Ok(Some(text)) => parse(&text, &label),
        Err(why) => (
            Settings::default(),
            vec![Row::new(
                &label,
                1,
                1,
                Rule::Settings,
                format!("cannot be read: {why}; the lint uses its defaults"),
            )],
        ),
    }
}

/// Parses the text of a settings file named `label`.
pub fn parse(text: &str, label: &str) -> (Settings, Vec<Row>) {
    let mut settings = Settings::default();
    let mut rows = Vec::new();
    let at = |span: std::ops::Range<usize>| line_col(text, span.start);
    let mut report = |span: std::ops::Range<usize>, message: String| {
        let (line, col) = at(span);
        rows.push(Row::new(label, line, col, Rule::Settings, message));
    };
    let table = match DeTable::parse(text) {
        Ok(t) => t,
        Err(e) => {
            report(
                e.span().unwrap_or(0..0),
                format!(
                    "does not parse: {}; the lint uses its defaults",
                    e.message().trim()
                ),
            );
            return (settings, rows);
        }
    };
    let Some((key, lint)) = table.get_ref().iter().find(|(k, _)| k.get_ref() == "lint") else {
        return (settings, rows);
    };
    let Some(lint) = lint.get_ref().as_table() else {
        report(
            key.span(),
            "`lint` should be a table, `[lint]`; ignored".into(),
        );
        return (settings, rows);
    };
    for (key, value) in lint {
        match key.get_ref().as_ref() {
            "require_owner" => match value.get_ref().as_bool() {
                Some(b) => settings.require_owner = b,
                None => report(
                    value.span(),
                    "`require_owner` should be true or false; ignored".into(),
                ),
            },
            "rules" => {
                let Some(rules) = value.get_ref().as_table() else {
                    report(
                        value.span(),
                        "`rules` should be a table of rule names, `[lint.rules]`; ignored".into(),
                    );
                    continue;
                };
                for (name, level) in rules {
                    let Some(rule) = Rule::from_name(name.get_ref()) else {
                        let known: Vec<&str> = Rule::all().map(Rule::name).collect();
                        report(
                            name.span(),
                            format!(
                                "unknown rule `{}` (rules: {}); ignored",
                                name.get_ref(),
                                known.join(", ")
                            ),
                        );
                        continue;
                    };
                    match level_of(level.get_ref()) {
                        Some(l) => {
                            settings.levels.insert(rule, l);
                        }
                        None => report(
                            level.span(),
                            format!(
                                "rule `{}` should be \"off\", \"warning\" or \"error\"; ignored",
                                rule.name()
                            ),
                        ),
                    }
                }
            }
            other => report(
                key.span(),
                format!("unknown key `{other}` in [lint] (known: require_owner, rules); ignored"),
            ),
        }
    }
    (settings, rows)
}

fn level_of(value: &DeValue) -> Option<Level> {
    Level::parse(value.as_str()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_and_owners_are_tuned() {
        let (s, rows) = parse(
            "name = \"team\"\n[content]\nfolder = \"docs\"\n[lint]\nrequire_owner = true\n[lint.rules]\norphan = \"off\"\nstale = \"error\"\n",
            "onramp.toml",
        );
        assert!(rows.is_empty(), "{rows:?}");
        assert!(s.require_owner);
        assert_eq!(s.level(Rule::Orphan), Level::Off);
        assert_eq!(s.level(Rule::Stale), Level::Error);
        assert_eq!(s.level(Rule::BrokenLink), Level::Error);
        assert_eq!(s.level(Rule::TemplateSyntax), Level::Warning);
    }

    #[test]
    fn bad_entries_are_named_with_their_line_and_the_rest_applies() {
        let (s, rows) = parse(
            "[lint]\nrequire_owner = \"yes\"\ncolour = 1\n\n[lint.rules]\norphan = \"quiet\"\nno-such = \"off\"\nstale = \"off\"\n",
            "team/onramp.toml",
        );
        assert_eq!(s.level(Rule::Stale), Level::Off);
        assert!(!s.require_owner);
        let mut found: Vec<(usize, &str)> = rows
            .iter()
            .map(|r| (r.line, r.message.split_whitespace().next().unwrap_or("")))
            .collect();
        found.sort_unstable();
        assert_eq!(
            found,
            [
                (2, "`require_owner`"),
                (3, "unknown"),
                (6, "rule"),
                (7, "unknown")
            ],
            "{rows:?}"
        );
        assert!(rows.iter().all(|r| r.path == "team/onramp.toml"));
    }

    #[test]
    fn a_file_that_does_not_parse_is_one_row_and_defaults() {
        let (s, rows) = parse("[lint\nx = 1\n", "onramp.toml");
        assert_eq!(s, Settings::default());
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 1);
        assert!(rows[0].message.starts_with("does not parse"), "{rows:?}");
    }
}
