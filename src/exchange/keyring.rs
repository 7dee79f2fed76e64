//! Keys: this station's own (secret) keys and the keyring of trusted partners.
//!
//! Keys travel in the standard text forms of the `age` and `minisign` tools, so that a partner can check
//! a bundle with those tools alone and an admin can read a fingerprint aloud to confirm a key.

use super::content::Content;
use crate::domain::ids::StationId;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the age recipient of `{0}` is not an age X25519 public key (age1…)")]
    AgeRecipient(StationId),
    #[error("the minisign key of `{0}` is not a minisign public key (the RW… line)")]
    MinisignKey(StationId),
    #[error("`{0}` has an empty display name")]
    EmptyName(StationId),
    #[error("`{0}` is already in the keyring")]
    Duplicate(StationId),
    #[error("the age identity is not an age X25519 secret key (AGE-SECRET-KEY-1…)")]
    AgeIdentity,
    #[error(
        "the minisign secret key is not an unencrypted minisign secret key file (minisign -G -W)"
    )]
    MinisignSecret,
    #[error("the key file could not be read or written: {0}")]
    Io(#[from] std::io::Error),
}

/// A trusted partner station, as an admin entered it after confirming the fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub station: StationId,
    pub name: String,
    /// `age1…`
    pub age_recipient: String,
    /// The base64 `RW…` line of a minisign public key.
    pub minisign_key: String,
    /// The contents this partner may send us.
    pub may_send: Vec<Content>,
}

impl Partner {
    /// Checks that both keys parse with the tools' own libraries.
    pub fn validate(&self) -> Result<(), KeyError> {
        if self.name.trim().is_empty() {
            return Err(KeyError::EmptyName(self.station.clone()));
        }
        self.recipient()?;
        self.public_key()?;
        Ok(())
    }

    pub fn recipient(&self) -> Result<age::x25519::Recipient, KeyError> {
        self.age_recipient
            .trim()
            .parse()
            .map_err(|_| KeyError::AgeRecipient(self.station.clone()))
    }

    pub fn public_key(&self) -> Result<minisign::PublicKey, KeyError> {
        minisign::PublicKey::from_base64(self.minisign_key.trim())
            .map_err(|_| KeyError::MinisignKey(self.station.clone()))
    }

    pub fn may_send(&self, content: Content) -> bool {
        self.may_send.contains(&content)
    }

    /// What both stations' admins compare by voice before trusting the keys.
    pub fn fingerprint(&self) -> String {
        fingerprint(self.age_recipient.trim(), self.minisign_key.trim())
    }
}

/// Ten groups of four hex digits of the SHA-256 over both public keys, e.g. `3f2a 9c01 …`.
/// Covering both keys means one read-aloud confirms the encryption and the signature key together.
pub fn fingerprint(age_recipient: &str, minisign_key: &str) -> String {
    let digest = Sha256::digest(format!("ercms-keys-v1\n{age_recipient}\n{minisign_key}\n"));
    let hexed = hex::encode(&digest[..20]);
    hexed
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The trusted partners of this station, looked up by station id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keyring {
    partners: Vec<Partner>,
}

impl Keyring {
    pub fn new(partners: Vec<Partner>) -> Result<Self, KeyError> {
        let mut ring = Keyring::default();
        for p in partners {
            ring.add(p)?;
        }
        Ok(ring)
    }

    /// Adds a validated partner; a station appears at most once.
    pub fn add(&mut self, partner: Partner) -> Result<(), KeyError> {
        partner.validate()?;
        if self.get(&partner.station).is_some() {
            return Err(KeyError::Duplicate(partner.station));
        }
        self.partners.push(partner);
        Ok(())
    }

    pub fn get(&self, station: &StationId) -> Option<&Partner> {
        self.partners.iter().find(|p| &p.station == station)
    }

    pub fn partners(&self) -> &[Partner] {
        &self.partners
    }
}

/// This station's own keys. The secrets never appear in `Debug` output.
pub struct StationKeys {
    station: StationId,
    age: age::x25519::Identity,
    /// The minisign secret key file text (unencrypted); the vault seals it.
    minisign_secret: SecretString,
    minisign_public: minisign::PublicKey,
}

impl fmt::Debug for StationKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StationKeys({}, secrets hidden)", self.station)
    }
}

impl StationKeys {
    pub fn generate(station: StationId) -> Result<Self, KeyError> {
        let pair = minisign::KeyPair::generate_unencrypted_keypair()
            .map_err(|_| KeyError::MinisignSecret)?;
        let secret = pair
            .sk
            .to_box(None)
            .map_err(|_| KeyError::MinisignSecret)?
            .into_string();
        Ok(StationKeys {
            station,
            age: age::x25519::Identity::generate(),
            minisign_secret: SecretString::from(secret),
            minisign_public: pair.pk,
        })
    }

