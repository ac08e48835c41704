//! `onramp lint`: checks over loaded sources for what a pack owner must fix before a new hire
//! trips on it (broken links and anchors, unknown owners, bad frontmatter values, duplicate
//! ids, stale pages, missing facts, orphan pages, leftover template syntax), as rows with
//! path, line and column, sorted. Owns the rules and the `[lint]` table of `onramp.toml`;
//! never changes content, and asks the content module for every rule it does not own (how
//! links resolve, what an anchor is, when a page is stale, how items are read).

mod checks;
mod links;
mod position;
pub mod rules;
pub mod settings;

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::content::{Document, Snapshot, Warning, WarningKind, term_safe_inline};
pub use rules::{Level, Rule, Severity};
pub use settings::Settings;

/// One finding: where, how serious, which rule, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The file as the user knows it: a path under the folder given, or `bundled:...`.
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub rule: Rule,
    pub message: String,
}

impl Row {
    /// A row at the rule's default severity; path and message are made safe to print.
    pub fn new(path: &str, line: usize, col: usize, rule: Rule, message: String) -> Row {
        Row {
            path: term_safe_inline(path).into_owned(),
            line: line.max(1),
            col: col.max(1),
            severity: rule.default_severity(),
            rule,
            message: match term_safe_inline(&message) {
                std::borrow::Cow::Borrowed(_) => message,
                std::borrow::Cow::Owned(safe) => safe,
            },
        }
    }
}

impl fmt::Display for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {} [{}]",
            self.path,
            self.line,
            self.col,
            self.severity.as_str(),
            self.message,
            self.rule
        )
    }
}

/// Every finding of one run, sorted by path, line and column.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub rows: Vec<Row>,
    /// How many pages were checked.
    pub pages: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.rows.iter().filter(|r| r.severity == severity).count()
    }

    /// "2 errors and 1 warning in 40 pages", or "no problems in 40 pages".
    pub fn summary(&self) -> String {
        let plural = |n: usize, one: &str| crate::words::count(n, one, &format!("{one}s"));
        let pages = plural(self.pages, "page");
        match (self.errors(), self.warnings()) {
            (0, 0) => format!("no problems in {pages}"),
            (e, 0) => format!("{} in {pages}", plural(e, "error")),
            (0, w) => format!("{} in {pages}", plural(w, "warning")),
            (e, w) => format!(
                "{} and {} in {pages}",
                plural(e, "error"),
                plural(w, "warning")
            ),
        }
    }
}

/// Checks the pages of the sources `selected` (indexes into `snapshot.sources`) as of
/// `today`. Links, owners and translations resolve against everything `snapshot` loaded, so
/// a pack may link to the bundled pack and name its people.
pub fn lint(snapshot: &Snapshot, selected: &[usize], today: NaiveDate) -> Report {
    let library = snapshot.library.as_ref();
    let selected: Vec<usize> = selected
        .iter()
        .copied()
        .filter(|&i| i < snapshot.sources.len())
        .collect();
    // Each row with the source whose settings decide its severity.
    let mut rows: Vec<(usize, Row)> = Vec::new();
    let mut settings: HashMap<usize, Settings> = HashMap::new();
    for &i in &selected {
        let (s, problems) = settings::read(&snapshot.sources[i]);
        rows.extend(problems.into_iter().map(|r| (i, r)));
        settings.insert(i, s);
    }
    rows.extend(load_rows(snapshot, &selected));
    // Which source each page came from, by the name documents carry (the first of two
    // sources with one name, as the overlay kept their pages in that order).
    let mut source_of: HashMap<&str, usize> = HashMap::new();
    let names: Vec<String> = snapshot
        .sources
        .iter()
        .map(crate::content::Source::name)
        .collect();
    for (i, name) in names.iter().enumerate() {
        source_of.entry(name.as_str()).or_insert(i);
    }
    let docs = library.docs();
    let index = links::Index::new(library);
    let per_page: Vec<(Option<usize>, Vec<Row>, Vec<usize>)> = docs
        .par_iter()
        .map(|doc| {
            let checked = source_of
                .get(doc.source.as_str())
                .copied()
                .filter(|i| selected.contains(i));
            let label =
                checked.map_or_else(String::new, |i| snapshot.sources[i].file_label(&doc.path));
            let page = Page {
                doc,
                label: &label,
                checked: checked.is_some(),
            };
            let (mut page_rows, linked) = links::check(&page, &index);
            if let Some(i) = checked {
                let s = &settings[&i];
                page_rows.extend(checks::check(&page, s, library, today));
            }
            (checked, page_rows, linked)
        })
        .collect();
    let mut linked_to: HashSet<usize> = HashSet::new();
    let mut pages = 0;
    for (from, (checked, page_rows, linked)) in per_page.into_iter().enumerate() {
        linked_to.extend(linked.into_iter().filter(|&to| to != from));
        if let Some(i) = checked {
            pages += 1;
            rows.extend(page_rows.into_iter().map(|r| (i, r)));
        }
    }
    for (n, doc) in docs.iter().enumerate() {
        let Some(&i) = source_of.get(doc.source.as_str()) else {
            continue;
        };
        if selected.contains(&i) && !linked_to.contains(&n) && !links::is_listed(doc) {
            rows.push((
                i,
                Row::new(
                    &snapshot.sources[i].file_label(&doc.path),
                    1,
                    1,
                    Rule::Orphan,
                    "no other page links here and the page is in no phase or list; only search finds it"
                        .into(),
                ),
            ));
        }
    }
    let mut rows: Vec<Row> = rows
        .into_iter()
        .filter_map(|(i, mut row)| {
            let level = settings.get(&i).map_or(Level::Error, |s| s.level(row.rule));
            row.severity = match level {
                Level::Off => return None,
                Level::Warning => Severity::Warning,
                Level::Error => Severity::Error,
            };
            Some(row)
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.path, a.line, a.col, a.rule, &a.message)
            .cmp(&(&b.path, b.line, b.col, b.rule, &b.message))
    });
    rows.dedup();
    Report { rows, pages }
}

