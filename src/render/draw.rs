//! Drawing a [`Layout`] at one width: prefixes, wrapped paragraphs, code, rules and tables,
//! with the positions of headings, links, tasks and code blocks.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::model::{
    Align, Body, CODE_REF, Leaf, NOTE_REF, PartKind, Piece, PrefixPart, Sty, plain,
};
use super::wrap::{Seg, WLine, chunk, expand_tabs, grapheme_width, str_width, wrap, wrap_with};
use super::{
    CodeBlockPos, CodeSpanPos, FootnotePos, HeadingPos, Layout, LinkPos, RenderContext, Rendered,
    TaskMark, TaskPos, Theme,
};
use unicode_segmentation::UnicodeSegmentation;

pub fn render(layout: &Layout, width: u16, ctx: &RenderContext) -> Rendered {
    let mut d = Drawer {
        layout,
        ctx,
        plain: ctx.theme.is_plain(),
        width: usize::from(width.max(1)),
        out: Rendered::default(),
        styles: Vec::new(),
        rest_cache: None,
    };
    let mut prev: Option<&[PrefixPart]> = None;
    let mut note_lines = vec![None; layout.notes.len()];
    let mut defs = layout.note_defs.iter().peekable();
    for (index, leaf) in layout.leaves.iter().enumerate() {
        if let Some(prev) = prev
            && leaf.gap
        {
            let shared = prev
                .iter()
                .zip(&leaf.prefix)
                .take_while(|(a, b)| a.id == b.id)
                .count();
            let (spans, _) = d.prefix(&leaf.prefix[..shared], false);
            d.emit(&spans, 0, std::iter::empty(), Style::new());
        }
        while let Some(&(note, _)) = defs.next_if(|&&(_, first)| first == index) {
            note_lines[note] = Some(d.out.lines.len());
        }
        d.out.blocks.push((leaf.src_line, d.out.lines.len()));
        d.leaf(leaf);
        prev = Some(&leaf.prefix);
    }
    for note in &mut d.out.footnotes {
        note.definition = note_lines[note.index];
    }
    d.out
}

/// Prefix spans of a line and their width.
type Prefix = (Vec<Span<'static>>, usize);

struct Drawer<'a> {
    layout: &'a Layout,
    ctx: &'a RenderContext<'a>,
    plain: bool,
    width: usize,
    out: Rendered,
    styles: Vec<(Sty, Style)>,
    /// The last continuation prefix, by the ids of its containers.
    rest_cache: Option<(Vec<u32>, Prefix)>,
}

