//! The reader's focus: Tab and Shift-Tab walk the page's links and commands in the order
//! drawn ([`Rendered::focus`](super::reader_doc::Rendered::focus)), scrolling each into view;
//! Enter follows a marked link (or copies a marked command); `y` copies the marked command,
//! or with nothing marked the first one on screen, which it then marks. A click on a link
//! follows it, on a command marks it. Digits type a link's number: on a page of fewer than
//! ten links one digit follows at once, otherwise Enter ends the number (`1` `2` Enter
//! follows link 12). What a command or a placeholder is stays the render module's.

use super::action::{Action, Effect};
use super::app::{App, Screen};
use super::layout;
use super::reader::ReaderState;
use super::reader_doc::Focus;

impl ReaderState {
    /// The marked link, an index into `rendered.links`.
    pub fn focused_link(&self) -> Option<usize> {
        match self.rendered.focus.get(self.focus?)? {
            Focus::Link(l) => Some(*l),
            Focus::Command(_) => None,
        }
    }

    /// The marked command, an index into `rendered.commands`.
    pub fn focused_command(&self) -> Option<usize> {
        match self.rendered.focus.get(self.focus?)? {
            Focus::Command(c) => Some(*c),
            Focus::Link(_) => None,
        }
    }

    /// Columns the view draws before the page's own: the task cursor, on a checklist.
    pub fn gutter(&self) -> u16 {
        if self.task.is_some() {
            layout::GUTTER
        } else {
            0
        }
    }

    /// Scrolls so that focus stop `i` is in view: a third of the way down when it was not,
    /// and whole when it fits.
    pub(super) fn reveal(&mut self, i: usize, height: usize) {
        let Some((first, last)) = self.rendered.focus_lines(i) else {
            return;
        };
        if first >= self.scroll && last < self.scroll + height {
            return;
        }
        // A block's frame is drawn on the line above its text.
        let mut scroll = first
            .saturating_sub(height / 3)
            .min(first.saturating_sub(1));
        if last >= scroll + height {
            scroll = (last + 1).saturating_sub(height).min(first);
        }
        self.scroll = scroll.min(self.max_scroll(height));
        self.follow_scroll(height);
    }

    /// The first command on screen: one whose lines are in view, at least in part.
    pub(super) fn first_visible_command(&self, height: usize) -> Option<usize> {
        let bottom = self.scroll + height;
        self.rendered
            .commands
            .iter()
            .position(|c| c.last_line >= self.scroll && c.first_line < bottom)
    }

    /// How many links have a number (footnote references do not).
    pub(super) fn numbered_links(&self) -> usize {
        self.rendered
            .links
            .iter()
            .filter(|l| l.note.is_none())
            .count()
    }

    /// Marks the next link or command (the previous one going back), from the first in view
    /// when nothing is marked, and scrolls it into view. False on a page with neither.
    pub(super) fn step_focus(&mut self, forward: bool, height: usize) -> bool {
        let n = self.rendered.focus.len();
        if n == 0 {
            return false;
        }
        let ring = &self.rendered;
        let next = match (self.focus, forward) {
            (None, true) => (0..n)
                .find(|&i| ring.focus_lines(i).is_some_and(|(l, _)| l >= self.scroll))
                .unwrap_or(0),
            (None, false) => (0..n)
                .rev()
                .find(|&i| {
                    ring.focus_lines(i)
                        .is_some_and(|(l, _)| l < self.scroll + height)
                })
                .unwrap_or(n - 1),
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.focus = Some(next);
        self.reveal(next, height);
        true
    }
}

impl App {
    /// A digit of a link number typed: on a page of fewer than ten links it follows that
    /// link at once; otherwise it adds to the number, which Enter follows.
    pub(super) fn type_link_number(&mut self, typed: Option<usize>, digit: u8) -> Option<Effect> {
        let Some(Screen::Reader(r)) = self.stack.last_mut() else {
            return None;
        };
        let numbered = r.numbered_links();
        let digit = usize::from(digit);
        if typed.is_none() && numbered < 10 {
            return self.update_reader(Action::FollowLink(digit));
        }
        let number = typed.unwrap_or(0).saturating_mul(10).saturating_add(digit);
        if number == 0 {
            self.status = Some("Link numbers start at 1.".into());
        } else if number > numbered {
            self.status = Some(format!(
                "This page has no link {number}: its links are 1 to {numbered}."
            ));
        } else {
            r.number = Some(number);
            self.status = Some(format!(
                "Link {number}: Enter follows it; another digit adds to the number, Esc cancels."
            ));
        }
        None
    }

    /// Copies command `c` of the current page, cleaned for pasting into a shell.
    pub(super) fn copy_command(&mut self, c: usize) -> Option<Effect> {
        let Some(Screen::Reader(r)) = self.stack.last() else {
            return None;
        };
        let command = r.rendered.commands.get(c)?;
        Some(Effect::Copy {
            text: super::clipboard::clean_for_paste(&command.text),
            placeholders: command.placeholders.clone(),
        })
    }

    /// `y`: the marked command, the marked link's address (a page here by its id, which
    /// `onramp show` takes), or with nothing marked the first command on screen.
    pub(super) fn copy_marked(&mut self, height: usize) -> Option<Effect> {
        let Some(Screen::Reader(r)) = self.stack.last_mut() else {
            return None;
        };
        if let Some(c) = r.focused_command() {
            return self.copy_command(c);
        }
        if let Some(l) = r.focused_link() {
            let link = &r.rendered.links[l];
            if link.note.is_some() {
                self.status = Some("A note has no address: Enter shows it.".into());
                return None;
            }
            // A page's id when the link finds one (a pack's `PACK:ID` too), else the address.
            let text = self
                .library
                .get(&r.id)
                .and_then(|doc| self.library.resolve_link(doc, &link.target))
                .map_or_else(|| link.target.clone(), |d| d.id.clone());
            return Some(Effect::Copy {
                text: super::clipboard::clean_for_paste(&text),
                placeholders: Vec::new(),
            });
        }
        let Some(c) = r.first_visible_command(height) else {
            self.status =
                Some("No command on this part of the page: Tab marks one, y copies it.".into());
            return None;
        };
        // Marked, so the screen shows which one was copied.
        r.focus = r.rendered.focus_of_command(c);
        self.copy_command(c)
    }
}
