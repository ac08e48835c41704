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
//! 3. other screens' keys (results, opening one at its match, reader, lists and the time
//!    until a list filter's results are drawn, checklists, home);
//! 4. ticking in a checklist of 20,000 items, in the reader and on the checklists screen:
//!    from the key to the frame drawn, with the save through the progress store between;
//! 5. with `--binary PATH` (the release `onramp`), the whole launch of the real program in a
//!    pseudo-terminal: from spawning it to its first frame on the emulated screen, with a warm
//!    index in a temporary cache folder.
//!
//! `cargo run --release --example tui_bench -- [--cache DIR] [--binary target/release/onramp] [DIR...]`
//!
//! `--cache DIR` keeps the index of the folders there between runs (building it for tens of
//! thousands of pages takes a while); without it a temporary folder is used.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use onramp::config::Config;
use onramp::content::{Layer, Source, Sources};
use onramp::paths::Paths;
use onramp::progress::Store;
use onramp::tui::keymap::Keymap;
use onramp::tui::theme::Theme;
use onramp::tui::worker::Reply;
use onramp::tui::{App, AppOptions, Effect, FIRST_FRAME_WAIT, Session, start, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZE: (u16, u16) = (100, 30);
/// One frame at 60 Hz: the budget for answering a key.
const FRAME: Duration = Duration::from_millis(16);
/// Longest the bench waits for the worker.
const WAIT: Duration = Duration::from_secs(600);

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

/// Hands a search to the worker and waits for its answer, applying everything that comes.
/// Returns the hits drawn and how long the results took from arriving to drawn.
fn answer(
    session: &mut Session,
    terminal: &mut Terminal<TestBackend>,
    effect: Effect,
) -> Option<(usize, Duration)> {
    let Effect::Search { generation, .. } = &effect else {
        session.run(effect);
        return None;
    };
    let generation = *generation;
    session.run(effect);
    loop {
        match session.worker.recv_timeout(WAIT) {
            Some(Reply::Results {
                generation: g,
                result,
            }) if g == generation => {
                let hits = result.as_ref().map_or(0, Vec::len);
                let shown = Instant::now();
                session.apply(Reply::Results {
                    generation: g,
                    result,
                });
                draw(&session.app, terminal);
                return Some((hits, shown.elapsed()));
            }
            Some(other) => session.apply(other),
            None => panic!("no answer for search {generation}"),
        }
    }
}

/// (1) The first frame on the bundled pack with a warm index.
fn first_frame() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let paths = paths_in(dir.path());
    let config = Config::default();
    let sources = || Sources::from_list(vec![Source::bundled()]);
    // Warm the on-disk index the way a previous run of the app leaves it.
    let t = Instant::now();
    let mut warm = start(sources(), &config, &paths, SIZE).expect("start");
    warm.settle(WAIT);
    println!(
        "bundled pack: {} pages; index ready in {:.1?}",
        warm.app.library().len(),
        t.elapsed(),
    );
    drop(warm);

    let mut starts = Vec::new();
    let mut bare = Vec::new();
    let mut firsts = Vec::new();
    let mut readies = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        let mut session = start(sources(), &config, &paths, SIZE).expect("start");
        starts.push(t.elapsed());
        let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("backend");
        // The frame `run` would draw if it did not wait for the pages at all.
        draw(&session.app, &mut terminal);
        bare.push(t.elapsed());
        session.wait_for_pages(FIRST_FRAME_WAIT);
        draw(&session.app, &mut terminal);
        firsts.push(t.elapsed());
        assert!(
            !session.app.loading(),
            "the bundled pack loads within the wait"
        );
        session.settle(WAIT);
        readies.push(t.elapsed());
    }
    report("launch: progress file, worker, app (start)", &starts);
    report("launch: a frame at once (pages loading)", &bare);
    report("launch: first frame drawn (target 100 ms)", &firsts);
    report("launch: warm index open (background)", &readies);
}

fn options() -> AppOptions {
    AppOptions {
        name: Some("Ada".into()),
        theme: Theme::dark(),
        keymap: Keymap::defaults(),
        keymap_problems: Vec::new(),
        today: NaiveDate::from_ymd_opt(2026, 3, 10).expect("date"),
        now: chrono::Utc::now(),
        me: None,
        stale_packs: Vec::new(),
        size: SIZE,
    }
}

/// A session over `sources` with progress in `data` and the index in `index_dir`.
fn session_for(sources: Sources, data: &Path, index_dir: PathBuf) -> Session {
    let mut store = Store::open(data).expect("progress store");
    store
        .set_start_date(NaiveDate::from_ymd_opt(2026, 3, 2))
        .expect("start date");
    Session::new(sources, store, Some(index_dir), options()).expect("session")
}

