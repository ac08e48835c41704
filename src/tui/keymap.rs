//! Key bindings as data: parsing key names (`ctrl-c`, `g g`, `?`), the embedded default
//! keymap and the user's overrides, and finding the action for a key in a set of contexts.
//! Never decides what an action does.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use super::action::Action;

const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// Where a binding applies. Lookups go through a screen's contexts in order, then `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Context {
    Global,
    Home,
    Search,
    Reader,
    Checklists,
    List,
    Input,
    Confirm,
    Help,
}

impl Context {
    pub const ALL: [Context; 9] = [
        Context::Global,
        Context::Home,
        Context::Search,
        Context::Reader,
        Context::Checklists,
        Context::List,
        Context::Input,
        Context::Confirm,
        Context::Help,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Home => "home",
            Context::Search => "search",
            Context::Reader => "reader",
            Context::Checklists => "checklists",
            Context::List => "list",
            Context::Input => "input",
            Context::Confirm => "confirm",
            Context::Help => "help",
        }
    }
}

/// One key press as a keymap names it: a code and the modifiers that matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyInput {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

/// A key name that onramp does not understand.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a key (examples: q, ctrl-c, shift-tab, enter, f5, \"g g\")")]
pub struct BadKey(pub String);

impl KeyInput {
    /// The key as crossterm reports it, normalised so that `G` and `shift-g` are the same
    /// key and Shift-Tab is `backtab` on every terminal.
    pub fn from_event(event: KeyEvent) -> KeyInput {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::SHIFT) => {
                KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
            }
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        if !matches!(code, KeyCode::Char(_)) {
            modifiers |= event.modifiers & KeyModifiers::SHIFT;
            if code == KeyCode::BackTab {
                modifiers -= KeyModifiers::SHIFT;
            }
        }
        KeyInput { code, modifiers }
    }

    /// True for a key that types a character into a text field.
    pub fn is_text(self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }
}

impl FromStr for KeyInput {
    type Err = BadKey;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadKey(s.to_string());
        if s.is_empty() {
            return Err(bad());
        }
        // `-` alone (and `ctrl--`) is a key, so split modifiers off from the left only.
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (prefix, m) = if lower.starts_with("ctrl-") && rest.len() > 5 {
                (5, KeyModifiers::CONTROL)
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                (4, KeyModifiers::ALT)
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                (6, KeyModifiers::SHIFT)
            } else {
                break;
            };
            modifiers |= m;
            rest = &rest[prefix..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" | "cr" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" | "bs" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" | "ins" => KeyCode::Insert,
                "space" => KeyCode::Char(' '),
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                "minus" => KeyCode::Char('-'),
                f if f.starts_with('f') => {
                    let n: u8 = f[1..].parse().map_err(|_| bad())?;
                    if !(1..=24).contains(&n) {
                        return Err(bad());
                    }
                    KeyCode::F(n)
                }
                _ => return Err(bad()),
            },
        };
        let event = KeyEvent::new(code, modifiers);
        Ok(KeyInput::from_event(event))
    }
}

impl fmt::Display for KeyInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// A key or a sequence of keys, like `g g`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeySeq(pub Vec<KeyInput>);

impl FromStr for KeySeq {
    type Err = BadKey;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // A lone space is the space key, not an empty sequence.
        if s == " " {
            return Ok(KeySeq(vec![KeyInput {
                code: KeyCode::Char(' '),
                modifiers: KeyModifiers::NONE,
            }]));
        }
        let keys = s
            .split_whitespace()
            .map(KeyInput::from_str)
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(BadKey(s.to_string()));
        }
        Ok(KeySeq(keys))
    }
}

impl fmt::Display for KeySeq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join(" "))
    }
}

/// One entry of the keymap.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub keys: Vec<KeySeq>,
    pub action: Action,
    pub desc: String,
    /// Shown in the status bar.
    pub hint: bool,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawOn {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
struct RawBinding {
    on: RawOn,
    run: toml::Value,
    #[serde(default)]
    desc: String,
    #[serde(default)]
    hint: bool,
}

/// The bindings of every context.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    contexts: HashMap<Context, Vec<Binding>>,
}

/// What a key press means so far.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    Action(Action),
    /// The start of a longer sequence (like the first `g` of `g g`): wait for the next key.
    Pending,
    None,
}

impl Keymap {
    /// The embedded defaults. They are tested, so a problem here is a build mistake.
    pub fn defaults() -> Keymap {
        let (map, problems) = Keymap::parse(DEFAULT_KEYMAP, "the built-in keymap");
        debug_assert!(problems.is_empty(), "{problems:?}");
        map
    }