    /// From the standard text forms: an age identity (`AGE-SECRET-KEY-1…`, comment lines allowed, as
    /// `age-keygen` writes it) and an unencrypted minisign secret key file (as `minisign -G -W` writes it).
    pub fn from_text(
        station: StationId,
        age_identity: &str,
        minisign_secret: &str,
    ) -> Result<Self, KeyError> {
        let line = age_identity
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .ok_or(KeyError::AgeIdentity)?;
        let age: age::x25519::Identity = line.parse().map_err(|_| KeyError::AgeIdentity)?;
        let secret = parse_minisign_secret(minisign_secret)?;
        let minisign_public =
            minisign::PublicKey::from_secret_key(&secret).map_err(|_| KeyError::MinisignSecret)?;
        Ok(StationKeys {
            station,
            age,
            minisign_secret: SecretString::from(minisign_secret.to_string()),
            minisign_public,
        })
    }

    /// Loads `<ID>.age.key` and `<ID>.minisign.key` style files.
    pub fn from_files(
        station: StationId,
        age_identity_file: &Path,
        minisign_secret_file: &Path,
    ) -> Result<Self, KeyError> {
        let age = SecretString::from(std::fs::read_to_string(age_identity_file)?);
        let sign = SecretString::from(std::fs::read_to_string(minisign_secret_file)?);
        Self::from_text(station, age.expose_secret(), sign.expose_secret())
    }

    pub fn station(&self) -> &StationId {
        &self.station
    }

    /// `AGE-SECRET-KEY-1…`, for the vault to seal.
    pub fn age_identity_text(&self) -> SecretString {
        SecretString::from(self.age.to_string().expose_secret().to_string())
    }

    /// The unencrypted minisign secret key file, for the vault to seal.
    pub fn minisign_secret_text(&self) -> SecretString {
        self.minisign_secret.clone()
    }

    pub(crate) fn age_identity(&self) -> &age::x25519::Identity {
        &self.age
    }

    /// `age1…`
    pub fn age_recipient(&self) -> String {
        self.age.to_public().to_string()
    }

    /// The base64 `RW…` line.
    pub fn minisign_public_key(&self) -> String {
        self.minisign_public.to_base64()
    }

    /// The standard two-line minisign public key file.
    /// The standard two-line minisign public key file, exactly as `minisign -G` writes it.
    pub fn minisign_public_file(&self) -> String {
        let mut id = [0u8; 8];
        for (to, from) in id.iter_mut().zip(self.minisign_public.keynum()) {
            *to = *from;
        }
        format!(
            "untrusted comment: minisign public key {:X}\n{}\n",
            u64::from_le_bytes(id),
            self.minisign_public_key()
        )
    }

    pub fn fingerprint(&self) -> String {
        fingerprint(&self.age_recipient(), &self.minisign_public_key())
    }

    /// Writes `DIR/<ID>.age.pub` and `DIR/<ID>.minisign.pub`; returns both paths.
    pub fn export_public(&self, dir: &Path) -> Result<(PathBuf, PathBuf), KeyError> {
        let age_path = dir.join(format!("{}.age.pub", self.station));
        let sign_path = dir.join(format!("{}.minisign.pub", self.station));
        std::fs::write(&age_path, format!("{}\n", self.age_recipient()))?;
        std::fs::write(&sign_path, self.minisign_public_file())?;
        Ok((age_path, sign_path))
    }

    /// This station as a partner entry, as another station would enter it.
    pub fn as_partner(&self, name: &str, may_send: Vec<Content>) -> Partner {
        Partner {
            station: self.station.clone(),
            name: name.to_string(),
            age_recipient: self.age_recipient(),
            minisign_key: self.minisign_public_key(),
            may_send,
        }
    }

    /// A minisign signature file (default, pre-hashed) of `data` with the given trusted comment.
    pub fn sign(&self, data: &[u8], trusted_comment: &str) -> Result<String, KeyError> {
        let secret = parse_minisign_secret(self.minisign_secret.expose_secret())?;
        minisign::sign(
            Some(&self.minisign_public),
            &secret,
            std::io::Cursor::new(data),
            Some(trusted_comment),
            Some("signature from ercms secret key"),
        )
        .map(|b| b.into_string())
        .map_err(|_| KeyError::MinisignSecret)
    }
}

fn parse_minisign_secret(text: &str) -> Result<minisign::SecretKey, KeyError> {
    let boxed = minisign::SecretKeyBox::from_string(text.trim_start())
        .map_err(|_| KeyError::MinisignSecret)?;
    match minisign::SecretKey::from_unencrypted_box(boxed) {
        Ok(key) => Ok(key),
        Err(_) => parse_unchecksummed_secret(text),
    }
}

