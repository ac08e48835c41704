//! `MkDocs` admonitions (`!!! note "Title"`, `??? tip`, `???+ warning`) rewritten as block
//! quotes before parsing, line for line, so source lines (and task item ids) stay put. The
//! callouts found are returned by line so the renderer draws those quotes as callouts.

use std::borrow::Cow;
use std::collections::HashMap;

use super::model::CalloutKind;

/// How deep admonitions nested in admonitions are recognised.
const MAX_NESTING: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callout {
    pub kind: CalloutKind,
    /// `Note`, `Warning`, or the title written after the type.
    pub title: String,
}

/// Returns the rewritten source (same number of lines) and the callouts by 0-based line, or
/// `None` when the source has no admonition (the common case costs one scan).
pub fn rewrite(src: &str) -> Option<(String, HashMap<usize, Callout>)> {
    if !src.contains("!!!") && !src.contains("???") {
        return None;
    }
    let lines: Vec<&str> = src.split('\n').collect();
    let mut callouts = HashMap::new();
    let out = rewrite_lines(&lines, 0, 0, &mut callouts);
    if callouts.is_empty() {
        return None;
    }
    let mut joined = String::with_capacity(src.len() + 2 * callouts.len() + 64);
    for (i, line) in out.iter().enumerate() {
        if i > 0 {
            joined.push('\n');
        }
        joined.push_str(line);
    }
    Some((joined, callouts))
}

/// The lines rewritten; only those inside an admonition are copied.
fn rewrite_lines<'s>(
    lines: &[&'s str],
    first_line: usize,
    depth: usize,
    callouts: &mut HashMap<usize, Callout>,
) -> Vec<Cow<'s, str>> {
    let mut out = Vec::with_capacity(lines.len());
    let mut fence: Option<(char, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let stripped = line.trim_start();
        if let Some((c, n)) = fence {
            if stripped.chars().take_while(|&x| x == c).count() >= n
                && stripped.trim_start_matches(c).trim().is_empty()
            {
                fence = None;
            }
            out.push(Cow::Borrowed(line));
            i += 1;
            continue;
        }
        if let Some(open) = fence_open(stripped) {
            fence = Some(open);
            out.push(Cow::Borrowed(line));
            i += 1;
            continue;
        }
        let header = if depth < MAX_NESTING && line.len() == stripped.len() {
            parse_header(line)
        } else {
            None
        };
        let Some(callout) = header else {
            out.push(Cow::Borrowed(line));
            i += 1;
            continue;
        };
        callouts.insert(first_line + i, callout);
        // The body: following lines indented by 4+ spaces (or a tab), blank lines inside it.
        let mut end = i + 1;
        let mut last_content = i;
        while end < lines.len() {
            let l = lines[end];
            if l.trim().is_empty() {
                end += 1;
                continue;
            }
            if l.starts_with("    ") || l.starts_with('\t') {
                last_content = end;
                end += 1;
                continue;
            }
            break;
        }
        let body: Vec<&str> = lines[i + 1..=last_content]
            .iter()
            .map(|l| {
                l.strip_prefix("    ")
                    .or_else(|| l.strip_prefix('\t'))
                    .unwrap_or_else(|| l.trim_start())
            })
            .collect();
        out.push(Cow::Borrowed(">"));
        for l in rewrite_lines(&body, first_line + i + 1, depth + 1, callouts) {
            if l.is_empty() {
                out.push(Cow::Borrowed(">"));
            } else {
                out.push(Cow::Owned(format!("> {l}")));
            }
        }
        i = last_content + 1;
    }
    out
}

fn fence_open(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = line.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

/// `!!! type "Title"`, `??? type`, `???+ type extra-class "Title"`.
fn parse_header(line: &str) -> Option<Callout> {
    let rest = line
        .strip_prefix("!!!")
        .or_else(|| line.strip_prefix("???+"))
        .or_else(|| line.strip_prefix("???"))?;
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim();
    let (classes, title) = match rest.find('"') {
        Some(q) => {
            let t = rest[q + 1..].trim_end();
            (&rest[..q], Some(t.strip_suffix('"').unwrap_or(t)))
        }
        None => (rest, None),
    };
    let kind_name = classes.split_whitespace().next()?;
    if !kind_name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let kind = CalloutKind::from_name(kind_name);
    let mut default_title = kind_name.to_string();
    if let Some(first) = default_title.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    let title = match title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => default_title,
    };
    Some(Callout { kind, title })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_line_count_and_marks_callouts() {
        let src = "intro\n\n!!! warning \"Mind the gap\"\n    body one\n\n    body two\n\nafter\n";
        let (out, callouts) = rewrite(src).unwrap();
        assert_eq!(out.lines().count(), src.lines().count());
        assert_eq!(out, "intro\n\n>\n> body one\n>\n> body two\n\nafter\n");
        assert_eq!(callouts[&2].title, "Mind the gap");
        assert_eq!(callouts[&2].kind, CalloutKind::Warning);
    }

    #[test]
    fn ignores_fenced_code_and_plain_text() {
        assert!(rewrite("```\n!!! note\n    x\n```\n").is_none());
        assert!(rewrite("Wow!!! great\n").is_none());
    }

    #[test]
    fn collapsible_and_nested() {
        let src = "??? tip\n    outer\n\n    !!! danger\n        inner\n";
        let (out, callouts) = rewrite(src).unwrap();
        assert_eq!(out, ">\n> outer\n>\n> >\n> > inner\n");
        assert_eq!(callouts[&0].title, "Tip");
        assert_eq!(callouts[&3].kind, CalloutKind::Danger);
    }
}
