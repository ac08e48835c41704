//! Template syntax of static-site generators turned into the Markdown the site would show:
//! Liquid (`{% page "x/" %}`, `{% link x %}`, `{{ site.baseurl }}`, `{% alert %}` blocks),
//! Hugo shortcodes (`{{< ref "x.md" >}}`, `{{< hint >}}`, `{{% notice %}}`) and Docusaurus
//! admonitions (`:::note`). Links become site addresses the library resolves; callout blocks
//! become `!!! kind "Title"` admonitions (or `> [!KIND]` quotes where indented); any other
//! tag is dropped, never shown raw. Pure text in, text out.
//!
//! Outside Jekyll and Hugo sites, tags are read only outside code, where they cannot be
//! anything else: tldr's `{{<1>|<2>}}` placeholders inside backticks stay as written.

mod callout;
mod code;

use std::ops::Range;

use super::site::Flavour;
use callout::{CALLOUT_NAMES, arguments, callout, callout_kind_and_title, docusaurus};
use code::code_ranges;

/// Liquid objects whose `{{ ... }}` output is dropped outside Jekyll sites too.
const LIQUID_ROOTS: &[&str] = &[
    "site",
    "page",
    "base",
    "layout",
    "include",
    "jekyll",
    "paginator",
    "content",
    "forloop",
    "post",
];

/// The body with template syntax replaced, or `None` when there is none (the common case
/// costs one scan).
pub fn convert(body: &str, flavour: Flavour) -> Option<String> {
    let liquid = body.contains("{%") || body.contains("{{");
    let colons = matches!(flavour, Flavour::Docusaurus | Flavour::Markdown) && body.contains(":::");
    if !liquid && !colons {
        return None;
    }
    // A page that escapes tags with `{% raw %}` was written for Liquid, whatever the site
    // says: its tags are read everywhere, as the site generator reads them.
    let flavour = if flavour == Flavour::Markdown && uses_raw(body) {
        Flavour::Jekyll
    } else {
        flavour
    };
    let mut text = if liquid {
        let everywhere = matches!(flavour, Flavour::Jekyll | Flavour::Hugo);
        let tokens = tokenize(body, everywhere, flavour);
        let pairs = pair(&tokens);
        let mut out = String::with_capacity(body.len());
        emit(body, &tokens, &pairs, 0..tokens.len(), &mut out);
        out
    } else {
        body.to_string()
    };
    if colons {
        text = docusaurus(&text);
    }
    (text != body).then_some(text)
}

/// The tags [`convert`] drops without a trace: not links, images, callouts, code or the
/// content between a pair, but tags like `{% include footer.html %}` whose output the site
/// makes and onramp cannot. What a pack owner may want to know readers miss, as written
/// (`{% include footer.html %}`), in page order.
pub fn dropped(body: &str, flavour: Flavour) -> Vec<String> {
    if !body.contains("{%") && !body.contains("{{") {
        return Vec::new();
    }
    let flavour = if flavour == Flavour::Markdown && uses_raw(body) {
        Flavour::Jekyll
    } else {
        flavour
    };
    let everywhere = matches!(flavour, Flavour::Jekyll | Flavour::Hugo);
    let tokens = tokenize(body, everywhere, flavour);
    let pairs = pair(&tokens);
    let closers: std::collections::HashSet<usize> = pairs.iter().flatten().copied().collect();
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let Token::Tag { syntax, name, args } = token else {
            continue;
        };
        if pairs[i].is_some() || closers.contains(&i) {
            continue;
        }
        let mut shown = String::new();
        inline(*syntax, name, args, &mut shown);
        if !shown.trim().is_empty() {
            continue;
        }
        let inside = if args.trim().is_empty() {
            name.clone()
        } else {
            format!("{name} {}", args.trim())
        };
        out.push(match syntax {
            Syntax::Liquid => format!("{{% {inside} %}}"),
            Syntax::Output => format!("{{{{ {inside} }}}}"),
            Syntax::Shortcode => format!("{{{{< {inside} >}}}}"),
        });
    }
    out
}

