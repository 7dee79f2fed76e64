//! Everything the App can be asked to do. Keys become actions through the keymap; `App::update`
//! is the only place an action changes state.

use serde::Deserialize;
use tui_input::InputRequest;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Help,
    Quit,
    Back,
    Lock,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    NextTab,
    PrevTab,
    Filter,
    Actions,
    Import,
    Export,
    Refresh,
    Submit,
    NextField,
    PrevField,
    /// Next value of a choice field.
    Cycle,
    Yes,
    No,
    /// Add a user or a partner.
    Add,
    LockUser,
    UnlockUser,
    ResetPassphrase,
    Remove,
    /// Change one rule of an agreement.
    Change,
    /// Verify the audit chain.
    Verify,
    /// Choose the reports' period.
    Period,
    /// A change to the focused text field.
    #[serde(skip)]
    Edit(InputRequest),
    /// The terminal's new size, so paging knows how many rows a page holds.
    #[serde(skip)]
    Resize(u16, u16),
}
