//! The templates a note starts from: every page of kind `template` in the loaded sources
//! (the bundled pack's `templates/`, a team pack's own), by a short name (`shadowing`,
//! `it/shadowing`, `team:standup`); which one fits a page; and filling in `{{title}}`,
//! `{{date}}` and `{{person}}`.

use crate::content::{Document, Kind, Library, frontmatter};

use super::NotesError;

/// A template and the name `--template` takes for it.
#[derive(Debug, Clone, Copy)]
pub struct Template<'a> {
    pub doc: &'a Document,
}

impl Template<'_> {
    /// Its id without `templates/` (`it/shadowing`), `PACK:` first for a pack's.
    pub fn name(&self) -> String {
        let local = self.doc.local_id();
        let short = local.strip_prefix("templates/").unwrap_or(local);
        match &self.doc.pack {
            Some(pack) => format!("{pack}:{short}"),
            None => short.to_string(),
        }
    }

    /// The name without its pack (`standup` for `team:standup`).
    fn bare_name(self) -> String {
        let name = self.name();
        match &self.doc.pack {
            Some(pack) => name
                .strip_prefix(pack.as_str())
                .and_then(|r| r.strip_prefix(':'))
                .unwrap_or(&name)
                .to_string(),
            None => name,
        }
    }

    /// The last part of its name (`shadowing` for `it/shadowing`): the tag a note from it
    /// gets.
    pub fn tag(&self) -> String {
        let name = self.bare_name();
        name.rsplit('/').next().unwrap_or(&name).to_string()
    }

    /// The template's Markdown as written, without its frontmatter: a site's template tags
    /// are not read in it, so `{{title}}` is there to fill.
    pub fn skeleton(&self) -> &str {
        frontmatter::split(&self.doc.raw).body
    }
}

/// Every template, by name: the unqualified ones first.
pub fn templates(library: &Library) -> Vec<Template<'_>> {
    let mut all: Vec<Template<'_>> = library
        .of_kind(Kind::Template)
        .map(|doc| Template { doc })
        .collect();
    all.sort_by_key(|t| (t.doc.pack.is_some(), t.name()));
    all
}

/// The names of every template, for messages and completions.
pub fn template_names(library: &Library) -> Vec<String> {
    templates(library).iter().map(Template::name).collect()
}

/// The template `name` names: its name (`shadowing`, `it/shadowing`, `team:standup`), its
/// page id, or a pack template's name without the pack when one pack only has it.
pub fn find_template<'a>(library: &'a Library, name: &str) -> Result<Template<'a>, NotesError> {
    let name = name.trim();
    let all = templates(library);
    if let Some(t) = all
        .iter()
        .find(|t| t.name() == name || t.doc.id == name || t.doc.qualified_id() == name)
    {
        return Ok(*t);
    }
    let bare: Vec<&Template<'_>> = all
        .iter()
        .filter(|t| t.doc.pack.is_some() && t.bare_name() == name)
        .collect();
    match bare.as_slice() {
        [one] => Ok(**one),
        [] => Err(NotesError::UnknownTemplate {
            name: name.to_string(),
            known: all.iter().map(Template::name).collect(),
        }),
        many => Err(NotesError::AmbiguousTemplate {
            name: name.to_string(),
            candidates: many.iter().map(|t| t.name()).collect(),
        }),
    }
}

/// The template a note written from `page` starts from: a shadowing note for a person, in
/// the person's language when there is one in it; none (a plain note) elsewhere.
pub fn default_template<'a>(library: &'a Library, page: Option<&Document>) -> Option<Template<'a>> {
    let page = page.filter(|p| p.kind == Kind::Person)?;
    let wanted = "shadowing";
    let in_lang = format!("{}/{wanted}", page.lang);
    find_template(library, &in_lang)
        .or_else(|_| find_template(library, wanted))
        .ok()
}

/// `skeleton` with its placeholders filled: `{{title}}`, `{{date}}` and `{{person}}` (also
/// written with spaces inside the braces); any other `{{...}}` is left as written.
pub fn fill(skeleton: &str, title: &str, date: &str, person: &str) -> String {
    let mut out = String::with_capacity(skeleton.len() + title.len());
    let mut rest = skeleton;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            return out;
        };
        let value = match after[..close].trim() {
            "title" => Some(title),
            "date" => Some(date),
            "person" => Some(person),
            _ => None,
        };
        match value {
            Some(v) => out.push_str(v),
            None => out.push_str(&rest[open..open + 2 + close + 2]),
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{LoadOptions, Source, load};

    #[test]
    fn a_packs_templates_are_named_with_the_pack_or_alone_when_unique() {
        let dir = tempfile::tempdir().unwrap();
        for (pack, rel) in [("team", "templates/standup.md"), ("ops", "forms/retro.md")] {
            let file = dir.path().join(pack).join(rel);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, "---\nkind: template\n---\n# {{title}}\n").unwrap();
        }
        let lib = load(
            &[
                Source::bundled(),
                Source::pack("team", &dir.path().join("team")),
                Source::pack("ops", &dir.path().join("ops")),
            ],
            &LoadOptions::default(),
        );
        let names = template_names(&lib);
        assert_eq!(
            names.last().map(String::as_str),
            Some("team:standup"),
            "{names:?}"
        );
        assert!(names.iter().any(|n| n == "ops:forms/retro"), "{names:?}");
        assert_eq!(
            find_template(&lib, "standup").unwrap().name(),
            "team:standup"
        );
        assert_eq!(
            find_template(&lib, "team:standup").unwrap().tag(),
            "standup"
        );
        assert_eq!(
            find_template(&lib, "forms/retro").unwrap().name(),
            "ops:forms/retro"
        );
    }

    #[test]
    fn placeholders_fill_and_others_stay() {
        assert_eq!(
            fill(
                "# {{title}}\n{{ date }} with {{person}}; {{other}} {{",
                "T",
                "D",
                "P"
            ),
            "# T\nD with P; {{other}} {{"
        );
    }

    #[test]
    fn bundled_templates_are_found_by_name_and_fit_a_person_in_their_language() {
        let lib = load(&[Source::bundled()], &LoadOptions::default());
        let names = template_names(&lib);
        for name in [
            "shadowing",
            "one-on-one",
            "meeting",
            "daily",
            "it/shadowing",
            "it/one-on-one",
            "it/meeting",
            "it/daily",
        ] {
            assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
        }
        let t = find_template(&lib, "templates/it/daily").unwrap();
        assert_eq!(t.name(), "it/daily");
        assert_eq!(t.tag(), "daily");
        assert!(t.skeleton().contains("{{title}}"), "{}", t.skeleton());
        assert!(!t.skeleton().contains("kind: template"));
        let err = find_template(&lib, "shadowng").unwrap_err().to_string();
        assert!(err.contains("shadowing"), "{err}");
        let person = lib.get("people/chiara-bassi").unwrap();
        let pick = default_template(&lib, Some(person)).unwrap();
        let want = if person.lang == "it" {
            "it/shadowing"
        } else {
            "shadowing"
        };
        assert_eq!(pick.name(), want);
        assert!(default_template(&lib, lib.get("guides/welcome")).is_none());
    }
}
