//! Search as you type without blocking input: one background thread answers only the latest
//! query (older ones waiting in the queue are dropped). The matching itself is
//! `search::SearchIndex`; [`StandIn`], a case-insensitive scan over titles, aliases, tags and
//! bodies, serves when no index can be opened and in tests that need no cache folder.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;
use std::time::Duration;

use crate::content::{Kind, Library};

pub use crate::search::{Hit, Snippet};

/// Options of one search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    pub limit: usize,
    pub kind: Option<Kind>,
}

/// Splits `kind:x` filters off a query typed in the search line. An unknown kind is left
/// in the text, so it simply matches nothing rather than silently widening the search.
pub fn parse_query(input: &str) -> (String, Option<Kind>) {
    let mut kind = None;
    let mut words = Vec::new();
    for word in input.split_whitespace() {
        match word.strip_prefix("kind:").map(str::parse::<Kind>) {
            Some(Ok(k)) => kind = Some(k),
            _ => words.push(word),
        }
    }
    (words.join(" "), kind)
}

/// The stand-in matcher: lowercased copies of each document's fields, built once.
pub struct StandIn {
    library: Arc<Library>,
    folded: Vec<[String; 3]>,
}

impl StandIn {
    pub fn new(library: Arc<Library>) -> StandIn {
        let folded = library
            .docs()
            .iter()
            .map(|d| {
                let mut names = d.aliases.join(" ");
                names.push(' ');
                names.push_str(&d.tags.join(" "));
                [
                    d.title.to_lowercase(),
                    names.to_lowercase(),
                    d.body.to_lowercase(),
                ]
            })
            .collect();
        StandIn { library, folded }
    }

    /// Documents matching every word of `query` (title 3, alias or tag 2, body 1 per word),
    /// best first.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Vec<Hit> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(f32, usize)> = Vec::new();
        for (i, doc) in self.library.docs().iter().enumerate() {
            if options.kind.is_some_and(|k| k != doc.kind) {
                continue;
            }
            let [title, names, body] = &self.folded[i];
            let mut score = 0.0;
            let mut all = true;
            for w in &words {
                let s = if title.contains(w.as_str()) {
                    3.0
                } else if names.contains(w.as_str()) {
                    2.0
                } else if body.contains(w.as_str()) {
                    1.0
                } else {
                    0.0
                };
                if s == 0.0 {
                    all = false;
                    break;
                }
                score += s;
            }
            if all {
                scored.push((score, i));
            }
        }
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0).then_with(|| {
                self.library.docs()[a.1]
                    .title
                    .cmp(&self.library.docs()[b.1].title)
            })
        });
        scored.truncate(options.limit);
        scored
            .into_iter()
            .map(|(score, i)| {
                let d = &self.library.docs()[i];
                Hit {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    kind: d.kind,
                    path: d.path.clone(),
                    source: d.source.clone(),
                    lang: d.lang.clone(),
                    score,
                    snippet: snippet(&d.body, &self.folded[i][2], &words),
                }
            })
            .collect()
    }
}

/// About 160 characters of the body around the first matched word, on one line.
fn snippet(body: &str, folded: &str, words: &[String]) -> Snippet {
    // Lowercasing can change byte lengths (rare scripts); fall back to the start then.
    let same_shape = body.len() == folded.len();
    let first = words
        .iter()
        .filter_map(|w| folded.find(w.as_str()))
        .min()
        .filter(|_| same_shape)
        .unwrap_or(0);
    let mut start = first.saturating_sub(60);
    while !body.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + 160).min(body.len());
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let raw = &body[start..end];
    let text: String = raw
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    let mut highlights = Vec::new();
    if same_shape {
        let window = &folded[start..end];
        for w in words {
            let mut from = 0;
            while let Some(pos) = window[from..].find(w.as_str()) {
                highlights.push(from + pos..from + pos + w.len());
                from += pos + w.len();
            }
        }
        highlights.sort_unstable_by_key(|r: &std::ops::Range<usize>| (r.start, r.end));
    }
    Snippet { text, highlights }
}

