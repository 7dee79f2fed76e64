//! Writes too large for one batch. An import of 100,000 cases made into one sled batch holds every
//! sealed value several times in memory (ours, the batch's, sled's cache) before anything is on disk.
//! A bulk write commits in parts instead: each part lists its keys in the plaintext `PENDING` tree in
//! the same batch, and the action's own final transaction deletes those lists. Until it commits, the
//! parts do not belong to the station: opening the vault undoes the parts of any bulk write whose final
//! transaction never committed (a crash, kill -9), and `abandon` undoes them at once. A bulk write is
//! therefore still all or nothing.
//!
//! Undoing deletes the keys, so parts may only write keys that are new; changes to values that exist
//! already belong in the final transaction.

use super::error::VaultError;
use super::store::{Op, Store};
use super::tree::Tree;
use super::txn::Txn;
use super::Vault;
use serde::Serialize;
use uuid::Uuid;

pub struct Bulk {
    id: Uuid,
    /// Parts handed to the committer so far.
    parts: u32,
    part: Txn,
    keys: Vec<(Tree, Vec<u8>)>,
    /// What the committed parts wrote, for the final transaction's audit entry to record.
    written: Vec<super::txn::Write>,
    part_size: usize,
    committer: Option<Committer>,
}

/// A thread that commits the parts while the caller prepares the next one: sealing is work for one
/// core and sled's writing for the other. One part waits at most, so memory stays bounded.
struct Committer {
    parts: std::sync::mpsc::SyncSender<Vec<Op>>,
    done: std::thread::JoinHandle<Result<(), VaultError>>,
}

impl Committer {
    fn start(store: std::sync::Arc<dyn Store>) -> Committer {
        let (parts, incoming) = std::sync::mpsc::sync_channel::<Vec<Op>>(1);
        let done = std::thread::spawn(move || {
            for ops in incoming {
                store.commit(ops)?;
            }
            Ok(())
        });
        Committer { parts, done }
    }

    /// Waits for every part handed over to be committed.
    fn finish(self) -> Result<(), VaultError> {
        drop(self.parts);
        self.done.join().unwrap_or_else(|_| {
            Err(VaultError::io(
                "write part of a large change",
                "the writing thread stopped",
            ))
        })
    }
}

impl Bulk {
    /// A bulk write that commits a part every `part_size` values.
    pub fn new(part_size: usize) -> Bulk {
        Bulk {
            id: Uuid::now_v7(),
            parts: 0,
            part: Txn::default(),
            keys: Vec::new(),
            written: Vec::new(),
            part_size: part_size.max(1),
            committer: None,
        }
    }

    /// Seals a value under a new key; commits the part when it is full.
    pub fn put<T: Serialize>(
        &mut self,
        vault: &Vault,
        tree: Tree,
        key: &[u8],
        value: &T,
    ) -> Result<(), VaultError> {
        vault.put(&mut self.part, tree, key, value)?;
        self.keys.push((tree, key.to_vec()));
        if self.keys.len() >= self.part_size {
            self.commit_part(vault)?;
        }
        Ok(())
    }

    fn commit_part(&mut self, vault: &Vault) -> Result<(), VaultError> {
        if self.keys.is_empty() {
            return Ok(());
        }
        let mut txn = std::mem::take(&mut self.part);
        self.written.extend(txn.take_writes());
        txn.put_plain(
            Tree::PENDING,
            &pending_key(self.id, self.parts),
            encode(&self.keys),
        );
        self.parts += 1;
        self.keys.clear();
        let committer = self
            .committer
            .get_or_insert_with(|| Committer::start(vault.locked.store.clone()));
        if committer.parts.send(txn.into_ops()).is_err() {
            // The committer stopped on an error: that is the one to report.
            if let Some(c) = self.committer.take() {
                c.finish()?;
            }
            return Err(VaultError::io(
                "write part of a large change",
                "the writing thread stopped",
            ));
        }
        Ok(())
    }

    /// Waits until every part is committed, then moves the last part, and the deletion of every
    /// part's list, into the action's transaction: once that commits, everything written belongs to
    /// the station.
    pub fn finish_into(&mut self, txn: &mut Txn) -> Result<(), VaultError> {
        if let Some(c) = self.committer.take() {
            c.finish()?;
        }
        txn.add_writes(std::mem::take(&mut self.written));
        txn.extend(std::mem::take(&mut self.part));
        self.keys.clear();
        for part in 0..self.parts {
            txn.delete(Tree::PENDING, &pending_key(self.id, part));
        }
        Ok(())
    }

    /// Undoes the parts committed so far (the action failed).
    pub fn abandon(mut self, vault: &Vault) -> Result<(), VaultError> {
        if let Some(c) = self.committer.take() {
            // Whatever it committed is undone below, whether or not it failed.
            let _ = c.finish();
        }
        let prefix = self.id.as_bytes().to_vec();
        undo_unfinished(vault.locked.store.as_ref(), Some(&prefix)).map(|_| ())
    }
}

fn pending_key(id: Uuid, part: u32) -> Vec<u8> {
    let mut k = id.as_bytes().to_vec();
    k.extend_from_slice(&part.to_be_bytes());
    k
}

