//! Key slots: the data key wrapped once per user with age's passphrase (scrypt) recipient, like LUKS.
//! A slot also carries the failed-login counter, because it must be counted before anyone can unlock.

use super::error::VaultError;
use super::seal::DataKey;
use age::secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};

/// scrypt work factor (log2 N) for new slots: about 0.5–1 s on a ministry workstation (see PERFORMANCE.md).
pub const DEFAULT_WORK_FACTOR: u8 = 18;
/// The lowest factor a station accepts (tests and demo stations use it to stay quick).
pub const MIN_WORK_FACTOR: u8 = 10;
/// The highest factor unwrapping accepts: 2^22 takes several seconds and 4 GiB on the slowest machine.
pub const MAX_WORK_FACTOR: u8 = 22;

#[derive(Clone, Serialize, Deserialize)]
pub struct Slot {
    /// The age file (binary) holding the 32-byte data key, hex-encoded.
    wrapped: String,
    pub work_factor: u8,
    /// Wrong passphrases in a row since the last success.
    pub failed: u32,
    /// Locked by an admin (`user lock`), until an admin unlocks it.
    pub locked: bool,
    /// After repeated failures, sign-in waits until then (unix seconds); never for ever.
    #[serde(default)]
    pub wait_until: Option<i64>,
}

/// The slot's key in the SLOTS tree: a salted hash of the user name, so no name is stored in clear.
pub fn slot_id(salt: &[u8], user: &str) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(b"ercms-slot-v1\0");
    h.update(salt);
    h.update(user.as_bytes());
    h.finalize()[..16].to_vec()
}

impl Slot {
    pub fn wrap(
        key: &DataKey,
        passphrase: &SecretString,
        work_factor: u8,
    ) -> Result<Slot, VaultError> {
        let work_factor = work_factor.clamp(MIN_WORK_FACTOR, MAX_WORK_FACTOR);
        let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
        recipient.set_work_factor(work_factor);
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .map_err(|e| VaultError::io("wrap the data key", e))?;
        let mut out = Vec::new();
        let mut w = encryptor
            .wrap_output(&mut out)
            .map_err(|e| VaultError::io("wrap the data key", e))?;
        w.write_all(key.expose())
            .and_then(|_| w.finish().map(|_| ()))
            .map_err(|e| VaultError::io("wrap the data key", e))?;
        Ok(Slot {
            wrapped: hex::encode(out),
            work_factor,
            failed: 0,
            locked: false,
            wait_until: None,
        })
    }

    /// Unwraps the data key; `None` when the passphrase is wrong (or the slot is damaged).
    pub fn unwrap_key(&self, passphrase: &SecretString) -> Option<DataKey> {
        let bytes = hex::decode(&self.wrapped).ok()?;
        let decryptor = age::Decryptor::new(&bytes[..]).ok()?;
        let mut identity = age::scrypt::Identity::new(passphrase.clone());
        identity.set_max_work_factor(MAX_WORK_FACTOR);
        let mut reader = decryptor
            .decrypt(std::iter::once(&identity as &dyn age::Identity))
            .ok()?;
        let mut key = zeroize::Zeroizing::new(Vec::with_capacity(32));
        reader.read_to_end(&mut key).ok()?;
        DataKey::from_slice(&key)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    pub fn from_bytes(b: &[u8]) -> Result<Slot, VaultError> {
        serde_json::from_slice(b).map_err(|_| VaultError::Undecodable("slots"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_right_passphrase_unwraps_the_key() {
        let key = DataKey::generate();
        let slot = Slot::wrap(&key, &SecretString::from("correct horse"), MIN_WORK_FACTOR).unwrap();
        let back = slot
            .unwrap_key(&SecretString::from("correct horse"))
            .unwrap();
        assert_eq!(back.expose(), key.expose());
        assert!(slot
            .unwrap_key(&SecretString::from("wrong horse"))
            .is_none());
        let again = Slot::from_bytes(&slot.to_bytes()).unwrap();
        assert!(again
            .unwrap_key(&SecretString::from("correct horse"))
            .is_some());
    }

    #[test]
    fn slot_ids_depend_on_the_salt_and_hide_the_name() {
        let a = slot_id(b"salt-1", "amal");
        assert_ne!(a, slot_id(b"salt-2", "amal"));
        assert_ne!(a, slot_id(b"salt-1", "amala"));
        assert!(!a.windows(4).any(|w| w == b"amal"));
    }
}
