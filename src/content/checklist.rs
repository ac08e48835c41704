//! Checklist items as written in content: GitHub task-list lines with an optional trailing
//! attribute block, `- [ ] Set up your phone {#phone due=D1}`. This module reads them; the
//! progress module keeps their state and turns `due` offsets into dates.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// The unit of a due offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DueUnit {
    Day,
    Week,
    Month,
}

/// When an item is due, counted from the user's start date: `D3` (day 3, the start date is
/// day 1), `W2` (end of week 2), `M3` (end of month 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Due {
    pub unit: DueUnit,
    pub n: u32,
}

impl Due {
    /// Approximate day number, for ordering offsets of different units.
    pub fn approx_day(self) -> u32 {
        match self.unit {
            DueUnit::Day => self.n,
            DueUnit::Week => self.n * 7,
            DueUnit::Month => self.n * 30,
        }
    }

    /// A human label: "day 3", "week 2", "month 6".
    pub fn label(self) -> String {
        let unit = match self.unit {
            DueUnit::Day => "day",
            DueUnit::Week => "week",
            DueUnit::Month => "month",
        };
        format!("{unit} {}", self.n)
    }
}

impl fmt::Display for Due {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            DueUnit::Day => 'D',
            DueUnit::Week => 'W',
            DueUnit::Month => 'M',
        };
        write!(f, "{unit}{}", self.n)
    }
}

/// A due offset that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a due offset (expected D<n>, W<n> or M<n> with n >= 1, e.g. D3, W2, M6)")]
pub struct BadDue(pub String);

impl FromStr for Due {
    type Err = BadDue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadDue(s.to_string());
        let mut chars = s.trim().chars();
        let unit = match chars.next().map(|c| c.to_ascii_uppercase()) {
            Some('D') => DueUnit::Day,
            Some('W') => DueUnit::Week,
            Some('M') => DueUnit::Month,
            _ => return Err(bad()),
        };
        let rest = chars.as_str();
        if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) || rest.len() > 4 {
            return Err(bad());
        }
        let n: u32 = rest.parse().map_err(|_| bad())?;
        if n == 0 {
            return Err(bad());
        }
        Ok(Due { unit, n })
    }
}

/// A task-list item of a checklist page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Stable id: `#id` from the attribute block, else a slug of the text.
    pub id: String,
    /// The item's Markdown text without the attribute block.
    pub text: String,
    /// The same as plain text, as lists, reports and the home screen show it
    /// ([`super::plain::inline`]).
    pub plain: String,
    /// The nearest heading above the item.
    pub section: Option<String>,
    pub due: Option<Due>,
    /// `[x]` in the source (a default; the progress store has the user's state).
    pub checked_in_source: bool,
    /// Nesting depth, 0 for top-level items.
    pub depth: usize,
    /// Id of the enclosing item, for nested items.
    pub parent: Option<String>,
    /// 1-based line within the document body.
    pub line: usize,
}

/// An item's attribute block, split off its text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Attrs {
    pub id: Option<String>,
    pub due: Option<Result<Due, BadDue>>,
    /// Tokens of a block that reads as attributes (`#id`, `key=value`) but that onramp does
    /// not know, like `priority=high`. Such a block is left in the text, whole, as before
    /// onramp knew it was meant as one: the item's id must not change under a tick.
    pub unknown: Vec<String>,
}