/// Where template syntax may be left in `body`: the 1-based line and the text of the first
/// `{%`, `{{<` or `{{%` outside code. For checks over rendered pages.
pub fn leftover(body: &str) -> Option<(usize, String)> {
    let code = code_ranges(body);
    for pat in ["{%", "{{<", "{{%"] {
        for (at, _) in body.match_indices(pat) {
            if code.iter().any(|r| r.contains(&at)) {
                continue;
            }
            let line = body[..at].matches('\n').count() + 1;
            let end = body[at..].find('\n').map_or(body.len(), |n| at + n);
            return Some((line, body[at..end].chars().take(60).collect()));
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// `{% name args %}`
    Liquid,
    /// `{{ expression }}`
    Output,
    /// `{{< name args >}}` or `{{% name args %}}`
    Shortcode,
}

#[derive(Debug)]
enum Token {
    Text(Range<usize>),
    /// Text to put out as it is (a `{% raw %}` block, an escaped shortcode).
    Literal(String),
    Tag {
        syntax: Syntax,
        /// The tag's name (`page`, `endalert`, `/hint`) and the rest.
        name: String,
        args: String,
    },
}

/// Splits `body` into text and tags. In code (fences and inline spans) only `{% raw %}`
/// markers and escaped shortcodes are read, unless `everywhere`.
fn tokenize(body: &str, everywhere: bool, flavour: Flavour) -> Vec<Token> {
    let code = if everywhere {
        Vec::new()
    } else {
        code_ranges(body)
    };
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let bytes = body.as_bytes();
    while i + 1 < bytes.len() {
        if bytes[i] != b'{' || (bytes[i + 1] != b'%' && bytes[i + 1] != b'{') {
            i += 1;
            continue;
        }
        let in_code = code.iter().any(|r| r.contains(&i));
        let Some((token, end)) = read_tag(body, i, in_code, flavour) else {
            i += 1;
            continue;
        };
        if text_start < i {
            tokens.push(Token::Text(text_start..i));
        }
        if let Some(t) = token {
            tokens.push(t);
        }
        i = end;
        text_start = end;
    }
    if text_start < body.len() {
        tokens.push(Token::Text(text_start..body.len()));
    }
    tokens
}

/// Reads the tag starting at `at`: the token (`None` for a dropped comment) and where it ends.
fn read_tag(
    body: &str,
    at: usize,
    in_code: bool,
    flavour: Flavour,
) -> Option<(Option<Token>, usize)> {
    let rest = &body[at..];
    if let Some(inner) = rest.strip_prefix("{%") {
        let close = inner.find("%}")?;
        let inside = inner[..close].trim_matches('-').trim();
        let (name, args) = split_name(inside);
        let end = at + 2 + close + 2;
        if name == "raw" {
            // Everything up to `{% endraw %}` is shown as written.
            let (inner_end, after) = find_end_tag(body, end, "endraw")?;
            return Some((
                Some(Token::Literal(body[end..inner_end].to_string())),
                after,
            ));
        }
        if in_code {
            return None;
        }
        if name == "comment" {
            let (inner_end, after) = find_end_tag(body, end, "endcomment")?;
            // Keep the line count, so the lines after it stay where they were.
            let lines = body[at..inner_end].matches('\n').count();
            return Some((Some(Token::Literal("\n".repeat(lines))), after));
        }
        return Some((
            Some(Token::Tag {
                syntax: Syntax::Liquid,
                name: name.to_string(),
                args: args.to_string(),
            }),
            end,
        ));
    }
    for (open, close) in [("{{<", ">}}"), ("{{%", "%}}")] {
        let Some(inner) = rest.strip_prefix(open) else {
            continue;
        };
        let close_at = inner.find(close)?;
        let inside = inner[..close_at].trim();
        let end = at + open.len() + close_at + close.len();
        // `{{</* name */>}}` is how Hugo pages show a shortcode without running it.
        if let Some(shown) = inside.strip_prefix("/*").and_then(|s| s.strip_suffix("*/")) {
            return Some((
                Some(Token::Literal(format!("{open} {} {close}", shown.trim()))),
                end,
            ));
        }
        if in_code {
            return None;
        }
        let (name, args) = split_name(inside);
        return Some((
            Some(Token::Tag {
                syntax: Syntax::Shortcode,
                name: name.to_string(),
                args: args.to_string(),
            }),
            end,
        ));
    }
    let inner = rest.strip_prefix("{{")?;
    if in_code {
        return None;
    }
    let close = inner.find("}}")?;
    let expr = inner[..close].trim_matches('-').trim();
    if expr.contains('\n') && expr.lines().count() > 3 {
        return None;
    }
    let liquid_like =
        flavour == Flavour::Jekyll || is_liquid_object(expr) || string_literal(expr).is_some();
    if !liquid_like {
        return None;
    }
    Some((
        Some(Token::Tag {
            syntax: Syntax::Output,
            name: String::new(),
            args: expr.to_string(),
        }),
        at + 2 + close + 2,
    ))
}

/// Whether `body` has a `{% raw %}` tag (any whitespace control).
fn uses_raw(body: &str) -> bool {
    body.match_indices("{%").any(|(at, _)| {
        let rest = body[at + 2..].trim_start_matches('-').trim_start();
        rest.strip_prefix("raw")
            .is_some_and(|r| r.starts_with(|c: char| c.is_whitespace() || c == '-' || c == '%'))
    })
}

/// The text of a Liquid string literal (`"x"` or `'x'`) that is the whole expression.
fn string_literal(expr: &str) -> Option<&str> {
    let e = expr.trim();
    let quote = e.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = e.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.contains(quote)).then_some(inner)
}

/// `site.baseurl`, `page.title | upcase`: a Liquid object path, not a placeholder.
fn is_liquid_object(expr: &str) -> bool {
    let head = expr
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    LIQUID_ROOTS.contains(&head)
        && (expr.len() == head.len()
            || expr[head.len()..].trim_start().starts_with(['.', '|', '[']))
}

/// Finds `{% name %}` (any whitespace control) from `from`: (where it starts, where it ends).
fn find_end_tag(body: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let mut search = from;
    while let Some(rel) = body[search..].find("{%") {
        let start = search + rel;
        let inner = &body[start + 2..];
        let close = inner.find("%}")?;
        if inner[..close].trim_matches('-').trim() == name {
            return Some((start, start + 2 + close + 2));
        }
        search = start + 2;
    }
    None
}

fn split_name(inside: &str) -> (&str, &str) {
    let inside = inside.trim();
    match inside.find(char::is_whitespace) {
        Some(n) => (&inside[..n], inside[n..].trim()),
        None => (inside, ""),
    }
}

/// For each opening tag with a matching closing one, the closing tag's index. A Liquid block
/// `name` closes with `endname`, a shortcode with `/name`.
fn pair(tokens: &[Token]) -> Vec<Option<usize>> {
    let mut pairs = vec![None; tokens.len()];
    let mut open: Vec<(usize, &str, Syntax)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let Token::Tag { syntax, name, .. } = t else {
            continue;
        };
        let closes = match syntax {
            Syntax::Liquid => name.strip_prefix("end").filter(|n| !n.is_empty()),
            Syntax::Shortcode => name.strip_prefix('/'),
            Syntax::Output => None,
        };
        match closes {
            Some(target) => {
                if let Some(pos) = open
                    .iter()
                    .rposition(|(_, n, s)| *n == target && s == syntax)
                {
                    pairs[open[pos].0] = Some(i);
                    open.truncate(pos);
                }
            }
            None if *syntax != Syntax::Output => open.push((i, name.as_str(), *syntax)),
            None => {}
        }
    }
    pairs
}