    /// The defaults with the user's file on top. Problems in the user's file are returned
    /// for the status line; the entries that are fine still apply.
    pub fn load(user_file: &Path) -> (Keymap, Vec<String>) {
        let mut map = Keymap::defaults();
        let text = match std::fs::read_to_string(user_file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (map, Vec::new()),
            Err(e) => {
                return (
                    map,
                    vec![format!("cannot read {}: {e}", user_file.display())],
                );
            }
        };
        let (user, problems) = Keymap::parse(&text, &user_file.display().to_string());
        map.overlay(user);
        (map, problems)
    }

    /// Parses keymap TOML, keeping the good entries and describing the bad ones.
    pub fn parse(text: &str, origin: &str) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        let table: toml::Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{origin} does not parse: {}", e.message()));
                return (map, problems);
            }
        };
        for (section, entries) in table {
            let Some(context) = Context::ALL.into_iter().find(|c| c.name() == section) else {
                problems.push(format!("{origin}: unknown screen `{section}`"));
                continue;
            };
            let Some(entries) = entries.as_array() else {
                problems.push(format!(
                    "{origin}: `{section}` must be a list of [[{section}]] entries"
                ));
                continue;
            };
            for (i, entry) in entries.iter().enumerate() {
                match parse_binding(entry) {
                    Ok(b) => map.contexts.entry(context).or_default().push(b),
                    Err(e) => problems.push(format!("{origin}: [[{section}]] #{}: {e}", i + 1)),
                }
            }
        }
        (map, problems)
    }

    /// Puts `user` in front: a user key replaces the same key in the same context.
    fn overlay(&mut self, user: Keymap) {
        for (context, bindings) in user.contexts {
            let existing = self.contexts.entry(context).or_default();
            for b in &bindings {
                for seq in &b.keys {
                    for old in existing.iter_mut() {
                        old.keys.retain(|k| k != seq);
                    }
                }
            }
            existing.retain(|b| !b.keys.is_empty());
            let mut merged = bindings;
            merged.append(existing);
            *existing = merged;
        }
    }

    pub fn bindings(&self, context: Context) -> &[Binding] {
        self.contexts.get(&context).map_or(&[], Vec::as_slice)
    }

    /// The action for the keys typed so far (`pressed`, oldest first) in `contexts`.
    pub fn lookup(&self, contexts: &[Context], pressed: &[KeyInput]) -> Lookup {
        let mut pending = false;
        for &context in contexts {
            for binding in self.bindings(context) {
                for seq in &binding.keys {
                    if seq.0 == pressed {
                        return Lookup::Action(binding.action.clone());
                    }
                    if seq.0.len() > pressed.len() && seq.0.starts_with(pressed) {
                        pending = true;
                    }
                }
            }
        }
        if pending {
            Lookup::Pending
        } else {
            Lookup::None
        }
    }

    /// The first key bound to `action` in `contexts`, for hints like "press / to search".
    pub fn key_for(&self, contexts: &[Context], action: &Action) -> Option<&KeySeq> {
        contexts.iter().find_map(|&c| {
            self.bindings(c)
                .iter()
                .find(|b| &b.action == action)
                .and_then(|b| b.keys.first())
        })
    }
}

