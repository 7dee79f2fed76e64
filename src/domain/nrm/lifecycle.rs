//! The single transition function of a returnee record: `(returnee, action, actor, now) -> returnee`.
//! It asks, in this order: may this role do it (the policy table), may it be done in this status,
//! four eyes (nobody approves their own plan or closure), then the action's own rules.
//!
//! Who may do what: officers do the work (`WorkReturnee`); supervisors override consent
//! (`OverrideConsent`), approve or return plans (`ApprovePlan`) and closures (`ApproveClosure`).
//! A provider's answer arriving in a bundle is not a user's action: `apply_provider_update` records it;
//! the service checks that the clerk may import the bundle.

use super::assessment::{Assessment, Need, Vulnerability};
use super::consent::{Consent, ConsentOverride, ConsentProviders, ConsentScope};
use super::error::NrmError;
use super::field;
use super::followup::{Closure, ClosureProposal, FollowUpSchedule};
use super::governorate::Governorate;
use super::plan::{Plan, PlanItem};
use super::provider::Provider;
use super::referral::{Referral, ReferralRequest, ReferralResponse};
use super::returnee::{Contact, Returnee, ReturneeEvent, ReturneeStatus};
use crate::domain::ids::UserName;
use crate::domain::policy::{check, Permission};
use crate::domain::role::Role;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use uuid::Uuid;
use ReturneeStatus::*;

/// Who acts: a signed-in user and their one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NrmActor {
    pub name: UserName,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReturneeAction {
    RecordConsent {
        scope: ConsentScope,
        providers: ConsentProviders,
        given_at: DateTime<Utc>,
    },
    WithdrawConsent,
    OverrideConsent {
        reason: String,
    },
    RecordAssessment {
        flags: BTreeSet<Vulnerability>,
        needs: Vec<Need>,
    },
    ProposePlan {
        items: Vec<PlanItem>,
    },
    ApprovePlan,
    ReturnPlan {
        note: String,
    },
    ProposeReferral(ReferralRequest),
    /// The directory entry as it stands today, so that its coverage and services are checked now.
    SendReferral {
        referral: Uuid,
        provider: Box<Provider>,
    },
    /// A provider's answer given by phone or on paper and typed in by an officer.
    RecordReferralResponse {
        referral: Uuid,
        response: ReferralResponse,
    },
    CancelReferral {
        referral: Uuid,
        reason: String,
    },
    RecordFollowUp {
        on: NaiveDate,
        note: String,
    },
    SetFollowUpSchedule {
        days: Vec<u32>,
    },
    ProposeClosure {
        reason: String,
    },
    ApproveClosure,
    ReturnClosure {
        note: String,
    },
    Reopen {
        reason: String,
    },
    Assign {
        user: Option<UserName>,
    },
    UpdateContact(Contact),
}

/// The action without its data: for the history, `allowed_actions` and refusals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturneeActionKind {
    Register,
    RecordConsent,
    WithdrawConsent,
    OverrideConsent,
    RecordAssessment,
    ProposePlan,
    ApprovePlan,
    ReturnPlan,
    ProposeReferral,
    SendReferral,
    RecordReferralResponse,
    CancelReferral,
    RecordFollowUp,
    SetFollowUpSchedule,
    ProposeClosure,
    ApproveClosure,
    ReturnClosure,
    Reopen,
    Assign,
    UpdateContact,
}

use ReturneeActionKind as K;

/// Statuses in which a referral may be proposed, sent, answered or cancelled: after plan approval.
const REFERRING: &[ReturneeStatus] = &[PlanApproved, Referred, FollowUp];
const OPEN: &[ReturneeStatus] = &[
    Registered,
    ConsentRecorded,
    Assessed,
    PlanProposed,
    PlanApproved,
    Referred,
    FollowUp,
];

impl ReturneeActionKind {
    /// Every action a user can ask for through `apply` (not `Register`, which makes a record).
    pub const ALL: [ReturneeActionKind; 19] = [
        K::RecordConsent,
        K::WithdrawConsent,
        K::OverrideConsent,
        K::RecordAssessment,
        K::ProposePlan,
        K::ApprovePlan,
        K::ReturnPlan,
        K::ProposeReferral,
        K::SendReferral,
        K::RecordReferralResponse,
        K::CancelReferral,
        K::RecordFollowUp,
        K::SetFollowUpSchedule,
        K::ProposeClosure,
        K::ApproveClosure,
        K::ReturnClosure,
        K::Reopen,
        K::Assign,
        K::UpdateContact,
    ];

    /// The row of the policy table that governs it.
    pub fn permission(self) -> Permission {
        match self {
            K::OverrideConsent => Permission::OverrideConsent,
            K::ApprovePlan | K::ReturnPlan => Permission::ApprovePlan,
            K::ApproveClosure | K::ReturnClosure => Permission::ApproveClosure,
            _ => Permission::WorkReturnee,
        }
    }

