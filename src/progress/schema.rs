//! The on-disk format of `progress.json`: an integer `version`, read in two steps (a probe
//! for the version, then the matching layout), with older layouts migrated forward in code.
//! Bytes in, [`Decoded`] out; no IO.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::model::{ItemState, Progress, StartDate};

/// The schema version this onramp writes.
pub const CURRENT_VERSION: u32 = 2;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What a progress file's bytes turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded {
    /// A file this onramp reads, migrated to the current layout if it was older.
    Ok {
        progress: Progress,
        from_version: u32,
    },
    /// A file written by a newer onramp: to be read as far as possible and never written.
    Newer { version: u32, progress: Progress },
    /// Not a progress file onramp can read. `salvaged` holds what could still be read from it
    /// (a valid file behind a byte-order mark); the bytes must be kept aside either way.
    Corrupt {
        reason: String,
        salvaged: Option<Progress>,
    },
}

/// Reads a progress file's bytes.
pub fn decode(bytes: &[u8]) -> Decoded {
    if bytes.is_empty() {
        return corrupt("the file is empty");
    }
    if let Some(rest) = bytes.strip_prefix(BOM) {
        // JSON files must not start with a BOM; an editor added it. Keep the file aside as
        // it is, but carry on with what it says rather than with nothing.
        let salvaged = match decode(rest) {
            Decoded::Ok { progress, .. } => Some(progress),
            _ => None,
        };
        return Decoded::Corrupt {
            reason: "the file starts with a byte-order mark".to_string(),
            salvaged,
        };
    }
    let probe: Probe = match serde_json::from_slice(bytes) {
        Ok(p) => p,
        Err(e) => return corrupt(&format!("not a progress file: {e}")),
    };
    let parsed = match probe.version {
        1 => serde_json::from_slice::<V1>(bytes).map(V1::migrate),
        CURRENT_VERSION => current_layout(bytes),
        v if v > CURRENT_VERSION => {
            // Newer files add fields; what this version knows is usually still readable.
            let progress = current_layout(bytes).unwrap_or_default();
            return Decoded::Newer {
                version: v,
                progress,
            };
        }
        v => return corrupt(&format!("unknown schema version {v}")),
    };
    match parsed {
        Ok(progress) => Decoded::Ok {
            progress,
            from_version: probe.version,
        },
        Err(e) => corrupt(&format!(
            "does not match schema version {}: {e}",
            probe.version
        )),
    }
}

/// The bytes of a progress file in the current layout (pretty JSON, final newline).
pub fn encode(progress: &Progress) -> Vec<u8> {
    #[derive(Serialize)]
    struct File<'a> {
        version: u32,
        #[serde(flatten)]
        progress: &'a Progress,
    }
    let mut bytes = serde_json::to_vec_pretty(&File {
        version: CURRENT_VERSION,
        progress,
    })
    .expect("progress serialises: all keys are strings");
    bytes.push(b'\n');
    bytes
}

/// The current layout. `version` is the file's, not an unknown field: [`encode`] writes its
/// own.
fn current_layout(bytes: &[u8]) -> Result<Progress, serde_json::Error> {
    let mut progress = serde_json::from_slice::<Progress>(bytes)?;
    progress.extra.remove("version");
    Ok(progress)
}

fn corrupt(reason: &str) -> Decoded {
    Decoded::Corrupt {
        reason: reason.to_string(),
        salvaged: None,
    }
}

/// Just enough to pick the layout: a JSON object with an integer `version`.
#[derive(Deserialize)]
struct Probe {
    version: u32,
}

/// Version 1: done flags only, no skipped state, no bookmarks or recent documents.
#[derive(Deserialize)]
struct V1 {
    #[serde(default)]
    start: Option<NaiveDate>,
    #[serde(default)]
    checklists: BTreeMap<String, BTreeMap<String, V1Item>>,
}

#[derive(Deserialize)]
struct V1Item {
    done: bool,
    at: DateTime<Utc>,
}

