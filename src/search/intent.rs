//! What a question asks for, read from its first words in English and Italian ("who knows",
//! "what is", "where do I", "chi", "cos'è", "dove"): which of its words only ask and are not
//! searched for, and how much each kind of page is preferred for it ([`PRIORS`]). Never
//! searches and never ranks by itself: `query` turns this into queries and factors.

use crate::content::Kind;

/// What a question is after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// "who knows about X", "who can explain X", "chi è il mio manager": a person.
    Person,
    /// "what is X", "what does X mean", "meaning of X", "cos'è X": what a word means.
    Meaning,
    /// "where do I X", "how do I get X", "dove trovo X": the tool or the steps that do it.
    Place,
    /// "how do I X", "how to X", "come faccio a X": steps; no kind is preferred, the words
    /// only ask.
    Steps,
}

/// THE table of kind priors: a page of the kind scores this many times more when the
/// question has the intent. Learnt from the development sets (a new hire's questions about the
/// bundled pack, and questions over tldr-pages and the `PagerDuty` docs): enough to put the
/// person, term or tool asked about above the guides that mention the topic more often, and
/// no more, so a page that matches the question far better still wins.
pub const PRIORS: [(Intent, Kind, f32); 4] = [
    (Intent::Person, Kind::Person, 3.0),
    (Intent::Meaning, Kind::Term, 3.0),
    (Intent::Place, Kind::Tool, 2.0),
    (Intent::Place, Kind::Runbook, 1.5),
];

/// Score factor for a page whose title, alias or expansion is exactly what was asked about
/// (`SLA`, `what is an SME`, `my mentor`): such a page is the answer unless little else matches.
pub const EXACT_FACTOR: f32 = 3.0;

/// The kind priors of `intent`.
pub fn priors(intent: Intent) -> impl Iterator<Item = (Kind, f32)> {
    PRIORS
        .iter()
        .filter(move |(i, ..)| *i == intent)
        .map(|(_, kind, factor)| (*kind, *factor))
}

/// How a question opens: its first words (folded: lowercase, no accents, apostrophes split),
/// the words that may follow them and still only ask, and the intent.
struct Opening {
    words: &'static [&'static str],
    intent: Intent,
    /// Only when the question also ends as the intent says ("what does X *mean*").
    needs_closing: bool,
}

const fn open(words: &'static [&'static str], intent: Intent) -> Opening {
    Opening {
        words,
        intent,
        needs_closing: false,
    }
}

/// Longest first where one opening starts another.
const OPENINGS: &[Opening] = &[
    open(&["who"], Intent::Person),
    open(&["whom"], Intent::Person),
    open(&["whos"], Intent::Person),
    open(&["chi"], Intent::Person),
    open(&["what", "is"], Intent::Meaning),
    open(&["what", "s"], Intent::Meaning),
    open(&["whats"], Intent::Meaning),
    open(&["what", "are"], Intent::Meaning),
    Opening {
        words: &["what", "does"],
        intent: Intent::Meaning,
        needs_closing: true,
    },
    Opening {
        words: &["what", "do"],
        intent: Intent::Meaning,
        needs_closing: true,
    },
    open(&["meaning", "of"], Intent::Meaning),
    open(&["definition", "of"], Intent::Meaning),
    open(&["define"], Intent::Meaning),
    open(&["che", "cos", "e"], Intent::Meaning),
    open(&["che", "cosa", "e"], Intent::Meaning),
    open(&["che", "cosa", "significa"], Intent::Meaning),
    open(&["che", "cosa", "sono"], Intent::Meaning),
    open(&["che", "significa"], Intent::Meaning),
    open(&["cos", "e"], Intent::Meaning),
    open(&["cosa", "e"], Intent::Meaning),
    open(&["cosa", "significa"], Intent::Meaning),
    open(&["cosa", "sono"], Intent::Meaning),
    open(&["cosa", "vuol", "dire"], Intent::Meaning),
    open(&["cosa", "vuole", "dire"], Intent::Meaning),
    open(&["significato", "di"], Intent::Meaning),
    open(&["how", "do", "i", "get"], Intent::Place),
    open(&["how", "can", "i", "get"], Intent::Place),
    open(&["how", "do", "we", "get"], Intent::Place),
    open(&["how", "to", "get"], Intent::Place),
    open(&["how", "do", "i", "access"], Intent::Place),
    open(&["how", "can", "i", "access"], Intent::Place),
    open(&["how", "to", "access"], Intent::Place),
    open(&["how", "do", "i", "request"], Intent::Place),
    open(&["how", "to", "request"], Intent::Place),
    open(&["where"], Intent::Place),
    open(&["wheres"], Intent::Place),
    open(&["dove"], Intent::Place),
    open(&["dov", "e"], Intent::Place),
    open(&["come", "ottengo"], Intent::Place),
    open(&["come", "posso", "avere"], Intent::Place),
    open(&["come", "posso", "ottenere"], Intent::Place),
    open(&["come", "accedo"], Intent::Place),
    open(&["come", "richiedo"], Intent::Place),
    open(&["how", "do", "i"], Intent::Steps),
    open(&["how", "can", "i"], Intent::Steps),
    open(&["how", "do", "we"], Intent::Steps),
    open(&["how", "should", "i"], Intent::Steps),
    open(&["how", "to"], Intent::Steps),
    open(&["come", "faccio", "a"], Intent::Steps),
    open(&["come", "si"], Intent::Steps),
];

