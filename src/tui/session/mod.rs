//! The session: signing in, the lock screen and the dashboard.

pub mod dashboard;
pub mod lock;
pub mod login;
