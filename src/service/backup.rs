//! Backup and restore: a consistent, age-encrypted copy of the whole station.
//!
//! The file is an age encryption (to the station's own recipient, so the station can check what it wrote,
//! and to the offline recovery recipients) of a ustar archive with `store.bin` (every entry of the vault,
//! sealed values as they are), then `backup.json` (what it holds, its SHA-256 and the checkpoint signed at
//! the backup) and `backup.json.minisig` (the station's minisign signature of `backup.json`), so that
//! nobody who can open the backup can change its contents and fix the description. A session has the
//! vault to itself, so the two passes over it see the same data.
//!
//! A restore refuses a store whose state does not match its chain (see `commitment`), whose chain is not
//! the one the backup's own checkpoint signed, or one shorter than a checkpoint given to it.

use super::session::Session;
use super::{ServiceError, Station};
use crate::audit::Head;
use crate::domain::policy::Permission;
use crate::vault::{LockedVault, Tree, Txn, VaultError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

const FORMAT: &str = "ercms-backup";
/// Version 2: signed, with a checkpoint. Version 1 backups (before `ercms upgrade`) still restore.
const VERSION: u32 = 2;
const LEGACY_VERSION: u32 = 1;
const STORE: &str = "store.bin";
const MANIFEST: &str = "backup.json";
const SIGNATURE: &str = "backup.json.minisig";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct BackupManifest {
    pub format: String,
    pub version: u32,
    pub station: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub entries: u64,
    pub store_size: u64,
    pub store_sha256: String,
    /// The audit chain's head when the backup was made: a copy of it outside the station.
    pub audit_head: Head,
    /// The checkpoint signed when the backup was made (a checkpoint file's text); absent in version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<String>,
    /// The signature of `backup.json` read with it (not part of it).
    #[serde(skip)]
    pub signature: Option<String>,
}

impl BackupManifest {
    /// The bytes the station signs: `backup.json` as written.
    fn bytes(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }
}

/// Recovery recipients: offline age keys (kept in a safe) that can open every backup.
const RECOVERY: &[u8] = b"recovery_recipients";

fn parse_recipient(r: &str) -> Result<age::x25519::Recipient, ServiceError> {
    r.trim().parse().map_err(|_| {
        ServiceError::Invalid("a recovery recipient is an age public key starting age1".into())
    })
}

/// Hashes and counts what `dump` yields, without keeping it.
fn measure(vault: &LockedVault) -> Result<(u64, u64, String), ServiceError> {
    let mut reader = vault.dump();
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = reader
            .read(&mut buf)
            .map_err(|e| ServiceError::Invalid(format!("could not read the vault: {e}")))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((reader.count, size, hex::encode(hasher.finalize())))
}

fn ustar_header(path: &str, size: u64) -> Result<tar::Header, ServiceError> {
    let mut h = tar::Header::new_ustar();
    h.set_path(path)
        .map_err(|e| ServiceError::Invalid(e.to_string()))?;
    h.set_size(size);
    h.set_mode(0o600);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    Ok(h)
}

fn write_error(path: &Path) -> impl Fn(io::Error) -> ServiceError + '_ {
    move |e| ServiceError::Invalid(format!("could not write {}: {e}", path.display()))
}

impl Session {
    /// `ercms keys recovery-add age1…` (admin): proposes that future backups also be encrypted to this
    /// offline key; a second person approves (the key ceremony of two, docs/KEY-CEREMONY.md).
    pub fn add_recovery_recipient(
        &mut self,
        recipient: &str,
        now: DateTime<Utc>,
    ) -> Result<super::Guarded, ServiceError> {
        self.allow(Permission::ManageKeys)?;
        let r = parse_recipient(recipient)?.to_string();
        if self.recovery_recipients()?.contains(&r) {
            return Err(ServiceError::Invalid(
                "that recovery recipient is registered already".into(),
            ));
        }
        let draft = super::proposals::Draft {
            kind: crate::domain::proposal::ProposalKind::RecoveryKey,
            subject: r.clone(),
            subject_role: None,
            before: Some(format!(
                "{} recovery keys",
                self.recovery_recipients()?.len()
            )),
            after: Some(format!("backups also readable with {r}")),
            reason: None,
            payload: serde_json::Value::String(r),
        };
        self.guard(draft, true, now)
    }

