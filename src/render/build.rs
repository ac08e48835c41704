//! pulldown-cmark events to the flat leaf list of a [`Layout`](super::Layout). Every text that
//! reaches a leaf passes `term_safe` here, after parsing, because entities decode to controls.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd,
};

use super::admonition::{self, Callout};
use super::html::{HtmlState, Tok};
use super::model::{
    Align, Body, CODE_REF, CalloutKind, CodeSpan, Leaf, NOTE_REF, PartKind, Piece, PieceKind,
    PrefixPart, Sty, TaskRef, plain,
};
use crate::content::checklist::{self, Item};
use crate::content::sanitize::{term_safe, term_safe_inline};

/// Containers drawn in front of a line; deeper ones still parse but draw nothing.
pub const MAX_DRAWN_DEPTH: usize = 16;
/// Link and image targets longer than this are cut (they are shown, not fetched).
const MAX_TARGET: usize = 2048;

pub struct Built {
    pub text: String,
    pub leaves: Vec<Leaf>,
    pub links: Vec<String>,
    pub code_spans: Vec<CodeSpan>,
    pub tasks: Vec<TaskRef>,
    pub notes: Vec<String>,
    pub note_defs: Vec<(usize, usize)>,
}

enum FrameKind {
    Quote,
    Callout(CalloutKind),
    List {
        next: Option<u64>,
        loose: bool,
        /// Leaves whose gap this list decides when it ends (tight lists drop them).
        leaves: Vec<usize>,
    },
    Item {
        marker: Cow<'static, str>,
        task: Option<usize>,
    },
    Footnote {
        /// As drawn: sanitised, cut to 16 characters.
        label: String,
        /// As matched against references: sanitised, lower case.
        key: String,
    },
}

struct Frame {
    id: u32,
    kind: FrameKind,
    emitted: bool,
}

struct TableBuild {
    aligns: Vec<Align>,
    head_rows: usize,
    rows: Vec<Vec<Vec<Piece>>>,
    in_head: bool,
    line: usize,
    /// Built from HTML `<table>` rather than a GFM table.
    html: bool,
}

#[derive(PartialEq, Eq)]
enum Mode {
    Para,
    Heading(u8),
    Summary,
}

struct Builder<'s> {
    src: &'s str,
    line_starts: Vec<usize>,
    /// The line found last: events come mostly in source order, so the next is near it.
    line_hint: Cell<usize>,
    items_by_line: HashMap<usize, Item>,
    callouts: HashMap<usize, Callout>,
    /// The text of every piece, which pieces point into.
    text: String,
    leaves: Vec<Leaf>,
    deferred: Vec<bool>,
    links: Vec<String>,
    /// Inline code spans outside links, in page order.
    code_spans: Vec<CodeSpan>,
    tasks: Vec<TaskRef>,
    /// Referenced footnotes: labels as drawn, and their indexes by key.
    notes: Vec<String>,
    note_keys: HashMap<String, usize>,
    /// Footnote definitions: (key, index of their first leaf).
    note_defs: Vec<(String, usize)>,
    frames: Vec<Frame>,
    list_frames: Vec<usize>,
    footnotes_open: usize,
    next_id: u32,
    cur: Vec<Piece>,
    cur_line: usize,
    mode: Mode,
    emph: u32,
    strong: u32,
    strike: u32,
    html_sty: Sty,
    link_stack: Vec<u32>,
    image_depth: u32,
    code: Option<(Option<String>, String, usize)>,
    table: Option<TableBuild>,
    html: HtmlState,
    html_toks: Vec<Tok>,
    metadata: bool,
    pending_task: Option<usize>,
    html_cell_open: bool,
}

