//! The station's own keys: an age X25519 identity (bundles to us) and a minisign key pair (bundles from us).
//! Generated at `init`, sealed in the vault; only the public halves ever leave.

use super::{ServiceError, Session};
use crate::domain::policy::Permission;
use age::secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The secret keys in their standard text forms (`AGE-SECRET-KEY-1…`; minisign's secret key file).
#[derive(Clone, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub struct StationSecrets {
    pub age_identity: String,
    pub minisign_secret: String,
    /// The public key file text (comment line and `RW…` line).
    pub minisign_public: String,
}

impl std::fmt::Debug for StationSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StationSecrets(…)")
    }
}

impl StationSecrets {
    pub fn generate() -> Result<StationSecrets, ServiceError> {
        let age = age::x25519::Identity::generate();
        let kp = minisign::KeyPair::generate_unencrypted_keypair()
            .map_err(|e| ServiceError::Invalid(format!("could not make the signing key: {e}")))?;
        let secret = kp
            .sk
            .to_box(Some("ercms station secret key"))
            .map_err(|e| ServiceError::Invalid(format!("could not encode the signing key: {e}")))?;
        let public = kp
            .pk
            .to_box()
            .map_err(|e| ServiceError::Invalid(format!("could not encode the signing key: {e}")))?;
        Ok(StationSecrets {
            age_identity: age.to_string().expose_secret().to_string(),
            minisign_secret: secret.into_string(),
            minisign_public: public.into_string(),
        })
    }

    pub fn age_recipient(&self) -> Result<String, ServiceError> {
        let id: age::x25519::Identity =
            self.age_identity.trim().parse().map_err(|_| {
                ServiceError::Invalid("the station's age identity is damaged".into())
            })?;
        Ok(id.to_public().to_string())
    }

    /// The `RW…` line of the public key.
    pub fn minisign_public_line(&self) -> String {
        self.minisign_public
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("RW"))
            .unwrap_or_default()
            .to_string()
    }
}

/// A fingerprint to read aloud: SHA-256 of the key text, in eight groups of four hex digits.
pub fn fingerprint(key_text: &str) -> String {
    let h = hex::encode(Sha256::digest(key_text.trim().as_bytes()));
    h.as_bytes()
        .chunks(4)
        .take(8)
        .map(|c| String::from_utf8_lossy(c).to_uppercase())
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, Clone, Serialize)]
pub struct KeysSummary {
    pub station: String,
    pub age_recipient: String,
    pub minisign_public_key: String,
    pub age_fingerprint: String,
    pub minisign_fingerprint: String,
}

impl Session {
    pub(crate) fn secrets(&self) -> Result<StationSecrets, ServiceError> {
        self.vault
            .get(crate::vault::Tree::STATION, b"keys")?
            .ok_or_else(|| {
                ServiceError::Invalid("the station has no keys; the vault is damaged".into())
            })
    }

    /// `ercms keys show`.
    pub fn keys_show(&self) -> Result<KeysSummary, ServiceError> {
        self.allow(Permission::ViewKeys)?;
        let s = self.secrets()?;
        let age_recipient = s.age_recipient()?;
        let minisign = s.minisign_public_line();
        Ok(KeysSummary {
            station: self.station.to_string(),
            age_fingerprint: fingerprint(&age_recipient),
            minisign_fingerprint: fingerprint(&minisign),
            age_recipient,
            minisign_public_key: minisign,
        })
    }

    /// `ercms keys export DIR`: the two public key files, in the standard tools' forms.
    pub fn keys_export(
        &mut self,
        dir: &Path,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<PathBuf>, ServiceError> {
        self.allow(Permission::ViewKeys)?;
        let s = self.secrets()?;
        if !dir.is_dir() {
            return Err(ServiceError::Invalid(format!(
                "{} is not a folder",
                dir.display()
            )));
        }
        let age_path = dir.join(format!("{}.age.pub", self.station));
        let ms_path = dir.join(format!("{}.minisign.pub", self.station));
        let mut public = s.minisign_public.clone();
        if !public.ends_with('\n') {
            public.push('\n');
        }
        let write = |p: &Path, text: &str| {
            std::fs::write(p, text)
                .map_err(|e| ServiceError::Invalid(format!("could not write {}: {e}", p.display())))
        };
        write(&age_path, &format!("{}\n", s.age_recipient()?))?;
        write(&ms_path, &public)?;
        self.record(now, "keys.export", None, Some(&dir.display().to_string()))?;
        Ok(vec![age_path, ms_path])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_have_the_standard_forms() {
        let s = StationSecrets::generate().unwrap();
        assert!(s.age_identity.starts_with("AGE-SECRET-KEY-1"));
        assert!(s.age_recipient().unwrap().starts_with("age1"));
        assert!(s.minisign_public_line().starts_with("RW"));
        assert!(minisign::PublicKey::from_base64(&s.minisign_public_line()).is_ok());
        assert!(!format!("{s:?}").contains("AGE-SECRET"));
        assert_eq!(fingerprint("abc").len(), 8 * 4 + 7);
    }
}
