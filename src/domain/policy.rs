//! The one policy table: which role may do what. Every use-case asks here, never a screen.

use super::role::Role;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Everything a user can ask the station to do, in the domain's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    // accounts and station
    ManageUsers,
    ManageKeys,
    ManageAgreements,
    ManageSettings,
    ViewKeys,
    ViewProposals,
    ApproveChange,
    // exchange
    ImportBundle,
    ExportBundle,
    ViewExchangeLog,
    // readmission cases
    ViewCases,
    RegisterCase,
    WorkCase,
    RecordCheck,
    ProposeDecision,
    ApproveDecision,
    ReturnProposal,
    IssueTravelDocument,
    RecordArrival,
    // national referral mechanism
    ViewReturnees,
    ViewProviders,
    WorkReturnee,
    OverrideConsent,
    ApprovePlan,
    ApproveClosure,
    ManageProviders,
    // oversight
    ViewAudit,
    ViewPartnerCheckpoints,
    ViewCaseAudit,
    ViewStatistics,
    SendStatistics,
    Backup,
    ProposePurge,
    ApprovePurge,
}

use Permission::*;
use Role::*;

/// The table itself: one row per permission, the roles that hold it.
const TABLE: &[(Permission, &[Role])] = &[
    (ManageUsers, &[Admin]),
    (ManageKeys, &[Admin]),
    (ManageAgreements, &[Admin]),
    (ManageSettings, &[Admin]),
    (ViewKeys, &[Admin, Clerk, Auditor]),
    (ViewProposals, &[Admin, Supervisor, Auditor]),
    (ApproveChange, &[Supervisor, Admin]),
    (ImportBundle, &[Clerk]),
    (ExportBundle, &[Clerk]),
    (ViewExchangeLog, &[Clerk, Supervisor, Auditor]),
    (ViewCases, &[Clerk, Officer, Supervisor]),
    (RegisterCase, &[Clerk, Officer]),
    (WorkCase, &[Officer]),
    (RecordCheck, &[Officer]),
    (ProposeDecision, &[Officer]),
    (ApproveDecision, &[Supervisor]),
    (ReturnProposal, &[Supervisor]),
    (IssueTravelDocument, &[Officer]),
    (RecordArrival, &[Officer]),
    (ViewReturnees, &[Officer, Supervisor]),
    (ViewProviders, &[Officer, Supervisor, Admin]),
    (WorkReturnee, &[Officer]),
    (OverrideConsent, &[Supervisor]),
    (ApprovePlan, &[Supervisor]),
    (ApproveClosure, &[Supervisor]),
    (ManageProviders, &[Admin]),
    (ViewAudit, &[Auditor, Admin]),
    (ViewPartnerCheckpoints, &[Admin, Auditor, Supervisor]),
    // A case's own trail, on its Audit tab: whoever may open the case, and the auditor.
    (ViewCaseAudit, &[Clerk, Officer, Supervisor, Auditor]),
    (ViewStatistics, &[Auditor, Supervisor, Admin]),
    // Queuing anything for a partner is not reading: the auditor, read-only by design, may not.
    (SendStatistics, &[Supervisor, Admin]),
    (Backup, &[Admin]),
    (ProposePurge, &[Officer]),
    (ApprovePurge, &[Supervisor]),
];

impl Permission {
    /// A short phrase for refusals: "a clerk may not <phrase>".
    pub fn phrase(self) -> &'static str {
        match self {
            ManageUsers => "manage user accounts",
            ManageKeys => "manage partner keys",
            ManageAgreements => "change agreements",
            ManageSettings => "change station settings",
            ViewKeys => "view station keys",
            ViewProposals => "see proposed station changes",
            ApproveChange => "approve station changes",
            ImportBundle => "import bundles",
            ExportBundle => "export bundles",
            ViewExchangeLog => "view the exchange log",
            ViewCases => "view cases",
            RegisterCase => "register cases",
            WorkCase => "work cases",
            RecordCheck => "record verification checks",
            ProposeDecision => "propose decisions",
            ApproveDecision => "approve decisions",
            ReturnProposal => "return proposals",
            IssueTravelDocument => "issue travel documents",
            RecordArrival => "record arrivals",
            ViewReturnees => "see returnee records and referrals",
            ViewProviders => "see the service provider directory",
            WorkReturnee => "work returnee records",
            OverrideConsent => "override consent",
            ApprovePlan => "approve reintegration plans",
            ApproveClosure => "approve closures",
            ManageProviders => "manage service providers",
            ViewAudit => "read the audit trail",
            ViewPartnerCheckpoints => "read the checkpoints partners sent",
            ViewCaseAudit => "read a case's audit trail",
            ViewStatistics => "view statistics",
            SendStatistics => "queue statistics for a partner",
            Backup => "back up the station",
            ProposePurge => "propose purges",
            ApprovePurge => "approve purges",
        }
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.phrase())
    }
}

