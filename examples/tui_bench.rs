//! Times the TUI without a terminal, driving `App` with keys and drawing to a `TestBackend`:
//!
//! 1. first frame: from the start of loading the bundled pack, through the same start-up
//!    path the app takes (`tui::start`: progress file, the thread that loads the pages and
//!    opens the index, app state; then `wait_for_pages` for a complete first frame), to the
//!    first drawn frame, with a warm on-disk index in a temporary cache folder;
//! 2. keystrokes with the bundled pack plus the folders given, searched by the real
//!    index (`search::SearchIndex`, in the app's worker): typing queries letter by letter,
//!    the time to answer each key (`App` update + draw) and, separately, the time until that
//!    key's results are drawn;
//! 3. other screens' keys (results, reader, lists, checklists, home);
//! 4. with `--binary PATH` (the release `onramp`), the whole launch of the real program in a
//!    pseudo-terminal: from spawning it to its first frame on the emulated screen, with a warm
//!    index in a temporary cache folder.
//!
//! `cargo run --release --example tui_bench -- [--cache DIR] [--binary target/release/onramp] [DIR...]`
//!
//! `--cache DIR` keeps the index of the folders there between runs (building it for tens of
//! thousands of pages takes a while); without it a temporary folder is used.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use onramp::config::Config;
use onramp::content::{Layer, Library, LoadOptions, Source, load};
use onramp::paths::Paths;
use onramp::search::SearchIndex;
use onramp::tui::keymap::Keymap;
use onramp::tui::search_worker::{Reply, SearchOptions, SearchWorker};
use onramp::tui::theme::Theme;
use onramp::tui::{App, AppOptions, Effect, FIRST_FRAME_WAIT, apply_reply, start, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZE: (u16, u16) = (100, 30);
/// One frame at 60 Hz: the budget for answering a key.
const FRAME: Duration = Duration::from_millis(16);

fn report(name: &str, times: &[Duration]) {
    if times.is_empty() {
        println!("{name:<44} (no samples)");
        return;
    }
    let mut sorted = times.to_vec();
    sorted.sort();
    let at = |q: f64| {
        let i = ((sorted.len() - 1) as f64 * q).round() as usize;
        sorted[i]
    };
    let over = sorted.iter().filter(|t| **t > FRAME).count();
    println!(
        "{name:<44} n={:<4} median {:>9.2?}  p99 {:>9.2?}  max {:>9.2?}  over 16 ms: {over}",
        sorted.len(),
        at(0.5),
        at(0.99),
        sorted[sorted.len() - 1],
    );
}

fn paths_in(dir: &Path) -> Paths {
    Paths::resolve(
        |var| match var {
            "ONRAMP_CONFIG_DIR" => Some(dir.join("config").into_os_string()),
            "ONRAMP_DATA_DIR" => Some(dir.join("data").into_os_string()),
            "ONRAMP_CACHE_DIR" => Some(dir.join("cache").into_os_string()),
            _ => None,
        },
        None,
    )
    .expect("paths from the temporary folder")
}

fn draw(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal.draw(|f| view::draw(app, f)).expect("draw");
}

fn press(app: &mut App, code: KeyCode) -> Option<Effect> {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Waits for the worker's first reply: the index is open.
fn wait_ready(app: &mut App, worker: &SearchWorker) -> Duration {
    let t = Instant::now();
    loop {
        match worker.recv_timeout(Duration::from_secs(600)) {
            Some(reply @ Reply::Ready { .. }) => {
                apply_reply(app, reply);
                return t.elapsed();
            }
            Some(other) => apply_reply(app, other),
            None => panic!("the search worker never became ready"),
        }
    }
}

/// (1) The first frame on the bundled pack with a warm index.
fn first_frame() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let paths = paths_in(dir.path());
    let config = Config::default();
    // Warm the on-disk index the way a previous run of the app leaves it.
    let library = load(&[Source::bundled()], &LoadOptions::default());
    let t = Instant::now();
    let (index, _) = SearchIndex::open(Some(&paths.index_dir()), &library).expect("index");
    println!(
        "bundled pack: {} pages; index built in {:.1?} ({} pages)",
        library.len(),
        t.elapsed(),
        index.refresh().docs
    );
    drop(index);
    drop(library);

    let mut starts = Vec::new();
    let mut bare = Vec::new();
    let mut firsts = Vec::new();
    let mut readies = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        let load_pack = || load(&[Source::bundled()], &LoadOptions::default());
        let mut started = start(load_pack, &config, &paths, SIZE).expect("start");
        starts.push(t.elapsed());
        let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("backend");
        // The frame `run` would draw if it did not wait for the pages at all.
        draw(&started.app, &mut terminal);
        bare.push(t.elapsed());
        started.wait_for_pages(FIRST_FRAME_WAIT);
        draw(&started.app, &mut terminal);
        firsts.push(t.elapsed());
        assert!(
            !started.app.loading(),
            "the bundled pack loads within the wait"
        );
        while started.app.loading() || started.app.indexing() {
            match started.worker.recv_timeout(Duration::from_secs(60)) {
                Some(reply) => started.apply(reply),
                None => panic!("the worker stopped"),
            }
        }
        readies.push(t.elapsed());
    }
    report("launch: progress file, worker, app (start)", &starts);
    report("launch: a frame at once (pages loading)", &bare);
    report("launch: first frame drawn (target 100 ms)", &firsts);
    report("launch: warm index open (background)", &readies);
}