impl Drawer<'_> {
    fn theme(&self) -> &Theme {
        &self.ctx.theme
    }

    /// The style of inline flags, remembered: a page uses a handful of combinations.
    fn inline(&mut self, sty: Sty) -> Style {
        if let Some(&(_, style)) = self.styles.iter().find(|(s, _)| *s == sty) {
            return style;
        }
        let style = self.ctx.theme.inline(sty, self.plain);
        self.styles.push((sty, style));
        style
    }

    fn mark(&self, task: usize) -> TaskMark {
        let t = &self.layout.tasks[task];
        self.ctx
            .tasks
            .and_then(|info| info.state(&t.item_id))
            .unwrap_or(if t.checked_in_source {
                TaskMark::Done
            } else {
                TaskMark::Todo
            })
    }

    fn part(&self, part: &PrefixPart, first_line: bool) -> (Cow<'static, str>, Style) {
        let show = part.first && first_line;
        let th = self.theme();
        match &part.kind {
            PartKind::Quote => ("│ ".into(), th.quote),
            PartKind::Callout(k) => ("┃ ".into(), th.callout_style(*k)),
            PartKind::Marker(m) if show => (m.clone(), th.marker),
            PartKind::Marker(m) if m.len() == 2 => ("  ".into(), Style::new()),
            PartKind::Marker(m) => (spaces(str_width(m)), Style::new()),
            PartKind::Task(t) if show => {
                let mark = self.mark(*t);
                (mark.glyph().into(), mark.style(th))
            }
            PartKind::Task(_) => ("  ".into(), Style::new()),
            PartKind::Footnote(label) if show => (format!("[^{label}] ").into(), th.footnote),
            PartKind::Footnote(label) => (spaces(str_width(label) + 4), Style::new()),
        }
    }

    /// The prefix spans of a line and their width. Prefixes may take half the width at most:
    /// the innermost parts are kept (they carry the list marker), outer ones dropped.
    fn prefix(&self, parts: &[PrefixPart], first_line: bool) -> (Vec<Span<'static>>, usize) {
        let budget = self.width / 2;
        let mut kept = Vec::new();
        let mut used = 0;
        for part in parts.iter().rev() {
            let (text, style) = self.part(part, first_line);
            let w = str_width(&text);
            if used + w > budget {
                break;
            }
            used += w;
            kept.push(Span::styled(text, style));
        }
        kept.reverse();
        (kept, used)
    }

    /// The prefix of a leaf's lines after its first, shared by the leaves of one container:
    /// it depends only on the containers, so the last one is kept by their ids.
    fn rest_prefix(&mut self, parts: &[PrefixPart]) -> Prefix {
        if let Some((ids, prefix)) = &self.rest_cache
            && ids.iter().copied().eq(parts.iter().map(|p| p.id))
        {
            return prefix.clone();
        }
        let prefix = self.prefix(parts, false);
        self.rest_cache = Some((parts.iter().map(|p| p.id).collect(), prefix.clone()));
        prefix
    }

    /// Appends a line: prefix spans, then runs. Records link fragments. Never wider than the
    /// width: anything past it is cut (wrapping already keeps within it; this is the guard).
    fn emit(
        &mut self,
        prefix: &[Span<'static>],
        prefix_w: usize,
        segs: impl ExactSizeIterator<Item = Seg>,
        base: Style,
    ) {
        let line_no = self.out.lines.len();
        // Patching onto the empty style changes nothing; most lines have no base style.
        let has_base = base != Style::new();
        let mut spans = Vec::with_capacity(prefix.len() + segs.len());
        spans.extend_from_slice(prefix);
        let mut col = prefix_w;
        for seg in segs {
            let mut text = seg.text;
            let mut w = seg.width;
            if col + w > self.width {
                let (cut, cw) = cut_to(&text, self.width.saturating_sub(col));
                text = cut.into();
                w = cw;
            }
            if w == 0 && text.is_empty() {
                continue;
            }
            match seg.link {
                Some(n) if n & NOTE_REF != 0 => {
                    self.note_fragment((n & !NOTE_REF) as usize, line_no, col, col + w);
                }
                Some(n) if n & CODE_REF != 0 => {
                    self.span_fragment((n & !CODE_REF) as usize, line_no, col, col + w);
                }
                Some(n) if n > 0 => self.link_fragment(n, line_no, col, col + w),
                _ => {}
            }
            let inline = self.inline(seg.sty);
            let style = if has_base { base.patch(inline) } else { inline };
            spans.push(Span::styled(text, style));
            col += w;
        }
        // A blank line inside a quote keeps its bar but no trailing spaces.
        if col == prefix_w
            && let Some(last) = spans.last_mut()
        {
            let trimmed = last.content.trim_end().to_string();
            last.content = trimmed.into();
        }
        self.out.lines.push(Line::from(spans));
    }

    fn link_fragment(&mut self, n: u32, line: usize, start: usize, end: usize) {
        if let Some(last) = self.out.links.last_mut()
            && last.number == n
            && last.line == line
        {
            last.end_col = end as u16;
            return;
        }
        let target = self
            .layout
            .links
            .get(n as usize - 1)
            .cloned()
            .unwrap_or_default();
        self.out.links.push(LinkPos {
            number: n,
            target,
            line,
            start_col: start as u16,
            end_col: end as u16,
        });
    }

    fn span_fragment(&mut self, index: usize, line: usize, start: usize, end: usize) {
        if let Some(last) = self.out.code_spans.last_mut()
            && last.index == index
            && last.line == line
            && usize::from(last.end_col) == start
        {
            last.end_col = end as u16;
            return;
        }
        self.out.code_spans.push(CodeSpanPos {
            index,
            line,
            start_col: start as u16,
            end_col: end as u16,
        });
    }

    fn note_fragment(&mut self, note: usize, line: usize, start: usize, end: usize) {
        if let Some(last) = self.out.footnotes.last_mut()
            && last.index == note
            && last.line == line
            && usize::from(last.end_col) == start
        {
            last.end_col = end as u16;
            return;
        }
        self.out.footnotes.push(FootnotePos {
            label: self.layout.notes.get(note).cloned().unwrap_or_default(),
            index: note,
            line,
            start_col: start as u16,
            end_col: end as u16,
            definition: None,
        });
    }

    fn leaf(&mut self, leaf: &Leaf) {
        let rest = self.rest_prefix(&leaf.prefix);
        // Only a marker, a checkbox or a note label shown on the first line makes it differ.
        let first_differs = leaf.prefix.iter().any(|p| {
            p.first
                && matches!(
                    p.kind,
                    PartKind::Marker(_) | PartKind::Task(_) | PartKind::Footnote(_)
                )
        });
        let first = if first_differs {
            self.prefix(&leaf.prefix, true)
        } else {
            rest.clone()
        };
        let cw = self.width - first.1;
        let pre = &mut LinePrefix {
            first,
            rest,
            started: false,
        };
        match &leaf.body {
            Body::Para(pieces) => {
                let first = self.out.lines.len();
                if let Some(t) = leaf.task {
                    let mut pieces = pieces.clone();
                    if let Some(label) = self.due_label(t) {
                        pieces.push(Piece::own(format!("  ({label})"), Sty::DIM, None));
                    }
                    self.wrapped(pre, &pieces, cw, Style::new());
                    let mark = self.mark(t);
                    self.out.tasks.push(TaskPos {
                        item_id: self.layout.tasks[t].item_id.clone(),
                        line: first,
                        checked: mark == TaskMark::Done,
                    });
                } else {
                    self.wrapped(pre, pieces, cw, Style::new());
                }
            }
            Body::Heading(level, pieces) => {
                let level = (*level).clamp(1, 6);
                let line = self.out.lines.len();
                self.out.headings.push(HeadingPos {
                    level,
                    text: plain(pieces, &self.layout.text).trim().to_string(),
                    line,
                });
                let hashes = ["# ", "## ", "### ", "#### ", "##### ", "###### "];
                let mut all = vec![Piece::own(
                    hashes[usize::from(level) - 1],
                    Sty::default(),
                    None,
                )];
                all.extend(pieces.iter().cloned());
                let style = self.theme().heading[usize::from(level) - 1];
                self.wrapped(pre, &all, cw, style);
            }
            Body::Title(pieces) => {
                let style = self.theme().title;
                self.wrapped(pre, pieces, cw, style);
            }
            Body::Rule => {
                let seg = Seg {
                    text: "─".repeat(cw).into(),
                    width: cw,
                    sty: Sty::default(),
                    link: None,
                };
                let style = self.theme().rule;
                self.line(pre, vec![seg], style);
            }
            Body::Code { lang, text } => self.code(pre, lang.as_deref(), text, cw),
            Body::Table {
                aligns,
                head_rows,
                rows,
            } => self.table(pre, aligns, *head_rows, rows, cw),
        }
    }

    fn due_label(&self, task: usize) -> Option<String> {
        let t = &self.layout.tasks[task];
        let label = self
            .ctx
            .tasks
            .and_then(|info| info.due_label(&t.item_id))
            .or_else(|| t.due.map(crate::content::checklist::Due::label))?;
        Some(crate::content::term_safe_inline(&label).into_owned())
    }

    /// Appends the next line of a leaf: its prefix, then `segs`.
    fn line(&mut self, pre: &mut LinePrefix, segs: Vec<Seg>, base: Style) {
        let (spans, pw) = pre.next();
        self.emit(spans, *pw, segs.into_iter(), base);
    }

    fn wrapped(&mut self, pre: &mut LinePrefix, pieces: &[Piece], cw: usize, base: Style) {
        let text = &self.layout.text;
        wrap_with(text, pieces, cw, |line| {
            let (spans, pw) = pre.next();
            self.emit(spans, *pw, line.segs(), base);
        });
    }

    fn code(&mut self, pre: &mut LinePrefix, lang: Option<&str>, text: &str, cw: usize) {
        let framed = cw >= 6;
        let inner = if framed { cw - 2 } else { cw };
        if framed {
            let head = match lang {
                Some(l) => format!("┌─ {l}"),
                None => "┌─".to_string(),
            };
            self.line(pre, vec![frame_seg(head)], Style::new());
        }
        let start = self.out.lines.len();
        let placeholders = super::placeholder::applies_to(lang);
        for src in text.split('\n') {
            for (row, width, cont) in code_rows(&expand_tabs(src, 4), inner) {
                let mut segs = Vec::with_capacity(3);
                if framed {
                    segs.push(fixed_seg("│ ", 2, Sty::FRAME));
                }
                if cont {
                    segs.push(fixed_seg("↪ ", 2, Sty::FRAME));
                }
                if placeholders {
                    code_segs(&mut segs, row, width);
                } else {
                    segs.push(Seg {
                        text: row.into(),
                        width,
                        sty: Sty::CODE_BLOCK,
                        link: None,
                    });
                }
                self.line(pre, segs, Style::new());
            }
        }
        let last = self.out.lines.len().saturating_sub(1);
        self.out.code_blocks.push(CodeBlockPos {
            lang: lang.map(str::to_string),
            first_line: start,
            last_line: last,
            text: text.to_string(),
            placeholders: if placeholders {
                super::placeholder::names(text)
            } else {
                Vec::new()
            },
        });
        if framed {
            self.line(pre, vec![frame_seg("└─")], Style::new());
        }
    }

    fn table(
        &mut self,
        pre: &mut LinePrefix,
        aligns: &[Align],
        head_rows: usize,
        rows: &[Vec<Vec<Piece>>],
        cw: usize,
    ) {
        let text = &self.layout.text;
        let n = aligns.len();
        let overhead = 3 * n + 1;
        if n == 0 {
            return;
        }
        if cw < overhead + n {
            self.stacked(pre, head_rows, rows, cw);
            return;
        }
        let mut natural = vec![1usize; n];
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                let w = wrap(text, cell, usize::MAX / 4)
                    .iter()
                    .map(|l| l.width)
                    .max()
                    .unwrap_or(0);
                natural[i] = natural[i].max(w);
            }
        }
        let widths = fit_columns(&natural, cw - overhead);
        let border = |l: &str, m: &str, r: &str| {
            let mut s = l.to_string();
            for (i, w) in widths.iter().enumerate() {
                if i > 0 {
                    s.push_str(m);
                }
                s.push_str(&"─".repeat(w + 2));
            }
            s.push_str(r);
            s
        };
        let top = border("┌", "┬", "┐");
        let mid = border("├", "┼", "┤");
        let bottom = border("└", "┴", "┘");
        self.line(pre, vec![border_seg(top)], Style::new());
        for (r, row) in rows.iter().enumerate() {
            let header = r < head_rows;
            let cells: Vec<Vec<WLine>> = row
                .iter()
                .zip(&widths)
                .map(|(cell, &w)| {
                    if header {
                        let bold: Vec<Piece> = cell
                            .iter()
                            .map(|p| Piece {
                                sty: p.sty.with(Sty::HEADER),
                                ..p.clone()
                            })
                            .collect();
                        wrap(text, &bold, w)
                    } else {
                        wrap(text, cell, w)
                    }
                })
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1);
            for k in 0..height {
                let mut segs = Vec::with_capacity(3 * n + 1);
                segs.push(fixed_seg("│ ", 2, Sty::BORDER));
                for (i, (cell, &w)) in cells.iter().zip(&widths).enumerate() {
                    if i > 0 {
                        segs.push(fixed_seg(" │ ", 3, Sty::BORDER));
                    }
                    let (line_segs, lw) = cell
                        .get(k)
                        .map_or((Vec::new(), 0), |l| (l.segs.clone(), l.width));
                    let pad = w.saturating_sub(lw);
                    let (left, right) = match aligns[i] {
                        Align::Right => (pad, 0),
                        Align::Center => (pad / 2, pad - pad / 2),
                        Align::Left | Align::None => (0, pad),
                    };
                    if left > 0 {
                        segs.push(space_seg(left));
                    }
                    segs.extend(line_segs);
                    if right > 0 {
                        segs.push(space_seg(right));
                    }
                }
                segs.push(fixed_seg(" │", 2, Sty::BORDER));
                self.line(pre, segs, Style::new());
            }
            if header && r + 1 == head_rows && rows.len() > head_rows {
                self.line(pre, vec![border_seg(mid.clone())], Style::new());
            }
        }
        self.line(pre, vec![border_seg(bottom)], Style::new());
    }

    /// A table too wide for even one column each: one `Header: value` line per cell.
    fn stacked(
        &mut self,
        pre: &mut LinePrefix,
        head_rows: usize,
        rows: &[Vec<Vec<Piece>>],
        cw: usize,
    ) {
        let text = &self.layout.text;
        let header = rows.get(..head_rows).and_then(|h| h.last());
        for (r, row) in rows.iter().enumerate().skip(head_rows) {
            if r > head_rows {
                self.line(pre, vec![border_seg("─".repeat(cw))], Style::new());
            }
            for (i, cell) in row.iter().enumerate() {
                let mut pieces = Vec::new();
                if let Some(h) = header.and_then(|h| h.get(i))
                    && !h.is_empty()
                {
                    pieces.extend(h.iter().map(|p| Piece {
                        sty: p.sty.with(Sty::HEADER),
                        ..p.clone()
                    }));
                    pieces.push(Piece::own(": ", Sty::HEADER, None));
                }
                pieces.extend(cell.iter().cloned());
                for line in wrap(text, &pieces, cw) {
                    self.line(pre, line.segs, Style::new());
                }
            }
        }
        if !pre.started {
            // Only a header row: show it the same way.
            if let Some(h) = header {
                for cell in h {
                    for line in wrap(text, cell, cw) {
                        self.line(pre, line.segs, Style::new());
                    }
                }
            }
        }
    }
}

