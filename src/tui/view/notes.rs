//! The note prompts in the status line: the new note's title with its template and what it
//! is about, and the capture line for today's note.

use crate::content::term_safe_inline;
use crate::tui::notes::Prompt;

/// The status line while a prompt has the keyboard.
pub fn prompt_line(prompt: &Prompt) -> String {
    match prompt {
        Prompt::NewNote(p) => {
            let template = p.template_name().unwrap_or("plain note");
            let about = p
                .person
                .as_ref()
                .or(p.about.as_ref())
                .map(|(_, title)| format!(" · about {}", term_safe_inline(title)))
                .unwrap_or_default();
            format!(
                " New note: {}▏  [{}, Tab: another]{about} · Enter: write it · Esc: cancel",
                term_safe_inline(&p.title),
                term_safe_inline(template),
            )
        }
        Prompt::Capture(text) => format!(
            " Add to today's note: {}▏  (Enter to add, Esc to cancel)",
            term_safe_inline(text)
        ),
    }
}
