//! The user's progress as data: item states keyed by (checklist id, item id), the start date,
//! recently read documents and bookmarks, and the rule for merging two copies of it. No IO.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How many recently read documents are kept.
pub const RECENT_LIMIT: usize = 30;

/// Where the user stands on one checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum ItemState {
    Todo,
    Done,
    /// Not applicable to this user, with why.
    Skipped {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
}

impl ItemState {
    pub fn as_str(&self) -> &'static str {
        match self {
            ItemState::Todo => "todo",
            ItemState::Done => "done",
            ItemState::Skipped { .. } => "skipped",
        }
    }

    /// Done or skipped: counts towards progress.
    pub fn is_closed(&self) -> bool {
        !matches!(self, ItemState::Todo)
    }

    /// The state a tick (Space) leads to: done becomes todo; todo or skipped becomes done.
    #[must_use]
    pub fn ticked(&self) -> ItemState {
        match self {
            ItemState::Done => ItemState::Todo,
            ItemState::Todo | ItemState::Skipped { .. } => ItemState::Done,
        }
    }

    /// The state a skip leads to: todo becomes skipped and skipped todo again. A done item
    /// keeps its tick (`None`): skipping must never forget that something was done.
    pub fn skip_toggled(&self) -> Option<ItemState> {
        match self {
            ItemState::Todo => Some(ItemState::Skipped { reason: None }),
            ItemState::Skipped { .. } => Some(ItemState::Todo),
            ItemState::Done => None,
        }
    }

    /// An order for breaking timestamp ties, so merging is the same whichever side is first.
    fn rank(&self) -> (u8, Option<&str>) {
        match self {
            ItemState::Todo => (0, None),
            ItemState::Skipped { reason } => (1, reason.as_deref()),
            ItemState::Done => (2, None),
        }
    }
}

/// The keys [`ItemState`] reads and writes inside an [`Entry`]: they are not unknown fields.
const STATE_KEYS: [&str; 2] = ["state", "reason"];

/// Fields onramp does not know, kept as they were read and written back on every save: a
/// newer onramp or another tool may have put them there.
pub type Unknown = BTreeMap<String, Value>;

/// The last change to one item. An item set back to todo keeps its entry, so that an older
/// "done" elsewhere cannot win a merge against the newer "todo".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(flatten)]
    pub state: ItemState,
    /// When the state was set: for a done item, when it was done.
    pub at: DateTime<Utc>,
    /// The item's text when the state was set, to show an item that has left the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(
        flatten,
        deserialize_with = "unknown_entry_fields",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub extra: Unknown,
}

/// The flattened `state` sees every field the struct does not name, and so does `extra`:
/// leave the state's own keys to the state, or a save would write them twice.
fn unknown_entry_fields<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Unknown, D::Error> {
    let mut extra = Unknown::deserialize(d)?;
    for key in STATE_KEYS {
        extra.remove(key);
    }
    Ok(extra)
}

impl Entry {
    /// When the item was done, if it is done.
    pub fn done_at(&self) -> Option<DateTime<Utc>> {
        matches!(self.state, ItemState::Done).then_some(self.at)
    }

    /// True when `self` is the later change (ties broken by state, then text).
    fn wins_over(&self, other: &Entry) -> bool {
        (self.at, self.state.rank(), &self.text) > (other.at, other.state.rank(), &other.text)
    }
}

/// The start date, with when it was set, so the latest setting wins a merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartDate {
    /// `None` after the date was cleared.
    pub date: Option<NaiveDate>,
    pub at: DateTime<Utc>,
}

/// A bookmark or its removal, with when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    pub on: bool,
    pub at: DateTime<Utc>,
}

/// Everything in `progress.json` (the current schema, without its version field).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<StartDate>,
    /// checklist id → item id → its last change.
    #[serde(default)]
    pub checklists: BTreeMap<String, BTreeMap<String, Entry>>,
    /// document id → when it was last read.
    #[serde(default)]
    pub recent: BTreeMap<String, DateTime<Utc>>,
    /// document id → bookmark state.
    #[serde(default)]
    pub bookmarks: BTreeMap<String, Bookmark>,
    /// Top-level fields onramp does not know (the schema's `version` is not one of them).
    #[serde(flatten, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: Unknown,
}

impl Progress {
    pub fn entry(&self, checklist: &str, item: &str) -> Option<&Entry> {
        self.checklists.get(checklist)?.get(item)
    }

    pub fn start_date(&self) -> Option<NaiveDate> {
        self.start.as_ref().and_then(|s| s.date)
    }

    /// Records a change to an item at `now`. The change always gets a time later than the
    /// entry it replaces, so it wins merges even if the clock stepped back.
    pub fn set(
        &mut self,
        checklist: &str,
        item: &str,
        state: ItemState,
        text: Option<&str>,
        now: DateTime<Utc>,
    ) {
        let items = self.checklists.entry(checklist.to_string()).or_default();
        let previous = items.get(item);
        let at = later_than(previous.map(|e| e.at), now);
        let text = text
            .map(str::to_string)
            .or_else(|| previous.and_then(|e| e.text.clone()));
        let extra = previous.map(|e| e.extra.clone()).unwrap_or_default();
        items.insert(
            item.to_string(),
            Entry {
                state,
                at,
                text,
                extra,
            },
        );
    }

