//! Where each part of each screen goes, from the terminal's size: the one source of the
//! geometry that the views draw into and that `App::update` needs (which row a click hit, how
//! many rows a page holds, how wide the reader's text is). Pure arithmetic over `Rect`s.

use ratatui::layout::{Constraint, Layout, Rect};

/// The smallest terminal the layout is drawn in; below it a message asks for more room.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Terminals at least this wide show a preview beside search results and details beside a
/// list.
pub const SIDE_PANE_MIN_WIDTH: u16 = 100;

/// The whole frame: the screen above, the status line below.
pub struct Frame {
    pub main: Rect,
    pub status: Rect,
}

pub fn frame(area: Rect) -> Frame {
    let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    Frame { main, status }
}

/// The frame for a terminal of `size` (columns, rows).
pub fn frame_of(size: (u16, u16)) -> Frame {
    frame(Rect::new(0, 0, size.0, size.1))
}

/// The inside of a bordered block.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// The home screen: one bordered block.
pub fn home(main: Rect) -> Rect {
    main
}

/// What the home screen has room for at one size: a bar for each phase or one for all, and
/// how many due items are listed before "+N more".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HomePlan {
    pub phase_bars: bool,
    pub due_rows: usize,
}

/// Due items the home screen lists at most; the rest are behind "+N more".
pub const HOME_DUE_MAX: usize = 8;
/// Due items worth keeping one bar per phase for: with fewer rows than this left, the phases
/// share one bar so what is due stays in view.
const HOME_DUE_MIN: usize = 3;

/// The plan for a terminal of `size`, with `phases` phase bars to draw, `due` items due, and
/// `extra` lines above the list (a review row, a stale pack's line).
/// Above the due list: the greeting, the day, a gap, the bars, a gap and the list's heading;
/// below it, a gap and the search hint. Recent pages and bookmarks come after and scroll.
pub fn home_plan(size: (u16, u16), phases: usize, due: usize, extra: usize) -> HomePlan {
    let room = usize::from(inner(home(frame_of(size).main)).height);
    let fixed = 3 + 2 + 2 + extra;
    // Due rows that fit under `bars` bars, one kept for "+N more" when not all do; `None`
    // when the bars alone overflow.
    let rows_for = |bars: usize| {
        let left = room.checked_sub(fixed + bars)?;
        Some(if due <= left.min(HOME_DUE_MAX) {
            due
        } else {
            left.saturating_sub(1).min(HOME_DUE_MAX)
        })
    };
    match rows_for(phases) {
        Some(rows) if phases <= 1 || rows >= due.min(HOME_DUE_MIN) => HomePlan {
            phase_bars: true,
            due_rows: rows.max(due.min(1)),
        },
        _ => HomePlan {
            phase_bars: phases <= 1,
            // On the smallest screens the list scrolls, but shows at least one item.
            due_rows: rows_for(1).unwrap_or(0).max(due.min(1)),
        },
    }
}

/// The search screen: the query line, the results, and a preview when there is room.
pub struct Search {
    pub query: Rect,
    pub results: Rect,
    pub preview: Option<Rect>,
}

