//! The checkpoint text, in the spirit of C2SP tlog-checkpoint: a short text naming the station, the
//! chain's size, the hash of its last entry and the state root, signed by the station's minisign key.
//! Once a copy has left the station (in a bundle, a backup, a supervisor's file), no change, removal,
//! reordering or cut of the entries before it goes unnoticed by anyone who holds it and the station's
//! public key.
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
//!
//! The text alone (no crypto): the audit layer holds chains to it, the exchange layer reads the copies
//! partners send in bundles, the service signs and verifies it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

const MAGIC: &str = "ercms checkpoint v1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}
