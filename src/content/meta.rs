//! A page without its body, as a cache keeps it: every field the lookups (ids, links, site
//! addresses, owners), the page header and `list` read, in a compact binary form, and which
//! pages cannot do without their body. Owns that codec and that rule; never reads files and
//! never decides when a cached page is current (the cache's owner proves that).
//!
//! The path, source, layer, pack and file of a page follow from the file and its source, so
//! they are not stored: decoding takes them from the caller, as loading does.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::document::{Document, Kind, PersonFields, ToolFields};
use super::load::{Location, Source, strip_md_extension};
use crate::codec::{Dec, Enc};

/// True when the library's rules read this kind's body: which notes mention a person or
/// link to a page (`notes_about`, `notes_mentioning`), a checklist's items (progress). A
/// library of light pages keeps these in full.
pub fn needs_body(kind: Kind) -> bool {
    matches!(kind, Kind::Note | Kind::Checklist)
}

/// Flags of the fields that are present, so an absent field costs one bit.
const EXPLICIT_ID: u32 = 1;
const DESCRIPTION: u32 = 1 << 1;
const TAGS: u32 = 1 << 2;
const ALIASES: u32 = 1 << 3;
const OWNER: u32 = 1 << 4;
const LAST_REVIEWED: u32 = 1 << 5;
const REVIEW_EVERY: u32 = 1 << 6;
const PHASE: u32 = 1 << 7;
const ORDER: u32 = 1 << 8;
const PERSON: u32 = 1 << 9;
const TOOL: u32 = 1 << 10;
const EXPANSION: u32 = 1 << 11;
const EXTRA: u32 = 1 << 12;
/// Not a field: the addresses the page's frontmatter gives it (`library::own_addresses`),
/// kept right after the kind for [`peek_page`].
const ADDRESSES: u32 = 1 << 13;

