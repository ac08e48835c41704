//! Entering and leaving the terminal modes the app uses: raw mode, the alternate screen,
//! mouse capture, bracketed paste and a hidden cursor. Leaving is idempotent and undoes each
//! mode in reverse, from the guard's `Drop`, from the panic hook and before an editor runs,
//! so the shell is left as it was found. Never asks the terminal anything (no `ESC[6n`).

use std::io::{self, Stdout, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context as _, Result};
use crossterm::{cursor, event, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;

/// True while the app's modes are on; makes [`restore`] safe to call any number of times.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

pub struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
    /// Whether the app takes the mouse; off, the terminal's own selection works.
    mouse: bool,
}

impl TerminalGuard {
    pub fn enter() -> Result<Self> {
        install_panic_hook();
        enter_modes(true)?;
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))
            .context("setting up the terminal")?;
        Ok(TerminalGuard {
            terminal,
            mouse: true,
        })
    }

    /// Turns mouse capture on or off; kept across an editor's turn with the terminal.
    pub fn set_mouse(&mut self, on: bool) -> Result<()> {
        if on {
            execute!(io::stdout(), event::EnableMouseCapture)
        } else {
            execute!(io::stdout(), event::DisableMouseCapture)
        }
        .context("switching mouse capture")?;
        self.mouse = on;
        Ok(())
    }

    pub fn terminal(&mut self) -> &mut Terminal<CrosstermBackend<Stdout>> {
        &mut self.terminal
    }

    /// Gives the terminal back (for an editor), then takes it again and redraws everything.
    pub fn suspended<T>(&mut self, f: impl FnOnce() -> T) -> Result<T> {
        restore();
        let out = f();
        enter_modes(self.mouse)?;
        let (w, h) = terminal::size().context("reading the terminal size")?;
        // `resize` clears the screen and forgets the last frame without querying the cursor.
        self.terminal
            .resize(Rect::new(0, 0, w, h))
            .context("redrawing the terminal")?;
        Ok(out)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

fn enter_modes(mouse: bool) -> Result<()> {
    terminal::enable_raw_mode().context("switching the terminal to raw mode")?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        event::EnableBracketedPaste,
        cursor::Hide
    )
    .context("setting up the terminal")?;
    if mouse {
        execute!(io::stdout(), event::EnableMouseCapture).context("setting up the terminal")?;
    }
    Ok(())
}

/// Undoes every mode the app turned on, in reverse; does nothing when they are off. Errors
/// are ignored: the terminal may be gone (hangup), and there is nothing better to do.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(
        out,
        cursor::Show,
        event::DisableBracketedPaste,
        event::DisableMouseCapture,
        terminal::LeaveAlternateScreen
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal before the panic message is printed, so it is readable.
fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