fn library_of(dirs: &[String]) -> Library {
    let mut sources = vec![Source::bundled()];
    sources.extend(dirs.iter().map(|d| Source::dir(Layer::Flag, d)));
    load(&sources, &LoadOptions::default())
}

fn app_for(library: Arc<Library>) -> App {
    App::new(
        library,
        AppOptions {
            name: Some("Ada".into()),
            theme: Theme::dark(),
            keymap: Keymap::defaults(),
            keymap_problems: Vec::new(),
            today: NaiveDate::from_ymd_opt(2026, 3, 10).expect("date"),
            start: NaiveDate::from_ymd_opt(2026, 3, 2),
            size: SIZE,
        },
    )
}

/// (2) Typing queries letter by letter against the real index, and (3) the other screens.
fn keystrokes(dirs: &[String], cache: Option<PathBuf>) {
    let t = Instant::now();
    let library = Arc::new(library_of(dirs));
    println!(
        "\nlibrary: {} pages from the bundled pack and {} folders (load {:.1?})",
        library.len(),
        dirs.len(),
        t.elapsed()
    );
    let temp = tempfile::tempdir().expect("temporary folder");
    let index_dir = cache.unwrap_or_else(|| temp.path().join("index"));
    let mut app = app_for(Arc::clone(&library));
    let worker =
        SearchWorker::spawn(Arc::clone(&library), Some(index_dir.clone())).expect("search worker");
    let opened = wait_ready(&mut app, &worker);
    println!(
        "index in {} ready in {opened:.1?} (a build on first use, else a refresh)",
        index_dir.display()
    );
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("backend");
    draw(&app, &mut terminal);

    let queries = [
        "failover",
        "kubectl logs",
        "incident commander",
        "git commit",
        "disk full",
        "prometheus alert",
        "tar extract",
        "onboarding buddy",
        "postmortem",
        "docker compose up",
    ];
    let mut answered = Vec::new();
    let mut drawn = Vec::new();
    let mut results_drawn = Vec::new();
    let mut hits_total = 0usize;
    press(&mut app, KeyCode::Char('/'));
    for query in queries {
        for c in query.chars() {
            let t = Instant::now();
            let effect = press(&mut app, KeyCode::Char(c));
            draw(&app, &mut terminal);
            answered.push(t.elapsed());
            if let Some(Effect::Search {
                generation,
                query,
                kind,
            }) = effect
            {
                worker.request(
                    generation,
                    query,
                    SearchOptions {
                        limit: onramp::tui::app::SEARCH_LIMIT,
                        kind,
                    },
                );
                loop {
                    match worker.recv_timeout(Duration::from_secs(60)) {
                        Some(Reply::Results(r)) if r.generation == generation => {
                            hits_total += r.hits.len();
                            let shown = Instant::now();
                            apply_reply(&mut app, Reply::Results(r));
                            draw(&app, &mut terminal);
                            results_drawn.push(shown.elapsed());
                            break;
                        }
                        Some(other) => apply_reply(&mut app, other),
                        None => panic!("no answer for {generation}"),
                    }
                }
                drawn.push(t.elapsed());
            }
        }
        // Clear the line for the next query (Ctrl-U), as a person would.
        let effect = app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert!(effect.is_none(), "clearing the line searches nothing");
        draw(&app, &mut terminal);
    }
    println!(
        "typed {} keys over {} queries ({} hits drawn in all)",
        answered.len(),
        queries.len(),
        hits_total
    );
    report("key answered: update + draw", &answered);
    report("key's results drawn (worker search + draw)", &drawn);
    report("  of which: results into the app + draw", &results_drawn);

    // A fast typist: keys every 30 ms without waiting, latest query wins.
    let mut answered = Vec::new();
    let mut last_drawn = Vec::new();
    for query in queries {
        let mut pending = None;
        let start = Instant::now();
        for c in query.chars() {
            let t = Instant::now();
            if let Some(Effect::Search {
                generation,
                query,
                kind,
            }) = press(&mut app, KeyCode::Char(c))
            {
                pending = Some(generation);
                worker.request(
                    generation,
                    query,
                    SearchOptions {
                        limit: onramp::tui::app::SEARCH_LIMIT,
                        kind,
                    },
                );
            }
            while let Some(reply) = worker.try_recv() {
                apply_reply(&mut app, reply);
            }
            draw(&app, &mut terminal);
            answered.push(t.elapsed());
            std::thread::sleep(Duration::from_millis(30).saturating_sub(t.elapsed()));
        }
        let typed = start.elapsed();
        if let Some(generation) = pending {
            loop {
                match worker.recv_timeout(Duration::from_secs(60)) {
                    Some(Reply::Results(r)) if r.generation == generation => {
                        apply_reply(&mut app, Reply::Results(r));
                        break;
                    }
                    Some(other) => apply_reply(&mut app, other),
                    None => panic!("no answer"),
                }
            }
            draw(&app, &mut terminal);
            last_drawn.push(start.elapsed().saturating_sub(typed));
        }
        app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    }
    report("typing every 30 ms: key answered", &answered);
    report("typing every 30 ms: last results after", &last_drawn);

    other_screens(&mut app, &worker, &mut terminal);
}