/// (2) Typing queries letter by letter against the real index, and (3) the other screens.
fn keystrokes(dirs: &[String], cache: Option<PathBuf>) {
    let mut list = vec![Source::bundled()];
    list.extend(dirs.iter().map(|d| Source::dir(Layer::Flag, d)));
    let temp = tempfile::tempdir().expect("temporary folder");
    let index_dir = cache.unwrap_or_else(|| temp.path().join("index"));
    let t = Instant::now();
    let mut session = session_for(
        Sources::from_list(list),
        &temp.path().join("data"),
        index_dir.clone(),
    );
    session.settle(WAIT);
    println!(
        "\nlibrary: {} pages from the bundled pack and {} folders; pages and index in {} ready in {:.1?} (a build on first use, else a refresh)",
        session.app.library().len(),
        dirs.len(),
        index_dir.display(),
        t.elapsed()
    );
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("backend");
    draw(&session.app, &mut terminal);

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
    press(&mut session.app, KeyCode::Char('/'));
    for query in queries {
        for c in query.chars() {
            let t = Instant::now();
            let effect = press(&mut session.app, KeyCode::Char(c));
            draw(&session.app, &mut terminal);
            answered.push(t.elapsed());
            if let Some(effect) = effect
                && let Some((hits, shown)) = answer(&mut session, &mut terminal, effect)
            {
                hits_total += hits;
                results_drawn.push(shown);
                drawn.push(t.elapsed());
            }
        }
        // Clear the line for the next query (Ctrl-U), as a person would.
        let effect = session
            .app
            .handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert!(effect.is_none(), "clearing the line searches nothing");
        draw(&session.app, &mut terminal);
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
        let start = Instant::now();
        for c in query.chars() {
            let t = Instant::now();
            if let Some(effect) = press(&mut session.app, KeyCode::Char(c)) {
                session.run(effect);
            }
            session.receive();
            draw(&session.app, &mut terminal);
            answered.push(t.elapsed());
            std::thread::sleep(Duration::from_millis(30).saturating_sub(t.elapsed()));
        }
        let typed = start.elapsed();
        session.settle(WAIT);
        draw(&session.app, &mut terminal);
        last_drawn.push(start.elapsed().saturating_sub(typed));
        session
            .app
            .handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    }
    report("typing every 30 ms: key answered", &answered);
    report("typing every 30 ms: last results after", &last_drawn);

    other_screens(&mut session, &mut terminal);
}

/// A key pressed and everything it asks for done (a save, a search sent), then drawn.
fn timed(session: &mut Session, terminal: &mut Terminal<TestBackend>, code: KeyCode) -> Duration {
    let t = Instant::now();
    if let Some(effect) = press(&mut session.app, code) {
        session.run(effect);
    }
    draw(&session.app, terminal);
    t.elapsed()
}

fn other_screens(session: &mut Session, term: &mut Terminal<TestBackend>) {
    for c in "failover".chars() {
        if let Some(effect) = press(&mut session.app, KeyCode::Char(c)) {
            session.run(effect);
        }
    }
    session.settle(WAIT);
    let mut times = Vec::new();
    for _ in 0..20 {
        times.push(timed(session, term, KeyCode::Down));
    }
    report("move through results", &times);
    let open = timed(session, term, KeyCode::Enter);
    println!("open a result at its first match, its words marked: {open:.1?}");
    let mut times = vec![open];
    for _ in 0..30 {
        times.push(timed(session, term, KeyCode::Char('j')));
    }
    for _ in 0..5 {
        times.push(timed(session, term, KeyCode::Tab));
    }
    times.push(timed(session, term, KeyCode::Esc));
    report("open, scroll, tab links, back", &times);
    let mut times = vec![
        timed(session, term, KeyCode::Esc),
        timed(session, term, KeyCode::Char('p')),
        timed(session, term, KeyCode::Char('f')),
    ];
    for c in "data".chars() {
        times.push(timed(session, term, KeyCode::Char(c)));
    }
    report("people list and filter", &times);
    // The filter is a search of people: each key until its answer is drawn.
    session
        .app
        .handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    session.settle(WAIT);
    let mut drawn = Vec::new();
    for c in "netwrk".chars() {
        let t = Instant::now();
        if let Some(effect) = press(&mut session.app, KeyCode::Char(c)) {
            answer(session, term, effect);
        }
        drawn.push(t.elapsed());
    }
    report("people filter: key to its results drawn", &drawn);
    let mut times = vec![
        timed(session, term, KeyCode::Esc),
        timed(session, term, KeyCode::Esc),
        timed(session, term, KeyCode::Char('c')),
    ];
    for _ in 0..10 {
        times.push(timed(session, term, KeyCode::Char('j')));
        times.push(timed(session, term, KeyCode::Char(' ')));
    }
    report("checklists move and tick (saves included)", &times);
    let mut times = vec![timed(session, term, KeyCode::Char('h'))];
    for _ in 0..10 {
        times.push(timed(session, term, KeyCode::Char('j')));
    }
    report("home", &times);
}

