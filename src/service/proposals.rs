//! Station changes with four eyes: one person proposes, a second approves, and only then the change is
//! applied, in the approval's transaction. Accounts, keyring and recovery keys go through here; a
//! feature with its own guarded change adds a `ProposalKind` and an arm in `apply`.
//!
//! While the station has no supervisor (its first setup) nobody could approve, so the admin's account
//! changes apply at once, marked as such in the audit trail; from the first supervisor on, every
//! guarded change waits for a second person.

use super::session::{Note, User};
use super::{ServiceError, Session};
use crate::domain::ids::UserName;
use crate::domain::policy::Permission;
use crate::domain::proposal::{self, Proposal, ProposalError, ProposalKind, ProposalStatus};
use crate::domain::role::Role;
use crate::vault::{Tree, Txn};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A change as its feature describes it, before it becomes a proposal.
pub(crate) struct Draft {
    pub kind: ProposalKind,
    pub subject: String,
    pub subject_role: Option<Role>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
    pub payload: serde_json::Value,
}

/// What became of a guarded change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Guarded {
    /// Applied now (station setup, before any supervisor exists).
    Applied,
    /// Waiting for a second person.
    Proposed { id: Uuid },
}

/// The account changes' payloads.
#[derive(Serialize, Deserialize)]
pub(crate) struct NewAccount {
    pub user: User,
    pub slot: serde_json::Value,
}

fn proposal_error(e: ProposalError) -> ServiceError {
    match e {
        ProposalError::Decided | ProposalError::NoNote => ServiceError::Invalid(e.to_string()),
        _ => ServiceError::NotAllowed(e.to_string()),
    }
}

/// Set when the first supervisor comes: from then on every guarded change needs a second person.
const SETUP_OVER: &[u8] = b"setup_over";

fn damaged() -> ServiceError {
    ServiceError::Invalid("a stored proposal is damaged and cannot be applied".into())
}

