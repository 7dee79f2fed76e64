//! View model of the dashboard.

use crate::tui::cases::view::QueueView;

/// A number on a dashboard; `view` says which queue opens from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCount {
    pub view: QueueView,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dashboard {
    pub queues: Vec<QueueCount>,
    pub overdue: usize,
    pub due_soon: usize,
    pub waiting_for_me: usize,
}

/// One fact the station clock recorded, as the dashboard lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockLine {
    pub reference: String,
    pub from: String,
    pub to: String,
    /// When, in the station's zone, with the zone named.
    pub at: String,
}

/// What the clock did since sign-in (at sign-in: while the station was closed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClockReport {
    pub lines: Vec<ClockLine>,
    /// The system time and the clock's last run, when the time was set back (nothing applied).
    pub set_back: Option<(String, String)>,
    /// The clock could not run: the sentence.
    pub error: Option<String>,
}
