//! Times the TUI without a terminal: the first frame, and each keystroke (update plus a
//! full render to a `TestBackend`), on the bundled pack and on any folders given.
//!
//! `cargo run --release --example tui_bench [-- DIR...]`

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use onramp::content::{Layer, LoadOptions, Source, load};
use onramp::tui::keymap::Keymap;
use onramp::tui::search_worker::{SearchOptions, StandIn};
use onramp::tui::theme::Theme;
use onramp::tui::{Action, App, AppOptions, settle, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn report(name: &str, times: &[Duration]) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let p50 = sorted[sorted.len() / 2];
    let max = sorted[sorted.len() - 1];
    println!(
        "{name:<38} n={:<3} p50 {p50:>10.2?}  max {max:>10.2?}",
        times.len()
    );
}

fn key(app: &mut App, terminal: &mut Terminal<TestBackend>, code: KeyCode) -> Duration {
    let t = Instant::now();
    let _effect = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    terminal.draw(|f| view::draw(app, f)).expect("draw");
    t.elapsed()
}

fn main() {
    let dirs: Vec<String> = std::env::args().skip(1).collect();
    let mut sources = vec![Source::bundled()];
    sources.extend(dirs.iter().map(|d| Source::dir(Layer::Flag, d)));
    let started = Instant::now();
    let library = Arc::new(load(&sources, &LoadOptions::default()));
    println!(
        "documents: {} (load {:.1?})",
        library.len(),
        started.elapsed()
    );

    let size = (100, 30);
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("test backend");
    let t = Instant::now();
    let mut app = App::new(
        Arc::clone(&library),
        AppOptions {
            name: Some("Ada".into()),
            theme: Theme::dark(),
            keymap: Keymap::defaults(),
            keymap_problems: Vec::new(),
            today: NaiveDate::from_ymd_opt(2026, 3, 10).expect("date"),
            start: NaiveDate::from_ymd_opt(2026, 3, 2),
            size,
        },
    );
    terminal.draw(|f| view::draw(&app, f)).expect("draw");
    println!("first frame (App::new + home render): {:.2?}", t.elapsed());

    let t = Instant::now();
    let searcher = StandIn::new(Arc::clone(&library));
    println!("search stand-in ready (in its worker): {:.1?}", t.elapsed());

    let term = &mut terminal;
    // Keystrokes the UI answers itself (the search runs in its worker in the real app).
    let mut times = vec![key(&mut app, term, KeyCode::Char('/'))];
    for c in "failover".chars() {
        times.push(key(&mut app, term, KeyCode::Char(c)));
    }
    report("search typing (update + render)", &times);

    let mut search_times = Vec::new();
    for q in [
        "f", "fa", "fai", "fail", "failo", "failov", "failove", "failover",
    ] {
        let t = Instant::now();
        let hits = searcher.search(
            q,
            &SearchOptions {
                limit: 50,
                kind: None,
            },
        );
        search_times.push(t.elapsed());
        std::hint::black_box(hits);
    }
    report("stand-in search per query (worker)", &search_times);

    let effect = app.update(Action::ClearInput);
    settle(&mut app, &searcher, effect);
    let effect = app.update(Action::Paste("failover".into()));
    settle(&mut app, &searcher, effect);
    let mut times = Vec::new();
    for _ in 0..20 {
        times.push(key(&mut app, term, KeyCode::Down));
    }
    report("move through results", &times);
    let mut times = vec![key(&mut app, term, KeyCode::Enter)];
    for _ in 0..30 {
        times.push(key(&mut app, term, KeyCode::Char('j')));
    }
    for _ in 0..5 {
        times.push(key(&mut app, term, KeyCode::Tab));
    }
    times.push(key(&mut app, term, KeyCode::Esc));
    report("open, scroll, tab links, back", &times);
    let mut times = vec![
        key(&mut app, term, KeyCode::Esc),
        key(&mut app, term, KeyCode::Char('p')),
        key(&mut app, term, KeyCode::Char('f')),
    ];
    for c in "data".chars() {
        times.push(key(&mut app, term, KeyCode::Char(c)));
    }
    report("people list and filter", &times);
    let mut times = vec![
        key(&mut app, term, KeyCode::Esc),
        key(&mut app, term, KeyCode::Esc),
        key(&mut app, term, KeyCode::Char('c')),
    ];
    for _ in 0..10 {
        times.push(key(&mut app, term, KeyCode::Char('j')));
        times.push(key(&mut app, term, KeyCode::Char(' ')));
    }
    report("checklists move and tick", &times);
    let mut times = vec![key(&mut app, term, KeyCode::Char('h'))];
    for _ in 0..10 {
        times.push(key(&mut app, term, KeyCode::Char('j')));
    }
    report("home", &times);
}
