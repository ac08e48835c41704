//! A rendered page as plain text (no escape byte at all) or with ANSI SGR styles. The only
//! escape sequences written are the SGR codes made here; page text is already sanitised.

use std::fmt::Write as _;

use ratatui::style::{Color, Modifier, Style};

use super::Rendered;

/// The lines without styles, trailing spaces trimmed, each ending in a newline.
pub fn to_plain(r: &Rendered) -> String {
    let mut out = String::new();
    for line in &r.lines {
        let start = out.len();
        for span in &line.spans {
            out.push_str(&span.content);
        }
        let trimmed = out[start..].trim_end().len();
        out.truncate(start + trimmed);
        out.push('\n');
    }
    out
}

/// The lines with SGR styling, each ending in a newline.
pub fn to_ansi(r: &Rendered) -> String {
    let mut out = String::new();
    for line in &r.lines {
        let style_all = line.style;
        for span in &line.spans {
            let style = style_all.patch(span.style);
            let codes = sgr(style);
            if codes.is_empty() {
                out.push_str(&span.content);
            } else {
                let _ = write!(out, "\x1b[{codes}m{}\x1b[0m", span.content);
            }
        }
        out.push('\n');
    }
    out
}

fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let m = style.add_modifier;
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if m.contains(flag) {
            codes.push(code.to_string());
        }
    }
    if let Some(fg) = style.fg {
        codes.extend(color(fg, false));
    }
    if let Some(bg) = style.bg {
        codes.extend(color(bg, true));
    }
    codes.join(";")
}

fn color(c: Color, bg: bool) -> Option<String> {
    let base = if bg { 10 } else { 0 };
    let named = |n: u8| Some((n + base).to_string());
    match c {
        Color::Reset => named(39),
        Color::Black => named(30),
        Color::Red => named(31),
        Color::Green => named(32),
        Color::Yellow => named(33),
        Color::Blue => named(34),
        Color::Magenta => named(35),
        Color::Cyan => named(36),
        Color::Gray => named(37),
        Color::DarkGray => named(90),
        Color::LightRed => named(91),
        Color::LightGreen => named(92),
        Color::LightYellow => named(93),
        Color::LightBlue => named(94),
        Color::LightMagenta => named(95),
        Color::LightCyan => named(96),
        Color::White => named(97),
        Color::Indexed(i) => Some(format!("{};5;{i}", if bg { 48 } else { 38 })),
        Color::Rgb(r, g, b) => Some(format!("{};2;{r};{g};{b}", if bg { 48 } else { 38 })),
    }
}