    pub fn set_start(&mut self, date: Option<NaiveDate>, now: DateTime<Utc>) {
        let at = later_than(self.start.as_ref().map(|s| s.at), now);
        self.start = Some(StartDate { date, at });
    }

    pub fn set_bookmark(&mut self, doc: &str, on: bool, now: DateTime<Utc>) {
        let at = later_than(self.bookmarks.get(doc).map(|b| b.at), now);
        self.bookmarks.insert(doc.to_string(), Bookmark { on, at });
    }

    pub fn note_read(&mut self, doc: &str, now: DateTime<Utc>) {
        let at = later_than(self.recent.get(doc).copied(), now);
        self.recent.insert(doc.to_string(), at);
        self.trim_recent();
    }

    /// Recently read document ids, newest first.
    pub fn recent(&self) -> Vec<&str> {
        let mut list: Vec<(&DateTime<Utc>, &str)> = self
            .recent
            .iter()
            .map(|(id, at)| (at, id.as_str()))
            .collect();
        list.sort_by(|a, b| b.cmp(a));
        list.into_iter().map(|(_, id)| id).collect()
    }

    /// Bookmarked document ids, newest first.
    pub fn bookmarks(&self) -> Vec<&str> {
        let mut list: Vec<(&DateTime<Utc>, &str)> = self
            .bookmarks
            .iter()
            .filter(|(_, b)| b.on)
            .map(|(id, b)| (&b.at, id.as_str()))
            .collect();
        list.sort_by(|a, b| b.cmp(a));
        list.into_iter().map(|(_, id)| id).collect()
    }

    /// Merges `other` into `self`: every entry of either side is kept, and where both have
    /// one, the later change wins. The result does not depend on which side is `self`, except
    /// for an unknown top-level field both hold with different values: `other`'s wins, since
    /// onramp never changes those and `other` is the copy just read from disk.
    pub fn merge(&mut self, other: &Progress) {
        for (key, value) in &other.extra {
            self.extra.insert(key.clone(), value.clone());
        }
        for (checklist, theirs) in &other.checklists {
            let ours = self.checklists.entry(checklist.clone()).or_default();
            for (item, entry) in theirs {
                match ours.get(item) {
                    Some(mine) if !entry.wins_over(mine) => {}
                    _ => {
                        ours.insert(item.clone(), entry.clone());
                    }
                }
            }
        }
        match (&self.start, &other.start) {
            (Some(mine), Some(theirs)) if later(theirs.at, &theirs.date, mine.at, &mine.date) => {
                self.start.clone_from(&other.start);
            }
            (None, Some(_)) => self.start.clone_from(&other.start),
            _ => {}
        }
        for (doc, at) in &other.recent {
            let mine = self.recent.entry(doc.clone()).or_insert(*at);
            *mine = (*mine).max(*at);
        }
        self.trim_recent();
        for (doc, theirs) in &other.bookmarks {
            match self.bookmarks.get(doc) {
                Some(mine) if !later(theirs.at, &theirs.on, mine.at, &mine.on) => {}
                _ => {
                    self.bookmarks.insert(doc.clone(), theirs.clone());
                }
            }
        }
    }

    fn trim_recent(&mut self) {
        if self.recent.len() <= RECENT_LIMIT {
            return;
        }
        let keep: Vec<String> = self
            .recent()
            .into_iter()
            .take(RECENT_LIMIT)
            .map(str::to_string)
            .collect();
        self.recent.retain(|id, _| keep.contains(id));
    }
}

fn later<T: Ord>(a_at: DateTime<Utc>, a: &T, b_at: DateTime<Utc>, b: &T) -> bool {
    (a_at, a) > (b_at, b)
}