fn emit(
    body: &str,
    tokens: &[Token],
    pairs: &[Option<usize>],
    range: Range<usize>,
    out: &mut String,
) {
    let mut i = range.start;
    while i < range.end {
        match &tokens[i] {
            Token::Text(r) => out.push_str(&body[r.clone()]),
            Token::Literal(s) => out.push_str(s),
            Token::Tag {
                syntax, name, args, ..
            } => {
                if let Some(close) = pairs[i].filter(|&c| c < range.end) {
                    block(
                        body,
                        tokens,
                        pairs,
                        (*syntax, name, args),
                        i + 1..close,
                        out,
                    );
                    i = close + 1;
                    continue;
                }
                inline(*syntax, name, args, out);
            }
        }
        i += 1;
    }
}

/// A tag with its closing tag: a callout, a code block, or its content without the tags.
fn block(
    body: &str,
    tokens: &[Token],
    pairs: &[Option<usize>],
    (syntax, name, args): (Syntax, &str, &str),
    inner: Range<usize>,
    out: &mut String,
) {
    let lower = name.to_ascii_lowercase();
    if syntax == Syntax::Liquid && lower == "capture" {
        // Captured text is assigned to a variable, not shown.
        return;
    }
    let mut content = String::new();
    emit(body, tokens, pairs, inner, &mut content);
    if syntax == Syntax::Liquid && lower == "highlight" {
        let lang = args.split_whitespace().next().unwrap_or("");
        out.push_str("```");
        out.push_str(lang);
        if !content.starts_with('\n') {
            out.push('\n');
        }
        out.push_str(&content);
        if !content.ends_with('\n') {
            out.push('\n');
        }
        out.push_str("```");
        return;
    }
    if CALLOUT_NAMES.contains(&lower.as_str()) {
        let (kind, title) = callout_kind_and_title(&lower, args);
        callout(out, &kind, title.as_deref(), &content);
        return;
    }
    out.push_str(&content);
}

