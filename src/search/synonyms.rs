//! Words that mean the same thing in the pages people search: "remove" finds a page that says
//! "delete", "cartella" one that says "directory". One small table per language, matched by
//! stem, so any form of a word ("removing", "rimuovere") finds the others. Never ranks:
//! `query` decides how much a synonym weighs.

use std::collections::HashMap;
use std::sync::OnceLock;

use tantivy::tokenizer::Language;

use super::query::analyse;
use super::schema::lang_analyzer;

/// Groups of words with one meaning in everyday use about computers and work, by language.
/// Kept general on purpose: a team's own vocabulary belongs in its pages' `aliases`.
const GROUPS: &[(&str, &[&str])] = &[
    ("en", &["remove", "delete", "erase"]),
    ("en", &["folder", "directory"]),
    ("en", &["show", "display", "print", "view"]),
    ("en", &["search", "find", "look"]),
    ("en", &["stop", "kill", "terminate", "end"]),
    ("en", &["start", "launch", "run", "execute"]),
    ("en", &["download", "fetch"]),
    ("en", &["create", "make", "new"]),
    ("en", &["extract", "unpack", "decompress", "unzip"]),
    ("en", &["compress", "zip", "pack"]),
    ("en", &["change", "modify", "edit", "alter"]),
    ("en", &["rename", "move"]),
    ("en", &["sync", "synchronize", "synchronise", "mirror"]),
    ("en", &["error", "failure", "fault"]),
    ("en", &["replace", "substitute"]),
    ("en", &["machine", "host", "server", "computer"]),
    ("it", &["cercare", "trovare", "ricercare"]),
    ("it", &["cartella", "directory"]),
    ("it", &["rimuovere", "eliminare", "cancellare"]),
    ("it", &["mostrare", "visualizzare", "elencare", "stampare"]),
    ("it", &["creare", "generare"]),
    ("it", &["modificare", "cambiare"]),
    ("it", &["avviare", "eseguire", "lanciare"]),
    ("it", &["fermare", "terminare", "arrestare"]),
    ("it", &["scaricare", "download"]),
    ("it", &["estrarre", "decomprimere"]),
    ("it", &["comprimere", "archiviare"]),
    ("it", &["copiare", "duplicare"]),
];

/// Stems of the other words in each group a stem belongs to, per language.
type Table = HashMap<(&'static str, String), Vec<String>>;

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Table = HashMap::new();
        for (code, words) in GROUPS {
            let language = match *code {
                "it" => Language::Italian,
                _ => Language::English,
            };
            let mut stemmer = lang_analyzer(language);
            let stems: Vec<String> = words
                .iter()
                .filter_map(|w| analyse(&mut stemmer, w).into_iter().next())
                .collect();
            for stem in &stems {
                let others = table.entry((*code, stem.clone())).or_default();
                for other in &stems {
                    if other != stem && !others.contains(other) {
                        others.push(other.clone());
                    }
                }
            }
        }
        table
    })
}

/// The stems that mean what `stem` means in language `code` (not `stem` itself).
pub fn of(code: &str, stem: &str) -> &'static [String] {
    let key_code = match code {
        "it" => "it",
        "en" => "en",
        _ => return &[],
    };
    table()
        .get(&(key_code, stem.to_string()))
        .map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_form_finds_the_others() {
        let mut en = lang_analyzer(Language::English);
        let removing = analyse(&mut en, "removing").remove(0);
        let delete = analyse(&mut en, "delete").remove(0);
        assert!(of("en", &removing).contains(&delete));
        let mut it = lang_analyzer(Language::Italian);
        let cartelle = analyse(&mut it, "cartelle").remove(0);
        assert!(of("it", &cartelle).contains(&"directory".to_string()));
        assert!(of("fr", &removing).is_empty());
        assert!(of("en", "zzz").is_empty());
    }
}
