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
        let mut cleared = false;
        loop {
            let opened = sled::Config::new()
                .path(path)
                .mode(sled::Mode::LowSpace)
                // sled's default cache is 1 GiB; a station's working set is small, and a large
                // import commits in parts (see `bulk`), so a small cache keeps memory bounded.
                .cache_capacity(CACHE_BYTES)
                .open();
            match opened {
                Err(sled::Error::Corruption { .. }) if !cleared => {
                    cleared = true;
                    if remove_unfinished_snapshots(path)? == 0 {
                        return Err(VaultError::io(
                            "use the station's store",
                            "its files are damaged; restore the last backup (docs/BACKUP.md)",
                        ));
                    }
                }
                Err(e) => match storage_error(e) {
                    VaultError::InUse if tries < 40 => {
                        tries += 1;
                        std::thread::sleep(std::time::Duration::from_millis(50));
                    }
                    other => return Err(other),
                },
                Ok(db) => return Ok(SledStore { db }),
            }
        }
    }
}

/// sled 0.34 writes a snapshot of its page table to `snap.<lsn>.generating` and renames it when
/// complete; a process killed in between leaves the half-written file, which the next open takes for
/// the newest snapshot and refuses as corrupt (sled issues #1509, #1527, #1533; seen here once in about
/// 140 `kill -9` during imports). The file is never needed: the previous snapshot and the log hold
/// everything. Called only after sled refused to open, so no other process is writing it. Returns how
/// many were removed.
fn remove_unfinished_snapshots(path: &Path) -> Result<usize, VaultError> {
    let entries =
        std::fs::read_dir(path).map_err(|e| VaultError::io("read the store's folder", e))?;
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            std::fs::remove_file(entry.path())
                .map_err(|e| VaultError::io("remove an unfinished snapshot", e))?;
            removed += 1;
        }
    }
    Ok(removed)
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

    /// A store holding one value, closed.
    fn store_with_one_value() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        s.commit(vec![Op::Put(Tree::CASES, b"a".to_vec(), b"1".to_vec())])
            .unwrap();
        dir
    }

    #[test]
    fn a_snapshot_cut_short_by_a_kill_does_not_stop_the_store_from_opening() {
        let dir = store_with_one_value();
        // What a kill during snapshot writing leaves: a newer, half-written snapshot.
        std::fs::write(
            dir.path().join("snap.7FFFFFFFFFFFFFFF.generating"),
            b"half a snapshot",
        )
        .unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        assert_eq!(s.get(Tree::CASES, b"a").unwrap(), Some(b"1".to_vec()));
        assert!(!dir.path().join("snap.7FFFFFFFFFFFFFFF.generating").exists());
    }

    #[test]
    fn a_damaged_store_without_such_a_file_says_so() {
        let dir = store_with_one_value();
        // A complete-looking snapshot that is garbage: not ours to remove.
        std::fs::write(dir.path().join("snap.7FFFFFFFFFFFFFFF"), b"garbage!").unwrap();
        let err = SledStore::open(dir.path()).err().unwrap();
        assert!(err.to_string().contains("restore the last backup"), "{err}");
        assert!(dir.path().join("snap.7FFFFFFFFFFFFFFF").exists());
    }

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
