//! The storage interface, and its sled implementation. Everything above sees only `Store`, so that the
//! engine can be replaced without touching anything else.
//!
//! All logical trees live in one sled tree under a `<tree name> 0x00` prefix: one sled batch is then
//! atomic across them, which gives every action a single transaction.

use super::error::{DiskTrouble, VaultError};
use super::tree::Tree;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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
    /// `Some` until the store is dropped (its drop is guarded too: sled's `Drop` unwraps an fsync).
    db: Option<sled::Db>,
    /// sled's log file, synced after every flush: sled's own flush only calls `sync_file_range`,
    /// which neither empties the drive's cache nor writes the file's size (sled #1452).
    log: std::fs::File,
    /// Set by the first failed write: what was written since may not be on disk, so this process
    /// writes nothing more (sled itself refuses further writes after an I/O error).
    failed: Mutex<Option<DiskTrouble>>,
    /// The data folder, where the reserve lies.
    data: PathBuf,
    /// The disk was full: the reserve was given up so that the store could open.
    pub reserve_used: bool,
}

thread_local! {
    /// True while this thread is inside a sled call: a panic there is turned into an error, so the
    /// panic hook prints nothing (see `cli::process`).
    static IN_STORE: Cell<bool> = const { Cell::new(false) };
}

/// Is this thread inside a guarded sled call (its panic will be reported as a storage error)?
pub fn panicking_in_store() -> bool {
    IN_STORE.with(Cell::get)
}

/// Runs a sled call, turning a panic inside it (sled unwraps some I/O results) into `on_panic`.
fn guarded<T>(
    on_panic: impl FnOnce() -> VaultError,
    f: impl FnOnce() -> Result<T, VaultError>,
) -> Result<T, VaultError> {
    let outer = IN_STORE.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    IN_STORE.with(|c| c.set(outer));
    result.unwrap_or_else(|_| Err(on_panic()))
}

/// The file in the data folder that keeps some space free: when the disk fills up it is removed,
/// so that the next start can still sign in, record what happened and let officers work.
pub const RESERVE_FILE: &str = "reserve";
const RESERVE_BYTES: usize = 4 * 1024 * 1024;

/// Lays down the reserve if it is missing (quietly: without it the station still works).
fn keep_reserve(data: &Path) {
    let path = data.join(RESERVE_FILE);
    if path.exists() {
        return;
    }
    let made = write_private(&path, &vec![0u8; RESERVE_BYTES]);
    if made.is_err() {
        let _ = std::fs::remove_file(&path);
    }
}

/// Writes a new file readable by the owner only, synced with its folder.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    sync_folder_of(path)
}

/// Makes a create, rename or removal in `path`'s folder durable (the folder's entry, not the file).
pub fn sync_folder_of(path: &Path) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    sync_folder(folder)
}

pub fn sync_folder(folder: &Path) -> std::io::Result<()> {
    std::fs::File::open(folder)?.sync_all()
}

fn write_trouble(e: &sled::Error) -> DiskTrouble {
    match e {
        sled::Error::Io(io) => DiskTrouble::of(io),
        _ => DiskTrouble::Unknown,
    }
}

fn prefixed(tree: Tree, key: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(tree.name().len() + 1 + key.len());
    k.extend_from_slice(tree.name().as_bytes());
    k.push(0);
    k.extend_from_slice(key);
    k
}

/// A failed read or open. sled's own text is never shown: it may be Debug output.
fn storage_error(e: sled::Error) -> VaultError {
    match e {
        sled::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock => VaultError::InUse,
        sled::Error::Io(io) if io.to_string().contains("lock") => VaultError::InUse,
        sled::Error::Io(io) => VaultError::ReadFailed(DiskTrouble::of(&io)),
        sled::Error::Corruption { .. } => damaged(),
        _ => VaultError::ReadFailed(DiskTrouble::Unknown),
    }
}

fn damaged() -> VaultError {
    VaultError::io(
        "use the station's store",
        "its files are damaged; restore the last backup (docs/BACKUP.md)",
    )
}

