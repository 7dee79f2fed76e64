//! Four eyes for station changes: a change that could let one person decide or read alone (accounts
//! with approving or exporting roles, role changes, passphrase resets of others, keyring changes,
//! recovery keys, agreement and calendar changes) is first a proposal, and takes effect only when a
//! second person approves it. These are the pure rules; the service stores proposals and applies them.

use super::ids::UserName;
use super::lifecycle::Actor;
use super::role::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a proposal changes. The service applies each kind; a neighbour feature adds its own kind
/// here and an arm in the service's `apply`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalKind {
    /// A new account with a role that approves, exports or administers.
    UserAdd,
    /// A role change of an existing account.
    UserRole,
    /// An admin sets another user's passphrase.
    UserReset,
    /// An account is removed.
    UserRemove,
    /// A new partner station in the keyring.
    PartnerAdd,
    /// A partner's keys replaced (old and new fingerprints side by side).
    PartnerRotate,
    /// What a partner may send changes.
    PartnerPermissions,
    /// A partner is revoked: its bundles are refused from then on.
    PartnerRevoke,
    /// A recovery key registered for backups.
    RecoveryKey,
}

impl ProposalKind {
    pub const ALL: [ProposalKind; 9] = [
        ProposalKind::UserAdd,
        ProposalKind::UserRole,
        ProposalKind::UserReset,
        ProposalKind::UserRemove,
        ProposalKind::PartnerAdd,
        ProposalKind::PartnerRotate,
        ProposalKind::PartnerPermissions,
        ProposalKind::PartnerRevoke,
        ProposalKind::RecoveryKey,
    ];

    /// The word lists and the audit trail show.
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalKind::UserAdd => "user.add",
            ProposalKind::UserRole => "user.role",
            ProposalKind::UserReset => "user.reset",
            ProposalKind::UserRemove => "user.remove",
            ProposalKind::PartnerAdd => "partner.add",
            ProposalKind::PartnerRotate => "partner.rotate",
            ProposalKind::PartnerPermissions => "partner.permissions",
            ProposalKind::PartnerRevoke => "partner.revoke",
            ProposalKind::RecoveryKey => "recovery.add",
        }
    }

    /// Whether the subject of this kind is a user account (who then may not approve it).
    pub fn about_a_user(self) -> bool {
        matches!(
            self,
            ProposalKind::UserAdd
                | ProposalKind::UserRole
                | ProposalKind::UserReset
                | ProposalKind::UserRemove
        )
    }
}

/// Where a proposal stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ProposalStatus {
    Pending,
    Approved {
        by: UserName,
        at: DateTime<Utc>,
    },
    Rejected {
        by: UserName,
        at: DateTime<Utc>,
        note: String,
    },
}

/// A proposed change: what it is, who proposed it, what it was and what it will be, in words a
/// supervisor can judge, and the change itself (`payload`, read only by the service that applies it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: Uuid,
    pub kind: ProposalKind,
    /// What it is about: a user name, a partner station, an agreement code.
    pub subject: String,
    /// For changes about a user: that user's role, before the change (or the new role for an add).
    pub subject_role: Option<Role>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
    pub proposed_by: UserName,
    pub proposer_role: Role,
    pub proposed_at: DateTime<Utc>,
    pub status: ProposalStatus,
    /// The change, as the applying service stores it (sealed with the rest of the vault).
    #[serde(default)]
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProposalError {
    #[error("this proposal was decided already")]
    Decided,
    #[error("a second person must approve: you proposed this change yourself")]
    OwnProposal,
    #[error("this change is about your own account: another person must approve it")]
    OwnAccount,
    #[error("your role ({0}) may not approve station changes; a supervisor approves them")]
    Role(Role),
    #[error("a return needs a note saying why")]
    NoNote,
}

