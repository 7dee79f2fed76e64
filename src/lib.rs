//! ercms: electronic Readmission Case Management System with a National Referral Mechanism.
//!
//! Layers (a lower layer never imports a higher one):
//! `domain` (pure rules) ← `vault`, `audit`, `exchange` ← `service` ← `tui`, `cli`.

pub mod audit;
pub mod cli;
pub mod domain;
pub mod exchange;
#[cfg(test)]
mod reachability_tests;
pub mod service;
pub mod tui;
pub mod vault;