/// Words that may follow an opening and still only ask ("who *can help with* X", "what is
/// *the meaning of* X", "where *do I find* X", "chi *si occupa di* X"): articles, auxiliaries
/// and the verbs of asking, never a word that could be the topic.
fn follows(intent: Intent, word: &str) -> bool {
    let more = match intent {
        Intent::Person => PERSON_FOLLOWS,
        Intent::Meaning => MEANING_FOLLOWS,
        Intent::Place => PLACE_FOLLOWS,
        Intent::Steps => &[],
    };
    ARTICLES.contains(&word) || more.contains(&word)
}

#[rustfmt::skip]
const ARTICLES: &[&str] = &[
    "a", "an", "the", "un", "una", "uno", "il", "lo", "la", "l", "i", "gli", "le",
];

/// After "who": knowing, helping, owning, explaining; "chi" likewise.
#[rustfmt::skip]
const PERSON_FOLLOWS: &[&str] = &[
    "knows", "know", "can", "could", "should", "would", "will", "do", "does", "did", "i", "we",
    "is", "s", "are", "am", "to", "ask", "asking", "about", "help", "helps", "with", "me", "us",
    "explain", "explains", "understands", "answers", "questions", "for", "handles", "handle",
    "owns", "own", "manages", "manage", "leads", "covers", "responsible", "charge", "of",
    "e", "sa", "sanno", "conosce", "conoscono", "puo", "possono", "posso", "chiedere", "chiedo",
    "per", "di", "mi", "aiutare", "aiuta", "aiutarmi", "spiegare", "spiega", "mio", "mia", "si",
    "occupa", "occupano",
];

#[rustfmt::skip]
const MEANING_FOLLOWS: &[&str] = &[
    "meaning", "definition", "of", "meant", "by", "significato", "di", "del", "della",
];

/// After "where" or "how do I get": finding, getting, going, access.
#[rustfmt::skip]
const PLACE_FOLLOWS: &[&str] = &[
    "do", "does", "i", "we", "can", "could", "should", "is", "are", "s", "to", "find", "get",
    "go", "access", "e", "posso", "possiamo", "si", "trovo", "trova", "trovano", "trovare",
    "accesso", "a", "al", "alla",
];

/// How a "what does X …" question may end and still only ask.
const CLOSINGS: &[&[&str]] = &[
    &["mean"],
    &["means"],
    &["stand", "for"],
    &["stands", "for"],
    &["refer", "to"],
    &["do"],
    &["significa"],
    &["vuol", "dire"],
];

/// Possessives that say whose, not what: "my mentor" asks about a mentor. Not searched for
/// anywhere in a question.
const POSSESSIVES: &[&str] = &["my", "your", "our", "mine"];

/// A question read: its intent and, per word, whether it only asks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Question {
    pub intent: Option<Intent>,
    pub asking: Vec<bool>,
}

/// Reads `words` (as [`super::query::parse`] splits them).
pub fn read(words: &[String]) -> Question {
    let folded: Vec<Vec<String>> = words.iter().map(|w| fold(w)).collect();
    let mut asking: Vec<bool> = folded
        .iter()
        .map(|t| t.len() == 1 && POSSESSIVES.contains(&t[0].as_str()))
        .collect();
    // Each token with the word it came from.
    let tokens: Vec<(usize, &str)> = folded
        .iter()
        .enumerate()
        .flat_map(|(i, t)| t.iter().map(move |s| (i, s.as_str())))
        .collect();
    let mut intent = None;
    for opening in OPENINGS {
        let n = opening.words.len();
        if tokens.len() < n
            || tokens[..n]
                .iter()
                .map(|t| t.1)
                .ne(opening.words.iter().copied())
        {
            continue;
        }
        // The opening must end where a word ends: "whois" is not "who".
        if tokens.get(n).is_some_and(|t| t.0 == tokens[n - 1].0) {
            continue;
        }
        let mut end = n;
        while let Some(&(_, t)) = tokens.get(end)
            && follows(opening.intent, t)
        {
            end += 1;
        }
        // Asking words end where a word ends, and leave a word to search for.
        while end > n && tokens.get(end).is_some_and(|t| t.0 == tokens[end - 1].0) {
            end -= 1;
        }
        let closing = closing_len(&tokens[end..]);
        if opening.needs_closing && closing.is_none() {
            continue;
        }
        for t in &tokens[..end] {
            asking[t.0] = true;
        }
        if let Some(c) = closing {
            for t in &tokens[tokens.len() - c..] {
                asking[t.0] = true;
            }
        }
        intent = Some(opening.intent);
        break;
    }
    Question { intent, asking }
}

