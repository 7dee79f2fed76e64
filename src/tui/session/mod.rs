//! The session: signing in, the lock screen and the dashboard.

pub mod dashboard;
#[cfg(test)]
pub mod fake;
pub mod live;
pub mod lock;
pub mod login;
pub mod port;
#[cfg(test)]
mod tests;
pub mod update;
pub mod view;
