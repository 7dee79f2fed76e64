//! Taking the terminal over and always giving it back: on return, on error and on panic.

use ratatui::DefaultTerminal;
use std::io;

/// The terminal in raw mode on the alternate screen; dropping it restores the terminal.
pub struct TerminalGuard {
    pub terminal: DefaultTerminal,
}

impl TerminalGuard {
    /// `ratatui::try_init` also installs a panic hook that restores the terminal before the
    /// panic message prints, so a panic never leaves the user in raw mode. The release profile
    /// keeps `panic = "unwind"` so that this drop runs as well.
    pub fn enter() -> io::Result<TerminalGuard> {
        let terminal = ratatui::try_init()?;
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}