/// A tag without a closing tag: a link target, a channel name, an image, or nothing.
fn inline(syntax: Syntax, name: &str, args: &str, out: &mut String) {
    let first = || {
        arguments(args)
            .into_iter()
            .map(|(_, v)| v)
            .next()
            .unwrap_or_default()
    };
    match (syntax, name) {
        // `{{ "{%include%}" }}` is how Liquid pages show a tag without running it.
        (Syntax::Output, _) => out.push_str(string_literal(args).unwrap_or("")),
        (Syntax::Liquid, "page") => out.push_str(&site_address(&first())),
        (Syntax::Liquid, "link" | "post_url") => {
            let target = first();
            out.push_str(&site_address(&target));
        }
        (Syntax::Liquid, "download" | "asset" | "asset_path")
        | (Syntax::Shortcode, "ref" | "relref") => out.push_str(&first()),
        (Syntax::Liquid, "slack_channel" | "slack") => {
            let args: Vec<String> = arguments(args).into_iter().map(|(_, v)| v).collect();
            match args.as_slice() {
                [_, text, ..] if !text.trim().is_empty() => out.push_str(text),
                [channel, ..] => {
                    out.push('#');
                    out.push_str(channel.trim_start_matches('#'));
                }
                [] => {}
            }
        }
        (Syntax::Liquid, "image" | "image_with_class") => {
            let args: Vec<String> = arguments(args).into_iter().map(|(_, v)| v).collect();
            let (src, alt) = match (name, args.as_slice()) {
                ("image", [src, alt, ..]) | ("image_with_class", [src, _, alt, ..]) => {
                    (src.clone(), alt.clone())
                }
                (_, [src, ..]) => (src.clone(), String::new()),
                _ => return,
            };
            image(out, &alt, &src);
        }
        (Syntax::Shortcode, "figure") => {
            let args = arguments(args);
            let get = |k: &str| {
                args.iter()
                    .find(|(key, _)| key.as_deref() == Some(k))
                    .map(|(_, v)| v.clone())
            };
            if let Some(src) = get("src") {
                let alt = get("alt").or_else(|| get("caption")).unwrap_or_default();
                image(out, &alt, &src);
            }
        }
        // Output tags and anything else (`include`, `if`, `assign`, `param`, ...) cannot be
        // run here: they are dropped.
        _ => {}
    }
}

fn image(out: &mut String, alt: &str, src: &str) {
    out.push_str("![");
    out.push_str(&alt.replace(['[', ']'], ""));
    out.push_str("](");
    out.push_str(src);
    out.push(')');
}

