//! A hermetic environment for progress tests: temp content, data, config and cache folders,
//! and the `onramp` binary pointed at them.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_onramp");

pub struct Env {
    pub root: TempDir,
    pub content: PathBuf,
    pub data: PathBuf,
}

/// A checklist with `n` items `i000`, `i001`, ..., all due on day 1.
pub fn numbered_checklist(n: usize) -> String {
    let mut s = String::from("---\ntitle: Hundred\nphase: 2\n---\n# Hundred\n\n## All\n");
    for i in 0..n {
        let _ = writeln!(s, "- [ ] Item number {i} {{#i{i:03} due=D1}}");
    }
    s
}

pub const CALENDAR: &str = "---
title: Calendar
phase: 1
order: 1
---
# Calendar

## Days
- [ ] First day {#d1 due=D1}
- [ ] Third day {#d3 due=D3}
- [ ] End of week one {#w1 due=W1}
- [ ] End of week two {#w2 due=W2}

## Months
- [ ] End of month one {#m1 due=M1}
- [ ] End of month twelve {#m12 due=M12}
- [ ] No due date at all
  - [ ] A nested step {#nested due=D2}
";

impl Env {
    pub fn new() -> Env {
        let root = tempfile::tempdir().unwrap();
        let content = root.path().join("content");
        let data = root.path().join("data");
        fs::create_dir_all(content.join("checklists")).unwrap();
        fs::create_dir_all(content.join("guides")).unwrap();
        fs::write(content.join("checklists/calendar.md"), CALENDAR).unwrap();
        fs::write(
            content.join("checklists/hundred.md"),
            numbered_checklist(100),
        )
        .unwrap();
        fs::write(
            content.join("guides/welcome.md"),
            "# Welcome\n\nNot a checklist.\n",
        )
        .unwrap();
        Env {
            root,
            content,
            data,
        }
    }

    pub fn progress_file(&self) -> PathBuf {
        self.data.join("progress.json")
    }

    /// `onramp --no-bundled --content DIR` with every folder in the temp dir.
    pub fn cmd(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.std_cmd())
    }

    /// The same, as a std command (for spawning and killing).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(BIN);
        self.env(&mut cmd);
        cmd
    }

    fn env(&self, cmd: &mut std::process::Command) {
        cmd.env("ONRAMP_DATA_DIR", &self.data)
            .env("ONRAMP_CONFIG_DIR", self.root.path().join("config"))
            .env("ONRAMP_CACHE_DIR", self.root.path().join("cache"))
            .env("TZ", "UTC")
            .env_remove("ONRAMP_TODAY")
            .arg("--no-bundled")
            .arg("--content")
            .arg(&self.content);
    }

    /// Files in the data folder whose name starts with `prefix`.
    pub fn data_files(&self, prefix: &str) -> Vec<PathBuf> {
        let Ok(entries) = fs::read_dir(&self.data) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
            .map(|e| e.path())
            .collect();
        files.sort();
        files
    }
}

/// The progress file parsed with the library's own reader; panics if it does not parse.
pub fn read_progress(path: &Path) -> onramp::progress::Progress {
    let bytes = fs::read(path).unwrap();
    match onramp::progress::decode(&bytes) {
        onramp::progress::Decoded::Ok { progress, .. } => progress,
        other => panic!("{} does not parse: {other:?}", path.display()),
    }
}

pub fn json(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(output)))
}
