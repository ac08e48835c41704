//! A page as a reader opens it: a header saying who owns it (a name to follow), when it was
//! last reviewed and, when it is overdue, since when it is due for review, with the facts of
//! its kind (a person's role, team, local time now, contact and what to ask them; a tool's
//! address, access and channel; a term's expansion); then the body; then, for a person, the
//! pages they own, the user's notes about them and the notes that mention them, and for any
//! other page the notes about it. Written once, as Markdown, so `show` and the reader draw
//! the same thing and the owner's name is a link either can follow.
//!
//! Text from frontmatter is escaped before it goes into the Markdown: a value can never open
//! a block, a link or a task item of its own.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};

use super::document::{Document, Kind};
use super::freshness::{Freshness, ReviewInterval};
use super::lang::full_date;
use super::library::Library;
use super::load::first_heading;

/// The moment a page is shown at: today's date decides "due for review", the instant decides
/// a person's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

/// One line of facts in a page's header: a label and its value, the value linking to a page
/// or an address when `link` is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub label: &'static str,
    pub value: String,
    pub link: Option<String>,
}

/// Who owns a page, as its header names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// The `owner` field as written.
    pub id: String,
    /// The person page's id and title when the owner is a person of the loaded content.
    pub person: Option<(String, String)>,
}

/// What a page's header shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageHeader {
    /// The facts of the page's kind, in the order they are shown.
    pub facts: Vec<Fact>,
    pub owner: Option<Owner>,
    pub freshness: Freshness,
    pub every: Option<ReviewInterval>,
    /// The page's language: its dates are written in it.
    pub lang: String,
}

impl PageHeader {
    /// The header of `doc`, with its owner looked up in `library`.
    pub fn of(doc: &Document, library: &Library, at: Moment) -> PageHeader {
        let mut facts = Vec::new();
        let mut fact = |label: &'static str, value: Option<&String>, link: Option<String>| {
            if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
                facts.push(Fact {
                    label,
                    value: v.clone(),
                    link,
                });
            }
        };
        match doc.kind {
            Kind::Person => {
                let p = &doc.person;
                fact("Role", p.role.as_ref(), None);
                fact("Team", p.team.as_ref(), None);
                if let Some(tz) = &p.timezone {
                    match local_time(tz, at.now) {
                        Some(now) => fact("Local time", Some(&now), None),
                        None => fact("Time zone", Some(tz), None),
                    }
                }
                fact("Contact", p.contact.as_ref(), None);
                let ask = p.ask_me_about.join(", ");
                fact("Ask me about", Some(&ask), None);
            }
            Kind::Tool => {
                let t = &doc.tool;
                let url = t.url.as_ref();
                fact("Address", url, url.filter(|u| is_web_address(u)).cloned());
                fact("Access", t.access.as_ref(), None);
                fact("Channel", t.channel.as_ref(), None);
            }
            Kind::Term => fact("Stands for", doc.expansion.as_ref(), None),
            _ => {}
        }
        let owner = doc.owner.as_ref().map(|id| Owner {
            id: id.clone(),
            person: library
                .owner_of(doc)
                .map(|p| (p.id.clone(), p.title.clone())),
        });
        PageHeader {
            facts,
            owner,
            freshness: doc.freshness(at.today),
            every: doc.review_every,
            lang: doc.lang.clone(),
        }
    }

    /// True when there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty() && self.owner.is_none() && self.freshness == Freshness::Unknown
    }

    /// The header as Markdown lines joined by hard breaks, one block; empty when there is
    /// nothing to show.
    pub fn to_markdown(&self) -> String {
        let mut lines: Vec<String> = Vec::new();
        for f in &self.facts {
            let value = match &f.link {
                Some(link) => format!("[{}]({})", escape(&f.value), destination(link)),
                None => escape(&f.value),
            };
            lines.push(format!("**{}:** {value}", f.label));
        }
        let reviewed = match self.freshness {
            Freshness::Unknown => None,
            Freshness::Reviewed { last }
            | Freshness::Fresh { last, .. }
            | Freshness::Stale { last, .. } => Some(full_date(last, &self.lang)),
        };
        match (&self.owner, reviewed) {
            (Some(owner), reviewed) => {
                let name = match &owner.person {
                    Some((id, title)) => {
                        format!("[{}]({}) ({})", escape(title), destination(id), escape(id))
                    }
                    None => format!("{} (not a person page in this content)", escape(&owner.id)),
                };
                let mut line = format!("**Owner:** {name}");
                if let Some(date) = reviewed {
                    let _ = write!(line, " · last reviewed {date}");
                }
                lines.push(line);
            }
            (None, Some(date)) => lines.push(format!("**Last reviewed:** {date}")),
            (None, None) => {}
        }
        if let Freshness::Stale { due, .. } = self.freshness {
            let mut line = format!("**Due for review since {}**", full_date(due, &self.lang));
            if let Some(every) = self.every {
                let _ = write!(line, " (it is reviewed every {})", every.label());
            }
            lines.push(line);
        }
        if lines.is_empty() {
            return String::new();
        }
        let mut out = lines.join("\\\n");
        out.push('\n');
        out
    }
}