/// A leaf's prefix on its first line and on the others (with their widths), built once.
struct LinePrefix {
    first: (Vec<Span<'static>>, usize),
    rest: (Vec<Span<'static>>, usize),
    started: bool,
}

impl LinePrefix {
    /// The prefix of the leaf's next line.
    fn next(&mut self) -> (&[Span<'static>], &usize) {
        let (spans, width) = if std::mem::replace(&mut self.started, true) {
            &self.rest
        } else {
            &self.first
        };
        (spans, width)
    }
}

/// Column widths summing to at most `target` (>= number of columns): natural widths when
/// they fit, else every column capped at the largest common cap that fits, with the spare
/// columns handed to the widest.
fn fit_columns(natural: &[usize], target: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= target {
        return natural.to_vec();
    }
    let total = |cap: usize| natural.iter().map(|&w| w.min(cap)).sum::<usize>();
    let (mut lo, mut hi) = (1, natural.iter().copied().max().unwrap_or(1));
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if total(mid) <= target {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut widths: Vec<usize> = natural.iter().map(|&w| w.min(lo)).collect();
    let mut spare = target.saturating_sub(widths.iter().sum());
    for (w, &nat) in widths.iter_mut().zip(natural) {
        if spare == 0 {
            break;
        }
        if nat > *w {
            *w += 1;
            spare -= 1;
        }
    }
    widths
}

/// A code line split into rows of `inner` columns; rows after the first are marked as
/// continued (`↪ `) when there is room for the mark.
fn code_rows(line: &str, inner: usize) -> Vec<(String, usize, bool)> {
    let mut chunks = chunk(line, inner);
    if chunks.len() <= 1 || inner < 8 {
        return chunks.into_iter().map(|(c, w)| (c, w, false)).collect();
    }
    let (first, first_w) = chunks.remove(0);
    let rest: String = chunks.into_iter().map(|c| c.0).collect();
    std::iter::once((first, first_w, false))
        .chain(
            chunk(&rest, inner - 2)
                .into_iter()
                .map(|(c, w)| (c, w, true)),
        )
        .collect()
}

/// A row of a code block as segments, its placeholders styled apart; `width` is the row's.
fn code_segs(segs: &mut Vec<Seg>, row: String, width: usize) {
    let found = super::placeholder::find(&row);
    if found.is_empty() {
        segs.push(Seg {
            text: row.into(),
            width,
            sty: Sty::CODE_BLOCK,
            link: None,
        });
        return;
    }
    let mut at = 0;
    for range in found {
        if range.start > at {
            segs.push(Seg::new(row[at..range.start].to_string(), Sty::CODE_BLOCK));
        }
        segs.push(Seg::new(
            row[range.clone()].to_string(),
            Sty::CODE_BLOCK.with(Sty::PLACEHOLDER),
        ));
        at = range.end;
    }
    if at < row.len() {
        segs.push(Seg::new(row[at..].to_string(), Sty::CODE_BLOCK));
    }
}

/// A constant run drawn on many lines, with its width given (debug builds check it).
fn fixed_seg(text: &'static str, width: usize, sty: Sty) -> Seg {
    debug_assert_eq!(str_width(text), width, "{text:?}");
    Seg {
        text: Cow::Borrowed(text),
        width,
        sty,
        link: None,
    }
}

fn frame_seg(text: impl Into<Cow<'static, str>>) -> Seg {
    Seg::new(text, Sty::FRAME)
}

fn border_seg(text: impl Into<Cow<'static, str>>) -> Seg {
    Seg::new(text, Sty::BORDER)
}

fn space_seg(n: usize) -> Seg {
    Seg {
        text: spaces(n),
        width: n,
        sty: Sty::default(),
        link: None,
    }
}

/// `n` spaces, borrowed when short enough (prefixes and table padding are).
fn spaces(n: usize) -> Cow<'static, str> {
    const SPACES: &str = "                                                                ";
    match SPACES.get(..n) {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(" ".repeat(n)),
    }
}

/// The longest prefix of `text` at most `width` columns wide, and its width.
fn cut_to(text: &str, width: usize) -> (String, usize) {
    let mut out = String::new();
    let mut w = 0;
    for g in text.graphemes(true) {
        let gw = grapheme_width(g);
        if w + gw > width {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    (out, w)
}
