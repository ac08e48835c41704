//! The git work behind the pack commands: the shallow bare clone, checking a commit out into
//! one of a pack's two checkouts, fetching, and what changed between two commits.

use std::fs;
use std::path::Path;

use super::state::{PackEntry, Tree, tree_dir};
use super::{
    ChangeKind, MovedContent, PackError, Packs, Updated, git, io_error, looks_like_commit,
};
use crate::content::site::read_pack;

impl Packs {
    /// The shallow bare clone and its first checkout, in `dir`; the commit checked out.
    pub(super) fn clone_into(
        &self,
        dir: &Path,
        source: &str,
        reference: Option<&str>,
    ) -> Result<String, PackError> {
        fs::create_dir_all(dir).map_err(io_error(format!("creating {}", dir.display())))?;
        let repo = dir.join("git");
        let what = format!("cloning {}", git::redact(source));
        let commit_like = reference.is_some_and(looks_like_commit);
        let mut clone = self
            .git
            .run(what.clone())
            .arg("clone")
            .arg("--bare")
            .arg("--quiet")
            .arg("--depth")
            .arg("1");
        if let Some(r) = reference.filter(|_| !commit_like) {
            clone = clone.arg("--branch").arg(r);
        }
        clone.arg("--").arg(source).arg(&repo).output()?;
        let commit = match reference {
            Some(r) if commit_like => self.fetch_commit(&repo, r)?,
            _ => self.rev_parse(&repo, "HEAD")?,
        };
        self.checkout(dir, &repo, Tree::A, &commit, true)?;
        Ok(commit)
    }

    /// Fetches commit `sha` (a full or abbreviated id, or a branch that looks like one):
    /// shallow when the server allows it, else the whole history.
    pub(super) fn fetch_commit(&self, repo: &Path, sha: &str) -> Result<String, PackError> {
        let shallow = self
            .git
            .in_repo(repo, format!("fetching {sha}"))
            .arg("fetch")
            .arg("--quiet")
            .arg("--depth")
            .arg("1")
            .arg("--no-tags")
            .arg("origin")
            .arg("--")
            .arg(sha)
            .output();
        if shallow.is_ok() {
            return self.rev_parse(repo, "FETCH_HEAD");
        }
        self.git
            .in_repo(repo, format!("fetching the history to find {sha}"))
            .arg("fetch")
            .arg("--quiet")
            .arg("--unshallow")
            .arg("--no-tags")
            .arg("origin")
            .arg("+refs/heads/*:refs/remotes/origin/*")
            .output()?;
        self.rev_parse(repo, sha)
    }

    pub(super) fn rev_parse(&self, repo: &Path, what: &str) -> Result<String, PackError> {
        let out = self
            .git
            .in_repo(repo, format!("finding the commit of {what}"))
            .arg("rev-parse")
            .arg("--verify")
            .arg("--quiet")
            .arg(format!("{what}^{{commit}}"))
            .output()?;
        let sha = out.trim().to_string();
        if sha.is_empty() {
            return Err(PackError::Git {
                what: format!("finding the commit of {what}"),
                message: "no such commit".into(),
            });
        }
        Ok(sha)
    }

    /// Makes checkout `tree` of a pack exactly `commit`. Git writes only the files that
    /// differ from what the checkout holds; a checkout whose record is missing (never made,
    /// or made by a command that was stopped) is made from nothing.
    pub(super) fn checkout(
        &self,
        pack_dir: &Path,
        repo: &Path,
        tree: Tree,
        commit: &str,
        fresh: bool,
    ) -> Result<(), PackError> {
        let work = tree_dir(pack_dir, tree);
        let index = pack_dir.join(format!("{}.index", tree.as_str()));
        if fresh || !index.is_file() || !work.is_dir() {
            let _ = fs::remove_dir_all(&work);
            let _ = fs::remove_file(&index);
        }
        fs::create_dir_all(&work).map_err(io_error(format!("creating {}", work.display())))?;
        let read_tree = |what: &str| {
            self.git
                .in_repo(repo, what.to_string())
                .arg("--work-tree")
                .arg(&work)
                .env("GIT_INDEX_FILE", &index)
                .arg("read-tree")
                .arg("--reset")
                .arg("-u")
                .arg(commit)
                .output()
        };
        if read_tree(&format!("checking out {commit}")).is_err() {
            // A checkout left in an odd state by hand or by a stopped command: start over.
            let _ = fs::remove_dir_all(&work);
            let _ = fs::remove_file(&index);
            fs::create_dir_all(&work).map_err(io_error(format!("creating {}", work.display())))?;
            read_tree(&format!("checking out {commit}"))?;
        }
        // A ref per checkout keeps its commit from being pruned by git's housekeeping.
        self.git
            .in_repo(repo, "recording the checkout")
            .arg("update-ref")
            .arg(format!("refs/onramp/{}", tree.as_str()))
            .arg(commit)
            .output()?;
        Ok(())
    }

