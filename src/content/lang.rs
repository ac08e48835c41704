//! Finding a page's language when its frontmatter does not say: first from its path
//! (`pages.it/`, `it/`), then from the share of common function words in its text.

/// Languages onramp can tell apart by their function words.
const STOPWORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "is", "in", "for", "with", "a", "on", "this", "that", "from",
            "your", "you",
        ],
    ),
    (
        "it",
        &[
            "il", "lo", "la", "gli", "le", "di", "del", "della", "che", "per", "con", "una", "un",
            "è", "sono", "nel", "dei", "delle", "non", "da",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "ist", "nicht", "mit", "den", "ein", "eine", "zu", "von",
            "für", "auf",
        ],
    ),
    (
        "fr",
        &[
            "le", "les", "des", "et", "est", "une", "du", "pour", "dans", "avec", "pas", "sur",
            "au", "aux",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "del", "y", "es", "una", "para", "con", "por", "en", "que", "como",
            "al",
        ],
    ),
    (
        "pt",
        &[
            "o", "os", "as", "do", "da", "dos", "das", "e", "é", "um", "uma", "para", "com", "em",
            "não",
        ],
    ),
];

/// Two-letter codes accepted as a folder name meaning "pages in this language".
const LANG_FOLDERS: &[&str] = &[
    "ar", "bg", "bn", "bs", "ca", "cs", "da", "de", "el", "en", "es", "fa", "fi", "fr", "hi", "hu",
    "id", "it", "ja", "ko", "lo", "ml", "ne", "nl", "no", "pl", "pt", "ro", "ru", "sh", "sr", "sv",
    "ta", "th", "tr", "uk", "uz", "zh",
];

/// The language a relative path implies: a folder `pages.it` or `pages.pt_BR` (tldr's
/// layout) or a folder named by a two-letter code (`guides/it/`).
pub fn from_path(rel_path: &str) -> Option<String> {
    let mut folders: Vec<&str> = rel_path.split('/').collect();
    folders.pop();
    for folder in folders {
        if let Some(code) = folder.strip_prefix("pages.") {
            let base = code
                .split(['_', '-'])
                .next()
                .unwrap_or(code)
                .to_ascii_lowercase();
            if !base.is_empty() {
                return Some(base);
            }
        }
        if LANG_FOLDERS.contains(&folder) {
            return Some(folder.to_string());
        }
    }
    None
}

/// Guesses the language of `text` from its function words; `None` when the text is too
/// short or too mixed to tell.
pub fn detect(text: &str) -> Option<&'static str> {
    let mut counts = [0usize; STOPWORDS.len()];
    let mut words = 0usize;
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(2_000)
    {
        words += 1;
        let lower = word.to_lowercase();
        for (i, (_, list)) in STOPWORDS.iter().enumerate() {
            if list.contains(&lower.as_str()) {
                counts[i] += 1;
            }
        }
    }
    let (best, &best_count) = counts.iter().enumerate().max_by_key(|(_, c)| **c)?;
    let second = counts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != best)
        .map(|(_, c)| *c)
        .max()
        .unwrap_or(0);
    if words < 8 || best_count < 3 || best_count < second * 2 {
        return None;
    }
    Some(STOPWORDS[best].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_rules() {
        assert_eq!(from_path("pages.it/common/ln.md").as_deref(), Some("it"));
        assert_eq!(from_path("pages.pt_BR/linux/ls.md").as_deref(), Some("pt"));
        assert_eq!(from_path("guides/it/benvenuto.md").as_deref(), Some("it"));
        assert_eq!(from_path("pages/common/ln.md"), None);
        assert_eq!(from_path("it.md"), None);
    }

    #[test]
    fn detects_italian_and_english() {
        let it = "Questa guida spiega come creare un collegamento simbolico e che cosa sono i permessi dei file per gli utenti del sistema.";
        let en = "This guide explains how to create a symbolic link and what the file permissions are for the users of the system.";
        assert_eq!(detect(it), Some("it"));
        assert_eq!(detect(en), Some("en"));
        assert_eq!(detect("tar xzf"), None);
    }
}