    /// Registers an approved recovery recipient (see `proposals`).
    pub(crate) fn put_recovery_recipient(
        &self,
        txn: &mut Txn,
        recipient: &str,
    ) -> Result<(), ServiceError> {
        let r = parse_recipient(recipient)?.to_string();
        let mut list = self.recovery_recipients()?;
        if !list.contains(&r) {
            list.push(r);
        }
        self.vault.put(txn, Tree::STATION, RECOVERY, &list)?;
        Ok(())
    }

    pub fn recovery_recipients(&self) -> Result<Vec<String>, ServiceError> {
        Ok(self.vault.get(Tree::STATION, RECOVERY)?.unwrap_or_default())
    }

    /// `ercms backup --out FILE`: refused while no recovery key is registered, because such a backup
    /// is encrypted only to the station key, which is sealed inside it: if the disk is lost, nobody
    /// can open it (docs/KEY-CEREMONY.md). `--without-recovery-key` says the admin knows.
    pub fn backup(
        &mut self,
        out: &Path,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupManifest, ServiceError> {
        self.allow(Permission::Backup)?;
        if self.recovery_recipients()?.is_empty() {
            return Err(ServiceError::Invalid(
                "no recovery key is registered, so this backup could not be restored if the \
                 station's disk is lost; register one first (`keys recovery-new`, approved by a \
                 second person) or back up with --without-recovery-key"
                    .into(),
            ));
        }
        self.backup_without_recovery_key(out, now, progress)
    }

    /// `ercms backup --out FILE --without-recovery-key`: the admin was told and asked for it anyway.
    /// Writes to a temporary name, flushes, renames, then reads the file back with the station's own
    /// key and checks it before reporting it done.
    pub fn backup_without_recovery_key(
        &mut self,
        out: &Path,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupManifest, ServiceError> {
        self.allow(Permission::Backup)?;
        // The audit entry goes in first, so the backup contains the record of its own making.
        self.record(
            now,
            "station.backup",
            None,
            Some(&out.display().to_string()),
        )?;
        let (_, checkpoint) = self.checkpoint("backup", now)?;
        let locked = self.vault.plain().clone();
        let (entries, store_size, store_sha256) = measure(&locked)?;
        let mut manifest = BackupManifest {
            format: FORMAT.into(),
            version: VERSION,
            station: self.station.to_string(),
            created_at: now,
            created_by: self.user.name.to_string(),
            entries,
            store_size,
            store_sha256,
            audit_head: self.head.clone(),
            checkpoint: Some(checkpoint.clone()),
            signature: None,
        };
        let keys = self.station_keys()?;
        let signature = keys
            .sign(
                &manifest.bytes(),
                &format!("ercms backup {}", manifest.station),
            )
            .map_err(|e| ServiceError::Invalid(format!("could not sign the backup: {e}")))?;
        let mut recipients = vec![parse_recipient(&keys.age_recipient())?];
        for r in self.recovery_recipients()? {
            recipients.push(parse_recipient(&r)?);
        }
        let tmp = partial_name(out);
        let result = write_backup(
            &locked,
            &manifest,
            &signature,
            &recipients,
            &tmp,
            &mut |done| progress(done, store_size),
        );
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, out).map_err(write_error(out))?;
        // The rename is durable only once the folder is synced.
        crate::vault::sync_folder_of(out).map_err(write_error(out))?;
        // Read it back as a restore would, with the station's own identity.
        let check = read_backup(out, std::slice::from_ref(keys.age_identity()), None)?;
        manifest.signature = Some(signature);
        if check != manifest {
            return Err(ServiceError::Invalid(format!(
                "the backup {} did not read back as written",
                out.display()
            )));
        }
        // The checkpoint beside the backup, to carry off the station separately.
        super::checkpoint::write_durably(&checkpoint_beside(out), &checkpoint)?;
        Ok(manifest)
    }
}

/// `FILE.checkpoint`: where a backup's checkpoint is written beside it.
pub fn checkpoint_beside(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".checkpoint");
    out.with_file_name(name)
}