pub fn build(markdown: &str) -> Built {
    let rewritten = admonition::rewrite(markdown);
    let (src, callouts) = match &rewritten {
        Some((s, c)) => (s.as_str(), c.clone()),
        None => (markdown, HashMap::new()),
    };
    let (items, _) = checklist::items(markdown);
    let items_by_line = items.into_iter().map(|i| (i.line - 1, i)).collect();
    let mut line_starts = vec![0];
    line_starts.extend(
        src.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i + 1),
    );
    let mut b = Builder {
        src,
        line_starts,
        line_hint: Cell::new(0),
        items_by_line,
        callouts,
        text: String::with_capacity(markdown.len()),
        leaves: Vec::new(),
        deferred: Vec::new(),
        links: Vec::new(),
        code_spans: Vec::new(),
        tasks: Vec::new(),
        notes: Vec::new(),
        note_keys: HashMap::new(),
        note_defs: Vec::new(),
        frames: Vec::new(),
        list_frames: Vec::new(),
        footnotes_open: 0,
        next_id: 0,
        cur: Vec::new(),
        cur_line: 0,
        mode: Mode::Para,
        emph: 0,
        strong: 0,
        strike: 0,
        html_sty: Sty::default(),
        link_stack: Vec::new(),
        image_depth: 0,
        code: None,
        table: None,
        html: HtmlState::default(),
        html_toks: Vec::new(),
        metadata: false,
        pending_task: None,
        html_cell_open: false,
    };
    // Pages are read with the extensions content reads them with, everywhere.
    let options = crate::content::markdown_options();
    for (event, range) in Parser::new_ext(b.src, options).into_offset_iter() {
        b.event(event, range.start);
    }
    b.end_html_table();
    b.flush();
    b.finish()
}

