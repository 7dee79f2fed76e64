//! The receipt a station sends back after importing a bundle: the treaty's written record of receipt.

use super::records::{Receipt, Record};
use super::unpack::OpenedBundle;
use chrono::{DateTime, Utc};

/// A `receipt` record for `opened`, imported at `received_at`, to send back to its sender.
pub fn receipt_for(opened: &OpenedBundle, received_at: DateTime<Utc>) -> Record {
    Record::Receipt(Receipt {
        id: uuid::Uuid::now_v7().hyphenated().to_string(),
        bundle_id: opened.manifest.bundle_id,
        manifest_sha256: opened.manifest_sha256.clone(),
        received_at,
        records: opened.records.len() as u64,
    })
}