fn timed(app: &mut App, terminal: &mut Terminal<TestBackend>, code: KeyCode) -> Duration {
    let t = Instant::now();
    let _effect = press(app, code);
    draw(app, terminal);
    t.elapsed()
}

fn other_screens(app: &mut App, worker: &SearchWorker, term: &mut Terminal<TestBackend>) {
    for c in "failover".chars() {
        if let Some(Effect::Search {
            generation,
            query,
            kind,
        }) = press(app, KeyCode::Char(c))
        {
            worker.request(generation, query, SearchOptions { limit: 50, kind });
        }
    }
    while app.awaiting_results() {
        match worker.recv_timeout(Duration::from_secs(60)) {
            Some(reply) => apply_reply(app, reply),
            None => break,
        }
    }
    let mut times = Vec::new();
    for _ in 0..20 {
        times.push(timed(app, term, KeyCode::Down));
    }
    report("move through results", &times);
    let mut times = vec![timed(app, term, KeyCode::Enter)];
    for _ in 0..30 {
        times.push(timed(app, term, KeyCode::Char('j')));
    }
    for _ in 0..5 {
        times.push(timed(app, term, KeyCode::Tab));
    }
    times.push(timed(app, term, KeyCode::Esc));
    report("open, scroll, tab links, back", &times);
    let mut times = vec![
        timed(app, term, KeyCode::Esc),
        timed(app, term, KeyCode::Char('p')),
        timed(app, term, KeyCode::Char('f')),
    ];
    for c in "data".chars() {
        times.push(timed(app, term, KeyCode::Char(c)));
    }
    report("people list and filter", &times);
    let mut times = vec![
        timed(app, term, KeyCode::Esc),
        timed(app, term, KeyCode::Esc),
        timed(app, term, KeyCode::Char('c')),
    ];
    for _ in 0..10 {
        times.push(timed(app, term, KeyCode::Char('j')));
        times.push(timed(app, term, KeyCode::Char(' ')));
    }
    report("checklists move and tick", &times);
    let mut times = vec![timed(app, term, KeyCode::Char('h'))];
    for _ in 0..10 {
        times.push(timed(app, term, KeyCode::Char('j')));
    }
    report("home", &times);
}

