//! The one sanitiser for text that comes from content: every path from a page, a frontmatter
//! field or a file name to the terminal, stdout or stderr goes through here.
//!
//! Controls are replaced by visible placeholders rather than dropped, so that a tampered page
//! looks tampered: C0 controls become their Unicode control pictures (ESC shows as `␛`), DEL
//! shows as `␡`, and C1 controls, bidi overrides and invisible format characters show as
//! `⟨U+XXXX⟩`. Nothing that survives can move the cursor, set a title, write the clipboard or
//! open a hyperlink, because every escape sequence starts with a character replaced here.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Makes multi-line text safe for a terminal: keeps newlines and tabs, replaces every other
/// control character and every bidi or invisible format character with a placeholder.
pub fn term_safe(text: &str) -> Cow<'_, str> {
    sanitize(text, true)
}

/// Like [`term_safe`] for a single-line context (a title, a file name in an error): newlines
/// become `␤` and tabs a space, so one value can never break the line it is printed on.
pub fn term_safe_inline(text: &str) -> Cow<'_, str> {
    sanitize(text, false)
}

/// True when `c` would be replaced by [`term_safe`].
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_format_hazard(c)
}

fn is_format_hazard(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        // Invisible characters that hide text or split words without a trace. ZWJ and ZWNJ
        // (U+200C, U+200D) stay: emoji sequences and several scripts need them.
        | '\u{200B}' | '\u{2060}' | '\u{FEFF}'
        // Line and paragraph separators: many terminals break lines on them.
        | '\u{2028}' | '\u{2029}')
}

fn sanitize(text: &str, multiline: bool) -> Cow<'_, str> {
    let needs_work = text
        .chars()
        .any(|c| is_unsafe_char(c) || (!multiline && (c == '\n' || c == '\t')));
    if !needs_work {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' if multiline => out.push('\n'),
            '\t' if multiline => out.push('\t'),
            '\n' => out.push('\u{2424}'),
            '\t' => out.push(' '),
            '\u{0}'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
            '\u{7F}' => out.push('\u{2421}'),
            c if is_unsafe_char(c) => {
                let _ = write!(out, "\u{27E8}U+{:04X}\u{27E9}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("plain text", "plain text")]
    #[case("\x1b[2Jcleared", "\u{241B}[2Jcleared")]
    #[case("bell\x07", "bell\u{2407}")]
    #[case("del\x7f", "del\u{2421}")]
    #[case("csi\u{9b}2J", "csi\u{27E8}U+009B\u{27E9}2J")]
    #[case("rm -rf ~ \u{202E}txt", "rm -rf ~ \u{27E8}U+202E\u{27E9}txt")]
    #[case("line\nnext\tcol", "line\nnext\tcol")]
    #[case("cr\r", "cr\u{240D}")]
    #[case("zero\u{200B}width", "zero\u{27E8}U+200B\u{27E9}width")]
    #[case("Città perché 日本 👩\u{200D}💻", "Città perché 日本 👩\u{200D}💻")]
    fn multiline_cases(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(term_safe(input), expected);
    }

    #[test]
    fn inline_replaces_line_breaks_and_tabs() {
        assert_eq!(
            term_safe_inline("a\nb\tc\x1b]0;x\x07"),
            "a\u{2424}b c\u{241B}]0;x\u{2407}"
        );
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(term_safe("nothing to do"), Cow::Borrowed(_)));
    }

    #[test]
    fn nothing_unsafe_survives_any_char() {
        for code in 0u32..0x3000 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let s = c.to_string();
            let out = term_safe_inline(&s);
            assert!(!out.chars().any(char::is_control), "U+{code:04X} survived");
        }
    }
}
