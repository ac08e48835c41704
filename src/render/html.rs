//! HTML inside Markdown, reduced to text: tags become breaks, styles, links and tables or
//! vanish; comments, scripts and styles vanish; entities are decoded (and the result is
//! sanitised by the caller, since `&#27;` decodes to ESC).

/// What the builder does with a piece of HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    Text(String),
    /// A tag, lowercased name, with `close` for `</x>` and its `href`/`src`/`alt` if any.
    Tag {
        name: String,
        close: bool,
        href: Option<String>,
        alt: Option<String>,
    },
}

/// A partial tag or comment longer than this is given up on and shown as text, so a stray
/// `<` cannot make the work quadratic.
const MAX_PENDING: usize = 8 * 1024;

/// Tokeniser state carried across pulldown-cmark events (an HTML block arrives line by line,
/// and a comment or tag may span lines).
#[derive(Debug, Default)]
pub struct HtmlState {
    pending: String,
    /// Inside `<script>` or `<style>`: text is dropped until the matching close tag.
    skipping: Option<String>,
}

impl HtmlState {
    pub fn feed(&mut self, text: &str, out: &mut Vec<Tok>) {
        let mut buf = std::mem::take(&mut self.pending);
        buf.push_str(text);
        let mut rest = buf.as_str();
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                self.text(rest, out);
                break;
            };
            if lt > 0 {
                self.text(&rest[..lt], out);
                rest = &rest[lt..];
            }
            if let Some(after) = rest.strip_prefix("<!--") {
                if let Some(end) = after.find("-->") {
                    rest = &after[end + 3..];
                    continue;
                }
                if rest.len() <= MAX_PENDING {
                    self.pending = rest.to_string();
                }
                break;
            }
            let Some(gt) = rest.find('>') else {
                if rest.len() <= MAX_PENDING && looks_like_tag(rest) {
                    self.pending = rest.to_string();
                } else {
                    self.text(rest, out);
                }
                break;
            };
            let inner = &rest[1..gt];
            if looks_like_tag(rest) {
                self.tag(inner, out);
            } else {
                self.text(&rest[..=gt], out);
            }
            rest = &rest[gt + 1..];
        }
    }

    fn text(&self, text: &str, out: &mut Vec<Tok>) {
        if self.skipping.is_none() && !text.is_empty() {
            out.push(Tok::Text(decode_entities(text)));
        }
    }

    fn tag(&mut self, inner: &str, out: &mut Vec<Tok>) {
        let close = inner.starts_with('/');
        let body = inner.trim_start_matches('/');
        let name_len = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(body.len());
        let name = body[..name_len].to_ascii_lowercase();
        if let Some(skip) = &self.skipping {
            if close && *skip == name {
                self.skipping = None;
            }
            return;
        }
        if !close && (name == "script" || name == "style") {
            self.skipping = Some(name);
            return;
        }
        let attrs = &body[name_len..];
        out.push(Tok::Tag {
            href: attr(attrs, "href").or_else(|| attr(attrs, "src")),
            alt: attr(attrs, "alt"),
            name,
            close,
        });
    }
}

fn looks_like_tag(s: &str) -> bool {
    let b = s.as_bytes();
    match b.get(1) {
        Some(b'/') => b.get(2).is_some_and(u8::is_ascii_alphabetic),
        Some(c) => c.is_ascii_alphabetic() || *c == b'!',
        None => false,
    }
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let start = from + pos;
        from = start + name.len();
        let before_ok = start == 0 || lower.as_bytes()[start - 1].is_ascii_whitespace();
        let rest = attrs[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start();
        let v = if let Some(q) = value.strip_prefix('"') {
            &q[..q.find('"').unwrap_or(q.len())]
        } else if let Some(q) = value.strip_prefix('\'') {
            &q[..q.find('\'').unwrap_or(q.len())]
        } else {
            &value[..value
                .find(|c: char| c.is_whitespace() || c == '/')
                .unwrap_or(value.len())]
        };
        return Some(decode_entities(v));
    }
    None
}

/// Decodes the entities real pages use: the five XML ones, `&nbsp;`, and numeric references.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1);
        let decoded = end
            .filter(|&e| rest.as_bytes().get(e) == Some(&b';'))
            .and_then(|e| entity(&rest[1..e]).map(|c| (c, e)));
        if let Some((c, e)) = decoded {
            out.push(c);
            rest = &rest[e + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            Some(
                char::from_u32(code)
                    .filter(|&c| c != '\0')
                    .unwrap_or('\u{FFFD}'),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(parts: &[&str]) -> Vec<Tok> {
        let mut st = HtmlState::default();
        let mut out = Vec::new();
        for p in parts {
            st.feed(p, &mut out);
        }
        out
    }

    #[test]
    fn comments_spanning_events_vanish() {
        let t = toks(&["a<!-- x\n", "y -->b"]);
        assert_eq!(t, [Tok::Text("a".into()), Tok::Text("b".into())]);
    }

    #[test]
    fn entities_decode_to_raw_controls_for_the_sanitiser() {
        assert_eq!(
            decode_entities("&#27;[31m &amp; &#x9b;"),
            "\u{1b}[31m & \u{9b}"
        );
        assert_eq!(decode_entities("AT&T &bogus; &"), "AT&T &bogus; &");
    }

    #[test]
    fn links_and_scripts() {
        let t = toks(&["<a href=\"https://x.test/?a=1&amp;b\">x</a><script>evil()</script>ok"]);
        assert_eq!(
            t[0],
            Tok::Tag {
                name: "a".into(),
                close: false,
                href: Some("https://x.test/?a=1&b".into()),
                alt: None
            }
        );
        assert_eq!(t.last(), Some(&Tok::Text("ok".into())));
        assert_eq!(t.len(), 4);
    }

    #[test]
    fn a_lone_less_than_is_text() {
        assert_eq!(
            toks(&["1 < 2"]),
            [Tok::Text("1 ".into()), Tok::Text("< 2".into())]
        );
    }
}
