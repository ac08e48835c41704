//! Placeholders in commands: `{{path/to/file}}` as tldr-pages write them and `<account>` as
//! man pages and runbooks do, the parts a reader replaces before running a command. Found in
//! code only (blocks and spans); the theme gives them their own style, and the reader names
//! them after a copy so the user knows what to fill in.

use std::ops::Range;

/// The longest placeholder taken as one, in characters; anything longer is text.
const MAX_CHARS: usize = 80;

/// Byte ranges of the placeholders in `code`, braces and angle brackets included, in order.
///
/// `{{...}}` holds anything but braces and line breaks. `<...>` opens where a word does not
/// (`Vec<String>`, `2>&1` and `<<EOF` hold none) and holds a name: a letter, then letters,
/// digits, spaces and `_-./:|`, not ending in a space (`a < b > c` holds none).
pub fn find(code: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut chars = code.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let found = match c {
            '{' if code[i..].starts_with("{{") => braces(code, i),
            '<' if prev.is_none_or(|p| !(p.is_alphanumeric() || p == '<' || p == '_')) => {
                angle(code, i)
            }
            _ => None,
        };
        match found {
            Some(end) => {
                out.push(i..end);
                // Skip to the end of the placeholder; the char before the next one is `}` or `>`.
                while chars.next_if(|&(j, _)| j < end).is_some() {}
                prev = code[..end].chars().next_back();
            }
            None => prev = Some(c),
        }
    }
    out
}

/// The distinct placeholders of `code`, as written, in order of first use.
pub fn names(code: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for range in find(code) {
        let name = &code[range];
        if !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// False for a code block in a markup language, whose `<tags>` are not placeholders.
pub fn applies_to(lang: Option<&str>) -> bool {
    const MARKUP: [&str; 8] = ["html", "xml", "xhtml", "svg", "vue", "jsx", "tsx", "svelte"];
    lang.is_none_or(|l| !MARKUP.iter().any(|m| l.eq_ignore_ascii_case(m)))
}

/// The end of a `{{...}}` placeholder opening at `start`.
fn braces(code: &str, start: usize) -> Option<usize> {
    let inner_start = start + 2;
    let close = code[inner_start..].find("}}")?;
    let inner = &code[inner_start..inner_start + close];
    let ok = !inner.trim().is_empty()
        && !inner.contains(['{', '}', '\n'])
        && inner.chars().count() <= MAX_CHARS;
    ok.then_some(inner_start + close + 2)
}

/// The end of a `<name>` placeholder opening at `start`.
fn angle(code: &str, start: usize) -> Option<usize> {
    let inner_start = start + 1;
    let mut chars = code[inner_start..].char_indices();
    let (_, first) = chars.next()?;
    if !first.is_alphabetic() {
        return None;
    }
    let mut last = first;
    for (n, (j, c)) in chars.enumerate() {
        if n >= MAX_CHARS {
            return None;
        }
        match c {
            '>' if last != ' ' => return Some(inner_start + j + 1),
            c if c.is_alphanumeric() || " _-./:|".contains(c) => last = c,
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn found(code: &str) -> Vec<&str> {
        find(code).into_iter().map(|r| &code[r]).collect()
    }

    #[rstest]
    #[case("tar xf {{path/to/file.tar}}", &["{{path/to/file.tar}}"])]
    #[case("cp {{[-r|--recursive]}} {{src}} {{dest}}", &["{{[-r|--recursive]}}", "{{src}}", "{{dest}}"])]
    #[case("gcloud config set account <account>", &["<account>"])]
    #[case("ssh <user>@<host> -p <port number>", &["<user>", "<host>", "<port number>"])]
    #[case("kubectl -n=<namespace> get pods", &["<namespace>"])]
    #[case("let v: Vec<String> = x;", &[])]
    #[case("make 2>&1 | tee log", &[])]
    #[case("cat <<EOF", &[])]
    #[case("if a < b > c", &[])]
    #[case("echo {{}} {{ }} {not}", &[])]
    #[case("a {{multi\nline}}", &[])]
    #[case("<unclosed and {{open", &[])]
    #[case("ünïcode <dätei> {{ファイル}}", &["<dätei>", "{{ファイル}}"])]
    fn placeholders_are_what_a_reader_replaces(#[case] code: &str, #[case] want: &[&str]) {
        assert_eq!(found(code), want);
    }

    #[test]
    fn names_are_distinct_and_in_order() {
        assert_eq!(
            names("mv {{a}} {{b}} && rm {{a}} <c>"),
            ["{{a}}", "{{b}}", "<c>"]
        );
    }

    #[test]
    fn markup_blocks_have_tags_not_placeholders() {
        assert!(applies_to(None));
        assert!(applies_to(Some("sh")));
        assert!(!applies_to(Some("HTML")));
    }
}
