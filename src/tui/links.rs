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

/// What the user sees before an external link opens: the address, and the host it really
/// goes to, so a look-alike name or a misleading link text is visible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    /// The address that opens, as checked by [`external_target`].
    pub url: String,
    /// The host the address goes to, as written (lowercased); `None` when it has none.
    pub host: Option<String>,
    /// The host's ASCII (`xn--`) form, when it differs from `host`: the name is
    /// internationalised and may imitate another.
    pub ascii_host: Option<String>,
    /// Text before an `@` in the address, which looks like a host but is not one.
    pub userinfo: Option<String>,
    /// The link's text, when it names a different host than the address goes to.
    pub misleading_text: Option<String>,
}

impl Confirmation {
    /// Describes `url` (already checked) for a link whose visible text is `text`.
    pub fn new(url: String, text: Option<&str>) -> Confirmation {
        let (userinfo, host) = split_host(&url);
        let ascii_host = host
            .as_deref()
            .map(|h| super::punycode::to_ascii(h).unwrap_or_else(|| "(cannot be encoded)".into()))
            .filter(|ascii| Some(ascii) != host.as_ref());
        let real = ascii_host.clone().or_else(|| host.clone());
        let misleading_text = text
            .filter(|t| t.trim() != url)
            .and_then(|t| named_host(t).map(|named| (t, named)))
            .filter(|(_, named)| {
                let named = super::punycode::to_ascii(named).unwrap_or_else(|| named.clone());
                real.as_deref().is_none_or(|r| !same_site(&named, r))
            })
            .map(|(t, _)| t.trim().to_string());
        Confirmation {
            url,
            host,
            ascii_host,
            userinfo,
            misleading_text,
        }
    }
}

/// The user part and the host of an `http(s)` or `mailto` address.
fn split_host(url: &str) -> (Option<String>, Option<String>) {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("mailto:") {
        let address = url["mailto:".len()..]
            .split(['?', '#'])
            .next()
            .unwrap_or("");
        // Several addresses may be listed; the first is the one to check.
        let first = address.split(',').next().unwrap_or("");
        let host = first
            .rsplit_once('@')
            .map(|(_, h)| percent_decoded(h).to_lowercase());
        return (None, host.filter(|h| !h.is_empty()));
    }
    let Some((_, rest)) = url.split_once("://") else {
        return (None, None);
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((user, host)) => (Some(user.to_string()), host),
        None => (None, authority),
    };
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next().unwrap_or(host_port)
    } else {
        host_port.rsplit_once(':').map_or(host_port, |(h, _)| h)
    };
    let host = percent_decoded(host).to_lowercase();
    (userinfo, (!host.is_empty()).then_some(host))
}

/// `%41`-style escapes decoded, as a browser does for a host; left alone when not UTF-8.
fn percent_decoded(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let hex = |b: u8| char::from(b).to_digit(16);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// The host a link text names, when it reads like an address (`https://x.example/…`,
/// `x.example`, `someone@x.example`); plain words name none.
fn named_host(text: &str) -> Option<String> {
    let text = text.trim();
    let lower = text.to_lowercase();
    if ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return split_host(text).1;
    }
    let word = text.split(['/', '?', '#']).next().unwrap_or("");
    let word = word.rsplit_once('@').map_or(word, |(_, h)| h);
    let looks_like_host = word.contains(['.', '\u{3002}', '\u{FF0E}', '\u{FF61}'])
        && !word.starts_with('.')
        && !word.ends_with('.')
        && word.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, '.' | '-' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}')
        })
        && word.chars().any(char::is_alphabetic);
    looks_like_host.then(|| word.to_lowercase())
}

/// True when two ASCII host names are the same site, `www.` aside.
fn same_site(a: &str, b: &str) -> bool {
    let strip = |h: &str| h.strip_prefix("www.").unwrap_or(h).to_string();
    strip(a) == strip(b)
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
    #[case("https://example.com/a", Some("example.com"), None)]
    #[case("https://Example.COM:8443/a", Some("example.com"), None)]
    #[case(
        "https://bücher.example/",
        Some("bücher.example"),
        Some("xn--bcher-kva.example")
    )]
    #[case(
        "https://pаypal.com/login",
        Some("pаypal.com"),
        Some("xn--pypal-4ve.com")
    )]
    #[case("https://%70%61ypal.com/", Some("paypal.com"), None)]
    #[case("https://[::1]:80/x", Some("[::1]"), None)]
    #[case(
        "mailto:someone@bücher.example?subject=x",
        Some("bücher.example"),
        Some("xn--bcher-kva.example")
    )]
    #[case("mailto:x", None, None)]
    fn shows_the_real_host(
        #[case] url: &str,
        #[case] host: Option<&str>,
        #[case] ascii: Option<&str>,
    ) {
        let c = Confirmation::new(url.to_string(), None);
        assert_eq!(c.host.as_deref(), host);
        assert_eq!(c.ascii_host.as_deref(), ascii);
    }

    #[test]
    fn a_user_name_before_at_is_not_the_host() {
        let c = Confirmation::new("https://paypal.com@evil.example/x".into(), None);
        assert_eq!(c.host.as_deref(), Some("evil.example"));
        assert_eq!(c.userinfo.as_deref(), Some("paypal.com"));
    }

    #[rstest]
    #[case("https://evil.example/", "paypal.com", true)]
    #[case("https://evil.example/", "https://paypal.com/login", true)]
    #[case("https://pаypal.com/", "paypal.com", true)]
    #[case("https://www.paypal.com/", "paypal.com", false)]
    #[case("https://paypal.com/", "PayPal.com/help", false)]
    #[case("https://paypal.com/", "the payments page", false)]
    #[case("https://paypal.com/", "https://paypal.com/", false)]
    #[case("https://bücher.example/", "bücher.example", false)]
    #[case("mailto:a@example.com", "a@example.com", false)]
    #[case("mailto:a@evil.example", "a@example.com", true)]
    #[case("https://example.com/", "version 1.2", false)]
    fn flags_a_link_text_naming_another_host(
        #[case] url: &str,
        #[case] text: &str,
        #[case] misleading: bool,
    ) {
        let c = Confirmation::new(url.to_string(), Some(text));
        assert_eq!(c.misleading_text.is_some(), misleading, "{c:?}");
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
