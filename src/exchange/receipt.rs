//! The receipt a station sends back after importing a bundle: the treaty's written record of receipt.

use super::records::{Receipt, Record};
use super::unpack::CheckedBundle;
use chrono::{DateTime, Utc};

/// A `receipt` record for `bundle`, imported at `received_at`, to send back to its sender.
pub fn receipt_for(bundle: &CheckedBundle, received_at: DateTime<Utc>) -> Record {
    Record::Receipt(Receipt {
        id: uuid::Uuid::now_v7().hyphenated().to_string(),
        bundle_id: bundle.manifest.bundle_id,
        manifest_sha256: bundle.manifest_sha256.clone(),
        received_at,
        records: bundle.records,
    })
}