/// A page being read, with the name its rows carry.
pub(crate) struct Page<'a> {
    pub doc: &'a Document,
    pub label: &'a str,
    /// False for a page of a source not being checked: only its links are read.
    pub checked: bool,
}

impl Page<'_> {
    /// A row at byte `offset` of the page's body.
    fn row_in_body(
        &self,
        lines: &position::Lines,
        offset: usize,
        rule: Rule,
        message: String,
    ) -> Row {
        let (line, col) = lines.at(offset);
        Row::new(
            self.label,
            self.doc.body_line + line - 1,
            col,
            rule,
            message,
        )
    }

    /// A row on the line of frontmatter field `key` (line 1 when it cannot be found).
    fn row_at_field(&self, key: &str, rule: Rule, message: String) -> Row {
        Row::new(
            self.label,
            self.doc.field_line(key).unwrap_or(1),
            1,
            rule,
            message,
        )
    }
}

/// What loading said about the files of the `selected` sources: every problem the app counts
/// ("N problems in the content") is a row here, with the source it belongs to.
fn load_rows(snapshot: &Snapshot, selected: &[usize]) -> Vec<(usize, Row)> {
    let mut rows = Vec::new();
    let mut labels: HashMap<String, usize> = HashMap::new();
    for &i in selected {
        let source = &snapshot.sources[i];
        if let Some(walk) = snapshot.walks.get(i) {
            rows.extend(walk.warnings.iter().map(|w| (i, load_row(w))));
            for found in &walk.files {
                labels.insert(source.file_label(&found.rel), i);
            }
        }
        for outcome in snapshot.files.get(i).into_iter().flatten() {
            // Checklist items are read again by `checks::items`, with a rule for each kind of
            // problem: the loader's copy of the same problem would be a second row.
            rows.extend(
                outcome
                    .warnings
                    .iter()
                    .filter(|w| w.kind != WarningKind::ChecklistItem)
                    .map(|w| (i, load_row(w))),
            );
        }
    }
    // The overlay names the page that won; it belongs to the source that holds that file.
    rows.extend(
        snapshot
            .overlay_warnings
            .iter()
            .filter_map(|w| Some((*labels.get(&w.file)?, load_row(w)))),
    );
    rows
}

/// A loader's warning as a row: the rule follows what the warning is about.
fn load_row(w: &Warning) -> Row {
    let rule = match w.kind {
        WarningKind::Unreadable => Rule::SkippedFile,
        WarningKind::Encoding => Rule::Encoding,
        WarningKind::Frontmatter => Rule::Frontmatter,
        WarningKind::Field | WarningKind::ChecklistItem | WarningKind::Settings => Rule::BadValue,
        WarningKind::DuplicateId => Rule::DuplicateId,
    };
    let message = if w.skipped && w.kind != WarningKind::Unreadable {
        format!("{}; the page is left out", w.message)
    } else {
        w.message.clone()
    };
    Row::new(&w.file, w.line.unwrap_or(1), 1, rule, message)
}
