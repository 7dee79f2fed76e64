//! What the session screens ask of the station, in view-model terms.

use crate::tui::session::view::*;
use crate::tui::view::*;

pub trait SessionPort {
    /// Opens the vault for this user. The error sentence never says which half was wrong.
    fn login(&mut self, user: &str, passphrase: &str) -> Result<SessionInfo, String>;
    /// Drops the unlocked keys; the next `login` opens them again.
    fn lock(&mut self);
    fn dashboard(&mut self) -> Result<Dashboard, String>;
}
