//! Entering and leaving the terminal modes the app uses. The guard undoes them on drop, and
//! ratatui's panic hook undoes them on panic, so the shell is left as it was found.

use std::io::{self, Stdout};

use anyhow::Result;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    /// Raw mode and the alternate screen; ratatui's `init` also installs a panic hook that
    /// restores them before the panic message is printed.
    pub fn enter() -> Result<Self> {
        let terminal = ratatui::try_init()?;
        Ok(TerminalGuard { terminal })
    }

    pub fn terminal(&mut self) -> &mut Terminal<CrosstermBackend<Stdout>> {
        &mut self.terminal
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
        let _ = crossterm::execute!(io::stdout(), crossterm::cursor::Show);
    }
}