fn parse_binding(entry: &toml::Value) -> Result<Binding, String> {
    let raw: RawBinding = entry.clone().try_into().map_err(|e: toml::de::Error| {
        format!(
            "{} (expected {{ on = \"key\", run = \"Action\" }})",
            e.message()
        )
    })?;
    let names = match raw.on {
        RawOn::One(s) => vec![s],
        RawOn::Many(v) => v,
    };
    if names.is_empty() {
        return Err("`on` names no key".to_string());
    }
    let keys = names
        .iter()
        .map(|n| n.parse::<KeySeq>().map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let action: Action = raw
        .run
        .clone()
        .try_into()
        .map_err(|_| format!("`{}` is not an action onramp knows", raw.run))?;
    Ok(Binding {
        keys,
        action,
        desc: raw.desc,
        hint: raw.hint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyInput {
        KeyInput { code, modifiers }
    }

    #[rstest]
    #[case("q", key(KeyCode::Char('q'), KeyModifiers::NONE))]
    #[case("G", key(KeyCode::Char('G'), KeyModifiers::NONE))]
    #[case("shift-g", key(KeyCode::Char('G'), KeyModifiers::NONE))]
    #[case("ctrl-c", key(KeyCode::Char('c'), KeyModifiers::CONTROL))]
    #[case("Ctrl-C", key(KeyCode::Char('c'), KeyModifiers::CONTROL))]
    #[case("alt-enter", key(KeyCode::Enter, KeyModifiers::ALT))]
    #[case("shift-tab", key(KeyCode::BackTab, KeyModifiers::NONE))]
    #[case("backtab", key(KeyCode::BackTab, KeyModifiers::NONE))]
    #[case("space", key(KeyCode::Char(' '), KeyModifiers::NONE))]
    #[case("?", key(KeyCode::Char('?'), KeyModifiers::NONE))]
    #[case("-", key(KeyCode::Char('-'), KeyModifiers::NONE))]
    #[case("ctrl--", key(KeyCode::Char('-'), KeyModifiers::CONTROL))]
    #[case("f5", key(KeyCode::F(5), KeyModifiers::NONE))]
    #[case("pagedown", key(KeyCode::PageDown, KeyModifiers::NONE))]
    #[case("esc", key(KeyCode::Esc, KeyModifiers::NONE))]
    fn parses_key_names(#[case] name: &str, #[case] expected: KeyInput) {
        assert_eq!(name.parse::<KeyInput>(), Ok(expected));
    }

    #[rstest]
    #[case("")]
    #[case("ctrl-")]
    #[case("hyper-x")]
    #[case("f99")]
    #[case("enterr")]
    fn rejects_bad_key_names(#[case] name: &str) {
        assert!(name.parse::<KeyInput>().is_err(), "{name}");
    }

    #[rstest]
    #[case("g g", 2)]
    #[case("q", 1)]
    #[case(" ", 1)]
    #[case("ctrl-x ctrl-s", 2)]
    fn parses_sequences(#[case] name: &str, #[case] len: usize) {
        assert_eq!(name.parse::<KeySeq>().map(|s| s.0.len()), Ok(len));
    }

    #[rstest]
    #[case(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT), "G")]
    #[case(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::SHIFT), "G")]
    #[case(KeyEvent::new(KeyCode::Tab, KeyModifiers::SHIFT), "backtab")]
    #[case(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT), "backtab")]
    #[case(KeyEvent::new(KeyCode::Char('C'), KeyModifiers::CONTROL), "ctrl-c")]
    #[case(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT), "?")]
    fn events_match_their_names(#[case] event: KeyEvent, #[case] name: &str) {
        assert_eq!(KeyInput::from_event(event), name.parse().unwrap());
    }

    #[test]
    fn defaults_parse_without_problems() {
        let (map, problems) = Keymap::parse(DEFAULT_KEYMAP, "defaults");
        assert_eq!(problems, Vec::<String>::new());
        let q = [KeyInput::from_str("q").unwrap()];
        assert_eq!(
            map.lookup(&[Context::Home, Context::Global], &q),
            Lookup::Action(Action::Quit)
        );
        let g = KeyInput::from_str("g").unwrap();
        assert_eq!(map.lookup(&[Context::Global], &[g]), Lookup::Pending);
        assert_eq!(
            map.lookup(&[Context::Global], &[g, g]),
            Lookup::Action(Action::Top)
        );
        assert_eq!(
            map.lookup(&[Context::Reader], &[KeyInput::from_str("3").unwrap()]),
            Lookup::Action(Action::FollowLink(3))
        );
    }

    #[test]
    fn user_entries_win_and_bad_ones_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keymap.toml");
        std::fs::write(
            &file,
            "[[global]]\non = \"x\"\nrun = \"Quit\"\n\n[[global]]\non = \"q\"\nrun = \"OpenHome\"\n\n\
             [[global]]\non = \"hyper-z\"\nrun = \"Quit\"\n\n[[global]]\non = \"z\"\nrun = \"Explode\"\n\n\
             [[nowhere]]\non = \"z\"\nrun = \"Quit\"\n",
        )
        .unwrap();
        let (map, problems) = Keymap::load(&file);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("hyper-z")));
        assert!(problems.iter().any(|p| p.contains("Explode")));
        assert!(problems.iter().any(|p| p.contains("nowhere")));
        let lookup = |k: &str| map.lookup(&[Context::Global], &[k.parse().unwrap()]);
        assert_eq!(lookup("x"), Lookup::Action(Action::Quit));
        assert_eq!(lookup("q"), Lookup::Action(Action::OpenHome));
        assert_eq!(lookup("ctrl-c"), Lookup::Action(Action::Quit));
    }

    #[test]
    fn a_file_that_does_not_parse_keeps_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keymap.toml");
        std::fs::write(&file, "[[global]\n").unwrap();
        let (map, problems) = Keymap::load(&file);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            map.lookup(&[Context::Global], &["q".parse().unwrap()]),
            Lookup::Action(Action::Quit)
        );
    }
}