impl Builder<'_> {
    fn line_of(&self, offset: usize) -> usize {
        line_at(&self.line_starts, &self.line_hint, offset)
    }

    fn sty(&self) -> Sty {
        let mut s = self.html_sty;
        if self.emph > 0 {
            s = s.with(Sty::EMPH);
        }
        if self.strong > 0 {
            s = s.with(Sty::STRONG);
        }
        if self.strike > 0 {
            s = s.with(Sty::STRIKE);
        }
        if !self.link_stack.is_empty() {
            s = s.with(Sty::LINK);
        }
        if self.image_depth > 0 {
            s = s.with(Sty::IMAGE);
        }
        s
    }

    fn push_text(&mut self, text: &str, extra: Sty, offset: Option<usize>) {
        if text.is_empty() {
            return;
        }
        if self.cur.is_empty()
            && let Some(o) = offset
        {
            self.cur_line = self.line_of(o);
        }
        // Most text is printable ASCII, which `term_safe` returns as it is; skip its scan then.
        let plain_ascii = text
            .bytes()
            .all(|b| (b' '..=b'~').contains(&b) || b == b'\n' || b == b'\t');
        let piece = if plain_ascii {
            self.stored(text, self.sty().with(extra))
        } else {
            self.stored(&term_safe(text), self.sty().with(extra))
        };
        self.cur.push(piece);
    }

    /// A piece holding `text`, which is added to the layout's text; in the current link.
    fn stored(&mut self, text: &str, sty: Sty) -> Piece {
        let start = self.text.len();
        self.text.push_str(text);
        Piece {
            kind: PieceKind::Text {
                start,
                end: self.text.len(),
            },
            sty,
            link: self.link_stack.last().copied(),
        }
    }

    fn event(&mut self, event: Event<'_>, offset: usize) {
        if self.metadata {
            if let Event::End(TagEnd::MetadataBlock(_)) = event {
                self.metadata = false;
            }
            return;
        }
        if let Some((_, code, _)) = &mut self.code {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(_) => self.end_code(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.push_text(&t, Sty::default(), Some(offset)),
            Event::Code(t) => self.code_span(&t, offset),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_text(&t, Sty::CODE, Some(offset));
            }
            Event::Html(t) | Event::InlineHtml(t) => self.html(&t, offset),
            Event::FootnoteReference(label) => self.note_ref(&label, offset),
            Event::SoftBreak => self.push_piece(PieceKind::Soft),
            Event::HardBreak => self.push_piece(PieceKind::Break),
            Event::Rule => {
                self.flush();
                self.push_leaf(Body::Rule, self.line_of(offset));
            }
            Event::TaskListMarker(checked) => self.task_marker(checked, offset),
        }
    }

    fn push_piece(&mut self, kind: PieceKind) {
        if !self.cur.is_empty() {
            let link = self.link_stack.last().copied();
            self.cur.push(Piece {
                kind,
                sty: self.sty(),
                link,
            });
        }
    }

    fn start(&mut self, tag: Tag<'_>, offset: usize) {
        match tag {
            Tag::Paragraph => {
                self.flush();
                if let Some(Frame {
                    kind: FrameKind::Item { .. },
                    ..
                }) = self.frames.last()
                    && let Some(&li) = self.list_frames.last()
                    && let FrameKind::List { loose, .. } = &mut self.frames[li].kind
                {
                    *loose = true;
                }
            }
            Tag::Heading { level, .. } => {
                self.flush();
                self.mode = Mode::Heading(heading_level(level));
                self.cur_line = self.line_of(offset);
            }
            Tag::BlockQuote(kind) => {
                self.flush();
                let line = self.line_of(offset);
                if let Some(c) = self.callouts.get(&line).cloned() {
                    self.push_frame(FrameKind::Callout(c.kind));
                    self.title(&c.title, line);
                } else if let Some(kind) = kind {
                    let (k, name) = alert(kind);
                    self.push_frame(FrameKind::Callout(k));
                    self.title(name, line);
                } else {
                    self.push_frame(FrameKind::Quote);
                }
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(|l| term_safe_inline(l).chars().take(24).collect()),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((lang, String::new(), self.line_of(offset)));
            }
            Tag::HtmlBlock => self.flush(),
            Tag::List(start) => {
                self.flush();
                self.push_frame(FrameKind::List {
                    next: start,
                    loose: false,
                    leaves: Vec::new(),
                });
                self.list_frames.push(self.frames.len() - 1);
            }
            Tag::Item => {
                self.flush();
                let depth = self.list_frames.len();
                let marker = match self.list_frames.last().map(|&i| &mut self.frames[i].kind) {
                    Some(FrameKind::List { next: Some(n), .. }) => {
                        let m = format!("{n}. ");
                        *n = n.saturating_add(1);
                        Cow::Owned(m)
                    }
                    _ => Cow::Borrowed(["• ", "◦ ", "▪ "][depth.saturating_sub(1) % 3]),
                };
                self.push_frame(FrameKind::Item { marker, task: None });
            }
            Tag::FootnoteDefinition(label) => {
                self.flush();
                let safe = term_safe_inline(&label);
                self.push_frame(FrameKind::Footnote {
                    label: safe.chars().take(16).collect(),
                    key: safe.to_lowercase(),
                });
                self.footnotes_open += 1;
            }
            Tag::Table(aligns) => {
                self.flush();
                self.cur_line = self.line_of(offset);
                self.table = Some(TableBuild {
                    aligns: aligns.iter().map(|a| align(*a)).collect(),
                    head_rows: 0,
                    rows: Vec::new(),
                    in_head: false,
                    line: self.line_of(offset),
                    html: false,
                });
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.cur.clear(),
            Tag::Emphasis => self.emph += 1,
            Tag::Strong => self.strong += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link { dest_url, .. } => self.start_link(&dest_url),
            Tag::Image { dest_url, .. } => {
                self.start_link(&dest_url);
                self.image_depth += 1;
                self.push_text("[image: ", Sty::default(), Some(offset));
            }
            Tag::MetadataBlock(_) => self.metadata = true,
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => {
                // An HTML table never spans Markdown blocks here, so a missing `</table>`
                // cannot swallow the rest of the page.
                self.end_html_table();
                self.flush();
            }
            TagEnd::Heading(_) => {
                self.flush();
                self.mode = Mode::Para;
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.flush();
                self.pop_frame();
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.cur);
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = false;
                    t.head_rows = t.rows.len();
                }
            }
            TagEnd::Table => self.end_table(),
            TagEnd::Emphasis => self.emph = self.emph.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link => self.end_link(),
            TagEnd::Image => {
                self.image_depth = self.image_depth.saturating_sub(1);
                self.push_text("]", Sty::IMAGE, None);
                self.end_link();
            }
            _ => {}
        }
    }

    /// An inline code span, its placeholders styled as such. Outside a link it is tagged with
    /// its index, so the reader knows where it is drawn and what it copies.
    fn code_span(&mut self, text: &str, offset: usize) {
        let safe = term_safe(text);
        let before = self.cur.len();
        let mut at = 0;
        for range in super::placeholder::find(&safe) {
            self.push_text(&safe[at..range.start], Sty::CODE, Some(offset));
            self.push_text(
                &safe[range.clone()],
                Sty::CODE.with(Sty::PLACEHOLDER),
                Some(offset),
            );
            at = range.end;
        }
        self.push_text(&safe[at..], Sty::CODE, Some(offset));
        if !self.link_stack.is_empty() || self.cur.len() == before {
            return;
        }
        let Ok(index) = u32::try_from(self.code_spans.len()) else {
            return;
        };
        if index >= CODE_REF {
            return;
        }
        for piece in &mut self.cur[before..] {
            piece.link = Some(CODE_REF | index);
        }
        self.code_spans.push(CodeSpan {
            text: safe.into_owned(),
            command: false,
        });
    }

    /// Marks the code spans that stand as commands in a paragraph's `pieces`: a span that is
    /// all a source line holds (tldr's examples, a list item of one command) is one; a span
    /// inside a sentence is not.
    fn mark_commands(&mut self, pieces: &[Piece]) {
        // The span the current line holds so far, and whether anything else is on it.
        let mut span: Option<u32> = None;
        let mut other = false;
        let end_line = |span: &mut Option<u32>, other: &mut bool, spans: &mut [CodeSpan]| {
            if let (Some(n), false) = (span.take(), std::mem::take(other))
                && let Some(s) = spans.get_mut((n & !CODE_REF) as usize)
            {
                s.command = true;
            }
        };
        for p in pieces {
            match &p.kind {
                PieceKind::Soft | PieceKind::Break => {
                    end_line(&mut span, &mut other, &mut self.code_spans);
                }
                PieceKind::Text { .. } | PieceKind::Own(_) => {
                    if p.str(&self.text).is_none_or(|t| t.trim().is_empty()) {
                        continue;
                    }
                    match p.link {
                        Some(n) if n & NOTE_REF == 0 && n & CODE_REF != 0 => match span {
                            None => span = Some(n),
                            Some(m) if m == n => {}
                            Some(_) => other = true,
                        },
                        _ => other = true,
                    }
                }
            }
        }
        end_line(&mut span, &mut other, &mut self.code_spans);
    }

    /// A `[^label]` reference: drawn as written, tagged with its note so it can be followed.
    fn note_ref(&mut self, label: &str, offset: usize) {
        let safe = term_safe_inline(label);
        let key = safe.to_lowercase();
        let next = self.notes.len();
        let index = *self.note_keys.entry(key).or_insert(next);
        if index == next {
            self.notes.push(safe.to_string());
        }
        let before = self.cur.len();
        self.push_text(&format!("[^{safe}]"), Sty::FOOTNOTE, Some(offset));
        if self.cur.len() > before
            && let Some(piece) = self.cur.last_mut()
            && let Ok(index) = u32::try_from(index)
            && index < NOTE_REF
        {
            piece.link = Some(NOTE_REF | index);
        }
    }

    fn start_link(&mut self, target: &str) {
        let safe = term_safe_inline(target);
        let target = match safe.char_indices().nth(MAX_TARGET) {
            Some((cut, _)) => safe[..cut].to_string(),
            None => safe.into_owned(),
        };
        self.links.push(target);
        self.link_stack.push(self.links.len() as u32);
    }

    fn end_link(&mut self) {
        if let Some(n) = self.link_stack.pop() {
            let sty = self.sty().with(Sty::REF);
            let start = self.text.len();
            let _ = write!(self.text, "[{n}]");
            self.cur.push(Piece {
                kind: PieceKind::Text {
                    start,
                    end: self.text.len(),
                },
                sty,
                link: Some(n),
            });
        }
    }

    fn task_marker(&mut self, checked: bool, offset: usize) {
        let line = self.line_of(offset);
        let task = match self.items_by_line.get(&line) {
            Some(item) => TaskRef {
                item_id: item.id.clone(),
                checked_in_source: checked,
                due: item.due,
            },
            None => TaskRef {
                item_id: format!("line-{}", line + 1),
                checked_in_source: checked,
                due: None,
            },
        };
        self.tasks.push(task);
        let idx = self.tasks.len() - 1;
        if let Some(Frame {
            kind: FrameKind::Item { task, .. },
            emitted: false,
            ..
        }) = self.frames.last_mut()
        {
            *task = Some(idx);
            self.pending_task = Some(idx);
        }
    }

    fn end_code(&mut self) {
        if let Some((lang, text, line)) = self.code.take() {
            let text = term_safe(text.strip_suffix('\n').unwrap_or(&text)).into_owned();
            self.push_leaf(Body::Code { lang, text }, line);
        }
    }

    fn html(&mut self, text: &str, offset: usize) {
        if self.cur.is_empty() {
            self.cur_line = self.line_of(offset);
        }
        let mut toks = std::mem::take(&mut self.html_toks);
        self.html.feed(text, &mut toks);
        for tok in toks.drain(..) {
            match tok {
                // Whitespace between tags separates words; wrapping drops it at line ends.
                Tok::Text(t) => self.push_text(&t, Sty::default(), None),
                Tok::Tag {
                    name,
                    close,
                    href,
                    alt,
                } => self.html_tag(&name, close, href, alt),
            }
        }
        self.html_toks = toks;
    }

    fn html_tag(&mut self, name: &str, close: bool, href: Option<String>, alt: Option<String>) {
        let flag = |s: &mut Sty, f: Sty| {
            *s = if close { Sty(s.0 & !f.0) } else { s.with(f) };
        };
        match name {
            "br" => self.push_piece(PieceKind::Break),
            "hr" => {
                self.flush();
                self.push_leaf(Body::Rule, self.cur_line);
            }
            "b" | "strong" => flag(&mut self.html_sty, Sty::STRONG),
            "i" | "em" | "cite" => flag(&mut self.html_sty, Sty::EMPH),
            "code" | "kbd" | "tt" | "samp" => flag(&mut self.html_sty, Sty::CODE),
            "s" | "del" | "strike" => flag(&mut self.html_sty, Sty::STRIKE),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                flag(&mut self.html_sty, Sty::STRONG);
            }
            "a" if !close => match href {
                Some(h) => self.start_link(&h),
                None => self.link_stack.push(0),
            },
            "a" => {
                if self.link_stack.last() == Some(&0) {
                    self.link_stack.pop();
                } else {
                    self.end_link();
                }
            }
            "img" if !close => {
                let alt = alt.unwrap_or_default();
                self.start_link(&href.unwrap_or_default());
                self.image_depth += 1;
                self.push_text(&format!("[image: {alt}]"), Sty::default(), None);
                self.image_depth -= 1;
                self.end_link();
            }
            "summary" => {
                self.flush();
                self.mode = if close { Mode::Para } else { Mode::Summary };
            }
            "li" if !close => {
                self.flush();
                self.push_text("• ", Sty::default(), None);
            }
            "table" if !close => {
                self.end_html_table();
                self.flush();
                self.table = Some(TableBuild {
                    aligns: Vec::new(),
                    head_rows: 0,
                    rows: Vec::new(),
                    in_head: false,
                    line: self.cur_line,
                    html: true,
                });
            }
            "table" => self.end_html_table(),
            "tr" if !close => {
                self.end_html_cell();
                if let Some(t) = self.table.as_mut().filter(|t| t.html) {
                    t.rows.push(Vec::new());
                    // A header row is one made of `<th>` cells, found as they come.
                    t.in_head = false;
                }
            }
            "thead" => {
                if let Some(t) = self.table.as_mut().filter(|t| t.html) {
                    t.in_head = !close;
                }
            }
            "td" | "th" => {
                self.end_html_cell();
                if !close && let Some(t) = self.table.as_mut().filter(|t| t.html) {
                    if t.rows.is_empty() {
                        t.rows.push(Vec::new());
                    }
                    if name == "th" && t.rows.len() == 1 {
                        t.in_head = true;
                    }
                    self.cur.clear();
                    self.html_cell_open = true;
                }
            }
            "p" | "div" | "details" | "ul" | "ol" | "li" | "dl" | "dt" | "dd" | "pre"
            | "section" | "article" | "aside" | "figure" | "figcaption" | "center"
            | "blockquote" | "header" | "footer" | "nav" | "main" => self.flush(),
            _ => {}
        }
    }

    fn end_html_table(&mut self) {
        if self.table.as_ref().is_some_and(|t| t.html) {
            self.end_html_cell();
            self.end_table();
        }
    }

    fn end_html_cell(&mut self) {
        let Some(t) = self.table.as_mut().filter(|t| t.html) else {
            return;
        };
        if !self.html_cell_open {
            return;
        }
        self.html_cell_open = false;
        let cell = std::mem::take(&mut self.cur);
        if t.rows.is_empty() {
            t.rows.push(Vec::new());
        }
        if t.in_head {
            t.head_rows = t.rows.len();
        }
        if let Some(row) = t.rows.last_mut() {
            row.push(cell);
        }
    }

    fn end_table(&mut self) {
        let Some(mut t) = self.table.take() else {
            return;
        };
        t.rows.retain(|r| !r.is_empty());
        let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        if cols == 0 {
            return;
        }
        for row in &mut t.rows {
            row.resize(cols, Vec::new());
        }
        t.aligns.resize(cols, Align::None);
        let line = t.line;
        self.push_leaf(
            Body::Table {
                aligns: t.aligns,
                head_rows: t.head_rows.min(t.rows.len()),
                rows: t.rows,
            },
            line,
        );
    }

    fn title(&mut self, text: &str, line: usize) {
        let mut piece = self.stored(&term_safe_inline(text), Sty::STRONG);
        piece.link = None;
        let pieces = vec![piece];
        self.push_leaf(Body::Title(pieces), line);
    }

    /// Ends the inline run being collected and turns it into a leaf of the current mode.
    fn flush(&mut self) {
        if self.table.as_ref().is_some_and(|t| t.html) {
            // Markdown blocks inside an HTML table cell stay in the cell.
            return;
        }
        while matches!(
            self.cur.last().map(|p| &p.kind),
            Some(PieceKind::Soft | PieceKind::Break)
        ) {
            self.cur.pop();
        }
        let has_text = self.cur.iter().any(|p| match &p.kind {
            PieceKind::Text { .. } | PieceKind::Own(_) => {
                p.str(&self.text).is_some_and(|t| !t.trim().is_empty())
            }
            PieceKind::Soft | PieceKind::Break => false,
        });
        let mut pieces = std::mem::take(&mut self.cur);
        if !has_text {
            return;
        }
        let task = self.pending_task.take();
        if task.is_some() {
            strip_attrs(&mut pieces, &self.text);
        }
        if self.mode == Mode::Para {
            self.mark_commands(&pieces);
        }
        let body = match self.mode {
            Mode::Para => Body::Para(pieces),
            Mode::Heading(level) => Body::Heading(level, pieces),
            Mode::Summary => {
                pieces.insert(0, Piece::own("▸ ", Sty::STRONG, None));
                Body::Title(pieces)
            }
        };
        let line = self.cur_line;
        self.push_leaf(body, line);
        if let Some(leaf) = self.leaves.last_mut() {
            leaf.task = task;
        }
    }

    fn push_frame(&mut self, kind: FrameKind) {
        self.next_id += 1;
        self.frames.push(Frame {
            id: self.next_id,
            kind,
            emitted: false,
        });
    }

    fn pop_frame(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        match frame.kind {
            FrameKind::List {
                loose: false,
                leaves,
                ..
            } => {
                self.list_frames.pop();
                for &i in leaves.iter().skip(1) {
                    self.leaves[i].gap = false;
                }
            }
            FrameKind::List { .. } => {
                self.list_frames.pop();
            }
            FrameKind::Item { .. } if !frame.emitted => {
                // An empty item still shows its marker.
                self.frames.push(frame);
                self.push_leaf(Body::Para(Vec::new()), self.cur_line);
                self.frames.pop();
            }
            FrameKind::Footnote { .. } => self.footnotes_open -= 1,
            _ => {}
        }
        self.pending_task = None;
    }

    fn push_leaf(&mut self, body: Body, src_line: usize) {
        let mut prefix = Vec::new();
        let index = self.leaves.len();
        for frame in &mut self.frames {
            if let FrameKind::Footnote { key, .. } = &frame.kind
                && !frame.emitted
            {
                self.note_defs.push((key.clone(), index));
            }
            if prefix.len() >= MAX_DRAWN_DEPTH {
                break;
            }
            let first = !frame.emitted;
            let kind = match &frame.kind {
                FrameKind::List { .. } => continue,
                FrameKind::Quote => PartKind::Quote,
                FrameKind::Callout(k) => PartKind::Callout(*k),
                FrameKind::Item { task: Some(t), .. } => PartKind::Task(*t),
                FrameKind::Item { marker, .. } => PartKind::Marker(marker.clone()),
                FrameKind::Footnote { label, .. } => PartKind::Footnote(label.clone()),
            };
            frame.emitted = true;
            prefix.push(PrefixPart {
                id: frame.id,
                kind,
                first,
            });
        }
        if let Some((&inner, outer)) = self.list_frames.split_last()
            && let FrameKind::List { leaves, .. } = &mut self.frames[inner].kind
        {
            let first_of_list = leaves.is_empty();
            leaves.push(index);
            if first_of_list
                && let Some(&outer) = outer.last()
                && let FrameKind::List { leaves, .. } = &mut self.frames[outer].kind
            {
                leaves.push(index);
            }
        }
        self.leaves.push(Leaf {
            prefix,
            gap: true,
            body,
            task: None,
            src_line,
        });
        self.deferred.push(self.footnotes_open > 0);
    }

    fn finish(self) -> Built {
        let mut main = Vec::with_capacity(self.leaves.len());
        let mut notes = Vec::new();
        // Where each leaf lands: main leaves keep their order, footnote leaves go after them
        // and the rule that separates them.
        let mut moved_to = Vec::with_capacity(self.leaves.len());
        let kept = self.deferred.iter().filter(|&&d| !d).count();
        for (leaf, deferred) in self.leaves.into_iter().zip(self.deferred) {
            if deferred {
                moved_to.push(kept + 1 + notes.len());
                notes.push(leaf);
            } else {
                moved_to.push(main.len());
                main.push(leaf);
            }
        }
        let mut note_defs: Vec<(usize, usize)> = self
            .note_defs
            .iter()
            .filter_map(|(key, leaf)| Some((*self.note_keys.get(key)?, moved_to[*leaf])))
            .collect();
        note_defs.sort_by_key(|&(_, leaf)| leaf);
        // A note defined twice jumps to its first definition.
        let mut seen = vec![false; self.notes.len()];
        note_defs.retain(|&(note, _)| !std::mem::replace(&mut seen[note], true));
        if !notes.is_empty() {
            let line = notes[0].src_line;
            main.push(Leaf {
                prefix: Vec::new(),
                gap: true,
                body: Body::Rule,
                task: None,
                src_line: line,
            });
            main.extend(notes);
        }
        Built {
            text: self.text,
            leaves: main,
            links: self.links,
            code_spans: self.code_spans,
            tasks: self.tasks,
            notes: self.notes,
            note_defs,
        }
    }
}