/// A site address for a page named from the site's root: `x/` becomes `/x/`.
fn site_address(target: &str) -> String {
    let t = target.trim();
    if t.contains("://") || t.starts_with('/') || t.starts_with('#') || t.starts_with('.') {
        t.to_string()
    } else {
        format!("/{t}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn md(body: &str) -> String {
        convert(body, Flavour::Markdown).unwrap_or_else(|| body.to_string())
    }

    #[rstest]
    #[case(
        "See [leave]({% page \"travel-and-leave/going-out-of-office/\" %}).",
        "See [leave](/travel-and-leave/going-out-of-office/)."
    )]
    #[case("[x]({% page \"/travel-101/\" %})", "[x](/travel-101/)")]
    #[case(
        "[x]({%link about-us/code-of-conduct.md %})",
        "[x](/about-us/code-of-conduct.md)"
    )]
    #[case("[x]({{ site.baseurl }}/about/)", "[x](/about/)")]
    #[case("[x]({{base.baseurl}}/about/)", "[x](/about/)")]
    #[case("Ask in {% slack_channel \"people-ops\" %}.", "Ask in #people-ops.")]
    #[case("{% image \"_img/a.png\" \"a cat\" %}", "![a cat](_img/a.png)")]
    #[case("{% include \"step-indicator.html\" steps: x %}\ntext", "\ntext")]
    #[case("a {% comment %}\nhidden\n{% endcomment %}b", "a \n\nb")]
    #[case(
        "[r]({{< ref \"./NodeRAIDDegraded.md\" >}})",
        "[r](./NodeRAIDDegraded.md)"
    )]
    #[case("repo: {{< param BookRepo >}}", "repo: ")]
    #[case("{% if a %}yes{% else %}no{% endif %}", "yesno")]
    fn tags_become_what_the_site_shows(#[case] body: &str, #[case] want: &str) {
        assert_eq!(md(body), want);
    }

    #[test]
    fn placeholders_in_code_stay_outside_jekyll_sites() {
        let body = "- Move:\n\n`snake4 {{<1>|<2>}}` and `cp {{file.txt}} {{site.x}}`\n\n```\n{{< hint >}}\n```\n";
        assert_eq!(convert(body, Flavour::Markdown), None);
        assert_eq!(leftover(body), None);
    }

    #[test]
    fn raw_blocks_show_their_tags_in_code() {
        let body = "```\n{% raw %}{% image \"x.png\"\n  \"y\" %}{% endraw %}\n```\n";
        assert_eq!(md(body), "```\n{% image \"x.png\"\n  \"y\" %}\n```\n");
        assert_eq!(leftover(&md(body)), None);
    }

    #[test]
    fn alerts_become_admonitions_line_for_line() {
        let body = "Intro\n\n{% alert \"Updated guidance\", \"warning\" %}\n  On July 13 see [x]({% page \"/t/\" %}).\n\n  More.\n{% endalert %}\n\nAfter\n";
        let out = md(body);
        assert_eq!(
            out,
            "Intro\n\n!!! warning \"Updated guidance\"\n    On July 13 see [x](/t/).\n\n    More.\n\n\nAfter\n"
        );
        assert_eq!(out.lines().count(), body.lines().count());
        assert_eq!(
            md("{% alert %}\n  Plain.\n{% endalert %}\n"),
            "!!! note\n    Plain.\n\n"
        );
        assert_eq!(
            md("{% alert \"\", \"warning\" %}\nGSA only\n{% endalert %}"),
            "!!! warning\n    GSA only\n"
        );
    }

    #[test]
    fn an_indented_alert_becomes_a_quote_at_its_indent() {
        let out = md("- Item\n\n  {% alert \"Mind\" %}\n  Careful.\n  {% endalert %}\n");
        assert_eq!(out, "- Item\n\n  > [!NOTE]\n  > **Mind**\n  > Careful.\n\n");
    }

    #[test]
    fn hugo_callouts_and_escapes() {
        let body = "{{< hint danger >}}\n**Stop** first.\n{{< /hint >}}\n\n{{% notice tip \"Try\" %}}\nThis.\n{{% /notice %}}\n";
        assert_eq!(
            convert(body, Flavour::Hugo).unwrap(),
            "!!! danger\n    **Stop** first.\n\n\n!!! tip \"Try\"\n    This.\n\n"
        );
        assert_eq!(
            convert("Write `{{</* ref \"x\" */>}}`", Flavour::Hugo).unwrap(),
            "Write `{{< ref \"x\" >}}`"
        );
    }

    #[test]
    fn docusaurus_admonitions() {
        let body =
            ":::tip[Use search]\nPress `/`.\n:::\n\n:::warning\nCareful.\n\n```\n:::\n```\n:::\n";
        assert_eq!(
            convert(body, Flavour::Docusaurus).unwrap(),
            "!!! tip \"Use search\"\n    Press `/`.\n\n\n!!! warning\n    Careful.\n\n    ```\n    :::\n    ```\n\n"
        );
    }

    #[test]
    fn a_page_with_raw_tags_is_read_as_liquid_everywhere() {
        let body = "Use the `{{ \"{%include%}\" }}` tag.\n\n```\n{% raw %}{% include \"x.html\" %}{% endraw %}\n```\n";
        assert_eq!(
            md(body),
            "Use the `{%include%}` tag.\n\n```\n{% include \"x.html\" %}\n```\n"
        );
        // Without `{% raw %}`, a quoted placeholder in code is a placeholder.
        let tldr = "`curl -H {{'X-My-Header: 123'}} {{\"url\"}}`";
        assert_eq!(convert(tldr, Flavour::Markdown), None);
    }

    #[test]
    fn jekyll_sites_read_tags_in_code_too() {
        assert_eq!(
            convert("```\n{{ site.baseurl }}/x\n```", Flavour::Jekyll).unwrap(),
            "```\n/x\n```"
        );
    }

    #[test]
    fn leftovers_are_found_outside_code() {
        assert_eq!(leftover("a\n{% unknown"), Some((2, "{% unknown".into())));
        assert_eq!(leftover("`{% x %}`"), None);
    }

    #[test]
    fn unclosed_tags_are_left_for_the_check_to_find() {
        assert_eq!(convert("a {% b", Flavour::Markdown), None);
    }
}