/// May a user with `role` do `what`?
pub fn allows(role: Role, what: Permission) -> bool {
    TABLE
        .iter()
        .any(|(p, roles)| *p == what && roles.contains(&role))
}

/// The refusal, as a sentence, when the table says no.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("your role ({role}) may not {what}")]
pub struct Refused {
    pub role: Role,
    pub what: Permission,
}

pub fn check(role: Role, what: Permission) -> Result<(), Refused> {
    if allows(role, what) {
        Ok(())
    } else {
        Err(Refused { role, what })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table written out a second time, role by role, so that any change to who may do what
    /// is a deliberate edit in two places: every permission × every role is checked.
    #[test]
    fn every_role_holds_exactly_the_permissions_written_for_it() {
        let expected: &[(Role, &[Permission])] = &[
            (
                Clerk,
                &[
                    ViewKeys,
                    ImportBundle,
                    ExportBundle,
                    ViewExchangeLog,
                    ViewCases,
                    RegisterCase,
                    ViewCaseAudit,
                ],
            ),
            (
                Officer,
                &[
                    ViewCases,
                    RegisterCase,
                    WorkCase,
                    RecordCheck,
                    ProposeDecision,
                    IssueTravelDocument,
                    RecordArrival,
                    ViewReturnees,
                    ViewProviders,
                    WorkReturnee,
                    ProposePurge,
                    ViewCaseAudit,
                ],
            ),
            (
                Supervisor,
                &[
                    ViewProposals,
                    ApproveChange,
                    ViewExchangeLog,
                    ViewCases,
                    ApproveDecision,
                    ReturnProposal,
                    ViewReturnees,
                    ViewProviders,
                    OverrideConsent,
                    ApprovePlan,
                    ApproveClosure,
                    ViewStatistics,
                    SendStatistics,
                    ApprovePurge,
                    ViewCaseAudit,
                    ViewPartnerCheckpoints,
                ],
            ),
            (
                Admin,
                &[
                    ManageUsers,
                    ManageKeys,
                    ManageAgreements,
                    ManageSettings,
                    ViewKeys,
                    ViewProposals,
                    ApproveChange,
                    ViewProviders,
                    ManageProviders,
                    ViewAudit,
                    ViewStatistics,
                    SendStatistics,
                    Backup,
                    ViewPartnerCheckpoints,
                ],
            ),
            (
                Auditor,
                &[
                    ViewKeys,
                    ViewProposals,
                    ViewExchangeLog,
                    ViewAudit,
                    ViewCaseAudit,
                    ViewStatistics,
                    ViewPartnerCheckpoints,
                ],
            ),
        ];
        for (p, _) in TABLE {
            for (role, held) in expected {
                assert_eq!(
                    allows(*role, *p),
                    held.contains(p),
                    "{role} × {p:?} differs from the written table"
                );
                assert_eq!(check(*role, *p).is_ok(), held.contains(p));
            }
        }
        // Every permission written above is a row of the table (nothing is held by accident).
        for (_, held) in expected {
            assert!(held.iter().all(|p| TABLE.iter().any(|(q, _)| q == p)));
        }
    }

    #[test]
    fn no_role_both_proposes_and_approves_the_same_thing() {
        for r in Role::ALL {
            assert!(!(allows(r, ProposeDecision) && allows(r, ApproveDecision)));
            assert!(!(allows(r, ProposePurge) && allows(r, ApprovePurge)));
            assert!(!(allows(r, ExportBundle) && allows(r, ApproveChange)));
        }
    }

    #[test]
    fn every_permission_has_exactly_one_row() {
        for (i, (p, _)) in TABLE.iter().enumerate() {
            assert!(TABLE.iter().skip(i + 1).all(|(q, _)| q != p), "{p:?} twice");
        }
    }

    #[test]
    fn admins_do_not_work_cases_and_auditors_only_read() {
        assert!(!allows(Admin, WorkCase));
        assert!(!allows(Admin, ApproveDecision));
        for (p, roles) in TABLE {
            if roles.contains(&Auditor) {
                assert!(matches!(
                    p,
                    ViewAudit
                        | ViewCaseAudit
                        | ViewStatistics
                        | ViewExchangeLog
                        | ViewKeys
                        | ViewProposals
                        | ViewPartnerCheckpoints
                ));
            }
        }
    }

    #[test]
    fn only_supervisors_approve_and_only_clerks_move_bundles() {
        for r in Role::ALL {
            assert_eq!(allows(r, ApproveDecision), r == Supervisor);
            assert_eq!(allows(r, ImportBundle), r == Clerk);
            assert_eq!(allows(r, ExportBundle), r == Clerk);
        }
        assert_eq!(
            check(Clerk, ApproveDecision).unwrap_err().to_string(),
            "your role (clerk) may not approve decisions"
        );
    }
}
