//! Where onramp's files live: config, data and cache folders, each from its
//! `ONRAMP_*_DIR` variable when set, else from the platform's convention, with where it came
//! from recorded so `onramp paths` can say.

use std::fmt;
use std::path::{Path, PathBuf};

use directories::ProjectDirs;

/// Where a folder's location came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An environment variable, by name.
    Env(&'static str),
    /// The platform's convention for per-user folders.
    Platform,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Env(var) => write!(f, "from ${var}"),
            Origin::Platform => f.write_str("platform default"),
        }
    }
}

/// A folder and where its location came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub path: PathBuf,
    pub origin: Origin,
}

/// The three folders onramp uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// `config.toml`, `keymap.toml`.
    pub config: Located,
    /// `progress.json`, `notes/`.
    pub data: Located,
    /// The search index; safe to delete.
    pub cache: Located,
}

/// No folder could be found for some of onramp's files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no home directory found for the {which} folder; set {vars} to a folder onramp may use")]
pub struct NoHome {
    pub which: String,
    pub vars: String,
}

pub const CONFIG_VAR: &str = "ONRAMP_CONFIG_DIR";
pub const DATA_VAR: &str = "ONRAMP_DATA_DIR";
pub const CACHE_VAR: &str = "ONRAMP_CACHE_DIR";

impl Paths {
    /// Resolves the folders from the process environment.
    pub fn from_env() -> Result<Paths, NoHome> {
        Self::resolve(
            |var| std::env::var_os(var),
            ProjectDirs::from("", "", "onramp").as_ref(),
        )
    }

    /// Resolves the folders from `env` and the platform folders (`None` when there is no
    /// home directory).
    pub fn resolve(
        env: impl Fn(&str) -> Option<std::ffi::OsString>,
        platform: Option<&ProjectDirs>,
    ) -> Result<Paths, NoHome> {
        let pick = |var: &'static str, platform_dir: Option<&Path>| -> Option<Located> {
            if let Some(value) = env(var).filter(|v| !v.is_empty()) {
                return Some(Located {
                    path: PathBuf::from(value),
                    origin: Origin::Env(var),
                });
            }
            // A home folder given as a relative path would put files under whatever folder
            // onramp happens to run in: treat it as no home at all.
            platform_dir.filter(|p| p.is_absolute()).map(|p| Located {
                path: p.to_path_buf(),
                origin: Origin::Platform,
            })
        };
        let config = pick(CONFIG_VAR, platform.map(ProjectDirs::config_dir));
        let data = pick(DATA_VAR, platform.map(ProjectDirs::data_dir));
        let cache = pick(CACHE_VAR, platform.map(ProjectDirs::cache_dir));
        match (config, data, cache) {
            (Some(config), Some(data), Some(cache)) => Ok(Paths {
                config,
                data,
                cache,
            }),
            (config, data, cache) => {
                let missing: Vec<(&str, &str)> = [
                    (config.is_none(), ("config", CONFIG_VAR)),
                    (data.is_none(), ("data", DATA_VAR)),
                    (cache.is_none(), ("cache", CACHE_VAR)),
                ]
                .into_iter()
                .filter_map(|(m, pair)| m.then_some(pair))
                .collect();
                Err(NoHome {
                    which: missing
                        .iter()
                        .map(|(w, _)| *w)
                        .collect::<Vec<_>>()
                        .join(", "),
                    vars: missing
                        .iter()
                        .map(|(_, v)| format!("${v}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                })
            }
        }
    }

    pub fn config_file(&self) -> PathBuf {
        self.config.path.join("config.toml")
    }

    pub fn keymap_file(&self) -> PathBuf {
        self.config.path.join("keymap.toml")
    }

    pub fn progress_file(&self) -> PathBuf {
        self.data.path.join("progress.json")
    }

    pub fn notes_dir(&self) -> PathBuf {
        self.data.path.join("notes")
    }

    pub fn index_dir(&self) -> PathBuf {
        self.cache.path.join("index")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_overrides_win() {
        let p = Paths::resolve(|v| Some(format!("/tmp/{v}").into()), None).unwrap();
        assert_eq!(p.data.path, Path::new("/tmp/ONRAMP_DATA_DIR"));
        assert_eq!(p.data.origin, Origin::Env(DATA_VAR));
    }

    #[test]
    fn no_home_names_the_variables() {
        let err = Paths::resolve(|v| (v == DATA_VAR).then(|| "/d".into()), None).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("$ONRAMP_CONFIG_DIR") && msg.contains("$ONRAMP_CACHE_DIR"),
            "{msg}"
        );
        assert!(!msg.contains("$ONRAMP_DATA_DIR"), "{msg}");
    }
}
