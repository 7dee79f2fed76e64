//! Checkpoints, in the spirit of C2SP tlog-checkpoint: a short text naming the station, the chain's size,
//! the hash of its last entry and the state root, signed by the station's minisign key. Once a copy has
//! left the station (in a bundle, a backup, a supervisor's file), no change, removal, reordering or cut
//! of the entries before it goes unnoticed by anyone who holds it and the station's public key.
//!
//! The file: the body, a blank line, then a standard minisign signature file of the body:
//!
//! ```text
//! ercms checkpoint v1
//! station MOFA-IQ
//! size 90
//! head 3f…
//! state 9a…
//! at 2026-12-02T05:00:00Z
//! reason backup
//!
//! untrusted comment: signature from ercms secret key
//! RU…
//! trusted comment: ercms checkpoint MOFA-IQ 90
//! …
//! ```

use chrono::{DateTime, Utc};
use serde::Serialize;

const MAGIC: &str = "ercms checkpoint v1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checkpoint {
    pub station: String,
    /// Entries in the chain (the next sequence number).
    pub size: u64,
    /// Hash of entry `size - 1` (64 zeros for an empty chain).
    pub head: String,
    /// The state root after entry `size - 1` (see `state::State::root`).
    pub state: String,
    pub at: DateTime<Utc>,
    /// Why it was made: export, backup, sign-out, request, upgrade.
    pub reason: String,
}

impl Checkpoint {
    /// The signed text.
    pub fn body(&self) -> String {
        format!(
            "{MAGIC}\nstation {}\nsize {}\nhead {}\nstate {}\nat {}\nreason {}\n",
            self.station,
            self.size,
            self.head,
            self.state,
            self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            self.reason
        )
    }

    /// The minisign trusted comment: what `minisign -V` shows.
    pub fn trusted_comment(&self) -> String {
        format!("ercms checkpoint {} {}", self.station, self.size)
    }

    /// Parses a body; `None` unless it is exactly the form `body` writes.
    pub fn parse(body: &str) -> Option<Checkpoint> {
        let mut lines = body.strip_suffix('\n')?.split('\n');
        if lines.next()? != MAGIC {
            return None;
        }
        let mut field = |name: &str| -> Option<String> {
            let line = lines.next()?;
            let value = line.strip_prefix(name)?.strip_prefix(' ')?;
            (!value.is_empty() && value.len() <= 256).then(|| value.to_string())
        };
        let station = field("station")?;
        let size = field("size")?.parse().ok()?;
        let head = field("head")?;
        let state = field("state")?;
        let at = DateTime::parse_from_rfc3339(&field("at")?)
            .ok()?
            .with_timezone(&Utc);
        let reason = field("reason")?;
        let hex64 = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
        if lines.next().is_some() || !hex64(&head) || !hex64(&state) {
            return None;
        }
        Some(Checkpoint {
            station,
            size,
            head,
            state,
            at,
            reason,
        })
    }
}

/// Splits a checkpoint file into its body and its minisign signature text.
pub fn split_file(text: &str) -> Option<(&str, &str)> {
    let at = text.find("\n\n")?;
    Some((&text[..at + 1], &text[at + 2..]))
}

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
    fn the_body_round_trips_and_nothing_else_parses() {
        assert_eq!(Checkpoint::parse(&cp().body()), Some(cp()));
        let body = cp().body();
        assert!(Checkpoint::parse(&body.replace("size 90", "size x")).is_none());
        assert!(Checkpoint::parse(&format!("{body}extra\n")).is_none());
        assert!(Checkpoint::parse(&body.replace(&"ab".repeat(32), "ab")).is_none());
        let file = format!("{body}\nuntrusted comment: x\nRW\n");
        assert_eq!(
            split_file(&file),
            Some((&body[..], "untrusted comment: x\nRW\n"))
        );
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
