//! The National Referral Mechanism: referral queues, the returnee's record and the provider
//! directory. State and update, drawing, the port, its live adapter, its test fake and its tests.

#[cfg(test)]
pub mod fake;
pub mod live;
pub mod new_returnee;
pub mod port;
pub mod providers;
pub mod referrals;
pub mod returnee;
pub mod returnees;
#[cfg(test)]
mod tests;
pub mod update;
