//! Times the renderer on three generated 1 MB pages: the render fixtures (every construct, a
//! tldr page, an `MkDocs` page, a runbook, a Jekyll page) repeated; the every-construct
//! fixture alone repeated (the densest: a table, code, an admonition and HTML every 1 KB);
//! and one paragraph written on a single 1 MB line. For each: pulldown-cmark alone (the floor), `render::parse`, the
//! first render at 80 columns, and a resize re-wrap at 100 columns from the cached layout;
//! then the reader's path (`tui::reader_doc::layout`): opening the page, and a resize, which
//! finds the parsed page in the reader's cache and only re-wraps.
//! The fastest of several runs (the machine's other work only ever adds time); the digest
//! changes only when the rendered output does.
//!
//! `cargo run --release --example render_bench`

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::{Duration, Instant};

use onramp::render::{self, RenderContext};
use onramp::tui::reader_doc;
use onramp::tui::theme::Theme;

const RUNS: usize = 15;

fn main() {
    let fixtures = [
        include_str!("../tests/fixtures/render/all.md"),
        include_str!("../tests/fixtures/render/tldr-tar.md"),
        include_str!("../tests/fixtures/render/mkdocs-page.md"),
        include_str!("../tests/fixtures/render/hugo-runbook.md"),
        include_str!("../tests/fixtures/render/jekyll-page.md"),
    ];
    let mut page = String::new();
    while page.len() < 1_000_000 {
        for f in fixtures {
            page.push_str(f);
            page.push('\n');
        }
    }
    let sentence = "A line with *emphasis*, **strong**, `code`, a [link](guides/x.md), \
                    日本語のテキスト and e\u{301}motion. ";
    let mut line = String::new();
    while line.len() < 1_000_000 {
        line.push_str(sentence);
    }
    let mut dense = String::new();
    while dense.len() < 1_000_000 {
        dense.push_str(fixtures[0]);
        dense.push('\n');
    }
    let mut digest = DefaultHasher::new();
    bench("1 MB page of mixed Markdown", &page, &mut digest);
    bench(
        "1 MB of every construct (all.md repeated)",
        &dense,
        &mut digest,
    );
    bench("1 MB single line", &line, &mut digest);
    deep_nesting();
    println!("digest {:016x}", digest.finish());
}

/// Pathological nesting: drawn prefixes are capped, so these stay fast and within the width.
fn deep_nesting() {
    let admonitions = (0..300).fold(String::new(), |mut s, i| {
        s.push_str(&"    ".repeat(i));
        s.push_str("!!! warning \"deep\"\n");
        s
    }) + &" ".repeat(1_200)
        + "body";
    let quotes = ">".repeat(10_000) + " deep";
    let alerts = "> - > [!TIP]\n".repeat(2_000) + "text";
    let lists = (0..1_000).fold(String::new(), |mut s, i| {
        s.push_str(&"  ".repeat(i));
        s.push_str("- x\n");
        s
    });
    let ctx = RenderContext::default();
    println!("Deep nesting, parse + render at 80 columns:");
    for (name, md) in [
        ("300 admonitions in admonitions", &admonitions),
        ("10,000 nested quotes", &quotes),
        ("2,000 alerts in lists in quotes", &alerts),
        ("1,000 nested list items", &lists),
    ] {
        let time = fastest(|| {
            std::hint::black_box(render::parse(md).render(80, &ctx));
        });
        println!("  {name:<32} {time:>9.1?}");
    }
}

fn bench(name: &str, md: &str, digest: &mut DefaultHasher) {
    let ctx = RenderContext::default();
    // The options and offsets `render::parse` asks pulldown-cmark for.
    let options = onramp::content::markdown_options();
    let events = fastest(|| {
        let parser = pulldown_cmark::Parser::new_ext(md, options).into_offset_iter();
        std::hint::black_box(parser.count());
    });
    let parse = fastest(|| {
        std::hint::black_box(render::parse(md));
    });
    let layout = render::parse(md);
    let first = fastest(|| {
        std::hint::black_box(layout.render(80, &ctx));
    });
    let rewrap = fastest(|| {
        std::hint::black_box(layout.render(100, &ctx));
    });
    let mut lines = 0;
    for width in [80, 100] {
        let r = layout.render(width, &ctx);
        lines = r.lines.len();
        render::to_ansi(&r).hash(digest);
        format!(
            "{:?}{:?}{:?}{:?}",
            r.headings, r.links, r.tasks, r.code_blocks
        )
        .hash(digest);
    }
    println!("{name} ({} bytes, {lines} lines at 100 columns):", md.len());
    println!("  pulldown-cmark events alone  {events:>9.1?}");
    println!("  parse                        {parse:>9.1?}");
    println!("  render at 80 columns         {first:>9.1?}");
    println!("  parse + render               {:>9.1?}", parse + first);
    println!("  re-wrap at 100 (resize)      {rewrap:>9.1?}");

    let theme = Theme::dark();
    // Each run opens a page text the cache has not seen, so it parses.
    let mut fresh = 0u32;
    let open = fastest(|| {
        fresh += 1;
        let page = format!("{md}\n{fresh}\n");
        std::hint::black_box(reader_doc::layout(&page, 80, &theme, None));
    });
    reader_doc::layout(md, 80, &theme, None);
    let mut width = 80;
    let resize = fastest(|| {
        width = if width == 80 { 100 } else { 80 };
        std::hint::black_box(reader_doc::layout(md, width, &theme, None));
    });
    println!("  reader: open at 80           {open:>9.1?}");
    println!("  reader: resize (cached parse){resize:>9.1?}");
}

fn fastest(mut f: impl FnMut()) -> Duration {
    (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}
