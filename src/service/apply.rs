//! What each kind of record does when its bundle is imported. Called inside the import's transaction;
//! a record that refers to something this station does not have rejects the whole bundle (rule 7).

use super::exchange_log::{Direction, LogEntry};
use super::{ServiceError, Session};
use crate::exchange::{OpenedBundle, Record};
use crate::vault::{Tree, Txn};
use chrono::{DateTime, Utc};

impl Session {
    /// Applies every record into `txn`; returns what they did, in counts.
    pub(crate) fn apply_records(
        &mut self,
        opened: &OpenedBundle,
        txn: &mut Txn,
        now: DateTime<Utc>,
    ) -> Result<String, ServiceError> {
        let mut receipts = 0;
        for (i, record) in opened.records.iter().enumerate() {
            let line = i + 1;
            match record {
                Record::Receipt(r) => {
                    self.apply_receipt(line, r, &opened.manifest.sender.to_string(), txn, now)?;
                    receipts += 1;
                }
                _ => {
                    return Err(ServiceError::Rejected(format!(
                        "records.jsonl line {line}: this station does not take {} records",
                        opened.manifest.content.wire_name()
                    )))
                }
            }
        }
        Ok(format!("{receipts} receipt(s) acknowledged"))
    }

    fn apply_receipt(
        &mut self,
        line: usize,
        r: &crate::exchange::records::Receipt,
        sender: &str,
        txn: &mut Txn,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let _ = now;
        let sent = self
            .vault
            .scan::<LogEntry>(Tree::EXCHANGE_LOG)
            .find_map(|item| match item {
                Ok((_, e))
                    if e.direction == Direction::Sent
                        && e.bundle_id == Some(r.bundle_id)
                        && e.partner.as_deref() == Some(sender) =>
                {
                    Some(Ok(e))
                }
                Ok(_) => None,
                Err(err) => Some(Err(err)),
            });
        let mut entry = match sent {
            Some(e) => e?,
            None => {
                return Err(ServiceError::Rejected(format!(
                    "records.jsonl line {line}: the receipt names a bundle this station never sent to {sender}"
                )))
            }
        };
        if entry.manifest_sha256.as_deref() != Some(r.manifest_sha256.as_str()) {
            return Err(ServiceError::Rejected(format!(
                "records.jsonl line {line}: the receipt's manifest hash is not that of the bundle sent"
            )));
        }
        if entry.acknowledged_at.is_none() {
            entry.acknowledged_at = Some(r.received_at);
            entry.put(&self.vault, txn)?;
        }
        Ok(())
    }
}