impl SledStore {
    /// Opens the store. sled releases its file lock a moment after the last handle in this process
    /// is dropped, so "in use" is retried briefly (up to about 2 s) before it is reported.
    pub fn open(path: &Path) -> Result<SledStore, VaultError> {
        // sled makes new files (snapshots, segments) with the process's umask: whichever program
        // opens the store, they are the owner's only. (`cli::process` sets it at start as well.)
        // SAFETY: umask only swaps an integer of the process.
        unsafe {
            libc::umask(0o077);
        }
        let mut tries = 0;
        let mut cleared = false;
        let mut reserve_used = false;
        loop {
            let opened = guarded(
                || VaultError::ReadFailed(DiskTrouble::Unknown),
                || {
                    Ok(sled::Config::new()
                        .path(path)
                        .mode(sled::Mode::LowSpace)
                        // sled's default cache is 1 GiB; a station's working set is small, and a large
                        // import commits in parts (see `bulk`), so a small cache keeps memory bounded.
                        .cache_capacity(CACHE_BYTES)
                        .open())
                },
            )?;
            match opened {
                Err(sled::Error::Corruption { .. }) if !cleared => {
                    cleared = true;
                    if remove_unfinished_snapshots(path)? == 0 {
                        return Err(damaged());
                    }
                }
                Err(e) => match storage_error(e) {
                    // sled writes a snapshot while it opens: on a full disk the reserve makes room.
                    VaultError::ReadFailed(DiskTrouble::Full) if !reserve_used => {
                        reserve_used = true;
                        let data = path.parent().unwrap_or(path);
                        if std::fs::remove_file(data.join(RESERVE_FILE)).is_err() {
                            return Err(VaultError::ReadFailed(DiskTrouble::Full));
                        }
                        let _ = sync_folder(data);
                        let _ = remove_unfinished_snapshots(path);
                    }
                    VaultError::InUse if tries < 40 => {
                        tries += 1;
                        std::thread::sleep(std::time::Duration::from_millis(50));
                    }
                    other => return Err(other),
                },
                Ok(db) => return SledStore::with(db, path, reserve_used),
            }
        }
    }

    fn with(db: sled::Db, path: &Path, reserve_used: bool) -> Result<SledStore, VaultError> {
        let log = std::fs::File::open(path.join("db"))
            .map_err(|e| VaultError::ReadFailed(DiskTrouble::of(&e)))?;
        let data = path.parent().unwrap_or(path).to_path_buf();
        if !reserve_used {
            keep_reserve(&data);
        }
        Ok(SledStore {
            db: Some(db),
            log,
            failed: Mutex::new(None),
            data,
            reserve_used,
        })
    }

    fn db(&self) -> &sled::Db {
        self.db.as_ref().expect("present until drop") // ok: only `drop` takes it
    }

    /// The first write failure of this process, if any.
    fn failure(&self) -> Option<DiskTrouble> {
        *self.failed.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Remembers a failed write and, when the disk is full, frees the reserve so that the next start
    /// can record what happened.
    fn write_failed(&self, trouble: DiskTrouble) -> VaultError {
        let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
        if failed.is_none() {
            *failed = Some(trouble);
            if trouble == DiskTrouble::Full {
                let _ = std::fs::remove_file(self.data.join(RESERVE_FILE));
            }
        }
        VaultError::WriteFailed(trouble)
    }
}

impl Drop for SledStore {
    fn drop(&mut self) {
        if let Some(db) = self.db.take() {
            let _ = guarded(
                || VaultError::WriteFailed(DiskTrouble::Unknown),
                move || {
                    drop(db);
                    Ok(())
                },
            );
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
        let read_failed = || VaultError::ReadFailed(DiskTrouble::Unknown);
        guarded(read_failed, || {
            self.db()
                .get(prefixed(tree, key))
                .map(|v| v.map(|iv| iv.to_vec()))
                .map_err(storage_error)
        })
    }

    fn scan(&self, tree: Tree) -> Box<dyn Iterator<Item = Entry> + '_> {
        let skip = tree.name().len() + 1;
        let read_failed = || VaultError::ReadFailed(DiskTrouble::Unknown);
        let mut iter = self.db().scan_prefix(prefixed(tree, b""));
        let mut done = false;
        Box::new(std::iter::from_fn(move || {
            if done {
                return None;
            }
            let next = guarded(read_failed, || Ok(iter.next()));
            match next {
                Ok(Some(r)) => Some(
                    r.map(|(k, v)| (k[skip..].to_vec(), v.to_vec()))
                        .map_err(storage_error),
                ),
                Ok(None) => None,
                Err(e) => {
                    done = true;
                    Some(Err(e))
                }
            }
        }))
    }

    /// Applies the batch, has sled write its log, then syncs the log file: only then is the action
    /// on disk. A failure anywhere is a failed write: reported, remembered, never a panic.
    fn commit(&self, ops: Vec<Op>) -> Result<(), VaultError> {
        if let Some(trouble) = self.failure() {
            return Err(VaultError::WriteFailed(trouble));
        }
        let mut batch = sled::Batch::default();
        for op in ops {
            match op {
                Op::Put(t, k, v) => batch.insert(prefixed(t, &k), v),
                Op::Delete(t, k) => batch.remove(prefixed(t, &k)),
            }
        }
        let written = guarded(
            || VaultError::WriteFailed(DiskTrouble::Unknown),
            || {
                let db = self.db();
                db.apply_batch(batch)
                    .and_then(|_| db.flush())
                    .map_err(|e| VaultError::WriteFailed(write_trouble(&e)))?;
                self.log
                    .sync_data()
                    .map_err(|e| VaultError::WriteFailed(DiskTrouble::of(&e)))
            },
        );
        match written {
            Ok(()) => Ok(()),
            Err(VaultError::WriteFailed(trouble)) => Err(self.write_failed(trouble)),
            Err(other) => Err(other),
        }
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