/// May `approver` approve (or reject) `p`? A supervisor approves; a second admin approves only where a
/// supervisor is the subject (a supervisor's own account cannot be approved by supervisors alone
/// acting for themselves). Never the proposer, never the user the change is about.
pub fn may_decide(p: &Proposal, approver: &Actor) -> Result<(), ProposalError> {
    if p.status != ProposalStatus::Pending {
        return Err(ProposalError::Decided);
    }
    if approver.name == p.proposed_by {
        return Err(ProposalError::OwnProposal);
    }
    if p.kind.about_a_user() && p.subject == approver.name.as_str() {
        return Err(ProposalError::OwnAccount);
    }
    let admin_may = p.kind.about_a_user() && p.subject_role == Some(Role::Supervisor);
    match approver.role {
        Role::Supervisor => Ok(()),
        Role::Admin if admin_may => Ok(()),
        other => Err(ProposalError::Role(other)),
    }
}

/// Whether a new account with `role` needs a second person: roles that approve, export or
/// administer do; officers and auditors (who neither approve nor release) do not.
pub fn account_needs_approval(role: Role) -> bool {
    matches!(role, Role::Supervisor | Role::Clerk | Role::Admin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> UserName {
        UserName::parse(s).unwrap()
    }

    fn proposal(kind: ProposalKind, subject: &str, subject_role: Option<Role>) -> Proposal {
        Proposal {
            id: Uuid::nil(),
            kind,
            subject: subject.into(),
            subject_role,
            before: None,
            after: None,
            reason: None,
            proposed_by: name("admin"),
            proposer_role: Role::Admin,
            proposed_at: DateTime::<Utc>::MIN_UTC,
            status: ProposalStatus::Pending,
            payload: serde_json::Value::Null,
        }
    }

    fn actor(n: &str, role: Role) -> Actor {
        Actor {
            name: name(n),
            role,
        }
    }

    #[test]
    fn the_proposer_never_approves_and_a_supervisor_does() {
        let p = proposal(ProposalKind::PartnerRotate, "DE-TEST", None);
        assert_eq!(
            may_decide(&p, &actor("admin", Role::Supervisor)),
            Err(ProposalError::OwnProposal)
        );
        assert_eq!(may_decide(&p, &actor("sup", Role::Supervisor)), Ok(()));
        for r in [Role::Clerk, Role::Officer, Role::Auditor, Role::Admin] {
            assert_eq!(
                may_decide(&p, &actor("other", r)),
                Err(ProposalError::Role(r))
            );
        }
    }

    #[test]
    fn the_subject_never_approves_and_a_second_admin_may_where_a_supervisor_is_the_subject() {
        let p = proposal(ProposalKind::UserReset, "sup", Some(Role::Supervisor));
        assert_eq!(
            may_decide(&p, &actor("sup", Role::Supervisor)),
            Err(ProposalError::OwnAccount)
        );
        assert_eq!(may_decide(&p, &actor("admin2", Role::Admin)), Ok(()));
        assert_eq!(may_decide(&p, &actor("sup2", Role::Supervisor)), Ok(()));
        let clerk = proposal(ProposalKind::UserAdd, "clerk2", Some(Role::Clerk));
        assert_eq!(
            may_decide(&clerk, &actor("admin2", Role::Admin)),
            Err(ProposalError::Role(Role::Admin))
        );
    }

    #[test]
    fn a_decided_proposal_stays_decided() {
        let mut p = proposal(ProposalKind::RecoveryKey, "age1…", None);
        p.status = ProposalStatus::Approved {
            by: name("sup"),
            at: DateTime::<Utc>::MIN_UTC,
        };
        assert_eq!(
            may_decide(&p, &actor("sup2", Role::Supervisor)),
            Err(ProposalError::Decided)
        );
    }

    #[test]
    fn every_kind_has_its_own_word() {
        for (i, k) in ProposalKind::ALL.iter().enumerate() {
            assert!(ProposalKind::ALL[i + 1..]
                .iter()
                .all(|o| o.as_str() != k.as_str()));
        }
    }
}
