//! The state the chain commits to. Each audit entry records what its action wrote: per value, the tree,
//! the key and the SHA-256 of the sealed bytes (or a removal). Replaying these records in chain order gives
//! the state the chain describes: for every live value, the entry that wrote it (its version) and its hash.
//! `verify` compares that with the values actually stored and names every record that is older, newer,
//! changed, missing or extra. The state root is an RFC 6962 Merkle tree hash over that state, sorted by
//! tree and key, so that a checkpoint can pin it in 32 bytes.
//!
//! Pure logic: the service reads the store and hands records in.

use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// One change an action made: a sealed value's hash, or `None` when it removed the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub tree: String,
    pub key: Vec<u8>,
    pub sealed: Option<[u8; 32]>,
}

/// `tree name length (u8), name, key length (u16 BE), key, 0 (removed) or 1 and the 32-byte hash`.
pub fn encode(changes: &[Change], out: &mut Vec<u8>) {
    for c in changes {
        out.push(c.tree.len() as u8);
        out.extend_from_slice(c.tree.as_bytes());
        out.extend_from_slice(&(c.key.len() as u16).to_be_bytes());
        out.extend_from_slice(&c.key);
        match &c.sealed {
            None => out.push(0),
            Some(h) => {
                out.push(1);
                out.extend_from_slice(h);
            }
        }
    }
}

/// The changes of an encoded list; `None` when it is malformed.
pub fn decode(mut bytes: &[u8]) -> Option<Vec<Change>> {
    let mut out = Vec::new();
    while let Some((&n, rest)) = bytes.split_first() {
        let (name, rest) = rest.split_at_checked(n as usize)?;
        let tree = std::str::from_utf8(name).ok()?.to_string();
        let (len, rest) = rest.split_at_checked(2)?;
        let (key, rest) = rest.split_at_checked(u16::from_be_bytes([len[0], len[1]]) as usize)?;
        let (flag, rest) = rest.split_first()?;
        let (sealed, rest) = match flag {
            0 => (None, rest),
            1 => {
                let (h, rest) = rest.split_at_checked(32)?;
                (Some(<[u8; 32]>::try_from(h).ok()?), rest)
            }
            _ => return None,
        };
        out.push(Change {
            tree,
            key: key.to_vec(),
            sealed,
        });
        bytes = rest;
    }
    Some(out)
}

/// What an entry's `state` field holds: the hex SHA-256 of the encoded list, fed in parts.
pub struct Digester(Sha256);

impl Default for Digester {
    fn default() -> Self {
        let mut h = Sha256::new();
        h.update(b"ercms-state-changes-v1\0");
        Digester(h)
    }
}

impl Digester {
    pub fn update(&mut self, encoded: &[u8]) {
        self.0.update(encoded);
    }

    pub fn finish(self) -> String {
        hex::encode(self.0.finalize())
    }
}

/// A value as the chain says it should be: written by entry `version`, with this hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Expected {
    version: u64,
    sealed: Option<[u8; 32]>,
}

/// The state a chain describes, built by replaying its entries' changes in order.
#[derive(Debug, Default)]
pub struct State {
    records: BTreeMap<(String, Vec<u8>), Expected>,
}

/// A key as shown in a sentence: keys are ids and fixed words, never personal data.
fn show_key(key: &[u8]) -> String {
    match std::str::from_utf8(key) {
        Ok(s) if !s.is_empty() && s.chars().all(|c| c.is_ascii_graphic()) => s.to_string(),
        _ => match <[u8; 16]>::try_from(key) {
            Ok(b) => uuid::Uuid::from_bytes(b).to_string(),
            Err(_) => hex::encode(key),
        },
    }
}

