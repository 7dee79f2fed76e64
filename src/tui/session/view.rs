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