fn partial_name(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    out.with_file_name(name)
}

/// Counts bytes as they pass, for progress.
struct Counting<'a, R> {
    inner: R,
    done: u64,
    progress: &'a mut dyn FnMut(u64),
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done += n as u64;
        if n > 0 && self.done % (1 << 20) < n as u64 {
            (self.progress)(self.done);
        }
        Ok(n)
    }
}

fn write_backup(
    vault: &LockedVault,
    manifest: &BackupManifest,
    signature: &str,
    recipients: &[age::x25519::Recipient],
    path: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<(), ServiceError> {
    let file = private_new_file(path).map_err(write_error(path))?;
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| ServiceError::Invalid(format!("could not encrypt the backup: {e}")))?;
    let writer = encryptor
        .wrap_output(io::BufWriter::new(file))
        .map_err(write_error(path))?;
    let mut tar = tar::Builder::new(writer);
    let store = Counting {
        inner: vault.dump(),
        done: 0,
        progress,
    };
    tar.append(&ustar_header(STORE, manifest.store_size)?, store)
        .map_err(write_error(path))?;
    let json = manifest.bytes();
    tar.append(&ustar_header(MANIFEST, json.len() as u64)?, &json[..])
        .map_err(write_error(path))?;
    tar.append(
        &ustar_header(SIGNATURE, signature.len() as u64)?,
        signature.as_bytes(),
    )
    .map_err(write_error(path))?;
    let writer = tar.into_inner().map_err(write_error(path))?;
    let mut buffered = writer.finish().map_err(write_error(path))?;
    buffered.flush().map_err(write_error(path))?;
    let file = buffered
        .into_inner()
        .map_err(|e| write_error(path)(e.into_error()))?;
    file.sync_all().map_err(write_error(path))?;
    Ok(())
}

