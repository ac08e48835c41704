//! The one sanitiser for text that comes from content: every path from a page, a frontmatter
//! field or a file name to the terminal, stdout or stderr goes through here, and so does
//! every JSON and Markdown document the command line writes.
//!
//! Controls are replaced by visible placeholders rather than dropped, so that a tampered page
//! looks tampered: C0 controls become their Unicode control pictures (ESC shows as `␛`), DEL
//! shows as `␡`, and C1 controls, bidi overrides and invisible format characters show as
//! `⟨U+XXXX⟩`. Nothing that survives can move the cursor, set a title, write the clipboard or
//! open a hyperlink, because every escape sequence starts with a character replaced here.
//!
//! JSON keeps the text exact instead: [`JsonSafe`] writes the same characters as `\uXXXX`
//! escapes. Markdown for pasting elsewhere gets [`markdown_inline`] and [`markdown_code`], so
//! text cannot open a heading, a link or raw HTML.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

use serde_json::ser::{Formatter, PrettyFormatter};

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
        | '\u{2028}' | '\u{2029}'
        // A soft hyphen is drawn by some terminals and not others: text that looks whole may
        // not match what was searched or copied.
        | '\u{00AD}'
        // Tag characters are invisible and can carry a hidden message; the other invisible
        // operators and format characters hide text the same way.
        | '\u{E0000}'..='\u{E007F}' | '\u{2061}'..='\u{2064}' | '\u{206A}'..='\u{206F}'
        | '\u{180E}' | '\u{FFF9}'..='\u{FFFB}')
}

/// A `serde_json` formatter for JSON a terminal may show: the pretty layout, with every
/// character [`term_safe`] would replace written as a `\uXXXX` escape (two for a character
/// beyond U+FFFF). The document means exactly the same, and holds no raw C1 control, bidi
/// override, line separator or invisible character.
pub struct JsonSafe<'a> {
    pretty: PrettyFormatter<'a>,
}

impl JsonSafe<'_> {
    pub fn new() -> Self {
        JsonSafe {
            pretty: PrettyFormatter::new(),
        }
    }
}

impl Default for JsonSafe<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl Formatter for JsonSafe<'_> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // serde_json escapes quotes, backslashes and C0 controls itself and hands over the
        // text between them, so only what it leaves raw is looked at here.
        let mut from = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe_char(c) {
                writer.write_all(&fragment.as_bytes()[from..i])?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                from = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[from..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(writer)
    }
}

/// Text to place inside a line of Markdown, shown as written: line breaks become spaces and
/// every character that could start emphasis, a link, an image, raw HTML, an entity, code or
/// a table cell is backslash-escaped.
pub fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` as one Markdown code span: the fence is longer than any run of backticks inside,
/// so the span cannot be closed early, and line breaks become spaces.
pub fn markdown_code(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A span that starts or ends with a backtick needs a space to keep it off the fence.
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
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

    #[rstest]
    #[case::soft_hyphen("co\u{AD}py", "co\u{27E8}U+00AD\u{27E9}py")]
    #[case::tag("a\u{E0041}b", "a\u{27E8}U+E0041\u{27E9}b")]
    #[case::cancel_tag("\u{E007F}", "\u{27E8}U+E007F\u{27E9}")]
    fn invisible_characters_are_shown(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(term_safe(input), expected);
        assert_eq!(term_safe_inline(input), expected);
    }

    fn json(value: &serde_json::Value) -> String {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, JsonSafe::new());
        serde::Serialize::serialize(value, &mut ser).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_escapes_what_the_terminal_must_not_see_and_means_the_same() {
        let text =
            "t\u{9b}31m \u{202E}txt \u{2066}x\u{2069} a\u{2028}b so\u{AD}ft \u{E0041} \x1b é 日本";
        let value = serde_json::json!({ "title\u{202E}": text, "list": [text] });
        let out = json(&value);
        assert!(!out.chars().any(is_unsafe_char), "{out}");
        for escape in [
            "\\u009b",
            "\\u202e",
            "\\u2066",
            "\\u2028",
            "\\u00ad",
            "\\udb40\\udc41",
            "\\u001b",
        ] {
            assert!(out.contains(escape), "{escape} in {out}");
        }
        assert!(out.contains("é 日本"), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, value);
        assert_eq!(
            out,
            serde_json::to_string_pretty(&value)
                .unwrap()
                .replace('\u{9b}', "\\u009b")
                .replace('\u{202E}', "\\u202e")
                .replace('\u{2066}', "\\u2066")
                .replace('\u{2069}', "\\u2069")
                .replace('\u{2028}', "\\u2028")
                .replace('\u{AD}', "\\u00ad")
                .replace('\u{E0041}', "\\udb40\\udc41"),
            "the pretty layout is kept"
        );
    }

    #[rstest]
    #[case("Plain words, (kept).", "Plain words, (kept).")]
    #[case("Rep\n## Overall: 100% done", "Rep \\#\\# Overall: 100% done")]
    #[case("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>")]
    #[case(
        "[x](javascript:alert(1)) ![i](y)",
        "\\[x\\](javascript:alert(1)) \\!\\[i\\](y)"
    )]
    #[case(
        "*a* _b_ `c` a|b ~~d~~ &amp; \\",
        "\\*a\\* \\_b\\_ \\`c\\` a\\|b \\~\\~d\\~\\~ \\&amp; \\\\"
    )]
    fn markdown_text_is_escaped(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(markdown_inline(input), expected);
    }

    #[rstest]
    #[case("phone", "`phone`")]
    #[case("a`b", "``a`b``")]
    #[case("`x``", "``` `x`` ```")]
    #[case("two\nlines", "`two lines`")]
    fn markdown_code_spans_cannot_be_closed_early(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(markdown_code(input), expected);
    }

    #[test]
    fn nothing_unsafe_survives_any_char() {
        for code in (0u32..0x3000)
            .chain(0xE0000..0xE0100)
            .chain(0xFFF0..0x1_0000)
        {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let s = c.to_string();
            let out = term_safe_inline(&s);
            assert!(!out.chars().any(char::is_control), "U+{code:04X} survived");
            assert!(!out.chars().any(is_unsafe_char), "U+{code:04X} survived");
        }
    }
}
