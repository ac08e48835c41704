//! Markdown as the words a reader sees, read with pulldown-cmark: [`inline`] for one line of
//! text (a checklist item, a title in a report), [`prose`] for a whole page (what the search
//! index holds and snippets quote). Link targets, HTML tags and Markdown markers are dropped;
//! for the index, all but the host of bare addresses too, and headings and task lines (a list
//! item ending in `:`, the shape of a cheat sheet's "- Do this:" above a command) are collected
//! for their own, heavier part. The one place Markdown becomes plain text. Never renders.

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

/// What the index takes from a page's body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prose {
    /// The page as one line of text.
    pub text: String,
    /// Headings (without the one that repeats the title) and task lines.
    pub headings: Vec<String>,
}

/// Reads `body` once. `title` is dropped where a level-one heading repeats it.
pub fn prose(body: &str, title: &str) -> Prose {
    let options = super::anchors::markdown_options();
    let mut out = Prose::default();
    // Text of the block being read, flushed at each block's end.
    let mut block = String::new();
    let mut heading: Option<u8> = None;
    let mut item_depth = 0usize;
    let mut hidden = 0usize;
    for event in Parser::new_ext(body, options) {
        match event {
            // A bare address reads as its host ("More information: manned.org."): the rest
            // of a URL is noise to a reader and to the index.
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url,
                ..
            }) => {
                block.push_str(host(&dest_url));
                hidden += 1;
            }
            Event::End(TagEnd::Link) if hidden > 0 => hidden -= 1,
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut block, &mut out.text);
                heading = Some(level as u8);
            }
            Event::End(TagEnd::Heading(_)) => {
                let text = clean(&block);
                let repeats_title = heading == Some(1) && text.trim() == title.trim();
                if !text.is_empty() && !repeats_title {
                    out.headings.push(text.clone());
                    push_line(&mut out.text, &text);
                }
                block.clear();
                heading = None;
            }
            Event::Start(Tag::Item) => {
                flush(&mut block, &mut out.text);
                item_depth += 1;
            }
            Event::End(TagEnd::Item) => {
                // A checklist item's attribute block (`{#id due=W1}`) is markup, not words.
                let cleaned = clean(crate::content::checklist::split_attrs(&block).0);
                let text = cleaned.as_str();
                if text.ends_with(':') && text.len() > 1 {
                    out.headings
                        .push(text.trim_end_matches(':').trim_end().to_string());
                }
                push_line(&mut out.text, text);
                block.clear();
                item_depth = item_depth.saturating_sub(1);
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::HtmlBlock,
            ) if item_depth == 0 => flush(&mut block, &mut out.text),
            Event::Text(t) if hidden == 0 => block.push_str(&t),
            Event::Code(t) if hidden == 0 => {
                if !block.is_empty() && !block.ends_with(char::is_whitespace) && is_code(&t) {
                    block.push(' ');
                }
                block.push_str(&t);
            }
            Event::Html(t) | Event::InlineHtml(t) => strip_tags(&t, &mut block),
            Event::SoftBreak | Event::HardBreak => block.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::TableCell) => {
                block.push(' ');
            }
            _ => {}
        }
    }
    flush(&mut block, &mut out.text);
    out
}

/// Inline Markdown (one item, one title) as the plain text a reader sees: link and image
/// text without their targets (`[docs](https://x/Foo_(bar))` reads "docs", `![logo](x.png)`
/// reads "logo"), code without backticks, no emphasis marks, no HTML tags, whitespace runs
/// as one space.
pub fn inline(markdown: &str) -> String {
    if !markdown.contains([
        '[', ']', '*', '_', '`', '<', '>', '&', '\\', '~', '!', '\n', '\t',
    ]) {
        // Nothing Markdown could read differently: most item texts.
        return markdown.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let mut text = String::with_capacity(markdown.len());
    let options = super::anchors::markdown_options();
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::Html(t) | Event::InlineHtml(t) => strip_tags(&t, &mut text),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => {
                text.push(' ');
            }
            _ => {}
        }
    }
    let out = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.is_empty() {
        // Only markup (an item that is one HTML tag): what was written is all there is to show.
        return markdown.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    out
}

/// The host of an address, without `www.`; the address itself when it has no scheme.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit('@').next().unwrap_or(host);
    host.strip_prefix("www.").unwrap_or(host)
}

/// Inline code is a word of its own even when written against text (`` `ls`-like ``).
fn is_code(t: &str) -> bool {
    t.starts_with(|c: char| c.is_alphanumeric())
}

fn flush(block: &mut String, text: &mut String) {
    let cleaned = clean(block);
    push_line(text, &cleaned);
    block.clear();
}

fn push_line(text: &mut String, line: &str) {
    if line.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(line);
}