/// `tree name length, tree name, key length (2 bytes), key` per key.
fn encode(keys: &[(Tree, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (tree, key) in keys {
        out.push(tree.name().len() as u8);
        out.extend_from_slice(tree.name().as_bytes());
        out.extend_from_slice(&(key.len() as u16).to_be_bytes());
        out.extend_from_slice(key);
    }
    out
}

fn decode(mut bytes: &[u8]) -> Result<Vec<(Tree, Vec<u8>)>, VaultError> {
    let bad = || VaultError::Undecodable(Tree::PENDING.name());
    let mut out = Vec::new();
    while let Some((&n, rest)) = bytes.split_first() {
        let (name, rest) = rest.split_at_checked(n as usize).ok_or_else(bad)?;
        let tree = std::str::from_utf8(name)
            .ok()
            .and_then(Tree::by_name)
            .ok_or_else(bad)?;
        let (len, rest) = rest.split_at_checked(2).ok_or_else(bad)?;
        let len = u16::from_be_bytes([len[0], len[1]]) as usize;
        let (key, rest) = rest.split_at_checked(len).ok_or_else(bad)?;
        out.push((tree, key.to_vec()));
        bytes = rest;
    }
    Ok(out)
}

/// Deletes what the unfinished parts wrote (those of one bulk write when `only` is its id), one part
/// per batch: each batch also deletes the part's list, so an interrupted undo simply goes on next time.
/// Returns how many parts were undone.
pub(super) fn undo_unfinished(store: &dyn Store, only: Option<&[u8]>) -> Result<usize, VaultError> {
    let parts: Vec<(Vec<u8>, Vec<u8>)> = store
        .scan(Tree::PENDING)
        .filter(|item| match (item, only) {
            (Ok((k, _)), Some(prefix)) => k.starts_with(prefix),
            _ => true,
        })
        .collect::<Result<_, _>>()?;
    for (key, list) in &parts {
        let mut ops: Vec<Op> = decode(list)?
            .into_iter()
            .map(|(tree, k)| Op::Delete(tree, k))
            .collect();
        ops.push(Op::Delete(Tree::PENDING, key.clone()));
        store.commit(ops)?;
    }
    Ok(parts.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::{DataKey, LockedVault};

    fn vault(dir: &std::path::Path) -> Vault {
        let locked = LockedVault::create(dir).unwrap();
        let mut txn = Txn::default();
        LockedVault::format_marker(&mut txn);
        locked.commit(txn).unwrap();
        locked.with_key(DataKey::generate())
    }

    fn cases(v: &Vault) -> usize {
        v.scan::<u32>(Tree::CASES).count()
    }

    #[test]
    fn parts_belong_to_the_station_only_once_the_final_transaction_commits() {
        let dir = tempfile::tempdir().unwrap();
        let v = vault(dir.path());
        let mut bulk = Bulk::new(3);
        for i in 0u32..10 {
            bulk.put(&v, Tree::CASES, &i.to_be_bytes(), &i).unwrap();
        }
        let mut txn = Txn::default();
        bulk.finish_into(&mut txn).unwrap();
        v.commit(txn).unwrap();
        assert_eq!(cases(&v), 10);
        assert!(v.plain().scan_plain(Tree::PENDING).unwrap().is_empty());
        // Nothing is undone on the next open.
        let key = DataKey::from_slice(v.data_key().expose()).unwrap();
        drop(v);
        let v = LockedVault::open(dir.path()).unwrap().with_key(key);
        assert_eq!(cases(&v), 10);
    }

    #[test]
    fn parts_of_an_unfinished_write_are_undone_on_open_or_when_abandoned() {
        let dir = tempfile::tempdir().unwrap();
        let v = vault(dir.path());
        let mut txn = Txn::default();
        v.put(&mut txn, Tree::CASES, b"kept", &7u32).unwrap();
        v.commit(txn).unwrap();

        let mut abandoned = Bulk::new(2);
        for i in 0u32..5 {
            abandoned
                .put(&v, Tree::CASES, &i.to_be_bytes(), &i)
                .unwrap();
        }
        abandoned.abandon(&v).unwrap();
        assert_eq!(cases(&v), 1);

        let mut crashed = Bulk::new(2);
        for i in 0u32..5 {
            crashed.put(&v, Tree::CASES, &i.to_be_bytes(), &i).unwrap();
        }
        // The process dies here, once the parts are on disk: no final transaction.
        crashed.committer.take().unwrap().finish().unwrap();
        assert_eq!(cases(&v), 5);
        assert_eq!(v.plain().scan_plain(Tree::PENDING).unwrap().len(), 2);
        drop(crashed);
        let key = DataKey::from_slice(v.data_key().expose()).unwrap();
        drop(v);
        let v = LockedVault::open(dir.path()).unwrap().with_key(key);
        assert_eq!(cases(&v), 1);
        assert_eq!(v.get::<u32>(Tree::CASES, b"kept").unwrap(), Some(7));
        assert!(v.plain().scan_plain(Tree::PENDING).unwrap().is_empty());
    }

    #[test]
    fn a_damaged_list_is_refused_not_guessed() {
        assert!(decode(&[5, b'c']).is_err());
        assert!(decode(&[5, b'c', b'a', b's', b'e', b's', 0]).is_err());
        assert!(decode(&[4, b'n', b'o', b'n', b'e', 0, 0]).is_err());
        let keys = vec![(Tree::CASES, vec![1, 2, 3]), (Tree::CASE_INDEX, vec![])];
        assert_eq!(decode(&encode(&keys)).unwrap(), keys);
    }
}
