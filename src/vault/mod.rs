//! The encrypted store. The only code that touches sled (through `store::Store`).
//!
//! Every value is sealed with the station's data key (see `seal`). The data key is kept only wrapped, once
//! per user account, under that user's passphrase (see `slot`). Keys and tree names never hold personal data.

mod bulk;
pub mod dump;
mod error;
pub mod seal;
pub mod slot;
pub mod store;
pub mod tree;
mod txn;

pub use bulk::Bulk;
pub use error::{DiskTrouble, VaultError};
pub use seal::DataKey;
pub use store::{
    panicking_in_store, sync_folder, sync_folder_of, write_private, Op, SledStore, Store,
    RESERVE_FILE,
};
pub use tree::Tree;
pub use txn::{Txn, Write};

use serde::{de::DeserializeOwned, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folder inside the data folder that holds the sled database.
const STORE_DIR: &str = "vault";
/// The on-disk format of this vault; bumped on incompatible changes.
pub const FORMAT: &str = "ercms-vault-1";

/// A vault before anyone has unlocked it: only plaintext trees (meta, slots, intake) can be used.
#[derive(Clone)]
pub struct LockedVault {
    store: Arc<dyn Store>,
    dir: PathBuf,
    /// The disk was full when the store opened: its reserve was used (see `store::RESERVE_FILE`).
    reserve_used: bool,
}

/// An unlocked vault: holds the data key and can open and seal every value.
pub struct Vault {
    locked: LockedVault,
    key: DataKey,
    /// The version new values are sealed with: the sequence number of the next audit entry, which
    /// records them. The session moves it on with the chain.
    version: std::sync::atomic::AtomicU64,
}

impl LockedVault {
    /// Creates a new, empty store in `dir`; refuses if one is there already. It becomes a station when
    /// the first transaction writes `format_marker` (init, or a restore's first batch).
    pub fn create(dir: &Path) -> Result<LockedVault, VaultError> {
        if dir.join(STORE_DIR).exists() {
            return Err(VaultError::Exists(dir.to_path_buf()));
        }
        {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| VaultError::io("create the data folder", e))?;
        }
        let store = SledStore::open(&dir.join(STORE_DIR))?;
        // The folder's new entries (the store's folder, its files) survive a power cut.
        store::sync_folder(dir).map_err(|e| VaultError::WriteFailed(DiskTrouble::of(&e)))?;
        Ok(LockedVault {
            store: Arc::new(store),
            dir: dir.to_path_buf(),
            reserve_used: false,
        })
    }

    /// Marks the store as a station of this format, in the transaction that makes it one.
    pub fn format_marker(txn: &mut Txn) {
        txn.put_plain(Tree::META, b"format", FORMAT.as_bytes().to_vec());
    }

    /// Opens an existing vault; says so clearly when there is none or it is in use.
    pub fn open(dir: &Path) -> Result<LockedVault, VaultError> {
        if !dir.join(STORE_DIR).exists() {
            return Err(VaultError::NoStation(dir.to_path_buf()));
        }
        let store = SledStore::open(&dir.join(STORE_DIR))?;
        match store.get(Tree::META, b"format")? {
            Some(f) if f == FORMAT.as_bytes() => {}
            _ => return Err(VaultError::NoStation(dir.to_path_buf())),
        }
        // A bulk write cut short (a crash during an import) never became part of the station.
        bulk::undo_unfinished(&store, None)?;
        Ok(LockedVault {
            reserve_used: store.reserve_used,
            store: Arc::new(store),
            dir: dir.to_path_buf(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Was the disk full when the store opened (its reserve given up to make room)?
    pub fn reserve_used(&self) -> bool {
        self.reserve_used
    }

    /// The first file or folder of the station that others than its owner may read or change (its
    /// mode was widened after it was made, since ercms makes them 0700/0600), if any.
    pub fn widened(&self) -> Option<PathBuf> {
        use std::os::unix::fs::PermissionsExt;
        let store = self.dir.join(STORE_DIR);
        let mut paths = vec![self.dir.clone(), store.clone()];
        if let Ok(entries) = std::fs::read_dir(&store) {
            paths.extend(entries.flatten().map(|e| e.path()));
        }
        paths.into_iter().find(|p| {
            std::fs::symlink_metadata(p)
                .map(|m| m.permissions().mode() & 0o077 != 0)
                .unwrap_or(false)
        })
    }

    /// A plaintext value (meta, slots, intake only).
    pub fn get_plain(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>, VaultError> {
        assert_plain(tree);
        self.store.get(tree, key)
    }

    pub fn scan_plain(&self, tree: Tree) -> Result<Vec<store::Record>, VaultError> {
        assert_plain(tree);
        self.store.scan(tree).collect()
    }

    /// Applies a transaction of plaintext writes atomically and durably.
    pub fn commit(&self, txn: Txn) -> Result<(), VaultError> {
        self.store.commit(txn.into_ops())
    }

    /// Joins the data key: the caller has unwrapped it from a slot.
    pub fn with_key(&self, key: DataKey) -> Vault {
        Vault {
            locked: self.clone(),
            key,
            version: std::sync::atomic::AtomicU64::new(0),
        }
    }
}

/// Plaintext access is limited to trees that hold no personal data by construction.
fn assert_plain(tree: Tree) {
    debug_assert!(tree.is_plain(), "tree {} is sealed", tree.name());
}

impl Vault {
    pub fn dir(&self) -> &Path {
        &self.locked.dir
    }

    /// The plaintext side (meta, slots, intake), the same as before unlocking.
    pub fn plain(&self) -> &LockedVault {
        &self.locked
    }

    pub fn locked(&self) -> LockedVault {
        self.locked.clone()
    }

    /// Opens and decodes one sealed value.
    pub fn get<T: DeserializeOwned>(
        &self,
        tree: Tree,
        key: &[u8],
    ) -> Result<Option<T>, VaultError> {
        match self.locked.store.get(tree, key)? {
            None => Ok(None),
            Some(sealed) => self.decode(tree, key, &sealed).map(Some),
        }
    }

    /// Opens every value of a tree, in key order.
    pub fn scan<T: DeserializeOwned>(
        &self,
        tree: Tree,
    ) -> impl Iterator<Item = Result<(Vec<u8>, T), VaultError>> + '_ {
        self.locked.store.scan(tree).map(move |item| {
            let (k, sealed) = item?;
            let v = self.decode(tree, &k, &sealed)?;
            Ok((k, v))
        })
    }

    /// The raw sealed bytes of a tree, in key order (for backups and verification).
    pub fn scan_raw(
        &self,
        tree: Tree,
    ) -> impl Iterator<Item = Result<(Vec<u8>, Vec<u8>), VaultError>> + '_ {
        self.locked.store.scan(tree)
    }

    /// Opens a value read with `scan_raw`.
    pub fn decode<T: DeserializeOwned>(
        &self,
        tree: Tree,
        key: &[u8],
        sealed: &[u8],
    ) -> Result<T, VaultError> {
        let plain = seal::open(&self.key, tree, key, sealed)?;
        let decoded = if tree.is_compact() {
            postcard::from_bytes(&plain).ok()
        } else {
            serde_json::from_slice(&plain).ok()
        };
        decoded.ok_or(VaultError::Undecodable(tree.name()))
    }

    /// Does a value read with `scan_raw` open (and decode, where the tree is JSON)?
    pub fn check(&self, tree: Tree, key: &[u8], sealed: &[u8]) -> Result<(), VaultError> {
        if tree.is_compact() {
            seal::open(&self.key, tree, key, sealed).map(|_| ())
        } else {
            self.decode::<serde_json::Value>(tree, key, sealed)
                .map(|_| ())
        }
    }

    /// Encodes and seals a value into a transaction.
    pub fn put<T: Serialize>(
        &self,
        txn: &mut Txn,
        tree: Tree,
        key: &[u8],
        value: &T,
    ) -> Result<(), VaultError> {
        let plain = if tree.is_compact() {
            postcard::to_allocvec(value).ok()
        } else {
            serde_json::to_vec(value).ok()
        };
        let plain = plain.ok_or(VaultError::Undecodable(tree.name()))?;
        let version = self.version.load(std::sync::atomic::Ordering::Relaxed);
        let sealed = seal::seal(&self.key, tree, key, version, &plain);
        txn.put_raw(tree, key, sealed);
        Ok(())
    }

    /// Opens a stored value and seals it again as it is, with the current version (`ercms upgrade`).
    pub fn reseal(
        &self,
        txn: &mut Txn,
        tree: Tree,
        key: &[u8],
        sealed: &[u8],
    ) -> Result<(), VaultError> {
        let plain = zeroize::Zeroizing::new(seal::open(&self.key, tree, key, sealed)?);
        let version = self.version.load(std::sync::atomic::Ordering::Relaxed);
        txn.put_raw(tree, key, seal::seal(&self.key, tree, key, version, &plain));
        Ok(())
    }

    /// Values sealed from now on carry `version` (the next audit entry's number).
    pub fn set_version(&self, version: u64) {
        self.version
            .store(version, std::sync::atomic::Ordering::Relaxed);
    }

    /// Applies a transaction atomically and durably (flushed before it returns).
    pub fn commit(&self, txn: Txn) -> Result<(), VaultError> {
        self.locked.store.commit(txn.into_ops())
    }

    /// The data key, for wrapping into a new slot. Never log or print it.
    pub fn data_key(&self) -> &DataKey {
        &self.key
    }
}
