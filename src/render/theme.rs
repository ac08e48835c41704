//! The styles a render uses; [`Theme::plain`] has none (for `NO_COLOR`).

use ratatui::style::{Color, Modifier, Style};

use super::model::{CalloutKind, Sty};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Heading levels 1 to 6.
    pub heading: [Style; 6],
    pub code: Style,
    pub link: Style,
    pub link_ref: Style,
    pub footnote: Style,
    pub image: Style,
    pub quote: Style,
    /// Note, tip, important, warning, danger.
    pub callout: [Style; 5],
    pub title: Style,
    pub rule: Style,
    pub code_block: Style,
    pub code_frame: Style,
    pub table_border: Style,
    pub table_header: Style,
    pub marker: Style,
    pub task_todo: Style,
    pub task_done: Style,
    pub task_skipped: Style,
    pub due: Style,
    /// A placeholder in code (`{{file}}`, `<account>`), over the code's own style.
    pub placeholder: Style,
}

impl Default for Theme {
    fn default() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().fg(Color::DarkGray);
        Theme {
            heading: [
                bold.fg(Color::Magenta).add_modifier(Modifier::UNDERLINED),
                bold.fg(Color::Cyan),
                bold.fg(Color::Blue),
                bold,
                Style::new().add_modifier(Modifier::BOLD | Modifier::ITALIC),
                Style::new().add_modifier(Modifier::ITALIC),
            ],
            code: Style::new().fg(Color::Yellow),
            link: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            link_ref: Style::new().fg(Color::Cyan),
            footnote: Style::new().fg(Color::Cyan),
            image: Style::new().fg(Color::Magenta),
            quote: dim,
            callout: [
                Style::new().fg(Color::Blue),
                Style::new().fg(Color::Green),
                Style::new().fg(Color::Magenta),
                Style::new().fg(Color::Yellow),
                Style::new().fg(Color::Red),
            ],
            title: bold,
            rule: dim,
            code_block: Style::new().fg(Color::Yellow),
            code_frame: dim,
            table_border: dim,
            table_header: bold,
            marker: Style::new().fg(Color::Cyan),
            task_todo: Style::new().fg(Color::Yellow),
            task_done: Style::new().fg(Color::Green),
            task_skipped: dim,
            due: dim,
            placeholder: Style::new()
                .fg(Color::Cyan)
                .add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
        }
    }
}

impl Theme {
    /// No colours and no modifiers.
    pub fn plain() -> Theme {
        let n = Style::new();
        Theme {
            heading: [n; 6],
            code: n,
            link: n,
            link_ref: n,
            footnote: n,
            image: n,
            quote: n,
            callout: [n; 5],
            title: n,
            rule: n,
            code_block: n,
            code_frame: n,
            table_border: n,
            table_header: n,
            marker: n,
            task_todo: n,
            task_done: n,
            task_skipped: n,
            due: n,
            placeholder: n,
        }
    }

    pub(super) fn callout_style(&self, kind: CalloutKind) -> Style {
        let i = match kind {
            CalloutKind::Note => 0,
            CalloutKind::Tip => 1,
            CalloutKind::Important => 2,
            CalloutKind::Warning => 3,
            CalloutKind::Danger => 4,
        };
        self.callout[i]
    }

    pub(super) fn inline(&self, sty: Sty, plain: bool) -> Style {
        let mut s = Style::new();
        if sty == Sty::default() {
            return s;
        }
        for (flag, style) in [
            (Sty::CODE, self.code),
            (Sty::LINK, self.link),
            (Sty::REF, self.link_ref),
            (Sty::FOOTNOTE, self.footnote),
            (Sty::IMAGE, self.image),
            (Sty::DIM, self.due),
            (Sty::BORDER, self.table_border),
            (Sty::HEADER, self.table_header),
            (Sty::FRAME, self.code_frame),
            (Sty::CODE_BLOCK, self.code_block),
            (Sty::PLACEHOLDER, self.placeholder),
        ] {
            if sty.contains(flag) {
                s = s.patch(style);
            }
        }
        if !plain {
            for (flag, m) in [
                (Sty::EMPH, Modifier::ITALIC),
                (Sty::STRONG, Modifier::BOLD),
                (Sty::STRIKE, Modifier::CROSSED_OUT),
            ] {
                if sty.contains(flag) {
                    s = s.add_modifier(m);
                }
            }
        }
        s
    }

    /// True for [`Theme::plain`]: inline emphasis then adds no modifiers either.
    pub(super) fn is_plain(&self) -> bool {
        *self == Theme::plain()
    }
}
