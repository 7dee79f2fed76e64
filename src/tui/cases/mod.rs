//! Cases: the queues, the case page and its actions, and the approvals waiting for a supervisor.

pub mod approvals;
pub mod case;
pub mod live;
pub mod queue;
