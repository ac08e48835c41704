//! The background thread: loads the sources, brings the search index up to date by the same
//! route as the command line (`SearchIndex::open_snapshot`, the manifest), then answers
//! searches as the user types, only the latest query (older ones waiting are dropped). A
//! reload (after an edit) loads and refreshes again. Never parses a query: it goes to
//! `search` as typed.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;
use std::time::Duration;

use crate::content::{Kind, Library, LoadOptions, Snapshot, Sources};
use crate::search::{Hit, OpenOptions, SearchIndex, SearchOptions};

enum Request {
    Search {
        generation: u64,
        query: String,
        kind: Option<Kind>,
        limit: usize,
    },
    /// Load the sources again and refresh the index.
    Reload,
}

/// What the worker tells the loop.
#[derive(Debug)]
pub enum Reply {
    /// The pages as loaded now; sent first, and again after each reload.
    Loaded(Arc<Library>),
    /// The index is open and current; sent after each `Loaded`, before any results for it.
    /// `notice` is something the user should know about the index (built in memory,
    /// read-only, rebuilt, unavailable).
    Ready { notice: Option<String> },
    /// The answer to search `generation`: hits, or why it failed (after a damaged index
    /// was rebuilt and the search tried again).
    Results {
        generation: u64,
        result: Result<Vec<Hit>, String>,
    },
    /// Something the user should know that happened while searching (a damaged index was
    /// rebuilt), or about the query as typed (`kind:banana` is no kind).
    Notice(String),
}

/// The background worker. Dropping it ends the thread.
pub struct Worker {
    requests: Sender<Request>,
    responses: Receiver<Reply>,
}

impl Worker {
    /// Starts the thread over `sources`, with the index in `index_dir` (`None` keeps it in
    /// memory). The app draws and takes keys while it loads.
    pub fn spawn(sources: Sources, index_dir: Option<PathBuf>) -> std::io::Result<Worker> {
        let (req_tx, req_rx) = mpsc::channel::<Request>();
        let (resp_tx, resp_rx) = mpsc::channel();
        thread::Builder::new()
            .name("onramp-worker".into())
            .spawn(move || serve(&sources, index_dir.as_deref(), &req_rx, &resp_tx))?;
        Ok(Worker {
            requests: req_tx,
            responses: resp_rx,
        })
    }

    /// Searches `query` as typed; with `kind`, only pages of that kind.
    pub fn search(&self, generation: u64, query: String, kind: Option<Kind>, limit: usize) {
        // A dead worker shows as "no results"; the app keeps working.
        let _ = self.requests.send(Request::Search {
            generation,
            query,
            kind,
            limit,
        });
    }

    /// Loads the sources again and refreshes the index (a `Loaded`, then a `Ready`, follow).
    pub fn reload(&self) {
        let _ = self.requests.send(Request::Reload);
    }

    /// A reply, if one is waiting.
    pub fn try_recv(&self) -> Option<Reply> {
        self.responses.try_recv().ok()
    }

    /// Waits up to `timeout` for a reply; `None` when none came or the worker is gone.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Reply> {
        self.responses.recv_timeout(timeout).ok()
    }
}

fn serve(
    sources: &Sources,
    index_dir: Option<&std::path::Path>,
    requests: &Receiver<Request>,
    replies: &Sender<Reply>,
) {
    let Some(mut loaded) = load(sources, index_dir, replies) else {
        return;
    };
    while let Ok(first) = requests.recv() {
        // Latest query wins: skip every search typed while the last one ran; a reload asked
        // for among them still happens, before the search.
        let mut reload = false;
        let mut search = None;
        let mut next = Some(first);
        while let Some(request) = next {
            match request {
                Request::Reload => reload = true,
                Request::Search {
                    generation,
                    query,
                    kind,
                    limit,
                } => search = Some((generation, query, SearchOptions { limit, kind })),
            }
            next = match requests.try_recv() {
                Ok(newer) => Some(newer),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => return,
            };
        }
        if reload {
            match load(sources, index_dir, replies) {
                Some(fresh) => loaded = fresh,
                None => return,
            }
        }
        if let Some((generation, query, options)) = search {
            for warning in crate::search::parse(&query).warnings {
                if replies.send(Reply::Notice(warning)).is_err() {
                    return;
                }
            }
            let result = loaded.search(&query, &options, index_dir, replies);
            if replies.send(Reply::Results { generation, result }).is_err() {
                return;
            }
        }
    }
}

