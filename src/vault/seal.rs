//! Sealing a value: XChaCha20-Poly1305 under the data key, a random 24-byte nonce, and the tree, the record
//! key and the value's version as associated data, so that a value moved to another key no longer opens,
//! and an older value of the same key opens only as what it is: a value of that older version.
//!
//! Scheme 2 (current): `2, version (u64 BE), nonce, ciphertext`. The version is the sequence number of
//! the audit entry that wrote the value; the audit chain commits to every value by its hash (see
//! `audit::state`). Scheme 1 (before `ercms upgrade`): `1, nonce, ciphertext`, no version.

use super::error::VaultError;
use super::tree::Tree;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretBox};

/// The first byte of every sealed value: the sealing scheme.
const LEGACY: u8 = 1;
const SCHEME: u8 = 2;
const VERSION_LEN: usize = 8;
const NONCE_LEN: usize = 24;

/// The station's 256-bit data key; zeroised on drop, never printed.
pub struct DataKey(SecretBox<[u8; 32]>);

impl DataKey {
    pub fn generate() -> DataKey {
        let mut k = Box::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(&mut k[..]);
        DataKey(SecretBox::new(k))
    }

    /// From unwrapped bytes; refuses anything that is not exactly 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<DataKey> {
        let arr: [u8; 32] = bytes.try_into().ok()?;
        Some(DataKey(SecretBox::new(Box::new(arr))))
    }

    pub fn expose(&self) -> &[u8; 32] {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

fn associated_data(tree: Tree, key: &[u8], version: Option<u64>) -> Vec<u8> {
    let mut ad = Vec::with_capacity(24 + key.len());
    match version {
        None => ad.extend_from_slice(b"ercms/"),
        Some(v) => {
            ad.extend_from_slice(b"ercms/2/");
            ad.extend_from_slice(&v.to_be_bytes());
        }
    }
    ad.extend_from_slice(tree.name().as_bytes());
    ad.push(0);
    ad.extend_from_slice(key);
    ad
}

/// The version a sealed value claims (authenticated only once it opens, or its hash matches the chain);
/// `None` for a value sealed before versions (scheme 1) or one too damaged to say.
pub fn version_of(sealed: &[u8]) -> Option<u64> {
    match sealed.split_first() {
        Some((&SCHEME, rest)) => rest
            .get(..VERSION_LEN)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_be_bytes),
        _ => None,
    }
}

pub fn seal(
    key: &DataKey,
    tree: Tree,
    record_key: &[u8],
    version: u64,
    plaintext: &[u8],
) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let ad = associated_data(tree, record_key, Some(version));
    // Encryption with a valid key and nonce length only fails on absurd (> 256 GiB) inputs.
    let ct = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: &ad,
            },
        )
        .unwrap_or_default();
    let mut out = Vec::with_capacity(1 + VERSION_LEN + NONCE_LEN + ct.len());
    out.push(SCHEME);
    out.extend_from_slice(&version.to_be_bytes());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    out
}

/// A value as stations sealed it before versions (scheme 1): what `ercms upgrade` finds. Tests only.
#[cfg(test)]
pub fn seal_legacy(key: &DataKey, tree: Tree, record_key: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let nonce = [7u8; NONCE_LEN];
    let ad = associated_data(tree, record_key, None);
    let ct = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: &ad,
            },
        )
        .unwrap();
    let mut out = vec![LEGACY];
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    out
}

pub fn open(
    key: &DataKey,
    tree: Tree,
    record_key: &[u8],
    sealed: &[u8],
) -> Result<Vec<u8>, VaultError> {
    let (version, body) = match sealed.first() {
        Some(&LEGACY) => (None, &sealed[1..]),
        Some(&SCHEME) if sealed.len() > 1 + VERSION_LEN => {
            (version_of(sealed), &sealed[1 + VERSION_LEN..])
        }
        _ => return Err(VaultError::Tampered(tree.name())),
    };
    if body.len() < NONCE_LEN + 16 {
        return Err(VaultError::Tampered(tree.name()));
    }
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let nonce = XNonce::from_slice(&body[..NONCE_LEN]);
    let ad = associated_data(tree, record_key, version);
    cipher
        .decrypt(
            nonce,
            Payload {
                msg: &body[NONCE_LEN..],
                aad: &ad,
            },
        )
        .map_err(|_| VaultError::Tampered(tree.name()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_value_opens_only_under_its_own_tree_and_key() {
        let k = DataKey::generate();
        let s = seal(&k, Tree::CASES, b"abc", 7, b"secret marker");
        assert_eq!(open(&k, Tree::CASES, b"abc", &s).unwrap(), b"secret marker");
        assert!(matches!(
            open(&k, Tree::CASES, b"abd", &s),
            Err(VaultError::Tampered("cases"))
        ));
        assert!(open(&k, Tree::USERS, b"abc", &s).is_err());
        assert!(open(&DataKey::generate(), Tree::CASES, b"abc", &s).is_err());
    }

    #[test]
    fn the_version_is_bound_to_the_value() {
        let k = DataKey::generate();
        let s = seal(&k, Tree::CASES, b"abc", 41, b"v");
        assert_eq!(version_of(&s), Some(41));
        // Claiming another version in the header: the value no longer opens.
        let mut forged = s.clone();
        forged[1..9].copy_from_slice(&42u64.to_be_bytes());
        assert!(open(&k, Tree::CASES, b"abc", &forged).is_err());
        // Stripped of its version to pass as a legacy (scheme 1) value: it does not open either.
        let mut stripped = vec![LEGACY];
        stripped.extend_from_slice(&s[9..]);
        assert!(open(&k, Tree::CASES, b"abc", &stripped).is_err());
        assert_eq!(version_of(&stripped), None);
        // A real legacy value opens (until `ercms upgrade` re-seals it).
        let legacy = seal_legacy(&k, Tree::CASES, b"abc", b"old");
        assert_eq!(open(&k, Tree::CASES, b"abc", &legacy).unwrap(), b"old");
    }

    #[test]
    fn the_same_value_seals_differently_each_time() {
        let k = DataKey::generate();
        assert_ne!(
            seal(&k, Tree::CASES, b"a", 1, b"x"),
            seal(&k, Tree::CASES, b"a", 1, b"x")
        );
    }

    proptest! {
        #[test]
        fn any_flipped_bit_is_detected(data in proptest::collection::vec(any::<u8>(), 0..200), pos in any::<usize>(), bit in 0u8..8) {
            let k = DataKey::generate();
            let mut s = seal(&k, Tree::CASES, b"k", 3, &data);
            let i = pos % s.len();
            s[i] ^= 1 << bit;
            prop_assert!(open(&k, Tree::CASES, b"k", &s).is_err());
        }

        #[test]
        fn garbage_never_panics(data in proptest::collection::vec(any::<u8>(), 0..100)) {
            let k = DataKey::generate();
            prop_assert!(open(&k, Tree::CASES, b"k", &data).is_err());
        }
    }
}