/// Appends `doc` without its body to `out`. `doc` must be a page of the file at `doc.path`.
pub fn encode_page(doc: &Document, out: &mut Vec<u8>) {
    let own = super::library::own_addresses(doc);
    let person = doc.person != PersonFields::default();
    let tool = doc.tool != ToolFields::default();
    let flags = [
        (doc.id != strip_md_extension(&doc.path), EXPLICIT_ID),
        (doc.description.is_some(), DESCRIPTION),
        (!doc.tags.is_empty(), TAGS),
        (!doc.aliases.is_empty(), ALIASES),
        (doc.owner.is_some(), OWNER),
        (doc.last_reviewed.is_some(), LAST_REVIEWED),
        (doc.review_every.is_some(), REVIEW_EVERY),
        (doc.phase.is_some(), PHASE),
        (doc.order.is_some(), ORDER),
        (person, PERSON),
        (tool, TOOL),
        (doc.expansion.is_some(), EXPANSION),
        (!doc.extra.is_empty(), EXTRA),
        (!own.is_empty(), ADDRESSES),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .fold(0, |acc, (_, bit)| acc | bit);
    let mut e = Enc(std::mem::take(out));
    e.uint(u64::from(flags));
    let kind = Kind::ALL.iter().position(|k| *k == doc.kind).unwrap_or(0);
    e.uint(kind as u64);
    if flags & ADDRESSES != 0 {
        e.strs(&own);
    }
    if flags & EXPLICIT_ID != 0 {
        e.str(&doc.id);
    }
    e.str(&doc.title);
    e.str(&doc.lang);
    e.uint(doc.body_line as u64);
    if let Some(d) = &doc.description {
        e.str(d);
    }
    if flags & TAGS != 0 {
        e.strs(&doc.tags);
    }
    if flags & ALIASES != 0 {
        e.strs(&doc.aliases);
    }
    if let Some(o) = &doc.owner {
        e.str(o);
    }
    if let Some(d) = doc.last_reviewed {
        e.int(i64::from(d.num_days_from_ce()));
    }
    if let Some(r) = doc.review_every {
        e.str(&r.to_string());
    }
    if let Some(p) = doc.phase {
        e.uint(u64::from(p));
    }
    if let Some(o) = doc.order {
        e.int(o);
    }
    if person {
        let p = &doc.person;
        for f in [&p.role, &p.team, &p.timezone, &p.contact] {
            e.opt(f.as_deref());
        }
        e.strs(&p.ask_me_about);
    }
    if tool {
        let t = &doc.tool;
        for f in [&t.url, &t.access, &t.channel] {
            e.opt(f.as_deref());
        }
    }
    if let Some(x) = &doc.expansion {
        e.str(x);
    }
    if flags & EXTRA != 0 {
        e.str(&serde_json::to_string(&doc.extra).unwrap_or_default());
    }
    *out = e.0;
}

/// A recorded page's kind and the addresses its frontmatter gives it (see
/// `Reach::admits`), read without decoding the rest.
pub fn peek_page(bytes: &[u8]) -> Option<(Kind, Vec<&str>)> {
    let mut d = Dec(bytes);
    let flags = d.uint()?;
    let kind = *Kind::ALL.get(usize::try_from(d.uint()?).ok()?)?;
    let mut own = Vec::new();
    if flags & u64::from(ADDRESSES) != 0 {
        for _ in 0..d.len()? {
            own.push(d.str()?);
        }
    }
    Some((kind, own))
}

/// The page [`encode_page`] wrote for the file `rel` of `source`, with an empty body, raw
/// text and hash; `None` when the bytes are not such a page.
pub fn decode_page(
    bytes: &[u8],
    rel: &str,
    source: &Source,
    source_name: &str,
) -> Option<Document> {
    let mut d = Dec(bytes);
    let flags = u32::try_from(d.uint()?).ok()?;
    let on = |bit: u32| flags & bit != 0;
    let kind = *Kind::ALL.get(usize::try_from(d.uint()?).ok()?)?;
    if on(ADDRESSES) {
        d.strings()?;
    }
    let id = if on(EXPLICIT_ID) {
        d.string()?
    } else {
        strip_md_extension(rel).to_string()
    };
    let title = d.string()?;
    let lang = d.string()?;
    let body_line = usize::try_from(d.uint()?).ok()?;
    let description = if on(DESCRIPTION) {
        Some(d.string()?)
    } else {
        None
    };
    let tags = if on(TAGS) { d.strings()? } else { Vec::new() };
    let aliases = if on(ALIASES) {
        d.strings()?
    } else {
        Vec::new()
    };
    let owner = if on(OWNER) { Some(d.string()?) } else { None };
    let last_reviewed = if on(LAST_REVIEWED) {
        Some(NaiveDate::from_num_days_from_ce_opt(
            i32::try_from(d.int()?).ok()?,
        )?)
    } else {
        None
    };
    let review_every = if on(REVIEW_EVERY) {
        Some(d.str()?.parse().ok()?)
    } else {
        None
    };
    let phase = if on(PHASE) {
        Some(u8::try_from(d.uint()?).ok()?)
    } else {
        None
    };
    let order = if on(ORDER) { Some(d.int()?) } else { None };
    let person = if on(PERSON) {
        PersonFields {
            role: d.opt().ok()?,
            team: d.opt().ok()?,
            timezone: d.opt().ok()?,
            contact: d.opt().ok()?,
            ask_me_about: d.strings()?,
        }
    } else {
        PersonFields::default()
    };
    let tool = if on(TOOL) {
        ToolFields {
            url: d.opt().ok()?,
            access: d.opt().ok()?,
            channel: d.opt().ok()?,
        }
    } else {
        ToolFields::default()
    };
    let expansion = if on(EXPANSION) {
        Some(d.string()?)
    } else {
        None
    };
    let extra: BTreeMap<String, serde_json::Value> = if on(EXTRA) {
        serde_json::from_str(d.str()?).ok()?
    } else {
        BTreeMap::new()
    };
    if !d.0.is_empty() {
        return None;
    }
    Some(Document {
        id,
        kind,
        title,
        description,
        tags,
        aliases,
        owner,
        last_reviewed,
        review_every,
        lang,
        phase,
        order,
        person,
        tool,
        expansion,
        extra,
        path: rel.to_string(),
        source: source_name.to_string(),
        layer: source.layer,
        pack: source.site.pack.clone(),
        body: String::new(),
        body_line,
        raw: String::new(),
        hash: String::new(),
        file: match &source.location {
            Location::Dir(root) => Some(root.join(rel)),
            Location::Embedded => None,
        },
    })
}

/// This format's own pieces over the shared primitives: a string that may be absent is its
/// length plus one (0 for none), a list is its count then each string.
trait PageEnc {
    fn opt(&mut self, s: Option<&str>);
    fn strs(&mut self, list: &[String]);
}

impl PageEnc for Enc {
    fn opt(&mut self, s: Option<&str>) {
        match s {
            None => self.uint(0),
            Some(s) => {
                self.uint(s.len() as u64 + 1);
                self.0.extend_from_slice(s.as_bytes());
            }
        }
    }

    fn strs(&mut self, list: &[String]) {
        self.uint(list.len() as u64);
        for s in list {
            self.str(s);
        }
    }
}

trait PageDec {
    /// A string that may be absent; `Err` on damage.
    fn opt(&mut self) -> Result<Option<String>, ()>;
    fn strings(&mut self) -> Option<Vec<String>>;
}

impl PageDec for Dec<'_> {
    fn opt(&mut self) -> Result<Option<String>, ()> {
        match self
            .uint()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or(())?
        {
            0 => Ok(None),
            n => Ok(Some(self.text(n - 1).ok_or(())?.to_string())),
        }
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        let n = self.len()?;
        (0..n).map(|_| self.string()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Layer, LoadOptions, load};

    /// Every page of the bundled pack and of a folder with every field comes back from its
    /// bytes as it loaded, less its body.
    #[test]
    fn pages_round_trip_without_their_body() {
        let dir = tempfile::tempdir().unwrap();
        let page = "---\nid: custom/x\ntitle: X\ndescription: d\ntags: [a, b]\naliases: [\"/x/\"]\n\
                    owner: people/ana\nlast_reviewed: 2026-01-02\nreview_every: 90d\nphase: 2\n\
                    order: -3\nrole: SRE\nask_me_about: [dns]\nurl: https://x.example\n\
                    expansion: eXtra\npermalink: /xx/\n---\n# Body\n";
        std::fs::write(dir.path().join("x.md"), page).unwrap();
        let sources = [Source::bundled(), Source::dir(Layer::Flag, dir.path())];
        let lib = load(&sources, &LoadOptions::default());
        assert!(lib.get("custom/x").is_some());
        for doc in lib.docs() {
            let source = sources.iter().find(|s| s.name() == doc.source).unwrap();
            let mut bytes = Vec::new();
            encode_page(doc, &mut bytes);
            let back = decode_page(&bytes, &doc.path, source, &doc.source).unwrap();
            let want = Document {
                body: String::new(),
                raw: String::new(),
                hash: String::new(),
                ..doc.clone()
            };
            assert_eq!(back, want, "{}", doc.id);
            assert_eq!(
                decode_page(&bytes[..bytes.len() - 1], &doc.path, source, &doc.source),
                None
            );
        }
    }
}