struct Request {
    generation: u64,
    query: String,
    options: SearchOptions,
}

/// A finished search.
#[derive(Debug)]
pub struct Response {
    pub generation: u64,
    pub hits: Vec<Hit>,
}

/// What the worker tells the loop.
#[derive(Debug)]
pub enum Reply {
    /// The library, loaded in the background (only from [`SearchWorker::spawn_loading`]);
    /// sent first.
    Loaded(Arc<Library>),
    /// The index is open and current (built, refreshed, or the page scan when it cannot be
    /// opened); sent once, before any results. `notice` is something the user should know
    /// about the index (built in memory, read-only, rebuilt).
    Ready {
        notice: Option<String>,
    },
    Results(Response),
}

/// The background searcher. Dropping it ends the thread.
pub struct SearchWorker {
    requests: Sender<Request>,
    responses: Receiver<Reply>,
}

impl SearchWorker {
    /// Starts the thread. It opens (or builds, or refreshes) the index in `index_dir` first,
    /// so the app draws and takes keys while that happens; `None` keeps the index in memory.
    pub fn spawn(
        library: Arc<Library>,
        index_dir: Option<PathBuf>,
    ) -> std::io::Result<SearchWorker> {
        Self::spawn_inner(Box::new(move || (library, false)), index_dir)
    }

    /// Starts the thread, which first loads the library with `load` and hands it to the
    /// loop ([`Reply::Loaded`]), then opens the index for it: the app draws its first
    /// frame while both happen.
    pub fn spawn_loading(
        load: impl FnOnce() -> Library + Send + 'static,
        index_dir: Option<PathBuf>,
    ) -> std::io::Result<SearchWorker> {
        Self::spawn_inner(Box::new(move || (Arc::new(load()), true)), index_dir)
    }

    fn spawn_inner(
        load: Box<dyn FnOnce() -> (Arc<Library>, bool) + Send>,
        index_dir: Option<PathBuf>,
    ) -> std::io::Result<SearchWorker> {
        let (req_tx, req_rx) = mpsc::channel::<Request>();
        let (resp_tx, resp_rx) = mpsc::channel();
        thread::Builder::new()
            .name("onramp-search".into())
            .spawn(move || {
                let (library, hand_over) = load();
                if hand_over && resp_tx.send(Reply::Loaded(Arc::clone(&library))).is_err() {
                    return;
                }
                let (searcher, notice) = Searcher::open(library, index_dir.as_deref());
                if resp_tx.send(Reply::Ready { notice }).is_err() {
                    return;
                }
                while let Ok(mut request) = req_rx.recv() {
                    // Latest query wins: skip everything typed while the last search ran.
                    loop {
                        match req_rx.try_recv() {
                            Ok(newer) => request = newer,
                            Err(TryRecvError::Empty) => break,
                            Err(TryRecvError::Disconnected) => return,
                        }
                    }
                    let hits = searcher.search(&request.query, &request.options);
                    let response = Response {
                        generation: request.generation,
                        hits,
                    };
                    if resp_tx.send(Reply::Results(response)).is_err() {
                        return;
                    }
                }
            })?;
        Ok(SearchWorker {
            requests: req_tx,
            responses: resp_rx,
        })
    }