/// The 0-based line holding byte `offset`, given the byte where each line starts (the first
/// at 0). Looks a few lines on from `hint`, the last answer, before a binary search.
fn line_at(starts: &[usize], hint: &Cell<usize>, offset: usize) -> usize {
    let from = hint.get().min(starts.len().saturating_sub(1));
    let near = (from..starts.len().min(from + 8))
        .take_while(|&i| starts[i] <= offset)
        .last()
        .filter(|&i| starts.get(i + 1).is_none_or(|&next| offset < next));
    let line = near.unwrap_or_else(|| starts.partition_point(|&s| s <= offset).saturating_sub(1));
    hint.set(line);
    line
}

/// Hides a trailing `{#id due=W1}` on the first source line of a task item's text.
fn strip_attrs(pieces: &mut Vec<Piece>, text: &str) {
    let first_line_end = pieces
        .iter()
        .position(|p| !matches!(p.kind, PieceKind::Text { .. }))
        .unwrap_or(pieces.len());
    let joined = plain(&pieces[..first_line_end], text);
    let (kept, attrs) = checklist::split_attrs(&joined);
    if attrs.id.is_none() && attrs.due.is_none() {
        return;
    }
    let mut cut = joined.len() - kept.len();
    let mut i = first_line_end;
    while cut > 0 && i > 0 {
        i -= 1;
        if let PieceKind::Text { start, end } = &mut pieces[i].kind {
            let len = *end - *start;
            if len <= cut {
                cut -= len;
                *end = *start;
            } else {
                // The cut is on a char boundary of the joined text, so of this piece too.
                *end -= cut;
                cut = 0;
            }
        }
    }
    pieces.retain(|p| !matches!(p.kind, PieceKind::Text { start, end } if start == end));
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

fn alert(kind: BlockQuoteKind) -> (CalloutKind, &'static str) {
    match kind {
        BlockQuoteKind::Note => (CalloutKind::Note, "Note"),
        BlockQuoteKind::Tip => (CalloutKind::Tip, "Tip"),
        BlockQuoteKind::Important => (CalloutKind::Important, "Important"),
        BlockQuoteKind::Warning => (CalloutKind::Warning, "Warning"),
        BlockQuoteKind::Caution => (CalloutKind::Danger, "Caution"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn line_at_agrees_with_a_binary_search(
            gaps in prop::collection::vec(1usize..40, 0..60),
            offsets in prop::collection::vec(0usize..2_000, 1..40),
        ) {
            let mut starts = vec![0];
            for g in gaps {
                starts.push(starts[starts.len() - 1] + g);
            }
            let hint = Cell::new(0);
            for o in offsets {
                let expected = starts.partition_point(|&s| s <= o) - 1;
                prop_assert_eq!(line_at(&starts, &hint, o), expected);
            }
        }
    }
}
