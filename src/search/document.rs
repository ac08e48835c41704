//! Turning a content page into what the index stores: its searchable parts (title, keys,
//! name, headings, lead, body) and the fingerprint that tells whether it changed.

use tantivy::TantivyDocument;

use super::schema::{FORMAT, Fields, LANGS, Part, SNIP_BYTES, exact_key, fold_analyzer};
use crate::content::plain::{Prose, prose};
use crate::content::{Document, lang};

/// Separates an id from its fingerprint in the `entry` field; ids never contain it.
pub const ENTRY_SEP: char = '\u{1f}';

/// What decides a page's indexed form: its bytes and everything the loader derived from
/// where it lives (id, kind, language, source).
pub fn fingerprint(doc: &Document, translations: u64) -> String {
    let mut h = blake3::Hasher::new();
    for part in [
        FORMAT.to_string().as_str(),
        translations.to_string().as_str(),
        doc.hash.as_str(),
        doc.id.as_str(),
        doc.kind.as_str(),
        doc.lang.as_str(),
        doc.source.as_str(),
        doc.path.as_str(),
        doc.title.as_str(),
        doc.description.as_deref().unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    h.finalize().to_hex()[..24].to_string()
}

pub fn entry(id: &str, fingerprint: &str) -> String {
    format!("{id}{ENTRY_SEP}{fingerprint}")
}

/// The same page in every language folder has the same key: `pages.it/common/ln.md` and
/// `pages/common/ln.md` give `pages/common/ln.md`; `guides/it/x.md` gives `guides/x.md`.
pub fn translation_key(source: &str, path: &str) -> String {
    let mut parts: Vec<&str> = path.split('/').collect();
    let file = parts.pop().unwrap_or("");
    let mut key = String::from(source);
    key.push('\0');
    for folder in parts {
        if let Some(base) = folder.split_once('.').map(|(b, _)| b)
            && lang::from_path(&format!("{folder}/x")).is_some()
        {
            key.push_str(base);
            key.push('/');
            continue;
        }
        if lang::from_path(&format!("{folder}/x")).as_deref() == Some(folder) {
            continue;
        }
        key.push_str(folder);
        key.push('/');
    }
    key.push_str(file);
    key
}

/// Builds the index document for `doc`.
pub fn to_index_doc(
    fields: &Fields,
    doc: &Document,
    fingerprint: &str,
    translations: u64,
) -> TantivyDocument {
    let mut out = TantivyDocument::new();
    out.add_u64(fields.translations, translations);
    out.add_text(fields.id, &doc.id);
    out.add_text(fields.entry, entry(&doc.id, fingerprint));
    out.add_text(fields.sort_title, doc.title.to_lowercase());
    out.add_text(fields.kind, doc.kind.as_str());
    out.add_text(fields.lang, &doc.lang);
    out.add_text(fields.path, &doc.path);
    out.add_text(fields.source, &doc.source);
    for tag in &doc.tags {
        out.add_text(fields.tag, tag.trim().to_lowercase());
    }
    if let Some(owner) = &doc.owner {
        out.add_text(fields.owner, owner.trim().to_lowercase());
    }
    let mut fold = fold_analyzer();
    for name in std::iter::once(&doc.title)
        .chain(&doc.aliases)
        .chain(&doc.expansion)
    {
        let key = exact_key(&mut fold, name);
        if !key.is_empty() {
            out.add_text(fields.exact, key);
        }
    }
    let lang_slot = LANGS.iter().position(|(code, _)| *code == doc.lang);
    out.add_u64(fields.native, u64::from(lang_slot.is_some()));
    let mut prose = Some(prose(&doc.body, &doc.title));
    for pf in &fields.parts {
        let texts = part_texts(doc, pf.part, &mut prose);
        for text in &texts {
            if text.is_empty() {
                continue;
            }
            out.add_text(pf.plain, text);
            if let Some(slot) = lang_slot
                && let Some(field) = pf.stemmed.get(slot)
            {
                out.add_text(*field, text);
            }
        }
        if pf.part == Part::Body {
            let text = texts.first().map_or("", String::as_str);
            let mut end = text.len().min(SNIP_BYTES);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            out.add_text(fields.snip, &text[..end]);
        }
        // The stored title is read back even when empty.
        if texts.is_empty() && pf.part == Part::Title {
            out.add_text(pf.plain, "");
        }
    }
    out
}

/// `prose` is the body read once; the headings and the body each take their share of it.
fn part_texts(doc: &Document, part: Part, prose: &mut Option<Prose>) -> Vec<String> {
    match part {
        Part::Title => {
            // A title that is an identifier (`etcdNoLeader`) is also searchable by its words.
            let split: Vec<String> = doc.title.split_whitespace().flat_map(split_name).collect();
            let split = split.join(" ");
            let mut titles = vec![doc.title.clone()];
            if split != doc.title.to_lowercase() && !split.is_empty() {
                titles.push(split);
            }
            titles
        }
        Part::Keys => {
            let mut keys: Vec<String> = doc.aliases.clone();
            keys.extend(doc.tags.iter().cloned());
            keys.extend(doc.expansion.iter().cloned());
            keys.extend(doc.person.ask_me_about.iter().cloned());
            keys.extend(doc.person.role.iter().cloned());
            keys.extend(doc.person.team.iter().cloned());
            keys
        }
        Part::Name => vec![name_text(&doc.id, &doc.path)],
        Part::Headings => prose
            .as_mut()
            .map(|p| std::mem::take(&mut p.headings))
            .unwrap_or_default(),
        // How to get access to a tool is what people ask about it: it counts as its lead.
        Part::Description => doc
            .description
            .clone()
            .or_else(|| lead(&doc.body))
            .into_iter()
            .chain(doc.tool.access.iter().cloned())
            .collect(),
        Part::Body => prose.take().map(|p| p.text).into_iter().collect(),
    }
}

/// The id's last segment and the file name, each kept whole and split into its words on
/// punctuation and case changes: `KubePodCrashLooping` also gives `kube pod crash looping`,
/// `ssh-keygen` also gives `ssh keygen`.
pub fn name_text(id: &str, path: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let stem = path.rsplit('/').next().unwrap_or(path);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, ext)| {
        if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") {
            s
        } else {
            stem
        }
    });
    let last = id.rsplit('/').next().unwrap_or(id);
    for name in [last, stem] {
        let whole = name.trim().to_lowercase();
        if whole.is_empty() || words.contains(&whole) {
            continue;
        }
        words.push(whole);
        for piece in split_name(name) {
            if !words.contains(&piece) {
                words.push(piece);
            }
        }
    }
    words.join(" ")
}