fn later_than(previous: Option<DateTime<Utc>>, now: DateTime<Utc>) -> DateTime<Utc> {
    match previous {
        Some(p) if p >= now => p + TimeDelta::microseconds(1),
        _ => now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn t(s: u32) -> DateTime<Utc> {
        format!("2026-11-27T10:00:{s:02}Z").parse().unwrap()
    }

    fn one(state: ItemState, at: u32) -> Progress {
        let mut p = Progress::default();
        p.checklists.entry("cl".into()).or_default().insert(
            "a".into(),
            Entry {
                state,
                at: t(at),
                text: None,
                extra: Unknown::new(),
            },
        );
        p
    }

    fn skipped(reason: &str) -> ItemState {
        ItemState::Skipped {
            reason: Some(reason.into()),
        }
    }

    #[rstest]
    #[case::newer_done_wins(one(ItemState::Done, 2), one(ItemState::Todo, 1), ItemState::Done)]
    #[case::newer_todo_wins(one(ItemState::Done, 1), one(ItemState::Todo, 2), ItemState::Todo)]
    #[case::newer_skip_wins(one(ItemState::Done, 1), one(skipped("n/a"), 3), skipped("n/a"))]
    #[case::tie_is_stable(one(ItemState::Todo, 5), one(ItemState::Done, 5), ItemState::Done)]
    #[case::tie_on_reason(one(skipped("a"), 5), one(skipped("b"), 5), skipped("b"))]
    fn merge_latest_change_wins(
        #[case] a: Progress,
        #[case] b: Progress,
        #[case] expected: ItemState,
    ) {
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab.entry("cl", "a").unwrap().state, expected);
        assert_eq!(ab, ba, "merge must not depend on the order");
    }

    #[test]
    fn merge_keeps_every_entry() {
        let mut a = Progress::default();
        let mut b = Progress::default();
        for i in 0..10 {
            a.set("cl", &format!("a{i}"), ItemState::Done, None, t(1));
            b.set("cl", &format!("b{i}"), ItemState::Done, None, t(1));
        }
        b.set("other", "x", ItemState::Todo, Some("X"), t(2));
        a.merge(&b);
        assert_eq!(a.checklists["cl"].len(), 20);
        assert_eq!(a.entry("other", "x").unwrap().text.as_deref(), Some("X"));
        // Merging with an empty copy (a fresh start) drops nothing.
        let before = a.clone();
        a.merge(&Progress::default());
        assert_eq!(a, before);
    }

    #[test]
    fn a_change_is_later_than_the_one_it_replaces() {
        let mut p = Progress::default();
        p.set("cl", "a", ItemState::Done, Some("A"), t(5));
        // The clock stepped back: the new change must still win.
        p.set("cl", "a", ItemState::Todo, None, t(1));
        let e = p.entry("cl", "a").unwrap();
        assert_eq!(e.state, ItemState::Todo);
        assert!(e.at > t(5));
        assert_eq!(e.text.as_deref(), Some("A"), "text is kept");
        let mut old = one(ItemState::Done, 5);
        old.merge(&p);
        assert_eq!(old.entry("cl", "a").unwrap().state, ItemState::Todo);
    }

    #[test]
    fn start_bookmarks_and_recent_merge() {
        let mut a = Progress::default();
        let mut b = Progress::default();
        a.set_start(Some("2026-11-02".parse().unwrap()), t(1));
        b.set_start(Some("2026-11-09".parse().unwrap()), t(2));
        a.set_bookmark("x", true, t(3));
        b.set_bookmark("x", false, t(4));
        b.set_bookmark("y", true, t(1));
        a.note_read("d1", t(1));
        b.note_read("d1", t(5));
        b.note_read("d2", t(3));
        a.merge(&b);
        assert_eq!(a.start_date(), Some("2026-11-09".parse().unwrap()));
        assert_eq!(a.bookmarks(), ["y"]);
        assert_eq!(a.recent(), ["d1", "d2"]);
        assert!(!a.bookmarks["x"].on);
    }

    #[test]
    fn recent_is_capped() {
        let mut p = Progress::default();
        for i in 0..(RECENT_LIMIT as u32 + 5) {
            p.note_read(&format!("d{i}"), t(0) + TimeDelta::seconds(i64::from(i)));
        }
        assert_eq!(p.recent.len(), RECENT_LIMIT);
        assert_eq!(p.recent()[0], format!("d{}", RECENT_LIMIT + 4));
    }

    #[test]
    fn unknown_fields_survive_a_round_trip_and_a_change() {
        let json = serde_json::json!({
            "checklists": {"cl": {"a": {
                "state": "skipped", "reason": "remote", "at": "2026-11-27T10:00:01Z",
                "by": "mentor", "note": {"x": 1}
            }}},
            "recent": {},
            "bookmarks": {},
            "team": "infra"
        });
        let mut p: Progress = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(p.extra["team"], "infra");
        let entry = p.entry("cl", "a").unwrap();
        assert_eq!(entry.state, skipped("remote"));
        assert_eq!(entry.extra.keys().collect::<Vec<_>>(), ["by", "note"]);
        assert_eq!(serde_json::to_value(&p).unwrap(), json);
        p.set("cl", "a", ItemState::Done, None, t(9));
        let after = serde_json::to_value(&p).unwrap();
        assert_eq!(after["checklists"]["cl"]["a"]["by"], "mentor");
        assert_eq!(after["team"], "infra");
    }

    #[test]
    fn state_keys_are_the_only_keys_item_states_write() {
        for state in [ItemState::Todo, ItemState::Done, skipped("why")] {
            let Value::Object(map) = serde_json::to_value(&state).unwrap() else {
                panic!()
            };
            for key in map.keys() {
                assert!(STATE_KEYS.contains(&key.as_str()), "{key}");
            }
        }
    }

    #[test]
    fn entry_json_shape() {
        let mut p = Progress::default();
        p.set("cl", "a", skipped("remote"), Some("Badge"), t(1));
        let json = serde_json::to_value(&p.checklists).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"cl": {"a": {
                "state": "skipped", "reason": "remote", "at": "2026-11-27T10:00:01Z", "text": "Badge"
            }}})
        );
    }
}