    pub(super) fn update_one(&self, entry: &PackEntry) -> Result<Updated, PackError> {
        let pack_dir = self.pack_dir(&entry.name);
        let repo = pack_dir.join("git");
        let unchanged = Updated {
            name: entry.name.clone(),
            from: entry.commit.clone(),
            to: entry.commit.clone(),
            pages: Vec::new(),
            moved: None,
        };
        let new = match entry.reference.as_deref() {
            // A commit is where the pack stays: nothing to fetch.
            Some(r) if looks_like_commit(r) && entry.commit.starts_with(r) => return Ok(unchanged),
            Some(r) => {
                self.fetch(&repo, &entry.name, r)?;
                self.rev_parse(&repo, "FETCH_HEAD")?
            }
            None => {
                self.fetch(&repo, &entry.name, "HEAD")?;
                self.rev_parse(&repo, "FETCH_HEAD")?
            }
        };
        if new == entry.commit {
            return Ok(unchanged);
        }
        let live = entry.tree;
        let standby = live.other();
        self.checkout(&pack_dir, &repo, standby, &new, false)?;
        let changes = self.diff(&repo, &entry.commit, &new)?;
        let old_layout = read_pack(&entry.name, &tree_dir(&pack_dir, live));
        let new_layout = read_pack(&entry.name, &tree_dir(&pack_dir, standby));
        let prefix = if new_layout.content_dir.is_empty() {
            String::new()
        } else {
            format!("{}/", new_layout.content_dir)
        };
        let under: Vec<(ChangeKind, String)> = changes
            .iter()
            .filter_map(|(k, p)| Some((*k, p.strip_prefix(prefix.as_str())?.to_string())))
            .collect();
        let mut pages: Vec<(ChangeKind, String)> = under
            .iter()
            .filter(|(_, p)| {
                let lower = p.to_ascii_lowercase();
                lower.ends_with(".md") || lower.ends_with(".markdown")
            })
            .cloned()
            .collect();
        pages.sort_by(|a, b| (a.1.as_str(), a.0).cmp(&(b.1.as_str(), b.0)));
        let moved = (old_layout.content_dir == new_layout.content_dir
            && old_layout.settings.digest() == new_layout.settings.digest())
        .then(|| MovedContent {
            from: old_layout.content_root.clone(),
            to: new_layout.content_root.clone(),
            changed: under.into_iter().map(|(_, p)| p).collect(),
        });
        Ok(Updated {
            name: entry.name.clone(),
            from: entry.commit.clone(),
            to: new,
            pages,
            moved,
        })
    }

    pub(super) fn fetch(&self, repo: &Path, name: &str, what: &str) -> Result<(), PackError> {
        self.git
            .in_repo(repo, format!("fetching pack `{name}`"))
            .arg("fetch")
            .arg("--quiet")
            .arg("--depth")
            .arg("1")
            .arg("--no-tags")
            .arg("origin")
            .arg("--")
            .arg(what)
            .output()?;
        Ok(())
    }

    /// Files that differ between two commits: (added, changed or removed, path).
    pub(super) fn diff(
        &self,
        repo: &Path,
        from: &str,
        to: &str,
    ) -> Result<Vec<(ChangeKind, String)>, PackError> {
        let out = self
            .git
            .in_repo(repo, "listing what changed")
            .arg("diff-tree")
            .arg("-r")
            .arg("-z")
            .arg("--no-renames")
            .arg("--name-status")
            .arg(from)
            .arg(to)
            .arg("--")
            .output()?;
        let mut fields = out.split('\0').filter(|f| !f.is_empty());
        let mut changes = Vec::new();
        while let (Some(status), Some(path)) = (fields.next(), fields.next()) {
            let kind = match status.chars().next() {
                Some('A') => ChangeKind::Added,
                Some('D') => ChangeKind::Removed,
                _ => ChangeKind::Changed,
            };
            changes.push((kind, path.to_string()));
        }
        Ok(changes)
    }
}
