//! Sealing a value: XChaCha20-Poly1305 under the data key, a random 24-byte nonce, and the tree and record
//! key as associated data, so that a value moved to another key no longer opens.

use super::error::VaultError;
use super::tree::Tree;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretBox};

/// The first byte of every sealed value: the sealing scheme's version.
const SCHEME: u8 = 1;
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

fn associated_data(tree: Tree, key: &[u8]) -> Vec<u8> {
    let mut ad = Vec::with_capacity(16 + key.len());
    ad.extend_from_slice(b"ercms/");
    ad.extend_from_slice(tree.name().as_bytes());
    ad.push(0);
    ad.extend_from_slice(key);
    ad
}

pub fn seal(key: &DataKey, tree: Tree, record_key: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let ad = associated_data(tree, record_key);
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
    let mut out = Vec::with_capacity(1 + NONCE_LEN + ct.len());
    out.push(SCHEME);
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
    if sealed.len() < 1 + NONCE_LEN + 16 || sealed[0] != SCHEME {
        return Err(VaultError::Tampered(tree.name()));
    }
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let nonce = XNonce::from_slice(&sealed[1..1 + NONCE_LEN]);
    let ad = associated_data(tree, record_key);
    cipher
        .decrypt(
            nonce,
            Payload {
                msg: &sealed[1 + NONCE_LEN..],
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
        let s = seal(&k, Tree::CASES, b"abc", b"secret marker");
        assert_eq!(open(&k, Tree::CASES, b"abc", &s).unwrap(), b"secret marker");
        assert!(matches!(
            open(&k, Tree::CASES, b"abd", &s),
            Err(VaultError::Tampered("cases"))
        ));
        assert!(open(&k, Tree::USERS, b"abc", &s).is_err());
        assert!(open(&DataKey::generate(), Tree::CASES, b"abc", &s).is_err());
    }

    #[test]
    fn the_same_value_seals_differently_each_time() {
        let k = DataKey::generate();
        assert_ne!(
            seal(&k, Tree::CASES, b"a", b"x"),
            seal(&k, Tree::CASES, b"a", b"x")
        );
    }

    proptest! {
        #[test]
        fn any_flipped_bit_is_detected(data in proptest::collection::vec(any::<u8>(), 0..200), pos in any::<usize>(), bit in 0u8..8) {
            let k = DataKey::generate();
            let mut s = seal(&k, Tree::CASES, b"k", &data);
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