/// What is wrong with one stored value, against the chain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "fault", rename_all = "snake_case")]
pub enum StateFault {
    #[error("the value {key} in {tree} is older than the audit chain says: it is version {live}, entry {expected} wrote a later one")]
    Older {
        tree: String,
        key: String,
        live: u64,
        expected: u64,
    },
    #[error("the value {key} in {tree} is newer than the audit chain: it is version {live}, the chain's last write of it is entry {expected}")]
    Newer {
        tree: String,
        key: String,
        live: u64,
        expected: u64,
    },
    #[error("the value {key} in {tree} is not the one audit entry {expected} wrote")]
    Changed {
        tree: String,
        key: String,
        expected: u64,
    },
    #[error("the value {key} in {tree} is missing: audit entry {expected} wrote it and nothing removed it")]
    Missing {
        tree: String,
        key: String,
        expected: u64,
    },
    #[error("the value {key} in {tree} is extra: no audit entry wrote it")]
    Extra { tree: String, key: String },
    #[error("the value {key} in {tree} should be gone: audit entry {expected} removed it")]
    Removed {
        tree: String,
        key: String,
        expected: u64,
    },
    #[error("the value {key} in {tree} was sealed before the state was bound to the chain; run `ercms upgrade`")]
    Legacy { tree: String, key: String },
    #[error("the record of what audit entry {seq} wrote is missing or does not match the entry")]
    Log { seq: u64 },
    #[error("there is a record of writes for audit entry {seq}, which wrote nothing")]
    LogExtra { seq: u64 },
}

/// A stored value as the verifier finds it.
pub struct Live<'a> {
    pub tree: &'a str,
    pub key: &'a [u8],
    /// SHA-256 of the sealed bytes.
    pub sealed: [u8; 32],
    /// The version the value claims (`None`: sealed before versions).
    pub version: Option<u64>,
}

/// At most this many faults are collected: enough to see the pattern, bounded for a wrecked store.
pub const MAX_FAULTS: usize = 100;

impl State {
    /// Applies entry `version`'s changes.
    pub fn apply(&mut self, version: u64, changes: Vec<Change>) {
        for c in changes {
            self.records.insert(
                (c.tree, c.key),
                Expected {
                    version,
                    sealed: c.sealed,
                },
            );
        }
    }

