//! Checkpoints partners sent in their bundles (the `checkpoint` member, see `exchange::checkpoint`).
//! Every one received is kept, sealed, in the import's own transaction, so that this station holds
//! copies of each partner's chain head where no one on the partner's station can reach them. A
//! received checkpoint shorter than one held from the same partner, or of the same size with another
//! head, says that the partner's chain was cut, restored or rolled back: the import still applies (the
//! bundle is signed and valid) and says so.

use super::checkpoint::write_durably;
use super::{ServiceError, Session};
use crate::domain::checkpoint::Checkpoint;
use crate::domain::ids::StationId;
use crate::domain::policy::Permission;
use crate::exchange::checkpoint::SignedCheckpoint;
use crate::vault::{Tree, Txn, Vault};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A checkpoint received from a partner, as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldCheckpoint {
    /// What the partner signed (its fields stand at the top level when kept and in `--json`).
    #[serde(flatten)]
    pub checkpoint: Checkpoint,
    /// When this station imported the bundle that carried it.
    pub received_at: DateTime<Utc>,
    pub bundle_id: String,
    /// The checkpoint file exactly as received (body, blank line, signature).
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub text: String,
}

/// `<station>/<size, 20 digits>/<head>`: all received ones are kept, in order of size per partner.
fn key(station: &str, size: u64, head: &str) -> Vec<u8> {
    format!("{station}/{size:020}/{head}").into_bytes()
}

/// Every checkpoint held from `station`, smallest size first.
pub(crate) fn held_from(vault: &Vault, station: &str) -> Result<Vec<HeldCheckpoint>, ServiceError> {
    let prefix = format!("{station}/");
    let mut held = vec![];
    // Only this partner's are opened: every import asks, and the tree holds one per bundle received.
    for item in vault.scan_raw(Tree::PARTNER_CHECKPOINTS) {
        let (k, sealed) = item?;
        if k.starts_with(prefix.as_bytes()) {
            held.push(vault.decode(Tree::PARTNER_CHECKPOINTS, &k, &sealed)?);
        }
    }
    Ok(held)
}

/// What a received checkpoint says against those held from the same partner: a sentence when the
/// partner's chain is shorter than, or forks from, one held here.
pub(crate) fn against_held(held: &[HeldCheckpoint], received: &Checkpoint) -> Option<String> {
    let station = &received.station;
    let at = |t: &DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    if let Some(fork) = held
        .iter()
        .map(|h| &h.checkpoint)
        .find(|h| h.size == received.size && h.head != received.head)
    {
        return Some(format!(
            "the checkpoint in this bundle forks from one held here: {station}'s audit chain of {} entries has another last entry than the one it signed at {} (its station was restored or rolled back and went on differently)",
            received.size,
            at(&fork.at)
        ));
    }
    let longest = held
        .iter()
        .map(|h| &h.checkpoint)
        .max_by_key(|h| (h.size, h.at))?;
    (received.size < longest.size).then(|| {
        format!(
            "the checkpoint in this bundle is shorter than one held here: {station}'s audit chain holds {} entries, but it signed {} at {} (its station was restored or rolled back)",
            received.size,
            longest.size,
            at(&longest.at)
        )
    })
}

/// Puts a received checkpoint into the import's transaction.
pub(crate) fn keep(
    vault: &Vault,
    txn: &mut Txn,
    signed: &SignedCheckpoint,
    bundle_id: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let cp = &signed.checkpoint;
    let held = HeldCheckpoint {
        checkpoint: cp.clone(),
        received_at: now,
        bundle_id: bundle_id.to_string(),
        text: signed.text.clone(),
    };
    vault.put(
        txn,
        Tree::PARTNER_CHECKPOINTS,
        &key(&cp.station, cp.size, &cp.head),
        &held,
    )?;
    Ok(())
}

/// The newest held: the largest size, then the latest signed.
fn newest(held: Vec<HeldCheckpoint>) -> Option<HeldCheckpoint> {
    held.into_iter()
        .max_by_key(|h| (h.checkpoint.size, h.checkpoint.at))
}

