//! Snapshots of every construct at 80 and 40 columns, and of page shapes real docs take.

use onramp::render::{self, RenderContext, TaskInfo, TaskMark, Theme};

fn plain(md: &str, width: u16) -> String {
    let ctx = RenderContext {
        tasks: None,
        theme: Theme::plain(),
    };
    render::to_plain(&render::parse(md).render(width, &ctx))
}

macro_rules! fixture_snapshots {
    ($($name:ident => $file:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            let md = include_str!(concat!("fixtures/render/", $file));
            for width in [80u16, 40] {
                insta::assert_snapshot!(format!("{}_{width}", stringify!($name)), plain(md, width));
            }
        }
    )*};
}

fixture_snapshots! {
    every_construct => "all.md",
    tldr_command_page => "tldr-tar.md",
    mkdocs_page => "mkdocs-page.md",
    hugo_alert_runbook => "hugo-runbook.md",
    jekyll_page => "jekyll-page.md",
}

struct Progress;

impl TaskInfo for Progress {
    fn state(&self, item_id: &str) -> Option<TaskMark> {
        match item_id {
            "phone" => Some(TaskMark::Done),
            "laptop" => Some(TaskMark::Skipped),
            _ => None,
        }
    }
    fn due_label(&self, item_id: &str) -> Option<String> {
        (item_id == "phone").then(|| "Mon 3 Mar".to_string())
    }
}

#[test]
fn task_state_and_due_come_from_the_progress_store() {
    let md = "- [ ] Set up your phone {#phone due=D1}\n- [ ] Laptop {#laptop due=W1}\n- [ ] Read the *handbook*\n";
    let layout = render::parse(md);
    let ctx = RenderContext {
        tasks: Some(&Progress),
        theme: Theme::plain(),
    };
    let r = layout.render(80, &ctx);
    insta::assert_snapshot!(render::to_plain(&r));
    let (items, _) = onramp::content::checklist::items(md);
    let ids: Vec<_> = r.tasks.iter().map(|t| t.item_id.clone()).collect();
    let expected: Vec<_> = items.iter().map(|i| i.id.clone()).collect();
    assert_eq!(ids, expected);
    assert!(r.tasks[0].checked);
    assert!(!r.tasks[1].checked);
}

#[test]
fn positions_of_headings_links_and_code() {
    let md =
        "# Top\n\nSee [the guide](guides/first-week.md) now.\n\n## Code\n\n```sh\nls -la\n```\n";
    let r = render::parse(md).render(40, &RenderContext::default());
    let heads: Vec<_> = r
        .headings
        .iter()
        .map(|h| (h.level, h.text.as_str(), h.line))
        .collect();
    assert_eq!(heads, [(1, "Top", 0), (2, "Code", 4)]);
    assert_eq!(r.links.len(), 1);
    let link = &r.links[0];
    assert_eq!(
        (link.number, link.target.as_str(), link.line),
        (1, "guides/first-week.md", 2)
    );
    let row: String = r.lines[2]
        .spans
        .iter()
        .map(|s| s.content.as_ref())
        .collect();
    let shown: String = row
        .chars()
        .skip(usize::from(link.start_col))
        .take(usize::from(link.end_col - link.start_col))
        .collect();
    assert_eq!(shown, "the guide[1]");
    assert_eq!(r.code_blocks[0].text, "ls -la");
    assert_eq!(r.code_blocks[0].lang.as_deref(), Some("sh"));
}

#[test]
fn entities_and_raw_escapes_never_reach_the_output() {
    let md = "Raw \x1b[31mred\x07 and &#27;[2J and &#x9b;31m and ~~&**#27;**[31m~~ \
              <b>&#27;]52;c;eA==&#7;</b> \u{1b}]8;;http://evil\u{1b}\\x\n\n```\n\x1b[2J\n```\n";
    for theme in [Theme::plain(), Theme::default()] {
        let ctx = RenderContext { tasks: None, theme };
        let r = render::parse(md).render(30, &ctx);
        for line in &r.lines {
            for span in &line.spans {
                assert!(
                    !span
                        .content
                        .chars()
                        .any(onramp::content::sanitize::is_unsafe_char),
                    "{:?}",
                    span.content
                );
            }
        }
        assert!(!render::to_plain(&r).contains('\x1b'));
    }
}

#[test]
fn a_stray_metadata_block_is_hidden() {
    let out = plain("---\ntitle: x\nsecret: y\n---\n\nBody.\n", 80);
    assert_eq!(out, "Body.\n");
}

#[test]
fn ansi_output_styles_but_plain_has_no_escape() {
    let md = "# Title\n\n**bold** text\n";
    let r = render::parse(md).render(40, &RenderContext::default());
    assert!(render::to_ansi(&r).contains("\x1b[1;"));
    assert!(!render::to_plain(&r).contains('\x1b'));
}

#[test]
fn footnote_references_lead_to_their_definitions() {
    let md = "Claim[^src] and again[^SRC], another[^2].\n\n\
              [^2]: Second note.\n\nMore text after the notes.\n\n[^src]: The source.\n";
    let r = render::parse(md).render(40, &RenderContext::default());
    let text: Vec<String> = r.lines.iter().map(ToString::to_string).collect();
    let shown: Vec<_> = r
        .footnotes
        .iter()
        .map(|f| {
            let row: String = text[f.line]
                .chars()
                .skip(usize::from(f.start_col))
                .take(usize::from(f.end_col - f.start_col))
                .collect();
            (row, f.label.as_str(), f.index)
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("[^src]".to_string(), "src", 0),
            ("[^SRC]".to_string(), "src", 0),
            ("[^2]".to_string(), "2", 1),
        ]
    );
    let definitions: Vec<_> = r
        .footnotes
        .iter()
        .map(|f| text[f.definition.unwrap()].as_str())
        .collect();
    assert_eq!(
        definitions,
        [
            "[^src] The source.",
            "[^src] The source.",
            "[^2] Second note."
        ]
    );
}
