use super::{ChainFault, CheckpointFault, StateFault};
use serde::Serialize;

/// What `audit verify` found wrong: the chain itself, the state against the chain, or the chain against
/// a checkpoint. The first fault is named; `more` counts the further state faults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuditFault {
    Chain(ChainFault),
    State { first: StateFault, more: usize },
    Checkpoint(CheckpointFault),
}

impl AuditFault {
    /// The audit entry the fault names, where it names one.
    pub fn seq(&self) -> Option<u64> {
        match self {
            AuditFault::Chain(f) => Some(f.seq()),
            _ => None,
        }
    }
}

impl std::fmt::Display for AuditFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuditFault::Chain(c) => c.fmt(f),
            AuditFault::Checkpoint(c) => c.fmt(f),
            AuditFault::State { first, more: 0 } => first.fmt(f),
            AuditFault::State { first, more } => {
                write!(f, "{first} (and {more} more value")?;
                f.write_str(if *more == 1 { ")" } else { "s)" })
            }
        }
    }
}