impl Session {
    /// Whether the station's setup is over: it has (or once had) a supervisor who can approve. Once
    /// over, it never comes back, even if every supervisor is removed.
    pub(crate) fn setup_over(&self) -> Result<bool, ServiceError> {
        if self
            .vault
            .get::<bool>(Tree::STATION, SETUP_OVER)?
            .unwrap_or(false)
        {
            return Ok(true);
        }
        for item in self.vault.scan::<User>(Tree::USERS) {
            if item?.1.role == Role::Supervisor {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Proposes `draft`, or applies it at once while the station has no supervisor and `setup_may`.
    pub(crate) fn guard(
        &mut self,
        draft: Draft,
        setup_may: bool,
        now: DateTime<Utc>,
    ) -> Result<Guarded, ServiceError> {
        let p = Proposal {
            id: Uuid::now_v7(),
            kind: draft.kind,
            subject: draft.subject,
            subject_role: draft.subject_role,
            before: draft.before,
            after: draft.after,
            reason: draft.reason,
            proposed_by: self.user.name.clone(),
            proposer_role: self.user.role,
            proposed_at: now,
            status: ProposalStatus::Pending,
            payload: draft.payload,
        };
        let mut txn = Txn::default();
        let detail = describe(&p);
        if setup_may && !self.setup_over()? {
            self.apply(&mut txn, &p, now)?;
            let detail = format!("{detail}; applied at setup, before any supervisor");
            return self
                .commit(
                    txn,
                    now,
                    &[Note {
                        action: p.kind.as_str(),
                        target: Some(&p.subject),
                        detail: Some(&detail),
                    }],
                )
                .map(|_| Guarded::Applied);
        }
        self.vault
            .put(&mut txn, Tree::PROPOSALS, p.id.as_bytes(), &p)?;
        let action = format!("proposal.{}", p.kind.as_str());
        let detail = format!("{detail}; proposal {}", p.id);
        self.commit(
            txn,
            now,
            &[Note {
                action: &action,
                target: Some(&p.subject),
                detail: Some(&detail),
            }],
        )?;
        Ok(Guarded::Proposed { id: p.id })
    }

    /// `ercms proposal list`: station changes, waiting ones first, newest first within each.
    pub fn proposals(&self, pending_only: bool) -> Result<Vec<Proposal>, ServiceError> {
        self.allow(Permission::ViewProposals)?;
        let mut out = vec![];
        for item in self.vault.scan::<Proposal>(Tree::PROPOSALS) {
            let (_, p) = item?;
            if !pending_only || p.status == ProposalStatus::Pending {
                out.push(p);
            }
        }
        out.sort_by(|a, b| {
            let waiting = |p: &Proposal| p.status != ProposalStatus::Pending;
            (waiting(a), std::cmp::Reverse(a.proposed_at))
                .cmp(&(waiting(b), std::cmp::Reverse(b.proposed_at)))
        });
        Ok(out)
    }

    /// One proposal by its id (or the first characters of it, when they name one alone).
    pub fn proposal(&self, id: &str) -> Result<Proposal, ServiceError> {
        let id = id.trim().to_ascii_lowercase();
        let mut found = self
            .proposals(false)?
            .into_iter()
            .filter(|p| !id.is_empty() && p.id.to_string().starts_with(&id));
        match (found.next(), found.next()) {
            (Some(p), None) => Ok(p),
            (Some(_), Some(_)) => Err(ServiceError::Invalid(
                "several proposals start so; give more of the id".into(),
            )),
            _ => Err(ServiceError::NotFound(format!(
                "there is no proposal {}",
                id.chars().take(40).collect::<String>()
            ))),
        }
    }

    /// `ercms proposal approve|reject ID`: a second person decides; an approval applies the change in
    /// the same transaction. A rejection needs a note.
    pub fn decide_proposal(
        &mut self,
        id: &str,
        approve: bool,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Proposal, ServiceError> {
        self.allow(Permission::ApproveChange)?;
        let mut p = self.proposal(id)?;
        proposal::may_decide(&p, &self.actor()).map_err(proposal_error)?;
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        let mut txn = Txn::default();
        let action;
        if approve {
            self.apply(&mut txn, &p, now)?;
            p.status = ProposalStatus::Approved {
                by: self.user.name.clone(),
                at: now,
            };
            action = format!("{}.approve", p.kind.as_str());
        } else {
            let note = note.ok_or_else(|| proposal_error(ProposalError::NoNote))?;
            p.status = ProposalStatus::Rejected {
                by: self.user.name.clone(),
                at: now,
                note: note.chars().take(500).collect(),
            };
            action = format!("{}.reject", p.kind.as_str());
        }
        self.vault
            .put(&mut txn, Tree::PROPOSALS, p.id.as_bytes(), &p)?;
        let detail = format!(
            "{}; proposed by {}; proposal {}",
            describe(&p),
            p.proposed_by,
            p.id
        );
        self.commit(
            txn,
            now,
            &[Note {
                action: &action,
                target: Some(&p.subject),
                detail: Some(&detail),
            }],
        )?;
        Ok(p)
    }

    /// Puts the change of `p` into `txn`. Each kind's state is checked again here: the station may have
    /// moved on since the proposal was made.
    fn apply(&self, txn: &mut Txn, p: &Proposal, now: DateTime<Utc>) -> Result<(), ServiceError> {
        match p.kind {
            ProposalKind::UserAdd => {
                let new: NewAccount =
                    serde_json::from_value(p.payload.clone()).map_err(|_| damaged())?;
                let sid = self.sid_of(&new.user.name);
                if self.vault.plain().get_plain(Tree::SLOTS, &sid)?.is_some() {
                    return Err(ServiceError::Invalid(format!(
                        "user {} exists already",
                        new.user.name
                    )));
                }
                txn.put_plain(Tree::SLOTS, &sid, slot_bytes(&new.slot)?);
                self.vault.put(txn, Tree::USERS, &sid, &new.user)?;
                if new.user.role == Role::Supervisor {
                    self.vault.put(txn, Tree::STATION, SETUP_OVER, &true)?;
                }
            }
            ProposalKind::UserReset => {
                let name = subject_user(p)?;
                let (sid, old) = self.slot_of(&name)?;
                let mut slot: crate::vault::slot::Slot =
                    serde_json::from_value(p.payload.clone()).map_err(|_| damaged())?;
                slot.locked = old.locked;
                txn.put_plain(Tree::SLOTS, &sid, slot.to_bytes());
            }
            ProposalKind::UserRole => {
                let name = subject_user(p)?;
                let role: Role =
                    serde_json::from_value(p.payload.clone()).map_err(|_| damaged())?;
                let sid = self.sid_of(&name);
                let mut user: User = self
                    .vault
                    .get(Tree::USERS, &sid)?
                    .ok_or_else(|| ServiceError::NotFound(format!("there is no user {name}")))?;
                user.role = role;
                self.vault.put(txn, Tree::USERS, &sid, &user)?;
                if role == Role::Supervisor {
                    self.vault.put(txn, Tree::STATION, SETUP_OVER, &true)?;
                }
            }
            ProposalKind::UserRemove => {
                let name = subject_user(p)?;
                let (sid, _) = self.slot_of(&name)?;
                txn.delete(Tree::SLOTS, &sid);
                txn.delete(Tree::USERS, &sid);
            }
            ProposalKind::PartnerAdd
            | ProposalKind::PartnerRotate
            | ProposalKind::PartnerPermissions
            | ProposalKind::PartnerRevoke => self.apply_partner_change(txn, p, now)?,
            ProposalKind::RecoveryKey => {
                let recipient: String =
                    serde_json::from_value(p.payload.clone()).map_err(|_| damaged())?;
                self.put_recovery_recipient(txn, &recipient)?;
            }
        }
        Ok(())
    }
}

fn subject_user(p: &Proposal) -> Result<UserName, ServiceError> {
    UserName::parse(&p.subject).map_err(|_| damaged())
}

fn slot_bytes(v: &serde_json::Value) -> Result<Vec<u8>, ServiceError> {
    serde_json::to_vec(v).map_err(|_| damaged())
}

/// The audit detail of a proposal: what it was, what it will be.
fn describe(p: &Proposal) -> String {
    let mut s = format!("{} {}", p.kind.as_str(), p.subject);
    if let Some(b) = &p.before {
        s.push_str(&format!("; before: {b}"));
    }
    if let Some(a) = &p.after {
        s.push_str(&format!("; after: {a}"));
    }
    if let Some(r) = &p.reason {
        s.push_str(&format!("; reason: {r}"));
    }
    s
}
