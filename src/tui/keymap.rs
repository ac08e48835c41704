//! Key bindings as data: parsing key names (`ctrl-c`, `g g`, `?`), the embedded default
//! keymap and the user's overrides (each problem with its file and line), finding the action
//! for a key in a set of contexts, and writing a keymap back as TOML a user can copy into
//! `keymap.toml` (`onramp keys`). One rule holds whatever a user binds: Ctrl-C quits, on
//! every screen, so there is always a way out but a signal. Never decides what an action does.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::path::Path;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use serde::de::IntoDeserializer;
use strum::{EnumMessage, IntoEnumIterator};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

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
    Due,
    List,
    Browse,
    Input,
    Confirm,
    Help,
    /// The reader while a find has matches: `n` and `N` step through them.
    Find,
    /// The new-note prompt, on top of `Input`: choosing the template.
    Note,
}

impl Context {
    pub const ALL: [Context; 13] = [
        Context::Global,
        Context::Home,
        Context::Search,
        Context::Reader,
        Context::Checklists,
        Context::Due,
        Context::List,
        Context::Browse,
        Context::Input,
        Context::Confirm,
        Context::Help,
        Context::Find,
        Context::Note,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Home => "home",
            Context::Search => "search",
            Context::Reader => "reader",
            Context::Checklists => "checklists",
            Context::Due => "due",
            Context::List => "list",
            Context::Browse => "browse",
            Context::Input => "input",
            Context::Confirm => "confirm",
            Context::Help => "help",
            Context::Find => "find",
            Context::Note => "note",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Where the context's bindings apply, for `onramp keys`.
    pub fn describe(self) -> &'static str {
        match self {
            Context::Global => "every screen, unless the screen binds the same key",
            Context::Home => "the home screen",
            Context::Search => "the search box and its results",
            Context::Reader => "a page being read",
            Context::Checklists => "the checklists",
            Context::Due => "the list of everything due",
            Context::List => "the lists of pages: guides, runbooks, people, tools, glossary, notes",
            Context::Browse => "the library, by source and folder",
            Context::Find => "a page while a find in it has matches",
            Context::Note => "the new-note prompt, choosing the template (with input)",
            Context::Input => "while typing in a field (find in page, a list's filter)",
            Context::Confirm => "the question before a link opens outside onramp",
            Context::Help => "the help",
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

impl KeyInput {
    /// The key's name as a keymap writes it (`ctrl-c`, `G`, `space`, `pagedown`), which
    /// reads back as the same key.
    pub fn name(&self) -> String {
        let mut out = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            out.push_str("ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            out.push_str("alt-");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            out.push_str("shift-");
        }
        match self.code {
            KeyCode::Char(' ') => out.push_str("space"),
            KeyCode::Char(c) => out.push(c),
            KeyCode::F(n) => {
                let _ = fmt::Write::write_fmt(&mut out, format_args!("f{n}"));
            }
            code => out.push_str(match code {
                KeyCode::Enter => "enter",
                KeyCode::Esc => "esc",
                KeyCode::Tab => "tab",
                KeyCode::BackTab => "backtab",
                KeyCode::Backspace => "backspace",
                KeyCode::Delete => "delete",
                KeyCode::Insert => "insert",
                KeyCode::Up => "up",
                KeyCode::Down => "down",
                KeyCode::Left => "left",
                KeyCode::Right => "right",
                KeyCode::Home => "home",
                KeyCode::End => "end",
                KeyCode::PageUp => "pageup",
                KeyCode::PageDown => "pagedown",
                // No keymap name gives any other code.
                _ => "unknown",
            }),
        }
        out
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

impl KeySeq {
    /// The sequence as a keymap writes it: key names separated by spaces (`g g`).
    pub fn name(&self) -> String {
        self.0
            .iter()
            .map(KeyInput::name)
            .collect::<Vec<_>>()
            .join(" ")
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
    /// The line of the user's `keymap.toml` it comes from; `None` for a default.
    pub user_line: Option<usize>,
}

/// The fields of a keymap entry.
const FIELDS: [&str; 4] = ["on", "run", "desc", "hint"];

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
        let (mut map, problems) = Keymap::parse(DEFAULT_KEYMAP, "the built-in keymap");
        debug_assert!(problems.is_empty(), "{problems:?}");
        for binding in map.contexts.values_mut().flatten() {
            binding.user_line = None;
        }
        map
    }

    /// The defaults with the user's file on top. Problems in the user's file are returned
    /// for the status line; the entries that are fine still apply.
    pub fn load(user_file: &Path) -> (Keymap, Vec<String>) {
        let mut map = Keymap::defaults();
        // Like the config: a FIFO or a device at the name must not hang the start.
        let read = crate::content::regular::read_regular(user_file, 1 << 20).and_then(|b| {
            String::from_utf8(b)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        });
        let text = match read {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (map, Vec::new()),
            Err(e) => {
                return (
                    map,
                    vec![format!("cannot read {}: {e}", user_file.display())],
                );
            }
        };
        let origin = user_file.display().to_string();
        let (mut user, mut problems) = Keymap::parse(&text, &origin);
        user.keep_ctrl_c_for_quit(&origin, &mut problems);
        map.overlay(user);
        (map, problems)
    }

    /// Drops every user binding that would take Ctrl-C away from quitting: Ctrl-C bound to
    /// another action, or a sequence that starts with it (which would make Ctrl-C wait for
    /// a second key). Each is reported; the defaults bind Ctrl-C to quit on every screen.
    fn keep_ctrl_c_for_quit(&mut self, origin: &str, problems: &mut Vec<String>) {
        let ctrl_c = KeyInput {
            code: KeyCode::Char('c'),
            modifiers: KeyModifiers::CONTROL,
        };
        // In a fixed order, so the problems read the same on every run.
        let mut contexts: Vec<Context> = self.contexts.keys().copied().collect();
        contexts.sort();
        for context in contexts {
            let Some(bindings) = self.contexts.get_mut(&context) else {
                continue;
            };
            for binding in bindings.iter_mut() {
                let action = &binding.action;
                let line = binding.user_line.unwrap_or(1);
                binding.keys.retain(|seq| {
                    let takes_it = seq.0.first() == Some(&ctrl_c)
                        && (seq.0.len() > 1 || *action != Action::Quit);
                    if takes_it {
                        // The rule first: a status line may show only the start.
                        problems.push(format!(
                            "Ctrl-C always quits, so {origin}:{line}: [[{}]] cannot bind `{seq}` \
                             to {action:?}",
                            context.name()
                        ));
                    }
                    !takes_it
                });
            }
            bindings.retain(|b| !b.keys.is_empty());
        }
    }

    /// Parses keymap TOML, keeping the good entries and describing the bad ones, each with
    /// `origin` (the file) and its line.
    pub fn parse(text: &str, origin: &str) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        // (line, message), told in the order of the file.
        let mut problems: Vec<(usize, String)> = Vec::new();
        let root = match DeTable::parse(text) {
            Ok(t) => t,
            Err(e) => {
                let line = line_of(text, e.span().map_or(0, |s| s.start));
                let problem = format!("{origin}:{line}: does not parse: {}", e.message());
                return (map, vec![problem]);
            }
        };
        for (section, entries) in root.get_ref() {
            let name = section.get_ref().as_ref();
            let at = line_of(text, section.span().start);
            let Some(context) = Context::from_name(name) else {
                let names = Context::ALL.map(Context::name);
                problems.push((
                    at,
                    format!(
                        "{origin}:{at}: `[[{name}]]` is not a screen onramp knows{}; the \
                         screens are {}",
                        did_you_mean(name, &names),
                        names.map(|n| format!("`{n}`")).join(", ")
                    ),
                ));
                continue;
            };
            let DeValue::Array(list) = entries.get_ref() else {
                problems.push((
                    at,
                    format!("{origin}:{at}: `{name}` must be a list of [[{name}]] entries"),
                ));
                continue;
            };
            for entry in list {
                let line = line_of(text, entry.span().start);
                let mut report = |at: usize, message: String| {
                    problems.push((at, format!("{origin}:{at}: [[{name}]] {message}")));
                };
                if let Some(binding) = parse_binding(entry, text, line, &mut report) {
                    map.contexts.entry(context).or_default().push(binding);
                }
            }
        }
        problems.sort_by_key(|(line, _)| *line);
        (map, problems.into_iter().map(|(_, p)| p).collect())
    }

    /// The keymap as TOML a user can copy into `keymap.toml`, in the embedded file's form:
    /// `header` (comment lines), what keys, screens and actions there are, then every
    /// binding by screen, each user one marked with its line.
    pub fn to_toml(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            push_comment(&mut out, line);
        }
        out.push_str(GUIDE);
        out.push_str("#\n# Screens ([[name]]):\n");
        for context in Context::ALL {
            push_comment(
                &mut out,
                &format!("  {:<11} {}", context.name(), context.describe()),
            );
        }
        out.push_str("#\n# Actions (run = \"Name\"):\n");
        let actions: Vec<(&'static str, &'static str)> = Action::iter()
            .map(|a| {
                (
                    <&'static str>::from(&a),
                    a.get_documentation().unwrap_or(""),
                )
            })
            .collect();
        let width = actions.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        for (name, doc) in actions {
            push_comment(&mut out, &format!("  {name:<width$}  {doc}"));
        }
        for context in Context::ALL {
            for b in self.bindings(context) {
                out.push('\n');
                if let Some(line) = b.user_line {
                    let _ = writeln!(out, "# yours: keymap.toml line {line}");
                }
                let _ = writeln!(out, "[[{}]]", context.name());
                let names: Vec<String> = b.keys.iter().map(KeySeq::name).collect();
                let on = match names.as_slice() {
                    [one] => toml_string(one),
                    many => format!(
                        "[{}]",
                        many.iter()
                            .map(|n| toml_string(n))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                let _ = writeln!(out, "on = {on}");
                let run = toml::Value::try_from(&b.action)
                    .map_or_else(|_| "\"?\"".to_string(), |v| v.to_string());
                let _ = writeln!(out, "run = {run}");
                let desc = if b.desc.is_empty() {
                    b.action.get_documentation().unwrap_or("")
                } else {
                    &b.desc
                };
                let _ = writeln!(out, "desc = {}", toml_string(desc));
                if b.hint {
                    out.push_str("hint = true\n");
                }
            }
        }
        out
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

    /// The bindings that take effect in `contexts` (most specific first), each with only
    /// the keys that still reach it: a key a screen binds hides the same key's global
    /// meaning there, so the help and the status bar give each key one meaning per screen.
    pub fn effective(&self, contexts: &[Context]) -> Vec<(Context, Binding)> {
        let mut claimed: Vec<&KeySeq> = Vec::new();
        let mut out = Vec::new();
        for &context in contexts {
            for binding in self.bindings(context) {
                let keys: Vec<KeySeq> = binding
                    .keys
                    .iter()
                    .filter(|k| !claimed.contains(k))
                    .cloned()
                    .collect();
                claimed.extend(binding.keys.iter());
                if !keys.is_empty() {
                    out.push((
                        context,
                        Binding {
                            keys,
                            ..binding.clone()
                        },
                    ));
                }
            }
        }
        out
    }

    /// The first key that reaches `action` in `contexts`, for hints like "press / to search".
    pub fn key_for(&self, contexts: &[Context], action: &Action) -> Option<KeySeq> {
        self.effective(contexts)
            .into_iter()
            .find(|(_, b)| &b.action == action)
            .and_then(|(_, b)| b.keys.into_iter().next())
    }
}

/// How to write a binding, after the header of `onramp keys`.
const GUIDE: &str = "\
#
# Each entry binds keys to an action on one screen:
#   [[reader]]
#   on = \"y\"            # a key, a sequence (\"g g\") or a list ([\"j\", \"down\"])
#   run = \"CopyCode\"    # an action from the list below
#   desc = \"Copy\"       # what the help screen says
#   hint = true         # also shown in the status bar
# Key names: a character (q, G, ?), enter, esc, tab, backtab, space, backspace, delete,
# insert, up, down, left, right, home, end, pageup, pagedown, f1-f24, each with ctrl-,
# alt- or shift- before it if you like. A screen's keys win over the global ones there;
# an entry of yours replaces the defaults' entries for the same keys on its screen.
# Ctrl-C always quits.
";

/// One entry of a keymap: the binding, or `None` with each reason told to `report` (line,
/// message). A field onramp does not know is told too, and costs only itself.
fn parse_binding(
    entry: &Spanned<DeValue<'_>>,
    text: &str,
    line: usize,
    report: &mut impl FnMut(usize, String),
) -> Option<Binding> {
    let DeValue::Table(table) = entry.get_ref() else {
        report(
            line,
            "should be a table like { on = \"key\", run = \"Action\" }".to_string(),
        );
        return None;
    };
    let (mut on, mut run, mut desc, mut hint) = (None, None, String::new(), false);
    for (key, value) in table {
        let at = line_of(text, key.span().start);
        let written = text.get(value.span()).unwrap_or("").trim();
        match key.get_ref().as_ref() {
            "on" => on = Some((at, value)),
            "run" => run = Some((at, value)),
            "desc" => match value.get_ref() {
                DeValue::String(d) => desc = d.to_string(),
                _ => report(
                    at,
                    format!("`desc = {written}` should be a string; ignored"),
                ),
            },
            "hint" => match value.get_ref() {
                DeValue::Boolean(h) => hint = *h,
                _ => report(
                    at,
                    format!("`hint = {written}` should be true or false; ignored"),
                ),
            },
            other => report(
                at,
                format!(
                    "`{other}` is not a field of a binding{}; the fields are {}; ignored",
                    did_you_mean(other, &FIELDS),
                    FIELDS.map(|f| format!("`{f}`")).join(", ")
                ),
            ),
        }
    }
    let Some((on_line, on)) = on else {
        report(line, "names no key: it needs `on = \"key\"`".to_string());
        return None;
    };
    let Some((run_line, run)) = run else {
        report(
            line,
            "names no action: it needs `run = \"Action\"`".to_string(),
        );
        return None;
    };
    let names: Vec<&str> = match on.get_ref() {
        DeValue::String(s) => vec![s.as_ref()],
        DeValue::Array(list) => list
            .iter()
            .filter_map(|v| match v.get_ref() {
                DeValue::String(s) => Some(s.as_ref()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    if names.is_empty() {
        let written = text.get(on.span()).unwrap_or("").trim();
        report(
            on_line,
            format!("`on = {written}` names no key (a string, or a list of strings)"),
        );
        return None;
    }
    let keys = match names
        .iter()
        .map(|n| n.parse::<KeySeq>())
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(keys) => keys,
        Err(e) => {
            report(on_line, e.to_string());
            return None;
        }
    };
    let Ok(action) = Action::deserialize(run.clone().into_deserializer()) else {
        let written = text.get(run.span()).unwrap_or("").trim();
        let wanted = match run.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Table(t) => t
                .iter()
                .next()
                .map(|(k, _)| k.get_ref().to_string())
                .unwrap_or_default(),
            _ => String::new(),
        };
        let names: Vec<&'static str> = Action::iter().map(<&'static str>::from).collect();
        report(
            run_line,
            format!(
                "`{written}` is not an action onramp knows{} (`onramp keys` lists them)",
                did_you_mean(&wanted, &names)
            ),
        );
        return None;
    };
    Some(Binding {
        keys,
        action,
        desc,
        hint,
        user_line: Some(line),
    })
}

/// " (did you mean `x`?)" when one of `known` is a likely slip for `name`.
fn did_you_mean(name: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| {
            (
                strsim::damerau_levenshtein(&name.to_lowercase(), &k.to_lowercase()),
                *k,
            )
        })
        .filter(|(d, k)| *d <= 2 && *d < k.len())
        .min()
        .map(|(_, k)| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

fn push_comment(out: &mut String, line: &str) {
    let line = line.trim_end();
    if line.is_empty() {
        out.push_str("#\n");
    } else {
        let _ = writeln!(out, "# {line}");
    }
}

/// `text` as a TOML basic string, quoted and escaped.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
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
    fn no_default_key_has_two_meanings_in_one_screen() {
        let map = Keymap::defaults();
        for context in Context::ALL {
            let mut seen: Vec<&KeySeq> = Vec::new();
            for b in map.bindings(context) {
                for k in &b.keys {
                    assert!(!seen.contains(&k), "`{k}` twice in [[{}]]", context.name());
                    seen.push(k);
                }
            }
        }
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
            Lookup::Action(Action::LinkNumber(3))
        );
    }

    /// Every binding of every screen, as (screen, keys, action, desc, hint).
    fn entries(map: &Keymap) -> Vec<(Context, Vec<String>, Action, String, bool)> {
        Context::ALL
            .into_iter()
            .flat_map(|c| {
                map.bindings(c).iter().map(move |b| {
                    let keys = b.keys.iter().map(KeySeq::name).collect();
                    (c, keys, b.action.clone(), b.desc.clone(), b.hint)
                })
            })
            .collect()
    }

    #[test]
    fn the_defaults_written_as_toml_read_back_the_same() {
        let defaults = Keymap::defaults();
        let text = defaults.to_toml("onramp's default key bindings.");
        let (again, problems) = Keymap::parse(&text, "keys.toml");
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(entries(&again), entries(&defaults));
        assert!(
            text.starts_with("# onramp's default key bindings.\n"),
            "{text}"
        );
        assert!(text.contains("run = { FollowLink = 3 }"), "{text}");
        assert!(!text.contains("# yours"), "{text}");
    }

    #[test]
    fn every_action_a_user_may_bind_is_listed_with_its_description() {
        let text = Keymap::defaults().to_toml("");
        for action in Action::iter() {
            let name: &'static str = (&action).into();
            let doc = action.get_documentation().unwrap_or_default();
            assert!(!doc.is_empty(), "{name} has no description");
            assert!(text.contains(&format!("#   {name} ")), "{name} missing");
            assert!(text.contains(doc), "{name}: {doc}");
        }
        for context in Context::ALL {
            assert!(
                text.contains(&format!("#   {} ", context.name())),
                "{context:?}"
            );
        }
        // Internal actions cannot be bound, so they are not offered.
        assert!(!text.contains("SearchDone") && !text.contains("Resize"));
    }

    #[rstest]
    #[case("ctrl-c")]
    #[case("G")]
    #[case("space")]
    #[case("backtab")]
    #[case("ctrl--")]
    #[case("-")]
    #[case("alt-enter")]
    #[case("shift-up")]
    #[case("f12")]
    #[case("g g")]
    #[case("ctrl-x ctrl-s")]
    fn key_names_read_back_as_the_same_key(#[case] name: &str) {
        let seq: KeySeq = name.parse().unwrap();
        assert_eq!(seq.name(), name);
        assert_eq!(seq.name().parse::<KeySeq>(), Ok(seq));
    }

    #[test]
    fn a_copy_of_the_defaults_with_one_change_takes_effect() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keymap.toml");
        let copied = Keymap::defaults().to_toml("");
        let changed = copied.replacen(
            "on = \"o\"\nrun = \"ToggleToc\"",
            "on = \"T\"\nrun = \"ToggleToc\"",
            1,
        );
        assert_ne!(changed, copied);
        std::fs::write(&file, &changed).unwrap();
        let (map, problems) = Keymap::load(&file);
        assert_eq!(problems, Vec::<String>::new());
        let lookup =
            |k: &str| map.lookup(&[Context::Reader, Context::Global], &[k.parse().unwrap()]);
        assert_eq!(lookup("T"), Lookup::Action(Action::ToggleToc));
        // `onramp keys` marks it as the user's, with its line.
        let line = changed[..changed.find("on = \"T\"").unwrap()]
            .lines()
            .count();
        let effective = map.to_toml("");
        assert!(
            effective.contains(&format!(
                "# yours: keymap.toml line {line}\n[[reader]]\non = \"T\"\n"
            )),
            "{effective}"
        );
    }

    #[test]
    fn unknown_fields_screens_and_actions_are_told_with_their_line() {
        let (map, problems) = Keymap::parse(
            "[[global]]\non = \"x\"\nrun = \"Quit\"\ndescr = \"Leave\"\n\n\
             [[global]]\non = \"z\"\nrunn = \"Quit\"\n\n\
             [[readr]]\non = \"z\"\nrun = \"Quit\"\n\n\
             [[reader]]\non = \"w\"\nrun = \"Quitt\"\nhint = \"yes\"\n",
            "keymap.toml",
        );
        assert_eq!(
            problems,
            [
                "keymap.toml:4: [[global]] `descr` is not a field of a binding (did you mean `desc`?); \
                 the fields are `on`, `run`, `desc`, `hint`; ignored",
                "keymap.toml:6: [[global]] names no action: it needs `run = \"Action\"`",
                "keymap.toml:8: [[global]] `runn` is not a field of a binding (did you mean `run`?); \
                 the fields are `on`, `run`, `desc`, `hint`; ignored",
                "keymap.toml:10: `[[readr]]` is not a screen onramp knows (did you mean `reader`?); \
                 the screens are `global`, `home`, `search`, `reader`, `checklists`, `due`, \
                 `list`, `browse`, `input`, `confirm`, `help`, `find`, `note`",
                "keymap.toml:16: [[reader]] `\"Quitt\"` is not an action onramp knows (did you mean \
                 `Quit`?) (`onramp keys` lists them)",
                "keymap.toml:17: [[reader]] `hint = \"yes\"` should be true or false; ignored",
            ]
        );
        // The entry with an unknown field still applies.
        assert_eq!(
            map.lookup(&[Context::Global], &["x".parse().unwrap()]),
            Lookup::Action(Action::Quit)
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
    fn ctrl_c_quits_on_every_screen_whatever_the_user_binds() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keymap.toml");
        std::fs::write(
            &file,
            "[[global]]\non = [\"q\", \"ctrl-c\", \"esc\"]\nrun = \"OpenHome\"\n\n\
             [[input]]\non = \"ctrl-c\"\nrun = \"ClearInput\"\n\n\
             [[reader]]\non = \"ctrl-c x\"\nrun = \"Quit\"\n\n\
             [[help]]\non = \"ctrl-c\"\nrun = \"Quit\"\n",
        )
        .unwrap();
        let (map, problems) = Keymap::load(&file);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems
                .iter()
                .all(|p| p.starts_with("Ctrl-C always quits, so ")),
            "{problems:?}"
        );
        let ctrl_c = [KeyInput::from_str("ctrl-c").unwrap()];
        for context in Context::ALL {
            let contexts = [context, Context::Global];
            assert_eq!(
                map.lookup(&contexts, &ctrl_c),
                Lookup::Action(Action::Quit),
                "{context:?}"
            );
        }
        // The rest of the user's entries apply.
        let q = [KeyInput::from_str("q").unwrap()];
        assert_eq!(
            map.lookup(&[Context::Global], &q),
            Lookup::Action(Action::OpenHome)
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_keymap_is_reported_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keymap.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&file)
            .status()
            .unwrap();
        assert!(made.success());
        let (map, problems) = Keymap::load(&file);
        assert!(problems[0].contains("is a FIFO"), "{problems:?}");
        assert_eq!(
            map.lookup(&[Context::Global], &["q".parse().unwrap()]),
            Lookup::Action(Action::Quit)
        );
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