/// Splits a trailing `{#id due=W1}` off `text`. Returns the text before it (trimmed) and the
/// attributes; text without a block is returned whole.
pub fn split_attrs(text: &str) -> (&str, Attrs) {
    let trimmed = text.trim_end();
    let none = (trimmed, Attrs::default());
    let Some(inner) = trimmed.strip_suffix('}') else {
        return none;
    };
    let Some(open) = inner.rfind('{') else {
        return none;
    };
    let block = &inner[open + 1..];
    let mut attrs = Attrs::default();
    let mut recognised = false;
    let mut unknown = Vec::new();
    for token in block.split_whitespace() {
        if let Some(id) = token.strip_prefix('#') {
            if id.is_empty() {
                unknown.push(token.to_string());
            } else {
                attrs.id = Some(id.to_string());
                recognised = true;
            }
        } else if let Some(due) = token.strip_prefix("due=") {
            attrs.due = Some(due.parse());
            recognised = true;
        } else if token.split_once('=').is_some_and(|(key, _)| {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        }) {
            unknown.push(token.to_string());
        } else {
            // Not our block (a literal `{like this}` in the text): leave the text alone.
            return none;
        }
    }
    if !unknown.is_empty() {
        return (
            trimmed,
            Attrs {
                unknown,
                ..Attrs::default()
            },
        );
    }
    if !recognised {
        return none;
    }
    (inner[..open].trim_end(), attrs)
}

/// A slug of an item's text: lowercase letters and digits joined by `-`, with Markdown link
/// targets and emphasis marks left out.
pub fn slug(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    // Keep link text, drop `(target)` right after a `]`.
    while let Some(pos) = rest.find("](") {
        plain.push_str(&rest[..pos]);
        let after = &rest[pos + 2..];
        rest = after.find(')').map_or("", |end| &after[end + 1..]);
    }
    plain.push_str(rest);
    let mut out = String::new();
    for c in plain.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.chars().count() >= 48 {
            break;
        }
    }
    out.trim_matches('-').to_string()
}

/// What is wrong with an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemProblemKind {
    /// Its id is already used by an earlier item of the checklist.
    DuplicateId,
    /// Its `due` offset does not parse.
    BadDue,
    /// Its attribute block names a key onramp does not know, or sits on a continuation line.
    BadAttributes,
}

/// A problem found while reading items, with its body line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemProblem {
    pub line: usize,
    pub message: String,
    pub kind: ItemProblemKind,
}