    /// The statuses it may be done in. Consent may be withdrawn even from a closed record.
    pub fn allowed_from(self) -> &'static [ReturneeStatus] {
        match self {
            K::Register => &[],
            K::WithdrawConsent => &ReturneeStatus::ALL,
            K::RecordAssessment => &[ConsentRecorded, Assessed],
            K::ProposePlan => &[Assessed],
            K::ApprovePlan | K::ReturnPlan => &[PlanProposed],
            K::ProposeReferral
            | K::SendReferral
            | K::RecordReferralResponse
            | K::CancelReferral => REFERRING,
            K::RecordFollowUp => REFERRING,
            K::Reopen => &[Closed],
            K::RecordConsent
            | K::OverrideConsent
            | K::SetFollowUpSchedule
            | K::ProposeClosure
            | K::ApproveClosure
            | K::ReturnClosure
            | K::Assign
            | K::UpdateContact => OPEN,
        }
    }

    /// "you cannot <phrase> while …"
    pub fn phrase(self) -> &'static str {
        match self {
            K::Register => "register the returnee",
            K::RecordConsent => "record consent",
            K::WithdrawConsent => "withdraw consent",
            K::OverrideConsent => "override consent",
            K::RecordAssessment => "record the needs assessment",
            K::ProposePlan => "propose a plan",
            K::ApprovePlan => "approve the plan",
            K::ReturnPlan => "return the plan",
            K::ProposeReferral => "propose a referral",
            K::SendReferral => "send a referral",
            K::RecordReferralResponse => "record a provider's response",
            K::CancelReferral => "cancel a referral",
            K::RecordFollowUp => "record a follow-up",
            K::SetFollowUpSchedule => "change the follow-up schedule",
            K::ProposeClosure => "propose closure",
            K::ApproveClosure => "approve the closure",
            K::ReturnClosure => "return the closure proposal",
            K::Reopen => "reopen the record",
            K::Assign => "assign the record",
            K::UpdateContact => "update the contact details",
        }
    }
}

impl fmt::Display for ReturneeActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.phrase())
    }
}

impl ReturneeAction {
    pub fn kind(&self) -> ReturneeActionKind {
        match self {
            ReturneeAction::RecordConsent { .. } => K::RecordConsent,
            ReturneeAction::WithdrawConsent => K::WithdrawConsent,
            ReturneeAction::OverrideConsent { .. } => K::OverrideConsent,
            ReturneeAction::RecordAssessment { .. } => K::RecordAssessment,
            ReturneeAction::ProposePlan { .. } => K::ProposePlan,
            ReturneeAction::ApprovePlan => K::ApprovePlan,
            ReturneeAction::ReturnPlan { .. } => K::ReturnPlan,
            ReturneeAction::ProposeReferral(_) => K::ProposeReferral,
            ReturneeAction::SendReferral { .. } => K::SendReferral,
            ReturneeAction::RecordReferralResponse { .. } => K::RecordReferralResponse,
            ReturneeAction::CancelReferral { .. } => K::CancelReferral,
            ReturneeAction::RecordFollowUp { .. } => K::RecordFollowUp,
            ReturneeAction::SetFollowUpSchedule { .. } => K::SetFollowUpSchedule,
            ReturneeAction::ProposeClosure { .. } => K::ProposeClosure,
            ReturneeAction::ApproveClosure => K::ApproveClosure,
            ReturneeAction::ReturnClosure { .. } => K::ReturnClosure,
            ReturneeAction::Reopen { .. } => K::Reopen,
            ReturneeAction::Assign { .. } => K::Assign,
            ReturneeAction::UpdateContact(_) => K::UpdateContact,
        }
    }
}

/// Opens the NRM record of a returnee who arrived on `arrived_on` (an officer's work).
pub fn register(
    id: Uuid,
    case_id: Option<Uuid>,
    governorate: Governorate,
    contact: Contact,
    arrived_on: NaiveDate,
    actor: &NrmActor,
    now: DateTime<Utc>,
) -> Result<Returnee, NrmError> {
    check(actor.role, Permission::WorkReturnee)?;
    Ok(Returnee {
        id,
        case_id,
        governorate,
        contact: contact.validated()?,
        arrived_on,
        status: Registered,
        assignee: Some(actor.name.clone()),
        consent: None,
        consent_override: None,
        assessment: None,
        plan: None,
        referrals: Vec::new(),
        follow_up: FollowUpSchedule::default(),
        closure_proposal: None,
        closure: None,
        registered_at: now,
        updated_at: now,
        history: vec![ReturneeEvent {
            at: now,
            by: Some(actor.name.clone()),
            action: K::Register,
            from: Registered,
            to: Registered,
            referral: None,
            note: None,
        }],
    })
}

