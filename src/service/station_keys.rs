//! The station's own keys: an age X25519 identity (bundles to us) and a minisign key pair (bundles from
//! us). Generated at `init` (or the demo's, from keys/), sealed in the vault; only public halves leave.

use super::{ServiceError, Session};
use crate::domain::ids::StationId;
use crate::domain::policy::Permission;
use crate::exchange::StationKeys;
use crate::vault::{Tree, Vault};
use age::secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// How the keys are stored (sealed): their standard text forms.
#[derive(Clone, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub(crate) struct StoredKeys {
    age_identity: String,
    minisign_secret: String,
}

impl StoredKeys {
    pub(crate) fn from_keys(keys: &StationKeys) -> StoredKeys {
        StoredKeys {
            age_identity: keys.age_identity_text().expose_secret().to_string(),
            minisign_secret: keys.minisign_secret_text().expose_secret().to_string(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct KeysSummary {
    pub station: String,
    pub age_recipient: String,
    pub minisign_public_key: String,
    /// One fingerprint over both public keys, to read aloud when a partner confirms them.
    pub fingerprint: String,
}

fn damaged() -> ServiceError {
    ServiceError::Invalid("the station's keys are damaged; restore from a backup".into())
}

/// The station's keys, opened from an unlocked vault.
pub(crate) fn load_keys(vault: &Vault, station: &StationId) -> Result<StationKeys, ServiceError> {
    let stored: StoredKeys = vault.get(Tree::STATION, b"keys")?.ok_or_else(damaged)?;
    StationKeys::from_text(
        station.clone(),
        &stored.age_identity,
        &stored.minisign_secret,
    )
    .map_err(|_| damaged())
}

impl Session {
    pub(crate) fn station_keys(&self) -> Result<StationKeys, ServiceError> {
        load_keys(&self.vault, &self.station)
    }

    /// `ercms keys show`.
    pub fn keys_show(&self) -> Result<KeysSummary, ServiceError> {
        self.allow(Permission::ViewKeys)?;
        let k = self.station_keys()?;
        Ok(KeysSummary {
            station: self.station.to_string(),
            age_recipient: k.age_recipient(),
            minisign_public_key: k.minisign_public_key(),
            fingerprint: k.fingerprint(),
        })
    }

    /// `ercms keys export DIR`: the two public key files, in the standard tools' forms.
    pub fn keys_export(
        &mut self,
        dir: &Path,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<PathBuf>, ServiceError> {
        self.allow(Permission::ViewKeys)?;
        if !dir.is_dir() {
            return Err(ServiceError::Invalid(format!(
                "{} is not a folder",
                dir.display()
            )));
        }
        let (a, m) = self
            .station_keys()?
            .export_public(dir)
            .map_err(|e| ServiceError::Invalid(format!("could not write the key files: {e}")))?;
        self.record(now, "keys.export", None, Some(&dir.display().to_string()))?;
        Ok(vec![a, m])
    }
}
