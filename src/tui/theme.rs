//! Colours and text styles for every screen. Only the 16 ANSI colours are used, so the app
//! looks right on any colour terminal; `NO_COLOR` leaves only bold, italic and reverse.

use ratatui::style::{Color, Modifier, Style};

/// The styles the views use, by meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub title: Style,
    pub heading: Style,
    pub accent: Style,
    pub dim: Style,
    pub selected: Style,
    pub highlight: Style,
    /// The marked match of in-page find, among the others drawn in `highlight`.
    pub current: Style,
    pub done: Style,
    pub overdue: Style,
    pub code: Style,
    pub link: Style,
    pub status: Style,
    pub error: Style,
    pub bar_done: Style,
    pub bar_todo: Style,
    /// The styles of a rendered page.
    pub page: crate::render::Theme,
}

impl Theme {
    /// Picks the theme from the config's `theme` and the `NO_COLOR` convention.
    pub fn pick(name: Option<&str>, no_color: bool) -> Theme {
        if no_color {
            return Theme::mono();
        }
        match name {
            Some("light") => Theme::light(),
            _ => Theme::dark(),
        }
    }

    /// Reads `NO_COLOR` (set and not empty means no colour, per no-color.org).
    pub fn no_color_from_env() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    pub fn dark() -> Theme {
        Theme {
            title: Style::new()
                .fg(Color::LightCyan)
                .add_modifier(Modifier::BOLD),
            heading: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            accent: Style::new().fg(Color::Yellow),
            dim: Style::new().fg(Color::DarkGray),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            highlight: Style::new().fg(Color::Black).bg(Color::Yellow),
            current: Style::new()
                .fg(Color::Black)
                .bg(Color::LightMagenta)
                .add_modifier(Modifier::BOLD),
            done: Style::new().fg(Color::Green),
            overdue: Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            code: Style::new().fg(Color::LightGreen),
            link: Style::new()
                .fg(Color::LightBlue)
                .add_modifier(Modifier::UNDERLINED),
            status: Style::new().fg(Color::Black).bg(Color::Gray),
            error: Style::new().fg(Color::LightRed),
            bar_done: Style::new().fg(Color::Green),
            bar_todo: Style::new().fg(Color::DarkGray),
            page: crate::render::Theme::default(),
        }
    }

    pub fn light() -> Theme {
        Theme {
            title: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            heading: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            accent: Style::new().fg(Color::Red),
            dim: Style::new().fg(Color::DarkGray),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            highlight: Style::new().fg(Color::White).bg(Color::Blue),
            current: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            done: Style::new().fg(Color::Green),
            overdue: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            code: Style::new().fg(Color::Magenta),
            link: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            status: Style::new().fg(Color::White).bg(Color::Black),
            error: Style::new().fg(Color::Red),
            bar_done: Style::new().fg(Color::Green),
            bar_todo: Style::new().fg(Color::Gray),
            page: crate::render::Theme::default(),
        }
    }

    /// No colours at all: structure from bold, italic, underline and reverse.
    pub fn mono() -> Theme {
        let plain = Style::new();
        Theme {
            title: plain.add_modifier(Modifier::BOLD),
            heading: plain.add_modifier(Modifier::BOLD),
            accent: plain.add_modifier(Modifier::BOLD),
            dim: plain,
            selected: plain.add_modifier(Modifier::REVERSED),
            highlight: plain.add_modifier(Modifier::REVERSED),
            current: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
            done: plain,
            overdue: plain.add_modifier(Modifier::BOLD),
            code: plain,
            link: plain.add_modifier(Modifier::UNDERLINED),
            status: plain.add_modifier(Modifier::REVERSED),
            error: plain.add_modifier(Modifier::BOLD),
            bar_done: plain,
            bar_todo: plain,
            page: crate::render::Theme::plain(),
        }
    }
}
