//! Display width the way ratatui's buffer counts cells: unicode-width per grapheme cluster.
//! Owns the fast path that skips grapheme segmentation; never changes a result.
//!
//! Segmenting into graphemes is the costliest step of wrapping, yet most text is made of
//! characters that always form a cluster of their own (no combining mark, joiner, Hangul
//! jamo, regional indicator or control around). For those the sum of the characters' widths
//! is the sum of the clusters' widths, so only strings holding another character pay for the
//! segmentation.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Ranges of characters that are a grapheme cluster on their own whatever surrounds them,
/// and whose width alone is their width in any string. Checked character by character
/// against the segmenting path in the tests below.
const STANDALONE: &[(char, char)] = &[
    ('\u{20}', '\u{7E}'),     // ASCII printable
    ('\u{A0}', '\u{AC}'),     // Latin-1 (U+00AD soft hyphen is a control to segmentation)
    ('\u{AE}', '\u{2FF}'),    // Latin-1, Latin extended, IPA, spacing modifiers
    ('\u{370}', '\u{482}'),   // Greek, Cyrillic (combining marks from U+0483)
    ('\u{48A}', '\u{52F}'),   // Cyrillic
    ('\u{2010}', '\u{2027}'), // punctuation (U+200B..U+200F and U+2028 are excluded)
    ('\u{2030}', '\u{205E}'), // punctuation
    ('\u{2070}', '\u{20CF}'), // super- and subscripts, currency
    ('\u{2100}', '\u{2BFF}'), // letterlike, arrows, maths, box drawing, shapes, symbols
    ('\u{2E80}', '\u{3029}'), // CJK radicals, punctuation (U+302A..U+302F combine)
    ('\u{3030}', '\u{303F}'), // CJK punctuation
    ('\u{3041}', '\u{3096}'), // hiragana (U+3099, U+309A combine)
    ('\u{309B}', '\u{30FF}'), // katakana
    ('\u{3400}', '\u{4DBF}'), // CJK extension A
    ('\u{4E00}', '\u{9FFF}'), // CJK unified ideographs
    ('\u{AC00}', '\u{D7A3}'), // Hangul syllables (they join only with jamo, not listed here)
    ('\u{FF01}', '\u{FF9D}'), // full- and halfwidth forms (U+FF9E, U+FF9F combine)
];

fn standalone(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    // Sorted ranges: a binary search finds the only candidate.
    let i = STANDALONE.partition_point(|&(_, hi)| hi < c);
    STANDALONE.get(i).is_some_and(|&(lo, _)| lo <= c)
}

/// Display width of one grapheme, the way ratatui's buffer counts it.
pub fn grapheme_width(g: &str) -> usize {
    g.width()
}

/// Display width of a string, summed per grapheme.
#[inline]
pub fn str_width(s: &str) -> usize {
    // Inlined for the common ASCII case: wrapping measures every word and space.
    if s.is_ascii() {
        s.len()
    } else {
        non_ascii_width(s)
    }
}

fn non_ascii_width(s: &str) -> usize {
    let mut width = 0;
    for c in s.chars() {
        if !standalone(c) {
            return s.graphemes(true).map(grapheme_width).sum();
        }
        width += c.width().unwrap_or(0);
    }
    width
}

/// True when every grapheme of `s` is one character of [`STANDALONE`]: then splitting by
/// characters is splitting by graphemes.
pub fn all_standalone(s: &str) -> bool {
    if s.is_ascii() {
        return s.bytes().all(|b| (b' '..=b'~').contains(&b));
    }
    s.chars().all(standalone)
}

/// Width of one character known to be standalone.
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slow(s: &str) -> usize {
        s.graphemes(true).map(grapheme_width).sum()
    }

    #[test]
    fn every_standalone_char_is_its_own_grapheme_with_its_own_width() {
        for &(lo, hi) in STANDALONE {
            for c in lo..=hi {
                let s = c.to_string();
                assert_eq!(s.graphemes(true).count(), 1, "{c:?}");
                assert_eq!(char_width(c), slow(&s), "{c:?}");
                // Between two other standalone characters it still stands alone.
                let framed = format!("a{c}\u{4E00}{c}é");
                assert_eq!(framed.graphemes(true).count(), 5, "{c:?}");
                assert_eq!(str_width(&framed), slow(&framed), "{c:?}");
            }
        }
    }

    #[test]
    fn ranges_are_sorted_and_disjoint() {
        for pair in STANDALONE.windows(2) {
            assert!(pair[0].0 <= pair[0].1 && pair[0].1 < pair[1].0, "{pair:?}");
        }
    }

    #[test]
    fn joining_characters_take_the_segmenting_path() {
        for s in [
            "e\u{301}",
            "👩‍💻",
            "\u{1F1EB}\u{1F1F7}",
            "\u{1100}\u{1161}\u{11A8}",
            "가\u{11A8}",
            "か\u{3099}",
            "a\u{AD}b",
            "☺\u{FE0F}",
        ] {
            assert!(!s.chars().all(standalone), "{s:?}");
            assert_eq!(str_width(s), slow(s), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn fast_width_matches_grapheme_width(s in any::<String>()) {
            prop_assert_eq!(str_width(&s), slow(&s));
        }

        #[test]
        fn standalone_strings_split_by_chars(
            s in "[ -~\u{A0}-\u{2FF}\u{370}-\u{52F}\u{2010}-\u{2BFF}\u{3000}-\u{30FF}\u{AC00}-\u{AC20}\u{4E00}-\u{4E20}\u{FF01}-\u{FFA0}]{0,40}"
        ) {
            if all_standalone(&s) {
                prop_assert_eq!(s.graphemes(true).count(), s.chars().count());
            }
            prop_assert_eq!(str_width(&s), slow(&s));
        }
    }
}
