//! The tamper-evident audit chain: each entry carries the SHA-256 of the previous one, and the digest of
//! what its action wrote (`state`), so the chain commits to the station's state as well as its history.
//! Checkpoints (`checkpoint`) carry the chain's head and state root off the station, signed.
//!
//! Pure logic: the service stores entries in the vault (sealed, keyed by their sequence number) and keeps
//! the head (next number and last hash) sealed beside them, so a cut-off tail is noticed too.

mod chain;
pub mod checkpoint;
mod entry;
mod fault;
pub mod state;

pub use chain::{verify, ChainFault, Head, GENESIS};
pub use checkpoint::{Checkpoint, CheckpointFault};
pub use entry::AuditEntry;
pub use fault::AuditFault;
pub use state::StateFault;
