//! Deciding what a link in a page may do, and launching the allowed external ones. Only
//! `http`, `https` and `mailto` leave the app, each after the user saw the real target, through
//! an argument list (never a shell) and never as an argument that starts with `-`.

use std::process::{Command, Stdio};

/// Why an external link was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("only http, https and mailto links open outside onramp")]
    Scheme,
    #[error("the link has spaces or control characters in it")]
    Characters,
    #[error("the link is too long to be a real address")]
    TooLong,
}

const MAX_URL: usize = 2048;

/// True when `target` names something outside the content (a scheme like `x:` before any `/`).
pub fn is_external(target: &str) -> bool {
    let head = target.split(['/', '?', '#']).next().unwrap_or("");
    head.contains(':')
}

/// The URL to show and launch, when `target` may open outside the app.
pub fn external_target(target: &str) -> Result<String, Refused> {
    let target = target.trim();
    if target.len() > MAX_URL {
        return Err(Refused::TooLong);
    }
    if target
        .chars()
        .any(|c| c.is_whitespace() || crate::content::sanitize::is_unsafe_char(c))
    {
        return Err(Refused::Characters);
    }
    let lower = target.to_ascii_lowercase();
    let allowed = ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s) && lower.len() > s.len());
    // An allowed scheme cannot start with `-`, so the launcher never sees an option.
    if !allowed || target.starts_with('-') {
        return Err(Refused::Scheme);
    }
    Ok(target.to_string())
}

/// Opens an already-checked URL with the system's handler, detached from the terminal.
pub fn launch(url: &str) -> std::io::Result<()> {
    if url.starts_with('-') {
        return Err(std::io::Error::other(
            "refusing an argument that starts with -",
        ));
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    Command::new(opener)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("https://example.com/a?b=1", true)]
    #[case("http://example.com", true)]
    #[case("mailto:someone@example.com", true)]
    #[case("HTTPS://EXAMPLE.COM", true)]
    #[case("file:///etc/passwd", false)]
    #[case("javascript:alert(1)", false)]
    #[case("data:text/html,x", false)]
    #[case("vscode://x", false)]
    #[case("-oProxyCommand=calc", false)]
    #[case("--help", false)]
    #[case("https://example.com/a b", false)]
    #[case("https://example.com/\x1b[2J", false)]
    #[case("https://", false)]
    fn only_safe_urls_open(#[case] target: &str, #[case] ok: bool) {
        assert_eq!(external_target(target).is_ok(), ok, "{target}");
    }

    #[rstest]
    #[case("https://x.example", true)]
    #[case("mailto:a@b", true)]
    #[case("../guides/x.md", false)]
    #[case("people/bob", false)]
    #[case("#section", false)]
    #[case("x.md#a:b", false)]
    fn tells_external_from_internal(#[case] target: &str, #[case] external: bool) {
        assert_eq!(is_external(target), external);
    }
}