/// Tokens at the end of `tail` that close a question, starting at a word and leaving a word
/// before them.
fn closing_len(tail: &[(usize, &str)]) -> Option<usize> {
    CLOSINGS
        .iter()
        .find(|c| {
            let start = tail.len().saturating_sub(c.len());
            tail.len() > c.len()
                && tail[start].0 != tail[start - 1].0
                && tail[start..].iter().map(|t| t.1).eq(c.iter().copied())
        })
        .map(|c| c.len())
}

/// Lowercase, accents folded, split on apostrophes and other marks: `Cos'è` -> `cos`, `e`.
fn fold(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in word.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            current.push(unaccent(c));
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The letter without its accent, for the accented letters of English and Italian questions.
fn unaccent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn words(q: &str) -> Vec<String> {
        q.split_whitespace().map(str::to_string).collect()
    }

    /// The words left to search for.
    fn topic(q: &str) -> (Option<Intent>, String) {
        let w = words(q);
        let read = read(&w);
        let left: Vec<&str> = w
            .iter()
            .zip(&read.asking)
            .filter(|(_, a)| !**a)
            .map(|(w, _)| w.as_str())
            .collect();
        (read.intent, left.join(" "))
    }

    #[rstest]
    #[case("who knows about networking", Some(Intent::Person), "networking")]
    #[case(
        "Who can explain replication lag",
        Some(Intent::Person),
        "replication lag"
    )]
    #[case(
        "who runs launch war rooms",
        Some(Intent::Person),
        "runs launch war rooms"
    )]
    #[case(
        "who helps with access requests",
        Some(Intent::Person),
        "access requests"
    )]
    #[case("who is on call", Some(Intent::Person), "on call")]
    #[case("chi è il mio manager", Some(Intent::Person), "manager")]
    #[case("chi si occupa di fatture", Some(Intent::Person), "fatture")]
    #[case("what is an SME", Some(Intent::Meaning), "SME")]
    #[case("what's a TAM", Some(Intent::Meaning), "TAM")]
    #[case("what does SLA stand for", Some(Intent::Meaning), "SLA")]
    #[case("what does QBR mean", Some(Intent::Meaning), "QBR")]
    #[case("what is the meaning of burstable", Some(Intent::Meaning), "burstable")]
    #[case("meaning of burstable", Some(Intent::Meaning), "burstable")]
    #[case(
        "che cos'è un pool di macchine",
        Some(Intent::Meaning),
        "pool di macchine"
    )]
    #[case("Cos'è la ridondanza", Some(Intent::Meaning), "ridondanza")]
    #[case("cosa significa LRR", Some(Intent::Meaning), "LRR")]
    #[case(
        "where do I chat with the team",
        Some(Intent::Place),
        "chat with the team"
    )]
    #[case("where is the office map", Some(Intent::Place), "office map")]
    #[case("how do I get access to the vpn", Some(Intent::Place), "vpn")]
    #[case("where do I get access to casebook", Some(Intent::Place), "casebook")]
    #[case("who handles escalations", Some(Intent::Person), "escalations")]
    #[case("dove trovo le fatture", Some(Intent::Place), "fatture")]
    #[case("dov'è l'ufficio", Some(Intent::Place), "l'ufficio")]
    #[case("how do I rotate a key", Some(Intent::Steps), "rotate a key")]
    #[case(
        "how to extract a tar archive",
        Some(Intent::Steps),
        "extract a tar archive"
    )]
    #[case("my mentor", None, "mentor")]
    fn questions(#[case] q: &str, #[case] intent: Option<Intent>, #[case] left: &str) {
        assert_eq!(topic(q), (intent, left.to_string()));
    }

    #[rstest]
    // No question: every word is the topic.
    #[case("what happens in the training weeks")]
    #[case("whois lookup")]
    #[case("whatis")]
    #[case("what do we do on day one")]
    #[case("the site went down during a launch")]
    #[case("SLA")]
    #[case("")]
    fn not_questions(#[case] q: &str) {
        let w = words(q);
        let read = read(&w);
        assert_eq!(read.intent, None, "{q}");
        assert!(read.asking.iter().all(|a| !a), "{q}: {read:?}");
    }

    #[test]
    fn a_question_of_only_asking_words_asks_with_all_of_them() {
        let read = read(&words("who is"));
        assert_eq!(read.intent, Some(Intent::Person));
        assert_eq!(read.asking, [true, true]);
    }

    #[test]
    fn every_intent_with_priors_prefers_its_kinds() {
        let kinds = |i| priors(i).map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(kinds(Intent::Person), [Kind::Person]);
        assert_eq!(kinds(Intent::Meaning), [Kind::Term]);
        assert_eq!(kinds(Intent::Place), [Kind::Tool, Kind::Runbook]);
        assert!(kinds(Intent::Steps).is_empty());
        assert!(PRIORS.iter().all(|(.., f)| *f > 1.0));
    }
}
