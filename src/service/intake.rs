//! Events that happen before anyone has unlocked the vault (failed logins, lockouts). They cannot be
//! sealed with the data key, so they are age-encrypted to the station's own public key and entered into
//! the audit chain, with their own times, at the next successful login.

use super::ServiceError;
use crate::vault::{Tree, Txn};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IntakeEvent {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub detail: Option<String>,
}

/// Adds an event to `txn`, encrypted to the station's recipient (public, stored in META).
pub fn add(txn: &mut Txn, recipient: &str, event: &IntakeEvent) -> Result<(), ServiceError> {
    let recipient: age::x25519::Recipient = recipient
        .parse()
        .map_err(|_| ServiceError::Invalid("the station's public key is damaged".into()))?;
    let plain = serde_json::to_vec(event).unwrap_or_default();
    let enc = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
        .map_err(|e| ServiceError::Invalid(format!("could not record the event: {e}")))?;
    let mut out = vec![];
    let mut w = enc
        .wrap_output(&mut out)
        .map_err(|e| ServiceError::Invalid(format!("could not record the event: {e}")))?;
    w.write_all(&plain)
        .and_then(|_| w.finish().map(|_| ()))
        .map_err(|e| ServiceError::Invalid(format!("could not record the event: {e}")))?;
    // Time-ordered ids keep the events in the order they happened.
    let key = uuid::Uuid::now_v7();
    txn.put_plain(Tree::INTAKE, key.as_bytes(), out);
    Ok(())
}

/// Opens an intake event with the station's identity; `None` if it does not open (it is then kept
/// out of the chain and reported as damaged).
pub fn open(identity: &age::x25519::Identity, bytes: &[u8]) -> Option<IntakeEvent> {
    let dec = age::Decryptor::new(bytes).ok()?;
    let mut r = dec
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .ok()?;
    let mut plain = vec![];
    r.read_to_end(&mut plain).ok()?;
    serde_json::from_slice(&plain).ok()
}
