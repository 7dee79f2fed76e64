//! Signed checkpoints (see `audit::checkpoint`): made at every export, backup and supervisor sign-out,
//! kept as the station's last checkpoint in `<data>/checkpoint` (outside the store, so that damage which
//! rolls the store back cannot roll it back too), and checked at every sign-in.

use super::commitment::{self, derive};
use super::{ServiceError, Session};
use crate::audit::checkpoint::split_file;
use crate::audit::{AuditEntry, AuditFault, Checkpoint, CheckpointFault, Head};
use crate::domain::policy::Permission;
use crate::exchange::StationKeys;
use crate::vault::{Tree, Vault};
use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The station's last checkpoint, beside the store in the data folder.
pub const LAST_CHECKPOINT: &str = "checkpoint";
/// The chain's size and head after the last committed action, beside the store: a tripwire for damage
/// that makes the store lose its last actions (sled takes a damaged tail for a torn write and drops it).
/// Unsigned: it guards against damage, the signed checkpoints against people.
pub const LAST_HEAD: &str = "head";

/// Notes the head after a commit (see `LAST_HEAD`).
pub(crate) fn note_head(dir: &Path, head: &Head) -> Result<(), ServiceError> {
    write_durably(
        &dir.join(LAST_HEAD),
        &format!("{} {}\n", head.next, head.last_hash),
    )
}

/// A checkpoint file's text: body, blank line, minisign signature.
pub(crate) fn sign(keys: &StationKeys, cp: &Checkpoint) -> Result<String, ServiceError> {
    let body = cp.body();
    let sig = keys
        .sign(body.as_bytes(), &cp.trusted_comment())
        .map_err(|e| ServiceError::Invalid(format!("could not sign the checkpoint: {e}")))?;
    Ok(format!("{body}\n{sig}"))
}

/// The `RW…` line of a minisign public key file (or the bare line).
fn public_key(text: &str) -> Option<minisign::PublicKey> {
    let line = text
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))?;
    minisign::PublicKey::from_base64(line).ok()
}

/// Does `sig` (a minisign signature file's text) sign `data` under the public key file text `key`?
pub(crate) fn verify_signature(data: &[u8], sig: &str, key: &str) -> bool {
    public_key(key).is_some_and(|key| crate::exchange::checkpoint::signs(data, sig, &key))
}

/// Reads a checkpoint file and checks its signature with the minisign public key `key` (file text).
pub fn open_checkpoint(text: &str, key: &str) -> Result<Checkpoint, CheckpointFault> {
    use crate::exchange::checkpoint::{open_signed, CheckpointProblem};
    let (body, _) = split_file(text).ok_or(CheckpointFault::Malformed)?;
    Checkpoint::parse(body).ok_or(CheckpointFault::Malformed)?;
    let key = public_key(key).ok_or(CheckpointFault::BadSignature)?;
    match open_signed(text, &key) {
        Ok(signed) => Ok(signed.checkpoint),
        Err(CheckpointProblem::Malformed) => Err(CheckpointFault::Malformed),
        Err(CheckpointProblem::BadSignature) => Err(CheckpointFault::BadSignature),
    }
}