/// The local time in `zone` (an IANA name such as `Europe/Dublin`) at `now`:
/// "14:05 Tue (Europe/Dublin, UTC+01:00)". `None` for a zone onramp does not know.
pub fn local_time(zone: &str, now: DateTime<Utc>) -> Option<String> {
    let tz: chrono_tz::Tz = zone.trim().parse().ok()?;
    let local = now.with_timezone(&tz);
    Some(format!(
        "{} ({}, UTC{})",
        local.format("%H:%M %a"),
        zone.trim(),
        local.format("%:z")
    ))
}

/// True when `zone` is a time zone onramp knows (an IANA name such as `Europe/Dublin`).
pub fn is_known_time_zone(zone: &str) -> bool {
    zone.trim().parse::<chrono_tz::Tz>().is_ok()
}

fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.contains(|c: char| c.is_whitespace() || c == '<' || c == '>')
}

/// Escapes every ASCII punctuation mark (`CommonMark` shows `\x` as `x` for all of them) and
/// turns line breaks into spaces, so a value stays plain text on its own line.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A link destination in angle brackets, so spaces and parentheses in an id are kept.
fn destination(target: &str) -> String {
    let clean: String = target
        .chars()
        .filter(|c| !matches!(c, '<' | '>' | '\n' | '\r'))
        .collect();
    format!("<{clean}>")
}

/// The sections a page ends with, as Markdown lists of links: for a person, the pages they
/// own, the user's notes about them and the other notes that mention them; for any other
/// page, the notes about it. Empty when there are none.
pub fn page_appendix(doc: &Document, library: &Library) -> String {
    let about = library.notes_about(doc);
    let sections: Vec<(String, Vec<&Document>)> = if doc.kind == Kind::Person {
        let first = escape(doc.title.split_whitespace().next().unwrap_or(&doc.title));
        let (own, others): (Vec<&Document>, Vec<&Document>) =
            about.into_iter().partition(|n| n.is_own_note());
        let mut mention = others;
        for n in library.notes_mentioning(doc) {
            if !own.iter().chain(&mention).any(|d| d.id == n.id) {
                mention.push(n);
            }
        }
        vec![
            (format!("Pages {first} owns"), library.owned_by(&doc.id)),
            (format!("Your notes about {first}"), own),
            (format!("Notes that mention {first}"), mention),
        ]
    } else {
        vec![("Notes about this page".to_string(), about)]
    };
    let mut out = String::new();
    for (heading, pages) in sections {
        if pages.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n\n## {heading}\n");
        for d in pages {
            let _ = writeln!(out, "- [{}]({})", escape(&d.title), destination(&d.id));
        }
    }
    out
}

/// The page's body with its appendix: what the reader lays out below the header.
pub fn page_body(doc: &Document, library: &Library) -> String {
    let mut body = doc.body.clone();
    body.push_str(&page_appendix(doc, library));
    body
}

/// The whole page as readers see it: its title (when the body has no heading of its own),
/// the header right below the title, the body, and the appendix.
pub fn page_markdown(doc: &Document, library: &Library, at: Moment) -> String {
    let header = PageHeader::of(doc, library, at).to_markdown();
    let body = page_body(doc, library);
    let mut out = String::with_capacity(body.len() + header.len() + 64);
    if first_heading(&doc.body).is_none() {
        let _ = write!(out, "# {}\n\n", escape(doc.title.trim()));
        if !header.is_empty() {
            out.push_str(&header);
            out.push('\n');
        }
        out.push_str(&body);
        return out;
    }
    // The header goes right under a title on the first line; else on top.
    let lead = body.len() - body.trim_start_matches(['\n', ' ']).len();
    let first_end = body[lead..].find('\n').map_or(body.len(), |i| lead + i);
    let first = &body[lead..first_end];
    if first.starts_with("# ") && !header.is_empty() {
        out.push_str(&body[..first_end]);
        out.push_str("\n\n");
        out.push_str(&header);
        out.push('\n');
        out.push_str(body[first_end..].trim_start_matches('\n'));
    } else {
        if !header.is_empty() {
            out.push_str(&header);
            out.push('\n');
        }
        out.push_str(&body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_values_stay_plain_text() {
        assert_eq!(escape("[x](y) *b*\n# h"), "\\[x\\]\\(y\\) \\*b\\* \\# h");
    }

    #[test]
    fn local_time_follows_the_zone() {
        let now: DateTime<Utc> = "2026-09-15T12:00:00Z".parse().unwrap();
        assert_eq!(
            local_time("America/Sao_Paulo", now).as_deref(),
            Some("09:00 Tue (America/Sao_Paulo, UTC-03:00)")
        );
        assert_eq!(local_time("Mars/Olympus", now), None);
        assert!(is_known_time_zone(" Europe/Dublin "));
    }
}
