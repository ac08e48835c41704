//! Wrapping styled inline pieces into lines no wider than a given number of columns, by
//! display width (unicode-width per grapheme, as ratatui measures cells).

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use super::model::{Piece, PieceKind, Sty};
use super::width::{all_standalone, char_width};
pub use super::width::{grapheme_width, str_width};

/// One styled run on a wrapped line; `link` is the reference number of the link it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    pub text: Cow<'static, str>,
    /// Display width of `text`, known when it was built so nobody measures it again.
    pub width: usize,
    pub sty: Sty,
    pub link: Option<u32>,
}

impl Seg {
    pub fn new(text: impl Into<Cow<'static, str>>, sty: Sty) -> Seg {
        let text = text.into();
        Seg {
            width: str_width(&text),
            text,
            sty,
            link: None,
        }
    }
}

/// A wrapped line: its runs and their total display width.
#[derive(Debug, Clone, Default)]
pub struct WLine {
    pub segs: Vec<Seg>,
    pub width: usize,
}

/// A styled run of a [`LineRef`]: it ends at byte `end` of the line's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub end: usize,
    pub width: usize,
    pub sty: Sty,
    pub link: Option<u32>,
}

/// A wrapped line lent to the caller of [`wrap_with`]: one buffer of text cut into runs, so
/// the line is built without an allocation per word and copied out once.
pub struct LineRef<'b> {
    pub text: &'b str,
    pub runs: &'b [Run],
}

impl LineRef<'_> {
    /// The runs as owned segments.
    pub fn segs(&self) -> impl ExactSizeIterator<Item = Seg> + '_ {
        let mut start = 0;
        self.runs.iter().map(move |r| {
            let text = &self.text[start..r.end];
            start = r.end;
            Seg {
                text: Cow::Owned(text.to_string()),
                width: r.width,
                sty: r.sty,
                link: r.link,
            }
        })
    }
}

/// The line being filled.
#[derive(Default)]
struct LineBuf {
    text: String,
    runs: Vec<Run>,
    width: usize,
}

impl LineBuf {
    fn push(&mut self, text: &str, width: usize, sty: Sty, link: Option<u32>) {
        self.text.push_str(text);
        let end = self.text.len();
        match self.runs.last_mut() {
            Some(last) if last.sty == sty && last.link == link => {
                last.end = end;
                last.width += width;
            }
            _ => self.runs.push(Run {
                end,
                width,
                sty,
                link,
            }),
        }
        self.width += width;
    }
}

/// Calls `f` with each grapheme of `s` and its width; by characters when that is the same.
pub fn each_grapheme<'s>(s: &'s str, mut f: impl FnMut(&'s str, usize)) {
    if all_standalone(s) {
        for (i, c) in s.char_indices() {
            f(&s[i..i + c.len_utf8()], char_width(c));
        }
    } else {
        for g in s.graphemes(true) {
            f(g, grapheme_width(g));
        }
    }
}

/// An unbreakable run of one style inside a word.
struct Atom<'a> {
    text: &'a str,
    width: usize,
    sty: Sty,
    link: Option<u32>,
}

/// Greedy first-fit wrapping into owned lines (table cells need them all at once).
pub fn wrap(text: &str, pieces: &[Piece], width: usize) -> Vec<WLine> {
    let mut lines = Vec::new();
    wrap_with(text, pieces, width, |line| {
        lines.push(WLine {
            segs: line.segs().collect(),
            width: line.runs.iter().map(|r| r.width).sum(),
        });
    });
    lines
}

/// Greedy first-fit wrapping, handing each line to `sink` as it is done (at least one line,
/// maybe empty). Whitespace runs are break opportunities (kept only between words on the same
/// line); a word longer than the line is broken between graphemes; a grapheme wider than the
/// whole line becomes `…`.
/// `text` is the layout's text buffer the pieces point into.
pub fn wrap_with<'a>(text: &'a str, pieces: &'a [Piece], width: usize, sink: impl FnMut(LineRef)) {
    let mut w = Wrapper {
        width: width.max(1),
        sink,
        lines: 0,
        line: LineBuf::default(),
        space: None,
        word: Vec::new(),
        word_width: 0,
    };
    for piece in pieces {
        match &piece.kind {
            PieceKind::Break => {
                w.finish_word();
                w.space = None;
                w.newline();
            }
            PieceKind::Soft => {
                w.finish_word();
                w.set_space(" ", piece.sty, piece.link);
            }
            PieceKind::Text { .. } | PieceKind::Own(_) => {
                w.text(piece.str(text).unwrap_or_default(), piece.sty, piece.link);
            }
        }
    }
    w.finish_word();
    if !w.line.runs.is_empty() || w.lines == 0 {
        w.newline();
    }
}

