//! Pure rules of the domain: no storage, no crypto, no screens.

pub mod application;
pub mod date;
pub mod ids;
pub mod nrm;
pub mod policy;
pub mod role;
