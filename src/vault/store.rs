//! The storage interface, and its sled implementation. Everything above sees only `Store`, so that the
//! engine can be replaced without touching anything else.
//!
//! All logical trees live in one sled tree under a `<tree name> 0x00` prefix: one sled batch is then
//! atomic across them, which gives every action a single transaction.

use super::error::VaultError;
use super::tree::Tree;
use std::path::Path;

pub enum Op {
    Put(Tree, Vec<u8>, Vec<u8>),
    Delete(Tree, Vec<u8>),
}

/// A key and its stored bytes.
pub type Record = (Vec<u8>, Vec<u8>);
pub type Entry = Result<Record, VaultError>;

pub trait Store: Send + Sync {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, VaultError>;
    /// Every entry of a tree in key order; keys come back without the prefix.
    fn scan(&self, tree: Tree) -> Box<dyn Iterator<Item = Entry> + '_>;
    /// Applies all ops atomically, then makes them durable before returning.
    fn commit(&self, ops: Vec<Op>) -> Result<(), VaultError>;
}

/// sled's page cache.
const CACHE_BYTES: u64 = 32 * 1024 * 1024;

pub struct SledStore {
    db: sled::Db,
}

fn prefixed(tree: Tree, key: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(tree.name().len() + 1 + key.len());
    k.extend_from_slice(tree.name().as_bytes());
    k.push(0);
    k.extend_from_slice(key);
    k
}

fn storage_error(e: sled::Error) -> VaultError {
    match e {
        sled::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock => VaultError::InUse,
        sled::Error::Io(io) if io.to_string().contains("lock") => VaultError::InUse,
        other => VaultError::io("use the station's store", other),
    }
}

impl SledStore {
    /// Opens the store. sled releases its file lock a moment after the last handle in this process
    /// is dropped, so "in use" is retried briefly (up to about 2 s) before it is reported.
    pub fn open(path: &Path) -> Result<SledStore, VaultError> {
        let mut tries = 0;
        loop {
            let opened = sled::Config::new()
                .path(path)
                .mode(sled::Mode::LowSpace)
                // sled's default cache is 1 GiB; a station's working set is small, and a large
                // import commits in parts (see `bulk`), so a small cache keeps memory bounded.
                .cache_capacity(CACHE_BYTES)
                .open()
                .map_err(storage_error);
            match opened {
                Err(VaultError::InUse) if tries < 40 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => return other.map(|db| SledStore { db }),
            }
        }
    }
}

impl Store for SledStore {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, VaultError> {
        self.db
            .get(prefixed(tree, key))
            .map(|v| v.map(|iv| iv.to_vec()))
            .map_err(storage_error)
    }

    fn scan(&self, tree: Tree) -> Box<dyn Iterator<Item = Entry> + '_> {
        let skip = tree.name().len() + 1;
        Box::new(self.db.scan_prefix(prefixed(tree, b"")).map(move |r| {
            r.map(|(k, v)| (k[skip..].to_vec(), v.to_vec()))
                .map_err(storage_error)
        }))
    }

    fn commit(&self, ops: Vec<Op>) -> Result<(), VaultError> {
        let mut batch = sled::Batch::default();
        for op in ops {
            match op {
                Op::Put(t, k, v) => batch.insert(prefixed(t, &k), v),
                Op::Delete(t, k) => batch.remove(prefixed(t, &k)),
            }
        }
        self.db.apply_batch(batch).map_err(storage_error)?;
        self.db.flush().map_err(storage_error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_do_not_see_each_other_and_batches_apply_whole() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        s.commit(vec![
            Op::Put(Tree::CASES, b"a".to_vec(), b"1".to_vec()),
            Op::Put(Tree::USERS, b"b".to_vec(), b"2".to_vec()),
        ])
        .unwrap();
        let cases: Vec<_> = s.scan(Tree::CASES).collect::<Result<_, _>>().unwrap();
        assert_eq!(cases, vec![(b"a".to_vec(), b"1".to_vec())]);
        s.commit(vec![Op::Delete(Tree::CASES, b"a".to_vec())])
            .unwrap();
        assert_eq!(s.get(Tree::CASES, b"a").unwrap(), None);
    }
}