/// Splits on anything that is not a letter or digit, and between a lowercase letter or digit
/// and an uppercase one (`etcdNoLeader` -> `etcd no leader`, `HTTPServer` stays whole).
pub fn split_name(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev: Option<char> = None;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current).to_lowercase());
            }
            prev = None;
            continue;
        }
        if let Some(p) = prev
            && c.is_uppercase()
            && (p.is_lowercase() || p.is_ascii_digit())
            && !current.is_empty()
        {
            out.push(std::mem::take(&mut current).to_lowercase());
        }
        current.push(c);
        prev = Some(c);
    }
    if !current.is_empty() {
        out.push(current.to_lowercase());
    }
    out
}

/// The page's lead when it has no `description`: the block quote or paragraph right after the
/// first heading, without "More information" link lines.
pub fn lead(body: &str) -> Option<String> {
    let mut lines = Vec::new();
    let mut started = false;
    for line in body.lines() {
        let t = line.trim();
        if !started {
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if t.starts_with("```")
                || t.starts_with('-')
                || t.starts_with('*')
                || t.starts_with('|')
                || t.starts_with('<')
                || t.starts_with('!')
            {
                return None;
            }
            started = true;
        }
        if t.is_empty() || t.starts_with('#') {
            break;
        }
        let text = t.trim_start_matches('>').trim();
        if text.starts_with("More information") || text.starts_with("Maggiori informazioni") {
            continue;
        }
        lines.push(text.to_string());
        if lines.len() >= 6 {
            break;
        }
    }
    let joined = lines.join(" ");
    (!joined.trim().is_empty()).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("KubePodCrashLooping", &["kube", "pod", "crash", "looping"])]
    #[case("ssh-keygen", &["ssh", "keygen"])]
    #[case("etcdNoLeader", &["etcd", "no", "leader"])]
    #[case("whos_oncall", &["whos", "oncall"])]
    #[case("HTTPServer", &["httpserver"])]
    #[case("!", &[])]
    fn names_split(#[case] name: &str, #[case] want: &[&str]) {
        assert_eq!(split_name(name), want);
    }

    #[rstest]
    #[case("pages.it/common/ln.md", "pages/common/ln.md")]
    #[case("pages.pt_BR/common/ln.md", "pages/common/ln.md")]
    #[case("pages/common/ln.md", "pages/common/ln.md")]
    #[case("guides/it/x.md", "guides/x.md")]
    #[case("runbooks/disk.md", "runbooks/disk.md")]
    fn translation_keys(#[case] path: &str, #[case] key: &str) {
        assert_eq!(translation_key("s", path), format!("s\0{key}"));
    }

    #[test]
    fn name_text_keeps_whole_and_parts() {
        assert_eq!(
            name_text(
                "runbooks/KubePodCrashLooping",
                "runbooks/KubePodCrashLooping.md"
            ),
            "kubepodcrashlooping kube pod crash looping"
        );
        assert_eq!(
            name_text("pages/common/ssh-keygen", "pages/common/ssh-keygen.md"),
            "ssh-keygen ssh keygen"
        );
    }

    #[test]
    fn lead_is_the_quote_after_the_title() {
        let body = "# tar\n\n> Archiving utility.\n> Often combined.\n> More information: <https://x>.\n\n- Create:\n";
        assert_eq!(
            lead(body).as_deref(),
            Some("Archiving utility. Often combined.")
        );
        assert_eq!(lead("# t\n\n- item\n"), None);
    }
}