/// Writes `text` to `path` durably: a temporary name, flushed, renamed, the folder flushed.
pub(crate) fn write_durably(path: &Path, text: &str) -> Result<(), ServiceError> {
    let fail = |e: std::io::Error| {
        ServiceError::Invalid(format!("could not write {}: {e}", path.display()))
    };
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    let mut f = std::fs::File::create(&tmp).map_err(fail)?;
    f.write_all(text.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Holds a station's chain to a checkpoint: the chain is at least as long, its entry `size - 1` is the
/// one signed, and the state replayed to that point has the signed root.
pub(crate) fn hold_to(
    vault: &Vault,
    station: &str,
    cp: &Checkpoint,
) -> Result<Result<(), AuditFault>, ServiceError> {
    if cp.station != station {
        return Ok(Err(AuditFault::Checkpoint(CheckpointFault::OtherStation {
            expected: station.to_string(),
            found: cp.station.clone(),
        })));
    }
    let derived = match derive(vault, Some(cp.size))? {
        Ok(d) => d,
        Err(f) => return Ok(Err(f)),
    };
    let (head, root) = derived.at.unwrap_or_default();
    Ok(cp
        .check(derived.head.next, &head, &root)
        .map_err(AuditFault::Checkpoint))
}

/// The quick check at sign-in: the chain reaches the last checkpoint and its entry there is the signed
/// one. (The state is checked by `audit verify`; a sign-in reads two values.)
pub(crate) fn check_at_sign_in(
    vault: &Vault,
    keys: &StationKeys,
    head: &Head,
) -> Result<(), ServiceError> {
    if let Ok(noted) = std::fs::read_to_string(vault.dir().join(LAST_HEAD)) {
        let size = noted.split(' ').next().and_then(|n| n.parse::<u64>().ok());
        if let Some(size) = size.filter(|&n| n > head.next) {
            return Err(ServiceError::Invalid(format!(
                "the store holds {} audit entries but the station noted {size} after its last action: the store lost its last actions (damage or a rollback); the station refuses sign-in: restore the last backup (see docs/BACKUP.md)",
                head.next
            )));
        }
    }
    let path = vault.dir().join(LAST_CHECKPOINT);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    let refuse = |f: CheckpointFault| {
        ServiceError::Invalid(format!(
            "{f}; the station refuses sign-in: restore the last backup (see docs/BACKUP.md)"
        ))
    };
    let cp = open_checkpoint(&text, &keys.minisign_public_file()).map_err(refuse)?;
    let at = cp.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    if head.next < cp.size {
        return Err(refuse(CheckpointFault::Shorter {
            found: head.next,
            size: cp.size,
            at,
        }));
    }
    if cp.size > 0 {
        let last: Option<AuditEntry> = vault
            .get(Tree::AUDIT, &(cp.size - 1).to_be_bytes())
            .map_err(|_| {
                refuse(CheckpointFault::Diverged {
                    size: cp.size,
                    at: at.clone(),
                })
            })?;
        if last.map(|e| e.hash()) != Some(cp.head.clone()) {
            return Err(refuse(CheckpointFault::Diverged { size: cp.size, at }));
        }
    }
    Ok(())
}

impl Session {
    /// Signs a checkpoint of the chain as it stands and keeps it as the station's last one. Refuses
    /// over a chain that does not verify: the station never signs a damaged history.
    pub(crate) fn checkpoint(
        &self,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(Checkpoint, String), ServiceError> {
        let (head, root) = self.state_root()?.map_err(|f| {
            ServiceError::Invalid(format!(
                "the station will not sign a checkpoint over a chain that does not verify: {f}"
            ))
        })?;
        let cp = Checkpoint {
            station: self.station.to_string(),
            size: head.next,
            head: head.last_hash,
            state: root,
            at: now,
            reason: reason.to_string(),
        };
        let text = sign(&self.station_keys()?, &cp)?;
        write_durably(&self.vault.dir().join(LAST_CHECKPOINT), &text)?;
        Ok((cp, text))
    }

    /// `ercms audit checkpoint --out FILE` (supervisor, auditor, admin): a signed checkpoint of the chain
    /// as it stands, to carry off the station.
    pub fn write_checkpoint(
        &self,
        out: &Path,
        now: DateTime<Utc>,
    ) -> Result<Checkpoint, ServiceError> {
        // A checkpoint holds no personal data; supervisors carry them off the station.
        if self.user.role != crate::domain::role::Role::Supervisor {
            self.allow(Permission::ViewAudit)?;
        }
        let (cp, text) = self.checkpoint("request", now)?;
        write_durably(out, &text)?;
        Ok(cp)
    }

    /// Ends the session. A supervisor's sign-out leaves a signed checkpoint (kept as the station's last).
    pub fn sign_out(self, now: DateTime<Utc>) -> Result<crate::vault::LockedVault, ServiceError> {
        self.checkpoint_at_sign_out(now)?;
        Ok(self.lock())
    }

    /// The checkpoint a supervisor's sign-out signs; nothing for other roles.
    pub(crate) fn checkpoint_at_sign_out(&self, now: DateTime<Utc>) -> Result<(), ServiceError> {
        if self.user.role == crate::domain::role::Role::Supervisor {
            self.checkpoint("sign-out", now)?;
        }
        Ok(())
    }

    /// The full check (`audit verify`), also against checkpoint files' texts and the public key that
    /// signed each (`None`: this station's own key). The station's last checkpoint is always held to.
    pub fn verify_station(
        &self,
        against: &[(&str, Option<&str>)],
    ) -> Result<Result<Head, AuditFault>, ServiceError> {
        let own_key = self.station_keys()?.minisign_public_file();
        let last = std::fs::read_to_string(self.vault.dir().join(LAST_CHECKPOINT)).ok();
        let files = last
            .as_deref()
            .map(|t| (t, own_key.as_str()))
            .into_iter()
            .chain(
                against
                    .iter()
                    .map(|&(t, k)| (t, k.unwrap_or(own_key.as_str()))),
            );
        for (text, key) in files {
            let cp = match open_checkpoint(text, key) {
                Ok(cp) => cp,
                Err(f) => return Ok(Err(AuditFault::Checkpoint(f))),
            };
            if let Err(f) = hold_to(&self.vault, self.station.as_str(), &cp)? {
                return Ok(Err(f));
            }
        }
        // History first (a cut tail is named as such), then every value against it.
        Ok(commitment::verify_all(&self.vault)?.map(|(head, _, _)| head))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::role::Role;
    use crate::service::{InitOptions, Station};
    use age::secrecy::SecretString;
    use chrono::Utc;

    #[test]
    fn a_supervisors_sign_out_leaves_a_signed_checkpoint_and_an_officers_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let opts = InitOptions::for_test(SecretString::from("admin-passphrase-1"));
        let mut admin = Station::init(dir.path(), opts, Utc::now()).unwrap();
        let pass = SecretString::from("a-passphrase-1");
        admin
            .add_user("sara", Role::Supervisor, &pass, Utc::now())
            .unwrap();
        admin
            .add_user("omar", Role::Officer, &pass, Utc::now())
            .unwrap();
        let key = admin.station_keys().unwrap().minisign_public_file();
        let vault = admin.sign_out(Utc::now()).unwrap();
        let station = Station::from_vault(vault).unwrap();
        let last = dir.path().join(LAST_CHECKPOINT);
        let omar = station.login("omar", &pass, Utc::now()).unwrap();
        let vault = omar.sign_out(Utc::now()).unwrap();
        assert!(!last.exists());
        let station = Station::from_vault(vault).unwrap();
        let sara = station.login("sara", &pass, Utc::now()).unwrap();
        let size = sara.head.next;
        sara.sign_out(Utc::now()).unwrap();
        let cp = open_checkpoint(&std::fs::read_to_string(&last).unwrap(), &key).unwrap();
        assert_eq!((cp.size, cp.reason.as_str()), (size, "sign-out"));
        // Altered by one character, it no longer verifies.
        let text = std::fs::read_to_string(&last)
            .unwrap()
            .replace("sign-out", "sign-ouT");
        assert_eq!(
            open_checkpoint(&text, &key),
            Err(CheckpointFault::BadSignature)
        );
    }
}
