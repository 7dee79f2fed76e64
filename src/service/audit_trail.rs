//! Reading and verifying the audit trail (auditors and admins).

use super::{ServiceError, Session};
use crate::audit::{self, AuditEntry, AuditFault, ChainFault, Head};
use crate::domain::policy::Permission;
use crate::vault::{Tree, VaultError};

impl Session {
    /// `ercms audit verify`: walks the whole chain, re-derives the state it describes and compares it with
    /// every stored value, then holds the chain to the station's last checkpoint; the first fault names its
    /// entry or record. On success, the head (entry count and last hash) for the auditor to note.
    pub fn audit_verify(&self) -> Result<Result<Head, AuditFault>, ServiceError> {
        self.audit_verify_against(None, None)
    }

    /// `ercms audit verify --checkpoint FILE [--key FILE]`: the same, also held to a checkpoint file's text,
    /// signed with `key` (a minisign public key file's text; default: the station's own).
    pub fn audit_verify_against(
        &self,
        checkpoint: Option<&str>,
        key: Option<&str>,
    ) -> Result<Result<Head, AuditFault>, ServiceError> {
        self.allow(Permission::ViewAudit)?;
        let against: Vec<(&str, Option<&str>)> = checkpoint.map(|c| (c, key)).into_iter().collect();
        self.verify_station(&against)
    }

    /// The chain walk itself, for checks the station makes on its own behalf (after a restore).
    pub(crate) fn walk_audit(&self) -> Result<Result<Head, ChainFault>, ServiceError> {
        let head: Head = self
            .vault
            .get(Tree::STATION, b"audit_head")?
            .ok_or(VaultError::Tampered("station"))?;
        let entries = self.vault.scan_raw(Tree::AUDIT).map(|item| {
            // A key that is not a sequence number, or a store error, counts as an unreadable entry.
            let (k, sealed) = item.map_err(|_| u64::MAX)?;
            let key = <[u8; 8]>::try_from(k.as_slice())
                .map(u64::from_be_bytes)
                .map_err(|_| u64::MAX)?;
            self.vault
                .decode::<AuditEntry>(Tree::AUDIT, &k, &sealed)
                .map(|e| (key, e))
                .map_err(|_| key)
        });
        Ok(audit::verify(entries, &head).map(|_| head.clone()))
    }

    /// `ercms audit list [--case CASE]`: entries in order, optionally those about one target.
    pub fn audit_list(&self, target: Option<&str>) -> Result<Vec<AuditEntry>, ServiceError> {
        self.allow(Permission::ViewAudit)?;
        let mut out = vec![];
        for item in self.vault.scan::<AuditEntry>(Tree::AUDIT) {
            let (_, e) = item?;
            if target.is_none() || e.target.as_deref() == target {
                out.push(e);
            }
        }
        Ok(out)
    }
}
