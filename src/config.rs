//! The user's `config.toml`: extra content folders and personal settings. Read through
//! private `Raw*` serde types so that a bad entry is reported and the rest still applies.

use std::path::{Path, PathBuf};

use serde::Deserialize;

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
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawContentDir {
    Path(String),
    Table { path: String, lang: Option<String> },
}

#[derive(Debug, Default, Deserialize)]
struct RawConfig {
    name: Option<String>,
    #[serde(default)]
    content: Vec<RawContentDir>,
    theme: Option<String>,
}

/// A config file that exists but cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} does not parse: {message}")]
    Parse { path: PathBuf, message: String },
}

impl Config {
    /// Reads `path`; a missing file is the default config.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let raw: RawConfig = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.message().to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let content = raw
            .content
            .into_iter()
            .map(|c| {
                let (p, lang) = match c {
                    RawContentDir::Path(p) => (p, None),
                    RawContentDir::Table { path, lang } => (path, lang),
                };
                ContentDir {
                    path: expand(base, &p),
                    lang,
                }
            })
            .collect();
        Ok(Config {
            name: raw.name,
            content,
            theme: raw.theme,
        })
    }
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
            Config::default()
        );
    }

    #[test]
    fn content_dirs_plain_and_with_lang() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(
            &file,
            "name = \"Ada\"\ncontent = [\"team\", { path = \"/abs/it\", lang = \"it\" }]\n",
        )
        .unwrap();
        let c = Config::load(&file).unwrap();
        assert_eq!(c.name.as_deref(), Some("Ada"));
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
    fn bad_file_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "content = 3\n").unwrap();
        let err = Config::load(&file).unwrap_err().to_string();
        assert!(err.contains("config.toml"), "{err}");
    }
}