impl Session {
    /// `ercms keys checkpoints ID` (admin, auditor, supervisor): the checkpoints held from partner ID,
    /// smallest first, without their file text.
    pub fn partner_checkpoints(&self, id: &str) -> Result<Vec<HeldCheckpoint>, ServiceError> {
        self.allow(Permission::ViewPartnerCheckpoints)?;
        let id = StationId::parse(id).map_err(|e| ServiceError::Usage(e.to_string()))?;
        let mut held = held_from(&self.vault, id.as_str())?;
        for h in &mut held {
            h.text.clear();
        }
        Ok(held)
    }

    /// The newest checkpoint held from partner ID, for a screen (without its file text).
    pub fn newest_partner_checkpoint(
        &self,
        id: &str,
    ) -> Result<Option<HeldCheckpoint>, ServiceError> {
        Ok(newest(self.partner_checkpoints(id)?))
    }

    /// `ercms keys checkpoint ID --out FILE`: writes the newest checkpoint held from partner ID as the
    /// checkpoint file it sent, for that partner's auditor to hold its chain to
    /// (`ercms audit verify --checkpoint FILE --key PUB` on the partner's station).
    pub fn write_partner_checkpoint(
        &self,
        id: &str,
        out: &Path,
    ) -> Result<HeldCheckpoint, ServiceError> {
        self.allow(Permission::ViewPartnerCheckpoints)?;
        let station = StationId::parse(id).map_err(|e| ServiceError::Usage(e.to_string()))?;
        let mut cp = newest(held_from(&self.vault, station.as_str())?).ok_or_else(|| {
            ServiceError::NotFound(format!("no checkpoint from {station} is held here"))
        })?;
        write_durably(out, &cp.text)?;
        cp.text.clear();
        Ok(cp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn cp(size: u64, head: &str, hour: u32) -> Checkpoint {
        Checkpoint {
            station: "IQ-MOMD-TEST".into(),
            size,
            head: head.repeat(32),
            state: "cd".repeat(32),
            at: Utc.with_ymd_and_hms(2026, 12, 1, hour, 0, 0).unwrap(),
            reason: "export".into(),
        }
    }

    fn held(c: &Checkpoint) -> HeldCheckpoint {
        HeldCheckpoint {
            checkpoint: c.clone(),
            received_at: c.at,
            bundle_id: "b".into(),
            text: String::new(),
        }
    }

    #[test]
    fn a_received_checkpoint_is_held_to_those_kept_from_its_partner() {
        let kept = [held(&cp(10, "aa", 8)), held(&cp(20, "bb", 9))];
        // Longer, or the same one again: nothing to say.
        assert_eq!(against_held(&kept, &cp(30, "cc", 10)), None);
        assert_eq!(against_held(&kept, &cp(20, "bb", 10)), None);
        assert_eq!(against_held(&[], &cp(1, "aa", 10)), None);
        // Shorter than the longest held.
        let shorter = against_held(&kept, &cp(15, "dd", 10)).unwrap();
        assert_eq!(
            shorter,
            "the checkpoint in this bundle is shorter than one held here: IQ-MOMD-TEST's audit chain holds 15 entries, but it signed 20 at 2026-12-01T09:00:00Z (its station was restored or rolled back)"
        );
        // The same size with another head: a fork, even when older ones are shorter.
        let fork = against_held(&kept, &cp(10, "ee", 10)).unwrap();
        assert!(
            fork.starts_with("the checkpoint in this bundle forks from one held here: IQ-MOMD-TEST's audit chain of 10 entries"),
            "{fork}"
        );
    }

    #[test]
    fn every_checkpoint_received_has_its_own_key_in_size_order() {
        assert!(key("A", 9, "ff") < key("A", 10, "00"));
        assert_ne!(key("A", 10, "aa"), key("A", 10, "bb"));
        assert_eq!(
            newest(vec![held(&cp(20, "bb", 9)), held(&cp(10, "aa", 11))])
                .unwrap()
                .checkpoint
                .size,
            20
        );
    }
}