/// Reads and checks a backup. With `load_into`, also writes its entries into that (new) vault.
fn read_backup(
    path: &Path,
    identities: &[age::x25519::Identity],
    load_into: Option<(&LockedVault, &mut dyn FnMut(u64))>,
) -> Result<BackupManifest, ServiceError> {
    let damaged = || {
        ServiceError::Invalid(format!(
            "{} is not a readable ercms backup for this key: it is damaged, cut short, or encrypted to other keys",
            path.display()
        ))
    };
    let file = std::fs::File::open(path)
        .map_err(|e| ServiceError::Invalid(format!("could not open {}: {e}", path.display())))?;
    let decryptor =
        age::Decryptor::new_buffered(io::BufReader::new(file)).map_err(|_| damaged())?;
    let reader = decryptor
        .decrypt(identities.iter().map(|i| i as &dyn age::Identity))
        .map_err(|_| damaged())?;
    let mut archive = tar::Archive::new(reader);
    let mut entries = archive.entries().map_err(|_| damaged())?;

    // store.bin first: hash it while reading (and loading), then compare with the manifest after it.
    let mut store = entries.next().ok_or_else(damaged)?.map_err(|_| damaged())?;
    if store.path().map_err(|_| damaged())?.to_str() != Some(STORE) {
        return Err(damaged());
    }
    let mut hashing = HashingReader {
        inner: &mut store,
        hasher: Sha256::new(),
        size: 0,
    };
    let loaded = match load_into {
        Some((vault, progress)) => {
            Some(vault.load(&mut hashing, progress).map_err(|e| match e {
                VaultError::Io { .. } => damaged(),
                other => other.into(),
            })?)
        }
        None => {
            io::copy(&mut hashing, &mut io::sink()).map_err(|_| damaged())?;
            None
        }
    };
    let (size, sha) = (hashing.size, hex::encode(hashing.hasher.finalize()));
    drop(store);
    let mut mf = entries.next().ok_or_else(damaged)?.map_err(|_| damaged())?;
    if mf.path().map_err(|_| damaged())?.to_str() != Some(MANIFEST) || mf.size() > 1 << 20 {
        return Err(damaged());
    }
    let mut json = vec![];
    mf.read_to_end(&mut json).map_err(|_| damaged())?;
    drop(mf);
    let signature = match entries.next() {
        None => None,
        Some(sig) => {
            let mut sig = sig.map_err(|_| damaged())?;
            if sig.path().map_err(|_| damaged())?.to_str() != Some(SIGNATURE) || sig.size() > 4096 {
                return Err(damaged());
            }
            let mut text = String::new();
            sig.read_to_string(&mut text).map_err(|_| damaged())?;
            Some(text)
        }
    };
    if entries.next().is_some() {
        return Err(damaged());
    }
    // Read to the very end: age authenticates the last chunk only there.
    let mut rest = archive.into_inner();
    io::copy(&mut rest, &mut io::sink()).map_err(|_| damaged())?;
    let mut manifest: BackupManifest = serde_json::from_slice(&json).map_err(|_| damaged())?;
    let known = match manifest.version {
        VERSION => signature.is_some() && manifest.checkpoint.is_some() && manifest.bytes() == json,
        LEGACY_VERSION => signature.is_none() && manifest.checkpoint.is_none(),
        _ => false,
    };
    manifest.signature = signature;
    if manifest.format == FORMAT && manifest.version == VERSION && !known {
        return Err(ServiceError::Invalid(format!(
            "backup.json is not the one the station signed: {} was altered",
            path.display()
        )));
    }
    if manifest.format != FORMAT || !known {
        return Err(ServiceError::Invalid(format!(
            "{} is a backup of an unknown format or version",
            path.display()
        )));
    }
    if manifest.store_size != size
        || manifest.store_sha256 != sha
        || loaded.is_some_and(|n| n != manifest.entries)
    {
        return Err(damaged());
    }
    Ok(manifest)
}

struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    size: u64,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }
}

/// Reads an age identity file (the recovery key): `AGE-SECRET-KEY-1…` lines, `#` comments.
pub fn read_identities(path: &Path) -> Result<Vec<age::x25519::Identity>, ServiceError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ServiceError::Invalid(format!(
            "could not read the identity file {}: {e}",
            path.display()
        ))
    })?;
    let ids: Vec<age::x25519::Identity> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .filter_map(|l| l.parse().ok())
        .collect();
    if ids.is_empty() {
        return Err(ServiceError::Invalid(format!(
            "{} holds no age identity",
            path.display()
        )));
    }
    Ok(ids)
}

impl Station {
    /// `ercms restore FILE --data DIR`: rebuilds a station from a backup into an empty folder. The caller
    /// then logs in and verifies it (`verify_restored`); on any failure the new vault is removed.
    pub fn restore(
        file: &Path,
        dir: &Path,
        identities: &[age::x25519::Identity],
        progress: &mut dyn FnMut(u64),
    ) -> Result<(Station, BackupManifest), ServiceError> {
        if dir.join("vault").exists() {
            return Err(ServiceError::Invalid(format!(
                "{} holds a station already; restore into an empty folder",
                dir.display()
            )));
        }
        // Notes of a station that is no longer there (no vault) must not be held against this one.
        forget_notes(dir);
        let result = (|| {
            let vault = LockedVault::create(dir)?;
            let manifest = read_backup(file, identities, Some((&vault, progress)))?;
            Ok((Station::from_vault(vault)?, manifest))
        })();
        if result.is_err() {
            let _ = std::fs::remove_dir_all(dir.join("vault"));
            forget_notes(dir);
        }
        result
    }
}

/// Removes the noted head and last checkpoint of a data folder whose vault is gone or being undone.
pub fn forget_notes(dir: &Path) {
    for name in [
        super::checkpoint::LAST_HEAD,
        super::checkpoint::LAST_CHECKPOINT,
    ] {
        let _ = std::fs::remove_file(dir.join(name));
    }
}

