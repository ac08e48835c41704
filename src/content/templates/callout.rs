//! Callouts: the kind and title of an alert, hint or notice tag, written as an `MkDocs`
//! admonition or a `> [!KIND]` quote; and Docusaurus's `:::note` blocks, rewritten line for
//! line.

/// Block tags drawn as callouts, and the callout kind of each name that is a kind itself.
pub(super) const CALLOUT_NAMES: &[&str] = &[
    "alert",
    "callout",
    "admonition",
    "notice",
    "hint",
    "aside",
    "note",
    "tip",
    "info",
    "warning",
    "important",
    "caution",
    "danger",
    "details",
];

/// Words that name a callout kind when given as an argument (`{% alert "", "warning" %}`,
/// `{{< hint danger >}}`).
const KIND_WORDS: &[&str] = &[
    "note",
    "info",
    "tip",
    "hint",
    "success",
    "check",
    "important",
    "question",
    "warning",
    "warn",
    "caution",
    "attention",
    "danger",
    "error",
    "emergency",
    "failure",
    "bug",
];

/// The kind and title of a callout tag from its name and arguments.
pub(super) fn callout_kind_and_title(name: &str, args: &str) -> (String, Option<String>) {
    let mut kind: Option<String> = None;
    let mut title: Option<String> = None;
    for (key, value) in arguments(args) {
        let v = value.trim();
        let lower = v.to_ascii_lowercase();
        match key.as_deref() {
            Some("type" | "kind" | "color" | "context" | "style") => kind = Some(lower),
            Some("title" | "heading" | "summary") => title = Some(v.to_string()),
            None if kind.is_none() && KIND_WORDS.contains(&lower.as_str()) => kind = Some(lower),
            None if title.is_none() && !v.is_empty() => title = Some(v.to_string()),
            // Other keys (`icon`, `open`) and extra words change nothing shown here.
            _ => {}
        }
    }
    let kind = kind.unwrap_or_else(|| {
        if KIND_WORDS.contains(&name) {
            name.to_string()
        } else {
            "note".to_string()
        }
    });
    let kind = match kind.as_str() {
        "emergency" => "danger".to_string(),
        "warn" => "warning".to_string(),
        k if KIND_WORDS.contains(&k) => kind,
        _ => "note".to_string(),
    };
    let title = title.or_else(|| (name == "details").then(|| "Details".to_string()));
    (kind, title)
}

/// Positional and `key=value` arguments, quoted or bare, separated by spaces or commas.
pub(super) fn arguments(args: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut chars = args.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        let Some(&c) = chars.peek() else { break };
        let mut word = String::new();
        let mut key = None;
        let mut quote = None;
        if c == '"' || c == '\'' {
            quote = chars.next();
        }
        while let Some(&c) = chars.peek() {
            if let Some(q) = quote {
                chars.next();
                if c == q {
                    break;
                }
                word.push(c);
                continue;
            }
            if c.is_whitespace() || c == ',' {
                break;
            }
            chars.next();
            if (c == '=' || c == ':') && key.is_none() {
                key = Some(std::mem::take(&mut word).to_ascii_lowercase());
                if let Some(&q) = chars.peek()
                    && (q == '"' || q == '\'')
                {
                    quote = chars.next();
                }
                continue;
            }
            word.push(c);
        }
        out.push((key, word));
    }
    out
}