/// `minisign -G -W` (the C tool, 0.11) writes unencrypted keys with an all-zero checksum, which the
/// minisign crate refuses. Accept exactly that form, and prove the key instead by a test signature.
fn parse_unchecksummed_secret(text: &str) -> Result<minisign::SecretKey, KeyError> {
    const LEN: usize = 158; // algorithm, kdf, checksum algorithm, kdf parameters, key id, key, checksum
    let line = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .nth(1)
        .ok_or(KeyError::MinisignSecret)?;
    let bytes = base64_decode(line).ok_or(KeyError::MinisignSecret)?;
    let unencrypted = bytes.len() == LEN && bytes[2..4] == [0, 0];
    if !unencrypted || bytes[LEN - 32..].iter().any(|b| *b != 0) {
        return Err(KeyError::MinisignSecret);
    }
    let secret = minisign::SecretKey::from_bytes(&bytes).map_err(|_| KeyError::MinisignSecret)?;
    let public =
        minisign::PublicKey::from_secret_key(&secret).map_err(|_| KeyError::MinisignSecret)?;
    let probe = b"ercms key check";
    let signature = minisign::sign(Some(&public), &secret, &probe[..], None, None)
        .map_err(|_| KeyError::MinisignSecret)?;
    minisign::verify(
        &public,
        &signature,
        std::io::Cursor::new(probe),
        true,
        false,
        false,
    )
    .map_err(|_| KeyError::MinisignSecret)?;
    Ok(secret)
}

/// Standard base64 with padding, as minisign writes its key and signature lines.
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    let b = text.as_bytes();
    if b.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(b.len() / 4 * 3);
    for chunk in b.chunks(4) {
        let pad = chunk.iter().rev().take_while(|c| **c == b'=').count();
        if pad > 2 {
            return None;
        }
        let mut n: u32 = 0;
        for c in &chunk[..4 - pad] {
            n = (n << 6) | value(*c)?;
        }
        n <<= 6 * pad as u32;
        let three = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&three[..3 - pad]);
    }
    Some(out)
}

/// Reads a minisign public key as either the `RW…` line or the standard two-line file.
pub fn minisign_key_line(text: &str) -> Option<&str> {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn station(s: &str) -> StationId {
        StationId::parse(s).unwrap()
    }

    #[test]
    fn generated_keys_round_trip_through_their_text_forms() {
        let keys = StationKeys::generate(station("IQ-MOMD-BGD")).unwrap();
        let again = StationKeys::from_text(
            station("IQ-MOMD-BGD"),
            keys.age_identity_text().expose_secret(),
            keys.minisign_secret_text().expose_secret(),
        )
        .unwrap();
        assert_eq!(again.age_recipient(), keys.age_recipient());
        assert_eq!(again.minisign_public_key(), keys.minisign_public_key());
        assert_eq!(again.fingerprint(), keys.fingerprint());
        assert!(keys.age_recipient().starts_with("age1"));
        assert!(keys.minisign_public_key().starts_with("RW"));
    }

    #[test]
    fn debug_hides_the_secrets() {
        let keys = StationKeys::generate(station("DE-BAMF")).unwrap();
        let shown = format!("{keys:?}");
        assert!(!shown.contains("AGE-SECRET-KEY"));
        let secret_line = keys
            .minisign_secret_text()
            .expose_secret()
            .lines()
            .nth(1)
            .unwrap()
            .to_string();
        assert!(!shown.contains(&secret_line));
    }

    #[test]
    fn partners_are_validated_and_unique() {
        let keys = StationKeys::generate(station("DE-BAMF")).unwrap();
        let good = keys.as_partner("BAMF", vec![Content::ReadmissionApplications]);
        assert!(good.validate().is_ok());
        assert_eq!(good.fingerprint(), keys.fingerprint());
        let fp = good.fingerprint();
        assert_eq!(fp.split(' ').count(), 10);

        let mut bad = good.clone();
        bad.age_recipient = "age1notakey".into();
        assert!(matches!(bad.validate(), Err(KeyError::AgeRecipient(_))));
        let mut bad = good.clone();
        bad.minisign_key = "RWnotakey".into();
        assert!(matches!(bad.validate(), Err(KeyError::MinisignKey(_))));

        let mut ring = Keyring::new(vec![good.clone()]).unwrap();
        assert!(matches!(ring.add(good), Err(KeyError::Duplicate(_))));
        assert!(ring.get(&station("DE-BAMF")).is_some());
        assert!(ring.get(&station("FR-OFPRA")).is_none());
    }

    #[test]
    fn base64_decodes_standard_padding() {
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64_decode("aGk=").unwrap(), b"hi");
        assert_eq!(base64_decode("aGV5").unwrap(), b"hey");
        assert!(base64_decode("aGk").is_none());
        assert!(base64_decode("a*k=").is_none());
    }

    #[test]
    fn garbage_secret_keys_are_refused() {
        let s = station("DE-BAMF");
        assert!(StationKeys::from_text(s.clone(), "AGE-SECRET-KEY-1XYZ", "x").is_err());
        let keys = StationKeys::generate(s.clone()).unwrap();
        let age = keys.age_identity_text();
        assert!(matches!(
            StationKeys::from_text(s, age.expose_secret(), "untrusted comment: x\nRWQAAA\n"),
            Err(KeyError::MinisignSecret)
        ));
    }
}