pub fn search(main: Rect, with_preview: bool) -> Search {
    let [query, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(main);
    if with_preview && main.width >= SIDE_PANE_MIN_WIDTH {
        let [results, preview] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(rest);
        Search {
            query,
            results,
            preview: Some(preview),
        }
    } else {
        Search {
            query,
            results: rest,
            preview: None,
        }
    }
}

/// Screen rows one search result takes: its title and its snippet.
pub const RESULT_ROWS: u16 = 2;

/// How many search results fit at once.
pub fn results_visible(size: (u16, u16)) -> usize {
    usize::from(inner(search(frame_of(size).main, false).results).height / RESULT_ROWS).max(1)
}

/// The reader: one bordered block with a column of padding each side; the text starts after
/// a one-column gutter for the task cursor.
pub struct Reader {
    pub block: Rect,
    /// Where the page's lines go, gutter included.
    pub text: Rect,
}

/// Columns of padding each side of the reader's text.
const READER_PADDING: u16 = 1;
/// The task cursor's column.
pub const GUTTER: u16 = 1;

pub fn reader(main: Rect) -> Reader {
    let inside = inner(main);
    let text = Rect {
        x: inside.x.saturating_add(READER_PADDING),
        width: inside.width.saturating_sub(2 * READER_PADDING),
        ..inside
    };
    Reader { block: main, text }
}

/// The reader's page for a terminal of `size`: (columns the page is wrapped to, rows shown).
pub fn page_area(size: (u16, u16)) -> (u16, usize) {
    let text = reader(frame_of(size).main).text;
    let width = text.width.saturating_sub(GUTTER).max(10);
    (width, usize::from(text.height).max(1))
}

/// A list screen (checklists, people, tools, glossary, notes): a header line, then a
/// bordered list, with a details pane when there is room.
pub struct List {
    pub header: Rect,
    pub list: Rect,
    pub details: Option<Rect>,
}

pub fn list(main: Rect, with_details: bool) -> List {
    let [header, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(main);
    if with_details && main.width >= SIDE_PANE_MIN_WIDTH {
        let [list, details] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(body);
        List {
            header,
            list,
            details: Some(details),
        }
    } else {
        List {
            header,
            list: body,
            details: None,
        }
    }
}

/// The rows of a list screen for a terminal of `size`: (first screen row, rows shown).
pub fn list_rows(size: (u16, u16)) -> (u16, usize) {
    let rows = inner(list(frame_of(size).main, false).list);
    (rows.y, usize::from(rows.height).max(1))
}

/// The first visible row of a list of `height` rows that shows `selected` when drawn from
/// `offset` (ratatui's `List` keeps the selection in view the same way).
pub fn list_offset(selected: usize, height: usize) -> usize {
    if height == 0 {
        0
    } else {
        (selected + 1).saturating_sub(height)
    }
}

/// The help overlay's room for lines inside its border.
pub fn help_rows(size: (u16, u16)) -> usize {
    usize::from(inner(frame_of(size).main).height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_text_sits_inside_border_padding_and_gutter() {
        assert_eq!(page_area((80, 24)), (75, 21));
        let r = reader(frame_of((80, 24)).main);
        assert_eq!((r.text.x, r.text.y, r.text.width), (2, 1, 76));
    }

    #[test]
    fn home_keeps_a_bar_per_phase_while_what_is_due_fits() {
        // 80x24: 21 rows inside the border; 7 bars leave room for 6 items and "+N more".
        assert_eq!(
            home_plan((80, 24), 7, 19, 0),
            HomePlan {
                phase_bars: true,
                due_rows: 6
            }
        );
        assert_eq!(
            home_plan((80, 24), 7, 4, 0),
            HomePlan {
                phase_bars: true,
                due_rows: 4
            }
        );
        assert_eq!(home_plan((100, 40), 7, 19, 0).due_rows, HOME_DUE_MAX);
        // 40x12 has no room for seven bars: one bar, and what is due.
        assert_eq!(
            home_plan((40, 12), 7, 19, 0),
            HomePlan {
                phase_bars: false,
                due_rows: 1
            }
        );
        assert_eq!(
            home_plan((40, 12), 7, 0, 0),
            HomePlan {
                phase_bars: false,
                due_rows: 0
            }
        );
        assert!(home_plan((40, 12), 1, 5, 0).phase_bars);
    }

    #[test]
    fn lists_and_results_know_their_rows() {
        assert_eq!(list_rows((80, 24)), (2, 20));
        assert_eq!(results_visible((80, 24)), 9);
        assert_eq!(list_offset(25, 20), 6);
        assert_eq!(list_offset(3, 20), 0);
    }
}
