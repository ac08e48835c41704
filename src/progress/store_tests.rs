use std::fs;

use super::*;

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn missing_file_is_empty_and_nothing_is_created() {
    let d = dir();
    let data = d.path().join("data");
    let store = Store::open(&data).unwrap();
    assert!(store.progress().checklists.is_empty());
    assert!(!data.exists());
}

#[test]
fn a_change_is_saved_at_once() {
    let d = dir();
    let mut store = Store::open(d.path()).unwrap();
    store
        .set_state_with_text("cl", "a", ItemState::Done, Some("Item A"))
        .unwrap();
    assert!(!store.has_unsaved());
    let again = Store::open(d.path()).unwrap();
    let entry = again.entry("cl", "a").unwrap();
    assert_eq!(entry.state, ItemState::Done);
    assert_eq!(entry.text.as_deref(), Some("Item A"));
    assert!(d.path().join("progress.json.lock").exists());
}

#[test]
fn states_are_saved_at_once_and_read_back() {
    let d = dir();
    let mut store = Store::open(d.path()).unwrap();
    store.set_state("cl", "a", ItemState::Done).unwrap();
    assert_eq!(
        Store::open(d.path()).unwrap().state("cl", "a"),
        ItemState::Done
    );
    store.set_state("cl", "a", ItemState::Todo).unwrap();
    assert_eq!(
        Store::open(d.path()).unwrap().state("cl", "a"),
        ItemState::Todo
    );
    store
        .set_state("cl", "a", ItemState::Skipped { reason: None })
        .unwrap();
    store.set_state("cl", "a", ItemState::Done).unwrap();
    assert_eq!(
        Store::open(d.path()).unwrap().state("cl", "a"),
        ItemState::Done
    );
}

#[test]
fn two_stores_saving_keep_each_others_changes() {
    let d = dir();
    let mut a = Store::open(d.path()).unwrap();
    let mut b = Store::open(d.path()).unwrap();
    a.set_state("cl", "a", ItemState::Done).unwrap();
    b.set_state("cl", "b", ItemState::Done).unwrap();
    b.set_start_date(Some("2026-11-02".parse().unwrap()))
        .unwrap();
    a.set_bookmark("guides/x", true).unwrap();
    a.note_read("guides/y").unwrap();
    let c = Store::open(d.path()).unwrap();
    assert_eq!(c.state("cl", "a"), ItemState::Done);
    assert_eq!(c.state("cl", "b"), ItemState::Done);
    assert_eq!(c.start_date(), Some("2026-11-02".parse().unwrap()));
    assert_eq!(c.bookmarks(), ["guides/x"]);
    assert_eq!(c.recent(), ["guides/y"]);
    assert!(c.is_bookmarked("guides/x"));
    // `a` picks up `b`'s changes when it saves, and on reload.
    assert_eq!(a.state("cl", "b"), ItemState::Done);
}

#[test]
fn a_later_untick_wins_over_an_earlier_tick_elsewhere() {
    let d = dir();
    let mut a = Store::open(d.path()).unwrap();
    let mut b = Store::open(d.path()).unwrap();
    a.set_state("cl", "x", ItemState::Done).unwrap();
    b.reload().unwrap();
    b.set_state("cl", "x", ItemState::Todo).unwrap();
    // `a` still has its old "done" in memory; saving it must not bring it back.
    a.set_state("cl", "other", ItemState::Done).unwrap();
    assert_eq!(
        Store::open(d.path()).unwrap().state("cl", "x"),
        ItemState::Todo
    );
}

#[test]
fn corrupt_file_is_moved_aside_on_open() {
    let d = dir();
    let file = d.path().join(FILE_NAME);
    fs::write(&file, b"{\"version\": 2, \"checklists\": {").unwrap();
    let store = Store::open(d.path()).unwrap();
    let [
        Notice::KeptAside {
            aside, salvaged, ..
        },
    ] = store.notices()
    else {
        panic!("{:?}", store.notices());
    };
    assert!(!salvaged);
    assert_eq!(
        fs::read(aside).unwrap(),
        b"{\"version\": 2, \"checklists\": {"
    );
    assert!(!file.exists(), "continues from empty, writes nothing yet");
    assert!(
        store.notices()[0]
            .to_string()
            .contains("progress starts again from empty")
    );
}

#[test]
fn bom_file_is_kept_aside_and_its_contents_saved_again() {
    let d = dir();
    let file = d.path().join(FILE_NAME);
    let mut p = Progress::default();
    p.set("cl", "a", ItemState::Done, None, Utc::now());
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(schema::encode(&p));
    fs::write(&file, &bytes).unwrap();
    let store = Store::open(d.path()).unwrap();
    assert_eq!(store.state("cl", "a"), ItemState::Done);
    let again = Store::open(d.path()).unwrap();
    assert!(again.notices().is_empty());
    assert_eq!(again.state("cl", "a"), ItemState::Done);
}

#[test]
fn newer_file_is_read_only() {
    let d = dir();
    let file = d.path().join(FILE_NAME);
    let bytes = br#"{"version": 7, "checklists": {"cl": {"a": {"state": "done", "at": "2026-11-27T10:00:00Z"}}}}"#;
    fs::write(&file, bytes).unwrap();
    let mut store = Store::open(d.path()).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.state("cl", "a"), ItemState::Done);
    let err = store.set_state("cl", "b", ItemState::Done).unwrap_err();
    assert!(
        matches!(err, ProgressError::Newer { found: 7, .. }),
        "{err}"
    );
    assert_eq!(store.state("cl", "b"), ItemState::Todo, "memory unchanged");
    assert!(store.save().is_err());
    assert_eq!(fs::read(&file).unwrap(), bytes);
}

#[test]
fn a_file_turning_newer_before_a_save_is_not_overwritten() {
    let d = dir();
    let mut store = Store::open(d.path()).unwrap();
    let bytes = br#"{"version": 3}"#;
    fs::write(d.path().join(FILE_NAME), bytes).unwrap();
    assert!(store.set_state("cl", "a", ItemState::Done).is_err());
    assert!(store.is_read_only());
    assert_eq!(fs::read(d.path().join(FILE_NAME)).unwrap(), bytes);
}

#[test]
fn failed_save_keeps_the_change_in_memory() {
    let d = dir();
    let data = d.path().join("data");
    fs::write(&data, b"a file").unwrap();
    let err = Store::open(&data).unwrap_err();
    assert!(err.to_string().contains("is not a folder"), "{err}");
    let mut store = Store::open_file(d.path().join("sub").join(FILE_NAME)).unwrap();
    fs::write(d.path().join("sub"), b"now a file").unwrap();
    let err = store.set_state("cl", "a", ItemState::Done).unwrap_err();
    assert!(err.to_string().contains("sub"), "{err}");
    assert!(store.has_unsaved());
    assert_eq!(store.state("cl", "a"), ItemState::Done);
    fs::remove_file(d.path().join("sub")).unwrap();
    store.save().unwrap();
    assert!(!store.has_unsaved());
}