/// (4) The real program in a pseudo-terminal, spawn to first frame, warm index.
fn real_launch(binary: &Path, dirs: &[String]) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read as _;

    let dir = tempfile::tempdir().expect("temporary folder");
    let mut times = Vec::new();
    // The first run builds the index; the rest find it warm.
    let runs = if dirs.is_empty() { 11 } else { 4 };
    for run in 0..runs {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: SIZE.1,
                cols: SIZE.0,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(binary);
        for d in dirs {
            cmd.arg("--content");
            cmd.arg(std::path::absolute(d).expect("a folder path"));
        }
        cmd.env_clear();
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", dir.path());
        for (var, sub) in [
            ("ONRAMP_CONFIG_DIR", "config"),
            ("ONRAMP_DATA_DIR", "data"),
            ("ONRAMP_CACHE_DIR", "cache"),
        ] {
            cmd.env(var, dir.path().join(sub));
        }
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let mut writer = pair.master.take_writer().expect("writer");
        let t = Instant::now();
        let mut child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut parser = vt100::Parser::new(
            std::num::NonZeroU16::new(SIZE.1).expect("rows"),
            std::num::NonZeroU16::new(SIZE.0).expect("cols"),
            0,
        );
        let mut buf = [0u8; 16384];
        let mut first = None;
        while t.elapsed() < Duration::from_secs(30) {
            let n = reader.read(&mut buf).unwrap_or(0);
            if n == 0 {
                break;
            }
            parser.process(&buf[..n]);
            if parser.screen().contents().contains("press / to search") {
                first = Some(t.elapsed());
                break;
            }
        }
        let _ = writer.write_all(b"q");
        let _ = writer.flush();
        // Keep reading so the program is never blocked writing its last frame.
        let drain = std::thread::spawn(move || while reader.read(&mut buf).unwrap_or(0) > 0 {});
        let _ = child.wait();
        drop(writer);
        drop(pair.master);
        let _ = drain.join();
        match first {
            Some(time) if run > 0 => times.push(time),
            Some(time) => println!(
                "\nreal launch with {} content folders, cold cache (index builds behind): {time:.1?}",
                dirs.len()
            ),
            None => println!("real launch: no first frame within 30 s"),
        }
    }
    report(
        &format!("real launch, {} folders: first frame", dirs.len()),
        &times,
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut cache = None;
    let mut binary = None;
    let mut dirs = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--cache" => cache = args.next().map(PathBuf::from),
            "--binary" => {
                // The pty spawner wants an absolute path once the environment is cleared.
                binary = args
                    .next()
                    .map(|b| std::path::absolute(b).expect("the binary's path"));
            }
            _ => dirs.push(arg),
        }
    }
    first_frame();
    if let Some(binary) = binary {
        real_launch(&binary, &[]);
        if !dirs.is_empty() {
            real_launch(&binary, &dirs);
        }
    }
    keystrokes(&dirs, cache);
}
