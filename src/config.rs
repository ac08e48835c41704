//! The user's `config.toml`: extra content folders and personal settings. Read setting by
//! setting from the parsed file, with each value's place in it, so that a bad entry is
//! reported with its line and value and the rest still applies.

use std::fmt;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One content folder from the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentDir {
    pub path: PathBuf,
    /// Language of the folder's pages when they do not say.
    pub lang: Option<String>,
}

/// Settings from `config.toml`; every field has a default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The user's name, for the home screen.
    pub name: Option<String>,
    pub content: Vec<ContentDir>,
    /// `dark` or `light`.
    pub theme: Option<String>,
    /// The user's own person page (`people/...`), for "pages you own".
    pub me: Option<String>,
    /// How long after its last fetch a team pack counts as out of date (`[packs]
    /// stale_after = "30d"`); `None` keeps the packs module's default.
    pub pack_stale_after: Option<std::time::Duration>,
    /// The line of the file each setting onramp took from it is written on, by its name
    /// (`name`, `content`, `packs.stale_after`); a setting not there has its default.
    pub lines: std::collections::BTreeMap<String, usize>,
}

/// A setting in the config file that could not be used. The rest of the file still applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub path: PathBuf,
    /// 1-based line of the setting.
    pub line: usize,
    /// The setting as written: `content`, `content[2]`, `content[1].lang`.
    pub key: String,
    /// The value as written in the file, when there is one to show.
    pub value: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: `{}`", self.path.display(), self.line, self.key)?;
        if let Some(value) = &self.value {
            write!(f, " = {value}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A config file that exists but cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: does not parse: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// A config file larger than this is refused rather than read.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The settings onramp reads, for "did you mean" on a misspelt one.
const KEYS: [&str; 5] = ["name", "content", "theme", "me", "packs"];
const THEMES: [&str; 2] = ["dark", "light"];
/// The theme when the file names none.
pub const DEFAULT_THEME: &str = "dark";

impl Config {
    /// Reads `path`; a missing file is the default config. Each setting that cannot be used
    /// is left at its default and returned as a [`ConfigProblem`]; an unknown setting (a
    /// misspelt one) is reported the same way.
    pub fn load(path: &Path) -> Result<(Config, Vec<ConfigProblem>), ConfigError> {
        let bytes = crate::content::regular::read_regular(path, MAX_CONFIG_BYTES);
        let text = match bytes.and_then(|b| {
            String::from_utf8(b)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        }) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Config::default(), Vec::new()));
            }
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let table = DeTable::parse(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            line: line_of(&text, e.span().map_or(0, |s| s.start)),
            message: e.message().to_string(),
        })?;
        let mut reader = Reader {
            path,
            text: &text,
            base: path.parent().unwrap_or(Path::new(".")),
            problems: Vec::new(),
            stale_after_line: None,
        };
        let mut config = reader.config(table.get_ref());
        // A setting that could not be used is at its default, from nowhere in the file.
        config.lines.retain(|name, _| match name.as_str() {
            "name" => config.name.is_some(),
            "me" => config.me.is_some(),
            "theme" => config.theme.is_some(),
            "content" => !config.content.is_empty(),
            _ => true,
        });
        let mut problems = reader.problems;
        problems.sort_by_key(|p| p.line);
        Ok((config, problems))
    }
}

/// Walks the parsed file, keeping what is good and noting the rest with its line.
struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    base: &'a Path,
    problems: Vec<ConfigProblem>,
    /// The line of an accepted `[packs] stale_after`.
    stale_after_line: Option<usize>,
}

