//! The interactive app: state, actions, views, the event loop, and terminal setup and
//! restore. Never parses Markdown or queries the index itself.

mod app;
mod terminal;
mod view;

pub use app::{Action, App, Effect, Screen};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Result;
use crossterm::event::{self, Event, KeyEventKind};

use crate::content::Library;

/// Runs the app until the user quits or a signal asks it to stop. The terminal is restored
/// on every way out: return, error, panic, SIGINT, SIGTERM, SIGHUP.
pub fn run(library: Library) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let mut guard = terminal::TerminalGuard::enter()?;
    let mut app = App::new(library);
    loop {
        guard.terminal().draw(|frame| view::draw(&app, frame))?;
        if stop.load(Ordering::Relaxed) || app.should_quit() {
            break;
        }
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        let action = match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => app::action_for_key(&app, key),
            Event::Resize(_, _) => Some(Action::Redraw),
            _ => None,
        };
        if let Some(action) = action {
            // No effect needs IO yet: quitting is state, and everything else is in memory.
            let _effect = app.update(action);
        }
    }
    drop(guard);
    Ok(())
}