/// Everything that must hold before an action of this kind, whatever its data: role, status, four eyes,
/// pending proposals and open referrals. `apply` and `allowed_actions` share it so they cannot disagree.
fn precheck(r: &Returnee, kind: ReturneeActionKind, actor: &NrmActor) -> Result<(), NrmError> {
    check(actor.role, kind.permission())?;
    if !kind.allowed_from().contains(&r.status) {
        return Err(NrmError::NotNow {
            action: kind,
            status: r.status,
        });
    }
    match kind {
        K::ApprovePlan if r.plan.as_ref().is_some_and(|p| p.proposed_by == actor.name) => {
            Err(NrmError::OwnPlan)
        }
        K::WithdrawConsent if !r.consent.as_ref().is_some_and(|c| !c.is_withdrawn()) => {
            Err(NrmError::NoConsentToWithdraw)
        }
        K::ProposeClosure if r.closure_proposal.is_some() => Err(NrmError::ClosureAlreadyProposed),
        K::ProposeClosure => no_open_referrals(r),
        K::ApproveClosure | K::ReturnClosure => {
            let proposal = r
                .closure_proposal
                .as_ref()
                .ok_or(NrmError::NoClosureProposed)?;
            if kind == K::ReturnClosure {
                Ok(())
            } else if proposal.by == actor.name {
                Err(NrmError::OwnClosure)
            } else {
                no_open_referrals(r)
            }
        }
        _ => Ok(()),
    }
}

fn no_open_referrals(r: &Returnee) -> Result<(), NrmError> {
    match r.open_referrals() {
        0 => Ok(()),
        count => Err(NrmError::OpenReferrals { count }),
    }
}

/// The actions this actor may take on this record now (for screens: offer only these).
pub fn allowed_actions(returnee: &Returnee, actor: &NrmActor) -> Vec<ReturneeActionKind> {
    ReturneeActionKind::ALL
        .into_iter()
        .filter(|&k| precheck(returnee, k, actor).is_ok())
        .collect()
}

/// Applies `action` by `actor` at `now`: the new record with one event appended, or why not.
pub fn apply(
    returnee: &Returnee,
    action: ReturneeAction,
    actor: &NrmActor,
    now: DateTime<Utc>,
) -> Result<Returnee, NrmError> {
    let kind = action.kind();
    precheck(returnee, kind, actor)?;
    let me = &actor.name;
    let mut next = returnee.clone();
    let mut event = Step::default();
    match action {
        ReturneeAction::RecordConsent {
            scope,
            providers,
            given_at,
        } => {
            next.consent = Some(Consent::new(scope, providers, given_at, me, now)?);
            event.to = consent_settled(returnee.status);
        }
        ReturneeAction::WithdrawConsent => {
            if let Some(c) = next.consent.as_mut() {
                c.withdrawn_at = Some(now);
            }
        }
        ReturneeAction::OverrideConsent { reason } => {
            let reason = field::reason("override consent", &reason)?;
            next.consent_override = Some(ConsentOverride {
                by: me.clone(),
                reason: reason.clone(),
                at: now,
            });
            event.note = Some(reason);
            event.to = consent_settled(returnee.status);
        }
        ReturneeAction::RecordAssessment { flags, needs } => {
            next.assessment = Some(Assessment::new(flags, needs, me, now)?);
            event.to = Some(Assessed);
        }
        ReturneeAction::ProposePlan { items } => {
            // ASSESSED guarantees an assessment; the error is for a record edited by hand.
            let assessment = returnee.assessment.as_ref().ok_or(NrmError::NotNow {
                action: kind,
                status: returnee.status,
            })?;
            next.plan = Some(Plan::propose(items, assessment, me, now)?);
            event.to = Some(PlanProposed);
        }
        ReturneeAction::ApprovePlan => {
            next.plan = Some(current_plan(returnee, kind)?.approve(me, now)?);
            event.to = Some(PlanApproved);
        }
        ReturneeAction::ReturnPlan { note } => {
            next.plan = Some(current_plan(returnee, kind)?.return_with(&note, me, now)?);
            event.note = Some(note.trim().to_string());
            event.to = Some(Assessed);
        }
        ReturneeAction::ProposeReferral(request) => {
            if returnee.referral(request.id).is_some() {
                return Err(NrmError::DuplicateReferral);
            }
            event.referral = Some(request.id);
            next.referrals
                .push(Referral::propose(returnee, request, me, now)?);
        }
        ReturneeAction::SendReferral { referral, provider } => {
            event.referral = Some(referral);
            let sent = find(returnee, referral)?.send(returnee, &provider, me, now)?;
            replace(&mut next, sent);
            if returnee.status == PlanApproved {
                event.to = Some(Referred);
            }
        }
        ReturneeAction::RecordReferralResponse { referral, response } => {
            event.referral = Some(referral);
            let answered = find(returnee, referral)?.respond(response, Some(me), now)?;
            replace(&mut next, answered);
        }
        ReturneeAction::CancelReferral { referral, reason } => {
            event.referral = Some(referral);
            let cancelled = find(returnee, referral)?.cancel(&reason, me, now)?;
            event.note = cancelled.response_reason.clone();
            replace(&mut next, cancelled);
        }
        ReturneeAction::RecordFollowUp { on, note } => {
            next.follow_up = returnee
                .follow_up
                .record(returnee.arrived_on, on, &note, me, now)?;
            event.to = Some(FollowUp);
        }
        ReturneeAction::SetFollowUpSchedule { days } => {
            next.follow_up = returnee.follow_up.with_days(days)?;
        }
        ReturneeAction::ProposeClosure { reason } => {
            let proposal = ClosureProposal::new(&reason, me, now)?;
            event.note = Some(proposal.reason.clone());
            next.closure_proposal = Some(proposal);
        }
        ReturneeAction::ApproveClosure => {
            let proposal = returnee
                .closure_proposal
                .as_ref()
                .ok_or(NrmError::NoClosureProposed)?;
            next.closure = Some(Closure::approve(proposal, returnee.status, me, now)?);
            next.closure_proposal = None;
            event.to = Some(Closed);
        }
        ReturneeAction::ReturnClosure { note } => {
            event.note = Some(field::reason("return a closure proposal", &note)?);
            next.closure_proposal = None;
        }
        ReturneeAction::Reopen { reason } => {
            event.note = Some(field::reason("reopen the record", &reason)?);
            // A closed record always carries its closure; FOLLOW_UP is the safe place otherwise.
            event.to = Some(
                returnee
                    .closure
                    .as_ref()
                    .map_or(FollowUp, |c| c.closed_from),
            );
            next.closure = None;
        }
        ReturneeAction::Assign { user } => {
            event.note = user.as_ref().map(|u| u.to_string());
            next.assignee = user;
        }
        ReturneeAction::UpdateContact(contact) => {
            next.contact = contact.validated()?;
        }
    }
    Ok(record(next, returnee.status, kind, Some(me), event, now))
}