/// One line: whitespace runs become one space, template braces (`{{path}}`) go, and letters
/// bracketed as mnemonics (`E[x]tract`, `[c]reate`) are joined back into their word.
fn clean(raw: &str) -> String {
    let unbracketed = unbracket(raw);
    let mut out = String::with_capacity(unbracketed.len());
    for word in unbracketed.split_whitespace() {
        let word = word.trim_matches(|c| c == '{' || c == '}');
        let word = word.replace("{{", "").replace("}}", "");
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

/// Drops the brackets around one to three letters that sit against a letter: `E[x]tract`
/// -> `Extract`, `[c]reate` -> `create`, `Lis[t]` -> `List`. A bracketed word standing alone
/// (`[-C|--directory]`, `[1]`) is left as written.
pub fn unbracket(text: &str) -> String {
    if !text.contains('[') {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '['
            && let Some(len) = chars[i + 1..]
                .iter()
                .take(4)
                .position(|&c| c == ']')
                .filter(|&n| (1..=3).contains(&n))
            && chars[i + 1..=i + len].iter().all(|c| c.is_alphanumeric())
        {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + len + 2).copied();
            let against = before.is_some_and(char::is_alphanumeric)
                || (after.is_some_and(char::is_alphanumeric));
            let is_link = matches!(after, Some('(' | '['));
            if against && !is_link {
                out.extend(&chars[i + 1..=i + len]);
                i += len + 2;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Text between HTML tags, tags and comments dropped.
fn strip_tags(html: &str, out: &mut String) {
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("Read the [docs](https://x/Foo_(bar)) first", "Read the docs first")]
    #[case("![logo](x.png) Upload the logo", "logo Upload the logo")]
    #[case(
        "Meet [Marta](../people/marta-ferri.md) (your manager)",
        "Meet Marta (your manager)"
    )]
    #[case("Run `tar xf` **now**, _please_", "Run tar xf now, please")]
    #[case(
        "Ask in <b>#help</b> or <ops@example.org>",
        "Ask in #help or ops@example.org"
    )]
    #[case("Plain words, nothing else", "Plain words, nothing else")]
    #[case("  spaced \t  out ", "spaced out")]
    #[case("Keep [brackets] and 3 < 4", "Keep [brackets] and 3 < 4")]
    #[case("Escaped \\*stars\\*", "Escaped *stars*")]
    #[case("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>")]
    fn inline_markdown_reads_as_plain_text(#[case] markdown: &str, #[case] want: &str) {
        assert_eq!(inline(markdown), want);
    }

    #[rstest]
    #[case("E[x]tract a [f]ile [v]erbosely", "Extract a file verbosely")]
    #[case("[c]reate a g[z]ipped archive", "create a gzipped archive")]
    #[case("Lis[t] the contents", "List the contents")]
    #[case(
        "`tar {{[-C|--directory]}}` [1] [abcd]e",
        "`tar {{[-C|--directory]}}` [1] [abcd]e"
    )]
    #[case("see [x](y) and [ab][ref]", "see [x](y) and [ab][ref]")]
    fn mnemonic_brackets(#[case] input: &str, #[case] want: &str) {
        assert_eq!(unbracket(input), want);
    }

    #[test]
    fn cheat_sheet_page() {
        let body = "# tar\n\n> Archiving utility.\n> More information: <https://example.org/tar>.\n\n- E[x]tract an archive [f]ile:\n\n`tar xf {{path/to/source.tar}}`\n\n- [ ] Read it {#read due=W1}\n";
        let p = prose(body, "tar");
        assert_eq!(
            p.text,
            "Archiving utility. More information: example.org. Extract an archive file: tar xf path/to/source.tar Read it"
        );
        assert_eq!(p.headings, ["Extract an archive file"]);
    }

    #[test]
    fn links_keep_their_text_and_html_its_words() {
        let body = "## Who to ask\n\nAsk [the on-call lead](../oncall.md) or <b>mail</b> <ops@example.org>.\n\n<details><summary>More</summary>\n\nHidden text\n</details>\n";
        let p = prose(body, "Title");
        assert_eq!(p.headings, ["Who to ask"]);
        assert!(
            p.text
                .starts_with("Who to ask Ask the on-call lead or mail ops@example.org."),
            "{}",
            p.text
        );
        assert!(p.text.contains("More"), "{}", p.text);
        assert!(p.text.contains("Hidden text"), "{}", p.text);
        assert!(
            !p.text.contains("oncall.md") && !p.text.contains('<'),
            "{}",
            p.text
        );
    }

    #[test]
    fn title_heading_is_not_repeated() {
        let p = prose("# Title\n\nText.\n\n# Other\n", "Title");
        assert_eq!(p.headings, ["Other"]);
        assert_eq!(p.text, "Text. Other");
    }
}
