//! Wrapping styled inline pieces into lines no wider than a given number of columns, by
//! display width (unicode-width per grapheme, as ratatui measures cells).

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::model::{Piece, PieceKind, Sty};

/// One styled run on a wrapped line; `link` is the reference number of the link it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    pub text: String,
    pub sty: Sty,
    pub link: Option<u32>,
}

/// A wrapped line: its runs and their total display width.
#[derive(Debug, Clone, Default)]
pub struct WLine {
    pub segs: Vec<Seg>,
    pub width: usize,
}

impl WLine {
    fn push(&mut self, text: &str, width: usize, sty: Sty, link: Option<u32>) {
        if let Some(last) = self.segs.last_mut()
            && last.sty == sty
            && last.link == link
        {
            last.text.push_str(text);
        } else {
            self.segs.push(Seg {
                text: text.to_string(),
                sty,
                link,
            });
        }
        self.width += width;
    }
}

/// Display width of one grapheme, the way ratatui's buffer counts it.
pub fn grapheme_width(g: &str) -> usize {
    g.width()
}

/// Display width of a string, summed per grapheme.
pub fn str_width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// An unbreakable run of one style inside a word.
struct Atom<'a> {
    text: &'a str,
    width: usize,
    sty: Sty,
    link: Option<u32>,
}

/// Greedy first-fit wrapping. Whitespace runs are break opportunities (kept only between
/// words on the same line); a word longer than the line is broken between graphemes; a
/// grapheme wider than the whole line becomes `…`.
pub fn wrap(pieces: &[Piece], width: usize) -> Vec<WLine> {
    let width = width.max(1);
    let mut w = Wrapper {
        width,
        lines: Vec::new(),
        line: WLine::default(),
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
            PieceKind::Text(text) => w.text(text, piece.sty, piece.link),
        }
    }
    w.finish_word();
    if !w.line.segs.is_empty() || w.lines.is_empty() {
        let line = std::mem::take(&mut w.line);
        w.lines.push(line);
    }
    w.lines
}

struct Wrapper<'a> {
    width: usize,
    lines: Vec<WLine>,
    line: WLine,
    /// Whitespace waiting to be placed before the next word, if it stays on this line.
    space: Option<(&'a str, usize, Sty, Option<u32>)>,
    word: Vec<Atom<'a>>,
    word_width: usize,
}

impl<'a> Wrapper<'a> {
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
            let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let word = &rest[..word_len];
            let width = str_width(word);
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
        let line = std::mem::take(&mut self.line);
        self.lines.push(line);
    }

    fn finish_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        let word_width = std::mem::replace(&mut self.word_width, 0);
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
            for g in atom.text.graphemes(true) {
                let gw = grapheme_width(g);
                if gw > self.width {
                    if self.line.width + 1 > self.width {
                        self.newline();
                    }
                    self.line.push("…", 1, atom.sty, atom.link);
                    continue;
                }
                if self.line.width + gw > self.width {
                    self.newline();
                }
                self.line.push(g, gw, atom.sty, atom.link);
            }
        }
    }
}

/// Splits one line of code into chunks of at most `width` columns (by grapheme).
pub fn chunk(line: &str, width: usize) -> Vec<(String, usize)> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0;
    for g in line.graphemes(true) {
        let (g, gw) = match grapheme_width(g) {
            gw if gw > width => ("…", 1),
            gw => (g, gw),
        };
        if cur_w + gw > width {
            out.push((std::mem::take(&mut cur), cur_w));
            cur_w = 0;
        }
        cur.push_str(g);
        cur_w += gw;
    }
    out.push((cur, cur_w));
    out
}

/// Expands tabs to spaces with tab stops every `stop` columns.
pub fn expand_tabs(line: &str, stop: usize) -> String {
    if !line.contains('\t') {
        return line.to_string();
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
    out
}