/// One load of the sources and the index opened for it.
struct Loaded {
    snapshot: Snapshot,
    index: Result<SearchIndex, String>,
}

impl Loaded {
    /// The hits for `query`; a damaged index is rebuilt from this load and the search tried
    /// again, with a notice.
    fn search(
        &mut self,
        query: &str,
        options: &SearchOptions,
        index_dir: Option<&std::path::Path>,
        replies: &Sender<Reply>,
    ) -> Result<Vec<Hit>, String> {
        let index = self.index.as_mut().map_err(|why| why.clone())?;
        let snapshot = &self.snapshot;
        let (found, notices) = index.search_or_repair(query, options, |open| {
            SearchIndex::open_snapshot(index_dir, snapshot, &LoadOptions::default(), open)
                .map(|opened| (opened.index, opened.notices))
        });
        for notice in notices {
            let _ = replies.send(Reply::Notice(notice.to_string()));
        }
        found.map_err(|e| format!("Search failed: {e}"))
    }
}

/// Loads every source, hands the pages over, then opens the index for them (in memory when
/// the cache cannot hold it). `None` when the loop has gone.
fn load(
    sources: &Sources,
    index_dir: Option<&std::path::Path>,
    replies: &Sender<Reply>,
) -> Option<Loaded> {
    // The app never prints a page as written: each page is held once, as its body.
    let load = LoadOptions {
        keep_raw: false,
        ..LoadOptions::default()
    };
    let snapshot = sources.snapshot(&load);
    replies
        .send(Reply::Loaded(Arc::clone(&snapshot.library)))
        .ok()?;
    let opened = SearchIndex::open_snapshot(index_dir, &snapshot, &load, OpenOptions::default())
        .or_else(|e| {
            // The cache folder holds a problem the store could not get round: search in
            // memory, and say so.
            SearchIndex::open_snapshot(None, &snapshot, &load, OpenOptions::default()).map(
                |mut opened| {
                    opened.notices.push(crate::search::Notice::new(format!(
                        "the search index could not be opened ({e}); searching an index in memory"
                    )));
                    opened
                },
            )
        });
    let (index, notice) = match opened {
        Ok(opened) => {
            let notice = (!opened.notices.is_empty()).then(|| {
                opened
                    .notices
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            (Ok(opened.index), notice)
        }
        Err(e) => {
            let why = format!("Search is unavailable: {e}");
            (Err(why.clone()), Some(why))
        }
    };
    replies.send(Reply::Ready { notice }).ok()?;
    Some(Loaded { snapshot, index })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Layer, Source};

    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let runbooks = dir.path().join("runbooks");
        std::fs::create_dir_all(&runbooks).unwrap();
        std::fs::write(
            runbooks.join("disk-full.md"),
            "# Disk full\n\nFree space on the volume.\n",
        )
        .unwrap();
        std::fs::write(
            runbooks.join("failover.md"),
            "# Database failover\n\nPromote the replica.\n",
        )
        .unwrap();
        dir
    }

    fn wait(w: &Worker) -> Reply {
        w.recv_timeout(Duration::from_secs(60))
            .expect("the worker answers")
    }

    #[test]
    fn pages_come_first_then_the_index_then_the_latest_answer() {
        let pages = fixture();
        let cache = tempfile::tempdir().unwrap();
        let sources = Sources::from_list(vec![Source::dir(Layer::Flag, pages.path())]);
        let w = Worker::spawn(sources, Some(cache.path().join("index"))).unwrap();
        let Reply::Loaded(library) = wait(&w) else {
            panic!("the pages come first")
        };
        assert_eq!(library.len(), 2);
        assert!(matches!(wait(&w), Reply::Ready { notice: None }));
        w.search(1, "zzzz-nothing".into(), None, 5);
        w.search(2, "kind:runbook".into(), None, 5);
        let mut last = None;
        while last.as_ref().is_none_or(|g| *g != 2) {
            let Reply::Results { generation, result } = wait(&w) else {
                panic!("only results after ready")
            };
            if generation == 2 {
                let hits = result.unwrap();
                let titles: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
                assert_eq!(titles, ["Database failover", "Disk full"]);
            }
            last = Some(generation);
        }
    }

    /// Zeros over the first half of every stored-documents file of the index in `dir`, as
    /// `dd conv=notrunc` would write them: every search then fails reading its hits.
    fn zero_document_stores(dir: &std::path::Path) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "store") {
                let mut bytes = std::fs::read(&path).unwrap();
                let half = bytes.len() / 2;
                bytes[..half].fill(0);
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .and_then(|mut f| std::io::Write::write_all(&mut f, &bytes))
                    .unwrap();
            }
        }
    }

    #[test]
    fn a_damaged_index_is_rebuilt_with_a_notice_and_answers() {
        let sources = Sources::from_list(vec![Source::bundled()]);
        let dir = tempfile::tempdir().unwrap();
        let index_dir = dir.path().join("index");
        let w = Worker::spawn(sources, Some(index_dir.clone())).unwrap();
        assert!(matches!(wait(&w), Reply::Loaded(_)));
        assert!(matches!(wait(&w), Reply::Ready { notice: None }));
        zero_document_stores(&index_dir);
        w.search(1, "failover".into(), None, 5);
        let Reply::Notice(notice) = wait(&w) else {
            panic!("a notice first")
        };
        assert!(
            notice.contains("damaged") && notice.contains("rebuilt"),
            "{notice}"
        );
        let Reply::Results { generation, result } = wait(&w) else {
            panic!("then results")
        };
        assert_eq!(generation, 1);
        assert!(!result.unwrap().is_empty());
    }

    #[test]
    fn a_query_with_no_such_kind_says_so() {
        let pages = fixture();
        let sources = Sources::from_list(vec![Source::dir(Layer::Flag, pages.path())]);
        let w = Worker::spawn(sources, None).unwrap();
        assert!(matches!(wait(&w), Reply::Loaded(_)));
        assert!(matches!(wait(&w), Reply::Ready { .. }));
        w.search(1, "kind:banana disk".into(), None, 5);
        let Reply::Notice(notice) = wait(&w) else {
            panic!("a notice first")
        };
        assert!(notice.contains("banana"), "{notice}");
        assert!(matches!(wait(&w), Reply::Results { .. }));
    }

    #[test]
    fn a_reload_sees_an_edit() {
        let pages = fixture();
        let cache = tempfile::tempdir().unwrap();
        let sources = Sources::from_list(vec![Source::dir(Layer::Flag, pages.path())]);
        let w = Worker::spawn(sources, Some(cache.path().join("index"))).unwrap();
        assert!(matches!(wait(&w), Reply::Loaded(_)));
        assert!(matches!(wait(&w), Reply::Ready { .. }));
        std::fs::write(
            pages.path().join("runbooks/disk-full.md"),
            "# Disk full\n\nRotate the quokka logs.\n",
        )
        .unwrap();
        w.reload();
        w.search(1, "quokka".into(), None, 5);
        let Reply::Loaded(library) = wait(&w) else {
            panic!("the pages again")
        };
        assert!(
            library
                .get("runbooks/disk-full")
                .unwrap()
                .body
                .contains("quokka")
        );
        assert!(matches!(wait(&w), Reply::Ready { .. }));
        let Reply::Results { result, .. } = wait(&w) else {
            panic!("results")
        };
        assert_eq!(result.unwrap()[0].id, "runbooks/disk-full");
    }
}
