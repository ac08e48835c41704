//! Where a page's code is: fenced blocks and inline spans, by byte range, so template tags
//! inside them can be left as written.

use std::ops::Range;

/// Byte ranges of fenced code blocks and inline code spans (a span does not cross a blank
/// line).
pub(super) fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut fence: Option<(u8, usize, usize)> = None;
    let mut pos = 0;
    let mut para_start = 0;
    while pos <= body.len() {
        let end = body[pos..].find('\n').map_or(body.len(), |n| pos + n);
        let line = &body[pos..end];
        let stripped = line.trim_start();
        let first = stripped.as_bytes().first().copied();
        if let Some((c, n, start)) = fence {
            let run = stripped.bytes().take_while(|&b| b == c).count();
            if run >= n && stripped.trim_start_matches(c as char).trim().is_empty() {
                ranges.push(start..end);
                fence = None;
                para_start = end + 1;
            }
        } else if matches!(first, Some(b'`' | b'~')) {
            let c = first.unwrap_or(b'`');
            let run = stripped.bytes().take_while(|&b| b == c).count();
            if run >= 3 {
                spans(body, para_start..pos, &mut ranges);
                fence = Some((c, run, pos));
            }
        }
        if fence.is_none() && line.trim().is_empty() {
            spans(body, para_start..pos, &mut ranges);
            para_start = end + 1;
        }
        if end >= body.len() {
            break;
        }
        pos = end + 1;
    }
    if let Some((_, _, start)) = fence {
        ranges.push(start..body.len());
    } else if para_start < body.len() {
        spans(body, para_start..body.len(), &mut ranges);
    }
    ranges
}

/// Inline code spans in `range` (one paragraph): a run of backticks up to the next run of
/// the same length.
fn spans(body: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    if range.start >= range.end {
        return;
    }
    let text = &body[range.clone()];
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let run = b[i..].iter().take_while(|&&c| c == b'`').count();
        let mut j = i + run;
        let mut closed = None;
        while j < b.len() {
            if b[j] == b'`' {
                let r = b[j..].iter().take_while(|&&c| c == b'`').count();
                if r == run {
                    closed = Some(j + r);
                    break;
                }
                j += r;
            } else {
                j += 1;
            }
        }
        match closed {
            Some(end) => {
                out.push(range.start + i..range.start + end);
                i = end;
            }
            None => i += run,
        }
    }
}