    /// Live values in the state.
    pub fn len(&self) -> usize {
        self.records.values().filter(|e| e.sealed.is_some()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// RFC 6962 Merkle tree hash over the live values, in (tree, key) order; each leaf is
    /// `tree name length, name, key length (u16 BE), key, version (u64 BE), value hash`.
    pub fn root(&self) -> String {
        let leaves: Vec<[u8; 32]> = self
            .records
            .iter()
            .filter_map(|((tree, key), e)| {
                let sealed = e.sealed?;
                let mut h = Sha256::new();
                h.update([0u8]);
                h.update([tree.len() as u8]);
                h.update(tree.as_bytes());
                h.update((key.len() as u16).to_be_bytes());
                h.update(key);
                h.update(e.version.to_be_bytes());
                h.update(sealed);
                Some(h.finalize().into())
            })
            .collect();
        hex::encode(merkle(&leaves))
    }

    /// Compares the stored values with this state; consumes it. Returns the faults found (at most
    /// `MAX_FAULTS`), empty when every stored value is exactly the one the chain last wrote.
    pub fn compare<'a>(mut self, live: impl Iterator<Item = Live<'a>>) -> Vec<StateFault> {
        let mut faults: Vec<StateFault> =
            live.filter_map(|v| self.take(v)).take(MAX_FAULTS).collect();
        let room = MAX_FAULTS - faults.len();
        faults.extend(self.missing().take(room));
        faults
    }

    /// Checks one stored value and strikes it off.
    pub fn take(&mut self, v: Live<'_>) -> Option<StateFault> {
        let found = self.records.remove(&(v.tree.to_string(), v.key.to_vec()));
        let (tree, key) = (v.tree.to_string(), show_key(v.key));
        match found {
            Some(Expected {
                sealed: Some(h), ..
            }) if h == v.sealed => None,
            _ if v.version.is_none() => Some(StateFault::Legacy { tree, key }),
            None => Some(StateFault::Extra { tree, key }),
            Some(Expected {
                version,
                sealed: None,
            }) => Some(StateFault::Removed {
                tree,
                key,
                expected: version,
            }),
            Some(Expected { version, .. }) => Some(match v.version {
                Some(live) if live < version => StateFault::Older {
                    tree,
                    key,
                    live,
                    expected: version,
                },
                Some(live) if live > version => StateFault::Newer {
                    tree,
                    key,
                    live,
                    expected: version,
                },
                _ => StateFault::Changed {
                    tree,
                    key,
                    expected: version,
                },
            }),
        }
    }

    /// The values the chain wrote that were not found (call after `take` saw every stored value).
    pub fn missing(self) -> impl Iterator<Item = StateFault> {
        self.records
            .into_iter()
            .filter(|(_, e)| e.sealed.is_some())
            .map(|((tree, key), e)| StateFault::Missing {
                tree,
                key: show_key(&key),
                expected: e.version,
            })
    }
}

/// RFC 6962 §2.1: MTH({}) = SHA-256(), MTH({d}) = leaf hash, otherwise split at the largest power of two
/// below n and hash `0x01 || left || right`.
fn merkle(leaves: &[[u8; 32]]) -> [u8; 32] {
    match leaves.len() {
        0 => Sha256::digest([]).into(),
        1 => leaves[0],
        n => {
            let k = 1usize << (usize::BITS - 1 - (n - 1).leading_zeros());
            let mut h = Sha256::new();
            h.update([1u8]);
            h.update(merkle(&leaves[..k]));
            h.update(merkle(&leaves[k..]));
            h.finalize().into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn put(tree: &str, key: &str, h: u8) -> Change {
        Change {
            tree: tree.into(),
            key: key.as_bytes().to_vec(),
            sealed: Some([h; 32]),
        }
    }

    fn live<'a>(tree: &'a str, key: &'a str, h: u8, version: u64) -> Live<'a> {
        Live {
            tree,
            key: key.as_bytes(),
            sealed: [h; 32],
            version: Some(version),
        }
    }

    fn state() -> State {
        let mut s = State::default();
        s.apply(0, vec![put("cases", "a", 1), put("cases", "b", 2)]);
        s.apply(
            1,
            vec![
                put("cases", "a", 3),
                Change {
                    tree: "cases".into(),
                    key: b"b".to_vec(),
                    sealed: None,
                },
            ],
        );
        s
    }

    #[test]
    fn the_live_state_the_chain_describes_verifies() {
        assert_eq!(
            state().compare([live("cases", "a", 3, 1)].into_iter()),
            vec![]
        );
    }

    #[test]
    fn every_kind_of_difference_names_the_record() {
        let older = state().compare([live("cases", "a", 1, 0)].into_iter());
        assert!(
            matches!(&older[..], [StateFault::Older { key, live: 0, expected: 1, .. }] if key == "a")
        );
        let newer = state().compare([live("cases", "a", 9, 5)].into_iter());
        assert!(matches!(&newer[..], [StateFault::Newer { live: 5, .. }]));
        let changed = state().compare([live("cases", "a", 9, 1)].into_iter());
        assert!(matches!(
            &changed[..],
            [StateFault::Changed { expected: 1, .. }]
        ));
        let missing = state().compare([].into_iter());
        assert!(
            matches!(&missing[..], [StateFault::Missing { key, expected: 1, .. }] if key == "a")
        );
        let back =
            state().compare([live("cases", "a", 3, 1), live("cases", "b", 2, 0)].into_iter());
        assert!(matches!(&back[..], [StateFault::Removed { key, expected: 1, .. }] if key == "b"));
        let extra =
            state().compare([live("cases", "a", 3, 1), live("users", "z", 1, 1)].into_iter());
        assert!(matches!(&extra[..], [StateFault::Extra { tree, .. }] if tree == "users"));
        assert!(older[0].to_string().contains("a in cases"), "{}", older[0]);
    }

    #[test]
    fn the_root_follows_rfc_6962() {
        assert_eq!(
            hex::encode(merkle(&[])),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let l: Vec<[u8; 32]> = (0..3u8).map(|i| [i; 32]).collect();
        let node = |a: &[u8; 32], b: &[u8; 32]| -> [u8; 32] {
            let mut h = Sha256::new();
            h.update([1u8]);
            h.update(a);
            h.update(b);
            h.finalize().into()
        };
        assert_eq!(merkle(&l), node(&node(&l[0], &l[1]), &l[2]));
        let mut other = state();
        assert_eq!(other.root(), state().root());
        other.apply(2, vec![put("cases", "c", 4)]);
        assert_ne!(other.root(), state().root());
    }

    proptest! {
        #[test]
        fn change_lists_round_trip_and_garbage_is_refused(keys in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..40), 0..20), junk in proptest::collection::vec(any::<u8>(), 0..80)) {
            let changes: Vec<Change> = keys.iter().enumerate().map(|(i, k)| Change { tree: "cases".into(), key: k.clone(), sealed: (i % 2 == 0).then_some([i as u8; 32]) }).collect();
            let mut bytes = vec![];
            encode(&changes, &mut bytes);
            prop_assert_eq!(decode(&bytes), Some(changes));
            let _ = decode(&junk);
        }
    }
}
