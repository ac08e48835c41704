//! Times parsing and rendering a generated 1 MB page (all constructs, repeated), and a resize
//! re-wrap from the cached layout. `cargo run --release --example render_bench`

use std::time::Instant;

use onramp::render::{self, RenderContext};

fn main() {
    let section = include_str!("../tests/fixtures/render/all.md");
    let mut page = String::new();
    while page.len() < 1_000_000 {
        page.push_str(section);
        page.push('\n');
    }
    let ctx = RenderContext::default();
    let runs = 10;
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(render::parse(&page));
    }
    let parse = t.elapsed() / runs;
    let layout = render::parse(&page);
    let t = Instant::now();
    let mut lines = 0;
    for i in 0..runs {
        let width = if i % 2 == 0 { 80 } else { 100 };
        lines = layout.render(width, &ctx).lines.len();
    }
    let render = t.elapsed() / runs;
    println!(
        "{} bytes: parse {parse:.1?}, render (re-wrap) {render:.1?}, {lines} lines",
        page.len()
    );
}