/// (4) Ticking in a checklist of `items` items: Space in the reader (with `j` between) and
/// on the checklists screen, each from the key to the frame drawn, the save included.
fn big_checklist(items: usize) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("checklists")).expect("folder");
    let mut page = String::from("---\ntitle: Big\nphase: 1\n---\n# Big\n\n");
    for i in 0..items {
        if i % 500 == 0 {
            let _ = write!(page, "\n## Part {}\n\n", i / 500 + 1);
        }
        let _ = writeln!(
            page,
            "- [ ] Item number {i} {{#item-{i} due=W{}}}",
            i % 40 + 1
        );
    }
    std::fs::write(content.join("checklists/big.md"), &page).expect("page");
    let t = Instant::now();
    let mut session = session_for(
        Sources::from_list(vec![Source::dir(Layer::Flag, &content)]),
        &dir.path().join("data"),
        dir.path().join("index"),
    );
    session.settle(WAIT);
    println!(
        "\nchecklist of {items} items ({} KB): loaded and indexed in {:.1?}",
        page.len() / 1024,
        t.elapsed()
    );
    let mut term = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("backend");
    timed(&mut session, &mut term, KeyCode::Char('c'));
    timed(&mut session, &mut term, KeyCode::Char('j'));
    let open = timed(&mut session, &mut term, KeyCode::Enter);
    println!("open the checklist in the reader: {open:.1?}");
    let mut ticks = Vec::new();
    let mut moves = Vec::new();
    for _ in 0..30 {
        ticks.push(timed(&mut session, &mut term, KeyCode::Char(' ')));
        moves.push(timed(&mut session, &mut term, KeyCode::Char('j')));
    }
    report(
        &format!("reader: Space in {items} items (save incl.)"),
        &ticks,
    );
    report(&format!("reader: j in {items} items"), &moves);
    let bottom = timed(&mut session, &mut term, KeyCode::Char('G'));
    println!("reader: G to the last of {items} items: {bottom:.1?}");
    timed(&mut session, &mut term, KeyCode::Esc);
    let mut ticks = Vec::new();
    for _ in 0..30 {
        timed(&mut session, &mut term, KeyCode::Char('j'));
        ticks.push(timed(&mut session, &mut term, KeyCode::Char(' ')));
    }
    report(
        &format!("checklists: Space in {items} items (save incl.)"),
        &ticks,
    );
    // From search, a word on every line: each of its matches is found and marked.
    timed(&mut session, &mut term, KeyCode::Char('h'));
    timed(&mut session, &mut term, KeyCode::Char('/'));
    for c in "item number".chars() {
        if let Some(effect) = press(&mut session.app, KeyCode::Char(c)) {
            session.run(effect);
        }
    }
    session.settle(WAIT);
    let open = timed(&mut session, &mut term, KeyCode::Enter);
    println!("open it from search, every `item number` of {items} marked: {open:.1?}");
    // The store's part of each tick: the lock, the re-read and merge, the atomic write with
    // its two fsyncs. What is left of a tick is the app's own work.
    let mut saves = Vec::new();
    let mut app_work = Vec::new();
    for i in 0..30 {
        let t = Instant::now();
        session
            .store
            .set_state(
                "checklists/big",
                &format!("item-{}", 100 + i),
                onramp::progress::ItemState::Done,
            )
            .expect("save");
        saves.push(t.elapsed());
        let t = Instant::now();
        let progress = std::sync::Arc::new(session.store.progress().clone());
        session
            .app
            .update(onramp::tui::Action::ProgressLoaded(onramp::tui::Shared(
                progress,
            )));
        draw(&session.app, &mut term);
        app_work.push(t.elapsed());
    }
    report("  the store's save alone (disk flushes)", &saves);
    report("  the app's part: new progress + draw", &app_work);
    let entries = session
        .store
        .progress()
        .checklists
        .get("checklists/big")
        .map_or(0, std::collections::BTreeMap::len);
    assert!(entries >= 30, "the ticks were saved ({entries})");
}

/// (5) The real program in a pseudo-terminal, spawn to first frame, warm index.
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
    big_checklist(20_000);
}
