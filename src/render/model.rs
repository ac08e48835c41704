//! The parsed, width-independent form of a page: leaf blocks with the container prefixes they
//! sit in. Flat on purpose: nesting lives in each leaf's prefix list, so rendering never
//! recurses per nesting level.

use std::borrow::Cow;

/// Inline style flags; the theme turns them into colours and modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Sty(pub u16);

impl Sty {
    pub const EMPH: Sty = Sty(1);
    pub const STRONG: Sty = Sty(1 << 1);
    pub const STRIKE: Sty = Sty(1 << 2);
    pub const CODE: Sty = Sty(1 << 3);
    pub const LINK: Sty = Sty(1 << 4);
    pub const REF: Sty = Sty(1 << 5);
    pub const FOOTNOTE: Sty = Sty(1 << 6);
    pub const IMAGE: Sty = Sty(1 << 7);
    pub const DIM: Sty = Sty(1 << 8);
    pub const BORDER: Sty = Sty(1 << 9);
    pub const HEADER: Sty = Sty(1 << 10);
    pub const FRAME: Sty = Sty(1 << 11);
    pub const CODE_BLOCK: Sty = Sty(1 << 12);
    /// A placeholder in code (`{{file}}`, `<account>`), drawn so a reader sees what to fill in.
    pub const PLACEHOLDER: Sty = Sty(1 << 13);

    pub fn contains(self, other: Sty) -> bool {
        self.0 & other.0 == other.0
    }

    #[must_use]
    pub fn with(self, other: Sty) -> Sty {
        Sty(self.0 | other.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PieceKind {
    /// Bytes `start..end` of the layout's text: a page's text lives in one buffer, not in a
    /// string per piece, so parsing a large page allocates (and frees) far less.
    Text { start: usize, end: usize },
    /// Text made while drawing: a heading's `#`s, a due label.
    Own(Cow<'static, str>),
    /// A source line break inside a paragraph: a space when wrapped.
    Soft,
    /// A forced line break (`<br>`, two trailing spaces, a backslash).
    Break,
}

/// Set on a piece's `link` when it is a footnote reference: the rest is the note's index in
/// the layout's notes, not a link number.
pub const NOTE_REF: u32 = 1 << 31;

/// Set on a piece's `link` when it is an inline code span outside a link: the rest is the
/// span's index in the layout's code spans.
pub const CODE_REF: u32 = 1 << 30;

/// An inline code span: its text, and whether it stands as a command (see
/// [`super::CodeSpanPos`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSpan {
    /// As written, controls replaced by visible placeholders.
    pub text: String,
    pub command: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub kind: PieceKind,
    pub sty: Sty,
    pub link: Option<u32>,
}

impl Piece {
    pub fn own(text: impl Into<Cow<'static, str>>, sty: Sty, link: Option<u32>) -> Piece {
        Piece {
            kind: PieceKind::Own(text.into()),
            sty,
            link,
        }
    }

    /// The piece's text, `None` for a break; `text` is the layout's text buffer.
    pub fn str<'a>(&'a self, text: &'a str) -> Option<&'a str> {
        match &self.kind {
            PieceKind::Text { start, end } => text.get(*start..*end),
            PieceKind::Own(s) => Some(s),
            PieceKind::Soft | PieceKind::Break => None,
        }
    }
}

/// Plain text of pieces (breaks as spaces), for headings and table measurements.
pub fn plain(pieces: &[Piece], text: &str) -> String {
    let mut out = String::new();
    for p in pieces {
        out.push_str(p.str(text).unwrap_or(" "));
    }
    out
}

/// What a container draws in front of each line of a leaf inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartKind {
    Quote,
    Callout(CalloutKind),
    /// A list item: its marker (`• `, `3. `) on its first line, spaces after.
    Marker(Cow<'static, str>),
    /// A task item, by index into the layout's tasks.
    Task(usize),
    /// A footnote definition with its label.
    Footnote(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefixPart {
    /// Which container drew it, so a blank line between two leaves keeps only shared parts.
    pub id: u32,
    pub kind: PartKind,
    /// True on the container's first leaf: a marker is drawn on its first line only.
    pub first: bool,
}

/// Callout families, each with its own colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalloutKind {
    Note,
    Tip,
    Important,
    Warning,
    Danger,
}

impl CalloutKind {
    /// Maps `MkDocs` admonition types and GitHub alert kinds onto the five families.
    pub fn from_name(name: &str) -> CalloutKind {
        match name.to_ascii_lowercase().as_str() {
            "tip" | "hint" | "success" | "check" | "done" | "example" => CalloutKind::Tip,
            "important" | "question" | "help" | "faq" | "abstract" | "summary" | "tldr" => {
                CalloutKind::Important
            }
            "warning" | "caution" | "attention" => CalloutKind::Warning,
            "danger" | "error" | "failure" | "fail" | "missing" | "bug" => CalloutKind::Danger,
            _ => CalloutKind::Note,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Para(Vec<Piece>),
    Heading(u8, Vec<Piece>),
    /// An HTML `<summary>` or a callout title: a heading-like line outside the TOC.
    Title(Vec<Piece>),
    Code {
        lang: Option<String>,
        text: String,
    },
    Rule,
    Table {
        aligns: Vec<Align>,
        head_rows: usize,
        rows: Vec<Vec<Vec<Piece>>>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf {
    pub prefix: Vec<PrefixPart>,
    /// A blank line before it (false inside tight lists).
    pub gap: bool,
    pub body: Body,
    /// The task whose text this leaf holds, for its due label and position.
    pub task: Option<usize>,
    /// 0-based source line where the leaf starts.
    pub src_line: usize,
}

/// A task item found while parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRef {
    pub item_id: String,
    pub checked_in_source: bool,
    pub due: Option<crate::content::checklist::Due>,
}
