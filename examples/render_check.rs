//! Renders every page of the given content roots at widths 80 and 40 and fails on a panic,
//! a control character, a line wider than the width, or template syntax of a static-site
//! generator (`{%`, `{{<`, `{{%`) left in the text outside code. Prints the page count, the time and a
//! digest of everything rendered (styled lines and positions), so a change meant to keep the
//! output identical can be checked by comparing digests before and after.
//!
//! `cargo run --release --example render_check -- ROOT...`; a `NAME=DIR` argument reads a
//! repository checkout as the team pack NAME would be read (its `onramp.toml`, site
//! generator and content folder).

use std::hash::{DefaultHasher, Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;
use std::time::Instant;

use onramp::content::sanitize::is_unsafe_char;
use onramp::content::{Layer, LoadOptions, Source, load};
use onramp::render::{self, RenderContext, Theme};
use unicode_width::UnicodeWidthStr;

fn main() -> ExitCode {
    let roots: Vec<String> = std::env::args().skip(1).collect();
    if roots.is_empty() {
        eprintln!("usage: render_check ROOT...");
        return ExitCode::from(2);
    }
    let sources: Vec<Source> = roots
        .iter()
        .map(|r| match r.split_once('=') {
            Some((name, dir)) => Source::pack(name, std::path::Path::new(dir)),
            None => Source::dir(Layer::Flag, r),
        })
        .collect();
    let library = load(&sources, &LoadOptions::default());
    let ctx = RenderContext {
        tasks: None,
        theme: Theme::default(),
    };
    let mut digest = DefaultHasher::new();
    let start = Instant::now();
    let mut pages = 0;
    let mut slowest = (std::time::Duration::ZERO, String::new());
    for doc in library.docs() {
        let t = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| {
            let layout = render::parse(&doc.body);
            (
                [80u16, 40].map(|w| (w, layout.render(w, &ctx))),
                layout.prose_text(),
            )
        }));
        let elapsed = t.elapsed();
        if elapsed > slowest.0 {
            slowest = (elapsed, doc.id.clone());
        }
        pages += 1;
        let Ok((renders, prose)) = result else {
            eprintln!("panic rendering {}", doc.id);
            return ExitCode::FAILURE;
        };
        if let Some(at) = ["{%", "{{<", "{{%"].iter().find_map(|p| prose.find(p)) {
            let line = prose[at..].lines().next().unwrap_or("");
            eprintln!(
                "{}: template syntax left in the rendered page: {}",
                doc.id,
                line.chars().take(80).collect::<String>().escape_debug()
            );
            return ExitCode::FAILURE;
        }
        for (width, r) in renders {
            render::to_ansi(&r).hash(&mut digest);
            format!(
                "{:?}{:?}{:?}{:?}",
                r.headings, r.links, r.tasks, r.code_blocks
            )
            .hash(&mut digest);
            for (i, line) in r.lines.iter().enumerate() {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                let bad_char = text.chars().any(|c| is_unsafe_char(c) || c == '\t');
                let too_wide = text.width() > usize::from(width);
                if bad_char || too_wide {
                    eprintln!(
                        "{}: line {i} at width {width}: {}",
                        doc.id,
                        if bad_char {
                            "control character"
                        } else {
                            "too wide"
                        }
                    );
                    print!("{}", render::to_plain(&r).escape_debug());
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    println!(
        "{pages} pages rendered at widths 80 and 40 in {:.1?} (slowest: {} in {:.1?}), digest {:016x}",
        start.elapsed(),
        slowest.1,
        slowest.0,
        digest.finish()
    );
    ExitCode::SUCCESS
}