impl Session {
    /// After a restore: the backup's description is the one the station signed (with its own key, or
    /// `key`, the station's public key file as known off the station); the audit chain is whole and ends
    /// where the backup said; every value is the one the chain last wrote; the chain is the one the
    /// backup's checkpoint, and `checkpoint` (a checkpoint file's text) if given, signed; and every sealed
    /// value opens. Keeps the backup's checkpoint as the station's last. Returns the number of values opened.
    pub fn verify_restored(
        &self,
        manifest: &BackupManifest,
        checkpoint: Option<&str>,
        key: Option<&str>,
    ) -> Result<u64, ServiceError> {
        let refuse = |what: String| {
            ServiceError::Invalid(format!("the restored station does not verify: {what}"))
        };
        let own_key = self.station_keys()?.minisign_public_file();
        let key = key.unwrap_or(&own_key);
        if manifest.version == LEGACY_VERSION {
            // Made before the state was bound to the chain: only the chain can be checked.
            if let Err(fault) = self.walk_audit()? {
                return Err(refuse(fault.to_string()));
            }
        } else {
            let signed = manifest.signature.as_deref().is_some_and(|sig| {
                super::checkpoint::verify_signature(&manifest.bytes(), sig, key)
            });
            if !signed {
                return Err(refuse(
                    "backup.json is not the one the station signed: the backup was altered".into(),
                ));
            }
            let own = manifest.checkpoint.as_deref();
            let against: Vec<(&str, Option<&str>)> = own
                .into_iter()
                .chain(checkpoint)
                .map(|t| (t, Some(key)))
                .collect();
            if let Err(fault) = self.verify_station(&against)? {
                return Err(refuse(fault.to_string()));
            }
            if let Some(own) = own {
                super::checkpoint::write_durably(
                    &self.vault.dir().join(super::checkpoint::LAST_CHECKPOINT),
                    own,
                )?;
            }
        }
        match self.walk_audit()? {
            Ok(head) if head.next > manifest.audit_head.next => {}
            Ok(_) => {
                return Err(ServiceError::Invalid(
                    "the restored audit chain is shorter than the backup's".into(),
                ))
            }
            Err(fault) => return Err(refuse(fault.to_string())),
        }
        let mut opened = 0u64;
        for tree in Tree::ALL.into_iter().filter(|t| !t.is_plain()) {
            for item in self.vault.scan_raw(tree) {
                let (key, sealed) = item?;
                self.vault.check(tree, &key, &sealed)?;
                opened += 1;
            }
        }
        Ok(opened)
    }
}

impl Session {
    /// `ercms keys recovery-new --out FILE` (admin): a new offline recovery identity, written to FILE
    /// (which must not exist), registered for later backups. Returns its public recipient.
    pub fn new_recovery_key(
        &mut self,
        out: &Path,
        now: DateTime<Utc>,
    ) -> Result<(String, super::Guarded), ServiceError> {
        use age::secrecy::ExposeSecret;
        self.allow(Permission::ManageKeys)?;
        let id = age::x25519::Identity::generate();
        let recipient = id.to_public().to_string();
        let text = format!(
            "# ercms recovery identity for station {}\n# created {}\n# public key: {recipient}\n{}\n",
            self.station,
            now.format("%Y-%m-%d"),
            id.to_string().expose_secret()
        );
        // The private key: readable by its owner only, from the first byte.
        let mut f = private_new_file(out).map_err(write_error(out))?;
        f.write_all(text.as_bytes())
            .and_then(|_| f.sync_all())
            .and_then(|_| crate::vault::sync_folder_of(out))
            .map_err(write_error(out))?;
        match self.add_recovery_recipient(&recipient, now) {
            Ok(outcome) => Ok((recipient, outcome)),
            Err(e) => {
                let _ = std::fs::remove_file(out);
                Err(e)
            }
        }
    }
}

/// A new file only its owner may read, whatever the process's umask.
fn private_new_file(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}
