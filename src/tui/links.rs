//! Deciding what an external link in a page may do, and launching the allowed ones. Only
//! `http`, `https` and `mailto` leave the app, each after the user saw the real target (parsed
//! as a browser parses it, by the `url` crate, with IDNA for international names), through an
//! argument list (never a shell) and never as an argument that starts with `-`. Whether a link
//! is external at all is the content module's rule.

use std::process::{Command, Stdio};

use percent_encoding::percent_decode_str;
use url::Url;

/// Why an external link was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("only http, https and mailto links open outside onramp")]
    Scheme,
    #[error("the link has spaces or control characters in it")]
    Characters,
    #[error("the link is too long to be a real address")]
    TooLong,
    #[error("the address is not well formed: {0}")]
    Malformed(url::ParseError),
}

const MAX_URL: usize = 2048;

/// The URL to show and launch, when `target` may open outside the app: it parses as a
/// browser parses it, with an allowed scheme and a host (an address for `mailto`).
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
    let url = Url::parse(target).map_err(Refused::Malformed)?;
    let allowed = match url.scheme() {
        "http" | "https" => url.host().is_some(),
        "mailto" => !url.path().is_empty(),
        _ => false,
    };
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
    /// The host the address goes to, in its Unicode form as a browser's address bar shows
    /// it (lowercased, percent escapes decoded); `None` when it has none.
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
        let (userinfo, ascii) = match Url::parse(&url) {
            Ok(parsed) => (user_part(&parsed), host_of(&parsed)),
            Err(_) => (None, None),
        };
        let host = ascii.as_deref().map(unicode_host);
        let ascii_host = ascii.clone().filter(|a| Some(a) != host.as_ref());
        let misleading_text = text
            .filter(|t| t.trim() != url)
            .and_then(|t| named_host(t).map(|named| (t, named)))
            .filter(|(_, named)| ascii.as_deref().is_none_or(|real| !same_site(named, real)))
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

/// The ASCII host an address goes to: a web address's host as the URL standard parses it
/// (IDNA applied), or the domain of a `mailto` address's first recipient.
fn host_of(url: &Url) -> Option<String> {
    if url.scheme() == "mailto" {
        let decoded: String = percent_decode_str(url.path()).decode_utf8().ok()?.into();
        // Several addresses may be listed; the first is the one to check.
        let first = decoded.split(',').next().unwrap_or("");
        let (_, domain) = first.rsplit_once('@')?;
        return ascii_domain(domain.trim());
    }
    url.host_str()
        .filter(|h| !h.is_empty())
        .map(str::to_ascii_lowercase)
}

/// A domain in its ASCII form (UTS 46, as browsers map it); `None` when it is not one.
fn ascii_domain(domain: &str) -> Option<String> {
    idna::domain_to_ascii(domain).ok().filter(|d| !d.is_empty())
}

/// The Unicode form of an ASCII host, as an address bar shows it; the ASCII form when a
/// label does not decode.
fn unicode_host(ascii: &str) -> String {
    if ascii.starts_with('[') || ascii.parse::<std::net::Ipv4Addr>().is_ok() {
        return ascii.to_string();
    }
    match idna::domain_to_unicode(ascii) {
        (unicode, Ok(())) => unicode,
        (_, Err(_)) => ascii.to_string(),
    }
}

/// The user name (and password) written before `@` in an address's authority.
fn user_part(url: &Url) -> Option<String> {
    let user = url.username();
    let part = match url.password() {
        Some(password) => format!("{user}:{password}"),
        None => user.to_string(),
    };
    (!part.is_empty()).then(|| percent_decode_str(&part).decode_utf8_lossy().into_owned())
}

/// The ASCII host a link text names, when it reads like an address
/// (`https://x.example/…`, `x.example`, `someone@x.example`); plain words name none.
fn named_host(text: &str) -> Option<String> {
    let text = text.trim();
    let lower = text.to_lowercase();
    if ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return Url::parse(text).ok().as_ref().and_then(host_of);
    }
    let word = text.split(['/', '?', '#']).next().unwrap_or("");
    let word = word.rsplit_once('@').map_or(word, |(_, h)| h);
    let dots = ['.', '\u{3002}', '\u{FF0E}', '\u{FF61}'];
    let looks_like_host = word.contains(dots)
        && !word.starts_with(dots)
        && !word.ends_with(dots)
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || dots.contains(&c))
        && word.chars().any(char::is_alphabetic);
    if !looks_like_host {
        return None;
    }
    ascii_domain(word)
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
    #[case("http://exa%20mple.com/", false)]
    #[case("tel:+3912345", false)]
    #[case("mailto:", false)]
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
    // Browsers map full-width letters to ASCII: the address really goes to example.com.
    #[case("https://\u{FF45}xample.com/", Some("example.com"), None)]
    #[case("https://192.168.0.1:8080/", Some("192.168.0.1"), None)]
    #[case(
        "https://xn--bcher-kva.example/",
        Some("bücher.example"),
        Some("xn--bcher-kva.example")
    )]
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
}
