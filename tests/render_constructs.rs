//! One snapshot per construct, at 80 and 40 columns.

use onramp::render::{self, RenderContext, Theme};
use rstest::rstest;

#[rstest]
#[case::headings("# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six {#six}\n")]
#[case::paragraph_wrap(
    "A paragraph long enough to be wrapped at forty columns, with *emphasis*, **strong**, ~~strike~~ and `inline code` kept.\nSoft break and hard  \nbreak."
)]
#[case::wide_chars(
    "日本語の文章はスペースなしで長く続くので、単語の途中で折り返す必要があります。 Emoji 👩‍💻🎉 and e\u{301}\u{301} combining.\tTabbed."
)]
#[case::fenced_code(
    "```rust\nfn main() {\n\tprintln!(\"a very long line of code that will not fit in forty columns at all\");\n}\n```\n"
)]
#[case::indented_code("Text.\n\n    indented code\n    second line\n")]
#[case::nested_quotes(
    "> outer\n>\n> > inner\n> > > innermost, long enough to wrap at forty columns for sure\n"
)]
#[case::lists(
    "- one\n- two, long enough to wrap at forty columns with a hanging indent\n  - nested\n    - deeper\n- three\n\n3. third\n4. fourth\n\n- loose\n\n- list\n"
)]
#[case::tasks("- [ ] Todo {#todo due=D3}\n- [x] Done {#done due=M2}\n  - [ ] Nested sub-task\n")]
#[case::table(
    "| Left | Center | Right |\n|:-----|:------:|------:|\n| a | `code` | [link](https://example.com/a/long/path) |\n| a much longer cell that must wrap inside the column | b | 3 |\n"
)]
#[case::links_and_images(
    "[inline](https://a.test), [ref][r], <https://auto.test>, ![a diagram](img/d.png), [](empty.md)\n\n[r]: ../guides/x.md\n"
)]
#[case::footnotes("Claim[^src] and another[^2].\n\n[^src]: The source.\n[^2]: Second note.\n")]
#[case::rules("above\n\n---\n\nbelow\n\n***\n")]
#[case::html(
    "<p>Para <b>bold</b> <i>it</i><br>next</p>\n\n<!-- hidden comment -->\n\nInline <kbd>Ctrl</kbd>+<kbd>C</kbd> and <a href=\"https://x.test\">anchor</a>.\n\n<div>\n<script>alert(1)</script>\n<ul><li>one</li><li>two</li></ul>\n</div>\n"
)]
#[case::details("<details>\n<summary>Click me</summary>\n\nHidden **content**.\n\n</details>\n")]
#[case::admonitions(
    "!!! note \"Title here\"\n    Body text.\n\n??? warning\n    Collapsed body.\n\n> [!TIP]\n> GitHub alert.\n"
)]
#[case::metadata("+++\ntitle = \"hidden\"\n+++\n\nVisible.\n")]
fn construct(#[case] md: &str) {
    let ctx = RenderContext {
        tasks: None,
        theme: Theme::plain(),
    };
    let layout = render::parse(md);
    for width in [80u16, 40] {
        let name = format!(
            "{}_{width}",
            std::thread::current()
                .name()
                .unwrap_or("construct")
                .rsplit("::")
                .next()
                .unwrap_or("construct")
        );
        insta::assert_snapshot!(name, render::to_plain(&layout.render(width, &ctx)));
    }
}
