//! A page's language: finding it when its frontmatter does not say (first from its path,
//! `pages.it/`, `it/`, then from the share of common function words in its text), and
//! writing dates the way readers of that language do ([`short_date`]), so an Italian
//! checklist says "ven 20 nov" wherever its dates are drawn.

use chrono::{Datelike, NaiveDate};

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

/// Day and month names as each language abbreviates them, Monday and January first.
/// A language not listed here writes its dates in English.
const DATE_NAMES: &[(&str, [&str; 7], [&str; 12])] = &[
    (
        "en",
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ],
    ),
    (
        "it",
        ["lun", "mar", "mer", "gio", "ven", "sab", "dom"],
        [
            "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
        ],
    ),
];

/// `date` as a reader of `lang` writes it on a calendar: "Fri 20 Nov" in English, "ven 20
/// nov" in Italian, with the year when it is not `today`'s ("Fri 20 Nov 2027"). `lang` is a
/// page's language (`it`, `pt_BR`, `en-GB`); unknown languages read English. The one way
/// a due date is written: the reader, the home, checklists and due screens and the command
/// line all call it.
pub fn short_date(date: NaiveDate, lang: &str, today: NaiveDate) -> String {
    let (days, months) = names(lang);
    let day = days[date.weekday().num_days_from_monday() as usize];
    let month = months[date.month0() as usize];
    if date.year() == today.year() {
        format!("{day} {} {month}", date.day())
    } else {
        format!("{day} {} {month} {}", date.day(), date.year())
    }
}

/// A date in the past or far off, with its year and no weekday: "12 Sep 2026", "12 set
/// 2026". What a page's header says of its reviews.
pub fn full_date(date: NaiveDate, lang: &str) -> String {
    let (_, months) = names(lang);
    format!(
        "{} {} {}",
        date.day(),
        months[date.month0() as usize],
        date.year()
    )
}

/// The day and month names of `lang`, English for a language not listed.
fn names(lang: &str) -> (&'static [&'static str; 7], &'static [&'static str; 12]) {
    let base = lang.split(['_', '-']).next().unwrap_or(lang);
    let (_, days, months) = DATE_NAMES
        .iter()
        .find(|(code, _, _)| code.eq_ignore_ascii_case(base))
        .unwrap_or(&DATE_NAMES[0]);
    (days, months)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("2026-11-20", "en", "Fri 20 Nov")]
    #[case("2026-11-20", "it", "ven 20 nov")]
    #[case("2026-11-20", "it-IT", "ven 20 nov")]
    #[case("2026-03-01", "IT", "dom 1 mar")]
    #[case("2026-11-20", "pt_BR", "Fri 20 Nov")]
    #[case("2026-11-20", "", "Fri 20 Nov")]
    #[case("2027-01-04", "it", "lun 4 gen 2027")]
    #[case("2027-01-04", "en", "Mon 4 Jan 2027")]
    fn dates_read_as_in_their_language(
        #[case] date: &str,
        #[case] lang: &str,
        #[case] expected: &str,
    ) {
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        assert_eq!(short_date(date.parse().unwrap(), lang, today), expected);
    }

    #[test]
    fn full_dates_have_their_year_and_no_weekday() {
        let date = NaiveDate::from_ymd_opt(2026, 9, 12).unwrap();
        assert_eq!(full_date(date, "en"), "12 Sep 2026");
        assert_eq!(full_date(date, "it"), "12 set 2026");
    }

    #[test]
    fn english_names_agree_with_chrono() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let mut date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        while date.year() == 2026 {
            assert_eq!(
                short_date(date, "en", today),
                date.format("%a %-d %b").to_string()
            );
            date = date.succ_opt().unwrap();
        }
    }

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
