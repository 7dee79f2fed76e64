//! Administration and oversight: users, partner keys, agreements and the audit trail. State and
//! update (`update`), drawing (one file per screen), view models, the port, its live adapter, its
//! test fake and its tests.

pub mod agreements;
pub mod audit;
#[cfg(test)]
pub mod fake;
pub mod live;
pub mod partner_keys;
pub mod port;
#[cfg(test)]
mod tests;
pub mod update;
pub mod users;
pub mod view;