struct Wrapper<'a, F> {
    width: usize,
    sink: F,
    /// Lines handed out so far.
    lines: usize,
    line: LineBuf,
    /// Whitespace waiting to be placed before the next word, if it stays on this line.
    space: Option<(&'a str, usize, Sty, Option<u32>)>,
    word: Vec<Atom<'a>>,
    word_width: usize,
}

impl<'a, F: FnMut(LineRef)> Wrapper<'a, F> {
    fn text(&mut self, text: &'a str, sty: Sty, link: Option<u32>) {
        let mut rest = text;
        while !rest.is_empty() {
            let ws_len = rest.len() - rest.trim_start().len();
            if ws_len > 0 {
                self.finish_word();
                // Inline code keeps its spacing; prose collapses whitespace to one space.
                let run = &rest[..ws_len];
                if sty.contains(Sty::CODE) && !run.contains(['\n', '\t']) {
                    self.set_space(run, sty, link);
                } else {
                    self.set_space(" ", sty, link);
                }
                rest = &rest[ws_len..];
                continue;
            }
            // A word of printable ASCII ends at ASCII whitespace and is as wide as it is long;
            // anything else takes the general path.
            let ascii = rest
                .bytes()
                .position(|b| !b.is_ascii_graphic())
                .unwrap_or(rest.len());
            let (word_len, width) = match rest.as_bytes().get(ascii) {
                None => (ascii, ascii),
                Some(&b) if char::from(b).is_whitespace() => (ascii, ascii),
                Some(_) => {
                    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
                    (len, str_width(&rest[..len]))
                }
            };
            let word = &rest[..word_len];
            self.word.push(Atom {
                text: word,
                width,
                sty,
                link,
            });
            self.word_width += width;
            rest = &rest[word_len..];
        }
    }

    fn set_space(&mut self, run: &'a str, sty: Sty, link: Option<u32>) {
        if self.space.is_none() {
            self.space = Some((run, str_width(run), sty, link));
        }
    }

    fn newline(&mut self) {
        (self.sink)(LineRef {
            text: &self.line.text,
            runs: &self.line.runs,
        });
        self.lines += 1;
        self.line.text.clear();
        self.line.runs.clear();
        self.line.width = 0;
    }

    fn finish_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        // Taken and given back so its allocation serves every word of the paragraph.
        let mut word = std::mem::take(&mut self.word);
        let word_width = std::mem::replace(&mut self.word_width, 0);
        self.place_word(&word, word_width);
        word.clear();
        self.word = word;
    }

    fn place_word(&mut self, word: &[Atom<'a>], word_width: usize) {
        let space = self.space.take();
        let space_width = match space {
            Some((_, sw, _, _)) if self.line.width > 0 => sw,
            _ => 0,
        };
        if self.line.width + space_width + word_width <= self.width {
            if space_width > 0
                && let Some((run, sw, sty, link)) = space
            {
                self.line.push(run, sw, sty, link);
            }
            for atom in word {
                self.line.push(atom.text, atom.width, atom.sty, atom.link);
            }
            return;
        }
        if self.line.width > 0 {
            self.newline();
        }
        if word_width <= self.width {
            for atom in word {
                self.line.push(atom.text, atom.width, atom.sty, atom.link);
            }
            return;
        }
        for atom in word {
            if atom.width + self.line.width <= self.width {
                self.line.push(atom.text, atom.width, atom.sty, atom.link);
                continue;
            }
            each_grapheme(atom.text, |g, gw| {
                if gw > self.width {
                    if self.line.width + 1 > self.width {
                        self.newline();
                    }
                    self.line.push("…", 1, atom.sty, atom.link);
                    return;
                }
                if self.line.width + gw > self.width {
                    self.newline();
                }
                self.line.push(g, gw, atom.sty, atom.link);
            });
        }
    }
}

/// Splits one line of code into chunks of at most `width` columns (by grapheme).
pub fn chunk(line: &str, width: usize) -> Vec<(String, usize)> {
    let width = width.max(1);
    if line.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        // Printable ASCII: one column per byte, so chunks are plain slices.
        if line.is_empty() {
            return vec![(String::new(), 0)];
        }
        return line
            .as_bytes()
            .chunks(width)
            .map(|c| (String::from_utf8_lossy(c).into_owned(), c.len()))
            .collect();
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0;
    each_grapheme(line, |g, gw| {
        let (g, gw) = if gw > width { ("…", 1) } else { (g, gw) };
        if cur_w + gw > width {
            out.push((std::mem::take(&mut cur), cur_w));
            cur_w = 0;
        }
        cur.push_str(g);
        cur_w += gw;
    });
    out.push((cur, cur_w));
    out
}

/// Expands tabs to spaces with tab stops every `stop` columns.
pub fn expand_tabs(line: &str, stop: usize) -> Cow<'_, str> {
    if !line.contains('\t') {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut col = 0;
    for g in line.graphemes(true) {
        if g == "\t" {
            let n = stop - col % stop;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push_str(g);
            col += grapheme_width(g);
        }
    }
    Cow::Owned(out)
}
