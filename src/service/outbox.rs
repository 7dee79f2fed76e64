//! What is due to be sent: use-cases queue records here (an approved reply, a receipt, a referral); an
//! export writes them into bundles and removes them only once the bundle is safely written.

use super::ServiceError;
use crate::exchange::{Content, Record};
use crate::vault::{Tree, Txn, Vault};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub id: uuid::Uuid,
    pub to: String,
    pub content: Content,
    pub record: Record,
    pub queued_at: DateTime<Utc>,
    /// What it is about, for the clerk's screen (a case reference, a bundle id).
    pub about: String,
}

/// Queues a record for `to` inside `txn`.
pub(crate) fn queue(
    vault: &Vault,
    txn: &mut Txn,
    to: &str,
    record: Record,
    about: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let content = content_of(&record);
    let item = OutboxItem {
        id: uuid::Uuid::now_v7(),
        to: to.to_string(),
        content,
        record,
        queued_at: now,
        about: about.into(),
    };
    vault.put(txn, Tree::OUTBOX, item.id.as_bytes(), &item)?;
    Ok(())
}

/// The content family a record travels in.
pub fn content_of(record: &Record) -> Content {
    match record {
        Record::ReadmissionApplication(_) => Content::ReadmissionApplications,
        Record::ReadmissionReply(_) => Content::ReadmissionReplies,
        Record::TransferNotification(_) => Content::TransferNotifications,
        Record::Receipt(_) => Content::Receipts,
        Record::VerificationRequest(_) => Content::VerificationRequests,
        Record::VerificationResult(_) => Content::VerificationResults,
        Record::Referral(_) => Content::Referrals,
        Record::ReferralUpdate(_) => Content::ReferralUpdates,
        Record::StatisticsExtract(_) => Content::Statistics,
    }
}

pub(crate) fn pending(vault: &Vault) -> Result<Vec<OutboxItem>, ServiceError> {
    Ok(vault
        .scan::<OutboxItem>(Tree::OUTBOX)
        .map(|i| i.map(|(_, v)| v))
        .collect::<Result<Vec<_>, _>>()?)
}