/// Records a provider's own answer that arrived in a verified bundle. There is no user to check here:
/// the service has checked that the importing clerk may import bundles.
pub fn apply_provider_update(
    returnee: &Returnee,
    referral: Uuid,
    response: ReferralResponse,
    now: DateTime<Utc>,
) -> Result<Returnee, NrmError> {
    let kind = K::RecordReferralResponse;
    if !kind.allowed_from().contains(&returnee.status) {
        return Err(NrmError::NotNow {
            action: kind,
            status: returnee.status,
        });
    }
    let answered = find(returnee, referral)?.respond(response, None, now)?;
    let mut next = returnee.clone();
    replace(&mut next, answered);
    let event = Step {
        referral: Some(referral),
        ..Step::default()
    };
    Ok(record(next, returnee.status, kind, None, event, now))
}

/// What an action changes in the history line: the new status (if it moves), the referral, the note.
#[derive(Default)]
struct Step {
    to: Option<ReturneeStatus>,
    referral: Option<Uuid>,
    note: Option<String>,
}

fn record(
    mut next: Returnee,
    from: ReturneeStatus,
    kind: ReturneeActionKind,
    by: Option<&UserName>,
    step: Step,
    now: DateTime<Utc>,
) -> Returnee {
    let to = step.to.unwrap_or(from);
    next.status = to;
    next.updated_at = now;
    next.history.push(ReturneeEvent {
        at: now,
        by: by.cloned(),
        action: kind,
        from,
        to,
        referral: step.referral,
        note: step.note,
    });
    next
}

/// Consent (or its override) moves a new record on; later it changes nothing in the status.
fn consent_settled(status: ReturneeStatus) -> Option<ReturneeStatus> {
    (status == Registered).then_some(ConsentRecorded)
}

fn current_plan(r: &Returnee, kind: ReturneeActionKind) -> Result<&Plan, NrmError> {
    r.plan.as_ref().ok_or(NrmError::NotNow {
        action: kind,
        status: r.status,
    })
}

fn find(r: &Returnee, id: Uuid) -> Result<&Referral, NrmError> {
    r.referral(id).ok_or(NrmError::NoSuchReferral)
}

fn replace(r: &mut Returnee, referral: Referral) {
    if let Some(slot) = r.referrals.iter_mut().find(|x| x.id == referral.id) {
        *slot = referral;
    }
}
