//! Cases: the queues, the case page and its actions, and the approvals waiting for a supervisor.

pub mod approvals;
pub mod case;
#[cfg(test)]
pub mod fake;
pub mod live;
pub mod port;
pub mod queue;
#[cfg(test)]
mod tests;
pub mod update;
pub mod view;