impl V1 {
    fn migrate(self) -> Progress {
        let newest = self
            .checklists
            .values()
            .flat_map(|items| items.values().map(|i| i.at))
            .max()
            .unwrap_or(DateTime::UNIX_EPOCH);
        let mut progress = Progress {
            // V1 kept no time for the start date; its newest change is the best guess.
            start: self.start.map(|date| StartDate {
                date: Some(date),
                at: newest,
            }),
            ..Progress::default()
        };
        for (checklist, items) in self.checklists {
            for (item, v1) in items {
                let state = if v1.done {
                    ItemState::Done
                } else {
                    ItemState::Todo
                };
                progress.set(&checklist, &item, state, None, v1.at);
            }
        }
        progress
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn round_trip() {
        let mut p = Progress::default();
        let now: DateTime<Utc> = "2026-11-27T10:00:00.123456789Z".parse().unwrap();
        p.set("cl", "a", ItemState::Done, Some("A"), now);
        p.set(
            "cl",
            "b",
            ItemState::Skipped {
                reason: Some("remote".into()),
            },
            None,
            now,
        );
        p.set("other", "c", ItemState::Todo, None, now);
        p.set_start(Some("2026-11-02".parse().unwrap()), now);
        p.set_bookmark("guides/x", true, now);
        p.note_read("guides/y", now);
        let bytes = encode(&p);
        assert_eq!(
            decode(&bytes),
            Decoded::Ok {
                progress: p,
                from_version: CURRENT_VERSION
            }
        );
        assert!(
            String::from_utf8(bytes)
                .unwrap()
                .starts_with("{\n  \"version\": 2,")
        );
    }

    #[test]
    fn migrates_version_1() {
        let v1 = br#"{"version": 1, "start": "2026-11-02",
            "checklists": {"checklists/first-week": {
                "phone": {"done": true, "at": "2026-11-03T09:00:00Z"},
                "badge": {"done": false, "at": "2026-11-04T09:00:00Z"}}}}"#;
        let Decoded::Ok {
            progress,
            from_version,
        } = decode(v1)
        else {
            panic!("{:?}", decode(v1));
        };
        assert_eq!(from_version, 1);
        let phone = progress.entry("checklists/first-week", "phone").unwrap();
        assert_eq!(phone.state, ItemState::Done);
        assert_eq!(
            phone.done_at(),
            Some("2026-11-03T09:00:00Z".parse().unwrap())
        );
        let badge = progress.entry("checklists/first-week", "badge").unwrap();
        assert_eq!(badge.state, ItemState::Todo);
        assert_eq!(progress.start_date(), Some("2026-11-02".parse().unwrap()));
        // And it is written back in the current layout.
        assert!(matches!(
            decode(&encode(&progress)),
            Decoded::Ok {
                from_version: CURRENT_VERSION,
                ..
            }
        ));
    }

    #[test]
    fn unknown_fields_are_written_back_once() {
        let bytes = br#"{"version": 2, "team": {"name": "infra"},
            "checklists": {"cl": {"a": {"state": "done", "at": "2026-11-27T10:00:00Z", "by": "me"}}}}"#;
        let Decoded::Ok { progress, .. } = decode(bytes) else {
            panic!("{:?}", decode(bytes));
        };
        let text = String::from_utf8(encode(&progress)).unwrap();
        assert_eq!(text.matches("\"version\"").count(), 1, "{text}");
        assert_eq!(text.matches("\"state\"").count(), 1, "{text}");
        let again: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(again["team"]["name"], "infra");
        assert_eq!(again["checklists"]["cl"]["a"]["by"], "me");
    }

    #[test]
    fn crlf_is_fine() {
        let bytes = b"{\r\n  \"version\": 2,\r\n  \"checklists\": {}\r\n}\r\n";
        assert!(matches!(decode(bytes), Decoded::Ok { .. }));
    }

    #[test]
    fn newer_version_is_read_but_flagged() {
        let bytes = br#"{"version": 9, "checklists": {"cl": {"a": {"state": "done", "at": "2026-11-27T10:00:00Z"}}}, "future": [1]}"#;
        let Decoded::Newer { version, progress } = decode(bytes) else {
            panic!()
        };
        assert_eq!(version, 9);
        assert_eq!(progress.entry("cl", "a").unwrap().state, ItemState::Done);
    }

    #[test]
    fn bom_is_corrupt_but_salvaged() {
        let mut bytes = BOM.to_vec();
        bytes.extend_from_slice(
            br#"{"version": 2, "start": {"date": "2026-11-02", "at": "2026-11-02T00:00:00Z"}}"#,
        );
        let Decoded::Corrupt { reason, salvaged } = decode(&bytes) else {
            panic!()
        };
        assert!(reason.contains("byte-order mark"));
        assert_eq!(
            salvaged.unwrap().start_date(),
            Some("2026-11-02".parse().unwrap())
        );
    }

    #[rstest]
    #[case::empty(b"")]
    #[case::truncated(br#"{"version": 2, "checklists": {"cl": {"a": {"sta"#)]
    #[case::junk(b"\x00\x9f\xff\xfe garbage \x01")]
    #[case::not_an_object(b"[1, 2, 3]")]
    #[case::no_version(br#"{"checklists": {}}"#)]
    #[case::string_version(br#"{"version": "2"}"#)]
    #[case::version_zero(br#"{"version": 0}"#)]
    #[case::wrong_types(br#"{"version": 2, "checklists": [1, 2]}"#)]
    #[case::bad_state(br#"{"version": 2, "checklists": {"cl": {"a": {"state": "maybe", "at": "2026-11-27T10:00:00Z"}}}}"#)]
    #[case::raw_crlf_in_string(b"{\"version\": 2, \"checklists\": {\"c\r\nl\": {}}}")]
    #[case::bom_and_junk(b"\xEF\xBB\xBFnot json")]
    #[case::v1_wrong_shape(br#"{"version": 1, "checklists": {"cl": {"a": true}}}"#)]
    fn corrupt_files(#[case] bytes: &[u8]) {
        assert!(
            matches!(decode(bytes), Decoded::Corrupt { salvaged: None, .. }),
            "{:?}",
            decode(bytes)
        );
    }
}