/// Writes `content` as a callout. At the start of a line it becomes an `MkDocs` admonition
/// with the same number of lines (the tag lines become the header and a blank line); where
/// the tag was indented (inside a list) it becomes a `> [!KIND]` quote at that indent.
pub(super) fn callout(out: &mut String, kind: &str, title: Option<&str>, content: &str) {
    let line_start = out.rfind('\n').map_or(0, |n| n + 1);
    let before = &out[line_start..];
    let indent: String = if before.trim().is_empty() {
        before.to_string()
    } else {
        out.push('\n');
        String::new()
    };
    let mut lines: Vec<&str> = content.split('\n').collect();
    // The rest of the opening tag's line, and the indent before the closing tag.
    let first = lines.remove(0);
    let last_is_indent = lines.last().is_some_and(|l| l.trim().is_empty());
    let closing = if last_is_indent { lines.pop() } else { None };
    let mut body: Vec<&str> = Vec::new();
    if !first.trim().is_empty() {
        body.push(first.trim());
    }
    body.extend(lines);
    let common = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let dedent = |l: &str| -> String {
        if l.trim().is_empty() {
            String::new()
        } else {
            l.get(common..).unwrap_or(l.trim_start()).to_string()
        }
    };
    if indent.is_empty() {
        out.push_str("!!! ");
        out.push_str(kind);
        if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
            out.push_str(" \"");
            out.push_str(&t.replace('\n', " "));
            out.push('"');
        }
        for l in &body {
            out.push('\n');
            let d = dedent(l);
            if !d.is_empty() {
                out.push_str("    ");
                out.push_str(&d);
            }
        }
    } else {
        let gh = match kind {
            "tip" | "hint" | "success" | "check" => "TIP",
            "important" | "question" => "IMPORTANT",
            "warning" | "caution" | "attention" => "WARNING",
            "danger" | "error" | "failure" | "bug" => "CAUTION",
            _ => "NOTE",
        };
        out.push_str("> [!");
        out.push_str(gh);
        out.push(']');
        if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
            out.push('\n');
            out.push_str(&indent);
            out.push_str("> **");
            out.push_str(&t.replace('\n', " "));
            out.push_str("**");
        }
        for l in &body {
            out.push('\n');
            out.push_str(&indent);
            let d = dedent(l);
            out.push('>');
            if !d.is_empty() {
                out.push(' ');
                out.push_str(&d);
            }
        }
    }
    if closing.is_some() || !body.is_empty() {
        out.push('\n');
    }
}

/// Docusaurus admonitions (`:::note Title`, `:::tip[Title]`, closed by `:::`) as `MkDocs`
/// ones, line for line. Fenced code is left alone.
pub(super) fn docusaurus(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    // Open admonitions: (number of colons, indent of their content).
    let mut open: Vec<usize> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for line in lines {
        let depth = open.len();
        let pad = "    ".repeat(depth);
        let stripped = line.trim_start();
        if let Some((c, n)) = fence {
            if stripped.chars().take_while(|&x| x == c).count() >= n
                && stripped.trim_start_matches(c).trim().is_empty()
            {
                fence = None;
            }
            out.push(indent_line(&pad, line));
            continue;
        }
        if let Some(c) = stripped.chars().next().filter(|c| *c == '`' || *c == '~') {
            let n = stripped.chars().take_while(|&x| x == c).count();
            if n >= 3 {
                fence = Some((c, n));
                out.push(indent_line(&pad, line));
                continue;
            }
        }
        let colons = stripped.chars().take_while(|&c| c == ':').count();
        if colons >= 3 && line.len() == stripped.len() {
            let rest = stripped[colons..].trim();
            if rest.is_empty() {
                if let Some(pos) = open.iter().rposition(|&n| n == colons) {
                    open.truncate(pos);
                    out.push(String::new());
                    continue;
                }
            } else if let Some((kind, title)) = docusaurus_header(rest) {
                let mut header = format!("{pad}!!! {kind}");
                if let Some(t) = title {
                    header.push_str(" \"");
                    header.push_str(&t);
                    header.push('"');
                }
                out.push(header);
                open.push(colons);
                continue;
            }
        }
        out.push(indent_line(&pad, line));
    }
    out.join("\n")
}

fn indent_line(pad: &str, line: &str) -> String {
    if pad.is_empty() || line.trim().is_empty() {
        line.to_string()
    } else {
        format!("{pad}{line}")
    }
}

/// `note`, `tip Title`, `warning[Title]`, `info{title="Title"}`.
fn docusaurus_header(rest: &str) -> Option<(String, Option<String>)> {
    let name_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let name = rest[..name_end].to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    let after = rest[name_end..].trim();
    let title = if let Some(t) = after.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        Some(t.to_string())
    } else if let Some(attrs) = after.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        arguments(attrs)
            .into_iter()
            .find(|(k, _)| k.as_deref() == Some("title"))
            .map(|(_, v)| v)
    } else {
        (!after.is_empty()).then(|| after.to_string())
    };
    let kind = match name.as_str() {
        "secondary" | "info" => "info",
        "success" => "success",
        "caution" => "caution",
        "danger" => "danger",
        "warning" => "warning",
        "tip" => "tip",
        "important" => "important",
        _ => "note",
    };
    Some((kind.to_string(), title.filter(|t| !t.trim().is_empty())))
}
