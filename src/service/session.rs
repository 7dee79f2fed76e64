//! A signed-in user on an unlocked vault. Every use-case is a method here.

use super::ServiceError;
use crate::audit::Head;
use crate::domain::ids::{StationId, UserName};
use crate::domain::policy::{self, Permission};
use crate::domain::role::Role;
use crate::vault::{Tree, Txn, Vault};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A user account as stored (sealed) in the USERS tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub name: UserName,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

pub struct Session {
    pub(crate) vault: Vault,
    pub(crate) user: User,
    pub(crate) station: StationId,
    pub(crate) head: Head,
    pub(crate) salt: Vec<u8>,
    /// The case index, loaded at first use.
    pub(crate) cases: Option<super::CaseIndex>,
    /// Transactions this session has committed.
    pub(crate) changes: u64,
}

/// One audit line to append with a transaction.
pub(crate) struct Note<'a> {
    pub action: &'a str,
    pub target: Option<&'a str>,
    pub detail: Option<&'a str>,
}

impl Session {
    /// How many changes this session has committed: what a screen keeps a copy of is stale once it
    /// moves.
    pub fn changes(&self) -> u64 {
        self.changes
    }
}

impl Session {
    pub fn user(&self) -> &User {
        &self.user
    }

    pub fn station(&self) -> &StationId {
        &self.station
    }

    /// The policy table's answer for the signed-in user.
    pub fn allow(&self, what: Permission) -> Result<(), ServiceError> {
        policy::check(self.user.role, what).map_err(ServiceError::from)
    }

    pub fn may(&self, what: Permission) -> bool {
        policy::allows(self.user.role, what)
    }

    /// Commits `txn` together with its audit entries, atomically and durably.
    pub(crate) fn commit(
        &mut self,
        txn: Txn,
        now: DateTime<Utc>,
        notes: &[Note<'_>],
    ) -> Result<(), ServiceError> {
        let actor = self.user.name.to_string();
        self.commit_as(txn, now, &actor, notes)
    }

    /// Commits `txn` with audit entries in another actor's name: the station clock's own changes.
    pub(crate) fn commit_as(
        &mut self,
        mut txn: Txn,
        now: DateTime<Utc>,
        actor: &str,
        notes: &[Note<'_>],
    ) -> Result<(), ServiceError> {
        let mut head = self.head.clone();
        for n in notes {
            append(&self.vault, &mut txn, &mut head, now, actor, n)?;
        }
        self.vault.commit(txn)?;
        self.vault.set_version(head.next);
        super::checkpoint::note_head(self.vault.dir(), &head)?;
        self.head = head;
        self.changes += 1;
        Ok(())
    }

    /// Appends one audit entry on its own (an action that changes nothing else).
    pub(crate) fn record(
        &mut self,
        now: DateTime<Utc>,
        action: &str,
        target: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), ServiceError> {
        self.commit(
            Txn::default(),
            now,
            &[Note {
                action,
                target,
                detail,
            }],
        )
    }

    /// Ends the session (the TUI's lock, or logout): the data key is dropped and zeroised.
    pub fn lock(self) -> crate::vault::LockedVault {
        self.vault.locked()
    }
}

/// Puts the next audit entry and the new head into `txn`, and moves `head` on. The entry records what
/// the transaction wrote so far (see `commitment`).
pub(crate) fn append(
    vault: &Vault,
    txn: &mut Txn,
    head: &mut Head,
    at: DateTime<Utc>,
    actor: &str,
    note: &Note<'_>,
) -> Result<(), ServiceError> {
    let state = super::commitment::record_writes(vault, txn, head.next)?;
    let (entry, next) = head.append(at, actor, note.action, note.target, note.detail, state);
    vault.put(txn, Tree::AUDIT, &entry.seq.to_be_bytes(), &entry)?;
    vault.put(txn, Tree::STATION, b"audit_head", &next)?;
    *head = next;
    Ok(())
}
