//! A hermetic environment for running the `onramp` binary: temp config, data and cache
//! folders, a temp HOME, and a content folder to fill.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

pub struct TestEnv {
    pub dir: TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        TestEnv { dir }
    }

    pub fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    /// Writes a file under the content folder, creating its folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.content().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// `onramp` with every folder it may touch inside the temp dir.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_onramp"));
        let root = self.dir.path();
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", root.join("home"))
            .env("ONRAMP_CONFIG_DIR", root.join("config"))
            .env("ONRAMP_DATA_DIR", root.join("data"))
            .env("ONRAMP_CACHE_DIR", root.join("cache"))
            .env("NO_COLOR", "1");
        cmd
    }

    /// `onramp --no-bundled --content <content>` plus `args`.
    pub fn on_content(&self, args: &[&str]) -> Command {
        let mut cmd = self.cmd();
        cmd.arg("--no-bundled")
            .arg("--content")
            .arg(self.content())
            .args(args);
        cmd
    }
}

/// True when `bytes` hold a control character other than newline and tab, raw or as C1.
pub fn has_control(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
}

pub fn path_str(p: &Path) -> String {
    p.display().to_string()
}