impl Reader<'_> {
    fn config(&mut self, table: &DeTable<'_>) -> Config {
        let mut config = Config::default();
        for (key, value) in table {
            let line = line_of(self.text, key.span().start);
            let name = key.get_ref().as_ref();
            if KEYS.contains(&name) && name != "packs" {
                config.lines.insert(name.to_string(), line);
            }
            match name {
                "name" => config.name = self.string("name", value),
                "me" => config.me = self.string("me", value).filter(|m| !m.trim().is_empty()),
                "theme" => {
                    config.theme = self.string("theme", value).filter(|theme| {
                        let known = THEMES.contains(&theme.as_str());
                        if !known {
                            self.problem(
                                "theme",
                                value,
                                "is not a theme (dark or light); the default is used",
                            );
                        }
                        known
                    });
                }
                "content" => config.content = self.content(value),
                "packs" => {
                    config.pack_stale_after = self.packs(value);
                    if let Some(line) = self.stale_after_line.take() {
                        config.lines.insert("packs.stale_after".to_string(), line);
                    }
                }
                other => {
                    let hint = close_key(other)
                        .map(|k| format!(" (did you mean `{k}`?)"))
                        .unwrap_or_default();
                    self.problem(
                        other,
                        value,
                        &format!(
                            "is not a setting onramp knows{hint}; the settings are {}; ignored",
                            KEYS.map(|k| format!("`{k}`")).join(", ")
                        ),
                    );
                }
            }
        }
        config
    }

    fn content(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<ContentDir> {
        let DeValue::Array(items) = value.get_ref() else {
            self.problem(
                "content",
                value,
                &format!(
                    "should be a list of folders, found {}; ignored",
                    kind_of(value.get_ref())
                ),
            );
            return Vec::new();
        };
        let mut dirs = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let key = format!("content[{}]", i + 1);
            match item.get_ref() {
                DeValue::String(p) => dirs.push(ContentDir {
                    path: expand(self.base, p),
                    lang: None,
                }),
                DeValue::Table(t) => {
                    let mut path = None;
                    let mut lang = None;
                    for (k, v) in t {
                        match k.get_ref().as_ref() {
                            "path" => path = self.string(&format!("{key}.path"), v),
                            "lang" => lang = self.string(&format!("{key}.lang"), v),
                            other => self.problem(
                                &format!("{key}.{other}"),
                                v,
                                "is not a folder setting (they are `path` and `lang`); ignored",
                            ),
                        }
                    }
                    match path {
                        Some(p) => dirs.push(ContentDir {
                            path: expand(self.base, &p),
                            lang,
                        }),
                        None => self.problem(&key, item, "has no `path`; this folder is ignored"),
                    }
                }
                other => self.problem(
                    &key,
                    item,
                    &format!(
                        "should be a folder (a string, or {{ path = \"...\", lang = \"..\" }}), \
                         found {}; ignored",
                        kind_of(other)
                    ),
                ),
            }
        }
        dirs
    }

    /// `[packs]`: `stale_after = "30d"`.
    fn packs(&mut self, value: &Spanned<DeValue<'_>>) -> Option<std::time::Duration> {
        let DeValue::Table(table) = value.get_ref() else {
            self.problem("packs", value, "should be a table ([packs]); ignored");
            return None;
        };
        let mut stale_after = None;
        for (key, value) in table {
            let name = format!("packs.{}", key.get_ref());
            if key.get_ref().as_ref() != "stale_after" {
                self.problem(
                    &name,
                    value,
                    "is not a pack setting onramp knows (it knows `stale_after`); ignored",
                );
                continue;
            }
            let Some(text) = self.string(&name, value) else {
                continue;
            };
            match parse_age(&text) {
                Some(age) => {
                    stale_after = Some(age);
                    self.stale_after_line = Some(line_of(self.text, key.span().start));
                }
                None => self.problem(
                    &name,
                    value,
                    "is not an age like \"30d\", \"2w\" or \"12h\"; the default is used",
                ),
            }
        }
        stale_after
    }

    fn string(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Option<String> {
        if let DeValue::String(s) = value.get_ref() {
            return Some(s.to_string());
        }
        self.problem(
            key,
            value,
            &format!(
                "should be a string, found {}; ignored",
                kind_of(value.get_ref())
            ),
        );
        None
    }

    fn problem(&mut self, key: &str, value: &Spanned<DeValue<'_>>, message: &str) {
        let span = value.span();
        let written = self
            .text
            .get(span.clone())
            .map(str::trim)
            .unwrap_or_default();
        // A long value (a whole table) is cut: the line number points at the rest.
        let shown = if written.chars().count() > 60 {
            format!("{}…", written.chars().take(60).collect::<String>())
        } else {
            written.to_string()
        };
        self.problems.push(ConfigProblem {
            path: self.path.to_path_buf(),
            line: line_of(self.text, span.start),
            key: key.to_string(),
            value: (!shown.is_empty()).then_some(shown),
            message: message.to_string(),
        });
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

fn kind_of(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) | DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// The known setting a misspelt one most likely meant.
fn close_key(key: &str) -> Option<&'static str> {
    // Of keys as close, the longer one: `nme` is a slip for `name` more than for `me`.
    KEYS.into_iter()
        .map(|k| {
            (
                strsim::damerau_levenshtein(key, k),
                std::cmp::Reverse(k.len()),
                k,
            )
        })
        .filter(|(d, _, k)| *d <= 2 && *d < k.len())
        .min()
        .map(|(_, _, k)| k)
}

/// A duration as a config writes it, in the largest unit that is exact: `30d`, `2w`, `90m`.
pub fn age_text(age: std::time::Duration) -> String {
    let secs = age.as_secs();
    for (unit, size) in [("w", 7 * 86_400), ("d", 86_400), ("h", 3_600)] {
        if secs > 0 && secs.is_multiple_of(size) {
            return format!("{}{unit}", secs / size);
        }
    }
    format!("{}m", secs / 60)
}

/// A duration as people write it in a config: `30d`, `2w`, `12h`, `90m`.
pub fn parse_age(text: &str) -> Option<std::time::Duration> {
    let t = text.trim();
    let unit_at = t.find(|c: char| !c.is_ascii_digit())?;
    let n: u64 = t[..unit_at].parse().ok()?;
    let secs = match t[unit_at..].trim() {
        "m" | "min" => 60,
        "h" => 3_600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return None,
    };
    Some(std::time::Duration::from_secs(n.checked_mul(secs)?))
}

/// `~/x` is under the home folder; a relative path is relative to the config file.
fn expand(base: &Path, p: &str) -> PathBuf {
    if let Some(rest) = p.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new()
    {
        return home.home_dir().join(rest);
    }
    let path = PathBuf::from(p);
    if path.is_absolute() {
        path
    } else {
        base.join(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_default() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Config::load(&dir.path().join("config.toml")).unwrap(),
            (Config::default(), Vec::new())
        );
    }

    #[test]
    fn content_dirs_plain_and_with_lang() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(
            &file,
            "name = \"Ada\"\nme = \"people/ada\"\ncontent = [\"team\", { path = \"/abs/it\", lang = \"it\" }]\n",
        )
        .unwrap();
        let (c, problems) = Config::load(&file).unwrap();
        assert_eq!(problems, []);
        assert_eq!(c.name.as_deref(), Some("Ada"));
        assert_eq!(c.me.as_deref(), Some("people/ada"));
        assert_eq!(c.content[0].path, dir.path().join("team"));
        assert_eq!(
            c.content[1],
            ContentDir {
                path: "/abs/it".into(),
                lang: Some("it".into())
            }
        );
    }

    #[test]
    fn a_file_that_does_not_parse_names_the_path_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "name = \"Ada\"\ncontent = [\n").unwrap();
        let err = Config::load(&file).unwrap_err().to_string();
        assert!(err.contains("config.toml:"), "{err}");
    }

    fn load_text(text: &str) -> (Config, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, text).unwrap();
        let (config, problems) = Config::load(&file).unwrap();
        let base = format!("{}:", file.display());
        let problems = problems
            .iter()
            .map(|p| p.to_string().replace(&base, ""))
            .collect();
        (config, problems)
    }

    #[test]
    fn bad_entries_are_reported_and_the_rest_kept() {
        let (c, problems) = load_text(
            "name = 5\ntheme = \"light\"\ncontent = [\"/ok\", 42, { path = \"/it\", lang = \"it\", colour = 1 }, { lang = \"en\" }]\n",
        );
        assert_eq!(c.name, None);
        assert_eq!(c.theme.as_deref(), Some("light"));
        assert_eq!(
            c.content,
            [
                ContentDir {
                    path: "/ok".into(),
                    lang: None
                },
                ContentDir {
                    path: "/it".into(),
                    lang: Some("it".into())
                }
            ]
        );
        assert_eq!(
            problems,
            [
                "1: `name` = 5: should be a string, found a number; ignored",
                "3: `content[2]` = 42: should be a folder (a string, or { path = \"...\", lang = \"..\" }), found a number; ignored",
                "3: `content[3].colour` = 1: is not a folder setting (they are `path` and `lang`); ignored",
                "3: `content[4]` = { lang = \"en\" }: has no `path`; this folder is ignored",
            ]
        );
        assert!(!problems.iter().any(|p| p.contains("untagged")));
    }

    #[test]
    fn misspelt_and_unknown_settings_are_reported() {
        let (c, problems) = load_text("nme = \"Alex\"\ntheme = \"neon\"\ncolour = true\n");
        assert_eq!(c, Config::default());
        assert_eq!(
            problems,
            [
                "1: `nme` = \"Alex\": is not a setting onramp knows (did you mean `name`?); the settings are `name`, `content`, `theme`, `me`, `packs`; ignored",
                "2: `theme` = \"neon\": is not a theme (dark or light); the default is used",
                "3: `colour` = true: is not a setting onramp knows; the settings are `name`, `content`, `theme`, `me`, `packs`; ignored",
            ]
        );
    }

    #[test]
    fn each_setting_taken_knows_its_line() {
        let (c, problems) = load_text(
            "name = \"Ada\"\ntheme = \"neon\"\n\ncontent = [\"/a\"]\n[packs]\nstale_after = \"2w\"\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        let lines: Vec<(&str, usize)> = c.lines.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        // The theme could not be used: it is at its default, from no line.
        assert_eq!(
            lines,
            [("content", 4), ("name", 1), ("packs.stale_after", 6)]
        );
        assert_eq!(age_text(c.pack_stale_after.unwrap()), "2w");
    }

    #[rstest::rstest]
    #[case(30 * 86_400, "30d")]
    #[case(14 * 86_400, "2w")]
    #[case(36 * 3_600, "36h")]
    #[case(90 * 60, "90m")]
    fn ages_read_back(#[case] secs: u64, #[case] text: &str) {
        let age = std::time::Duration::from_secs(secs);
        assert_eq!(age_text(age), text);
        assert_eq!(parse_age(text), Some(age));
    }

    #[rstest::rstest]
    #[case("30d", Some(30 * 86_400))]
    #[case("2w", Some(14 * 86_400))]
    #[case("12h", Some(12 * 3_600))]
    #[case("90m", Some(90 * 60))]
    #[case("soon", None)]
    #[case("d", None)]
    fn ages(#[case] text: &str, #[case] secs: Option<u64>) {
        assert_eq!(parse_age(text), secs.map(std::time::Duration::from_secs));
    }

    #[test]
    fn pack_staleness_age() {
        let (c, problems) = load_text("[packs]\nstale_after = \"2w\"\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            c.pack_stale_after,
            Some(std::time::Duration::from_secs(14 * 86_400))
        );
        let (c, problems) = load_text("name = \"Ada\"\n[packs]\nstale_after = \"soon\"\n");
        assert_eq!(c.pack_stale_after, None);
        assert_eq!(c.name.as_deref(), Some("Ada"), "the rest still applies");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("soon"), "{problems:?}");
    }
}