    pub fn request(&self, generation: u64, query: String, options: SearchOptions) {
        // A dead worker shows as "no results"; the app keeps working.
        let _ = self.requests.send(Request {
            generation,
            query,
            options,
        });
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

/// What the worker searches with: the tantivy index, or the plain scan over the library
/// when the index cannot be opened at all (then search still works, more slowly).
enum Searcher {
    Index(crate::search::SearchIndex),
    Scan(StandIn),
}

impl Searcher {
    fn open(library: Arc<Library>, index_dir: Option<&Path>) -> (Searcher, Option<String>) {
        match crate::search::SearchIndex::open(index_dir, &library) {
            Ok((index, notices)) => {
                let notice = (!notices.is_empty()).then(|| {
                    notices
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" ")
                });
                (Searcher::Index(index), notice)
            }
            Err(e) => (
                Searcher::Scan(StandIn::new(library)),
                Some(format!(
                    "Search index unavailable ({e}); searching page by page."
                )),
            ),
        }
    }

    fn search(&self, query: &str, options: &SearchOptions) -> Vec<Hit> {
        match self {
            Searcher::Scan(scan) => scan.search(query, options),
            Searcher::Index(index) => {
                let options = crate::search::SearchOptions {
                    limit: options.limit,
                    kind: options.kind,
                };
                index.search(query, &options).unwrap_or_default()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{LoadOptions, Source, load};
    use rstest::rstest;

    #[rstest]
    #[case("vpn", "vpn", None)]
    #[case("kind:person db", "db", Some(Kind::Person))]
    #[case("kind:people", "", Some(Kind::Person))]
    #[case("kind:nope x", "kind:nope x", None)]
    fn splits_kind_filters(#[case] input: &str, #[case] text: &str, #[case] kind: Option<Kind>) {
        assert_eq!(parse_query(input), (text.to_string(), kind));
    }

    #[test]
    fn finds_titles_first_and_marks_words() {
        let lib = Arc::new(load(&[Source::bundled()], &LoadOptions::default()));
        let s = StandIn::new(lib);
        let hits = s.search(
            "failover",
            &SearchOptions {
                limit: 10,
                kind: None,
            },
        );
        assert!(!hits.is_empty());
        assert!(
            hits[0].title.to_lowercase().contains("failover"),
            "{hits:?}"
        );
        let h = &hits[0].snippet;
        for r in &h.highlights {
            let (a, b) = (r.start, r.end);
            assert_eq!(h.text[a..b].to_lowercase(), "failover");
        }
        let people = s.search(
            "database",
            &SearchOptions {
                limit: 10,
                kind: Some(Kind::Person),
            },
        );
        assert!(people.iter().all(|h| h.kind == Kind::Person));
    }

    #[test]
    fn worker_answers_the_latest_query() {
        let lib = Arc::new(load(&[Source::bundled()], &LoadOptions::default()));
        let dir = tempfile::tempdir().unwrap();
        let w = SearchWorker::spawn(lib, Some(dir.path().join("index"))).unwrap();

        let opts = SearchOptions {
            limit: 5,
            kind: None,
        };
        w.request(1, "zzzz-nothing".into(), opts.clone());
        w.request(2, "runbook".into(), opts);
        let mut last = None;
        let mut ready = false;
        for _ in 0..500 {
            match w.recv_timeout(Duration::from_millis(10)) {
                Some(Reply::Loaded(_)) => panic!("a worker given its library hands none over"),
                Some(Reply::Ready { .. }) => {
                    assert!(last.is_none(), "ready comes before any results");
                    ready = true;
                }
                Some(Reply::Results(r)) => {
                    let done = r.generation == 2;
                    last = Some(r);
                    if done {
                        break;
                    }
                }
                None => {}
            }
        }
        assert!(ready);
        let last = last.expect("the worker answered");
        assert_eq!(last.generation, 2);
        assert!(!last.hits.is_empty());
    }

    #[test]
    fn a_loading_worker_hands_over_the_pages_then_opens_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let w = SearchWorker::spawn_loading(
            || load(&[Source::bundled()], &LoadOptions::default()),
            Some(dir.path().join("index")),
        )
        .unwrap();
        let wait = Duration::from_secs(60);
        let Some(Reply::Loaded(library)) = w.recv_timeout(wait) else {
            panic!("the pages come first")
        };
        assert!(!library.is_empty());
        assert!(matches!(w.recv_timeout(wait), Some(Reply::Ready { .. })));
        w.request(
            1,
            "failover".into(),
            SearchOptions {
                limit: 3,
                kind: None,
            },
        );
        let Some(Reply::Results(r)) = w.recv_timeout(wait) else {
            panic!("results")
        };
        assert_eq!(r.generation, 1);
        assert!(!r.hits.is_empty());
    }
}
