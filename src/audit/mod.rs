//! The tamper-evident audit chain: each entry carries the SHA-256 of the previous one.
//!
//! Pure logic: the service stores entries in the vault (sealed, keyed by their sequence number) and keeps
//! the head (next number and last hash) sealed beside them, so a cut-off tail is noticed too.

mod chain;
mod entry;

pub use chain::{verify, ChainFault, Head};
pub use entry::AuditEntry;