/// Reads the task items of a checklist body, in order. Items inside fenced code blocks are
/// not items. Duplicate ids get a numeric suffix and are reported.
pub fn items(body: &str) -> (Vec<Item>, Vec<ItemProblem>) {
    let mut items: Vec<Item> = Vec::new();
    let mut problems = Vec::new();
    let mut section: Option<String> = None;
    let mut fence: Option<(char, usize)> = None;
    let mut seen: HashMap<String, usize> = HashMap::new();
    // (indent, id) of the open items, for nesting.
    let mut stack: Vec<(usize, String)> = Vec::new();
    // The item whose text the current line may continue (no blank line since it began).
    let mut continues: Option<String> = None;
    for (index, line) in body.lines().enumerate() {
        let line_no = index + 1;
        let stripped = line.trim_start();
        let indent = line.len() - stripped.len();
        if stripped.is_empty() || fence.is_some() {
            continues = None;
        }
        if let Some((c, n)) = fence {
            if stripped.chars().take_while(|&x| x == c).count() >= n
                && stripped.trim_start_matches(c).trim().is_empty()
            {
                fence = None;
            }
            continue;
        }
        if let Some(open) = fence_open(stripped) {
            fence = Some(open);
            continue;
        }
        if indent < 4 && stripped.starts_with('#') {
            let hashes = stripped.chars().take_while(|&c| c == '#').count();
            let rest = &stripped[hashes..];
            if hashes <= 6 && (rest.is_empty() || rest.starts_with(' ')) {
                let title = rest.trim().trim_end_matches('#').trim();
                section = (!title.is_empty()).then(|| title.to_string());
                stack.clear();
                continue;
            }
        }
        let Some((checked, text)) = task_line(stripped) else {
            if let Some(id) = &continues {
                if is_list_item(stripped) {
                    continues = None;
                } else if has_block(stripped) {
                    problems.push(ItemProblem {
                        line: line_no,
                        message: format!(
                            "item `{id}`: an attribute block must end the item's first line; \
                             this one is on a continuation line and is shown as text"
                        ),
                        kind: ItemProblemKind::BadAttributes,
                    });
                }
            }
            continue;
        };
        let (text, attrs) = split_attrs(text);
        let base_id = attrs.id.clone().unwrap_or_else(|| {
            let s = slug(text);
            if s.is_empty() {
                format!("item-{line_no}")
            } else {
                s
            }
        });
        let count = seen.entry(base_id.clone()).or_insert(0);
        *count += 1;
        let id = if *count == 1 {
            base_id
        } else {
            let id = format!("{base_id}-{count}");
            problems.push(ItemProblem {
                line: line_no,
                message: format!("item id `{base_id}` is used more than once; this one is `{id}`"),
                kind: ItemProblemKind::DuplicateId,
            });
            id
        };
        if !attrs.unknown.is_empty() {
            problems.push(ItemProblem {
                line: line_no,
                message: format!(
                    "item `{id}`: the attribute block has {}, which onramp does not know (it \
                     knows #id and due=D3, W2 or M6); the block is shown as text",
                    attrs
                        .unknown
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                kind: ItemProblemKind::BadAttributes,
            });
        }
        continues = Some(id.clone());
        let due = match attrs.due {
            Some(Ok(due)) => Some(due),
            Some(Err(e)) => {
                problems.push(ItemProblem {
                    line: line_no,
                    message: format!("item `{id}`: {e}"),
                    kind: ItemProblemKind::BadDue,
                });
                None
            }
            None => None,
        };
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        let parent = stack.last().map(|(_, id)| id.clone());
        let depth = stack.len();
        stack.push((indent, id.clone()));
        items.push(Item {
            id,
            plain: super::plain::inline(text),
            text: text.to_string(),
            section: section.clone(),
            due,
            checked_in_source: checked,
            depth,
            parent,
            line: line_no,
        });
    }
    (items, problems)
}

/// True for a line that is an attribute block (or ends in one) that onramp would read.
fn has_block(line: &str) -> bool {
    let attrs = split_attrs(line).1;
    attrs.id.is_some() || attrs.due.is_some() || !attrs.unknown.is_empty()
}

/// `- x`, `* x`, `1. x`: the start of another list item, task or not.
fn is_list_item(line: &str) -> bool {
    if line.starts_with(['-', '*', '+']) {
        return line[1..].starts_with([' ', '\t']) || line.len() == 1;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && line[digits..].starts_with(['.', ')'])
}

fn fence_open(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = line.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

/// `- [ ] text`, `* [x] text`, `1. [ ] text` → (checked, text).
fn task_line(line: &str) -> Option<(bool, &str)> {
    let after_marker = if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        rest
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        line[digits..].strip_prefix(['.', ')'])?
    };
    let rest = after_marker.strip_prefix(' ')?.trim_start();
    let checked = match rest.get(..3)? {
        "[ ]" => false,
        "[x]" | "[X]" => true,
        _ => return None,
    };
    let text = &rest[3..];
    if !(text.is_empty() || text.starts_with(' ') || text.starts_with('\t')) {
        return None;
    }
    Some((checked, text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("D1", DueUnit::Day, 1)]
    #[case("W12", DueUnit::Week, 12)]
    #[case("m6", DueUnit::Month, 6)]
    fn due_parses(#[case] s: &str, #[case] unit: DueUnit, #[case] n: u32) {
        assert_eq!(s.parse::<Due>().unwrap(), Due { unit, n });
    }

    #[rstest]
    #[case("D0")]
    #[case("X3")]
    #[case("D")]
    #[case("W-1")]
    #[case("M99999")]
    #[case("")]
    fn bad_due_is_rejected(#[case] s: &str) {
        assert!(s.parse::<Due>().is_err());
    }

    #[rstest]
    #[case(
        "Set up your phone {#phone due=D1}",
        "Set up your phone",
        Some("phone")
    )]
    #[case("Plain item", "Plain item", None)]
    #[case("Use {curly} braces", "Use {curly} braces", None)]
    #[case("Only due {due=W2}", "Only due", None)]
    fn attrs_are_split(#[case] input: &str, #[case] text: &str, #[case] id: Option<&str>) {
        let (t, a) = split_attrs(input);
        assert_eq!(t, text);
        assert_eq!(a.id.as_deref(), id);
    }

    #[rstest]
    #[case("Item {#x priority=high}", &["priority=high"])]
    #[case("Item {owner=ana}", &["owner=ana"])]
    #[case("Item {# due=D1}", &["#"])]
    fn unknown_attribute_keys_keep_the_block_in_the_text(
        #[case] input: &str,
        #[case] unknown: &[&str],
    ) {
        let (t, a) = split_attrs(input);
        assert_eq!(t, input);
        assert_eq!((a.id, a.due), (None, None));
        assert_eq!(a.unknown, unknown);
    }

    #[test]
    fn bad_blocks_and_misplaced_blocks_are_reported() {
        let body = "- [ ] Phone {#phone due=D0}\n- [ ] Desk {#desk due=X5}\n- [ ] Badge {#badge priority=high}\n\
                    - [ ] Laptop\n  {#laptop due=W1}\n- [ ] Fine {#fine due=D2}\n  more text\n\n{#not-an-item}\n\
                    - [ ] Big {#big due=M99999}\n- [ ] Sub\n  - [ ] Nested {#n}\n";
        let (items, problems) = items(body);
        let ids: Vec<_> = items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "phone",
                "desk",
                "badge-badge-priority-high",
                "laptop",
                "fine",
                "big",
                "sub",
                "n"
            ]
        );
        let lines: Vec<(usize, &str)> = problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(lines.len(), 5, "{lines:#?}");
        assert!(lines[0].0 == 1 && lines[0].1.contains("`D0` is not a due offset"));
        assert!(lines[1].0 == 2 && lines[1].1.contains("`X5` is not a due offset"));
        assert!(
            lines[2].0 == 3 && lines[2].1.contains("`priority=high`"),
            "{lines:?}"
        );
        assert!(
            lines[3].0 == 5 && lines[3].1.contains("continuation line"),
            "{lines:?}"
        );
        assert!(
            lines[4].0 == 10 && lines[4].1.contains("`M99999`"),
            "{lines:?}"
        );
    }

    #[rstest]
    #[case("Set up your phone", "set-up-your-phone")]
    #[case("Read [the guide](../guides/x.md) first!", "read-the-guide-first")]
    #[case("Configura il **telefono** è facile", "configura-il-telefono-è-facile")]
    #[case("!!!", "")]
    fn slugs(#[case] text: &str, #[case] expected: &str) {
        assert_eq!(slug(text), expected);
    }

    #[test]
    fn items_with_sections_nesting_and_fences() {
        let body = "# Week one\n\n## Day one\n\n- [ ] Badge {#badge due=D1}\n  - [x] Photo taken\n- [ ] Laptop {#laptop due=W1}\n\n```\n- [ ] not an item\n```\n\n## Later\n\n1. [ ] Numbered {#num due=M2}\n- [ ] Bad due {#bad due=Q1}\n- [ ] Badge {#badge}\n";
        let (items, problems) = items(body);
        let ids: Vec<_> = items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(
            ids,
            ["badge", "photo-taken", "laptop", "num", "bad", "badge-2"]
        );
        assert_eq!(items[0].section.as_deref(), Some("Day one"));
        assert_eq!(items[1].parent.as_deref(), Some("badge"));
        assert_eq!(items[1].depth, 1);
        assert!(items[1].checked_in_source);
        assert_eq!(items[2].parent, None);
        assert_eq!(items[3].section.as_deref(), Some("Later"));
        assert_eq!(
            items[3].due,
            Some(Due {
                unit: DueUnit::Month,
                n: 2
            })
        );
        assert_eq!(items[0].line, 5);
        let kinds: Vec<_> = problems.iter().map(|p| (p.line, p.kind)).collect();
        assert_eq!(
            kinds,
            [
                (16, ItemProblemKind::BadDue),
                (17, ItemProblemKind::DuplicateId)
            ],
            "{problems:?}"
        );
    }
}
