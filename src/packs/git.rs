//! Running the system `git`: an argument list (never a shell), prompts off, stdin closed, and
//! git's own message, cleaned of credentials and control characters, when it fails. The
//! system git is used so that SSH agents, `~/.ssh/config`, credential helpers and proxies
//! work exactly as they do for git itself.

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::{Command, Stdio};

use super::PackError;
use crate::content::term_safe_inline;

/// How git is found: `git` on the `PATH`.
#[derive(Debug, Clone)]
pub(super) struct Git {
    program: OsString,
}

impl Default for Git {
    fn default() -> Self {
        Git {
            program: OsString::from("git"),
        }
    }
}

/// One git invocation being put together.
pub(super) struct Run<'a> {
    git: &'a Git,
    args: Vec<OsString>,
    env: Vec<(&'static str, OsString)>,
    /// What the command is for, for the error message (`cloning https://...`).
    what: String,
}

impl Git {
    pub(super) fn run(&self, what: impl Into<String>) -> Run<'_> {
        Run {
            git: self,
            args: Vec::new(),
            env: Vec::new(),
            what: what.into(),
        }
    }

    /// `git --git-dir DIR ...`.
    pub(super) fn in_repo(&self, repo: &Path, what: impl Into<String>) -> Run<'_> {
        self.run(what).arg("--git-dir").arg(repo)
    }
}

impl Run<'_> {
    pub(super) fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_os_string());
        self
    }

    pub(super) fn env(mut self, key: &'static str, value: impl AsRef<OsStr>) -> Self {
        self.env.push((key, value.as_ref().to_os_string()));
        self
    }

    /// Runs the command; its standard output on success.
    pub(super) fn output(self) -> Result<String, PackError> {
        let mut cmd = Command::new(&self.git.program);
        cmd.args(&self.args)
            // A missing credential fails at once instead of waiting on a prompt no one sees.
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let out = match cmd.output() {
            Ok(out) => out,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(PackError::NoGit),
            Err(e) => {
                return Err(PackError::Git {
                    what: self.what,
                    message: format!("cannot run git: {e}"),
                });
            }
        };
        if out.status.success() {
            return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
        }
        let mut message = clean_message(&String::from_utf8_lossy(&out.stderr));
        if message.is_empty() {
            message = match out.status.code() {
                Some(code) => format!("git exited with status {code}"),
                None => "git was stopped by a signal".to_string(),
            };
        }
        Err(PackError::Git {
            what: self.what,
            message,
        })
    }
}

/// git's error output as one safe line: hints and progress dropped, credentials in
/// addresses hidden, control characters made visible, at most a few hundred characters.
pub(super) fn clean_message(stderr: &str) -> String {
    let lines: Vec<String> = stderr
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
        .map(|l| term_safe_inline(&redact(l)).into_owned())
        .collect();
    // The last lines say what finally went wrong (`fatal: ...`).
    let keep = &lines[lines.len().saturating_sub(3)..];
    let joined = keep.join("; ");
    let mut out: String = joined.chars().take(400).collect();
    if joined.chars().count() > 400 {
        out.push('…');
    }
    out
}

/// Hides the user and password of every `scheme://user:secret@host` in `text`.
pub(super) fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (head, tail) = rest.split_at(at + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '/' || c == '\'' || c == '"')
            .unwrap_or(tail.len());
        let authority = &tail[..end];
        match authority.rfind('@') {
            Some(sign) => {
                out.push_str("***");
                out.push_str(&authority[sign..]);
            }
            None => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_hidden() {
        assert_eq!(
            redact("fatal: unable to access 'https://ana:t0ken@git.example.com/x.git/'"),
            "fatal: unable to access 'https://***@git.example.com/x.git/'"
        );
        assert_eq!(redact("ssh://git@host/x"), "ssh://***@host/x");
        assert_eq!(redact("no address"), "no address");
    }

    #[test]
    fn messages_are_one_safe_line() {
        let m = clean_message(
            "hint: try this\nwarning: x\x1b[31m\nfatal: repository 'https://u:p@h/r' not found\n",
        );
        assert_eq!(
            m,
            "warning: x␛[31m; fatal: repository 'https://***@h/r' not found"
        );
    }

    #[test]
    fn no_git_is_named() {
        let git = Git {
            program: OsString::from("onramp-test-no-such-git-program"),
        };
        let err = git.run("cloning").arg("--version").output().unwrap_err();
        assert!(matches!(err, PackError::NoGit), "{err:?}");
    }
}
