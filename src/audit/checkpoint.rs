//! Checkpoints against a chain: what a chain and its state say against a signed checkpoint (the text
//! itself is `domain::checkpoint`).

pub use crate::domain::checkpoint::{split_file, Checkpoint};
use serde::Serialize;

/// What a chain and its state say against a checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "fault", rename_all = "snake_case")]
pub enum CheckpointFault {
    #[error("the checkpoint is not an ercms checkpoint, or is damaged")]
    Malformed,
    #[error("the checkpoint's signature does not verify with the station's public key: it was altered or is from another station")]
    BadSignature,
    #[error("the checkpoint is of station {found}, not {expected}")]
    OtherStation { expected: String, found: String },
    #[error("the audit chain holds {found} entries but the checkpoint signed at {at} covers {size}: entries from {found} on were cut off or rolled back")]
    Shorter { found: u64, size: u64, at: String },
    #[error("the audit chain before entry {size} is not the one the checkpoint signed at {at} covers: entries before it were changed, removed or reordered")]
    Diverged { size: u64, at: String },
    #[error("the state after entry {size} is not the one the checkpoint signed at {at} covers")]
    StateDiffers { size: u64, at: String },
}

impl Checkpoint {
    /// Compares with a whole chain of `len` entries whose entry `size - 1` hashes to `head_at_size` and
    /// whose replayed state at that point has root `root_at_size`.
    pub fn check(
        &self,
        len: u64,
        head_at_size: &str,
        root_at_size: &str,
    ) -> Result<(), CheckpointFault> {
        let at = self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        if len < self.size {
            return Err(CheckpointFault::Shorter {
                found: len,
                size: self.size,
                at,
            });
        }
        if head_at_size != self.head {
            return Err(CheckpointFault::Diverged {
                size: self.size,
                at,
            });
        }
        if root_at_size != self.state {
            return Err(CheckpointFault::StateDiffers {
                size: self.size,
                at,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn cp() -> Checkpoint {
        Checkpoint {
            station: "MOFA-IQ".into(),
            size: 90,
            head: "ab".repeat(32),
            state: "cd".repeat(32),
            at: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            reason: "backup".into(),
        }
    }

    #[test]
    fn a_chain_is_held_to_the_checkpoint() {
        let c = cp();
        let (h, s) = ("ab".repeat(32), "cd".repeat(32));
        assert_eq!(c.check(90, &h, &s), Ok(()));
        assert_eq!(c.check(120, &h, &s), Ok(()));
        assert!(matches!(
            c.check(89, &h, &s),
            Err(CheckpointFault::Shorter { found: 89, .. })
        ));
        assert!(matches!(
            c.check(90, &s, &s),
            Err(CheckpointFault::Diverged { .. })
        ));
        assert!(matches!(
            c.check(90, &h, &h),
            Err(CheckpointFault::StateDiffers { .. })
        ));
    }
}
