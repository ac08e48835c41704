//! Starting the app the way `onramp` does (`tui::start`): the pages load on a background
//! thread after the first frame, then the index opens by the command line's route; saved
//! ticks, bookmarks and recent pages show on the pages once they are in.

use std::path::Path;
use std::time::Duration;

use onramp::config::Config;
use onramp::content::{Layer, Source, Sources};
use onramp::paths::Paths;
use onramp::progress::{ItemState, Store};
use onramp::tui::{Session, start, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod tui_support;

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
    .unwrap()
}

fn started(dir: &Path, size: (u16, u16)) -> Session {
    let content = dir.join("content");
    if !content.exists() {
        tui_support::copy_fixture(&content);
    }
    let sources = Sources::from_list(vec![Source::dir(Layer::Flag, content)]);
    start(sources, &Config::default(), &paths_in(dir), size).unwrap()
}

fn screen(s: &Session) -> String {
    let (w, h) = s.app.size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::draw(&s.app, f)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn the_first_frame_does_not_wait_for_the_pages() {
    let dir = tempfile::tempdir().unwrap();
    for size in [(100, 30), (40, 12)] {
        let mut s = started(dir.path(), size);
        // Nothing from the worker has been applied yet: this is the frame `run` draws
        // when the pages take longer than its short wait.
        assert!(s.app.loading());
        assert!(s.app.library().is_empty());
        let frame = screen(&s);
        assert!(frame.contains("Loading pages…"), "{frame}");
        insta::assert_snapshot!(format!("loading_{}x{}", size.0, size.1), frame);
        s.wait_for_pages(Duration::from_secs(120));
        assert!(!s.app.loading());
        assert!(!s.app.library().is_empty());
        assert!(!s.app.checklists().is_empty());
        assert!(!screen(&s).contains("Loading pages…"));
        s.settle(Duration::from_secs(120));
        assert!(!s.app.indexing());
    }
}

#[test]
fn saved_ticks_show_on_pages_loaded_after_the_first_frame() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = started(dir.path(), (100, 30));
    s.wait_for_pages(Duration::from_secs(120));
    let checklist = s.app.checklists().iter().next().unwrap().clone();
    let item = checklist.items[0].clone();
    assert_eq!(
        s.app.item_state(&checklist.id, &item.id),
        Some(ItemState::Todo)
    );
    s.settle(Duration::from_secs(120));
    drop(s);

    let mut store = Store::open(&dir.path().join("data")).unwrap();
    store
        .set_state(&checklist.id, &item.id, ItemState::Done)
        .unwrap();
    store.set_bookmark("guides/start", true).unwrap();
    drop(store);

    let mut s = started(dir.path(), (100, 30));
    s.wait_for_pages(Duration::from_secs(120));
    assert_eq!(
        s.app.item_state(&checklist.id, &item.id),
        Some(ItemState::Done)
    );
    assert_eq!(s.app.bookmarks(), ["guides/start"]);
    s.settle(Duration::from_secs(120));
}
